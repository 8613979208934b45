/* incidentmap filters: which incidents are shown, with live counts per value, and the panel
 * that sets them (MIT licence, part of incidentmap).
 *
 * Every filter is a facet: actor group, event type, location precision, source, deaths, the
 * search box and the time range. The counts beside a facet's values are the incidents that
 * pass every OTHER facet (as on faceted search pages), so unticking a value shows what it
 * would bring back. One pass over the typed columns computes the shown set and every count.
 */
(function () {
  "use strict";
  var IM = window.IncidentMap, U = IM._, el = U.el, fmt = U.fmt;
  var G = 1, T = 2, P = 3, K = 4, SRC = 5, Q = 6, D = 7;
  var FACET_ROWS = 10;  // rows of a long facet shown before "other" and the search box

  // -- state and per-incident columns for the facets ------------------------------------------
  U.makeFilters = function (view) {
    var data = view.data, inc = data.incidents, n = view.n, S = data.strings;
    // event types, most frequent first
    var typeCount = new Map();
    for (var i = 0; i < n; i++) { typeCount.set(inc.t[i], (typeCount.get(inc.t[i]) || 0) + 1); }
    var types = Array.from(typeCount.keys()).sort(function (a, b) {
      return (typeCount.get(b) - typeCount.get(a)) || (S[a] < S[b] ? -1 : 1);
    });
    var typeSlot = new Map();
    types.forEach(function (t, k) { typeSlot.set(t, k); });
    var ti = new Int32Array(n);
    for (i = 0; i < n; i++) { ti[i] = typeSlot.get(inc.t[i]); }
    // source outlets, most cited first; "no source given" last when there are such incidents
    var outletCount = new Map(), none = 0, perInc = new Array(n);
    for (i = 0; i < n; i++) {
      var seen = [];
      inc.src[i].forEach(function (k) {
        var o = data.sources[k][0];
        if (seen.indexOf(o) < 0) { seen.push(o); }
      });
      perInc[i] = seen;
      if (!seen.length) { none++; }
      seen.forEach(function (o) { outletCount.set(o, (outletCount.get(o) || 0) + 1); });
    }
    var outlets = Array.from(outletCount.keys()).sort(function (a, b) {
      return (outletCount.get(b) - outletCount.get(a)) || (S[a] < S[b] ? -1 : 1);
    });
    var outletSlot = new Map();
    outlets.forEach(function (o, k) { outletSlot.set(o, k); });
    var noneSlot = none ? outlets.length : -1;
    var outletLabels = outlets.map(function (o) { return S[o] || "(outlet not named)"; });
    if (none) { outletLabels.push("(no source given)"); }
    var o1 = new Int32Array(n), oMany = new Array(n);
    for (i = 0; i < n; i++) {
      var slots = perInc[i].map(function (o) { return outletSlot.get(o); });
      if (!slots.length) { slots = [noneSlot]; }
      o1[i] = slots[0];
      oMany[i] = slots.length > 1 ? slots : null;
    }
    // actor groups: the first group per incident, and the list when there are several
    var g1 = new Int32Array(n), gMany = new Array(n);
    for (i = 0; i < n; i++) {
      var gs = view.groupsOf(i);
      g1[i] = gs[0];
      gMany[i] = gs.length > 1 ? gs : null;
    }
    var ng = data.groups.length, nt = types.length, no = outletLabels.length;
    var f = {
      groupOn: new Uint8Array(ng).fill(1), typeOn: new Uint8Array(nt).fill(1),
      precOn: new Uint8Array(data.precisions.length).fill(1), outletOn: new Uint8Array(no).fill(1),
      deathsMin: 0, q: "", qHit: null, from: null, to: null, undated: true,
      types: types, typeLabels: types.map(function (t) { return S[t] || "(type not given)"; }),
      outletLabels: outletLabels, ti: ti, g1: g1, gMany: gMany, o1: o1, oMany: oMany,
      counts: {
        g: new Int32Array(ng), t: new Int32Array(nt), p: new Int32Array(data.precisions.length),
        s: new Int32Array(no), gOther: 0, sOther: 0, tOther: 0
      },
      listeners: []
    };
    view.f = f;
    view.shownCount = n;
    view.shownPoints = 0;
    for (i = 0; i < n; i++) { if (inc.a[i] < 0) { view.shownPoints++; } }
    view.areaShown = new Int32Array(data.areas.length);
    return f;
  };

  function anyOn(first, many, on) {
    if (many === null) { return on[first] === 1; }
    for (var k = 0; k < many.length; k++) { if (on[many[k]]) { return true; } }
    return false;
  }
  function tally(counts, first, many, top) {
    // returns 1 when one of the values is past the top rows ("other")
    if (many === null) { counts[first]++; return first >= top ? 1 : 0; }
    var other = 0;
    for (var k = 0; k < many.length; k++) { counts[many[k]]++; if (many[k] >= top) { other = 1; } }
    return other;
  }

  /* The search: which strings match, then which incidents name one of them. */
  U.setQuery = function (view, text) {
    var f = view.f, data = view.data, S = data.strings, inc = data.incidents;
    f.q = text || "";
    var needle = U.fold(f.q.trim());
    if (!needle) { f.qHit = null; return; }
    if (!view.folded) { view.folded = S.map(U.fold); }
    var hitS = new Uint8Array(S.length);
    for (var k = 0; k < S.length; k++) { hitS[k] = view.folded[k].indexOf(needle) >= 0 ? 1 : 0; }
    var hit = new Uint8Array(view.n);
    for (var i = 0; i < view.n; i++) {
      var ok = hitS[inc.pl[i]] || hitS[inc.at[i]] || hitS[inc.tg[i]] || hitS[inc.t[i]] ||
        hitS[data.wheres[inc.wh[i]][0]] || inc.id[i].toLowerCase().indexOf(needle) >= 0;
      if (!ok) {
        var nt = inc.nt[i];
        for (var j = 0; j < nt.length && !ok; j++) { ok = hitS[nt[j]] === 1; }
      }
      hit[i] = ok ? 1 : 0;
    }
    f.qHit = hit;
  };

  /* One pass: the shown set, the counts of every facet, the time histogram. */
  U.evaluate = function (view) {
    var f = view.f, data = view.data, inc = data.incidents, n = view.n;
    var c = f.counts, top = data.top;
    c.g.fill(0); c.t.fill(0); c.p.fill(0); c.s.fill(0);
    c.gOther = 0; c.sOther = 0;
    var hist = view.hist, binOf = view.binOf;
    if (hist) { hist.fill(0); }
    var undatedPass = 0, shown = 0, points = 0;
    view.areaShown.fill(0);
    var dmin = f.deathsMin, from = f.from, to = f.to, qHit = f.qHit;
    var d = inc.d, pArr = inc.p, kArr = inc.k, aArr = inc.a;
    for (var i = 0; i < n; i++) {
      var fails = 0, which = 0;
      if (!anyOn(f.g1[i], f.gMany[i], f.groupOn)) { fails++; which = G; }
      if (!f.typeOn[f.ti[i]]) { fails++; which = T; }
      if (!f.precOn[pArr[i]]) { fails++; which = P; }
      if (dmin > 0 && kArr[i] < dmin) { fails++; which = K; }
      if (!anyOn(f.o1[i], f.oMany[i], f.outletOn)) { fails++; which = SRC; }
      if (qHit !== null && !qHit[i]) { fails++; which = Q; }
      var day = d[i];
      if (day < 0 ? !f.undated : ((from !== null && day < from) || (to !== null && day > to))) {
        fails++; which = D;
      }
      if (fails > 1) { view.shown[i] = 0; continue; }
      if (fails === 0) {
        view.shown[i] = 1;
        shown++;
        if (aArr[i] < 0) { points++; } else { view.areaShown[aArr[i]]++; }
      } else {
        view.shown[i] = 0;
      }
      if (fails === 0 || which === G) { c.gOther += tally(c.g, f.g1[i], f.gMany[i], top); }
      if (fails === 0 || which === T) { c.t[f.ti[i]]++; }
      if (fails === 0 || which === P) { c.p[pArr[i]]++; }
      if (fails === 0 || which === SRC) { c.sOther += tally(c.s, f.o1[i], f.oMany[i], FACET_ROWS); }
      if (fails === 0 || which === D) {
        if (day < 0) { undatedPass++; } else if (hist) { hist[binOf[i]]++; }
      }
    }
    view.shownCount = shown;
    view.shownPoints = points;
    view.undatedPass = undatedPass;
    f.listeners.forEach(function (fn) { fn(); });
  };

  // -- the panel --------------------------------------------------------------------------------
  function facetList(view, parent, spec) {
    /* spec: {key, title, labels, colours (or null), on (Uint8Array), count(k), other() (or null),
     * top, search (placeholder or null), cls} */
    var box = el("div", "im-facet im-facet-" + spec.key, "", parent);
    var rows = [];
    function row(k, into) {
      var label = el("label", "im-facet-row", "", into);
      var cb = el("input", "im-facet-cb " + (spec.cls || ""), "", label);
      cb.type = "checkbox";
      cb.checked = spec.on[k] === 1;
      cb.setAttribute("data-facet", spec.key);
      cb.setAttribute("data-value", String(k));
      cb.addEventListener("change", function () { spec.on[k] = cb.checked ? 1 : 0; spec.changed(); });
      if (spec.colours) {
        var sw = el("span", "im-swatch", "", label);
        sw.style.background = spec.colours[k];
      }
      el("span", "im-facet-name", spec.labels[k], label);
      var cnt = el("span", "im-count", "", label);
      var r = { k: k, cb: cb, cnt: cnt, label: label };
      rows.push(r);
      return r;
    }
    var top = Math.min(spec.top, spec.labels.length);
    for (var k = 0; k < top; k++) { row(k, box); }
    var other = null, matches = null, search = null;
    if (spec.labels.length > top) {
      var label = el("label", "im-facet-row im-facet-other", "", box);
      var cb = el("input", "im-facet-cb im-other-cb", "", label);
      cb.type = "checkbox";
      cb.checked = true;
      cb.setAttribute("data-facet", spec.key);
      cb.setAttribute("data-value", "other");
      if (spec.colours) { el("span", "im-swatch", "", label).style.background = "#9a9a9a"; }
      el("span", "im-facet-name", (spec.labels.length - top) + " other " + spec.otherWord, label);
      var cnt = el("span", "im-count", "", label);
      cb.addEventListener("change", function () {
        for (var j = top; j < spec.labels.length; j++) { spec.on[j] = cb.checked ? 1 : 0; }
        spec.changed();
      });
      other = { cb: cb, cnt: cnt };
      search = el("input", "im-facet-search", "", box);
      search.type = "search";
      search.placeholder = spec.search;
      search.setAttribute("aria-label", spec.search);
      matches = el("div", "im-facet-matches", "", box);
      search.addEventListener("input", function () {
        while (matches.firstChild) { matches.removeChild(matches.firstChild); }
        rows = rows.filter(function (r) { return r.k < top; });
        var needle = U.fold(search.value.trim());
        if (!needle) { update(); return; }
        var found = 0;
        for (var j = 0; j < spec.labels.length && found < 12; j++) {
          if (U.fold(spec.labels[j]).indexOf(needle) >= 0) { row(j, matches); found++; }
        }
        if (!found) { el("div", "im-none", "no match", matches); }
        update();
      });
    }
    function update() {
      rows.forEach(function (r) {
        var c = spec.count(r.k);
        r.cnt.textContent = fmt(c);
        r.cb.checked = spec.on[r.k] === 1;
        r.label.classList.toggle("im-off", spec.on[r.k] !== 1);
        r.label.classList.toggle("im-zero", c === 0);
      });
      if (other) {
        var on = 0;
        for (var j = top; j < spec.labels.length; j++) { on += spec.on[j]; }
        other.cb.checked = on > 0;
        other.cb.indeterminate = on > 0 && on < spec.labels.length - top;
        other.cnt.textContent = fmt(spec.other());
      }
    }
    return { update: update, box: box };
  }

  function section(parent, title, open, cls) {
    var d = el("details", "im-section-box " + (cls || ""), "", parent);
    d.open = open;
    el("summary", "im-panel-title", title, d);
    return d;
  }

  U.panelControl = function (view, opts) {
    var data = view.data, f = view.f;
    var ctl = L.control({ position: "topright" });
    ctl.onAdd = function () {
      var box = el("div", "im-panel leaflet-bar");
      U.isolate(box);
      var head = el("div", "im-panel-head", "", box);
      var toggle = U.button("im-panel-toggle", "Filters", "Show or hide the filters", head);
      view.countBox = el("div", "im-shown", "", head);
      view.areaBox = el("div", "im-shown-areas", "", head);
      var body = el("div", "im-panel-body", "", box);
      toggle.addEventListener("click", function () { box.classList.toggle("im-collapsed"); });
      if (view.map.getSize().x < 640) { box.classList.add("im-collapsed"); }

      var q = el("input", "im-search", "", body);
      q.type = "search";
      q.placeholder = "Search places, actors, notes, ids";
      q.setAttribute("aria-label", "Search places, actors, notes and ids");
      var timer = null;
      q.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { U.setQuery(view, q.value); opts.changed(); }, 120);
      });
      q.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { clearTimeout(timer); U.setQuery(view, q.value); opts.changed(); }
      });
      view.searchBox = q;

      var facets = [];
      var groups = section(body, opts.groupTitle, true, "im-groups");
      facets.push(facetList(view, groups, {
        key: "g", labels: data.groups.map(function (g) { return g[0]; }),
        colours: data.groups.map(function (g) { return g[1]; }), on: f.groupOn, top: data.top,
        count: function (k) { return f.counts.g[k]; }, other: function () { return f.counts.gOther; },
        search: "Find a group", otherWord: "groups", cls: "im-actor-filter", changed: opts.changed
      }));
      if (f.types.length > 1) {
        var types = section(body, "Event type", f.types.length <= 8, "im-types");
        facets.push(facetList(view, types, {
          key: "t", labels: f.typeLabels, colours: null, on: f.typeOn, top: FACET_ROWS,
          count: function (k) { return f.counts.t[k]; },
          other: function () {
            var s = 0;
            for (var k = FACET_ROWS; k < f.types.length; k++) { s += f.counts.t[k]; }
            return s;
          },
          search: "Find a type", otherWord: "types", cls: "im-type-filter", changed: opts.changed
        }));
      }
      var prec = section(body, "Location precision", true, "im-precision");
      facets.push(facetList(view, prec, {
        key: "p", labels: data.precisions.map(function (p) { return p[1]; }), colours: null,
        on: f.precOn, top: 10, count: function (k) { return f.counts.p[k]; }, other: null,
        cls: "im-precision-filter", changed: opts.changed
      }));
      var deaths = section(body, "Deaths", false, "im-deaths-box");
      var drow = el("label", "im-facet-row", "", deaths);
      el("span", "", "at least ", drow);
      var dmin = el("input", "im-deaths", "", drow);
      dmin.type = "number"; dmin.min = "0"; dmin.step = "1"; dmin.value = "0";
      dmin.setAttribute("aria-label", "Only incidents with at least this many killed");
      el("span", "", " killed (largest estimate of any claim)", drow);
      dmin.addEventListener("input", function () {
        var v = parseInt(dmin.value, 10);
        f.deathsMin = isFinite(v) && v > 0 ? v : 0;
        opts.changed();
      });
      view.deathsBox = dmin;
      if (f.outletLabels.length > 1) {
        var sources = section(body, "Source", false, "im-sources-box");
        facets.push(facetList(view, sources, {
          key: "s", labels: f.outletLabels, colours: null, on: f.outletOn, top: FACET_ROWS,
          count: function (k) { return f.counts.s[k]; }, other: function () { return f.counts.sOther; },
          search: "Find an outlet", otherWord: "outlets", cls: "im-source-filter", changed: opts.changed
        }));
      }
      var tools = el("div", "im-panel-tools", "", body);
      U.button("im-reset", "Reset filters", "Show every incident again", tools, opts.reset);
      var copy = U.button("im-copy-link", "Copy link to this view",
                          "The link holds the view, the filters and the open incident", tools);
      var linkOut = el("input", "im-link-out", "", tools);
      linkOut.readOnly = true;
      linkOut.setAttribute("aria-label", "Link to this view");
      copy.addEventListener("click", function () {
        linkOut.value = opts.link();
        linkOut.style.display = "block";
        linkOut.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(linkOut.value).catch(function () {});
        }
      });
      opts.key(section(body, "Map key", view.n <= 30, "im-key-box"));
      if (data.credits && data.credits.length) {
        el("div", "im-credits", "Map software: " + data.credits.join("; "), body);
      }
      view.refreshPanel = function () {
        facets.forEach(function (fc) { fc.update(); });
        q.value = f.q;
        dmin.value = String(f.deathsMin);
        view.countBox.textContent = fmt(view.shownCount) + " of " + fmt(view.n) + " incidents shown";
        var inAreas = view.shownCount - view.shownPoints;
        view.areaBox.textContent = inAreas
          ? fmt(inAreas) + " of them located only to a governorate or country (dashed areas)"
          : "";
      };
      return box;
    };
    return ctl;
  };
})();
