// The account's people: the org chart (ECharts tree), the influence/interest scatter,
// and the keyboard on the contact form. The charts are drawn through charts.js (loaded
// first); no inline script anywhere (CSP).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var charts = window.keyplanCharts;
  // Canvas: the tree and the scatter can hold many people.
  var DRAW = { renderer: "canvas" };

  var ATTITUDE_COLOURS = {
    champion: "#1e6b3a",
    supporter: "#4f9a5f",
    neutral: "#7a7a7a",
    sceptic: "#b35c00",
    opponent: "#b3261e",
  };

  function colourNodes(node) {
    if (node.attitude) {
      node.itemStyle = { color: ATTITUDE_COLOURS[node.attitude] || "#2f5d8a" };
    }
    (node.children || []).forEach(colourNodes);
    return node;
  }

  function countLeaves(node) {
    var children = node.children || [];
    if (!children.length) return 1;
    return children.reduce(function (sum, child) { return sum + countLeaves(child); }, 0);
  }

  function orgOption(data) {
    return {
      animation: false,
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: function (item) {
          var lines = [item.data.name];
          if (item.data.attitudeLabel) lines.push(item.data.attitudeLabel);
          if (item.data.roles && item.data.roles.length) lines.push(item.data.roles.join(", "));
          return lines.join("\n");
        },
      },
      series: [{
        type: "tree",
        data: [colourNodes(data.tree)],
        orient: "LR",
        top: 16,
        bottom: 16,
        left: 120,
        right: 200,
        symbolSize: 10,
        initialTreeDepth: -1,
        expandAndCollapse: true,
        label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 11, lineHeight: 14 },
        leaves: { label: { position: "right", verticalAlign: "middle", align: "left", lineHeight: 14 } },
        lineStyle: { color: "#9aa7b4" },
      }],
    };
  }

  // A 1-5 score axis: ticks every half point, labels on the whole scores only.
  function scoreAxis(name, gap) {
    return {
      type: "value", min: 0.5, max: 5.5, interval: 0.5, name: name, nameLocation: "middle", nameGap: gap,
      splitLine: { show: false },
      axisLabel: { formatter: function (v) { return v % 1 === 0 ? String(v) : ""; } },
    };
  }

  // The four quadrants as coloured areas; points jittered so equal scores stay visible.
  function gridOption(data) {
    var seen = {};
    var points = data.points.map(function (p) {
      var key = p.interest + ":" + p.influence;
      var n = seen[key] = (seen[key] || 0) + 1;
      var angle = n * 2.4;
      var r = n > 1 ? 0.12 * Math.sqrt(n) : 0;
      return { name: p.name, value: [p.interest + r * Math.cos(angle), p.influence + r * Math.sin(angle)] };
    });
    var cut = data.high - 0.5;
    function area(x0, x1, y0, y1, label, colour) {
      return [{ xAxis: x0, yAxis: y0, name: label, itemStyle: { color: colour } }, { xAxis: x1, yAxis: y1 }];
    }
    return {
      animation: false,
      grid: { left: 56, right: 24, top: 24, bottom: 48 },
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: function (item) { return item.name; },
      },
      xAxis: scoreAxis(data.labels.interest, 28),
      yAxis: scoreAxis(data.labels.influence, 32),
      series: [{
        type: "scatter",
        symbolSize: 14,
        data: points,
        itemStyle: { color: "#2f5d8a" },
        label: { show: true, position: "right", fontSize: 10, formatter: function (item) { return item.name; } },
        markArea: {
          silent: true,
          label: { position: "insideTopLeft", color: "#555" },
          data: [
            area(0.5, cut, cut, 5.5, data.labels.keep_satisfied, "rgba(179,92,0,0.08)"),
            area(cut, 5.5, cut, 5.5, data.labels.manage_closely, "rgba(179,38,30,0.10)"),
            area(0.5, cut, 0.5, cut, data.labels.monitor, "rgba(122,122,122,0.06)"),
            area(cut, 5.5, 0.5, cut, data.labels.keep_informed, "rgba(47,93,138,0.08)"),
          ],
        },
      }],
    };
  }

  function renderCharts(root) {
    charts.each(root, ".js-org-chart", function (data, el) {
      // Room for every person: the tree runs left to right, one row per leaf.
      el.style.height = Math.max(420, countLeaves(data.tree) * 44) + "px";
      return orgOption(data);
    }, DRAW);
    charts.each(root, ".js-grid-chart", gridOption, DRAW);
  }

  // --- the contact form: Ctrl+Enter (or Cmd+Enter) saves, Escape cancels ----------------
  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form.js-people-form");
    if (!form) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    } else if (event.key === "Escape") {
      var cancel = form.querySelector("a.js-cancel");
      if (cancel) {
        event.preventDefault();
        window.location.href = cancel.href;
      }
    }
  });

  onReady(function () { renderCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { renderCharts(event.target); });
})();
