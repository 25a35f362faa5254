// Draws the overview's chart of use per quarter from the JSON the page embeds. The table
// below it carries the same figures (and says why a figure is hidden), so the page is
// complete without JavaScript. A hidden figure is a gap, never a zero.
(function () {
  "use strict";
  var data = document.getElementById("overview-usage-data");
  var canvas = document.getElementById("overview-usage-chart");
  if (!data || !canvas || typeof Chart === "undefined") return;
  var chart = JSON.parse(data.textContent);
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var colours = ["#0d6efd", "#6f42c1"];
  canvas.parentElement.hidden = false;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: chart.series.map(function (series, index) {
        return { label: series.label, data: series.data, backgroundColor: colours[index % colours.length] };
      }),
    },
    options: {
      animation: reduce ? false : undefined,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: chart.axis }, ticks: { precision: 0 } } },
      plugins: { legend: { position: "top" } },
    },
  });
})();
