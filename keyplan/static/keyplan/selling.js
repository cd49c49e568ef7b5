// Selling-time charts (Apache ECharts, drawn through charts.js, loaded first) and the
// override form's keys. No inline script (CSP).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;
  var share = charts.numberFormat({ maximumFractionDigits: 1 });
  var COLORS = { strategic: "#2f5d8a", regular: "#3f8f5a", prospect: "#d08a1e", suspect: "#9aa3ad" };

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
          formatter: function (name, index) {
            var short = charts.shortName(name, 18);
            return data.flags[index] ? "{flag|" + short + "}" : short;
          },
          rich: { flag: { color: "#b3261e", fontWeight: "bold" } },
        },
      },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: series,
    };
  }

  function drawAll() {
    charts.each(document, ".js-allocation-chart", allocationOption);
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
