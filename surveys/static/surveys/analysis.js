// The analysis page's charts, drawn from the figures the page embeds with json_script.
// Every chart also has a table on the page: without this file nothing is lost.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("survey-charts");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const labels = JSON.parse(document.getElementById("survey-chart-labels").textContent);
  // Axes, tooltips and ticks in the page's language: 1 400 and 0,25 in French, 1,400 and 0.25 in English.
  const locale = document.documentElement.lang === "fr" ? "fr-CA" : "en-CA";
  Chart.defaults.locale = locale;
  const money = new Intl.NumberFormat(locale, { style: "currency", currency: "CAD", currencyDisplay: "narrowSymbol" });
  const share = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const colon = locale === "fr-CA" ? "\u00a0: " : ": "; // French typography: a no-break space before the colon
  const palette = ["#26374a", "#2b8cc4", "#d3080c", "#ffbf47", "#318000", "#6f4e7c", "#a05a2c", "#666666"];

  const distribution = document.getElementById("chart-distribution");
  if (distribution) {
    const median = charts.distribution.median === null ? null : Number(charts.distribution.median);
    const datasets = [{ label: labels.per_fte, data: charts.distribution.values.map(Number), backgroundColor: "#2b8cc4" }];
    if (median !== null) {
      datasets.push({
        type: "line", label: labels.median, data: charts.distribution.values.map(() => median),
        borderColor: "#d3080c", borderDash: [6, 4], pointRadius: 0,
      });
    }
    new Chart(distribution, {
      type: "bar",
      data: { labels: charts.distribution.labels, datasets },
      options: {
        scales: { y: { ticks: { callback: (value) => money.format(value) } } },
        plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}${colon}${money.format(item.parsed.y)}` } } },
      },
    });
  }

  const lorenz = document.getElementById("chart-lorenz");
  if (lorenz) {
    const points = charts.lorenz.map(([x, y]) => ({ x: Number(x), y: Number(y) }));
    new Chart(lorenz, {
      type: "line",
      data: {
        datasets: [
          { label: labels.lorenz, data: points, borderColor: "#26374a", fill: false },
          { label: labels.equality, data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: "#666666", borderDash: [4, 4], pointRadius: 0 },
        ],
      },
      options: {
        parsing: false,
        scales: {
          x: { type: "linear", min: 0, max: 1, ticks: { callback: (value) => share.format(value) } },
          y: { min: 0, max: 1, ticks: { callback: (value) => share.format(value) } },
        },
        plugins: {
          tooltip: {
            callbacks: { label: (item) => `${item.dataset.label}${colon}${share.format(item.parsed.x)}, ${share.format(item.parsed.y)}` },
          },
        },
      },
    });
  }

  const themes = document.getElementById("chart-themes");
  if (themes) {
    new Chart(themes, {
      type: "bar",
      data: {
        labels: charts.themes.series.map((s) => s.label),
        datasets: charts.themes.jurisdictions.map((code, i) => ({
          label: code,
          data: charts.themes.series.map((s) => s.values[i]),
          backgroundColor: palette[i % palette.length],
        })),
      },
      options: { indexAxis: "y", scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } } },
    });
  }
});
