// The profitability matrix (Apache ECharts, through charts.js): a bubble per account,
// revenue across (log scale), contribution margin up, gross profit as the size, one
// series per class; four named quadrants split at the server's lines. A click on a
// bubble opens that account's P&L.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;
  var amount = charts.numberFormat({ maximumFractionDigits: 0 });
  var percent = charts.numberFormat({ maximumFractionDigits: 1 });
  var MIN_SIZE = 6;
  var MAX_SIZE = 48;

  function bounds(data) {
    var xs = [data.split.revenue], ys = [data.split.margin], gp = 0;
    data.series.forEach(function (s) {
      s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); gp = Math.max(gp, p[2]); });
    });
    var low = Math.min.apply(null, ys), high = Math.max.apply(null, ys);
    var pad = Math.max(5, (high - low) * 0.1);
    return {
      xmin: Math.min.apply(null, xs) / 1.5,
      xmax: Math.max.apply(null, xs) * 1.5,
      ymin: Math.floor((low - pad) / 5) * 5,
      ymax: Math.ceil((high + pad) / 5) * 5,
      gp: gp,
    };
  }

  function quadrantAreas(data, b) {
    var s = data.split, q = data.quadrants;
    function area(name, x0, x1, y0, y1, position, colour) {
      return [
        { name: name, coord: [x0, y0], itemStyle: { color: colour }, label: { position: position } },
        { coord: [x1, y1] },
      ];
    }
    return [
      area(q.grow_and_protect, s.revenue, b.xmax, s.margin, b.ymax, "insideTopRight", "rgba(30,107,58,0.06)"),
      area(q.fix_cost_to_serve, s.revenue, b.xmax, b.ymin, s.margin, "insideBottomRight", "rgba(217,130,43,0.07)"),
      area(q.develop, b.xmin, s.revenue, s.margin, b.ymax, "insideTopLeft", "rgba(47,93,138,0.06)"),
      area(q.reprice_or_reduce, b.xmin, s.revenue, b.ymin, s.margin, "insideBottomLeft", "rgba(192,57,43,0.07)"),
    ];
  }

  function matrixOption(data) {
    var b = bounds(data);
    function size(point) {
      if (!(b.gp > 0) || !(point[2] > 0)) return MIN_SIZE;
      return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(point[2] / b.gp);
    }
    var series = data.series.map(function (s) {
      return {
        name: s.name,
        type: "scatter",
        data: s.points,
        symbolSize: size,
        itemStyle: { color: s.colour, opacity: 0.75, borderColor: "#fff", borderWidth: 1 },
        cursor: "pointer",
      };
    });
    series.push({
      name: "",
      type: "scatter",
      data: [[data.split.revenue, data.split.margin]],
      symbolSize: 0,
      silent: true,
      tooltip: { show: false },
      markArea: { silent: true, label: { color: "#444", fontWeight: "bold" }, data: quadrantAreas(data, b) },
      markLine: {
        silent: true,
        symbol: "none",
        label: { show: false },
        lineStyle: { type: "dashed", color: "#6b4c9a" },
        data: [{ xAxis: data.split.revenue }, { yAxis: data.split.margin }],
      },
    });
    return {
      animation: false,
      grid: { left: 72, right: 24, top: 40, bottom: 56 },
      legend: { top: 0, data: data.series.map(function (s) { return s.name; }) },
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: function (item) {
          var p = item.data;
          return [
            p[3],
            data.labels.revenue + ": " + amount.format(p[0]) + " " + data.currency,
            data.labels.margin + ": " + percent.format(p[1]) + "%",
            data.labels.gross_profit + ": " + amount.format(p[2]) + " " + data.currency,
          ].join("\n");
        },
      },
      xAxis: {
        type: "log",
        name: data.labels.revenue + " (" + data.currency + ")",
        nameLocation: "middle",
        nameGap: 32,
        min: b.xmin,
        max: b.xmax,
        axisLabel: { formatter: function (v) { return amount.format(v); } },
      },
      yAxis: {
        type: "value",
        name: data.labels.margin,
        min: b.ymin,
        max: b.ymax,
        axisLabel: { formatter: "{value}%" },
      },
      series: series,
    };
  }

  function renderCharts(root) {
    if (!window.echarts || !root || !root.querySelectorAll) return;
    root.querySelectorAll(".js-matrix-chart").forEach(function (el) {
      var data = charts.readData(el);
      if (!data) return;
      var chart = charts.init(el, matrixOption(data), { redraw: root !== document });
      if (!chart) return;
      chart.on("click", function (params) {
        var point = params.data;
        if (params.componentType === "series" && point && point[4]) window.location.href = point[4];
      });
    });
  }

  onReady(function () { renderCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { renderCharts(event.target); });
})();
