// The review pack: a mini trend chart per account (Apache ECharts) and the Print
// button. No inline script anywhere (CSP): each chart is an element with data-source
// naming the json_script element with its data.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var language = document.documentElement.lang || "en";
  var amount = new Intl.NumberFormat(language, { notation: "compact", maximumFractionDigits: 1 });

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
    document.querySelectorAll(".js-review-chart").forEach(function (el) {
      var source = document.getElementById(el.dataset.source);
      if (!source || !window.echarts) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(JSON.parse(source.textContent)));
      window.addEventListener("resize", function () { chart.resize(); });
      window.addEventListener("beforeprint", function () { chart.resize(); });
    });
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
