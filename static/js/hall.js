/* Small enhancements for the hall. Every page works without this file:
   - [data-confirm] on a form or link: a 是/否 dialog before it goes on
     (links with data-post are sent as a POST with the page's CSRF token);
   - [data-dialog] links open the named <dialog> instead of a new page;
   - [data-tabs]: the home page's task tabs switch without a reload;
   - audio[data-autoplay]: the new-message sound, played once. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function postTo(url, next) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    var fields = { csrfmiddlewaretoken: csrfToken() };
    if (next) fields.next = next;
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function openDialog(dialog, opener) {
    if (typeof dialog.showModal !== "function") return false;
    dialog.showModal();
    dialog.addEventListener(
      "close",
      function () {
        if (opener && opener.focus) opener.focus();
      },
      { once: true }
    );
    return true;
  }

  /* Resolves with true for 是, false for 否 / Escape. */
  function ask(question, opener, onYes) {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(question)) onYes();
      return;
    }
    dialog.querySelector(".dialog__text").textContent = question;
    var yes = dialog.querySelector('[data-answer="yes"]');
    var no = dialog.querySelector('[data-answer="no"]');
    function finish(answer) {
      yes.removeEventListener("click", onYesClick);
      no.removeEventListener("click", onNoClick);
      dialog.close();
      if (answer) onYes();
    }
    function onYesClick() { finish(true); }
    function onNoClick() { finish(false); }
    yes.addEventListener("click", onYesClick);
    no.addEventListener("click", onNoClick);
    openDialog(dialog, opener);
    no.focus();
  }

  function setupConfirms() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form[data-confirm]")) return;
      if (form.dataset.confirmed === "1") return;
      event.preventDefault();
      var button = form.querySelector("button");
      ask(form.dataset.confirm, button, function () {
        form.dataset.confirmed = "1";
        form.submit();
      });
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-confirm][data-post]");
      if (!link) return;
      event.preventDefault();
      ask(link.dataset.confirm, link, function () {
        postTo(link.dataset.post, link.dataset.next || window.location.pathname + window.location.search);
      });
    });
  }

  function setupDialogs() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-dialog]");
      if (!link) return;
      var dialog = document.getElementById(link.dataset.dialog);
      if (dialog && openDialog(dialog, link)) event.preventDefault();
    });
  }

  function setupTabs() {
    document.querySelectorAll("[data-tabs]").forEach(function (nav) {
      var tabs = Array.prototype.slice.call(nav.querySelectorAll("[role=tab]"));
      function select(tab, focus) {
        tabs.forEach(function (t) {
          var on = t === tab;
          t.setAttribute("aria-selected", on ? "true" : "false");
          t.setAttribute("tabindex", on ? "0" : "-1");
          if (on) t.setAttribute("aria-current", "page");
          else t.removeAttribute("aria-current");
          var panel = document.getElementById(t.getAttribute("aria-controls"));
          if (panel) panel.hidden = !on;
        });
        if (focus) tab.focus();
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", tab.getAttribute("href"));
        }
      }
      tabs.forEach(function (tab, i) {
        tab.setAttribute("tabindex", tab.getAttribute("aria-selected") === "true" ? "0" : "-1");
        tab.addEventListener("click", function (event) {
          event.preventDefault();
          select(tab, false);
        });
        tab.addEventListener("keydown", function (event) {
          var next = null;
          if (event.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
          if (event.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
          if (event.key === "Home") next = tabs[0];
          if (event.key === "End") next = tabs[tabs.length - 1];
          if (next) {
            event.preventDefault();
            select(next, true);
          }
        });
      });
    });
  }

  function setupSound() {
    var audio = document.querySelector("audio[data-autoplay]");
    if (!audio) return;
    function play() {
      var p = audio.play();
      if (p && p.catch) {
        p.catch(function () {
          // Autoplay refused until the person interacts with the page: play on the first key or click.
          var once = function () {
            document.removeEventListener("pointerdown", once);
            document.removeEventListener("keydown", once);
            audio.play().catch(function () {});
          };
          document.addEventListener("pointerdown", once);
          document.addEventListener("keydown", once);
        });
      }
    }
    play();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupConfirms();
    setupDialogs();
    setupTabs();
    setupSound();
  });
})();
