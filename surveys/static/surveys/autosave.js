// Autosave of the PD template draft: a second after the last keystroke, and when a field is left.
// Each save sends the whole form with the version it was based on, through the same version check
// as "Save draft": if another tab or colleague saved since, the server refuses, this page says so
// and keeps what was typed (nothing here ever changes a field). Saves run one at a time, each with
// the version the previous one returned. Without this script the "Save draft" button does the same.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("pd-template-form");
  const status = document.getElementById("autosave-status");
  if (!form || !status || !form.dataset.autosaveUrl || !window.fetch || !window.FormData) return;
  const version = form.querySelector("input[name='version']");
  const initialForms = form.querySelector("input[name='needs-INITIAL_FORMS']");
  const DELAY_MS = 1000;
  let timer = null;
  let inFlight = false;
  let again = false;
  let dirty = false;
  let stopped = false;
  let resubmit = false; // a button pressed while a save was on its way: pressed again after it
  let submitter = null;

  const say = (text, state) => {
    status.textContent = text;
    status.dataset.state = state;
  };

  async function save() {
    clearTimeout(timer);
    if (stopped || !dirty) return;
    if (inFlight) {
      again = true;
      return;
    }
    dirty = false;
    inFlight = true;
    const body = new FormData(form);
    body.set("action", "autosave");
    try {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      });
      const data = await response.json();
      if (data.saved) {
        version.value = data.version;
        // A new need, once saved, is one of the saved needs for the next save too.
        if (initialForms && data.initial_forms > Number(initialForms.value)) {
          initialForms.value = data.initial_forms;
        }
        say(data.message, "saved");
      } else {
        say(data.message, data.stale ? "stale" : "error");
        if (data.stale) stopped = true; // someone else saved: do not keep trying over their work
      }
    } catch (error) {
      dirty = true;
      say(form.dataset.autosaveFailed, "error");
    } finally {
      inFlight = false;
      if (resubmit) {
        resubmit = false;
        form.requestSubmit(submitter);
      } else if (again) {
        again = false;
        save();
      }
    }
  }

  form.addEventListener("input", () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  });
  form.addEventListener("change", () => {
    dirty = true;
    save();
  });
  form.addEventListener("focusout", () => {
    if (dirty) save();
  });
  // The buttons post the form the ordinary way: no autosave may race them, and one on its way
  // first returns the version the button's post must carry.
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    if (inFlight) {
      event.preventDefault();
      resubmit = true;
      submitter = event.submitter || null;
      return;
    }
    stopped = true;
  });
});
