/* Print (see stylesheets/utskrift.css): the page's address under its title, and the addresses
   of the report text and the improvement plan after their links, since on paper a link is only
   useful as an address. They are the published addresses (from the page's canonical URL), not
   those of a local copy. The theme itself opens every <details> of the text for printing (the sources' exact words
   included) and closes them afterwards; utskrift.css opens the exact words without JavaScript. */
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

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(addresses);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addresses);
  } else {
    addresses();
  }
})();
