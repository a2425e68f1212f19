// Error summary (issue 15): after a failed post the summary at the top of the form takes focus, so
// keyboard and screen-reader users land on it; each link moves focus to its field. No inline JS.
(function () {
  "use strict";

  function focusField(event) {
    var id = decodeURIComponent(this.getAttribute("href").slice(1));
    var field = document.getElementById(id);
    if (!field) {
      return;
    }
    event.preventDefault();
    var target = field.closest("fieldset") || field.closest(".field") || field;
    target.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      summary = document.querySelector(".messages .message-error");
      if (summary) {
        summary.setAttribute("tabindex", "-1");
      }
    }
    if (summary) {
      summary.focus();
    }
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-error-summary] a[href^='#'], [data-pending-items] a[href*='#']"),
      function (link) {
        if (link.getAttribute("href").charAt(0) === "#") {
          link.addEventListener("click", focusField);
        }
      }
    );
  });
})();

// Phones (issue 15): a collapsible main navigation and search facets folded under their heading.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 48rem)");

  function setupNav() {
    var toggle = document.querySelector(".nav-toggle");
    var list = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!toggle || !list) {
      return;
    }
    var header = toggle.closest(".site-header");
    header.classList.add("nav-collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("nav-open", open);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupNav();
    if (narrow.matches) {
      Array.prototype.forEach.call(document.querySelectorAll("details[data-open-wide]"), function (details) {
        details.open = false;
      });
    }
  });
})();

// Wide tables scroll sideways inside their box on narrow screens: a scrollable box must be
// reachable with the keyboard (WCAG 2.1.1), so it gets a tab stop while, and only while, it scrolls.
(function () {
  "use strict";

  function markScrollable() {
    Array.prototype.forEach.call(document.querySelectorAll("table.table, .table-wrap"), function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(markScrollable, 50);
  });
  document.addEventListener("DOMContentLoaded", markScrollable);
})();
