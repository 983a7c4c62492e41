/* Two Hats: small accessibility fixes applied after each page load.
 * - Task-list checkboxes get the item's text as their accessible name.
 * - The search dialog gets a name.
 * - Wide tables that scroll sideways become focusable, so keyboard users can scroll them. */
(function () {
  function label(root) {
    root.querySelectorAll(".task-list-item").forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      if (box && !box.hasAttribute("aria-label")) {
        box.setAttribute("aria-label", item.textContent.replace(/\s+/g, " ").trim());
      }
    });
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", "Search");
    }
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (!wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table (scrolls sideways)");
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { label(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { label(document); });
  }
})();
