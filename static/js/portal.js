// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Put the keyboard focus on the first field with an error, so the error is announced.
  const invalid = document.querySelector(".is-invalid");
  if (invalid) invalid.focus();
});
