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

  // Issue #18: the main menu stays on one line at any width and in any language; the
  // entries that do not fit go under "More" at its end.
  function fitMenu(nav, more, list) {
    while (list.firstChild) nav.insertBefore(list.firstChild, more);
    if (more.parentNode) nav.removeChild(more);
    var items = nav.children;
    if (!items.length || items[items.length - 1].offsetTop === items[0].offsetTop) return;
    nav.appendChild(more);
    // Compared with the first entry as it is now: the header re-centres as lines go.
    while (more.previousElementSibling && more.offsetTop > nav.firstElementChild.offsetTop) {
      list.insertBefore(more.previousElementSibling, list.firstChild);
    }
    more.classList.toggle("has-current", !!list.querySelector("[aria-current]"));
  }

  onReady(function () {
    var nav = document.querySelector(".topbar .nav[data-more]");
    if (!nav) return;
    var more = document.createElement("li");
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    var list = document.createElement("ul");
    more.className = "nav-more";
    summary.textContent = nav.dataset.more;
    details.appendChild(summary);
    details.appendChild(list);
    more.appendChild(details);
    var width = 0;
    var fit = function () {
      var now = nav.parentNode.getBoundingClientRect().width;
      if (now !== width) fitMenu(nav, more, list);
      width = now;
    };
    fit();
    // The menu's room changes with the window and when the header's unread count arrives.
    if (window.ResizeObserver) new ResizeObserver(fit).observe(nav.parentNode);
    else window.addEventListener("resize", fit);
  });

  // Issue #18: a table wider than its column scrolls inside its own box; the page never
  // gets a horizontal scrollbar. Templates may wrap a table themselves (.table-scroll).
  function wrapTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".table-scroll, .sheet-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  onReady(function () { wrapTables(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.querySelectorAll) wrapTables(event.target);
  });

  // Ask before destructive posts.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("js-confirm") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // The header's unread-notifications count, fetched after the page (no page pays a
  // query for it).
  onReady(function () {
    var badge = document.getElementById("notice-badge");
    if (!badge || !badge.dataset.url || !window.fetch) return;
    fetch(badge.dataset.url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { badge.innerHTML = html; })
      .catch(function () { /* the count is a convenience; the menu links to the list */ });
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

  // Import upload: offer only the presets that fit the chosen kind (the server checks too).
  onReady(function () {
    document.querySelectorAll("select.js-preset-select").forEach(function (select) {
      var kind = document.getElementById(select.dataset.kindField);
      if (!kind) return;
      function update() {
        var first = null;
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.dataset.kinds) return;
          var fits = option.dataset.kinds.split(" ").indexOf(kind.value) !== -1;
          option.hidden = !fits;
          option.disabled = !fits;
          if (fits && first === null) first = option;
        });
        var current = select.options[select.selectedIndex];
        if (current && current.disabled && first) select.value = first.value;
      }
      kind.addEventListener("change", update);
      update();
    });
  });

  // Bar charts with Apache ECharts (charts.js, loaded first); data comes from a
  // json_script element.
  function barOption(data) {
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      // richText: drawn in the SVG, not HTML with inline styles (CSP).
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.values, itemStyle: { color: "#2f5d8a" } }],
    };
  }
  onReady(function () { window.keyplanCharts.each(document, ".js-bar-chart", barOption); });
})();
