/* incidentmap: draws an incident map from one JSON data block (MIT licence, part of incidentmap).
 *
 * The parts live in the im-*.js files (core, canvas, filters, timeline, labels, hash); this one
 * puts them together on a Leaflet map: base map, context layers, areas that incidents are
 * counted on, reported distances, the incident canvas, the panel, the time line and the labels.
 */
(function () {
  "use strict";
  var IM = window.IncidentMap, U = IM._, el = U.el, fmt = U.fmt;

  // -- context layers -------------------------------------------------------------------------
  var CONTEXT_STYLE = {
    river: { color: "#3b7dd8", weight: 2, opacity: 0.9 },
    border: { color: "#555555", weight: 1.6, dashArray: "8 4 2 4", opacity: 0.9 },
    region: { color: "#8c8c8c", weight: 0.8, fill: false, opacity: 0.8 },
    lake: { color: "#3b7dd8", weight: 1, fillColor: "#a9c8ec", fillOpacity: 0.9 },
    zone: { color: "#b15928", weight: 1.5, dashArray: "6 4", fillColor: "#b15928", fillOpacity: 0.06 }
  };
  var MILITARY = { airbase: 1, military_base: 1, outpost: 1 };
  function tip(text) { return el("span", "im-tip", text); }

  function contextLayer(layer, labels, isOn) {
    var kind = layer.kind;
    if (kind === "places") {
      var group = L.layerGroup();
      layer.features.forEach(function (f) {
        // f: [name, lat, lon, kind, major, population]
        var m;
        if (f[4]) {
          m = L.circleMarker([f[1], f[2]], { radius: 3.5, color: "#333", weight: 1,
                                             fillColor: "#333", fillOpacity: 1, interactive: false });
        } else {
          var shape = el("span", "im-site-shape " + (MILITARY[f[3]] ? "im-site-military" : "im-site-other"));
          var icon = L.divIcon({ className: "im-site", iconSize: [12, 12], iconAnchor: [6, 6], html: shape });
          // not interactive: incidents under a symbol must stay clickable; the label names it
          m = L.marker([f[1], f[2]], { icon: icon, keyboard: false, interactive: false,
                                       title: f[0] + " (" + f[3].replace(/_/g, " ") + ")" });
        }
        group.addLayer(m);
        labels.obstacle({ lat: f[1], lon: f[2], r: f[4] ? 4 : 6, visible: function () { return isOn(group); } });
        labels.add({ text: f[0], lat: f[1], lon: f[2], cls: f[4] ? "im-lbl-city" : "im-lbl-site",
                     prio: f[4] ? 60 + Math.min(15, 2 * Math.log10(1 + f[5])) : 50,
                     pos: ["r", "l", "t", "b"], d: f[4] ? 6 : 8, far: [12],
                     min: f[4] ? 0 : 7, visible: function () { return isOn(group); } });
      });
      return group;
    }
    var lyr = L.geoJSON(layer.geojson, {
      style: function () { return CONTEXT_STYLE[kind] || {}; },
      onEachFeature: function (feature, l) { l.bindTooltip(tip(feature.properties.name), { sticky: true }); }
    });
    if (kind === "zone") {
      layer.geojson.features.forEach(function (f) {
        var at = f.properties.at;
        labels.add({ text: f.properties.name, lat: at[0], lon: at[1], cls: "im-lbl-zone", prio: 80,
                     pos: ["c", "b", "t"], d: 0, visible: function () { return isOn(lyr); } });
      });
    }
    return lyr;
  }

  // -- areas that incidents are counted on -----------------------------------------------------
  function pointInRings(lon, lat, rings) {
    var inside = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
        if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
      }
    });
    return inside;
  }

  function areaLayer(view, openList, labels) {
    var data = view.data, group = L.layerGroup(), shapes = [];
    data.areas.forEach(function (area, k) {
      var latlngs = area.rings.map(function (r) { return r.map(function (p) { return [p[1], p[0]]; }); });
      var country = area.kind === "country";
      var poly = L.polygon(latlngs, {
        pane: "im-areas", interactive: false, color: "#54278f", weight: country ? 1 : 1.2,
        dashArray: "5 4", fill: !country, fillColor: "#756bb1", fillOpacity: 0.1, opacity: 0.6
      });
      group.addLayer(poly);
      // the count, placed with the other labels (beside clusters, not over them); it lists them
      var label = { text: area.name, lat: area.at[0], lon: area.at[1], cls: "im-lbl-area",
                    prio: country ? 98 : 99, pos: ["c", "b", "t", "r", "l", "br", "bl", "tr", "tl"],
                    d: 10, far: [30, 55, 80],
                    visible: function () { return view.map.hasLayer(group) && view.areaShown[k] > 0; },
                    onClick: function () { openList(members(k), area.name); } };
      labels.add(label);
      shapes.push({ poly: poly, label: label, k: k });
    });
    function members(k) {
      var out = [], inc = data.incidents;
      for (var i = 0; i < view.n; i++) { if (inc.a[i] === k && view.shown[i]) { out.push(i); } }
      return out;
    }
    function update() {
      var max = 1;
      shapes.forEach(function (s) { if (view.areaShown[s.k] > max) { max = view.areaShown[s.k]; } });
      shapes.forEach(function (s) {
        var n = view.areaShown[s.k], area = data.areas[s.k];
        s.label.text = fmt(n) + " " + area.name;
        s.label.parts = [["im-area-n", fmt(n)], ["im-area-name", " " + area.name]];
        s.label.title = fmt(n) + " incident(s) located only to " + area.name + " (" + area.kind +
          "), not to a place in it. Click to list them.";
        s.poly.setStyle({ opacity: n ? 0.6 : 0, fillOpacity: n ? 0.03 + 0.1 * Math.sqrt(n / max) : 0 });
      });
    }
    function at(latlng) {
      // the smallest area with shown incidents under a point (a governorate before its country)
      var best = -1;
      shapes.forEach(function (s) {
        if (!view.areaShown[s.k]) { return; }
        if (pointInRings(latlng.lng, latlng.lat, data.areas[s.k].rings)) {
          if (best < 0 || data.areas[best].kind === "country") { best = s.k; }
        }
      });
      return best;
    }
    return { layer: group, update: update, at: at, members: members };
  }

  // -- the map key -------------------------------------------------------------------------------
  function mapKey(view, box) {
    var data = view.data;
    function row(cls, text) {
      var r = el("div", "im-key-row", "", box);
      el("span", "im-key " + cls, "", r);
      el("span", "", text, r);
    }
    row("im-key-exact", "incident at an exact location");
    row("im-key-uncertain", "approximate location; the dashed outline is where it may be (shown when small on screen, or on hover)");
    if (view.n >= 300) {
      row("im-key-cluster", "cluster of incidents: the ring shows the actor groups; click to zoom in, Shift+click to list them");
    }
    row("im-key-stack", "several incidents at one spot: click to list them");
    if (data.areas.length) { row("im-key-area", "incidents located only to a governorate or a country: click the count to list them"); }
    row("im-key-density", "density: incidents per hexagon (layer \u201cDensity\u201d)");
    [["upper", "distance: at most / less than (upper bound)"],
     ["lower", "distance: at least / more than (lower bound)"],
     ["approx", "distance: about (band of \u00b125%)"],
     ["exact", "distance as stated"]].forEach(function (kv) {
      if (data.rings.some(function (r) { return r.bound === kv[0]; })) { row("im-ring-" + kv[0], kv[1]); }
    });
  }

  // -- the map ------------------------------------------------------------------------------------
  IM.render = function (map, dataElementId, mapName) {
    var data = JSON.parse(document.getElementById(dataElementId).textContent);
    L.DomUtil.addClass(map.getContainer(), "im-map");
    var view = U.makeView(map, data), f = U.makeFilters(view), inc = data.incidents, n = view.n;
    U.makeBins(view);
    var undatedTotal = 0;
    for (var i = 0; i < n; i++) { if (inc.d[i] < 0) { undatedTotal++; } }
    view.undatedTotal = undatedTotal;
    // the URL holds the state only on a page of its own with one map (not in embedded fragments)
    view.useHash = !!window.IncidentMapPage && Object.keys(IM.maps).length === 0;

    [["im-base", 150], ["im-areas", 420], ["im-incidents", 450]].forEach(function (p) {
      map.createPane(p[0]);
      map.getPane(p[0]).style.zIndex = p[1];
    });
    map.getPane("im-incidents").style.pointerEvents = "none";
    map.getPane("im-areas").style.pointerEvents = "none";
    var labels = U.labelLayer(map, view);
    function isOn(layer) { return map.hasLayer(layer); }

    // base layers: the offline Natural Earth map, and optional online tiles
    var bases = {};
    var offline = L.geoJSON(data.base, {
      pane: "im-base", interactive: false,
      style: function () { return { color: "#9a9a9a", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 }; }
    });
    bases["Offline base map (Natural Earth)"] = offline;
    offline.addTo(map);
    data.tiles.forEach(function (t) {
      bases[t.name] = L.tileLayer(t.url, { attribution: t.attribution, maxZoom: t.max_zoom });
    });
    data.base.features.forEach(function (feat) {
      if (feat.properties.kind !== "country" || !feat.properties.at) { return; }  // named once
      labels.add({ text: feat.properties.name.toUpperCase(), lat: feat.properties.at[0],
                   lon: feat.properties.at[1], cls: "im-lbl-country", prio: 70.5, pos: ["c", "b", "t"], d: 10, max: 9 });
    });

    var overlays = {};
    var townsLayer = L.layerGroup();
    view.townsOn = function () { return map.hasLayer(townsLayer); };
    data.context.forEach(function (layer) {
      var lyr = contextLayer(layer, labels, isOn);
      overlays[layer.name] = lyr;
      if (layer.shown) { lyr.addTo(map); }
    });
    if (data.towns.length) {
      overlays["Towns and villages (zoom " + data.town_zoom + "+)"] = townsLayer;
      townsLayer.addTo(map);
    }

    // areas that incidents are counted on
    var popup = null;
    function clearOfControls() {
      // a popup pans into the part of the map that the title, the panel and the time line leave
      var frame = map.getContainer().getBoundingClientRect(), pad = [[60, 20], [20, 20]];
      function edge(selector, fn) {
        var node = map.getContainer().querySelector(selector);
        if (node && node.offsetParent !== null) { fn(node.getBoundingClientRect()); }
      }
      edge(".im-title-box", function (r) { pad[0][1] = Math.max(pad[0][1], r.bottom - frame.top + 10); });
      edge(".im-panel", function (r) {
        if (r.width < frame.width / 2) { pad[1][0] = Math.max(pad[1][0], frame.right - r.left + 10); }
      });
      edge(".im-timeline", function (r) { pad[1][1] = Math.max(pad[1][1], frame.bottom - r.top + 10); });
      return { autoPanPaddingTopLeft: L.point(pad[0]), autoPanPaddingBottomRight: L.point(pad[1]) };
    }
    function openList(members, where, latlng) {
      var heading = fmt(members.length) + " incident" + (members.length === 1 ? "" : "s") +
        (where ? " located only to " + where : " here") + " \u00b7 by date";
      var at = latlng;
      if (!at) {
        var s = members[0];
        at = inc.a[s] >= 0 ? data.areas[inc.a[s]].at : [inc.lat[s], inc.lon[s]];
      }
      var p = L.popup(L.extend({ maxWidth: 460, minWidth: 320, className: "im-list-popup" }, clearOfControls()))
        .setLatLng(at);
      var list = U.buildList(view, members, heading,
        function (node) { p.setContent(node); p.update(); },
        function (i) { select(i); },
        function () { map.closePopup(p); });
      p.setContent(list);
      p.openOn(map);
      popup = p;
      view.openList = list;
      setTimeout(function () { list.focus(); }, 0);
      return list;
    }
    var areas = areaLayer(view, openList, labels);
    if (data.areas.length) {
      var inAreas = 0;
      for (i = 0; i < n; i++) { if (inc.a[i] >= 0) { inAreas++; } }
      overlays["Located only to an area (" + fmt(inAreas) + ")"] = areas.layer;
      areas.layer.addTo(map);
    }

    // proximity rings, lines between positions, and force positions
    var distances = L.layerGroup();
    var ringLayers = [];
    data.rings.forEach(function (r) {
      var style = { upper: { dashArray: "10 6", weight: 2.5 }, lower: { dashArray: "2 5", weight: 2.5 },
                    approx: { weight: 2.5 }, exact: { weight: 2.5 } }[r.bound];
      var group = L.layerGroup();
      if (r.band) {
        group.addLayer(L.polygon(r.band, { color: r.colour, weight: 0, fillOpacity: 0.12, interactive: false }));
      }
      var ring = L.polygon(r.latlngs, L.extend({
        color: r.colour, fill: false, opacity: 0.95, className: "im-ring im-ring-line-" + r.bound
      }, style));
      ring.bindPopup(function () {
        var box = el("div", "im-popup");
        el("div", "im-popup-title", r.label, box);
        el("div", "", "Measured from the " + (r.reference || "incident") +
          "; radius " + (r.radius_m / 1000).toFixed(3) + " km on the WGS84 ellipsoid.", box);
        if (r.words) { el("div", "im-words", "\u201c" + r.words + "\u201d", box); }
        if (r.source >= 0) { U.sourceLink(data, r.source, el("div", "", "", box)); }
        return box;
      });
      group.addLayer(ring);
      var entry = { group: group, ring: ring, radius_m: r.radius_m, center: [r.lat, r.lon],
                    incident: r.incident, label: r.label };
      ringLayers.push(entry);
      distances.addLayer(group);
      labels.add({ text: r.label, lat: r.label_at[0], lon: r.label_at[1], cls: "im-lbl-ring", prio: 95,
                   pos: ["c", "t", "b", "r", "l", "tr", "tl", "br", "bl"], d: 4, far: [12, 22, 36],
                   visible: function () { return distances.hasLayer(group) && isOn(distances); } });
    });
    var linkLayers = [];
    data.links.forEach(function (k) {
      var line = L.polyline(k.latlngs, { color: "#222", weight: 2, dashArray: "1 5", className: "im-link" });
      line.bindTooltip(tip(k.label), { sticky: true });
      linkLayers.push({ line: line, length_m: k.length_m, incident: k.incident, label: k.label });
      distances.addLayer(line);
      var mid = [(k.latlngs[0][0] + k.latlngs[1][0]) / 2, (k.latlngs[0][1] + k.latlngs[1][1]) / 2];
      labels.add({ text: k.label, lat: mid[0], lon: mid[1], cls: "im-lbl-link", prio: 94,
                   pos: ["c", "t", "b", "r", "l"], d: 4, far: [12, 24],
                   visible: function () { return distances.hasLayer(line) && isOn(distances); } });
    });
    data.forces.forEach(function (fc) {
      var lyr = fc.area
        ? L.polygon(fc.area, { color: "#444", weight: 1.5, fillColor: "#444", fillOpacity: 0.08, dashArray: "3 3" })
        : L.circleMarker([fc.lat, fc.lon], { radius: 6, color: "#222", weight: 2, fillColor: "#ffffff", fillOpacity: 1 });
      var text = fc.force + (fc.date ? " (" + fc.date + ")" : "");
      lyr.bindTooltip(tip(text), { direction: "top" });
      distances.addLayer(lyr);
      labels.add({ text: text, lat: fc.lat, lon: fc.lon, cls: "im-lbl-force", prio: 93,
                   pos: ["r", "l", "t", "b", "tr", "tl", "br", "bl"], d: 8, far: [18, 30], visible: function () { return isOn(distances); } });
    });
    if (data.rings.length || data.links.length || data.forces.length) {
      overlays["Reported distances and forces"] = distances;
      distances.addTo(map);
    }

    // the incidents: one canvas; with few incidents each carries a label (date and place)
    var canvas = new U.IncidentCanvas(view, { pane: "im-incidents", padding: 0.1 });
    var incidentsLayer = L.layerGroup();
    incidentsLayer.onAdd = function (m) { view.showIncidents = true; if (!canvas._map) { canvas.addTo(m); } else { canvas._drawAll(); } };
    incidentsLayer.onRemove = function () { view.showIncidents = false; if (view.density) { canvas._drawAll(); } else { map.removeLayer(canvas); } };
    var densityLayer = L.layerGroup();
    densityLayer.onAdd = function (m) { view.density = true; if (!canvas._map) { canvas.addTo(m); } else { canvas._drawAll(); } changed(); };
    densityLayer.onRemove = function () { view.density = false; if (canvas._map) { canvas._drawAll(); } changed(); };
    if (n <= data.label_limit) {
      for (i = 0; i < n; i++) {
        (function (k) {
          var day = inc.d[k];
          labels.add({ text: (day >= 0 ? U.dayToIso(day) + " \u00b7 " : "") + data.strings[inc.pl[k]],
                       lat: inc.lat[k], lon: inc.lon[k], cls: "im-lbl-incident", prio: 100 - k / 1000,
                       pos: ["l", "r", "t", "b", "tl", "bl", "tr", "br"], d: 10, far: [22, 36],
                       visible: function () { return view.shown[k] === 1 && isOn(incidentsLayer) && inc.a[k] < 0; } });
        })(i);
      }
    }
    overlays["Incidents (" + fmt(n) + ")"] = incidentsLayer;
    incidentsLayer.addTo(map);
    overlays["Density (hexagons)"] = densityLayer;

    // title and subtitle
    var head = el("div", "im-title-box", "", map.getContainer());
    U.isolate(head);
    el("div", "im-title", data.title || "Incidents", head);
    var span = data.dates ? ", " + data.dates[0] + " to " + data.dates[1] : "";
    el("div", "im-subtitle", fmt(n) + " incident" + (n === 1 ? "" : "s") + span, head);

    // controls
    var committed;
    function changed() {
      U.evaluate(view);
      if (canvas._map) { canvas._drawAll(); }
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
      areas.update();
      if (view.refreshPanel) { view.refreshPanel(); }
      if (view.refreshTimeline) { view.refreshTimeline(); }
      labels.schedule();
      if (committed) { committed(); }
    }
    function reset() {
      f.groupOn.fill(1); f.typeOn.fill(1); f.precOn.fill(1); f.outletOn.fill(1);
      f.deathsMin = 0; f.from = null; f.to = null; f.undated = true;
      U.setQuery(view, "");
      changed();
    }
    var groupTitle = "Actor group (attacker" + (/UCDP/.test(data.title) ? ", or UCDP's side A" : "") + ")";
    var timeline = U.timelineControl(view, { changed: changed, committed: function () { if (committed) { committed(); } } });
    timeline.addTo(map);
    map.removeControl(map.attributionControl);
    L.control.scale({ imperial: true, metric: true, maxWidth: 160, position: "bottomleft" }).addTo(map);
    map.addControl(map.attributionControl);
    L.control.layers(bases, overlays, { collapsed: true, position: "topright" }).addTo(map);
    U.panelControl(view, {
      changed: changed, reset: reset, groupTitle: groupTitle,
      link: function () { return location.href.split("#")[0] + U.encodeHash(view); },
      key: function (box) { mapKey(view, box); }
    }).addTo(map);
    map.attributionControl.addAttribution(el("span", "", data.attribution).textContent);
    if (L.Control.FullScreen) {
      new L.Control.FullScreen({ position: "topleft", title: "Full screen", titleCancel: "Leave full screen" }).addTo(map);
    }
    if (L.control.polylineMeasure) {
      L.control.polylineMeasure({ position: "topleft", unit: "kilometres", showBearings: false,
                                   clearMeasurementsOnStop: false, showClearControl: true }).addTo(map);
    }

    // selecting, clicking and hovering
    function select(i) {
      view.selected = i;
      if (canvas._map) { canvas._drawAll(); }
      writeHash();
    }
    function openIncident(i, latlng, keepView) {
      var p = L.popup(L.extend({ maxWidth: 400, className: "im-incident-popup", autoPan: !keepView },
                               clearOfControls()))
        .setLatLng(latlng || (inc.a[i] >= 0 ? data.areas[inc.a[i]].at : [inc.lat[i], inc.lon[i]]))
        .setContent(U.buildPopup(view, i));
      p.openOn(map);
      popup = p;
      select(i);
      return p;
    }
    map.on("popupclose", function (e) {
      if (e.popup === popup) { popup = null; view.openList = null; select(-1); }
    });
    // keys reach the open list or record even when the focus has left it (a click on the map)
    document.addEventListener("keydown", function (e) {
      if (!popup || e.defaultPrevented) { return; }
      var active = document.activeElement;
      if (active && active !== document.body && !map.getContainer().contains(active)) { return; }
      if (e.key === "Escape") { map.closePopup(popup); e.preventDefault(); return; }
      var list = view.openList;
      if (list && list.isConnected && /^Arrow|^Page/.test(e.key)) {
        list.goPage(Number(list.getAttribute("data-page")) +
                    (e.key === "ArrowRight" || e.key === "ArrowDown" || e.key === "PageDown" ? 1 : -1));
        e.preventDefault();
      }
    });
    function openItem(item, shift) {
      if (item.kind === "cluster" && !shift && map.getZoom() <= U.CLUSTER_MAX_ZOOM) {
        // zoom in on the cluster's incidents: to fit them, and by one level at least
        var w = item.world, scale = 256;
        var sw = map.unproject([w[0] * scale, w[3] * scale], 0), ne = map.unproject([w[2] * scale, w[1] * scale], 0);
        var fit = L.latLngBounds(sw, ne);
        var target = Math.min(Math.max(map.getBoundsZoom(fit.pad(0.15)), map.getZoom() + 1),
                              U.CLUSTER_MAX_ZOOM + 1);
        var centre = map.getBoundsZoom(fit.pad(0.15)) > map.getZoom()
          ? fit.getCenter() : map.layerPointToLatLng([item.x, item.y]);
        map.setView(centre, target, { animate: false });
        return null;
      }
      if (item.members.length === 1) { return openIncident(item.members[0]); }
      var first = item.members[0];
      return openList(item.members, "", [inc.lat[first], inc.lon[first]]);
    }
    map.on("click", function (e) {
      var item = canvas._map && view.showIncidents ? U.hitTest(view, e.containerPoint) : null;
      if (item) { openItem(item, e.originalEvent && e.originalEvent.shiftKey); return; }
      if (map.hasLayer(areas.layer)) {
        var k = areas.at(e.latlng);
        if (k >= 0) { openList(areas.members(k), data.areas[k].name, e.latlng); }
      }
    });
    var hoverFrame = false;
    map.on("mousemove", function (e) {
      if (hoverFrame || !canvas._map) { return; }
      hoverFrame = true;
      requestAnimationFrame(function () {
        hoverFrame = false;
        var item = view.showIncidents ? U.hitTest(view, e.containerPoint) : null;
        map.getContainer().style.cursor = item ? "pointer" : "";
        var hover = item && item.kind !== "cluster" ? item.members : null;
        var same = (hover === null && view.hover === null) ||
          (hover !== null && view.hover !== null && hover[0] === view.hover[0] && hover.length === view.hover.length);
        if (!same) { view.hover = hover; canvas._drawAll(); }
        if (item && item.kind === "cluster") {
          map.getContainer().title = fmt(item.count) + " incidents: click to zoom in, Shift+click to list them";
        } else if (item) {
          map.getContainer().title = item.count > 1 ? fmt(item.count) + " incidents here: click to list them" : "";
        } else { map.getContainer().title = ""; }
      });
    });
    map.on("mouseout", function () { if (view.hover) { view.hover = null; canvas._drawAll(); } });

    // the link to this view
    var hashTimer = null;
    function writeHash() {
      if (!view.useHash) { return; }
      clearTimeout(hashTimer);
      hashTimer = setTimeout(function () {
        var h = U.encodeHash(view);
        // an iframe's srcdoc (Jupyter) may refuse: the link is then only in "Copy link"
        try { if (location.hash !== h) { history.replaceState(null, "", h); } } catch (e) { view.useHash = false; }
      }, 120);
    }
    committed = writeHash;
    map.on("moveend", writeHash);
    function applyHash(hash) {
      var state = U.decodeHash(view, hash);
      if (view.density !== map.hasLayer(densityLayer)) {
        if (view.density) { densityLayer.addTo(map); } else { map.removeLayer(densityLayer); }
      }
      if (state.view) { map.setView([state.view[1], state.view[2]], state.view[0], { animate: false }); }
      changed();
      if (state.incident) {
        var k = inc.id.indexOf(state.incident);
        if (k >= 0) {
          if (!state.view) { map.setView([inc.lat[k], inc.lon[k]], Math.max(map.getZoom(), 10), { animate: false }); }
          openIncident(k, null, !!state.view);  // the link's view stays as it was cited
        }
      }
    }

    var b = data.bounds;
    // leave room for the panel and the time line; no animation, so the first frame (and a
    // screenshot of it) is the final view
    var size = map.getSize(), wide = size.x > 900;
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {
      animate: false,
      paddingTopLeft: [50, 60],
      paddingBottomRight: [wide ? 300 : 10, view.bins ? 120 : 30]
    });
    if (view.useHash && location.hash.length > 1) { applyHash(location.hash); } else { changed(); }
    if (view.useHash) {
      window.addEventListener("hashchange", function () { applyHash(location.hash); });
    }
    labels.place();

    // what tests and embedding pages may use
    var api = {
      count: n,
      view: view,
      rings: ringLayers,
      links: linkLayers,
      areas: areas,
      shown: function () { return view.shownCount; },
      drawn: function () { return view.drawn; },
      items: function () { return view.items; },
      openPopup: function (i) { return openIncident(i).getElement(); },
      openList: function (members) { openList(members, ""); return view.openList; },
      indexOf: function (id) { return inc.id.indexOf(id); },
      containerPointOf: function (i) { return map.latLngToContainerPoint([inc.lat[i], inc.lon[i]]); },
      coverage: function () { return U.outlineCoverage(view); },
      labels: labels,
      hash: function () { return U.encodeHash(view); },
      refresh: changed
    };
    IM.maps[mapName] = api;
    return api;
  };
})();
