// Article page: tooltip and side panel for highlighted passages, and per-kind toggles.
// Builds every node with textContent, so nothing from the data is ever parsed as HTML.
(function () {
  "use strict";
  var text = document.getElementById("nl-text");
  var panel = document.getElementById("nl-panel-body");
  var tip = document.getElementById("nl-tip");
  if (!text || !panel) return;
  var SKIP = { hl: 1, kind: 1, id: 1, start: 1, end: 1, tip: 1 };
  var pinned = null;
  var active = [];

  // Keep the tooltip text on data-tip so the browser's own title tooltip does not double ours.
  text.querySelectorAll("mark[title]").forEach(function (m) {
    m.setAttribute("data-tip", m.getAttribute("title"));
    m.setAttribute("aria-label", m.getAttribute("title"));
    m.removeAttribute("title");
  });

  function el(tag, cls, content) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (content !== undefined && content !== null) n.textContent = content;
    return n;
  }

  function pieces(mark) {
    return text.querySelectorAll('mark[data-hl="' + mark.getAttribute("data-hl") + '"]');
  }

  function fullText(mark) {
    var s = "";
    pieces(mark).forEach(function (p) { s += p.textContent; });
    return s;
  }

  function chainOf(mark) {
    // The mark under the pointer and every highlight around it, innermost first.
    var out = [];
    for (var m = mark; m && m !== text; m = m.parentElement) {
      if (m.tagName === "MARK" && m.hasAttribute("data-hl")) out.push(m);
    }
    return out;
  }

  function factRow(mark) {
    var first = pieces(mark)[0];
    var start = first.getAttribute("data-start"), end = first.getAttribute("data-end");
    if (start === null) return null;
    return document.querySelector('#facts tr[data-kind="' + first.getAttribute("data-kind") +
      '"][data-start="' + start + '"][data-end="' + end + '"]');
  }

  function section(mark) {
    var kind = mark.getAttribute("data-kind") || "";
    var box = el("div", "pk pk-box-" + kind);
    var head = el("p", "pk-title");
    head.appendChild(el("span", "pk-kind pk-" + kind, kind));
    var body = fullText(mark);
    head.appendChild(document.createTextNode(body.length > 160 ? body.slice(0, 160) + "…" : body));
    box.appendChild(head);
    var dl = el("dl");
    var row = factRow(mark);
    if (row) {
      // The facts table already says it all (value, counted, chain, verification): reuse its cells.
      var heads = row.closest("table").querySelectorAll("thead th");
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        if (!heads[i] || cell.classList.contains("passage")) return;  // the heading shows the passage
        if (!cell.textContent.replace(/\s+/g, "")) return;
        dl.appendChild(el("dt", null, heads[i].textContent));
        var dd = el("dd");
        Array.prototype.forEach.call(cell.childNodes, function (n) { dd.appendChild(n.cloneNode(true)); });
        dl.appendChild(dd);
      });
    } else {
      var tipText = mark.getAttribute("data-tip");
      if (tipText) box.appendChild(el("p", "pk-note", tipText));
      Object.keys(mark.dataset).forEach(function (k) {
        var v = mark.dataset[k];
        if (SKIP[k] || v === "") return;
        dl.appendChild(el("dt", null, k.replace(/([A-Z])/g, " $1").toLowerCase()));
        dl.appendChild(el("dd", null, v));
      });
    }
    if (dl.childNodes.length) box.appendChild(dl);
    return box;
  }

  function show(mark) {
    active.forEach(function (m) { pieces(m).forEach(function (p) { p.classList.remove("nl-active"); }); });
    active = chainOf(mark);
    pieces(mark).forEach(function (p) { p.classList.add("nl-active"); });
    panel.textContent = "";
    active.forEach(function (m) { panel.appendChild(section(m)); });
  }

  function moveTip(ev, mark) {
    if (!tip) return;
    var t = mark.getAttribute("data-tip");
    if (!t) { tip.hidden = true; return; }
    tip.textContent = t;
    tip.hidden = false;
    var x = ev.clientX + 14, y = ev.clientY + 16;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, window.innerWidth - w - 8);
    if (y + h > window.innerHeight - 8) y = ev.clientY - h - 12;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  text.addEventListener("mouseover", function (ev) {
    var mark = ev.target.closest("mark[data-hl]");
    if (!mark) return;
    if (!pinned) show(mark);
    moveTip(ev, mark);
  });
  text.addEventListener("mousemove", function (ev) {
    var mark = ev.target.closest("mark[data-hl]");
    if (mark) moveTip(ev, mark);
  });
  text.addEventListener("mouseout", function (ev) {
    if (!ev.relatedTarget || !ev.relatedTarget.closest || !ev.relatedTarget.closest("mark[data-hl]")) {
      if (tip) tip.hidden = true;
    }
  });
  text.addEventListener("click", function (ev) {
    var mark = ev.target.closest("mark[data-hl]");
    pinned = mark || null;
    if (mark) show(mark);
  });
  text.addEventListener("focusin", function (ev) {
    var mark = ev.target.closest("mark[data-hl]");
    if (mark) { pinned = mark; show(mark); }
  });
  text.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { pinned = null; if (tip) tip.hidden = true; }
  });

  document.querySelectorAll("#nl-legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });

  var target = document.getElementById("target");
  if (target) { pinned = target; show(target); }
})();
