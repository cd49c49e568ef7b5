// keyplan's own behaviour: no inline script anywhere (CSP), so pages opt in with classes.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Submit a form when its select changes (the language switch).
  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("js-autosubmit")) {
      event.target.form.submit();
    }
  });

  // Ask before destructive posts.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("js-confirm") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Warn before leaving a form with unsaved changes.
  onReady(function () {
    document.querySelectorAll("form.js-unsaved-warning").forEach(function (form) {
      var dirty = false;
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
      window.addEventListener("beforeunload", function (event) {
        if (dirty) {
          event.preventDefault();
          event.returnValue = form.dataset.unsaved || "";
        }
      });
    });
  });

  // Bar charts with Apache ECharts; data comes from a json_script element.
  function renderBarCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll(".js-bar-chart").forEach(function (el) {
      var source = document.getElementById(el.dataset.source);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        grid: { left: 48, right: 16, top: 16, bottom: 32 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.labels },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: data.values, itemStyle: { color: "#2f5d8a" } }],
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  onReady(function () { renderBarCharts(document); });
})();
