/* Progressive enhancement of /buscar/: the page works without this file.
   - autocomplete on the query box (ARIA combobox with a listbox of suggestions);
   - ticking a facet or changing the order submits the form at once. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  if (!form || !input) { return; }
  document.documentElement.classList.add("js");

  // Ticking a facet or changing the order reloads the page at once. The user is told so
  // beforehand (the hidden sentence of #facets-help), and focus comes back to the same control
  // after the reload, so keyboard and screen-reader users keep their place.
  var FOCUS_KEY = "search-focus";
  var auto = form.querySelector(".facets-auto");
  if (auto) { auto.hidden = false; }

  function remember(target) {
    try { sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ name: target.name, value: target.value })); }
    catch (error) { /* storage disabled: the reload still works */ }
  }

  function restoreFocus() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || "null"); sessionStorage.removeItem(FOCUS_KEY); }
    catch (error) { return; }
    if (!saved || !saved.name) { return; }
    var controls = form.elements[saved.name];
    if (!controls) { return; }
    var list = controls.length !== undefined && !controls.options ? controls : [controls];
    for (var i = 0; i < list.length; i++) {
      if (list[i].type !== "checkbox" || list[i].value === saved.value) { list[i].focus(); return; }
    }
  }
  restoreFocus();

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type === "checkbox" || target.name === "orden") {
      remember(target);
      // Page 1 of the new selection: the form has no page field, so submitting drops it.
      form.submit();
    }
  });

  var url = input.getAttribute("data-suggest-url");
  var status = document.getElementById("search-suggestions-status");
  var list = document.createElement("ul");
  list.id = "search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Sugerencias");
  list.hidden = true;
  input.parentNode.parentNode.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var items = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";
  var controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) { input.setAttribute("aria-activedescendant", items[index].id); }
    else { input.removeAttribute("aria-activedescendant"); }
  }

  function go(item) {
    window.location.href = item.getAttribute("data-url") || (form.action + "?q=" + encodeURIComponent(item.textContent));
  }

  function render(suggestions) {
    list.textContent = "";
    items = suggestions.map(function (suggestion, i) {
      var li = document.createElement("li");
      li.id = "search-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("data-url", suggestion.url || "");
      li.textContent = suggestion.text;  // textContent: titles are never parsed as HTML
      li.addEventListener("mousedown", function (event) { event.preventDefault(); go(li); });
      list.appendChild(li);
      return li;
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length === 1 ? "1 sugerencia disponible" : items.length + " sugerencias disponibles";
    } else {
      close();
      status.textContent = "";
    }
    highlight(-1);
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (query.length < 2) { render([]); return; }
    if (controller) { controller.abort(); }
    controller = "AbortController" in window ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(query), {
      headers: { "Accept": "application/json" },
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === query) { render(data.suggestions || []); } })
      .catch(function () { /* aborted or offline: keep the plain search box */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden || !items.length) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); go(items[active]); }
    else if (event.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
