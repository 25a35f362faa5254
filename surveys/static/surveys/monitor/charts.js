// Draws the unit's bar chart from the JSON the page embeds. The table next to it carries the
// same figures (and the bands in words), so the page is complete without JavaScript.
(function () {
  "use strict";
  var data = document.getElementById("monitor-chart-data");
  var canvas = document.getElementById("monitor-chart");
  if (!data || !canvas || typeof Chart === "undefined") return;
  var chart = JSON.parse(data.textContent);
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var datasets = [{ label: chart.unitLabel, data: chart.unit, backgroundColor: "#0d6efd" }];
  if (chart.whole.some(function (v) { return v !== null; })) {
    datasets.push({ label: chart.wholeLabel, data: chart.whole, backgroundColor: "#adb5bd" });
  }
  canvas.parentElement.hidden = false;
  new Chart(canvas, {
    type: "bar",
    data: { labels: chart.labels, datasets: datasets },
    options: {
      indexAxis: "y",
      animation: reduce ? false : undefined,
      maintainAspectRatio: false,
      scales: { x: { min: 0, max: 100 } },
    },
  });
})();
