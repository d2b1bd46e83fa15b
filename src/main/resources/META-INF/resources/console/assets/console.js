// The console's only script of its own (the Content-Security-Policy allows no inline script).
// - A button with data-example fills the test page's JSON editor with that example's payload.
// - A form with data-confirm asks before it is sent.
document.addEventListener("click", (event) => {
  const example = event.target.closest("[data-example]");
  if (example) {
    document.getElementById("payload").value = example.dataset.example;
  }
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
