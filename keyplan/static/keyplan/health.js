// The health page's chart (Apache ECharts), drawn through charts.js (loaded first): the
// score recorded at the end of each month, 0-100.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;

  function historyOption(data) {
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [{
        name: data.name,
        type: "line",
        data: data.scores,
        connectNulls: false,
        itemStyle: { color: "#2f5d8a" },
        markArea: {
          silent: true,
          data: [
            [{ yAxis: 0, itemStyle: { color: "rgba(192, 57, 43, 0.08)" } }, { yAxis: 40 }],
            [{ yAxis: 70, itemStyle: { color: "rgba(30, 107, 58, 0.08)" } }, { yAxis: 100 }],
          ],
        },
      }],
    };
  }

  function renderCharts(root) {
    charts.each(root, ".js-health-history-chart", historyOption);
  }

  onReady(function () { renderCharts(document); });
})();
