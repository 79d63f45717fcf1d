// Small enhancements on top of htmx. Everything works without this file.
(function () {
  "use strict";

  // While htmx posts a form, its submit buttons are disabled: a second
  // click can't send it again, and the user sees it is on its way. (Without
  // JavaScript, the form's submission key makes a repeat harmless.) Not
  // hx-disabled-elt: inherited by every link and field, it complains about
  // each one that has no button.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.tagName !== "FORM" || event.detail.requestConfig.verb !== "post") return;
    form.querySelectorAll('button[type="submit"]:not([disabled])').forEach(function (button) {
      button.disabled = true;
      button.setAttribute("data-sending", "");
    });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.querySelectorAll) return;
    form.querySelectorAll("button[data-sending]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-sending");
    });
  });

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

  // The profile's cleaner fields count only for cleaners: hidden while
  // "Find a cleaner" is chosen. Without JavaScript they stay, with a note.
  function syncCleanerFields() {
    document.querySelectorAll("[data-cleaner-fields]").forEach(function (box) {
      var role = box.form && box.form.querySelector('input[name="role"]:checked');
      box.hidden = !!role && role.value === "hire";
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "role") syncCleanerFields();
  });
  document.addEventListener("DOMContentLoaded", syncCleanerFields);
  document.addEventListener("htmx:load", syncCleanerFields);

  document.addEventListener("htmx:afterSettle", function (event) {
    syncInvalid(document);
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.tagName === "FORM") focusFirstInvalid(document);
  });

  // A boosted link or form replaces the whole page. An answer to a request
  // sent before that (the listing's filters while the user clicks a job)
  // belongs to a page that is gone: swapped in, it would fail to find its
  // targets and push its own URL over the page on screen. So it is dropped,
  // as is any answer whose target has left the page.
  var navigations = 0;
  var sentDuring = new WeakMap(); // request -> navigations at send time

  function dropStale(event) {
    var stale = sentDuring.get(event.detail.xhr) !== navigations;
    if (stale || !document.body.contains(event.detail.target)) {
      event.preventDefault();
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.boosted) navigations += 1;
    sentDuring.set(event.detail.xhr, navigations);
    // htmx raises beforeSwap on the request's target; once the page is
    // replaced that target is detached and the event never reaches the
    // document, so listen on the target itself (added once per element).
    event.detail.target.addEventListener("htmx:beforeSwap", dropStale);
  });
})();
