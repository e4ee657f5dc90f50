"""Layouts that hold at a phone's, a tablet's and a computer's width, measured in the browser.

No page scrolls sideways; no table runs under the table of contents or off the screen; every
number in a table is on the screen without scrolling sideways (a wide table is a list of cards on a
phone, each value beside its column's name); controls are at least 24 px to tap; the map's shapes
are links everywhere, symbols included, its legend is legible on a phone and its table searchable.
"""

from __future__ import annotations

import pytest

from e2e.browsing import PAGE_KINDS, settle

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "tablet": 768, "computer": 1366}
# None: found in the built site, pages with a difference column (found, not named: the data decides).
# Every kind of routes.PAGE_KINDS drawn with the theme (the map included), and the pages whose
# difference column must stay on a phone's screen.
PAGES = {**PAGE_KINDS, "ready-made comparison": None, "evaluation with a comparison": None}


def _with_difference(built_site, kind: str) -> list[str]:
    """The first ready-made comparison with a difference; every evaluation page with one (up to
    eight: their comparison's name, the column's heading, differs in length)."""
    pattern, marker, most = (("jamfor/*/index.html", "Skillnad (", 1) if kind == "ready-made comparison" else
                             ("kommuner/*/*/index.html", '<th scope="col" class="kk-num">Skillnad</th>', 8))
    found = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.glob(pattern)
                   if marker in p.read_text(encoding="utf-8"))
    assert found, f"no {kind} with a difference column"
    return [f"{path}/" for path in found[:most]]


@pytest.fixture
def sized(browser):
    """A page at a given width: ``sized(width)``."""
    contexts = []

    def make(width: int):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


MEASURE = """() => {
  const doc = document.documentElement;
  const article = document.querySelector('article').getBoundingClientRect();
  const toc = document.querySelector('.md-sidebar--secondary');
  const tocBox = toc && getComputedStyle(toc).display !== 'none' ? toc.getBoundingClientRect() : null;
  const boxes = [...document.querySelectorAll('article table')].map(t => (t.closest('.kk-table-wrap') || t));
  const outside = boxes.filter(b => {
    const r = b.getBoundingClientRect();
    return r.right > article.right + 1 || r.left < article.left - 1 || (tocBox && tocBox.width > 0 && r.right > tocBox.left + 1 && r.top < tocBox.bottom);
  }).map(b => b.outerHTML.slice(0, 80));
  const small = [...document.querySelectorAll('article button, article select, article input, article sup a, article .kk-skip')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.getBoundingClientRect(), e]).filter(([r]) => r.width < 24 || r.height < 24)
    .map(([r, e]) => `${e.tagName} ${Math.round(r.width)}x${Math.round(r.height)} ${e.textContent.trim().slice(0, 20)}`);
  // Every number in a table is on the screen without scrolling sideways, and in a table shown as
  // cards (a phone) it says which column it is ("Poäng: 7").
  const offscreen = [], unlabelled = [];
  for (const table of document.querySelectorAll('article table')) {
    const frame = (table.closest('.kk-table-wrap') || table).getBoundingClientRect();
    const right = Math.min(frame.right, article.right) + 1, left = Math.max(frame.left, article.left) - 1;
    const heads = table.tHead ? [...table.tHead.rows[0].cells].map(c => c.textContent.trim()) : [];
    const stacked = getComputedStyle(table).display === 'block';
    for (const row of [...table.tBodies].flatMap(b => [...b.rows]).concat(table.tFoot ? [...table.tFoot.rows] : [])) {
      [...row.cells].forEach((cell, i) => {
        // A number: a kk-num cell, or an evaluation's sub-question from its third column on (kk-subscores).
        const number = cell.classList.contains('kk-num') || (table.classList.contains('kk-subscores') && i >= 2);
        if (!number || cell.offsetParent === null || row.hidden) return;
        const r = cell.getBoundingClientRect();
        if (r.right > right || r.left < left) offscreen.push(`${heads[i] || i} in "${row.cells[0].textContent.trim().slice(0, 25)}"`);
        const before = getComputedStyle(cell, '::before').content;
        // Labelled per cell (data-label) or, for a table whose columns never vary, by the stylesheet.
        if (stacked && i > 0 && !(before.includes(cell.dataset.label || heads[i] || '\u0000'))) unlabelled.push(heads[i] || i);
      });
    }
  }
  return {scroll: doc.scrollWidth - doc.clientWidth, outside, small, offscreen: [...new Set(offscreen)].slice(0, 8),
          unlabelled: [...new Set(unlabelled)]};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_sideways_scroll_no_table_under_the_contents_no_tiny_control(server, sized, built_site, kind, width):
    page = sized(WIDTHS[width])
    for path in [PAGES[kind]] if PAGES[kind] is not None else _with_difference(built_site, kind):
        page.goto(server.url(path))
        settle(page)
        found = page.evaluate(MEASURE)
        where = f"{path} at {width} width"
        assert found["scroll"] <= 0, f"{kind} scrolls sideways by {found['scroll']} px: {where}"
        assert found["outside"] == [], f"tables outside the text column on {kind}: {where}"
        assert found["small"] == [], f"controls under 24 px on {kind}: {where}"
        assert found["offscreen"] == [], f"numbers off the screen on {kind}: {where}"
        assert found["unlabelled"] == [], f"numbers without their column's name on {kind}: {where}"


# Layout shifts while a page loads, summed as the browser reports them (Cumulative Layout Shift;
# under 0.1 is "good"): a control its script adds above a table must not push the table down.
SHIFTS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 300);
})"""


