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

  // A waterfall: revenue, each cost a step down from the running total, subtotals from zero.
  // Drawn as stacked bars: an invisible base and the visible step.
  function waterfallOption(data) {
    var base = [], visible = [], running = 0;
    data.amounts.forEach(function (value, index) {
      if (data.subtotals[index]) {
        base.push(Math.min(0, value));
        visible.push({ value: Math.abs(value), itemStyle: { color: value < 0 ? "#c0392b" : "#2f5d8a" } });
        running = value;
      } else {
        var after = running + value;
        base.push(Math.min(running, after));
        visible.push({ value: Math.abs(value), itemStyle: { color: value < 0 ? "#d9822b" : "#1e6b3a" } });
        running = after;
      }
    });
    return {
      animation: false,
      grid: { left: 80, right: 16, top: 16, bottom: 56 },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var index = items[0].dataIndex;
          return data.labels[index] + ": " + amount.format(data.amounts[index]) + " " + data.currency;
        },
      },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: "value", name: data.currency, axisLabel: { formatter: function (v) { return amount.format(v); } } },
      series: [
        { type: "bar", stack: "w", data: base, itemStyle: { color: "transparent" }, emphasis: { disabled: true }, silent: true },
        { type: "bar", stack: "w", data: visible },
      ],
    };
  }

  // Bars: each account's contribution, highest first; line: the cumulative contribution as
  // a share of the total (second axis, %). A click on a bar opens that account's P&L.
  function whaleOption(data) {
    return {
      animation: false,
      grid: { left: 80, right: 56, top: 40, bottom: 40 },
      legend: { top: 0, data: [data.labels.contribution, data.labels.share] },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        formatter: function (items) {
          var index = items[0].dataIndex;
          var lines = [data.names[index]];
          lines.push(data.labels.contribution + ": " + amount.format(data.contribution[index]) + " " + data.currency);
          if (data.share[index] !== null) lines.push(data.labels.share + ": " + days.format(data.share[index]) + "%");
          return lines.join("\n");
        },
      },
      xAxis: { type: "category", data: data.names, axisLabel: { show: false } },
      yAxis: [
        { type: "value", name: data.currency, axisLabel: { formatter: function (v) { return amount.format(v); } } },
        { type: "value", axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
      ],
      series: [
        {
          name: data.labels.contribution,
          type: "bar",
          data: data.contribution.map(function (value) {
            return { value: value, itemStyle: { color: value < 0 ? "#c0392b" : "#2f5d8a" } };
          }),
        },
        {
          name: data.labels.share,
          type: "line",
          yAxisIndex: 1,
          data: data.share,
          showSymbol: false,
          itemStyle: { color: "#b35c00" },
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { type: "dashed", color: "#6b4c9a" },
            data: [{ yAxis: 100 }],
          },
        },
      ],
    };
  }

  function pnlTrendOption(data) {
    var names = data.names;
    return {
      animation: false,
      grid: { left: 80, right: 16, top: 40, bottom: 40 },
      legend: { top: 0, data: [names.revenue, names.gross_profit, names.contribution] },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        valueFormatter: function (v) { return amount.format(v) + " " + data.currency; },
      },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: data.currency, axisLabel: { formatter: function (v) { return amount.format(v); } } },
      series: [
        { name: names.revenue, type: "bar", data: data.revenue, itemStyle: { color: "#2f5d8a" } },
        { name: names.gross_profit, type: "bar", data: data.gross_profit, itemStyle: { color: "#1e6b3a" } },
        { name: names.contribution, type: "line", data: data.contribution, itemStyle: { color: "#b35c00" } },
      ],
    };
  }

  function renderCharts(root) {
    charts.each(root, ".js-ageing-chart", ageingOption, { redraw: root !== document });
    charts.each(root, ".js-cash-trend-chart", trendOption);
    charts.each(root, ".js-waterfall-chart", waterfallOption);
    charts.each(root, ".js-pnl-trend-chart", pnlTrendOption);
    if (!window.echarts || !root.querySelectorAll) return;
    root.querySelectorAll(".js-whale-chart").forEach(function (el) {
      var data = charts.readData(el);
      if (!data) return;
      var chart = charts.init(el, whaleOption(data));
      if (!chart) return;
      chart.on("click", function (params) {
        var id = data.ids[params.dataIndex];
        if (id === undefined) return;
        var query = window.location.search.replace(/^\?/, "");
        window.location.href = "/economics/accounts/" + id + "/pnl/" + (query ? "?" + query : "");
      });
    });
  }

  onReady(function () { renderCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { renderCharts(event.target); });
})();
