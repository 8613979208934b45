/* incidentmap time line: a histogram of incidents per day, week or month with a brush that
 * selects a range, a play button that moves the range on, and the dates as fields
 * (MIT licence, part of incidentmap).
 */
(function () {
  "use strict";
  var IM = window.IncidentMap, U = IM._, el = U.el, fmt = U.fmt;
  var PAD = 8;        // canvas padding, px
  var HEIGHT = 54;    // canvas height, px
  var EDGE = 6;       // grab distance of the brush's edges, px

  function monthIndex(day) {
    var dt = new Date(day * U.DAY_MS);
    return dt.getUTCFullYear() * 12 + dt.getUTCMonth();
  }
  function monthStart(index) {
    return Math.round(Date.UTC(Math.floor(index / 12), index % 12, 1) / U.DAY_MS);
  }
  function weekStart(day) { return day - ((day + 3) % 7); }  // 1970-01-01 was a Thursday

  /* The bins of the data's dates: unit, start day of each bin, and each incident's bin. */
  U.makeBins = function (view) {
    var data = view.data, inc = data.incidents, n = view.n;
    view.binOf = new Int32Array(n).fill(-1);
    if (!data.dates) { view.bins = null; return; }
    var first = U.isoToDay(data.dates[0]), last = U.isoToDay(data.dates[1]), span = last - first;
    var unit = span <= 120 ? "day" : (span <= 3 * 366 ? "week" : "month");
    var starts = [], key;
    if (unit === "day") { for (key = first; key <= last + 1; key++) { starts.push(key); } }
    else if (unit === "week") { for (key = weekStart(first); key <= last + 7; key += 7) { starts.push(key); } }
    else { for (key = monthIndex(first); key <= monthIndex(last) + 1; key++) { starts.push(monthStart(key)); } }
    // starts has one more entry than there are bins: the end of the last bin
    var nb = starts.length - 1;
    // the bin of every day of the span, once: then each incident is one lookup
    var binOfDay = new Int32Array(last - first + 1), k = 0;
    for (var day = first; day <= last; day++) {
      while (k < nb - 1 && starts[k + 1] <= day) { k++; }
      binOfDay[day - first] = k;
    }
    for (var i = 0; i < n; i++) {
      var d = inc.d[i];
      if (d >= 0) { view.binOf[i] = binOfDay[d - first]; }
    }
    view.bins = { unit: unit, starts: starts, n: nb, first: first, last: last };
    view.hist = new Int32Array(nb);
  };

  U.timelineControl = function (view, opts) {
    var ctl = L.control({ position: "bottomleft" });
    var bins = view.bins, f = view.f;
    ctl.onAdd = function (map) {
      var box = el("div", "im-timeline leaflet-bar");
      U.isolate(box);
      var bar = el("div", "im-tl-bar", "", box);
      var play = U.button("im-play", "\u25b6", "Play: move the selected range on, step by step", bar);
      var step = el("select", "im-step", "", bar);
      step.setAttribute("aria-label", "Step");
      [["day", "day"], ["week", "week"], ["month", "month"]].forEach(function (o) {
        var opt = el("option", "", "step: " + o[1], step);
        opt.value = o[0];
      });
      step.value = bins ? bins.unit : "week";
      var speed = el("select", "im-speed", "", bar);
      speed.setAttribute("aria-label", "Speed");
      [["1", "1 step/s"], ["2", "2 steps/s"], ["4", "4 steps/s"], ["8", "8 steps/s"]].forEach(function (o) {
        var opt = el("option", "", o[1], speed);
        opt.value = o[0];
      });
      speed.value = "2";
      var from = el("input", "im-date-from", "", bar);
      from.type = "date";
      from.setAttribute("aria-label", "From");
      el("span", "im-tl-to", "to", bar);
      var to = el("input", "im-date-to", "", bar);
      to.type = "date";
      to.setAttribute("aria-label", "To");
      if (bins) {
        from.min = to.min = U.dayToIso(bins.first);
        from.max = to.max = U.dayToIso(bins.last);
      }
      U.button("im-tl-clear", "All dates", "Show every date", bar, function () { setRange(null, null); });
      var summary = el("span", "im-tl-summary", "", bar);
      var undated = el("label", "im-tl-undated", "", bar);
      var ucb = el("input", "im-undated", "", undated);
      ucb.type = "checkbox";
      ucb.checked = true;
      var utext = el("span", "", "", undated);
      ucb.addEventListener("change", function () { f.undated = ucb.checked; opts.changed(); });

      var canvas = el("canvas", "im-tl-canvas", "", box);
      canvas.setAttribute("role", "slider");
      canvas.setAttribute("aria-label", "Time line: drag to select a range of dates");
      canvas.height = HEIGHT;
      var ctx = canvas.getContext("2d");
      if (!bins) {
        box.classList.add("im-tl-empty");
        canvas.style.display = "none";
        [play, step, speed, from, to].forEach(function (x) { x.disabled = true; });
      }

      function width() { return canvas.clientWidth || 600; }
      function dayAt(x) {
        var w = width(), t0 = bins.starts[0], t1 = bins.starts[bins.n];
        var frac = Math.max(0, Math.min(1, (x - PAD) / (w - 2 * PAD)));
        return Math.round(t0 + frac * (t1 - t0));
      }
      function xAt(day) {
        var w = width(), t0 = bins.starts[0], t1 = bins.starts[bins.n];
        return PAD + (day - t0) / (t1 - t0) * (w - 2 * PAD);
      }
      function setRange(a, b) {
        if (a !== null && b !== null && a > b) { var t = a; a = b; b = t; }
        f.from = a; f.to = b;
        opts.changed();
      }
      view.setRange = setRange;

      function draw() {
        if (!bins) { return; }
        var w = width(), ratio = window.devicePixelRatio || 1;
        if (canvas.width !== Math.round(w * ratio)) {
          canvas.width = Math.round(w * ratio);
          canvas.height = Math.round(HEIGHT * ratio);
        }
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        ctx.clearRect(0, 0, w, HEIGHT);
        var hist = view.hist, max = 1, k;
        for (k = 0; k < bins.n; k++) { if (hist[k] > max) { max = hist[k]; } }
        var plotH = HEIGHT - 16;
        for (k = 0; k < bins.n; k++) {
          if (!hist[k]) { continue; }
          var x0 = xAt(bins.starts[k]), x1 = xAt(bins.starts[k + 1]);
          var h = Math.max(1, hist[k] / max * (plotH - 2));
          var inRange = (f.from === null || bins.starts[k + 1] - 1 >= f.from) &&
                        (f.to === null || bins.starts[k] <= f.to);
          ctx.fillStyle = inRange ? "#4a5a73" : "#c5ccd6";
          ctx.fillRect(x0 + 0.5, plotH - h, Math.max(1, x1 - x0 - 1), h);
        }
        // axis: years (and months when they fit)
        ctx.fillStyle = "#555";
        ctx.font = "10px 'Helvetica Neue', Arial, sans-serif";
        ctx.textBaseline = "top";
        ctx.textAlign = "left";
        var y0 = new Date(bins.starts[0] * U.DAY_MS).getUTCFullYear();
        var y1 = new Date(bins.starts[bins.n] * U.DAY_MS).getUTCFullYear();
        var monthly = (w - 2 * PAD) / ((bins.starts[bins.n] - bins.starts[0]) / 30.4) > 28;
        for (var y = y0; y <= y1; y++) {
          for (var m = 0; m < 12; m++) {
            if (!monthly && m) { continue; }
            var day = Math.round(Date.UTC(y, m, 1) / U.DAY_MS);
            if (day < bins.starts[0] || day > bins.starts[bins.n]) { continue; }
            var x = xAt(day);
            ctx.fillRect(x, plotH, 1, m ? 3 : 5);
            var text = m ? ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m] : String(y);
            if (m === 0 || monthly) { ctx.fillText(text, x + 2, plotH + 3); }
          }
        }
        // the brush
        if (f.from !== null || f.to !== null) {
          var bx0 = xAt(f.from !== null ? f.from : bins.starts[0]);
          var bx1 = xAt((f.to !== null ? f.to : bins.starts[bins.n] - 1) + 1);
          ctx.fillStyle = "rgba(74, 90, 115, 0.14)";
          ctx.fillRect(bx0, 0, bx1 - bx0, plotH);
          ctx.fillStyle = "#2b3a52";
          ctx.fillRect(bx0 - 1, 0, 2, plotH);
          ctx.fillRect(bx1 - 1, 0, 2, plotH);
        }
      }

      function refresh() {
        if (bins) {
          from.value = U.dayToIso(f.from !== null ? f.from : bins.first);
          to.value = U.dayToIso(f.to !== null ? f.to : bins.last);
        }
        var range = f.from === null && f.to === null ? "all dates"
          : (f.from !== null ? U.dayToIso(f.from) : "start") + " \u2013 " +
            (f.to !== null ? U.dayToIso(f.to) : "end");
        summary.textContent = range + " \u00b7 " + fmt(view.shownCount) + " shown";
        var nUndated = view.undatedTotal;
        undated.style.display = nUndated ? "" : "none";
        utext.textContent = "include " + fmt(nUndated) + " undated";
        ucb.checked = f.undated;
        canvas.setAttribute("aria-valuetext", range);
        draw();
      }
      view.refreshTimeline = refresh;

      from.addEventListener("change", function () {
        var d = U.isoToDay(from.value);
        setRange(d, f.to !== null ? f.to : (d === null ? null : bins.last));
      });
      to.addEventListener("change", function () {
        var d = U.isoToDay(to.value);
        setRange(f.from !== null ? f.from : (d === null ? null : bins.first), d);
      });

      // brush: drag to select, drag inside to move, drag an edge to resize, double-click clears
      var drag = null, pending = false;
      function schedule() {
        if (pending) { return; }
        pending = true;
        requestAnimationFrame(function () { pending = false; opts.changed(); });
      }
      function localX(e) { return e.clientX - canvas.getBoundingClientRect().left; }
      canvas.addEventListener("pointerdown", function (e) {
        if (!bins) { return; }
        e.preventDefault();
        canvas.setPointerCapture(e.pointerId);
        var x = localX(e), has = f.from !== null || f.to !== null;
        var a = has ? xAt(f.from !== null ? f.from : bins.first) : null;
        var b = has ? xAt((f.to !== null ? f.to : bins.last) + 1) : null;
        if (has && Math.abs(x - a) <= EDGE) { drag = { mode: "from" }; }
        else if (has && Math.abs(x - b) <= EDGE) { drag = { mode: "to" }; }
        else if (has && x > a && x < b) {
          drag = { mode: "move", x: x, from: f.from !== null ? f.from : bins.first,
                   to: f.to !== null ? f.to : bins.last };
        } else { drag = { mode: "new", day: dayAt(x) }; }
        stopPlay();
      });
      canvas.addEventListener("pointermove", function (e) {
        var x = localX(e);
        if (!drag) {
          if (!bins) { return; }
          var has = f.from !== null || f.to !== null;
          var near = has && (Math.abs(x - xAt(f.from !== null ? f.from : bins.first)) <= EDGE ||
                             Math.abs(x - xAt((f.to !== null ? f.to : bins.last) + 1)) <= EDGE);
          canvas.style.cursor = near ? "ew-resize" : "crosshair";
          return;
        }
        var day = dayAt(x);
        drag.moved = true;
        if (drag.mode === "new") { f.from = Math.min(drag.day, day); f.to = Math.max(drag.day, day); }
        else if (drag.mode === "from") { f.from = Math.min(day, f.to !== null ? f.to : bins.last); }
        else if (drag.mode === "to") { f.to = Math.max(day - 1, f.from !== null ? f.from : bins.first); }
        else {
          var shift = dayAt(x) - dayAt(drag.x);
          f.from = drag.from + shift; f.to = drag.to + shift;
        }
        schedule();
      });
      function end() {
        if (!drag) { return; }
        if (drag.mode === "new" && !drag.moved) {
          // a click without a drag selects the bin under the pointer
          var k = 0;
          while (k < bins.n - 1 && bins.starts[k + 1] <= drag.day) { k++; }
          f.from = bins.starts[k]; f.to = bins.starts[k + 1] - 1;
        }
        drag = null;
        opts.changed();
        opts.committed();
      }
      canvas.addEventListener("pointerup", end);
      canvas.addEventListener("pointercancel", end);
      canvas.addEventListener("dblclick", function () { setRange(null, null); });

      // play: the range (or one step) moves on by one step per tick
      var timer = null;
      function advance(day, unit, sign) {
        if (unit === "day") { return day + sign; }
        if (unit === "week") { return day + 7 * sign; }
        var dt = new Date(day * U.DAY_MS);
        return Math.round(Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + sign, dt.getUTCDate()) / U.DAY_MS);
      }
      function tick() {
        var unit = step.value;
        if (f.from === null && f.to === null) {
          f.from = bins.first; f.to = advance(bins.first, unit, 1) - 1;
        } else {
          var a = f.from !== null ? f.from : bins.first, b = f.to !== null ? f.to : bins.last;
          if (b >= bins.last) { stopPlay(); return; }
          f.from = advance(a, unit, 1); f.to = advance(b + 1, unit, 1) - 1;
        }
        opts.changed();
      }
      function stopPlay() {
        if (timer !== null) { clearInterval(timer); timer = null; }
        play.textContent = "\u25b6";
        play.classList.remove("im-playing");
      }
      play.addEventListener("click", function () {
        if (timer !== null) { stopPlay(); opts.committed(); return; }
        play.textContent = "\u275a\u275a";
        play.classList.add("im-playing");
        tick();
        timer = setInterval(tick, 1000 / parseFloat(speed.value));
      });
      speed.addEventListener("change", function () {
        if (timer !== null) { clearInterval(timer); timer = setInterval(tick, 1000 / parseFloat(speed.value)); }
      });
      view.stopPlay = stopPlay;

      function fit() {
        box.style.width = Math.max(260, map.getSize().x - 20) + "px";
        var att = map.getContainer().querySelector(".leaflet-control-attribution");
        box.style.setProperty("margin-bottom", (att ? att.offsetHeight + 4 : 22) + "px", "important");
        draw();
      }
      map.on("resize", fit);
      setTimeout(fit, 0);
      box.style.width = Math.max(260, map.getSize().x - 20) + "px";
      return box;
    };
    return ctl;
  };
})();
