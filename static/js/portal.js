// Progressive enhancements only; every page works without JavaScript.
(function () {
  "use strict";

  // Library filters: when a region is chosen, the comuna list shows only that region's comunas.
  function narrowComunas(form) {
    var region = form.querySelector("select[name=region]");
    var comuna = form.querySelector("select[name=comuna]");
    if (!region || !comuna) {
      return;
    }
    function apply() {
      var code = region.value;
      Array.prototype.forEach.call(comuna.options, function (option) {
        var hide = Boolean(code && option.dataset.region && option.dataset.region !== code);
        option.hidden = hide;
        option.disabled = hide;
        if (hide && option.selected) {
          comuna.value = "";
        }
      });
    }
    region.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-comuna-filter]"), narrowComunas);
  });
})();
