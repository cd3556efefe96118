// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Put the keyboard focus on the first field with an error, so the error is announced; a page with
  // an error summary (portal/form.html) focuses the summary instead (error-summary.js).
  if (document.querySelector("[data-error-summary]")) return;
  const invalid = document.querySelector(".is-invalid");
  if (invalid) {
    invalid.focus();
    return;
  }
  // After a form was sent (the page it redirected to shows its result message), the focus moves
  // to that message so keyboard and screen-reader users hear what happened.
  const result = document.querySelector(".portal-messages");
  if (result) {
    result.setAttribute("tabindex", "-1");
    result.focus();
  }
});