@pytest.mark.parametrize("width", ["phone", "computer"])
def test_nothing_moves_while_a_page_loads(server, sized, width):
    page = sized(WIDTHS[width])
    moved = {}
    for kind, path in PAGE_KINDS.items():
        page.goto(server.url(path))
        settle(page)
        moved[kind] = round(page.evaluate(SHIFTS), 3)
    assert {kind: shift for kind, shift in moved.items() if shift >= 0.1} == {}, f"layout shift at {width} width"
    assert moved["municipality list"] < 0.01  # its filters are shown from the first paint, its headings keep their size


@pytest.mark.parametrize("width", WIDTHS)
def test_every_score_cell_can_be_scrolled_into_view_with_its_question_kept(server, sized, width):
    page = sized(WIDTHS[width])
    page.goto(server.url(PAGE_KINDS["evaluation"]))
    hidden = page.evaluate("""() => {
      const problems = [];
      for (const table of document.querySelectorAll('article table.kk-questions')) {
        const box = table.closest('.kk-table-wrap');
        box.scrollLeft = box.scrollWidth;
        const frame = box.getBoundingClientRect();
        for (const row of table.tBodies[0].rows) {
          const first = row.cells[0].getBoundingClientRect(), last = row.cells[row.cells.length - 1].getBoundingClientRect();
          if (last.right > frame.right + 1 || first.left < frame.left - 1) problems.push(row.cells[0].textContent.slice(0, 30));
        }
      }
      return problems;
    }""")
    assert hidden == []


def test_a_click_anywhere_on_a_municipality_in_the_map_opens_its_page(server, tab):
    page = tab.page
    page.goto(server.url("karta/"))
    missed = page.evaluate("""() => [...document.querySelectorAll('g[id^="symbol-kommun-"]')].filter(g => {
        g.scrollIntoView({block: 'center'});
        const r = g.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        const link = hit && hit.closest('a');
        return !link || !link.getAttribute('href') || link.getAttribute('href') !== link.getAttribute('xlink:href');
    }).map(g => g.id)""")
    assert page.locator('g[id^="symbol-kommun-"]').count() > 10
    assert missed == []


