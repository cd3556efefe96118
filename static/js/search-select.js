// Search-as-you-type choices (portal/widgets.py SearchSelect and SearchSelectMultiple,
// portal/lookups.py): as the person types, the list below the search field is filled with what the
// lookup finds for them. Every chosen option stays in the list, so a page sent back with an error
// keeps the choices and a second search never drops the first one's.
(function () {
  "use strict";

  function setUp(box) {
    var input = box.querySelector("input[type=search]");
    var select = box.querySelector("select");
    var status = box.querySelector("[aria-live]");
    var timer = null;
    var asked = 0;

    function fill(results) {
      var keep = [];
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value === "" || option.selected) keep.push(option);
      });
      select.innerHTML = "";
      keep.forEach(function (option) { select.appendChild(option); });
      var seen = {};
      keep.forEach(function (option) { seen[option.value] = true; });
      results.forEach(function (row) {
        if (seen[String(row.id)]) return;
        var option = document.createElement("option");
        option.value = row.id;
        option.textContent = row.text;  // text, never HTML
        select.appendChild(option);
      });
      var found = results.length;
      status.textContent = found === 0 ? box.dataset.none : (found === 1 ? box.dataset.one : box.dataset.many.replace("%s", found));
    }

    function ask() {
      var query = input.value.trim();
      if (query.length < 2) return;
      var ticket = ++asked;
      var url = new URL(box.dataset.lookup, window.location.href);  // may carry ?exclude=
      url.searchParams.set("q", query);
      fetch(url, {
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
      })
        .then(function (answer) { return answer.ok ? answer.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked) fill(data.results || []); })
        .catch(function () { status.textContent = box.dataset.failed; });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // Enter searches at once and never submits the form
        event.preventDefault();
        window.clearTimeout(timer);
        ask();
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });

    if (select.multiple) {
      // A click chooses or takes back one option and leaves the others as they are (a plain click
      // in a <select multiple> would drop every other choice, found by earlier searches too).
      select.addEventListener("mousedown", function (event) {
        if (event.target.tagName !== "OPTION") return;
        event.preventDefault();
        event.target.selected = !event.target.selected;
        select.focus();
        select.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-search-select]").forEach(setUp);
  });
})();
