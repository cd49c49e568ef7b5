// The header's search field: "/" focuses it (unless you are typing somewhere), Escape
// closes the dropdown of results; htmx fetches the results as you type. No inline
// script (CSP).
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function field() { return document.getElementById("header-search-q"); }
  function results() { return document.getElementById("header-search-results"); }

  function close() {
    var box = results();
    if (box) box.innerHTML = "";
  }

  document.addEventListener("keydown", function (event) {
    var input = field();
    if (!input) return;
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === "Escape" && input.form && input.form.contains(event.target)) {
      close();
      input.focus();
    }
  });

  // A click outside the form closes the dropdown.
  document.addEventListener("click", function (event) {
    var input = field();
    if (input && input.form && !input.form.contains(event.target)) close();
  });
})();
