// The conference fields matter only for a conference request: hide them for training requests.
// The form works without this script (the service ignores them for other categories).
document.addEventListener("DOMContentLoaded", () => {
  const category = document.getElementById("id_category");
  if (!category) return;
  const fields = ["div_id_designated_conference", "div_id_conference_name", "div_id_conference_starts_on", "div_id_conference_place"]
    .map((id) => document.getElementById(id))
    .filter(Boolean);
  const sync = () => {
    const show = category.value === "conference";
    fields.forEach((field) => { field.hidden = !show; });
  };
  category.addEventListener("change", sync);
  sync();
});
