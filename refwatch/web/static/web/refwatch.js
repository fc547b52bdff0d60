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
  // A review sent after the session ended comes back as the login page: reload the whole
  // page (which goes to the login and back here) instead of swapping a login form into a row.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var url = e.detail.xhr && e.detail.xhr.responseURL;
    if (url && url.indexOf("/accounts/login/") !== -1) {
      e.detail.shouldSwap = false;
      window.location.reload();
    }
  });
  // A refused review (403, 400) is said in the row rather than silently ignored.
  document.addEventListener("htmx:responseError", function (e) {
    var row = e.detail.elt && e.detail.elt.closest("tr");
    if (!row) { return; }
    var cell = row.querySelector("td:last-child");
    var note = document.createElement("span");
    note.className = "error";
    note.textContent = " Not saved (" + e.detail.xhr.status + ").";
    cell.appendChild(note);
  });
  // Text selected in the document fills the "protect a name" field, so the analyst need not retype it.
  document.addEventListener("selectionchange", function () {
    var field = document.getElementById("protect-name");
    var sel = window.getSelection();
    if (!field || !sel || sel.isCollapsed || !sel.anchorNode) { return; }
    var text = document.querySelector(".doc-text");
    if (!text || !text.contains(sel.anchorNode)) { return; }
    var picked = sel.toString().replace(/\s+/g, " ").trim();
    if (picked && picked.length <= 200) { field.value = picked; }
  });
  // A table wider than its box (on a phone) scrolls sideways on its own: say so above it, and
  // let the keyboard scroll it, so that its hidden columns are not missed.
  function cueWideTables() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      var cue = box.previousElementSibling;
      if (!cue || !cue.classList.contains("scroll-cue")) {
        if (!wide) { return; }
        cue = document.createElement("p");
        cue.className = "scroll-cue";
        cue.textContent = "The table is wider than the screen: scroll it sideways for more columns →";
        box.parentNode.insertBefore(cue, box);
      }
      box.classList.toggle("scrolls", wide);
      cue.classList.toggle("shown", wide);
      if (wide && !box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
    });
  }
  document.addEventListener("DOMContentLoaded", cueWideTables);
  window.addEventListener("resize", cueWideTables);
  window.addEventListener("hashchange", markTarget);
  document.addEventListener("DOMContentLoaded", markTarget);
})();
