// After a failed save, focus moves to the error summary at the top (GOV.UK Design System's pattern), so a
// keyboard or screen-reader user starts there; its links move focus to the field itself, not just scroll.
// After "Add an effect goal", focus moves to the new box. Without JavaScript the summary is still first.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.focus();
  summary.querySelectorAll("a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        target.focus();
      }
    });
  });
} else {
  const form = document.querySelector("form[data-focus]");
  const field = form && document.getElementById(form.dataset.focus);
  if (field) field.focus();
}
