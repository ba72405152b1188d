// The print view's button opens the browser's print dialog; without JavaScript, Ctrl+P does the same.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
