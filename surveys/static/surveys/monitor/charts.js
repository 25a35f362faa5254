// Draws the unit's bar chart from the JSON the page embeds. The table next to it carries the
// same figures (and the bands and directions in words), so the page is complete without
// JavaScript. Horizontal bars with every scale labelled: long names wrap onto two or three
// lines instead of being skipped.
(function () {
  "use strict";
  var data = document.getElementById("monitor-chart-data");
  var canvas = document.getElementById("monitor-chart");
  if (!data || !canvas || typeof Chart === "undefined") return;
  var chart = JSON.parse(data.textContent);
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function wrap(label, width) {
    var lines = [];
    var line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  var narrow = canvas.parentElement.clientWidth < 576;
  var labels = chart.labels.map(function (label) { return wrap(label, narrow ? 16 : 28); });
  var datasets = [{ label: chart.unitLabel, data: chart.unit, backgroundColor: "#0d6efd" }];
  if (chart.whole.some(function (v) { return v !== null; })) {
    datasets.push({ label: chart.wholeLabel, data: chart.whole, backgroundColor: "#6c757d" });
  }
  // The height comes from the page as data (no inline style under the Content Security Policy).
  canvas.parentElement.style.height = canvas.parentElement.dataset.height + "px";
  canvas.parentElement.hidden = false;
  new Chart(canvas, {
    type: "bar",
    data: { labels: labels, datasets: datasets },
    options: {
      indexAxis: "y",
      animation: reduce ? false : undefined,
      maintainAspectRatio: false,
      scales: {
        x: { min: 0, max: 100 },
        y: { ticks: { autoSkip: false, font: { size: narrow ? 11 : 12 } } },
      },
      plugins: { legend: { position: "top" } },
    },
  });
})();
