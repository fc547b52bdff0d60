// "Add fact" on a selection of a document's text: the selection's offsets in the stored text,
// counted over the text nodes of .doc-text (highlight marks and links hold the text's own
// characters; page markers are labels the page adds, so they are not counted), and the quote
// read from those same nodes, not from the selection's rendering. The server checks that the
// quote is the text between the offsets and refuses otherwise.
// A static file, no inline script: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var SKIP = ".page-marker, .redacted";
  var container = document.querySelector("#text .doc-text");
  var button = document.getElementById("add-fact-button");
  var form = document.getElementById("add-fact-form");
  if (!container || !button || !form) { return; }
  var picked = null;

  function counted() {
    var out = [];
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement;
        return p && p.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var n;
    while ((n = walker.nextNode())) { out.push(n); }
    return out;
  }

  // The offset in the stored text of a boundary point (node, offset) inside the container.
  function offsetAt(nodes, node, off) {
    var upto = document.createRange();
    upto.setStart(container, 0);
    upto.setEnd(node, off);
    var total = 0;
    for (var i = 0; i < nodes.length; i++) {
      var t = nodes[i];
      if (upto.comparePoint(t, 0) > 0) { break; }
      if (t === node) { return total + off; }
      if (upto.intersectsNode(t)) { total += t.data.length; }
    }
    return total;
  }

  function selected() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) { return null; }
    var nodes = counted();
    var text = nodes.map(function (t) { return t.data; }).join("");
    var start = offsetAt(nodes, range.startContainer, range.startOffset);
    var end = offsetAt(nodes, range.endContainer, range.endOffset);
    // A double click takes the space after a word: the span is the words, not the spaces around.
    while (start < end && /\s/.test(text.charAt(start))) { start++; }
    while (end > start && /\s/.test(text.charAt(end - 1))) { end--; }
    if (end <= start) { return null; }
    return { start: start, end: end, quote: text.slice(start, end), rect: range.getBoundingClientRect() };
  }

  function hide() { button.hidden = true; picked = null; }

  container.addEventListener("mouseup", function () {
    // After the browser has settled the selection.
    window.setTimeout(function () {
      picked = selected();
      if (!picked) { hide(); return; }
      button.hidden = false;
      button.style.position = "absolute";
      button.style.top = (window.scrollY + picked.rect.bottom + 6) + "px";
      button.style.left = (window.scrollX + picked.rect.left) + "px";
    }, 0);
  });
  document.addEventListener("mousedown", function (e) {
    if (e.target !== button && !container.contains(e.target)) { hide(); }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });

  button.addEventListener("click", function () {
    if (!picked) { return; }
    form.elements.start.value = picked.start;
    form.elements.end.value = picked.end;
    form.elements.quote.value = picked.quote;
    var details = document.getElementById("add-fact");
    if (details) { details.open = true; }
    button.hidden = true;
    form.elements.kind.focus();
    form.scrollIntoView({ block: "nearest" });
  });
})();
