/* Keyboard shortcuts for the staff desk (/beheer/).
 *
 * Every page works without this script: the shortcuts only press buttons and follow links that are
 * in the page already. An element with data-shortcut="a" is clicked when "a" is pressed; one with
 * data-shortcut-focus="s" gets the focus. In a list, j/k move the current row (rows carry data-row),
 * x ticks its checkbox, o opens it, and a row's own shortcuts win over the page's. Keys typed into a
 * text field, or with Ctrl/Alt/Meta, are left alone; Escape leaves a field so shortcuts work again.
 * Loaded from a file: the Content-Security-Policy forbids inline scripts.
 */
(function () {
  "use strict";

  var rows = [];
  var current = -1;

  function typing(el) {
    if (!el || el === document.body) return false;
    if (el.isContentEditable) return true;
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    if (el.tagName === "INPUT") return !/^(checkbox|radio|submit|button|reset|hidden)$/.test(el.type);
    return false;
  }

  function find(scope, attribute, key) {
    var all = scope.querySelectorAll("[" + attribute + "]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute(attribute) === key) return all[i];
    }
    return null;
  }

  function setCurrent(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0 && rows[current]) rows[current].classList.remove("is-current");
    current = index;
    var row = rows[current];
    row.classList.add("is-current");
    var focusable = row.querySelector("[data-open], a, button, input");
    if (focusable) focusable.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function rowKey(key) {
    var row = rows[current];
    if (!row) return false;
    if (key === "x") {
      var box = row.querySelector("[data-pick]");
      if (box) box.click();
      return !!box;
    }
    if (key === "o") {
      var open = row.querySelector("[data-open]");
      if (open) open.click();
      return !!open;
    }
    var own = find(row, "data-shortcut", key);
    if (own) {
      own.click();
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    var active = document.activeElement;
    if (typing(active)) {
      if (event.key === "Escape") active.blur();
      return;
    }
    var key = event.key;
    if (key === "?") {
      var help = document.querySelector("details.shortcuts");
      if (help) {
        help.open = !help.open;
        event.preventDefault();
      }
      return;
    }
    if (rows.length && (key === "j" || key === "k")) {
      setCurrent(current < 0 ? 0 : current + (key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    if (rows.length && current >= 0 && rowKey(key)) {
      event.preventDefault();
      return;
    }
    var focusTarget = find(document, "data-shortcut-focus", key);
    if (focusTarget) {
      focusTarget.focus();
      event.preventDefault();
      return;
    }
    if (key === "Enter") return; // Enter keeps its own meaning on links and buttons
    var target = rows.length ? null : find(document, "data-shortcut", key);
    if (target) {
      target.click();
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    rows = Array.prototype.slice.call(document.querySelectorAll("[data-row]"));
    rows.forEach(function (row, index) {
      row.addEventListener("focusin", function () {
        if (current >= 0 && rows[current]) rows[current].classList.remove("is-current");
        current = index;
        row.classList.add("is-current");
      });
    });
  });
})();
