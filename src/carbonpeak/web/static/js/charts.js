/* Draws the charts of a page with plotly.js (served by this server, never from a CDN).
   Each chart is an element with a data-chart attribute holding its specification:
     bars:   {x, y, x_title, y_title, horizontal}
     series: {series: [{name, x, y, style: "line"|"dash"|"dot"|"bar"|"marker"}],
              lines: [{y, label}] (horizontal reference lines: goals), x_title, y_title,
              marks: [{x, label}] (vertical lines: the base year, the peak year)}
   The same numbers are in a data table beside each chart, so the page says everything
   without JavaScript too. */
(function () {
  "use strict";

  var FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Noto Sans SC', " +
    "'PingFang SC', 'Microsoft YaHei', sans-serif";
  var COLOURS = ["#0a5c45", "#0b5394", "#8a4b00", "#6a1b9a", "#a40e26", "#4d4d4d"];

  function barTrace(spec) {
    return spec.horizontal
      ? { type: "bar", orientation: "h", x: spec.y, y: spec.x, marker: { color: COLOURS[0] },
          hovertemplate: "%{y}: %{x}<extra></extra>" }
      : { type: "bar", x: spec.x, y: spec.y, marker: { color: COLOURS[0] },
          hovertemplate: "%{x}: %{y}<extra></extra>" };
  }

  function seriesTrace(s, i) {
    var colour = COLOURS[i % COLOURS.length];
    var trace = { name: s.name, x: s.x, y: s.y, hovertemplate: "%{x}: %{y:,.4~g}<extra>" +
                  s.name + "</extra>" };
    if (s.style === "bar") {
      trace.type = "bar";
      trace.marker = { color: colour };
    } else {
      trace.type = "scatter";
      trace.mode = s.style === "marker" ? "markers" : "lines+markers";
      trace.line = { color: colour, width: 3,
                     dash: s.style === "dash" ? "dash" : (s.style === "dot" ? "dot" : "solid") };
      trace.marker = { color: colour, size: s.style === "marker" ? 12 : 6 };
      trace.connectgaps = false;
    }
    return trace;
  }

  function draw(element) {
    var spec = JSON.parse(element.getAttribute("data-chart"));
    // Text grows with the page's root font size (larger on wall displays).
    var size = Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.875);
    var traces = spec.series ? spec.series.map(seriesTrace) : [barTrace(spec)];
    var valueAxis = { title: { text: spec.y_title }, rangemode: "tozero", automargin: true,
                      gridcolor: "#d9d9d9" };
    if (!spec.series) { valueAxis.tickformat = "d"; }
    var numericX = !!spec.series && spec.series.length > 0 &&
      typeof spec.series[0].x[0] === "number";
    var categoryAxis = { title: { text: spec.x_title || "" }, automargin: true,
                         type: numericX ? "linear" : "category" };
    if (numericX) { categoryAxis.tickformat = "d"; }
    if (spec.x_type === "date") { categoryAxis.type = "date"; }
    var legend = !!spec.series && spec.series.length > 1;
    // With a legend below the plot an x-axis title would collide with it (years, dates and
    // district names need none; the data table names the column).
    if (legend) { categoryAxis.title.text = ""; }
    if (spec.horizontal) { categoryAxis.autorange = "reversed"; categoryAxis.title.text = ""; }
    var shapes = [];
    var annotations = [];
    (spec.lines || []).forEach(function (line) {
      shapes.push({ type: "line", xref: "paper", x0: 0, x1: 1, y0: line.y, y1: line.y,
                    line: { color: "#a40e26", width: 2, dash: "dash" } });
      annotations.push({ xref: "paper", x: 1, xanchor: "right", y: line.y, yanchor: "bottom",
                         text: line.label, showarrow: false, font: { color: "#a40e26" } });
    });
    (spec.marks || []).forEach(function (mark, i) {
      shapes.push({ type: "line", yref: "paper", y0: 0, y1: 1, x0: mark.x, x1: mark.x,
                    line: { color: "#4d4d4d", width: 1, dash: "dot" } });
      // Labels of several marks are stacked above the plot, one line each.
      annotations.push({ yref: "paper", y: 1, yshift: i * size * 1.5, yanchor: "bottom",
                         x: mark.x, xanchor: "right", text: mark.label, showarrow: false,
                         font: { color: "#4d4d4d" } });
    });
    var layout = {
      font: { family: FONT, size: size, color: "#1a1a1a" },
      margin: { l: size, r: size, t: size * (2 + 1.5 * (spec.marks || []).length), b: size },
      xaxis: spec.horizontal ? valueAxis : categoryAxis,
      yaxis: spec.horizontal ? categoryAxis : valueAxis,
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      bargap: 0.25,
      barmode: "group",
      showlegend: legend,
      legend: { orientation: "h", y: -0.12, yanchor: "top" },
      shapes: shapes,
      annotations: annotations
    };
    var config = { displaylogo: false, responsive: true,
                   modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"] };
    window.Plotly.newPlot(element, traces, layout, config);
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
