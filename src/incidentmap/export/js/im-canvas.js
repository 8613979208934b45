/* incidentmap incident canvas: clusters, stacks and marks of every incident on one canvas
 * (MIT licence, part of incidentmap).
 *
 * Scale: no Leaflet object per incident. Each redraw bins the shown incidents into a grid of
 * CELL-pixel cells anchored to the world (not the screen), so clusters are the same for a
 * given zoom wherever the view is, and the pass is one loop over typed arrays. Clicks are
 * answered from the items of the last redraw: a cluster zooms in (Shift lists it), a stack of
 * incidents at one spot lists them all, a single incident opens its popup.
 */
(function () {
  "use strict";
  var IM = window.IncidentMap, U = IM._, el = U.el;
  var EARTH_CIRCUMFERENCE = 40075016.686;  // metres at the equator (Web Mercator sphere)
  var CELL = 56;                // cluster cell, in screen pixels
  var CLUSTER_MAX_ZOOM = 12;    // from the next zoom on, every incident is drawn by itself
  var CLUSTER_MIN = 300;        // fewer shown incidents than this are never clustered
  var FEW = 30;                 // with this few, every uncertainty outline is drawn
  var OUTLINE_MAX_PX = 60;      // an uncertainty outline is drawn when its radius is at most this
  var HEX = 18;                 // density hexagon radius in pixels
  var DENSITY = ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"];
  U.CELL = CELL; U.CLUSTER_MAX_ZOOM = CLUSTER_MAX_ZOOM; U.DENSITY = DENSITY;

  // -- the view: typed columns and what is shown --------------------------------------------
  U.makeView = function (map, data) {
    var inc = data.incidents, n = inc.n;
    // columns stored compactly in the file, unpacked once
    if (inc.idp) {  // the prefix every id shares
      inc.id = inc.id.map(function (rest) { return inc.idp + rest; });
      inc.idp = "";
    }
    if (!(inc.a instanceof Int32Array)) {  // {incident: area} for those counted on an area
      var areaOf = new Int32Array(n).fill(-1);
      Object.keys(inc.a).forEach(function (k) { areaOf[Number(k)] = inc.a[k]; });
      inc.a = areaOf;
      var contested = new Uint8Array(n);  // the incidents whose sources disagree
      inc.con.forEach(function (k) { contested[k] = 1; });
      inc.con = contested;
    }
    var v = {
      map: map, data: data, n: n,
      sx: new Float64Array(n), sy: new Float64Array(n), cosLat: new Float64Array(n),
      shown: new Uint8Array(n), items: [], drawn: 0, outlines: [],
      hover: null, selected: -1, spot: null, density: false, showIncidents: true
    };
    for (var i = 0; i < n; i++) {
      // Web Mercator at zoom 0, in units of the 256-px world (EPSG:3857, as Leaflet does)
      var lat = inc.lat[i], sin = Math.sin(lat * Math.PI / 180);
      sin = Math.max(Math.min(sin, 0.9999999), -0.9999999);
      v.sx[i] = (inc.lon[i] + 180) / 360;
      v.sy[i] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
      v.cosLat[i] = Math.cos(lat * Math.PI / 180);
      v.shown[i] = 1;
    }
    var top = Math.min(data.top, data.groups.length);
    v.top = top;
    v.groupsOf = function (i) { return inc.ag[inc.at[i]] || [inc.g[i]]; };
    v.colourOf = function (i) { return data.groups[inc.g[i]][1]; };
    v.slotOf = function (g) { return g < top ? g : top; };  // legend row: top groups, then "other"
    return v;
  };

  function bubble(count) { return Math.min(26, 11 + 3.2 * Math.log2(count)); }

  /* Clusters whose bubbles would overlap become one, largest first (deterministic: the order
   * is by size, then by cell). A stack or single that a bubble would cover joins it too. */
  function merge(cells, origin) {
    var order = cells.slice().sort(function (a, b) {
      return (b.count - a.count) || (a.cell.key - b.cell.key);
    });
    var grid = new Map(), G = 64;
    function key(x, y) { return Math.floor(x / G) * 100003 + Math.floor(y / G); }
    var out = [];
    order.forEach(function (it) {
      var gx = Math.floor(it.x / G), gy = Math.floor(it.y / G), host = null, best = Infinity;
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var list = grid.get((gx + dx) * 100003 + (gy + dy));
          if (!list) { continue; }
          for (var k = 0; k < list.length; k++) {
            var o = list[k], d = Math.hypot(o.x - it.x, o.y - it.y);
            if (d < o.r + it.r + 2 && d < best) { host = o; best = d; }
          }
        }
      }
      if (host === null) {
        out.push(it);
        var k2 = key(it.x, it.y);
        if (!grid.has(k2)) { grid.set(k2, []); }
        grid.get(k2).push(it);
        return;
      }
      // the host keeps its place (it is the larger); it grows with the members it takes in
      host.members = host.members.concat(it.members);
      host.count = host.members.length;
      host.kind = "cluster";
      host.r = bubble(host.count);
    });
    return out;
  }

  function compact(n) {
    if (n >= 100000) { return Math.round(n / 1000) + "k"; }
    if (n >= 10000) { return (n / 1000).toFixed(0) + "k"; }
    if (n >= 1000) { return (n / 1000).toFixed(1).replace(/\.0$/, "") + "k"; }
    return String(n);
  }

  // -- the canvas layer -------------------------------------------------------------------------
  U.IncidentCanvas = L.Canvas.extend({
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
      var b = this._bounds;
      ctx.clearRect(b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y);
      view.items = [];
      view.outlines = [];
      view.drawn = 0;
      if (!view.showIncidents && !view.density) { return; }
      var bins = this._bin(view, map, b);
      if (view.density) { this._drawDensity(view, map, b); }
      if (view.showIncidents) { this._drawItems(view, bins, map); }
    },

    // Bin the shown, point-located incidents in view into clusters (or exact spots).
    _bin: function (view, map, b) {
      var inc = view.data.incidents, n = view.n, shown = view.shown, a = inc.a;
      var zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom);
      var origin = map.getPixelOrigin();
      var cluster = zoom <= CLUSTER_MAX_ZOOM && view.shownPoints >= CLUSTER_MIN;
      var cs = cluster ? CELL : 2;  // without clustering, spots within 2 px are one stack
      var minX = b.min.x + origin.x - cs, maxX = b.max.x + origin.x + cs;
      var minY = b.min.y + origin.y - cs, maxY = b.max.y + origin.y + cs;
      var cells = new Map(), list = [];
      var mpp = EARTH_CIRCUMFERENCE / scale;
      for (var i = 0; i < n; i++) {
        if (!shown[i] || a[i] >= 0) { continue; }
        var wx = view.sx[i] * scale, wy = view.sy[i] * scale;
        if (wx < minX || wx > maxX || wy < minY || wy > maxY) { continue; }
        var cx = Math.floor(wx / cs), cy = Math.floor(wy / cs), key = cx * 4194304 + cy;
        var c = cells.get(key);
        if (c === undefined) {
          c = { key: key, members: [], sumX: 0, sumY: 0, same: true, x0: wx, y0: wy };
          cells.set(key, c);
          list.push(c);
        } else if (c.same && (Math.abs(wx - c.x0) > 0.5 || Math.abs(wy - c.y0) > 0.5)) {
          c.same = false;
        }
        c.members.push(i);
        c.sumX += wx; c.sumY += wy;
      }
      return { list: list, cluster: cluster, origin: origin, mpp: mpp, zoom: zoom };
    },

    _drawItems: function (view, bins, map) {
      var ctx = this._ctx, inc = view.data.incidents;
      var origin = bins.origin, items = view.items, outlines = view.outlines;
      var few = view.shownPoints <= FEW;
      var seen = new Set();
      var drawn = 0;
      var cells = bins.list.map(function (c) {
        var m = c.members, count = m.length, kind;
        if (count === 1 || c.same || !bins.cluster) { kind = count === 1 ? "single" : "stack"; }
        else { kind = "cluster"; }
        var it = { kind: kind, members: m, count: count, cell: c,
                   x: (kind === "cluster" ? c.sumX / count : c.x0) - origin.x,
                   y: (kind === "cluster" ? c.sumY / count : c.y0) - origin.y };
        it.r = kind === "cluster" ? bubble(count) : 7;
        return it;
      });
      if (bins.cluster) { cells = merge(cells, origin); }
      cells.forEach(function (item) {
        var m = item.members, count = m.length, x = item.x, y = item.y;
        if (item.kind === "cluster") {
          var bounds = [Infinity, Infinity, -Infinity, -Infinity];
          m.forEach(function (j) {
            var lx = view.sx[j], ly = view.sy[j];
            if (lx < bounds[0]) { bounds[0] = lx; } if (lx > bounds[2]) { bounds[2] = lx; }
            if (ly < bounds[1]) { bounds[1] = ly; } if (ly > bounds[3]) { bounds[3] = ly; }
          });
          item.world = bounds;
        } else {
          // uncertainty outlines: only where they are small on screen (or with few incidents)
          m.forEach(function (j) {
            var rpx = inc.r[j] / (bins.mpp * view.cosLat[j]);
            var shape = inc.shapes[j] !== undefined;
            if (!shape && rpx < 2) { return; }
            if (!few && !shape && rpx > OUTLINE_MAX_PX) { return; }
            var key = shape ? "s" + j : Math.round(x) + "," + Math.round(y) + "," + Math.round(rpx);
            if (seen.has(key)) { return; }
            seen.add(key);
            outlines.push({ i: j, x: x, y: y, rpx: rpx, shape: shape });
          });
        }
        delete item.cell;
        items.push(item);
        drawn += count;
      });
      view.drawn = drawn;
      this._drawOutlines(view, outlines, map, few, false);
      var self = this;
      items.forEach(function (it) {
        if (it.kind === "cluster") { self._drawCluster(view, it); }
      });
      items.forEach(function (it) {
        if (it.kind !== "cluster") { self._drawSpot(view, it); }
      });
      this._drawHighlight(view, map, bins);
      ctx.globalAlpha = 1;
    },

    _drawOutlines: function (view, list, map, few, strong) {
      var ctx = this._ctx, data = view.data, inc = data.incidents, self = this;
      ctx.lineWidth = strong ? 2 : 1.2;
      ctx.setLineDash(strong ? [6, 3] : [4, 3]);
      list.forEach(function (o) {
        ctx.strokeStyle = view.colourOf(o.i);
        ctx.globalAlpha = strong ? 0.95 : (few ? 0.7 : 0.55);
        ctx.beginPath();
        if (o.shape) { self._shapePath(inc.shapes[o.i], map); }
        else { ctx.moveTo(o.x + o.rpx, o.y); ctx.arc(o.x, o.y, o.rpx, 0, 2 * Math.PI); }
        if (strong) {
          ctx.globalAlpha = 0.08;
          ctx.fillStyle = view.colourOf(o.i);
          ctx.fill("evenodd");
          ctx.globalAlpha = 0.95;
        }
        ctx.stroke();
      });
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    },
    _shapePath: function (rings, map) {
      var ctx = this._ctx, zoom = map.getZoom(), origin = map.getPixelOrigin();
      rings.forEach(function (ring) {
        ring.forEach(function (ll, idx) {
          var p = map.project([ll[1], ll[0]], zoom).subtract(origin);
          if (idx === 0) { ctx.moveTo(p.x, p.y); } else { ctx.lineTo(p.x, p.y); }
        });
        ctx.closePath();
      });
    },

    _drawCluster: function (view, it) {
      var ctx = this._ctx, inc = view.data.incidents, groups = view.data.groups;
      var slots = new Float64Array(view.top + 1), total = 0, top = view.top;
      var g1 = view.f.g1, gMany = view.f.gMany, m = it.members;
      for (var k = 0; k < m.length; k++) {
        var many = gMany[m[k]];
        if (many === null) { slots[g1[m[k]] < top ? g1[m[k]] : top] += 1; total += 1; continue; }
        for (var q = 0; q < many.length; q++) { slots[many[q] < top ? many[q] : top] += 1; total += 1; }
      }
      var R = it.r, a0 = -Math.PI / 2;
      // a ring of pie slices: the share of each actor group (a coalition counts for each)
      for (var s = 0; s <= view.top; s++) {
        if (!slots[s]) { continue; }
        var a1 = a0 + 2 * Math.PI * slots[s] / total;
        ctx.beginPath();
        ctx.moveTo(it.x, it.y);
        ctx.arc(it.x, it.y, R, a0, a1);
        ctx.closePath();
        ctx.fillStyle = s < view.top ? groups[s][1] : "#9a9a9a";
        ctx.globalAlpha = 0.95;
        ctx.fill();
        a0 = a1;
      }
      ctx.globalAlpha = 0.95;
      ctx.beginPath();
      ctx.arc(it.x, it.y, R - 4.5, 0, 2 * Math.PI);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1;
      ctx.strokeStyle = "rgba(0,0,0,0.45)";
      ctx.beginPath();
      ctx.arc(it.x, it.y, R, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.fillStyle = "#1a1a1a";
      ctx.font = "600 " + (R > 18 ? 12 : 11) + "px 'Helvetica Neue', Arial, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(compact(it.count), it.x, it.y + 0.5);
    },

    _drawSpot: function (view, it) {
      var ctx = this._ctx, inc = view.data.incidents, j = it.members[0];
      var exact = it.members.every(function (m) { return inc.r[m] === 0 && inc.shapes[m] === undefined; });
      var colour = view.colourOf(j), dot = view.n > 20000 ? 4 : 5;
      ctx.beginPath();
      ctx.arc(it.x, it.y, dot + 1.5, 0, 2 * Math.PI);
      if (exact) {
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.lineWidth = 1.2;
        ctx.strokeStyle = "#ffffff";
        ctx.stroke();
      } else {
        // hollow: the position is uncertain
        ctx.fillStyle = "rgba(255,255,255,0.85)";
        ctx.fill();
        ctx.lineWidth = 3;
        ctx.strokeStyle = colour;
        ctx.beginPath();
        ctx.arc(it.x, it.y, dot, 0, 2 * Math.PI);
        ctx.stroke();
      }
      if (it.kind === "stack") {
        var text = compact(it.count);
        ctx.font = "600 10px 'Helvetica Neue', Arial, sans-serif";
        var w = ctx.measureText(text).width + 6, bx = it.x + dot - 1, by = it.y - dot - 11;
        ctx.fillStyle = "#1a1a1a";
        ctx.beginPath();
        if (ctx.roundRect) { ctx.roundRect(bx, by, w, 12, 6); } else { ctx.rect(bx, by, w, 12); }
        ctx.fill();
        ctx.fillStyle = "#ffffff";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(text, bx + w / 2, by + 6.5);
        it.badge = [bx, by, w, 12];
      }
    },

    _drawHighlight: function (view, map, bins) {
      var ctx = this._ctx, inc = view.data.incidents;
      var marked = [];
      if (view.selected >= 0 && view.shown[view.selected]) { marked.push(view.selected); }
      if (view.hover) { view.hover.forEach(function (j) { marked.push(j); }); }
      if (!marked.length) { return; }
      var origin = bins.origin, scale = 256 * Math.pow(2, bins.zoom), list = [], seen = new Set();
      marked.forEach(function (j) {
        if (inc.a[j] >= 0) { return; }
        var x = view.sx[j] * scale - origin.x, y = view.sy[j] * scale - origin.y;
        var rpx = inc.r[j] / (bins.mpp * view.cosLat[j]);
        var shape = inc.shapes[j] !== undefined;
        var key = shape ? "s" + j : Math.round(x) + "," + Math.round(y) + "," + Math.round(rpx);
        if (!seen.has(key) && (shape || rpx >= 2)) {
          seen.add(key);
          list.push({ i: j, x: x, y: y, rpx: rpx, shape: shape });
        }
      });
      this._drawOutlines(view, list, map, true, true);
      if (view.selected >= 0 && inc.a[view.selected] < 0) {
        var s = view.selected;
        var sx = view.sx[s] * scale - origin.x, sy = view.sy[s] * scale - origin.y;
        ctx.beginPath();
        ctx.arc(sx, sy, 11, 0, 2 * Math.PI);
        ctx.lineWidth = 2.5;
        ctx.strokeStyle = "#000000";
        ctx.globalAlpha = 0.9;
        ctx.stroke();
        ctx.globalAlpha = 1;
      }
    },

    // Density: shown incidents per hexagon (screen-sized, anchored to the world).
    _drawDensity: function (view, map, b) {
      var ctx = this._ctx, inc = view.data.incidents, n = view.n;
      var scale = 256 * Math.pow(2, map.getZoom()), origin = map.getPixelOrigin();
      var w = Math.sqrt(3) * HEX, h = 1.5 * HEX;
      var minX = b.min.x + origin.x - w, maxX = b.max.x + origin.x + w;
      var minY = b.min.y + origin.y - 2 * HEX, maxY = b.max.y + origin.y + 2 * HEX;
      var counts = new Map(), max = 0;
      for (var i = 0; i < n; i++) {
        if (!view.shown[i] || inc.a[i] >= 0) { continue; }
        var wx = view.sx[i] * scale, wy = view.sy[i] * scale;
        if (wx < minX || wx > maxX || wy < minY || wy > maxY) { continue; }
        // pointy-top axial coordinates, rounded in cube space
        var q = (Math.sqrt(3) / 3 * wx - wy / 3) / HEX, r = (2 / 3 * wy) / HEX;
        var cx = q, cz = r, cy = -cx - cz;
        var rx = Math.round(cx), ry = Math.round(cy), rz = Math.round(cz);
        var dx = Math.abs(rx - cx), dy = Math.abs(ry - cy), dz = Math.abs(rz - cz);
        if (dx > dy && dx > dz) { rx = -ry - rz; } else if (dy <= dz) { rz = -rx - ry; }
        var key = rx * 4194304 + rz;
        var c = (counts.get(key) || 0) + 1;
        counts.set(key, c);
        if (c > max) { max = c; }
      }
      view.densityMax = max;
      var steps = DENSITY.length;
      counts.forEach(function (c, key) {
        var rz = ((key % 4194304) + 4194304) % 4194304;
        if (rz > 2097152) { rz -= 4194304; }
        var rx = Math.round((key - rz) / 4194304);
        var x = HEX * Math.sqrt(3) * (rx + rz / 2) - origin.x, y = HEX * 1.5 * rz - origin.y;
        var k = max <= 1 ? 0 : Math.min(steps - 1, Math.floor(Math.log(c) / Math.log(max + 1e-9) * steps));
        ctx.beginPath();
        for (var s = 0; s < 6; s++) {
          var ang = Math.PI / 180 * (60 * s - 30);
          var px = x + (HEX - 0.5) * Math.cos(ang), py = y + (HEX - 0.5) * Math.sin(ang);
          if (s === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
        }
        ctx.closePath();
        ctx.globalAlpha = 0.78;
        ctx.fillStyle = DENSITY[k];
        ctx.fill();
      });
      ctx.globalAlpha = 1;
      view.densityCells = counts.size;
    }
  });

  // -- what is under the pointer --------------------------------------------------------------
  U.hitTest = function (view, containerPoint) {
    var lp = view.map.containerPointToLayerPoint(containerPoint), best = null, bestD = Infinity;
    view.items.forEach(function (it) {
      var dx = it.x - lp.x, dy = it.y - lp.y, d = Math.sqrt(dx * dx + dy * dy);
      var reach = it.r + 3;
      if (it.badge) {
        var bb = it.badge;
        if (lp.x >= bb[0] - 2 && lp.x <= bb[0] + bb[2] + 2 && lp.y >= bb[1] - 2 && lp.y <= bb[1] + bb[3] + 2) {
          d = Math.min(d, it.r);
        }
      }
      if (d <= reach && d < bestD) { best = it; bestD = d; }
    });
    if (!best || best.kind === "cluster") { return best; }
    // without clustering, a click lists every incident within reach, not only the nearest spot
    var members = [];
    view.items.forEach(function (it) {
      if (it.kind === "cluster") { return; }
      var dx = it.x - lp.x, dy = it.y - lp.y;
      if (it === best || dx * dx + dy * dy <= 81) { members = members.concat(it.members); }
    });
    if (members.length === best.members.length) { return best; }
    return { kind: "stack", x: best.x, y: best.y, r: best.r, count: members.length, members: members };
  };

  /* Fraction of the map's pixels inside the uncertainty outlines drawn now: rasterised as
   * filled shapes on a scratch canvas, so overlaps count once. */
  U.outlineCoverage = function (view) {
    var size = view.map.getSize(), canvas = document.createElement("canvas");
    canvas.width = size.x; canvas.height = size.y;
    var ctx = canvas.getContext("2d"), inc = view.data.incidents, map = view.map;
    var zoom = map.getZoom();
    ctx.fillStyle = "#000";
    view.outlines.forEach(function (o) {
      ctx.beginPath();
      if (o.shape) {
        inc.shapes[o.i].forEach(function (ring) {
          ring.forEach(function (ll, idx) {
            var p = map.latLngToContainerPoint([ll[1], ll[0]]);
            if (idx === 0) { ctx.moveTo(p.x, p.y); } else { ctx.lineTo(p.x, p.y); }
          });
          ctx.closePath();
        });
      } else {
        var c = map.layerPointToContainerPoint([o.x, o.y]);
        ctx.arc(c.x, c.y, o.rpx, 0, 2 * Math.PI);
      }
      ctx.fill("evenodd");
    });
    var px = ctx.getImageData(0, 0, size.x, size.y).data, covered = 0;
    for (var k = 3; k < px.length; k += 4) { if (px[k] > 0) { covered++; } }
    return covered / (size.x * size.y);
  };
})();
