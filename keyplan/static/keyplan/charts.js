// The one ECharts bootstrap of keyplan's pages; each page script only builds its options.
// No inline script anywhere (CSP): a chart is an element with a class and data-source
// naming the json_script element that holds its data. Tooltips use renderMode "richText"
// (drawn in the chart, not HTML with inline styles), set in each option.
//
//   keyplanCharts.each(root, selector, buildOption, options)
//     every element matching selector under root (the document or a swapped-in element):
//     its data (skipped if it has none) goes to buildOption(data, el), whose option is
//     drawn; buildOption returns null to draw nothing.
//   keyplanCharts.init(el, option, options)   draws option in el; the chart, or null.
//   keyplanCharts.readData(el)                the parsed data of el, or null.
//   keyplanCharts.numberFormat(intlOptions)   Intl.NumberFormat in the page's language.
//   keyplanCharts.shortName(name, max)        name cut to max characters with an ellipsis.
//
// options: renderer "svg" (default) or "canvas"; redraw: true replaces a chart already in
// the element (new data after a swap), otherwise an element is drawn once; print: true
// also resizes the chart before printing.
//
// Loaded before the page scripts (base.html). vendor/echarts.min.js is loaded only by
// the pages that draw, so window.echarts is looked up when drawing: without it, nothing.
(function () {
  "use strict";

  function readData(el) {
    var source = document.getElementById(el.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function init(el, option, options) {
    options = options || {};
    if (!window.echarts) return null;
    if (options.redraw) {
      var existing = window.echarts.getInstanceByDom(el);
      if (existing) existing.dispose();
    } else if (el.dataset.drawn) {
      return null;
    }
    el.dataset.drawn = "1";
    var chart = window.echarts.init(el, null, { renderer: options.renderer || "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    if (options.print) window.addEventListener("beforeprint", function () { chart.resize(); });
    return chart;
  }

  function each(root, selector, buildOption, options) {
    if (!window.echarts || !root || !root.querySelectorAll) return;
    root.querySelectorAll(selector).forEach(function (el) {
      var data = readData(el);
      if (!data) return;
      var option = buildOption(data, el);
      if (option) init(el, option, options);
    });
  }

  function numberFormat(intlOptions) {
    return new Intl.NumberFormat(document.documentElement.lang || "en", intlOptions);
  }

  function shortName(name, max) {
    return name.length > max ? name.slice(0, max - 1) + "…" : name;
  }

  // Revenue and gross profit of each month as bars in the base currency (the portfolio's
  // drill-down and the account overview): data = {names, currency, revenue, gross_profit}.
  function revenueGpBars(data, labels) {
    var amount = numberFormat({ maximumFractionDigits: 0 });
    return {
      animation: false,
      grid: { left: 72, right: 16, top: 40, bottom: 40 },
      legend: { top: 0, data: [data.names.revenue, data.names.gross_profit] },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        valueFormatter: function (v) { return amount.format(v) + " " + data.currency; },
      },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", name: data.currency, axisLabel: { formatter: function (v) { return amount.format(v); } } },
      series: [
        { name: data.names.revenue, type: "bar", data: data.revenue.map(Number), itemStyle: { color: "#2f5d8a" } },
        { name: data.names.gross_profit, type: "bar", data: data.gross_profit.map(Number), itemStyle: { color: "#1e6b3a" } },
      ],
    };
  }

  window.keyplanCharts = {
    revenueGpBars: revenueGpBars,
    each: each,
    init: init,
    readData: readData,
    numberFormat: numberFormat,
    shortName: shortName,
  };
})();
