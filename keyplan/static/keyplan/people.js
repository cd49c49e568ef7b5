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

  var LABEL_FONT = 11;
  var LABEL_LINE = 14;
  var ROW = 60; // px per leaf: a two-line label above a node clears the row above

  // The width in px of the longest line of `text` at the labels' font.
  function textWidth(text) {
    var context = textWidth.context || (textWidth.context = document.createElement("canvas").getContext("2d"));
    context.font = LABEL_FONT + "px sans-serif";
    return String(text || "").split("\n").reduce(function (widest, line) {
      return Math.max(widest, context.measureText(line).width);
    }, 0);
  }

  function widestLeaf(node) {
    var children = node.children || [];
    if (!children.length) return textWidth(node.name);
    return children.reduce(function (widest, child) { return Math.max(widest, widestLeaf(child)); }, 0);
  }

  // Issue #18: the root's label on its left and the leaves' on their right get the room
  // they need (measured, never clipped); the people in between carry their label above
  // the node on a white ground, so that no line runs through a name.
  function orgOption(data) {
    var root = colourNodes(data.tree);
    var side = { verticalAlign: "middle", lineHeight: LABEL_LINE };
    root.label = Object.assign({ position: "left", align: "right" }, side);
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
        data: [root],
        orient: "LR",
        top: 40,
        bottom: 16,
        left: Math.ceil(textWidth(root.name)) + 24,
        right: (root.children && root.children.length ? Math.ceil(widestLeaf(root)) : 0) + 24,
        symbolSize: 10,
        initialTreeDepth: -1,
        expandAndCollapse: true,
        label: {
          position: "top", align: "center", verticalAlign: "bottom", distance: 6,
          fontSize: LABEL_FONT, lineHeight: LABEL_LINE,
          backgroundColor: "rgba(255,255,255,0.9)", padding: [1, 3],
        },
        leaves: { label: Object.assign({ position: "right", align: "left", distance: 6 }, side) },
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

  // Issue #18: people with equal scores share their cell as a little column of points, one
  // label height apart (side by side columns when many), so that none covers another.
  function spreadPoints(points, unitPx) {
    var groups = {};
    points.forEach(function (p) {
      var key = p.interest + ":" + p.influence;
      (groups[key] = groups[key] || []).push(p);
    });
    var step = 17 / unitPx.y; // a label's height, in score units
    var perColumn = Math.max(1, Math.floor(0.9 / step) + 1);
    var spread = [];
    Object.keys(groups).forEach(function (key) {
      var group = groups[key];
      var columns = Math.ceil(group.length / perColumn);
      var rows = Math.ceil(group.length / columns);
      var width = Math.min(0.45, 0.9 / columns);
      group.forEach(function (p, i) {
        var column = Math.floor(i / rows);
        var row = i % rows;
        spread.push({
          name: p.name,
          value: [
            p.interest + (column - (columns - 1) / 2) * width,
            p.influence + ((rows - 1) / 2 - row) * Math.min(step, 0.9 / Math.max(1, rows - 1)),
          ],
          label: columns > 1 ? { width: width * unitPx.x - 16, overflow: "truncate" } : undefined,
        });
      });
    });
    return spread;
  }

  // The four quadrants as coloured areas.
  function gridOption(data, el) {
    var plot = { x: Math.max(200, el.clientWidth - 80) / 5, y: Math.max(150, el.clientHeight - 72) / 5 };
    var points = spreadPoints(data.points, plot);
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
        labelLayout: { hideOverlap: true },
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
      el.style.height = Math.max(420, countLeaves(data.tree) * ROW + 56) + "px";
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
