/* incidentmap labels: one greedy placer for every label of the map (incidents, distances,
 * forces, zones, countries, cities, sites, towns), so that no two overlap
 * (MIT licence, part of incidentmap).
 *
 * After each move, zoom or filter, the labels that may show are taken in order of priority;
 * each tries a few positions around its point (right, left, above, below) and takes the first
 * whose box meets no box already placed and no incident mark; a label with no free position is
 * left out until a later view has room for it. Boxes are measured once with a canvas, and
 * placed as absolutely positioned elements (textContent only) in a pane of their own.
 */
(function () {
  "use strict";
  var IM = window.IncidentMap, U = IM._, el = U.el;
  var FONT = "'Helvetica Neue', Arial, sans-serif";
  // class: [css font, box height, horizontal padding, letter spacing]
  var STYLE = {
    "im-lbl-incident": ["600 11px " + FONT, 17, 5, 0],
    "im-lbl-ring": ["600 12px " + FONT, 16, 3, 0],
    "im-lbl-link": ["600 12px " + FONT, 16, 3, 0],
    "im-lbl-force": ["600 12px " + FONT, 16, 3, 0],
    "im-lbl-zone": ["italic 600 12px " + FONT, 16, 3, 0],
    "im-lbl-country": ["600 13px " + FONT, 17, 2, 1.5],
    "im-lbl-city": ["600 12px " + FONT, 16, 2, 0],
    "im-lbl-site": ["11px " + FONT, 15, 2, 0],
    "im-lbl-town": ["11px " + FONT, 15, 2, 0],
    "im-lbl-area": ["600 12px " + FONT, 18, 7, 0]
  };
  var GRID = 96, MARGIN = 1, MAX_LABELS = 700;
  var SOFT_BELOW = 80;  // labels of lower priority avoid the symbols of context places too

  U.labelLayer = function (map, view) {
    map.createPane("im-labels");
    var pane = map.getPane("im-labels");
    pane.style.zIndex = 640;  // above the symbols of places (markers, 600), below popups
    pane.style.pointerEvents = "none";
    pane.classList.add("leaflet-zoom-hide");
    var items = [], points = [], pool = [], used = 0, widths = new Map();
    var measure = document.createElement("canvas").getContext("2d");
    var pending = false;

    function width(text, cls) {
      var key = cls + "\u0000" + text, w = widths.get(key);
      if (w === undefined) {
        var st = STYLE[cls];
        measure.font = st[0];
        w = Math.ceil(measure.measureText(text).width + st[3] * text.length) + 2 * st[2] + 2;
        widths.set(key, w);
      }
      return w;
    }
    function box(p, pos, w, h, d) {
      switch (pos) {
        case "r": return [p.x + d, p.y - h / 2, w, h];
        case "l": return [p.x - d - w, p.y - h / 2, w, h];
        case "t": return [p.x - w / 2, p.y - d - h, w, h];
        case "b": return [p.x - w / 2, p.y + d, w, h];
        case "tr": return [p.x + d * 0.7, p.y - d * 0.7 - h, w, h];
        case "tl": return [p.x - d * 0.7 - w, p.y - d * 0.7 - h, w, h];
        case "br": return [p.x + d * 0.7, p.y + d * 0.7, w, h];
        case "bl": return [p.x - d * 0.7 - w, p.y + d * 0.7, w, h];
        default: return [p.x - w / 2, p.y - h / 2, w, h];
      }
    }
    function Grid() { this.cells = new Map(); }
    Grid.prototype.keys = function (b, fn) {
      var x0 = Math.floor(b[0] / GRID), x1 = Math.floor((b[0] + b[2]) / GRID);
      var y0 = Math.floor(b[1] / GRID), y1 = Math.floor((b[1] + b[3]) / GRID);
      for (var x = x0; x <= x1; x++) { for (var y = y0; y <= y1; y++) { fn(x * 100003 + y); } }
    };
    Grid.prototype.add = function (b) {
      var self = this;
      this.keys(b, function (k) {
        var c = self.cells.get(k);
        if (!c) { c = []; self.cells.set(k, c); }
        c.push(b);
      });
    };
    Grid.prototype.hits = function (b) {
      var self = this, hit = false;
      this.keys(b, function (k) {
        if (hit) { return; }
        var c = self.cells.get(k);
        if (!c) { return; }
        for (var i = 0; i < c.length; i++) {
          var o = c[i];
          if (b[0] < o[0] + o[2] + MARGIN && o[0] < b[0] + b[2] + MARGIN &&
              b[1] < o[1] + o[3] + MARGIN && o[1] < b[1] + b[3] + MARGIN) { hit = true; return; }
        }
      });
      return hit;
    };

    function node() {
      if (used < pool.length) { return pool[used++]; }
      var n = el("div", "im-lbl", "", pane);
      // a clickable label (an area's count) must not start a drag or a map click
      L.DomEvent.on(n, "mousedown touchstart pointerdown dblclick", L.DomEvent.stopPropagation);
      L.DomEvent.on(n, "click", function (e) {
        L.DomEvent.stop(e);
        if (n.imClick) { n.imClick(); }
      });
      pool.push(n);
      used++;
      return n;
    }

    function place() {
      pending = false;
      used = 0;
      var size = map.getSize(), zoom = map.getZoom();
      // two kinds of obstacle: marks, controls and placed labels block every label; the
      // symbols of context places block only context labels (a distance's label may cover a
      // minor site's symbol, never another label)
      var grid = new Grid(), soft = new Grid(), placed = [];
      // incident marks and clusters are obstacles: a label goes beside them, not over them
      var obstacles = view.items.length <= 4000 ? view.items : [];
      obstacles.forEach(function (it) {
        var c = map.layerPointToContainerPoint([it.x, it.y]), r = it.r;
        grid.add([c.x - r, c.y - r, 2 * r, 2 * r]);
      });
      view.obstacleBoxes = obstacles.length;
      // symbols of context places, and the map's own controls (title, panel, time line)
      points.forEach(function (o) {
        if (!o.visible()) { return; }
        var c = map.latLngToContainerPoint([o.lat, o.lon]);
        soft.add([c.x - o.r, c.y - o.r, 2 * o.r, 2 * o.r]);
      });
      var frame = map.getContainer().getBoundingClientRect();
      var controls = map.getContainer().querySelectorAll(
        ".im-title-box, .im-panel, .im-timeline, .leaflet-control-zoom, .leaflet-control-layers, " +
        ".leaflet-control-scale, .leaflet-control-attribution, .leaflet-control-fullscreen, .polyline-measure-controlOnBgColor, .leaflet-bar");
      Array.prototype.forEach.call(controls, function (c) {
        var r = c.getBoundingClientRect();
        if (r.width && r.height) { grid.add([r.left - frame.left, r.top - frame.top, r.width, r.height]); }
      });
      var cands = [];
      items.forEach(function (it) {
        if (zoom < it.min || zoom > it.max || !it.visible()) { return; }
        cands.push(it);
      });
      if (view.data.towns.length && zoom >= view.data.town_zoom && view.townsOn && view.townsOn()) {
        var bb = map.getBounds().pad(0.05), named = new Set();
        cands.forEach(function (c) { if (c.cls === "im-lbl-city") { named.add(c.text); } });
        view.data.towns.forEach(function (t, k) {
          // a city of the context layer is named there already (Aleppo once, not twice)
          if (bb.contains([t[1], t[2]]) && !named.has(t[0])) {
            // a town where incidents are is under their mark: its name goes beside the mark
            cands.push({ text: t[0], lat: t[1], lon: t[2], cls: "im-lbl-town", prio: 10 - k / 1e6,
                         pos: ["r", "l", "t", "b"], d: 5, far: [11], dot: true });
          }
        });
      }
      cands.sort(function (a, b) { return b.prio - a.prio; });
      for (var i = 0; i < cands.length && placed.length < MAX_LABELS; i++) {
        var it = cands[i];
        var p = map.latLngToContainerPoint([it.lat, it.lon]);
        if (p.x < -50 || p.y < -50 || p.x > size.x + 50 || p.y > size.y + 50) { continue; }
        var st = STYLE[it.cls], w = width(it.text, it.cls), h = st[1];
        var dists = it.far ? [it.d || 0].concat(it.far) : [it.d || 0];
        search:
        for (var r = 0; r < dists.length; r++) {
          for (var k = 0; k < it.pos.length; k++) {
            var b = box(p, it.pos[k], w, h, dists[r]);
            if (b[0] < 0 || b[1] < 0 || b[0] + b[2] > size.x || b[1] + b[3] > size.y) { continue; }
            if (grid.hits(b) || (it.prio < SOFT_BELOW && soft.hits(b))) { continue; }
            grid.add(b);
            if (it.dot) { grid.add([p.x - 3, p.y - 3, 6, 6]); }
            placed.push([it, b, it.pos[k], p]);
            break search;
          }
        }
      }
      placed.forEach(function (entry) {
        var it = entry[0], b = entry[1], n = node();
        var lp = map.containerPointToLayerPoint([b[0], b[1]]);
        n.className = "im-lbl " + it.cls + " im-lbl-" + entry[2] + (it.dot ? " im-lbl-dot" : "");
        if (it.parts) {
          while (n.firstChild) { n.removeChild(n.firstChild); }
          it.parts.forEach(function (part) { el("span", part[0], part[1], n); });
        } else if (n.textContent !== it.text || n.children.length) { n.textContent = it.text; }
        n.imClick = it.onClick || null;
        n.title = it.title || "";
        if (it.onClick) { n.setAttribute("role", "button"); } else { n.removeAttribute("role"); }
        n.style.display = "";
        n.style.width = b[2] + "px";
        n.style.height = b[3] + "px";
        n.style.lineHeight = b[3] + "px";
        n.style.transform = "translate(" + Math.round(lp.x) + "px," + Math.round(lp.y) + "px)";
        if (it.dot) {
          // the town's point, drawn with its label (a dot without a name says nothing)
          var dx = entry[3].x - b[0], dy = entry[3].y - b[1];
          n.style.setProperty("--dot-x", Math.round(dx - 2.5) + "px");
          n.style.setProperty("--dot-y", Math.round(dy - 2.5) + "px");
        }
      });
      for (var j = used; j < pool.length; j++) { pool[j].style.display = "none"; }
      view.labelsPlaced = placed.length;
    }

    function schedule() {
      if (pending) { return; }
      pending = true;
      requestAnimationFrame(place);
    }
    map.on("zoomend moveend viewreset resize overlayadd overlayremove", schedule);

    return {
      add: function (item) {
        // item: {text, lat, lon, cls, prio, pos: ["r", ...], d: offset px, min, max, visible()}
        if (!item.text) { return; }
        item.min = item.min === undefined ? 0 : item.min;
        item.max = item.max === undefined ? 99 : item.max;
        item.visible = item.visible || function () { return true; };
        items.push(item);
      },
      obstacle: function (o) { points.push(o); },
      items: items,
      place: place,
      schedule: schedule,
      pane: pane
    };
  };
})();
