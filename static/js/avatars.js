// A profile picture that fails to load is removed, uncovering the initials
// that the markup already holds underneath it. Without this file a broken
// picture simply shows nothing over the initials' circle.
(function () {
  "use strict";
  if (window.phreshAvatars) return; // boosted navigation may load us again
  window.phreshAvatars = true;

  function drop(img) {
    if (img.parentNode) img.parentNode.removeChild(img);
  }

  // Error events don't bubble, so listen in the capture phase.
  document.addEventListener(
    "error",
    function (event) {
      var target = event.target;
      if (target instanceof HTMLImageElement && target.hasAttribute("data-fallback")) {
        drop(target);
      }
    },
    true
  );

  // Pictures that failed before this script ran.
  function sweep() {
    document.querySelectorAll("img[data-fallback]").forEach(function (img) {
      if (img.complete && img.naturalWidth === 0) drop(img);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sweep);
  } else {
    sweep();
  }
  document.addEventListener("htmx:afterSettle", sweep);
})();
