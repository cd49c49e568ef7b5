// Economics charts (Apache ECharts), drawn through charts.js (loaded first).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;
  var amount = charts.numberFormat({ maximumFractionDigits: 0 });
  var days = charts.numberFormat({ maximumFractionDigits: 1 });
  var BUCKET_COLOURS = ["#1e6b3a", "#c9a227", "#d9822b", "#c0392b", "#7b1d1d"];

  // Bars: the open receivables per ageing bucket, not yet due first.
  function ageingOption(data) {
    return {
      animation: false,
      grid: { left: 72, right: 16, top: 16, bottom: 40 },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        axisPointer: { type: "shadow" },
        valueFormatter: function (v) { return amount.format(v) + " " + data.currency; },
      },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: data.currency, axisLabel: { formatter: function (v) { return amount.format(v); } } },
      series: [{
        type: "bar",
        data: data.values.map(function (value, index) {
          return { value: value, itemStyle: { color: BUCKET_COLOURS[index] } };
        }),
      }],
    };
  }

  // Bars: open and overdue at each month end; lines: DSO and days paid late (days axis).
  function trendOption(data) {
    var names = data.names;
    function column(key) { return data.points.map(function (p) { return p[key]; }); }
    return {
      animation: false,
      grid: { left: 72, right: 56, top: 40, bottom: 40 },
      legend: { top: 0, data: [names.open, names.overdue, names.dso, names.days_late] },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        formatter: function (items) {
          var lines = [items[0].axisValue];
          items.forEach(function (item) {
            if (item.value === null || item.value === undefined) return;
            var text = item.seriesIndex < 2
              ? amount.format(item.value) + " " + data.currency
              : days.format(item.value);
            lines.push(item.seriesName + ": " + text);
          });
          return lines.join("\n");
        },
      },
      xAxis: { type: "category", data: column("day") },
      yAxis: [
        { type: "value", name: data.currency, axisLabel: { formatter: function (v) { return amount.format(v); } } },
        { type: "value", splitLine: { show: false } },
      ],
      series: [
        { name: names.open, type: "bar", data: column("open"), itemStyle: { color: "#2f5d8a" } },
        { name: names.overdue, type: "bar", data: column("overdue"), itemStyle: { color: "#c0392b" } },
        { name: names.dso, type: "line", yAxisIndex: 1, data: column("dso"), connectNulls: false, itemStyle: { color: "#b35c00" } },
        { name: names.days_late, type: "line", yAxisIndex: 1, data: column("days_late"), connectNulls: false, lineStyle: { type: "dashed" }, itemStyle: { color: "#6b4c9a" } },
      ],
    };
  }

  function renderCharts(root) {
    charts.each(root, ".js-ageing-chart", ageingOption, { redraw: root !== document });
    charts.each(root, ".js-cash-trend-chart", trendOption);
  }

  onReady(function () { renderCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { renderCharts(event.target); });
})();
