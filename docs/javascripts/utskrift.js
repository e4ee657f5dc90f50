/* Print: the sources' exact words (details.kk-quote) are the evidence for a number, so they are
   open on paper and closed again afterwards. utskrift.css opens them too where the browser
   styles ::details-content; this covers the browsers that do not. */
(function () {
  "use strict";
  var opened = [];

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.kk-quote:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });

  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
