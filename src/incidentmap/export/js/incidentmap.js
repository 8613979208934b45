/* incidentmap: draws an incident map from one JSON data block (MIT licence, part of incidentmap).
 *
 * Safety rule of this file: text from the data (place names, notes, source titles, ...) is
 * only ever put into the page with textContent or as attribute values set through the DOM,
 * never with innerHTML, and only http(s) URLs become links. The data block itself is JSON in
 * a <script type="application/json"> element, parsed with JSON.parse: it is never run.
 *
 * Scale: all incidents are drawn by one canvas layer (no Leaflet object per incident), and a
 * popup is built only when an incident is clicked.
 */
(function () {
  "use strict";
  if (window.IncidentMap) { return; }
  var IM = window.IncidentMap = { maps: {}, version: 1 };
  var EARTH_CIRCUMFERENCE = 40075016.686;  // metres at the equator (Web Mercator sphere)
  var DAY_MS = 86400000;
  var OUTLINE_LIMIT = 3000;  // above this many drawn incidents, areas are drawn without outlines
  var AREA_CHUNK = 500;

  // -- small DOM helpers (textContent only) -------------------------------------------------
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
  function isoToDay(iso) {
    var t = Date.parse(iso + "T00:00:00Z");
    return isNaN(t) ? null : Math.round(t / DAY_MS);
  }

  // -- popups ---------------------------------------------------------------------------------
  function dayToIso(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  function buildPopup(data, i) {
    var S = data.strings, inc = data.incidents, rec = inc.info[i], src = data.sources;
    // rec: [id, place, type, attacker, target, where, placeSource,
    //       casualties, contested, proximity, sources, notes]
    var box = el("div", "im-popup");
    box.setAttribute("data-incident", rec[0]);
    el("div", "im-popup-title", rec[1] || "unnamed place", box);
    var day = inc.d[i];
    var when = [day >= 0 ? dayToIso(day) : "date not reported", S[rec[2]]].filter(Boolean);
    el("div", "im-popup-when", when.join(" \u00b7 "), box);
    var who = el("div", "im-popup-who", "", box);
    el("span", "im-attacker", S[rec[3]] || "unknown attacker", who);
    el("span", "im-arrow", " \u2192 ", who);
    el("span", "im-target", S[rec[4]] || "unknown target", who);
    var pos = el("div", "im-popup-where", "", box);
    el("span", "im-label", "Position: ", pos);
    el("span", "", S[rec[5]] + " (" + inc.lat[i].toFixed(4) + ", " + inc.lon[i].toFixed(4) + ")", pos);
    if (S[rec[6]]) { el("div", "im-popup-cite", "Place source: " + S[rec[6]], box); }

    var cas = rec[7];
    if (cas.length) {
      var head = el("div", "im-section", "Casualty claims", box);
      if (rec[8]) {
        el("span", "im-contested", "contested", head).title =
          "Sources give different figures; each is shown with who claims it.";
      }
      var table = el("table", "im-claims" + (rec[8] ? " im-claims-contested" : ""), "", box);
      cas.forEach(function (c) {
        // c: [label, claimedBy, sourceIndex, words]
        var tr = el("tr", "", "", table);
        el("td", "im-claim", c[0], tr);
        el("td", "im-claimed-by", S[c[1]] ? "per " + S[c[1]] : "claimant not given", tr);
        var td = el("td", "im-claim-source", "", tr);
        if (c[2] !== null) { sourceLink(src[c[2]], td); }
        if (c[3]) { el("div", "im-words", "\u201c" + c[3] + "\u201d", td); }
      });
    }
    var prox = rec[9];
    if (prox.length) {
      el("div", "im-section", "Reported distances", box);
      var ul = el("ul", "im-proximity", "", box);
      prox.forEach(function (p) {
        // p: [label, reference, words, sourceIndex]
        var li = el("li", "", "", ul);
        el("span", "im-distance", p[0], li);
        if (p[1]) { el("span", "im-reference", " from the " + p[1], li); }
        if (p[2]) { el("div", "im-words", "\u201c" + p[2] + "\u201d", li); }
        if (p[3] !== null) { sourceLink(src[p[3]], el("div", "", "", li)); }
      });
    }
    if (rec[10].length) {
      el("div", "im-section", "Sources", box);
      var ol = el("ol", "im-sources", "", box);
      rec[10].forEach(function (k) { sourceLink(src[k], el("li", "", "", ol)); });
    }
    if (rec[11]) {
      el("div", "im-section", "Notes", box);
      el("div", "im-notes", rec[11], box);
    }
    return box;
  }
  function sourceLink(s, parent) {
    // s: [outlet, title, url, date]
    var text = [s[0], s[1]].filter(Boolean).join(": ") || s[2] || "source";
    link(s[2], text, parent);
    if (s[3]) { el("span", "im-source-date", " (" + s[3] + ")", parent); }
  }

  // -- the incident canvas --------------------------------------------------------------------
  var IncidentCanvas = L.Canvas.extend({
    initialize: function (view, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._view = view;
    },
    onAdd: function () {
      L.Canvas.prototype.onAdd.call(this);
      this._container.style.pointerEvents = "none";
      this._container.setAttribute("data-im", "incidents");
    },
    _updatePaths: function () { if (!this._postponeUpdatePaths) { this._drawAll(); } },
    _draw: function () { this._drawAll(); },
    _redraw: function () { this._drawAll(); },
    _onZoomEnd: function () {},
    _drawAll: function () {
      var view = this._view, map = this._map, ctx = this._ctx;
      if (!map || !ctx || !this._bounds) { return; }
      var b = this._bounds, inc = view.data.incidents, n = inc.n;
      ctx.clearRect(b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y);
      var zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom);
      var origin = map.getPixelOrigin();
      var sx = view.sx, sy = view.sy, px = view.px, py = view.py, shown = view.shown;
      var metresPerPixelEquator = EARTH_CIRCUMFERENCE / scale;
      var colours = view.data.legend, nc = colours.length, drawn = 0;
      var minX = b.min.x - 60, maxX = b.max.x + 60, minY = b.min.y - 60, maxY = b.max.y + 60;
      var buckets = [];
      for (var c = 0; c < nc; c++) { buckets.push({ areas: [], rings: [], dots: [] }); }
      for (var i = 0; i < n; i++) {
        px[i] = NaN;
        if (!shown[i]) { continue; }
        var x = sx[i] * scale - origin.x, y = sy[i] * scale - origin.y;
        var rpx = inc.r[i] / (metresPerPixelEquator * view.cosLat[i]);
        if (x + rpx < minX || x - rpx > maxX || y + rpx < minY || y - rpx > maxY) { continue; }
        px[i] = x; py[i] = y; view.rpx[i] = rpx;
        var bucket = buckets[inc.c[i]];
        if (rpx >= 1.5) { bucket.areas.push(i); }
        if (inc.r[i] > 0 || view.areaOf[i]) { bucket.rings.push(i); } else { bucket.dots.push(i); }
        drawn++;
      }
      view.drawn = drawn;
      var k, j, list;
      // uncertainty areas first (translucent), then the centre marks on top. Painting cost
      // grows with the number of circles, so with many incidents the dashed outlines are
      // left out and areas that coincide on screen (same pixel, same radius) are drawn once.
      var many = drawn > OUTLINE_LIMIT;
      for (c = 0; c < nc; c++) {
        list = buckets[c].areas;
        if (!list.length) { continue; }
        var seen = many ? new Set() : null;
        ctx.beginPath();
        for (k = 0; k < list.length; k++) {
          j = list[k];
          if (many) {
            var key = ((Math.round(px[j]) + 8192) * 16384 + Math.round(py[j]) + 8192) * 4096 +
              Math.min(Math.round(view.rpx[j]), 4095);
            if (seen.has(key)) { continue; }
            seen.add(key);
          }
          ctx.moveTo(px[j] + view.rpx[j], py[j]);
          ctx.arc(px[j], py[j], view.rpx[j], 0, 2 * Math.PI);
          if (many && k % AREA_CHUNK === AREA_CHUNK - 1) {
            // paths of a few hundred circles paint faster than one path of thousands
            ctx.fillStyle = colours[c][1];
            ctx.globalAlpha = 0.12;
            ctx.fill();
            ctx.beginPath();
          }
        }
        ctx.fillStyle = colours[c][1];
        ctx.globalAlpha = 0.12;
        ctx.fill();
        if (!many) {
          ctx.globalAlpha = 0.55;
          ctx.lineWidth = 1;
          ctx.strokeStyle = colours[c][1];
          ctx.setLineDash([4, 3]);
          ctx.stroke();
          ctx.setLineDash([]);
        }
      }
      for (j in view.areaOf) {
        if (!shown[j]) { continue; }
        this._drawArea(view.areaOf[j], colours[inc.c[j]][1], scale, origin);
      }
      ctx.globalAlpha = 1;
      var dot = n > 20000 ? 3 : 5;
      for (c = 0; c < nc; c++) {
        list = buckets[c].rings;
        if (list.length) {  // hollow ring: the position is uncertain (two fills: cheaper than a stroke)
          ctx.beginPath();
          for (k = 0; k < list.length; k++) {
            j = list[k];
            ctx.moveTo(px[j] + dot + 1.5, py[j]);
            ctx.arc(px[j], py[j], dot + 1.5, 0, 2 * Math.PI);
            ctx.moveTo(px[j] + dot - 1.5, py[j]);
            ctx.arc(px[j], py[j], dot - 1.5, 0, 2 * Math.PI, true);
          }
          ctx.fillStyle = colours[c][1];
          ctx.fill("nonzero");
        }
        list = buckets[c].dots;
        if (list.length) {  // filled dot: the position is given as exact
          ctx.beginPath();
          for (k = 0; k < list.length; k++) {
            j = list[k];
            ctx.moveTo(px[j] + dot, py[j]);
            ctx.arc(px[j], py[j], dot, 0, 2 * Math.PI);
          }
          ctx.fillStyle = colours[c][1];
          ctx.fill();
          ctx.lineWidth = 1;
          ctx.strokeStyle = "#ffffff";
          ctx.stroke();
        }
      }
    },
    _drawArea: function (rings, colour, scale, origin) {
      var ctx = this._ctx, map = this._map;
      ctx.beginPath();
      rings.forEach(function (ring) {
        ring.forEach(function (ll, idx) {
          var p = map.project([ll[1], ll[0]], map.getZoom()).subtract(origin);
          if (idx === 0) { ctx.moveTo(p.x, p.y); } else { ctx.lineTo(p.x, p.y); }
        });
        ctx.closePath();
      });
      ctx.globalAlpha = 0.15;
      ctx.fillStyle = colour;
      ctx.fill("evenodd");
      ctx.globalAlpha = 0.7;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }
  });

  function hitTest(view, containerPoint) {
    var map = view.map, lp = map.containerPointToLayerPoint(containerPoint);
    var px = view.px, py = view.py, n = view.data.incidents.n;
    var best = -1, bestD = 81;  // within 9 px of a centre mark
    for (var i = 0; i < n; i++) {
      if (px[i] !== px[i]) { continue; }  // NaN: not drawn
      var dx = px[i] - lp.x, dy = py[i] - lp.y, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  // -- controls -------------------------------------------------------------------------------
  function legendControl(view) {
    var data = view.data;
    var ctl = L.control({ position: "bottomright" });
    ctl.onAdd = function () {
      var box = el("div", "im-legend leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      el("div", "im-legend-title", "Attacker", box);
      data.legend.forEach(function (entry, c) {
        var row = el("label", "im-legend-row", "", box);
        var cb = el("input", "im-actor-filter", "", row);
        cb.type = "checkbox";
        cb.checked = true;
        cb.setAttribute("data-actor-index", String(c));
        cb.addEventListener("change", function () {
          view.actorOn[c] = cb.checked;
          view.applyFilter();
        });
        var sw = el("span", "im-swatch", "", row);
        sw.style.background = entry[1];
        el("span", "im-actor-name", entry[0], row);
        el("span", "im-count", " (" + entry[2] + ")", row);
      });
      el("div", "im-legend-title", "Position", box);
      var r1 = el("div", "im-legend-row", "", box);
      el("span", "im-key im-key-exact", "", r1);
      el("span", "", "given as exact", r1);
      var r2 = el("div", "im-legend-row", "", box);
      el("span", "im-key im-key-uncertain", "", r2);
      el("span", "", "uncertain: the true spot is somewhere in the dashed area", r2);
      if (data.rings.length) {
        el("div", "im-legend-title", "Reported distances", box);
        [["upper", "at most / less than (upper bound)"],
         ["lower", "at least / more than (lower bound)"],
         ["approx", "about (band of \u00b125%)"],
         ["exact", "as stated"]].forEach(function (kv) {
          if (!data.rings.some(function (r) { return r.bound === kv[0]; })) { return; }
          var row = el("div", "im-legend-row", "", box);
          el("span", "im-key im-ring-" + kv[0], "", row);
          el("span", "", kv[1], row);
        });
      }
      if (data.dates) {
        el("div", "im-legend-title", "Dates", box);
        var row = el("div", "im-dates", "", box);
        var from = el("input", "im-date-from", "", row);
        from.type = "date";
        from.min = data.dates[0]; from.max = data.dates[1]; from.value = data.dates[0];
        el("span", "", " to ", row);
        var to = el("input", "im-date-to", "", row);
        to.type = "date";
        to.min = data.dates[0]; to.max = data.dates[1]; to.value = data.dates[1];
        var und = el("label", "im-legend-row", "", box);
        var ucb = el("input", "im-undated", "", und);
        ucb.type = "checkbox";
        ucb.checked = true;
        el("span", "", "include undated incidents", und);
        var onDate = function () {
          view.dayFrom = isoToDay(from.value);
          view.dayTo = isoToDay(to.value);
          view.undated = ucb.checked;
          view.applyFilter();
        };
        from.addEventListener("change", onDate);
        to.addEventListener("change", onDate);
        ucb.addEventListener("change", onDate);
      }
      view.countBox = el("div", "im-shown", "", box);
      if (data.credits && data.credits.length) {
        el("div", "im-credits", "Map software: " + data.credits.join("; "), box);
      }
      return box;
    };
    return ctl;
  }

  function titleControl(text) {
    var ctl = L.control({ position: "topright" });
    ctl.onAdd = function () {
      var box = el("div", "im-title", text);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return ctl;
  }

  // -- context layers -------------------------------------------------------------------------
  var CONTEXT_STYLE = {
    river: { color: "#3b7dd8", weight: 2, opacity: 0.9 },
    border: { color: "#555555", weight: 1.6, dashArray: "8 4 2 4", opacity: 0.9 },
    region: { color: "#8c8c8c", weight: 0.8, fill: false, opacity: 0.8 },
    lake: { color: "#3b7dd8", weight: 1, fillColor: "#a9c8ec", fillOpacity: 0.9 },
    zone: { color: "#b15928", weight: 1.5, dashArray: "6 4", fillColor: "#b15928", fillOpacity: 0.06 },
    places: {}
  };
  function tooltipText(text) { return el("span", "im-tip", text); }
  function contextLayer(layer) {
    var kind = layer.kind;
    if (kind === "places") {
      var group = L.layerGroup();
      layer.features.forEach(function (f) {
        // f: [name, lat, lon, kind, major]
        var m = L.circleMarker([f[1], f[2]], {
          radius: f[4] ? 3.5 : 3, color: "#333", weight: 1,
          fillColor: f[4] ? "#333" : "#fff", fillOpacity: 1
        });
        m.bindTooltip(tooltipText(f[0] + (f[4] ? "" : " (" + f[3].replace("_", " ") + ")")), {
          permanent: !!f[4], direction: "right", className: "im-place-label", offset: [4, 0]
        });
        group.addLayer(m);
      });
      return group;
    }
    return L.geoJSON(layer.geojson, {
      style: function () { return CONTEXT_STYLE[kind] || {}; },
      onEachFeature: function (feature, lyr) {
        lyr.bindTooltip(tooltipText(feature.properties.name), { sticky: true });
      }
    });
  }

  // -- the map --------------------------------------------------------------------------------
  IM.render = function (map, dataElementId, mapName) {
    var data = JSON.parse(document.getElementById(dataElementId).textContent);
    L.DomUtil.addClass(map.getContainer(), "im-map");
    var inc = data.incidents, n = inc.n;
    var view = {
      map: map, data: data, drawn: 0,
      sx: new Float64Array(n), sy: new Float64Array(n), cosLat: new Float64Array(n),
      px: new Float64Array(n), py: new Float64Array(n), rpx: new Float64Array(n),
      shown: new Uint8Array(n), actorOn: data.legend.map(function () { return true; }),
      dayFrom: null, dayTo: null, undated: true, areaOf: {}
    };
    for (var i = 0; i < n; i++) {
      // Web Mercator at zoom 0, in units of the 256-px world (EPSG:3857, as Leaflet does)
      var lat = inc.lat[i], sin = Math.sin(lat * Math.PI / 180);
      sin = Math.max(Math.min(sin, 0.9999999), -0.9999999);
      view.sx[i] = (inc.lon[i] + 180) / 360;
      view.sy[i] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
      view.cosLat[i] = Math.cos(lat * Math.PI / 180);
      view.shown[i] = 1;
    }
    Object.keys(inc.areas).forEach(function (k) { view.areaOf[k] = inc.areas[k]; });

    map.createPane("im-base");
    map.getPane("im-base").style.zIndex = 150;
    map.createPane("im-incidents");
    map.getPane("im-incidents").style.zIndex = 450;
    map.getPane("im-incidents").style.pointerEvents = "none";

    // base layers: the offline Natural Earth map, and optional online tiles
    var bases = {};
    var offline = L.geoJSON(data.base, {
      pane: "im-base", interactive: false,
      style: function () {
        return { color: "#9a9a9a", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 };
      }
    });
    bases["Offline base map (Natural Earth)"] = offline;
    offline.addTo(map);
    data.tiles.forEach(function (t) {
      bases[t.name] = L.tileLayer(t.url, { attribution: t.attribution, maxZoom: t.max_zoom });
    });

    var overlays = {};
    data.context.forEach(function (layer) {
      var lyr = contextLayer(layer);
      overlays[layer.name] = lyr;
      if (layer.shown) { lyr.addTo(map); }
    });

    // proximity rings, lines between positions, and force positions
    var distances = L.layerGroup();
    var ringLayers = [];
    data.rings.forEach(function (r) {
      var style = {
        upper: { dashArray: "10 6", weight: 2.5 },
        lower: { dashArray: "2 5", weight: 2.5 },
        approx: { weight: 2.5 },
        exact: { weight: 2.5 }
      }[r.bound];
      var group = L.layerGroup();
      if (r.band) {
        group.addLayer(L.polygon(r.band, {
          color: r.colour, weight: 0, fillOpacity: 0.12, interactive: false
        }));
      }
      var ring = L.polygon(r.latlngs, L.extend({
        color: r.colour, fill: false, opacity: 0.95, className: "im-ring im-ring-line-" + r.bound
      }, style));
      group.addLayer(L.tooltip({
        permanent: true, direction: r.label_side, className: "im-ring-label", interactive: false
      }).setLatLng(r.label_at).setContent(tooltipText(r.label)));
      ring.bindPopup(function () {
        var box = el("div", "im-popup");
        el("div", "im-popup-title", r.label, box);
        el("div", "", "Measured from the " + (r.reference || "incident") +
          "; radius " + (r.radius_m / 1000).toFixed(3) + " km on the WGS84 ellipsoid.", box);
        if (r.words) { el("div", "im-words", "\u201c" + r.words + "\u201d", box); }
        if (r.source !== null) { sourceLink(data.sources[r.source], el("div", "", "", box)); }
        return box;
      });
      group.addLayer(ring);
      ringLayers.push({ group: group, ring: ring, radius_m: r.radius_m, center: [r.lat, r.lon],
                        incident: r.incident, label: r.label });
      distances.addLayer(group);
    });
    var linkLayers = [];
    data.links.forEach(function (k) {
      var line = L.polyline(k.latlngs, { color: "#222", weight: 2, dashArray: "1 5",
                                          className: "im-link" });
      line.bindTooltip(tooltipText(k.label), { permanent: true, direction: "center",
                                                className: "im-link-label" });
      linkLayers.push({ line: line, length_m: k.length_m, incident: k.incident });
      distances.addLayer(line);
    });
    data.forces.forEach(function (f) {
      // f: {force, date, lat, lon, rings (area) or null}
      var lyr = f.area
        ? L.polygon(f.area, { color: "#444", weight: 1.5, fillColor: "#444", fillOpacity: 0.08,
                              dashArray: "3 3" })
        : L.circleMarker([f.lat, f.lon], { radius: 6, color: "#222", weight: 2,
                                            fillColor: "#ffffff", fillOpacity: 1 });
      lyr.bindTooltip(tooltipText(f.force + (f.date ? " (" + f.date + ")" : "")),
                      { permanent: true, direction: "right", className: "im-force-label" });
      distances.addLayer(lyr);
    });
    if (data.rings.length || data.links.length || data.forces.length) {
      overlays["Reported distances and forces"] = distances;
      distances.addTo(map);
    }

    // with few incidents, each carries a label: date and place
    var labels = [];
    if (n <= data.label_limit) {
      for (i = 0; i < n; i++) {
        var day = inc.d[i], rec = inc.info[i];
        labels.push(L.tooltip({
          permanent: true, direction: "left", className: "im-incident-label", offset: [-8, 0]
        }).setLatLng([inc.lat[i], inc.lon[i]])
          .setContent(tooltipText((day >= 0 ? dayToIso(day) + " \u00b7 " : "") + rec[1])));
      }
    }
    var canvas = new IncidentCanvas(view, { pane: "im-incidents", padding: 0.1 });
    var incidentsLayer = L.layerGroup();
    incidentsLayer.onAdd = function (m) {
      canvas.addTo(m);
      labels.forEach(function (t, k) { if (view.shown[k]) { t.addTo(m); } });
    };
    incidentsLayer.onRemove = function (m) {
      m.removeLayer(canvas);
      labels.forEach(function (t) { m.removeLayer(t); });
    };
    overlays["Incidents (" + n + ")"] = incidentsLayer;
    incidentsLayer.addTo(map);

    L.control.layers(bases, overlays, { collapsed: false, position: "topright" }).addTo(map);
    if (data.title) { titleControl(data.title).addTo(map); }
    legendControl(view).addTo(map);
    map.attributionControl.addAttribution(data.attribution);
    if (L.Control.FullScreen) {
      new L.Control.FullScreen({ position: "topleft", title: "Full screen",
                                 titleCancel: "Leave full screen" }).addTo(map);
    }
    if (L.control.polylineMeasure) {
      L.control.polylineMeasure({ position: "topleft", unit: "kilometres", showBearings: false,
                                   clearMeasurementsOnStop: false, showClearControl: true })
        .addTo(map);
    }

    view.applyFilter = function () {
      var dd = inc.d, cc = inc.c, count = 0;
      for (var i = 0; i < n; i++) {
        var ok = view.actorOn[cc[i]];
        if (ok) {
          if (dd[i] < 0) { ok = view.undated; }
          else if (view.dayFrom !== null && dd[i] < view.dayFrom) { ok = false; }
          else if (view.dayTo !== null && dd[i] > view.dayTo) { ok = false; }
        }
        view.shown[i] = ok ? 1 : 0;
        count += ok ? 1 : 0;
      }
      ringLayers.forEach(function (r) {
        var on = view.shown[r.incident] === 1;
        if (on && !distances.hasLayer(r.group)) { distances.addLayer(r.group); }
        if (!on && distances.hasLayer(r.group)) { distances.removeLayer(r.group); }
      });
      linkLayers.forEach(function (k) {
        var on = view.shown[k.incident] === 1;
        if (on && !distances.hasLayer(k.line)) { distances.addLayer(k.line); }
        if (!on && distances.hasLayer(k.line)) { distances.removeLayer(k.line); }
      });
      labels.forEach(function (t, k) {
        var on = view.shown[k] === 1 && map.hasLayer(incidentsLayer);
        if (on && !map.hasLayer(t)) { t.addTo(map); }
        if (!on && map.hasLayer(t)) { map.removeLayer(t); }
      });
      view.shownCount = count;
      if (view.countBox) { view.countBox.textContent = count + " of " + n + " incidents shown"; }
      if (canvas._map) { canvas._drawAll(); }
    };

    function openIncident(i, latlng) {
      var popup = L.popup({ maxWidth: 380, className: "im-incident-popup" })
        .setLatLng(latlng || [inc.lat[i], inc.lon[i]])
        .setContent(buildPopup(data, i));
      popup.openOn(map);
      return popup;
    }
    map.on("click", function (e) {
      if (!map.hasLayer(incidentsLayer)) { return; }
      var i = hitTest(view, e.containerPoint);
      if (i >= 0) { openIncident(i); }
    });
    map.on("mousemove", function (e) {
      if (!map.hasLayer(incidentsLayer)) { return; }
      map.getContainer().style.cursor = hitTest(view, e.containerPoint) >= 0 ? "pointer" : "";
    });

    var b = data.bounds;
    // leave room for the legend and the layer switch on wide maps; no animation, so the first
    // frame (and a screenshot of it) is the final view
    var wide = map.getSize().x > 900;
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {
      animate: false,
      paddingTopLeft: [50, 20],
      paddingBottomRight: [wide ? 300 : 10, 20]
    });
    view.applyFilter();

    // what tests and embedding pages may use
    var api = {
      count: n,
      view: view,
      rings: ringLayers,
      links: linkLayers,
      shown: function () { return view.shownCount; },
      drawn: function () { return view.drawn; },
      openPopup: function (i) { return openIncident(i).getElement(); },
      indexOf: function (id) { return inc.info.findIndex(function (r) { return r[0] === id; }); },
      containerPointOf: function (i) {
        return map.latLngToContainerPoint([inc.lat[i], inc.lon[i]]);
      }
    };
    IM.maps[mapName] = api;
    return api;
  };
})();
