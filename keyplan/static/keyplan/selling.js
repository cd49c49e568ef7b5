// Selling-time charts (Apache ECharts) and the override form's keys. No inline script
// (CSP): each chart is an element with a class and data-source naming the json_script
// element with its data.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function readData(el) {
    var source = document.getElementById(el.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  var language = document.documentElement.lang || "en";
  var share = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  var COLORS = { strategic: "#2f5d8a", regular: "#3f8f5a", prospect: "#d08a1e", suspect: "#9aa3ad" };

  function shortName(name) {
    return name.length > 18 ? name.slice(0, 17) + "…" : name;
  }

  // One stacked bar per person or team: the shares of its time by account class, to
  // 100%; the first bar is the norm; a dashed line marks the strategic norm. A flagged
  // name ("hunting instead of farming") is printed in red.
  function allocationOption(data) {
    var series = data.series.map(function (s, index) {
      var item = {
        name: s.name,
        type: "bar",
        stack: "share",
        data: s.values,
        itemStyle: { color: COLORS[s.key] || "#777" },
      };
      if (index === 0) {
        item.markLine = {
          silent: true,
          symbol: "none",
          lineStyle: { type: "dashed", color: "#b3261e" },
          label: { formatter: data.labels.norm_line, position: "insideEndTop" },
          data: [{ yAxis: data.strategic_norm }],
        };
      }
      return item;
    });
    return {
      animation: false,
      grid: { left: 56, right: 24, top: 40, bottom: 96 },
      legend: { top: 0 },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var index = items[0].dataIndex;
          var head = items[0].axisValue;
          if (data.hours[index] !== null) head += " (" + share.format(data.hours[index]) + " " + data.labels.hours + ")";
          var lines = [head];
          items.forEach(function (item) { lines.push(item.seriesName + ": " + share.format(item.value) + "%"); });
          if (data.flags[index]) lines.push(data.labels.flag);
          return lines.join("\n");
        },
      },
      xAxis: {
        type: "category",
        data: data.names,
        axisLabel: {
          rotate: 45,
          formatter: function (name, index) { return data.flags[index] ? "{flag|" + shortName(name) + "}" : shortName(name); },
          rich: { flag: { color: "#b3261e", fontWeight: "bold" } },
        },
      },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: series,
    };
  }

  function draw(el, option) {
    if (el.dataset.drawn) return;
    el.dataset.drawn = "1";
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll() {
    if (!window.echarts) return;
    document.querySelectorAll(".js-allocation-chart").forEach(function (el) {
      var data = readData(el);
      if (data) draw(el, allocationOption(data));
    });
  }

  // Keyboard: Escape cancels the form (follows its cancel link); Ctrl+Enter saves.
  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form.js-selling-form");
    if (!form) return;
    if (event.key === "Escape") {
      var cancel = form.querySelector("a.js-cancel");
      if (cancel) { event.preventDefault(); window.location.href = cancel.href; }
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  onReady(drawAll);
})();
