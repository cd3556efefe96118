// The printable copy's "Print" button: shown only when this script runs (the page says how to
// print without it).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-portal-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
