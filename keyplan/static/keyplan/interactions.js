// The interaction log: keyboard use of the quick entry and the forms (Escape closes an
// add form, Ctrl+Enter saves, an opened form puts the cursor in its first field) and the
// inline answers of the account card (htmx), from inline.js (loaded first). No inline
// script anywhere (CSP). The card loads this file and may be swapped in again: the guard
// keeps one set of listeners.
(function () {
  "use strict";
  if (window.keyplanInteractions) return;
  window.keyplanInteractions = true;

  var inline = window.keyplanInline;
  function hasInteractionForm(details) {
    return details.querySelector("form.js-interaction-form");
  }

  // A refused save (422: invalid) still replaces the card, so the messages show.
  inline.swapRefused(function (target) {
    return target && target.id === "interactions";
  });
  inline.escapeKey({ close: hasInteractionForm });
  inline.saveKey("form.js-interaction-form");
  inline.focusOnOpen(hasInteractionForm);

  // After an inline answer the card arrives as new content (htmx:load fires on it):
  // the first field in error, else the notice.
  document.addEventListener("htmx:load", function (event) {
    var card = event.detail.elt;
    if (!card || card.id !== "interactions") return;
    var error = card.querySelector(inline.FIELDS_IN_ERROR);
    var notice = card.querySelector(".inline-notice");
    if (error) error.focus();
    else if (notice) inline.focusNotice(notice);
  });
})();
