// The live "n / 300" under a comment box: the server renders the count, this keeps it
// current while typing. One listener for every box, also those htmx swaps in later.
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("textarea[data-counter]")) return;
  var output = document.getElementById(box.dataset.counter);
  if (output) output.textContent = box.value.length + " / " + box.maxLength;
});
