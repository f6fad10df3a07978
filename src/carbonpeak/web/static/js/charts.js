/* Draws the charts of a page with plotly.js (served by this server, never from a CDN).
   Each chart is an element with a data-chart attribute holding its specification:
   {id, title, x, y, x_title, y_title, horizontal}. The same numbers are in a data table
   beside each chart, so the page says everything without JavaScript too. */
(function () {
  "use strict";

  var FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Noto Sans SC', " +
    "'PingFang SC', 'Microsoft YaHei', sans-serif";
  var COLOUR = "#0a5c45";

  function draw(element) {
    var spec = JSON.parse(element.getAttribute("data-chart"));
    // Text grows with the page's root font size (larger on wall displays).
    var size = Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.875);
    var trace = spec.horizontal
      ? { type: "bar", orientation: "h", x: spec.y, y: spec.x, marker: { color: COLOUR },
          hovertemplate: "%{y}: %{x}<extra></extra>" }
      : { type: "bar", x: spec.x, y: spec.y, marker: { color: COLOUR },
          hovertemplate: "%{x}: %{y}<extra></extra>" };
    var valueAxis = { title: { text: spec.y_title }, rangemode: "tozero", automargin: true,
                      tickformat: "d", gridcolor: "#d9d9d9" };
    var categoryAxis = { title: { text: "" }, automargin: true, type: "category" };
    if (spec.horizontal) { categoryAxis.autorange = "reversed"; }
    var layout = {
      font: { family: FONT, size: size, color: "#1a1a1a" },
      margin: { l: size, r: size, t: size, b: size },
      xaxis: spec.horizontal ? valueAxis : categoryAxis,
      yaxis: spec.horizontal ? categoryAxis : valueAxis,
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      bargap: 0.25
    };
    var config = { displaylogo: false, responsive: true,
                   modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"] };
    window.Plotly.newPlot(element, [trace], layout, config);
  }

  function drawAll() {
    if (!window.Plotly) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
}());
