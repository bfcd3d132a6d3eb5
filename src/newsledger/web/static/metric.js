// Metric page: draw the timeline from the JSON the server embedded; click a point to open its article.
(function () {
  "use strict";
  var box = document.getElementById("nl-chart");
  var data = document.getElementById("nl-chart-data");
  if (!box || !data || typeof Plotly === "undefined") return;
  var spec = JSON.parse(data.textContent);
  if (!spec.points) {
    box.textContent = "No dated figure with a value to plot; see the table below.";
    box.classList.add("muted");
    box.style.minHeight = "0";
    return;
  }
  Plotly.newPlot(box, spec.data, spec.layout, {
    responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"]
  }).then(function () {
    box.setAttribute("data-rendered", "1");
    box.on("plotly_click", function (ev) {
      var p = ev.points && ev.points[0];
      if (p && p.customdata && String(p.customdata).charAt(0) === "/") window.location.href = p.customdata;
    });
  });
})();
