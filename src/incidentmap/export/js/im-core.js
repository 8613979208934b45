/* incidentmap core: the namespace, DOM and date helpers, incident popups and stacked-spot lists
 * (MIT licence, part of incidentmap).
 *
 * Safety rule of every incidentmap script: text from the data (place names, notes, source
 * titles, ...) is only ever put into the page with textContent or as attribute values set
 * through the DOM, never with innerHTML, and only http(s) URLs become links. The data block is
 * JSON in a <script type="application/json"> element, parsed with JSON.parse: it is never run.
 */
(function () {
  "use strict";
  var IM = window.IncidentMap = { maps: {}, version: 2, _: {} };
  var U = IM._;
  var DAY_MS = 86400000;
  U.DAY_MS = DAY_MS;

  // -- DOM (textContent only) ------------------------------------------------------------------
  function el(tag, cls, text, parent) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null && text !== "") { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function safeUrl(url) {
    return (typeof url === "string" && /^https?:\/\//i.test(url)) ? url : null;
  }
  function link(url, text, parent) {
    var href = safeUrl(url);
    if (!href) { return el("span", "im-nolink", text, parent); }
    var a = el("a", "", text, parent);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    return a;
  }
  function button(cls, text, title, parent, onClick) {
    var b = el("button", "im-button " + cls, text, parent);
    b.type = "button";
    if (title) { b.title = title; b.setAttribute("aria-label", title); }
    // stopped here: a handler that replaces the popup's content detaches the button, and Leaflet
    // would then take the click for a click on the map
    b.addEventListener("click", function (e) { L.DomEvent.stopPropagation(e); if (onClick) { onClick(e); } });
    return b;
  }
  function isolate(node) {
    // a control: clicks, wheel and drags on it never reach the map
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    L.DomEvent.on(node, "mousedown touchstart pointerdown", L.DomEvent.stopPropagation);
  }
  U.el = el; U.link = link; U.button = button; U.safeUrl = safeUrl; U.isolate = isolate;

  // -- numbers and dates -----------------------------------------------------------------------
  function fmt(n) {
    var s = String(Math.round(n)), out = "";
    while (s.length > 3) { out = "," + s.slice(-3) + out; s = s.slice(0, -3); }
    return s + out;
  }
  function dayToIso(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }
  function isoToDay(iso) {
    if (typeof iso !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) { return null; }
    var t = Date.parse(iso + "T00:00:00Z");
    return isNaN(t) ? null : Math.round(t / DAY_MS);
  }
  function fold(text) {
    // case and accents aside: "Dayr az Zawr" finds "Dayr az-Zawr" and "dayr"
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  U.fmt = fmt; U.dayToIso = dayToIso; U.isoToDay = isoToDay; U.fold = fold;

  // -- one incident's popup --------------------------------------------------------------------
  function sourceLink(data, k, parent) {
    var s = data.sources[k];  // [outlet (string number), title, url, date]
    var outlet = data.strings[s[0]];
    var text = [outlet, s[1]].filter(Boolean).join(": ") || s[2] || "source";
    link(s[2], text, parent);
    if (s[3]) { el("span", "im-source-date", " (" + s[3] + ")", parent); }
  }
  U.sourceLink = sourceLink;

  function buildPopup(view, i) {
    var data = view.data, S = data.strings, inc = data.incidents;
    var box = el("div", "im-popup");
    box.setAttribute("data-incident", inc.id[i]);
    el("div", "im-popup-title", S[inc.pl[i]] || "unnamed place", box);
    var day = inc.d[i];
    var when = [day >= 0 ? dayToIso(day) : "date not reported", S[inc.t[i]]].filter(Boolean);
    el("div", "im-popup-when", when.join(" \u00b7 "), box);
    var who = el("div", "im-popup-who", "", box);
    el("span", "im-attacker", S[inc.at[i]] || "unknown attacker", who);
    el("span", "im-arrow", " \u2192 ", who);
    el("span", "im-target", S[inc.tg[i]] || "unknown target", who);
    var groups = view.groupsOf(i).map(function (g) { return data.groups[g][0]; });
    if (groups.length > 1 || (groups[0] && groups[0] !== S[inc.at[i]])) {
      el("div", "im-popup-groups", "Actor group: " + groups.join(", "), box);
    }
    var pos = el("div", "im-popup-where", "", box);
    el("span", "im-label", "Position: ", pos);
    var wh = data.wheres[inc.wh[i]];  // [how the position is known, who gives it]
    el("span", "", S[wh[0]] + " (" + inc.lat[i].toFixed(4) + ", " + inc.lon[i].toFixed(4) + ")", pos);
    if (inc.a[i] >= 0) {
      el("div", "im-popup-area", "Counted on the area " + data.areas[inc.a[i]].name +
        ": the source locates it no closer than that.", box);
    }
    if (S[wh[1]]) { el("div", "im-popup-cite", "Place source: " + S[wh[1]], box); }

    var cas = typeof inc.cas[i] === "number" ? [inc.cas[i]] : inc.cas[i];
    if (cas.length) {
      var head = el("div", "im-section", "Casualty claims", box);
      if (inc.con[i]) {
        el("span", "im-contested", "contested", head).title =
          "Sources give different figures; each is shown with who claims it.";
      }
      var table = el("table", "im-claims" + (inc.con[i] ? " im-claims-contested" : ""), "", box);
      cas.forEach(function (k) {
        var c = data.claims[k];  // [figure, claimedBy, sourceIndex, words] (strings by number)
        var tr = el("tr", "", "", table);
        el("td", "im-claim", S[c[0]], tr);
        el("td", "im-claimed-by", S[c[1]] ? "per " + S[c[1]] : "claimant not given", tr);
        var td = el("td", "im-claim-source", "", tr);
        if (c[2] >= 0) { sourceLink(data, c[2], td); }
        if (c[3]) { el("div", "im-words", "\u201c" + S[c[3]] + "\u201d", td); }
      });
    }
    var prox = inc.prox[String(i)];
    if (prox && prox.length) {
      el("div", "im-section", "Reported distances", box);
      var ul = el("ul", "im-proximity", "", box);
      prox.forEach(function (p) {
        // p: [label, reference, words, sourceIndex]
        var li = el("li", "", "", ul);
        el("span", "im-distance", p[0], li);
        if (p[1]) { el("span", "im-reference", " from the " + p[1], li); }
        if (p[2]) { el("div", "im-words", "\u201c" + p[2] + "\u201d", li); }
        if (p[3] >= 0) { sourceLink(data, p[3], el("div", "", "", li)); }
      });
    }
    if (inc.src[i].length) {
      el("div", "im-section", "Sources", box);
      var ol = el("ol", "im-sources", "", box);
      inc.src[i].forEach(function (k) { sourceLink(data, k, el("li", "", "", ol)); });
    }
    if (inc.nt[i].length) {
      el("div", "im-section", "Notes", box);
      var notes = el("div", "im-notes", "", box);
      inc.nt[i].forEach(function (k) { el("div", "im-note", S[k], notes); });
    }
    var id = el("div", "im-popup-id", "id: " + inc.id[i], box);
    id.title = "The incident's id in its source file";
    return box;
  }
  U.buildPopup = buildPopup;

  // -- the list of the incidents at one spot ---------------------------------------------------
  var PAGE = 10;
  U.LIST_PAGE = PAGE;
  function deathsText(view, i) {
    var k = view.data.incidents.k[i];
    return k >= 0 ? String(k) : "\u2013";
  }
  function sortByDate(view, members) {
    var d = view.data.incidents.d, ids = view.data.incidents.id;
    return members.slice().sort(function (a, b) {
      var da = d[a] < 0 ? Infinity : d[a], db = d[b] < 0 ? Infinity : d[b];
      if (da !== db) { return da - db; }
      return ids[a] < ids[b] ? -1 : (ids[a] > ids[b] ? 1 : 0);
    });
  }
  U.sortByDate = sortByDate;

  /* A paged list (date, type, attacker -> target, deaths) of incidents, sorted by date; a row
   * opens the incident's full popup, with a way back. Arrow keys page, Esc closes.
   * show(node) puts a node into the popup; onPick(i) is told which incident opens. */
  function buildList(view, members, heading, show, onPick, close) {
    var data = view.data, S = data.strings, inc = data.incidents;
    var order = sortByDate(view, members), page = 0, pages = Math.max(1, Math.ceil(order.length / PAGE));
    var box = el("div", "im-list");
    box.tabIndex = 0;
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", heading);
    el("div", "im-list-head", heading, box);
    var table = el("table", "im-list-table", "", box);
    var head = el("tr", "im-list-header", "", el("thead", "", "", table));
    ["date", "type", "attacker \u2192 target", "killed"].forEach(function (h) { el("th", "", h, head); });
    var body = el("tbody", "", "", table);
    var pager = el("div", "im-pager", "", box);
    var prev = button("im-prev", "\u2039", "Previous page (\u2190)", pager, function () { go(page - 1); });
    var where = el("span", "im-page", "", pager);
    var next = button("im-next", "\u203a", "Next page (\u2192)", pager, function () { go(page + 1); });
    el("div", "im-hint", "\u2190 \u2192 page \u00b7 Esc closes \u00b7 click a row for the full record", box);

    function row(i) {
      var tr = el("tr", "im-list-row", "", body);
      tr.setAttribute("data-incident", inc.id[i]);
      tr.tabIndex = -1;
      var day = inc.d[i];
      el("td", "im-list-date", day >= 0 ? dayToIso(day) : "undated", tr);
      el("td", "im-list-type", S[inc.t[i]], tr);
      var who = el("td", "im-list-who", "", tr);
      el("span", "im-attacker", S[inc.at[i]] || "unknown", who);
      el("span", "im-arrow", " \u2192 ", who);
      el("span", "im-target", S[inc.tg[i]] || "unknown", who);
      el("td", "im-list-deaths", deathsText(view, i), tr);
      tr.addEventListener("click", function (e) { L.DomEvent.stopPropagation(e); open(i); });
    }
    function go(p) {
      page = Math.max(0, Math.min(pages - 1, p));
      while (body.firstChild) { body.removeChild(body.firstChild); }
      order.slice(page * PAGE, page * PAGE + PAGE).forEach(row);
      var from = page * PAGE + 1, to = Math.min(order.length, from + PAGE - 1);
      where.textContent = fmt(from) + "\u2013" + fmt(to) + " of " + fmt(order.length);
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
      box.setAttribute("data-page", String(page));
    }
    function open(i) {
      var detail = el("div", "im-detail");
      detail.tabIndex = 0;
      button("im-back", "\u2039 Back to the list (" + fmt(order.length) + ")",
             "Back to the list", detail, function () { show(box); box.focus(); onPick(-1); });
      detail.appendChild(buildPopup(view, i));
      detail.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { L.DomEvent.stop(e); close(); }
        else if (e.key === "Backspace") { L.DomEvent.stop(e); show(box); box.focus(); onPick(-1); }
      });
      show(detail);
      detail.focus();
      onPick(i);
    }
    box.addEventListener("keydown", function (e) {
      if (e.key === "ArrowRight" || e.key === "ArrowDown" || e.key === "PageDown") {
        L.DomEvent.stop(e); go(page + 1);
      } else if (e.key === "ArrowLeft" || e.key === "ArrowUp" || e.key === "PageUp") {
        L.DomEvent.stop(e); go(page - 1);
      } else if (e.key === "Home") { L.DomEvent.stop(e); go(0); }
      else if (e.key === "End") { L.DomEvent.stop(e); go(pages - 1); }
      else if (e.key === "Escape") { L.DomEvent.stop(e); close(); }
      else { return; }
      e.preventDefault();
    });
    go(0);
    box.members = order;
    box.openIncident = open;
    box.goPage = go;
    return box;
  }
  U.buildList = buildList;
})();
