// Competition pages: inline editing of the pillar cards and the offer grid (htmx), the
// keyboard (Esc cancels, Ctrl+Enter saves), the offer radar and the support trend line
// (Apache ECharts, drawn through charts.js, loaded first). No inline script anywhere (CSP).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Shared with the other inline forms (inline.js, loaded first): a refused save (422:
  // invalid, 409: someone else saved first) still replaces the card or the grid, so that
  // the message and the current values show where the user works; Escape cancels (else
  // closes the add form), Ctrl+Enter saves; an opened add form puts the cursor in its first
  // field.
  var inline = window.keyplanInline;
  inline.swapRefused();
  inline.escapeKey({
    cancel: "form.js-competition-form",
    close: function (details, target) {
      return inline.closest(target, "form.js-competition-form");
    },
  });
  inline.saveKey("form.js-competition-form");
  inline.focusOnOpen();

  // A pillar card swapped in: the edit form's first field, else its edit link; after an
  // answer was saved, the same answer's input keeps the focus.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    if (target && active && target.contains(active) && active.id) {
      target.dataset.hadFocus = active.id;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || !target.id) return;
    var swapped = document.getElementById(target.id) || target;
    var remembered = target.dataset ? target.dataset.hadFocus : "";
    var error = swapped.querySelector(inline.FIELDS_IN_ERROR);
    var editForm = swapped.querySelector("form.js-inline-edit select, form.js-inline-edit textarea");
    var again = remembered ? document.getElementById(remembered) : null;
    if (error) error.focus();
    else if (editForm) editForm.focus();
    else if (again) again.focus();
    else if (swapped.classList.contains("pillar-card")) {
      var edit = swapped.querySelector("a.js-edit-link");
      if (edit) edit.focus();
    }
    renderCharts(swapped);
  });

  // --- charts ------------------------------------------------------------------------------
  var charts = window.keyplanCharts;
  // A swapped-in card or grid brings new data: its chart is drawn again.
  var DRAW = { renderer: "canvas", redraw: true };

  var COLORS = ["#1e6b3a", "#b3261e", "#2f5d8a", "#b35c00", "#6a3d9a", "#4a5260", "#8c6d1f"];

  // One polygon per offer on the buying criteria (1-5); ours first, drawn thicker.
  function radarOption(data) {
    return {
      animation: false,
      color: COLORS,
      legend: { top: 0, data: data.series.map(function (s) { return s.name; }) },
      tooltip: { trigger: "item", renderMode: "richText" },
      radar: {
        center: ["50%", "55%"],
        radius: "70%",
        axisName: { color: "#1f2933" },
        indicator: data.indicators.map(function (i) {
          return { name: charts.shortName(i.name, 24), max: i.max, min: 0 };
        }),
      },
      series: [{
        type: "radar",
        data: data.series.map(function (s) {
          return {
            name: s.name,
            value: s.value.map(function (v) { return v === null ? 0 : v; }),
            lineStyle: { width: s.ours ? 3 : 1.5 },
            areaStyle: s.ours ? { opacity: 0.15 } : undefined,
          };
        }),
      }],
    };
  }

  // Support score (1-5) by assessment date.
  function trendOption(data) {
    return {
      animation: false,
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: data.dates },
      yAxis: { type: "value", min: 1, max: 5, interval: 1 },
      series: [{
        name: data.label,
        type: "line",
        data: data.scores,
        symbolSize: 8,
        itemStyle: { color: "#b3261e" },
      }],
    };
  }

  function renderCharts(root) {
    charts.each(root, ".js-radar-chart", function (data) {
      return data.indicators.length ? radarOption(data) : null;
    }, DRAW);
    charts.each(root, ".js-trend-chart", function (data) {
      return data.scores.length ? trendOption(data) : null;
    }, DRAW);
  }

  onReady(function () { renderCharts(document); });
})();
