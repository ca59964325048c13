// Draws each compliance chart from its JSON description (compliance/charts.py) with the
// vendored Chart.js. Progressive enhancement: the data table under every chart carries the
// same numbers, so the page works, and is accessible, without this script.
(function () {
  "use strict";

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    const spec = JSON.parse(source.textContent);
    const datasets = spec.datasets.map(function (dataset, index) {
      const colour = spec.colours[index % spec.colours.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        spanGaps: false,
        tension: 0,
      };
    });
    const unit = spec.unit || "";
    const chart = new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + item.formattedValue + unit;
              },
            },
          },
        },
        scales: {
          x: { stacked: spec.stacked },
          y: {
            stacked: spec.stacked,
            beginAtZero: true,
            max: spec.max === null ? undefined : spec.max,
            ticks: {
              precision: 0,
              callback: function (value) {
                return value + unit;
              },
            },
          },
        },
      },
    });
    // The chart is drawn: fold its table away (one click opens it again).
    const table = chart && canvas.closest("figure").querySelector("details[data-app-chart-table]");
    if (table) {
      table.open = false;
    }
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      drawAll(document);
    });
  } else {
    drawAll(document);
  }
})();
