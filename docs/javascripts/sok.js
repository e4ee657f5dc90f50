/* The search box in the header (overrides/partials/header.html) over Pagefind's index
   (pagefind/, written after the build by kommunkompassen/site/search_index.py).

   Nothing is fetched until the reader focuses the field or presses "/": then pagefind.js loads,
   and each search fetches only the index chunks its words fall in and the fragments of the
   results shown (five first, then ten at a time). Results are a list of links: the page's title,
   a few words around the match and up to three sections of the page that match, each a link to
   its heading.
   A live region says how many results there are; Tab moves from the field through the links;
   Escape closes the results (on a phone also the field) and returns focus. */
(function () {
  "use strict";
  var root = document.querySelector("[data-kk-search]");
  if (!root) return;
  var base = new URL((root.getAttribute("data-kk-base") || ".").replace(/\/?$/, "/"), location.href);
  var open = root.querySelector(".kk-search__open");
  var form = root.querySelector(".kk-search__form");
  var field = root.querySelector(".kk-search__input");
  var close = root.querySelector(".kk-search__close");
  var panel = root.querySelector(".kk-search__results");
  var count = root.querySelector(".kk-search__count");
  var list = root.querySelector(".kk-search__list");
  var more = root.querySelector(".kk-search__more");
  var status = root.querySelector("[data-kk-search-status]");
  /* Five results first (what a phone shows in two screens, and each costs its fragment), then
     ten more on each "Visa fler träffar". */
  var FIRST = 5, MORE = 10;
  var WAIT = 300;  // ms without a keystroke before a search runs
  var engine = null, found = [], shown = 0, query = "", serial = 0, timer = null;

  root.classList.add("kk-search--ready");

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      engine.catch(function () { engine = null; say("Sökningen kunde inte laddas. Försök igen, eller se alla kommuner."); });
    }
    return engine;
  }

  function say(text) {
    count.textContent = text;
    status.textContent = text;
    panel.hidden = false;
  }

  /* Pagefind's excerpts are text with <mark> around the words found; build them as nodes, so no
     markup in a page's text can become markup here. */
  function excerpt(html, into) {
    var doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        into.appendChild(mark);
      } else {
        into.appendChild(document.createTextNode(node.textContent));
      }
    });
    return into;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function item(data) {
    var li = element("li", "kk-search__item");
    var meta = data.meta || {};
    var link = element("a", "kk-search__title", meta.title || data.url);
    /* A report's section is indexed as a page of its own; kk_url is the report page and the
       section's heading (site/search_index.py). */
    link.href = meta.kk_url ? new URL(meta.kk_url.replace(/^\//, ""), base).href : data.url;
    var page = link.href.split("#")[0];
    li.appendChild(link);
    li.appendChild(excerpt(data.excerpt, element("p", "kk-search__excerpt")));
    var title = link.textContent;
    var sections = (data.sub_results || []).filter(function (s) {
      return s.url.indexOf("#") > 0 && s.title !== title;  // not the page's own heading again
    }).slice(0, 3);
    if (sections.length) {
      var sub = element("ul", "kk-search__sections");
      sections.forEach(function (s) {
        var subItem = element("li");
        var subLink = element("a", null, s.title);
        subLink.href = meta.kk_url ? page + s.url.slice(s.url.indexOf("#")) : s.url;
        subItem.appendChild(subLink);
        subItem.appendChild(excerpt(s.excerpt, element("p", "kk-search__excerpt")));
        sub.appendChild(subItem);
      });
      li.appendChild(sub);
    }
    return li;
  }

  function showMore(ticket) {
    var next = found.slice(shown, shown + (shown ? MORE : FIRST));
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
      if (ticket !== serial) return;
      datas.forEach(function (d) { list.appendChild(item(d)); });
      shown += next.length;
      more.hidden = shown >= found.length;
    });
  }

  /* The search runs once the reader pauses (WAIT ms after the last keystroke), never on every
     keystroke: each search fetches the index chunks of its words, and "m", "me", "med" on the way
     to "medborgardialog" would fetch chunks of their own (Pagefind's debouncedSearch preloads
     every keystroke's word). A keystroke also retires the search under way (serial). */
  function run() {
    var q = field.value.trim();
    var ticket = ++serial;
    clearTimeout(timer);
    query = q;
    if (!q) {
      list.textContent = "";
      count.textContent = status.textContent = "";
      more.hidden = true;
      panel.hidden = true;
      return;
    }
    timer = setTimeout(function () {
      load().then(function (pagefind) {
        return ticket === serial ? pagefind.search(q) : null;
      }).then(function (search) {
        if (!search || ticket !== serial) return;
        found = search.results;
        shown = 0;
        list.textContent = "";
        var n = found.length;
        var text = n === 0 ? "Inga träffar för ”" + query + "”. Sök på en kommuns namn eller ett ord ur en rapport."
          : (n === 1 ? "1 träff" : n + " träffar") + " för ”" + query + "”";
        return showMore(ticket).then(function () { if (ticket === serial) say(text); });
      });
    }, WAIT);
  }

  function openBox() {
    root.classList.add("kk-search--open");
    open.setAttribute("aria-expanded", "true");
    field.focus();
    load();
  }

  function closeBox(focusBack) {
    panel.hidden = true;
    var wasOpen = root.classList.contains("kk-search--open");
    root.classList.remove("kk-search--open");
    open.setAttribute("aria-expanded", "false");
    if (focusBack) (wasOpen && getComputedStyle(open).display !== "none" ? open : field).focus();
  }

  field.addEventListener("focus", function () { load(); if (field.value.trim() && list.childNodes.length) panel.hidden = false; });
  field.addEventListener("input", run);
  open.addEventListener("click", function () {
    if (root.classList.contains("kk-search--open")) closeBox(true); else openBox();
  });
  close.addEventListener("click", function () { closeBox(true); });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(serial).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();  // where the new results begin
    });
  });
  /* Enter goes to the first result. */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first && !panel.hidden) location.href = first.href;
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); closeBox(true); }
  });
  /* "/" anywhere but in a field opens the search, as on many sites. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    event.preventDefault();
    openBox();
  });
  /* A click outside closes the results; the field keeps its words. */
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) closeBox(false);
  });
})();