def test_a_skip_link_passes_the_maps_links(server, tab):
    page = tab.page
    page.goto(server.url("karta/"))
    skip = page.get_by_role("link", name="Hoppa förbi kartan (290 länkar) till tabellen över kommuner med känd utvärdering")
    skip.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('.kk-map') === null")
    assert page.evaluate("() => location.hash") == "#tabell"


# Every kind of chart, on a page that has one (found in the built site, not named here).
CHART_TEXT_MIN = 11  # px, as displayed

READ_CHARTS = """async () => {
  const images = [...document.querySelectorAll('.kk-chart img')];
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.decode()));
  return images.map(img => ({src: img.currentSrc, shown: img.getBoundingClientRect().width}));
}"""


def _chart_pages(built_site) -> dict[str, str]:
    def first(pattern: str) -> str:
        found = sorted((built_site / "grafik").glob(pattern))
        assert found, f"no chart {pattern} in the built site"
        return found[0].name

    timeline = first("kommuner/*-totalpoang.svg").removesuffix("-totalpoang.svg")
    distribution = first("omraden/*-totalpoang.svg").removesuffix("-totalpoang.svg")
    return {"areas": PAGE_KINDS["evaluation"], "timeline": f"kommuner/{timeline}/",
            "distribution": f"omraden/{distribution}/", "all totals": "statistik/"}


def _smallest_text(svg: str) -> tuple[float, float]:
    """The smallest font size in an SVG and the width of its viewBox (the units text is in)."""
    import re

    sizes = [float(s) for s in re.findall(r"font-size: ([0-9.]+)px", svg)]
    view_width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))
    return min(sizes), view_width


@pytest.mark.parametrize("width", ["phone", "computer"])
def test_chart_text_is_at_least_11_px_as_shown(server, sized, built_site, width):
    page = sized(WIDTHS[width])
    seen = {}
    for kind, path in _chart_pages(built_site).items():
        page.goto(server.url(path))
        charts = page.evaluate(READ_CHARTS)
        assert charts, f"no chart on {path}"
        for chart in charts:
            name = chart["src"].removeprefix(server.base)
            smallest, view_width = _smallest_text((built_site / name).read_text(encoding="utf-8"))
            shown = smallest * chart["shown"] / view_width
            seen[name] = round(shown, 1)
            assert shown >= CHART_TEXT_MIN - 0.05, f"{kind} chart {name}: text {shown:.1f} px at {width} width"
    # The phone gets the charts drawn for its width.
    assert all(name.endswith("-smal.svg") == (width == "phone") for name in seen), seen


MAP_TEXT_MIN = 12  # px, as displayed


@pytest.mark.parametrize("width", ["phone", "computer"])
def test_the_maps_legend_is_legible_and_its_table_finds_a_municipality_by_name(server, sized, width):
    page = sized(WIDTHS[width])
    page.goto(server.url("karta/"))
    legend = page.locator(".kk-map-legend")
    assert "Senaste totalpoäng" in legend.inner_text() and "ingen känd utvärdering" in legend.inner_text()
    sizes = legend.locator("li, p").evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= MAP_TEXT_MIN, f"legend text {min(sizes)} px at {width} width"
    # Text drawn into the map's picture shrinks with it: there is none, or it is large enough as shown.
    drawn = page.evaluate("""() => { const svg = document.querySelector('.kk-map svg');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale); }""")
    assert all(size >= MAP_TEXT_MIN for size in drawn), drawn
    # Municipalities are small to tap on a phone's map: the table under it finds one by part of its name.
    box = page.get_by_label("Sök kommun")
    box.fill("åmå")
    rows = page.locator("#kartatabell tbody tr:not([hidden])")
    assert rows.count() == 1
    first = rows.first.locator("a")
    assert first.inner_text() == "Åmål"
    assert "2019" in rows.first.inner_text() and "2016" in rows.first.inner_text()  # the total's year and version
    assert page.locator(".kk-filter-status").inner_text() == "1 kommun visas."
