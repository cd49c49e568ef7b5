// Alignment checkpoints: keyboard use of the quick form and the charts (Apache ECharts,
// drawn through charts.js, loaded first). No inline script or style anywhere (CSP).
// Keys in the quick form: 1-5 rate the row the cursor is in (not while typing a comment),
// Ctrl+Enter (or Cmd+Enter) saves, Escape leaves the form (follows its Cancel link).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;
  var fmt = charts.numberFormat({ maximumFractionDigits: 2 });
  var COLORS = ["#2f5d8a", "#3f8f5a", "#d08a1e", "#8a4f9e", "#b3261e", "#2a8c8c", "#6b7580"];

  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form.js-alignment-form");
    if (!form) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
      return;
    }
    if (event.key === "Escape") {
      var cancel = form.querySelector("a.js-cancel");
      if (cancel) { event.preventDefault(); window.location.href = cancel.href; }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!/^[1-5]$/.test(event.key)) return;
    if (event.target.type === "text" || event.target.tagName === "TEXTAREA") return;
    var row = event.target.closest(".js-rating-row");
    if (!row) return;
    var radio = row.querySelector("input[type=radio][value='" + event.key + "']");
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    radio.focus();
  });

  function trendOption(data) {
    return {
      animation: false,
      color: COLORS,
      grid: { left: 40, right: 24, top: 48, bottom: 40 },
      legend: { top: 0, type: "scroll" },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        valueFormatter: function (value) { return value === null || value === undefined ? "—" : fmt.format(value); },
      },
      xAxis: { type: "category", data: data.periods },
      yAxis: { type: "value", min: 1, max: 5, interval: 1 },
      series: data.lines.map(function (line) {
        return { name: line.name, type: "line", data: line.values, connectNulls: true, symbolSize: 7 };
      }),
    };
  }

  // The latest round: a bar per element (its average) with a line from the lowest to the
  // highest score given; a disagreement is drawn in red.
  function barsOption(data) {
    var names = data.bars.map(function (bar) { return bar.name; });
    return {
      animation: false,
      grid: { left: 40, right: 24, top: 24, bottom: 72 },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var bar = data.bars[items[0].dataIndex];
          var lines = [bar.name, "⌀ " + (bar.average === null ? "—" : fmt.format(bar.average))];
          if (bar.low !== null) lines.push(bar.low + "–" + bar.high + " (σ " + fmt.format(bar.spread) + ")");
          return lines.join("\n");
        },
      },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 3 ? 30 : 0 } },
      yAxis: { type: "value", min: 0, max: 5, interval: 1 },
      series: [
        {
          type: "bar",
          data: data.bars.map(function (bar) {
            return { value: bar.average, itemStyle: { color: bar.disagreement ? "#b3261e" : "#2f5d8a" } };
          }),
          barMaxWidth: 48,
        },
        {
          type: "custom",
          renderItem: function (params, api) {
            var low = api.coord([api.value(0), api.value(1)]);
            var high = api.coord([api.value(0), api.value(2)]);
            var half = api.size([1, 0])[0] * 0.12;
            var style = { stroke: "#1f2933", lineWidth: 1.5 };
            return {
              type: "group",
              children: [
                { type: "line", shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: style },
                { type: "line", shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style: style },
                { type: "line", shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style: style },
              ],
            };
          },
          data: data.bars
            .map(function (bar, index) { return bar.low === null ? null : [index, bar.low, bar.high]; })
            .filter(function (item) { return item !== null; }),
          z: 10,
        },
      ],
    };
  }

  function drawAll() {
    charts.each(document, ".js-alignment-trend", function (data) {
      return data.periods.length ? trendOption(data) : null;
    });
    charts.each(document, ".js-alignment-bars", function (data) {
      return data.bars.length ? barsOption(data) : null;
    });
  }

  onReady(drawAll);
})();
