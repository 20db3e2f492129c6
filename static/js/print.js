/* The print view of the repayment plan: the 打印 button (without JavaScript the page says
   to use the browser's print command). A file of its own: the CSP allows no inline script. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("print-now");
    if (button) {
      button.addEventListener("click", function () { window.print(); });
    }
  });
})();
