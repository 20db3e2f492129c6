/* The calculators update as the person types: the form's own GET, with partial=1, returns the
   result fragment, which replaces #calc-result. Without this file the 计算 button does the same
   with a whole page. The figures are computed only on the server (the engine), never here. */
(function () {
  "use strict";

  function bind(form) {
    var target = document.getElementById("calc-result");
    if (!target || !window.fetch || !window.URLSearchParams) return;
    var timer = null;
    var latest = 0;

    function query() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (value !== "") params.append(name, value);
      });
      return params;
    }

    function update() {
      var params = query();
      var shown = params.toString();
      params.set("partial", "1");
      var mine = ++latest;
      fetch(form.action + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "text/html" }
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null || mine !== latest) return;
          target.innerHTML = html;
          target.setAttribute("data-updated", String(mine));
          var here = form.getAttribute("action") + (shown ? "?" + shown : "");
          if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", here);
          }
          // The header's 大字模式 comes back to the figures shown, not to an empty form.
          var nexts = document.querySelectorAll(".site-header input[name=next]");
          for (var i = 0; i < nexts.length; i++) nexts[i].value = here;
        })
        .catch(function () {
          /* Offline or refused: the 计算 button still submits the form. */
        });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 300);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-calc]");
    for (var i = 0; i < forms.length; i++) bind(forms[i]);
  });
})();
