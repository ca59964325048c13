// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// Content swapped in by htmx (search results, an added form row) gets its components too.
document.addEventListener("htmx:load", (event) => {
  if (event.target !== document.body) {
    initAll({ scope: event.target });
  }
});

// After "Add another …" swaps a formset in, move focus to the new row's first field, as
// the full-page post-back would leave the reader at the top otherwise.
document.addEventListener("htmx:afterSettle", (event) => {
  const formset = event.detail.elt;
  if (!(formset instanceof HTMLElement) || !formset.hasAttribute("data-app-formset")) {
    return;
  }
  const rows = formset.querySelectorAll(".app-formset__row");
  const last = rows[rows.length - 1];
  const field = last && last.querySelector("select, input:not([type=hidden]), textarea");
  if (field) {
    field.focus();
  }
});

// The language switch returns the reader to the page they are on: keep its "next" in step
// when htmx changes the address (a live search pushes the query into the URL).
document.addEventListener("htmx:pushedIntoHistory", () => {
  document.querySelectorAll('form input[name="next"]').forEach((input) => {
    input.value = window.location.pathname + window.location.search;
  });
});
