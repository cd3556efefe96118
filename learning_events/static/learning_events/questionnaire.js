// The questionnaire results' charts, drawn from the figures the page embeds with json_script.
// Every chart has a table with the same figures below it: without this file nothing is lost.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("questionnaire-charts");
  if (!source || typeof Chart === "undefined") return;
  for (const chart of JSON.parse(source.textContent)) {
    const canvas = document.getElementById(chart.id);
    if (!canvas) continue;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.rows.map((row) => row[0]),
        datasets: [{ label: chart.label, data: chart.rows.map((row) => row[1]), backgroundColor: "#2b8cc4" }],
      },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { ticks: { precision: 0 } } } },
    });
  }
});
