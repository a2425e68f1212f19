// Share block: "copy link" and "print" buttons (hidden without JavaScript; the link stays selectable).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (button) {
      var input = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.querySelector("[data-copy-status]");
      if (!input) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (status) { status.textContent = button.getAttribute("data-copied-text"); } };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
        } else {
          input.select();
          document.execCommand("copy");
          done();
        }
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
