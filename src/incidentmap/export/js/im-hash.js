/* incidentmap links: the URL's #hash holds the view, the filters and the open incident, so
 * that a view can be cited and a link restores it (MIT licence, part of incidentmap).
 *
 *   #z=9/36.2012/37.1612&from=2017-01-01&to=2017-03-31&g=0,2&p=0,1&k=5&q=aleppo&incident=ucdp-1
 *
 * z: zoom/lat/lon; from, to: ISO dates; undated=0: undated incidents hidden; g, t, p, s: the
 * actor groups, event types, precision classes and sources shown (their numbers in the legend),
 * or gx, tx, px, sx: those hidden, whichever is shorter; k: at least this many killed; q: the
 * search; density=1; incident: the id of the incident whose popup is open. Values are
 * read as data: a number list that does not parse, an unknown id or a bad date is ignored.
 */
(function () {
  "use strict";
  var IM = window.IncidentMap, U = IM._;
  var FACETS = [["g", "groupOn"], ["t", "typeOn"], ["p", "precOn"], ["s", "outletOn"]];

  function listOf(on, want) {
    var out = [];
    for (var k = 0; k < on.length; k++) { if (on[k] === want) { out.push(k); } }
    return out;
  }

  U.encodeHash = function (view) {
    var f = view.f, map = view.map, c = map.getCenter(), parts = [];
    parts.push("z=" + map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4));
    if (f.from !== null) { parts.push("from=" + U.dayToIso(f.from)); }
    if (f.to !== null) { parts.push("to=" + U.dayToIso(f.to)); }
    if (!f.undated) { parts.push("undated=0"); }
    FACETS.forEach(function (fc) {
      var on = f[fc[1]], shown = listOf(on, 1), hidden = listOf(on, 0);
      if (!hidden.length) { return; }
      parts.push(shown.length <= hidden.length ? fc[0] + "=" + shown.join(",")
                                               : fc[0] + "x=" + hidden.join(","));
    });
    if (f.deathsMin > 0) { parts.push("k=" + f.deathsMin); }
    if (f.q) { parts.push("q=" + encodeURIComponent(f.q)); }
    if (view.density) { parts.push("density=1"); }
    if (view.selected >= 0) {
      parts.push("incident=" + encodeURIComponent(view.data.incidents.id[view.selected]));
    }
    return "#" + parts.join("&");
  };

  function numbers(text, size) {
    if (!/^\d+(,\d+)*$/.test(text)) { return null; }
    var out = text.split(",").map(Number);
    return out.every(function (k) { return k < size; }) ? out : null;
  }

  /* Apply a hash to the view; returns {view: [zoom, lat, lon] or null, incident: id or null}. */
  U.decodeHash = function (view, hash) {
    var f = view.f, out = { view: null, incident: null };
    if (typeof hash !== "string" || hash.length < 2) { return out; }
    var params = {};
    hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var at = kv.indexOf("=");
      if (at <= 0) { return; }
      var value = kv.slice(at + 1);
      try { value = decodeURIComponent(value); } catch (e) { return; }
      params[kv.slice(0, at)] = value;
    });
    if (params.z) {
      var z = params.z.split("/").map(Number);
      if (z.length === 3 && z.every(isFinite) && Math.abs(z[1]) <= 90 && Math.abs(z[2]) <= 180) {
        out.view = z;
      }
    }
    var from = U.isoToDay(params.from || ""), to = U.isoToDay(params.to || "");
    f.from = from; f.to = to;
    f.undated = params.undated !== "0";
    FACETS.forEach(function (fc) {
      var on = f[fc[1]], shown = params[fc[0]], hidden = params[fc[0] + "x"];
      on.fill(1);
      if (shown !== undefined) {
        var list = numbers(shown, on.length);
        if (list) { on.fill(0); list.forEach(function (k) { on[k] = 1; }); }
      } else if (hidden !== undefined) {
        var off = numbers(hidden, on.length);
        if (off) { off.forEach(function (k) { on[k] = 0; }); }
      }
    });
    var k = parseInt(params.k || "0", 10);
    f.deathsMin = isFinite(k) && k > 0 ? k : 0;
    U.setQuery(view, params.q || "");
    view.density = params.density === "1";
    if (params.incident) { out.incident = params.incident; }
    return out;
  };
})();
