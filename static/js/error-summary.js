// The error summary of a refused form: take the focus so screen readers announce it, and let each
// link move the focus to its field (the field's first input when it has several, e.g. radios).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    let field = id ? document.getElementById(id) : null;
    if (!field || !field.matches("input, select, textarea, button")) {
      field = document.getElementsByName(link.dataset.fieldName || "")[0] || field;
    }
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });
});
