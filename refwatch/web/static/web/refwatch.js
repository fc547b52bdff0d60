// refwatch: small progressive enhancements; every page works without them.
// Kept in a static file (no inline scripts) so that the Content-Security-Policy can forbid them.
(function () {
  "use strict";
  // Outline every piece of text of the statement named by the URL fragment (#s123): the
  // anchor itself is empty, the statement may cover several highlighted segments.
  function markTarget() {
    document.querySelectorAll("mark.target").forEach(function (m) { m.classList.remove("target"); });
    var m = /^#s(\d+)$/.exec(window.location.hash);
    if (!m) { return; }
    document.querySelectorAll("mark[data-statements]").forEach(function (mark) {
      if (mark.dataset.statements.split(" ").indexOf(m[1]) !== -1) { mark.classList.add("target"); }
    });
  }
  window.addEventListener("hashchange", markTarget);
  document.addEventListener("DOMContentLoaded", markTarget);
})();
