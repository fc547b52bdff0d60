// The review queue by keyboard: j/k move between statements, a accepts (on a folded line of
// mentions: all of them), r rejects, u takes a decision back, e opens the correction form; on a
// statement re-extraction marked outdated, t takes the new reading and d keeps the decision.
// A static file, no inline script: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var advanceFrom = null;
  function items() { return Array.prototype.slice.call(document.querySelectorAll(".rq-item")); }
  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest(".rq-item") : null;
  }
  function focusAt(i) {
    var all = items();
    if (!all.length) { return; }
    var el = all[Math.max(0, Math.min(all.length - 1, i))];
    el.focus();
    el.scrollIntoView({ block: "nearest" });
  }
  function press(item, selector) {
    var button = item && item.querySelector(selector);
    if (!button) { return false; }
    advanceFrom = items().indexOf(item);
    button.click();
    return true;
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) { return; }
    var item = current();
    var i = item ? items().indexOf(item) : -1;
    var done = true;
    switch (e.key) {
      case "j": case "ArrowDown": focusAt(i + 1); break;
      case "k": case "ArrowUp": focusAt(i - 1); break;
      case "a": done = press(item, ".rq-accept"); break;
      case "r": done = press(item, ".rq-reject"); break;
      case "u": done = press(item, ".rq-undo"); break;
      case "t": done = press(item, ".rq-take"); break;
      case "d": done = press(item, ".rq-keep"); break;
      case "e":
        var edit = item && item.querySelector(".rq-edit");
        if (edit) { window.location.href = edit.href; } else { done = false; }
        break;
      default: done = false;
    }
    if (done) { e.preventDefault(); }
  });
  // After a decision is swapped in, go on to the next statement at once: on afterSettle (20 ms
  // later) a key pressed in between would act on the statement just decided.
  document.addEventListener("htmx:afterSwap", function () {
    if (advanceFrom === null) { return; }
    var next = advanceFrom + 1;
    advanceFrom = null;
    focusAt(next);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var m = /^#rq-(\d+)$/.exec(window.location.hash);
    var target = m && document.getElementById("rq-" + m[1]);
    if (target) { focusAt(items().indexOf(target) + 1); return; }
    if (items().length) { focusAt(0); }
  });
})();
