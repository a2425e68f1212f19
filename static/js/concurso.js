// Submission form: live character counters for fields with a limit, and a warning before leaving unsaved text.
(function () {
  "use strict";
  var form = document.querySelector("form[enctype='multipart/form-data']");
  if (!form) { return; }
  form.querySelectorAll("textarea[maxlength], input[type='text'][maxlength]").forEach(function (field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var counter = document.createElement("p");
    counter.className = "help char-counter";
    counter.setAttribute("aria-live", "polite");
    var update = function () { counter.textContent = field.value.length + " / " + max + " caracteres"; };
    field.insertAdjacentElement("afterend", counter);
    field.addEventListener("input", update);
    update();
  });
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
