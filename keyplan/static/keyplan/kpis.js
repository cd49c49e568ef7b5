// The KPI page's charts (Apache ECharts), drawn through charts.js (loaded first): one
// chart per KPI, the actual value per year as bars and the director's target as a line.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;
  var twoPlaces = charts.numberFormat({ maximumFractionDigits: 2 });
  var whole = charts.numberFormat({ maximumFractionDigits: 0 });

  function formatter(data) {
    if (data.unit === "money") return function (v) { return whole.format(v) + " " + data.currency; };
    if (data.unit === "percent") return function (v) { return twoPlaces.format(v) + "%"; };
    return function (v) { return twoPlaces.format(v); };
  }

  function kpiOption(data) {
    var show = formatter(data);
    var hasTarget = data.targets.some(function (v) { return v !== null; });
    var series = [{
      name: data.labels.value,
      type: "bar",
      data: data.values,
      itemStyle: { color: "#2f5d8a" },
    }];
    if (hasTarget) {
      series.push({
        name: data.labels.target,
        type: "line",
        data: data.targets,
        connectNulls: false,
        lineStyle: { type: "dashed" },
        itemStyle: { color: "#b35c00" },
      });
    }
    return {
      animation: false,
      grid: { left: 64, right: 16, top: 32, bottom: 32 },
      legend: { top: 0, data: series.map(function (s) { return s.name; }) },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        valueFormatter: function (v) { return v === null || v === undefined ? "—" : show(v); },
      },
      xAxis: { type: "category", data: data.years },
      yAxis: { type: "value", axisLabel: { formatter: show } },
      series: series,
    };
  }

  onReady(function () { charts.each(document, ".js-kpi-chart", kpiOption); });
})();
