// The consistency page's chart, drawn from the figures the page embeds with json_script.
// The table under the chart gives the same figures: without this file nothing is lost.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("consistency-chart-data");
  const canvas = document.getElementById("chart-consistency");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const labels = JSON.parse(document.getElementById("consistency-chart-labels").textContent);
  const number = (v) => (v === null ? null : Number(v));
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: labels.amount, data: data.amount.map(number), backgroundColor: "#26374a" },
        { label: labels.allocation, data: data.allocation.map(number), backgroundColor: "#2b8cc4" },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
});
