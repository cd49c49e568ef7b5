// Inline editing shared by the feature scripts: keyboard use of the forms (Escape cancels
// an edit or closes an add form, Ctrl+Enter or Cmd+Enter saves), refused saves (409, 422)
// still swapped in by htmx, and the focus on forms opened or swapped in. No inline script
// anywhere (CSP): a page loads this file before its feature script (`defer` keeps the
// order) and the feature script says which parts apply to its forms. Loaded twice (a card
// swapped in again), it keeps its first copy.
(function () {
  "use strict";
  if (window.keyplanInline) return;

  var FIELDS_IN_ERROR = ".has-error input, .has-error select, .has-error textarea";

  function closest(el, selector) {
    return el && el.closest ? el.closest(selector) : null;
  }

  // A refused save (422: invalid, 409: someone else saved first) still replaces its target,
  // so that the messages and the current version show where the user is working.
  // `accept(target)`, if given, picks the swap targets this applies to.
  function swapRefused(accept) {
    document.addEventListener("htmx:beforeSwap", function (event) {
      if (accept && !accept(event.detail.target)) return;
      var status = event.detail.xhr.status;
      if (status === 409 || status === 422) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
  }

  // Escape inside `options.cancel` follows its Cancel link (a.js-cancel); otherwise, if
  // `options.close` is true or `options.close(details, target)` says so, it closes the open
  // add form (details.add-form) and gives the focus back to its summary.
  function escapeKey(options) {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var scope = options.cancel ? closest(event.target, options.cancel) : null;
      var cancel = scope ? scope.querySelector("a.js-cancel") : null;
      if (cancel) {
        event.preventDefault();
        cancel.click();
        return;
      }
      if (!options.close) return;
      var details = closest(event.target, "details.add-form[open]");
      if (!details) return;
      if (typeof options.close === "function" && !options.close(details, event.target)) return;
      details.open = false;
      var summary = details.querySelector("summary");
      if (summary) summary.focus();
    });
  }

  // Ctrl+Enter (or Cmd+Enter) saves the form matching `selector` that the cursor is in.
  function saveKey(selector) {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      var form = closest(event.target, selector);
      if (!form) return;
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    });
  }

  // Opening an add form puts the cursor in its first field; `accept(details)`, if given,
  // picks the add forms this applies to.
  function focusOnOpen(accept) {
    document.addEventListener("toggle", function (event) {
      var details = event.target;
      if (!details.classList || !details.classList.contains("add-form") || !details.open) return;
      if (accept && !accept(details)) return;
      var first = details.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    }, true);
  }

  // The focus on a notice that is not a field.
  function focusNotice(el) {
    el.setAttribute("tabindex", "-1");
    el.focus();
  }

  // A table row matching `selector` swapped in: an edit form (class "editing") gets the
  // focus on its conflict message or its first field (in error, if any); a saved or
  // cancelled row gives it back to its Edit link.
  function focusSwappedRow(selector) {
    document.addEventListener("htmx:load", function (event) {
      var row = event.detail.elt;
      if (!row.matches || !row.matches(selector)) return;
      if (row.classList.contains("editing")) {
        var target = row.querySelector(".has-error select, .has-error input, .has-error textarea")
          || row.querySelector("form select, form input:not([type=hidden]), form textarea");
        var conflict = row.querySelector(".conflict");
        if (conflict) focusNotice(conflict);
        else if (target) target.focus();
        return;
      }
      var edit = row.querySelector("a.js-edit-link");
      if (edit) edit.focus();
    });
  }

  // A table of rows edited in place (`options.row`, forms `options.form`) with an add form:
  // all of the above.
  function rows(options) {
    escapeKey({ cancel: "tr.editing", close: true });
    saveKey(options.form);
    swapRefused();
    focusSwappedRow(options.row);
    focusOnOpen();
  }

  window.keyplanInline = {
    FIELDS_IN_ERROR: FIELDS_IN_ERROR,
    closest: closest,
    escapeKey: escapeKey,
    focusNotice: focusNotice,
    focusOnOpen: focusOnOpen,
    focusSwappedRow: focusSwappedRow,
    rows: rows,
    saveKey: saveKey,
    swapRefused: swapRefused,
  };
})();
