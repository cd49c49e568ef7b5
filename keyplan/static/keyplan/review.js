// The review pack: a mini trend chart per account (Apache ECharts) and the Print
// button. The charts are drawn through charts.js (loaded first); no inline script (CSP).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;
  var amount = charts.numberFormat({ notation: "compact", maximumFractionDigits: 1 });

  function option(data) {
    return {
      animation: false,
      grid: { left: 56, right: 12, top: 28, bottom: 24 },
      legend: { top: 0, data: [data.labels.revenue, data.labels.gross_profit] },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: data.months, axisLabel: { fontSize: 9 } },
      yAxis: { type: "value", axisLabel: { fontSize: 9, formatter: function (v) { return amount.format(v); } } },
      series: [
        { name: data.labels.revenue, type: "bar", data: data.revenue, itemStyle: { color: "#2f5d8a" } },
        { name: data.labels.gross_profit, type: "line", data: data.gross_profit, symbolSize: 3, itemStyle: { color: "#b35c00" } },
      ],
    };
  }

  onReady(function () {
    // print: the charts take the printed page's width.
    charts.each(document, ".js-review-chart", option, { print: true });
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
