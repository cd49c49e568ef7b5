// An account's satisfaction: the mean score (0-10) of each of the last 12 months, drawn
// through charts.js (loaded first). Months without answers have no bar (null).
(function () {
  "use strict";

  var charts = window.keyplanCharts;
  var score = charts.numberFormat({ maximumFractionDigits: 1 });

  function colour(value) {
    if (value < 6) return "#c0392b";
    if (value < 8) return "#c9a227";
    return "#1e6b3a";
  }

  function satisfactionOption(data) {
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var index = items[0].dataIndex, mean = data.means[index];
          if (mean === null) return data.months[index];
          return data.months[index] + "\n" + data.labels.mean + ": " + score.format(mean) +
            "\n" + data.labels.answers + ": " + data.counts[index];
        },
      },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", min: 0, max: 10, interval: 2, name: data.labels.mean },
      series: [{
        name: data.labels.mean,
        type: "bar",
        data: data.means.map(function (value) {
          return value === null ? null : { value: value, itemStyle: { color: colour(value) } };
        }),
      }],
    };
  }

  function render() {
    charts.each(document, ".js-satisfaction-chart", satisfactionOption);
  }

  if (document.readyState !== "loading") render();
  else document.addEventListener("DOMContentLoaded", render);
})();
