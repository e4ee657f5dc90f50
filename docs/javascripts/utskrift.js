/* Print (see stylesheets/utskrift.css).
   - The page's address under its title and the address of the report text and the improvement
     plan after their links: on paper a link is only useful as an address. The addresses are
     the published ones (the page's canonical URL), not those of a local copy.
   - The sources' exact words (details.kk-quote) are the evidence for a number, so they are
     open on paper and closed again afterwards. utskrift.css opens them too where the browser
     styles ::details-content; this covers the browsers that do not. */
(function () {
  "use strict";

  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return canonical ? canonical.href : window.location.href.split("#")[0];
  }

  function addresses() {
    var base = pageUrl();
    var title = document.querySelector(".md-content__inner > h1");
    if (title) title.setAttribute("data-kk-url", base);
    document.querySelectorAll(".kk-report-link a[href]").forEach(function (a) {
      try {
        a.setAttribute("data-kk-url", new URL(a.getAttribute("href"), base).href);
      } catch (e) { /* an address the browser cannot read stays as it is */ }
    });
  }

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

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(addresses);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addresses);
  } else {
    addresses();
  }
})();
