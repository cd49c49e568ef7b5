// Score sheet, criteria and the account page's portfolio panel (no inline script: CSP).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // A refused save (422: invalid, 409: someone else saved first) still replaces the cell or
  // form, so that the message and the current value are shown where the user is working.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // --- score sheet: spreadsheet-like keyboard movement between the score inputs ----------
  function inputAt(table, row, col) {
    return table.querySelector('input.score-input[data-row="' + row + '"][data-col="' + col + '"]');
  }

  function neighbour(input, dRow, dCol) {
    var table = input.closest("table");
    if (!table) return null;
    var row = parseInt(input.dataset.row, 10);
    var col = parseInt(input.dataset.col, 10);
    var rows = parseInt(table.dataset.rows || "0", 10);
    var cols = parseInt(table.dataset.cols || "0", 10);
    // Skip the cells without an input (scored from data), in the direction of travel.
    for (var step = 1; step <= Math.max(rows, cols); step++) {
      var r = row + dRow * step;
      var c = col + dCol * step;
      if (r < 0 || c < 0 || r >= rows || c >= cols) return null;
      var found = inputAt(table, r, c);
      if (found) return found;
    }
    return null;
  }

  function moveTo(target) {
    if (!target) return;
    target.focus();
    if (target.select) target.select();
  }

  var MOVES = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("score-input")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var move = MOVES[event.key];
    if (move) {
      // In the grid, arrows move between cells (as in a spreadsheet) instead of stepping
      // the number; type a digit to change a score.
      event.preventDefault();
      moveTo(neighbour(input, move[0], move[1]));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (input.value !== input.dataset.original) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      moveTo(neighbour(input, event.shiftKey ? -1 : 1, 0));
    } else if (event.key === "Escape") {
      input.value = input.dataset.original || "";
    }
  });

  // After a cell is saved, keep the focus where the user was if it was inside that cell.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.contains && target.contains(document.activeElement)) {
      target.dataset.hadFocus = document.activeElement.name || "score";
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.dataset || !target.dataset.hadFocus) return;
    var name = target.dataset.hadFocus;
    delete target.dataset.hadFocus;
    var again = target.querySelector('[name="' + name + '"]');
    if (again) again.focus();
  });

  // --- criteria: the rule fields matter only for criteria scored from data --------------
  function markManualRows(root) {
    root.querySelectorAll(".criteria-table select[name$='-metric']").forEach(function (select) {
      var row = select.closest("tr");
      var method = row.querySelector("select[name$='-method']");
      function update() {
        row.classList.toggle("is-manual", select.value === "");
        row.classList.toggle("is-linear", !!method && method.value === "linear");
        row.classList.toggle("is-deciles", !!method && method.value === "deciles");
      }
      select.addEventListener("change", update);
      if (method) method.addEventListener("change", update);
      update();
    });
  }
  onReady(function () { markManualRows(document); });

  // --- rationale popovers in the sheet's scrolling box (issue #18) ----------------------
  // The sheet scrolls sideways inside the page; an open popover is placed over the page
  // (position: fixed, under its summary) so that the box never clips it.
  function placePopover(details) {
    var popover = details.querySelector(".popover");
    if (!popover) return;
    var at = details.querySelector("summary").getBoundingClientRect();
    var width = popover.offsetWidth;
    popover.style.left = Math.max(8, Math.min(at.right - width, window.innerWidth - width - 8)) + "px";
    popover.style.top = at.bottom + "px";
  }
  function placeOpenPopovers() {
    document.querySelectorAll(".sheet-scroll details.rationale[open]").forEach(placePopover);
  }
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.matches && details.matches(".sheet-scroll details.rationale") && details.open) {
      placePopover(details);
    }
  }, true);
  window.addEventListener("scroll", placeOpenPopovers, true);
  window.addEventListener("resize", placeOpenPopovers);

  // --- details popovers: Escape closes the open one and returns to its summary ---------
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = event.target.closest && event.target.closest("details.rationale[open]");
    if (open) {
      open.open = false;
      var summary = open.querySelector("summary");
      if (summary) summary.focus();
    }
  });
})();
