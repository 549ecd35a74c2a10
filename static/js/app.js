// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
});

// An error summary link jumps to its field. The browser alone would scroll the input to the top
// of the screen, hiding its question, hint and error message above it (on a phone, all of them):
// show the whole question instead, then focus the input (the GOV.UK error summary behaviour).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
  var input = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!input) { return; }
  var question = input.closest(".form-group") || input;
  event.preventDefault();
  question.scrollIntoView();
  input.focus({ preventScroll: true });
});

// The caseload: one box ticks or clears every claim on the page for a bulk action.
document.addEventListener("change", function (event) {
  var all = event.target.closest && event.target.closest("[data-select-all]");
  if (!all) { return; }
  document.querySelectorAll("input[name='claim'][form='" + all.getAttribute("data-select-all") + "']")
    .forEach(function (box) { box.checked = all.checked; });
});
