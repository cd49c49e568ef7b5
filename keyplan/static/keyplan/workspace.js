// The account workspace's tabs (keyplan/templates/accounts/workspace/): plain links that
// htmx turns into in-place loads of the tab's panel (hx-get, hx-push-url). This keeps
// the tab list in step with the panel shown (aria-selected, aria-current) after a load
// or a step back in the browser history, and lets the arrow, Home and End keys move
// between the tabs. Without JavaScript the links load whole pages.
// It also draws the overview's revenue and gross profit chart (charts.js, ECharts) when
// the page loads and when htmx brings the overview in.
(function () {
  "use strict";

  // The overview's 24 months: revenue and gross profit as bars, in the base currency.
  // The amounts come as exact decimal strings; the chart needs numbers.
  function trendOption(data) {
    return window.keyplanCharts.revenueGpBars(data, data.months);
  }

  function drawCharts(root) {
    if (window.keyplanCharts) window.keyplanCharts.each(root, ".js-overview-trend-chart", trendOption);
  }

  if (document.readyState !== "loading") drawCharts(document);
  else document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });

  function tabs() {
    return Array.prototype.slice.call(document.querySelectorAll("#account-tabs [role=tab]"));
  }

  function sync() {
    var panel = document.getElementById("account-tab-panel");
    if (!panel) return;
    tabs().forEach(function (tab) {
      var active = tab.dataset.tab === panel.dataset.tab;
      tab.setAttribute("aria-selected", active ? "true" : "false");
      if (active) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    });
  }

  document.addEventListener("htmx:afterSettle", sync);
  document.addEventListener("htmx:historyRestore", sync);

  document.addEventListener("keydown", function (event) {
    var list = tabs();
    var index = list.indexOf(document.activeElement);
    if (index < 0) return;
    var next = null;
    if (event.key === "ArrowRight") next = list[(index + 1) % list.length];
    else if (event.key === "ArrowLeft") next = list[(index - 1 + list.length) % list.length];
    else if (event.key === "Home") next = list[0];
    else if (event.key === "End") next = list[list.length - 1];
    if (!next) return;
    event.preventDefault();
    next.focus();
  });
})();
