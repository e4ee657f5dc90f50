/* The comparison page (jamfor/): any two or three evaluations side by side, kept in the address
   as ?u=key,key[,key]. Reads jamfor/jamforelse.json (titles, versions, the crosswalk's plan) and each
   evaluation's data/utvarderingar/<key>.json. Aligns the rows as kommunkompassen/domain/alignment.py
   does and writes the same table as kommunkompassen/site/templates/_compare_table.html.j2; a browser
   test holds the two to the same text. Without a script the form stays hidden and the ready-made
   comparisons below it are plain pages. */
(function () {
  "use strict";
  var form = document.querySelector("form.kk-compare-form");
  var out = document.getElementById("kk-jamforelse");
  if (!form || !out || !window.fetch) return;
  var base = form.getAttribute("data-kk-base");
  var index = null;
  var STATUS_WORDS = { derived: "härlett", uncertain: "osäkert" };

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function decimal(v) {
    return Number.isInteger(v) ? String(v) : v.toFixed(1).replace(".", ",");
  }
  function recorded(rec) {
    if (!rec || rec.value === null || rec.value === undefined) return [null, rec ? rec.status || "unknown" : "unknown"];
    return [rec.value, rec.status || "stated"];
  }
  function cellText(c) {
    if (c.status === "none") return c.counterpart || "ingen motsvarighet";
    if (c.value === null) return "uppgift saknas";
    var word = STATUS_WORDS[c.status];
    return decimal(c.value) + " av " + c.max + (word ? " (" + word + ")" : "");
  }
  function differenceText(v) {
    if (v === null) return "–";
    return (v > 0 ? "+" : v < 0 ? "−" : "±") + decimal(Math.abs(v));
  }
  function difference(cells) {
    if (cells.length !== 2) return null;
    var a = cells[0], b = cells[1];
    if (a.value === null || b.value === null || a.max !== b.max || a.counterpart || b.counterpart) return null;
    return b.value - a.value;
  }
  function area(fw, n) {
    return fw.areas.filter(function (a) { return String(a.number) === String(n); })[0];
  }
  function question(fw, qid) {
    var a = area(fw, qid.split(".")[0]);
    return a ? a.questions.filter(function (q) { return q.id === qid; })[0] : undefined;
  }

  function knownValues(data) {
    var count = data.total && data.total.value !== null && data.total.value !== undefined ? 1 : 0;
    Object.keys(data.areas || {}).forEach(function (n) {
      var a = data.areas[n];
      if (a.score && a.score.value !== null && a.score.value !== undefined) count++;
      Object.keys(a.questions || {}).forEach(function (q) {
        var s = a.questions[q].score;
        if (s && s.value !== null && s.value !== undefined) count++;
      });
    });
    return count;
  }
  // The version the rows follow: the evaluation with the most values (the first of equals).
  function lead(evs) {
    var counts = evs.map(function (ev) { return knownValues(ev.data); });
    return evs[counts.indexOf(Math.max.apply(null, counts))].meta.framework;
  }

  function align(evs) {
    var firstId = lead(evs);
    var first = index.frameworks[firstId];
    function keyIn(ev, kind, key) {
      if (ev.meta.framework === firstId) return [key, null];
      var pair = index.plan[firstId + ">" + ev.meta.framework];
      if (!pair) return [null, null, "ingen jämförelsenyckel mellan versionerna"];
      var found = pair[kind === "area" ? "areas" : "questions"][key];
      return found ? found : [null, null];
    }
    function cell(ev, kind, key, basis, missing) {
      var fw = index.frameworks[ev.meta.framework], r;
      if (kind === "total") { r = recorded(ev.data.total); return { value: r[0], max: fw.max_total, status: r[1] }; }
      if (key === null) return { value: null, max: null, status: "none", counterpart: missing || "ingen motsvarighet i " + fw.name };
      if (kind === "area") {
        var a = area(fw, key), s = ev.data.areas && ev.data.areas[key];
        r = recorded(s ? s.score : null);
        return { value: r[0], max: a.max, status: r[1],
                 counterpart: basis ? "motsvarar område " + key + " (" + basis + ")" : null };
      }
      var q = question(fw, key), own = ev.data.areas && ev.data.areas[key.split(".")[0]];
      var qs = own && own.questions ? own.questions[key] : null;
      r = recorded(qs ? qs.score : null);
      return { value: r[0], max: q.max, status: r[1],
               counterpart: basis ? "motsvarar delfråga " + key + " (" + basis + ")" : null };
    }
    function row(kind, key, label) {
      var cells = evs.map(function (ev) {
        var k = kind === "total" ? ["total", null] : keyIn(ev, kind, key);
        return cell(ev, kind, k[0], k[1], k[2]);
      });
      return { kind: kind, label: label, cells: cells, onlyIn: null };
    }
    function hasQuestions(n) {  // sub-question rows compare something only where two or more have them
      return evs.filter(function (ev) {
        var own = keyIn(ev, "area", String(n))[0];
        var a = own !== null && ev.data.areas ? ev.data.areas[own] : null;
        return !!(a && a.questions && Object.keys(a.questions).length);
      }).length >= 2;
    }
    var rows = [row("total", "total", "Totalpoäng")], reached = {};
    first.areas.forEach(function (a) {
      rows.push(row("area", String(a.number), a.number + ". " + a.label));
      evs.forEach(function (ev) {
        var own = keyIn(ev, "area", String(a.number))[0];
        if (own !== null) (reached[ev.meta.framework] = reached[ev.meta.framework] || {})[own] = true;
      });
      if (hasQuestions(a.number)) a.questions.forEach(function (q) { rows.push(row("question", q.id, q.id + " " + q.text)); });
    });
    var done = {}; done[firstId] = true;
    evs.forEach(function (ev) {
      var id = ev.meta.framework, fw = index.frameworks[id];
      if (done[id]) return;
      done[id] = true;
      fw.areas.forEach(function (a) {
        if (reached[id] && reached[id][String(a.number)]) return;
        var cells = evs.map(function (other) {
          if (other.meta.framework === id) {
            var s = other.data.areas && other.data.areas[String(a.number)], r = recorded(s ? s.score : null);
            return { value: r[0], max: a.max, status: r[1] };
          }
          var keyed = index.plan[id + ">" + other.meta.framework] || index.plan[other.meta.framework + ">" + id];
          return { value: null, max: null, status: "none",
                   counterpart: keyed ? "ingen motsvarighet i " + index.frameworks[other.meta.framework].name
                                      : "ingen jämförelsenyckel mellan versionerna" };
        });
        if (cells.some(function (c) { return c.value !== null; }))
          rows.push({ kind: "area", label: a.number + ". " + a.label, cells: cells, onlyIn: fw.name });
      });
    });
    return rows;
  }

  function table(evs, rows) {
    // A difference only within one version: across versions the points measure different things.
    var sameVersion = evs.every(function (ev) { return ev.meta.framework === evs[0].meta.framework; });
    var withDifference = sameVersion && rows.some(function (r) { return difference(r.cells) !== null; });
    var titles = evs.map(function (ev) { return ev.meta.title; });
    // data-label: the column's name beside each value when a phone shows the rows as cards
    // (site/htmlpost.py labelled_cells writes the same on the ready-made pages).
    var h = '<table class="kk-table kk-compare kk-stack">\n<caption>Poäng för ' + esc(titles.join(", ")) + "</caption>\n";
    h += '<thead><tr><th scope="col">Område och delfråga</th>';
    evs.forEach(function (ev) {
      h += '<th scope="col" class="kk-num"><a href="' + esc(base + ev.meta.url) + '">' + esc(ev.meta.title) +
           '</a><br><span class="kk-version">' + esc(ev.meta.version || index.frameworks[ev.meta.framework].name) + "</span></th>";
    });
    if (withDifference) h += '<th scope="col" class="kk-num">Skillnad (' + esc(titles[1]) + " − " + esc(titles[0]) + ")</th>";
    h += "</tr></thead>\n<tbody>\n";
    rows.forEach(function (r) {
      h += '<tr class="kk-cmp-' + r.kind + '"><th scope="row">' + (r.onlyIn ? "Bara i " + esc(r.onlyIn) + ": " : "") +
           esc(r.label) + "</th>";
      r.cells.forEach(function (c, i) {
        h += '<td data-label="' + esc(titles[i]) + '" class="kk-num">' + esc(cellText(c)) +
             (c.counterpart && c.status !== "none" ? '<br><span class="kk-counterpart">' + esc(c.counterpart) + "</span>" : "") +
             "</td>";
      });
      if (withDifference) h += '<td data-label="Skillnad" class="kk-num">' + esc(differenceText(difference(r.cells))) + "</td>";
      h += "</tr>\n";
    });
    return h + "</tbody>\n</table>";
  }

  function chosen() {
    var keys = [];
    new URLSearchParams(window.location.search).getAll("u").forEach(function (value) {
      value.split(",").forEach(function (k) {
        k = k.trim();
        if (k && keys.indexOf(k) < 0) keys.push(k);
      });
    });
    return keys;
  }
  function say(text, busy) {
    out.innerHTML = '<p class="kk-note">' + esc(text) + "</p>";
    if (!busy) out.style.minHeight = "";
    out.dataset.ready = busy ? "0" : "1";
  }

  function show(keys) {
    var selects = form.querySelectorAll("select");
    for (var i = 0; i < selects.length; i++) selects[i].value = keys[i] && index.evaluations[keys[i]] ? keys[i] : "";
    if (!keys.length) { out.innerHTML = ""; out.dataset.ready = "1"; return; }
    var unknown = keys.filter(function (k) { return !index.evaluations[k]; });
    if (unknown.length) { say("Okänd utvärdering i adressen: " + unknown.join(", ") + ". Välj i listorna ovan."); return; }
    if (keys.length < 2) { say("Välj minst två olika utvärderingar att jämföra."); return; }
    if (keys.length > index.max_columns) { say("Högst " + index.max_columns + " utvärderingar kan jämföras åt gången."); return; }
    say("Hämtar utvärderingarna …", true);
    Promise.all(keys.map(function (k) {
      return fetch(base + index.evaluations[k].data).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (data) { return { key: k, meta: index.evaluations[k], data: data }; });
    })).then(function (evs) {
      var titles = evs.map(function (ev) { return ev.meta.title; });
      var versions = [];
      evs.forEach(function (ev) {
        var name = index.frameworks[ev.meta.framework].name;
        if (versions.indexOf(name) < 0) versions.push(name);
      });
      var h = '<h2 id="jamforelse">Jämförelse: ' + esc(titles.slice(0, -1).join(", ") + " och " + titles[titles.length - 1]) + "</h2>";
      if (versions.length > 1) {
        h += '<div class="admonition warning"><p class="admonition-title">Olika versioner</p><p>Utvärderingarna gjordes med ' +
             "olika versioner av Kommunkompassen (" + esc(versions.join(" och ")) + "). Raderna följer " +
             esc(index.frameworks[lead(evs)].name) + "; för en annan version står motsvarande område eller delfråga enligt webbplatsens " +
             "korsreferens mellan versionerna, eller att den saknas. Poäng från olika versioner går bara att jämföra med försiktighet.</p></div>";
      }
      h += '<div class="kk-table-wrap" role="region" aria-label="Tabell: Poäng för ' + esc(titles.join(", ")) + '">' +
           table(evs, align(evs)) + "</div>";
      h += '<p>Poängen kommer från utvärderingarnas sidor, där källorna står. En uppgift som källorna inte ger står som ”uppgift saknas”. ' +
           "Adressen i webbläsaren är en permanent länk till den här jämförelsen.</p>";
      out.innerHTML = h;
      out.style.minHeight = "";
      out.dataset.ready = "1";
      document.title = "Jämförelse: " + titles.join(", ") + " - " + document.title.split(" - ").slice(-1)[0];
    }).catch(function () {
      say("Utvärderingarna kunde inte hämtas. Försök igen, eller välj en av de färdiga jämförelserna nedan.");
    });
  }

  fetch(form.getAttribute("data-kk-data")).then(function (r) { return r.json(); }).then(function (data) {
    // Lookups by a key from the address (?u=__proto__,constructor) must find only evaluations:
    // maps without a prototype, so that no inherited property answers.
    ["evaluations", "frameworks", "plan"].forEach(function (name) {
      var map = Object.create(null);
      Object.keys(data[name] || {}).forEach(function (k) { map[k] = data[name][k]; });
      data[name] = map;
    });
    index = data;
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var keys = [];
      form.querySelectorAll("select").forEach(function (s) { if (s.value && keys.indexOf(s.value) < 0) keys.push(s.value); });
      history.pushState(null, "", "?u=" + keys.join(","));
      show(keys);
    });
    window.addEventListener("popstate", function () { show(chosen()); });
    // A form sent before the script was ready reads ?u=a&u=b: the address becomes the permalink's ?u=a,b.
    var keys = chosen();
    if (keys.length && window.location.search !== "?u=" + keys.join(",")) history.replaceState(null, "", "?u=" + keys.join(","));
    show(keys);
  }).catch(function () {
    say("Jämförelsen kunde inte laddas. De färdiga jämförelserna nedan fungerar ändå.");
  });
})();
