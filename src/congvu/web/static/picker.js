// Search-as-you-type for the person picker of the review queue.  Without this script the plain
// <select> works as it is; with it, a text field with suggestions from /review/items/people sets
// the select's value (the form still submits the select).
(function () {
  "use strict";
  function label(p) { return p.name + " — " + p.id; }
  document.querySelectorAll("select.person-picker").forEach(function (select, n) {
    var input = document.createElement("input");
    var list = document.createElement("datalist");
    list.id = "picker-" + n;
    input.type = "search";
    input.className = "person-search";
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-label", select.parentElement ? select.parentElement.textContent.trim() : "");
    input.placeholder = select.options.length ? select.options[0].text : "";
    var known = {};
    function choose() {
      var p = known[input.value];
      if (!p) { return; }
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === p.id; });
      if (!option) {
        option = new Option(p.name + " (" + p.id + ")", p.id);
        select.add(option);
      }
      select.value = p.id;
    }
    var timer = null;
    input.addEventListener("input", function () {
      choose();
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/review/items/people?q=" + encodeURIComponent(input.value), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (people) {
            list.textContent = "";
            people.forEach(function (p) {
              known[label(p)] = p;
              var o = document.createElement("option");
              o.value = label(p);
              list.appendChild(o);
            });
            choose();
          });
      }, 150);
    });
    input.addEventListener("change", choose);
    select.hidden = true;
    select.removeAttribute("required");
    input.required = true;
    select.parentElement.insertBefore(input, select);
    select.parentElement.insertBefore(list, select);
  });
})();
