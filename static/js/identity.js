/* Identity pages: refresh the captcha in place; count down before an SMS code can be resent.
   Both only enhance: without JavaScript the refresh link reloads the page and the server
   enforces the resend interval. */
(function () {
  "use strict";

  function refreshCaptcha(link) {
    var box = link.closest(".captcha");
    var img = box.querySelector("[data-captcha-image]");
    var key = box.querySelector("input[type=hidden]");
    var answer = box.querySelector("input[type=text]");
    fetch(link.getAttribute("data-captcha-refresh"), {
      headers: { "X-Requested-With": "XMLHttpRequest" },
      credentials: "same-origin"
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        img.src = data.image_url;
        key.value = data.key;
        if (answer) { answer.value = ""; answer.focus(); }
      })
      .catch(function () { window.location.reload(); });
  }

  function countdown(button, seconds) {
    var label = button.textContent;
    button.disabled = true;
    var left = seconds;
    button.textContent = left + "秒后可重新发送";
    var timer = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(timer);
        button.disabled = false;
        button.textContent = "重新发送验证码";
        return;
      }
      button.textContent = left + "秒后可重新发送";
    }, 1000);
    return label;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-captcha-refresh]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        e.preventDefault();
        refreshCaptcha(link);
      });
    });
    document.querySelectorAll("[data-resend][data-sent]").forEach(function (button) {
      countdown(button, parseInt(button.getAttribute("data-resend"), 10) || 60);
    });
  });
})();
