// Portfolio charts (Apache ECharts), drawn through charts.js (loaded first).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;
  var amount = charts.numberFormat({ maximumFractionDigits: 0 });
  var share = charts.numberFormat({ maximumFractionDigits: 1 });

  // Bars: the metric of the top accounts, highest first; line: their cumulative share
  // of the positive total (second axis, 0-100%); dashed line: the threshold (80%).
  function paretoOption(data) {
    return {
      animation: false,
      grid: { left: 72, right: 56, top: 40, bottom: 96 },
      legend: { top: 0, data: [data.labels.value, data.labels.cumulative] },
      // richText: the tooltip is drawn in the SVG, not HTML with inline styles (CSP),
      // so account names (user data) are never parsed as markup either.
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var lines = [items[0].axisValue];
          items.forEach(function (item) {
            var value = item.seriesIndex === 1
              ? share.format(item.value) + "%"
              : amount.format(item.value) + " " + data.currency;
            lines.push(item.seriesName + ": " + value);
          });
          return lines.join("\n");
        },
      },
      xAxis: {
        type: "category",
        data: data.names,
        axisLabel: { rotate: 45, formatter: function (name) { return charts.shortName(name, 18); } },
      },
      yAxis: [
        { type: "value", name: data.currency, axisLabel: { formatter: function (v) { return amount.format(v); } } },
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
      ],
      series: [
        { name: data.labels.value, type: "bar", data: data.values, itemStyle: { color: "#2f5d8a" } },
        {
          name: data.labels.cumulative,
          type: "line",
          yAxisIndex: 1,
          data: data.cumulative,
          symbolSize: 4,
          itemStyle: { color: "#b35c00" },
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { type: "dashed", color: "#b3261e" },
            label: { formatter: data.labels.threshold, position: "insideEndTop" },
            data: [{ yAxis: data.threshold }],
          },
        },
      ],
    };
  }

  function monthlyOption(data) {
    return charts.revenueGpBars(data, data.labels);
  }

  function renderCharts(root) {
    charts.each(root, ".js-pareto-chart", paretoOption);
    charts.each(root, ".js-monthly-chart", monthlyOption);
  }

  onReady(function () { renderCharts(document); });
  // Parts of a page replaced by htmx may bring their own chart.
  document.addEventListener("htmx:afterSettle", function (event) { renderCharts(event.target); });
})();
