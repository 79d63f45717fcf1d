// Small enhancements on top of htmx. Everything works without this file.
(function () {
  "use strict";

  // Keep aria-invalid in step with the message under each field, which
  // inline validation swaps in while the user types.
  function syncInvalid(root) {
    root.querySelectorAll(".field-msg[id]").forEach(function (msg) {
      var input = document.querySelector('[aria-describedby~="' + msg.id + '"]');
      if (!input) return;
      var bad = msg.classList.contains("is-error");
      input.setAttribute("aria-invalid", bad ? "true" : "false");
      var wrapper = input.closest(".field");
      if (wrapper) wrapper.classList.toggle("has-error", bad);
    });
  }

  function focusFirstInvalid(root) {
    var first = root.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstInvalid(document);
  });

  // A star picker's error ("Choose an overall rating ...") goes as soon as
  // a star is chosen: any choice is valid, and a message left under the
  // stars would say the form is still wrong.
  function clearStarError(event) {
    var fieldset = event.target.closest && event.target.closest(".star-field");
    if (!fieldset || !fieldset.classList.contains("has-error")) return;
    fieldset.classList.remove("has-error");
    fieldset.querySelectorAll('[aria-invalid="true"]').forEach(function (radio) {
      radio.setAttribute("aria-invalid", "false");
    });
    var msg = fieldset.querySelector(".field-msg");
    if (msg) {
      msg.classList.remove("is-error");
      msg.textContent = fieldset.getAttribute("data-help") || "";
    }
  }

  document.addEventListener("change", clearStarError);

  document.addEventListener("htmx:afterSettle", function (event) {
    syncInvalid(document);
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.tagName === "FORM") focusFirstInvalid(document);
  });
})();
