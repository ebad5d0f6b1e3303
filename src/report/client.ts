/**
 * The report's own browser script, as text to inline after uPlot. It reads the chart specs from the JSON in
 * `#hipgait-data`, draws each with uPlot (axis labels with units, a legend that reads out the values under the
 * cursor), shades the fresh and fatigued windows, and follows the page width. No network, no other dependencies.
 */
export const CLIENT_JS = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("hipgait-data").textContent);
  var charts = [];
  function widthOf(el) { return Math.max(260, Math.floor(el.getBoundingClientRect().width)); }
  function shade(u, wins) {
    var ctx = u.ctx;
    for (var i = 0; i < wins.length; i++) {
      var w = wins[i];
      var x0 = u.valToPos(w.start, "x", true), x1 = u.valToPos(w.end, "x", true);
      ctx.save();
      ctx.fillStyle = w.color;
      ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
      ctx.restore();
    }
  }
  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    var series = [{ label: c.xLabel, value: function (u, v) { return v == null ? "–" : v.toFixed(c.xDecimals); } }];
    c.series.forEach(function (s) {
      series.push({ label: s.label, stroke: s.color, dash: s.dash || undefined, width: s.width || 1.5, spanGaps: !!s.spanGaps, points: { show: false },
        value: function (u, v) { return v == null ? "–" : v.toFixed(c.yDecimals) + " " + c.yUnit; } });
    });
    var opts = {
      width: widthOf(el), height: c.height || 220,
      scales: { x: { time: false } },
      axes: [{ label: c.xLabel, stroke: "#333" }, { label: c.yLabel, stroke: "#333", size: 56 }],
      series: series,
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      hooks: c.windows ? { drawClear: [function (u) { shade(u, c.windows); }] } : {}
    };
    var u = new uPlot(opts, c.data, el);
    charts.push({ u: u, el: el });
    el.setAttribute("data-rendered", "1");
  });
  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.u.setSize({ width: widthOf(c.el), height: c.u.height }); });
    }, 100);
  });
  window.hipgaitChartsRendered = charts.length;
})();
`;
