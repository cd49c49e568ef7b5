// The plan workspace: inline editing (htmx), the unsaved-changes warning, keyboard use,
// the potential chart (ECharts, drawn through charts.js, loaded first) and the print
// button. No inline script anywhere (CSP).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Shared with the other inline forms (inline.js, loaded first): a refused save (422:
  // invalid, 409: someone else saved first) still replaces the form, so that the messages
  // and both versions are shown where the user is working.
  var inline = window.keyplanInline;
  inline.swapRefused();

  // --- unsaved changes: any plan form typed in and not yet sent --------------------------
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form.js-plan-form");
    if (form) form.dataset.dirty = "1";
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.js-plan-form");
    if (form) form.dataset.dirty = "1";
  });
  document.addEventListener("submit", function (event) {
    if (event.target.dataset) delete event.target.dataset.dirty;
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (form && form.dataset) delete form.dataset.dirty;
  });

  function dirtyForms() {
    return document.querySelectorAll("form.js-plan-form[data-dirty='1']");
  }

  window.addEventListener("beforeunload", function (event) {
    if (dirtyForms().length) {
      event.preventDefault();
      var holder = document.querySelector("[data-unsaved]");
      event.returnValue = holder ? holder.dataset.unsaved : "";
    }
  });

  // --- keyboard: Escape cancels an inline edit; the new form gets the focus --------------
  inline.escapeKey({ cancel: "li.plan-item.editing", close: true });
  // Ctrl+Enter (or Cmd+Enter) saves from inside a text area.
  inline.saveKey("form.js-plan-form");
  // Opening an add form puts the cursor in its first field.
  inline.focusOnOpen();

  // An item swapped in place (outerHTML) arrives as new content: htmx:load fires on it.
  document.addEventListener("htmx:load", function (event) {
    var swapped = event.detail.elt;
    if (!swapped.classList || !swapped.classList.contains("plan-item")) return;
    if (swapped.classList.contains("editing")) {
      // An edit form (or its conflict) arrived: the conflict's first choice, else the
      // first field.
      var conflict = swapped.querySelector(".conflict a, .conflict button");
      var first = swapped.querySelector(
        "form input:not([type=hidden]), form select, form textarea"
      );
      (conflict || first || swapped).focus();
      return;
    }
    var edit = swapped.querySelector("a.js-edit-link");
    if (edit) edit.focus();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "section-body") return;
    var error = target.querySelector(inline.FIELDS_IN_ERROR);
    var undo = target.querySelector(".undo-banner button");
    var notice = target.querySelector(".inline-notice");
    if (error) error.focus();
    else if (undo) undo.focus();
    else if (notice) inline.focusNotice(notice);
    drawCharts(target);
  });

  // --- print -----------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    if (event.target.classList && event.target.classList.contains("js-print")) window.print();
  });

  // --- the potential: actual revenue, forecast with its interval as a band, estimates ---
  var charts = window.keyplanCharts;
  var amount = charts.numberFormat({ maximumFractionDigits: 0 });

  function potentialOption(data) {
    var c = data.currency ? " " + data.currency : "";
    return {
      animation: false,
      grid: { left: 88, right: 24, top: 40, bottom: 32 },
      legend: {
        top: 0,
        data: [
          data.labels.actual, data.labels.ytd, data.labels.forecast, data.labels.band,
          data.labels.estimates,
        ],
      },
      // richText: drawn in the SVG, not HTML with inline styles (CSP).
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        formatter: function (items) {
          var lines = [items[0].axisValue];
          var year = items[0].dataIndex;
          items.forEach(function (item) {
            if (item.value === null || item.value === undefined) return;
            if (item.seriesId === "lower") return;
            var value = item.seriesId === "band"
              ? amount.format(data.lower[year]) + " – " + amount.format(data.upper[year])
              : amount.format(item.value);
            lines.push(item.seriesName + ": " + value + c);
          });
          return lines.join("\n");
        },
      },
      xAxis: { type: "category", data: data.years, boundaryGap: false },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return amount.format(v); } } },
      series: [
        { id: "lower", name: "lower", type: "line", data: data.lower, stack: "band",
          lineStyle: { opacity: 0 }, symbol: "none", silent: true },
        { id: "band", name: data.labels.band, type: "line", data: data.band, stack: "band",
          lineStyle: { opacity: 0 }, symbol: "none", areaStyle: { color: "#2f5d8a", opacity: 0.18 },
          itemStyle: { color: "#9db4cc" } },
        { id: "actual", name: data.labels.actual, type: "line", data: data.actual,
          itemStyle: { color: "#1d2f45" }, connectNulls: false },
        // The year in progress: what is invoiced so far, below its forecast.
        { id: "ytd", name: data.labels.ytd, type: "scatter", data: data.ytd || [],
          symbol: "diamond", symbolSize: 12, itemStyle: { color: "#1d2f45" } },
        { id: "forecast", name: data.labels.forecast, type: "line", data: data.forecast,
          lineStyle: { type: "dashed" }, itemStyle: { color: "#2f5d8a" } },
        { id: "estimates", name: data.labels.estimates, type: "scatter", data: data.estimates,
          symbolSize: 12, itemStyle: { color: "#b35c00" } },
      ],
    };
  }

  // Drawn again after a swap of the section (redraw: the latest data wins).
  function drawCharts(root) {
    charts.each(root, ".js-potential-chart", potentialOption, { redraw: true });
  }
  onReady(function () { drawCharts(document); });
})();
