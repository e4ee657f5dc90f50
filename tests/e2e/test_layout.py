"""Layouts that hold at a phone's, a tablet's and a computer's width, measured in the browser.

No page scrolls sideways; no table runs under the table of contents or off the screen (each
scrolls in its own region with its first column kept); every score cell can be brought into
view; controls are at least 24 px to tap; the map's shapes are links everywhere, symbols included.
"""

from __future__ import annotations

import pytest

from e2e.browsing import PAGE_KINDS, settle

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "tablet": 768, "computer": 1366}
PAGES = PAGE_KINDS  # every kind of routes.PAGE_KINDS drawn with the theme, the map included


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
  return {scroll: doc.scrollWidth - doc.clientWidth, outside, small};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_sideways_scroll_no_table_under_the_contents_no_tiny_control(server, sized, kind, width):
    page = sized(WIDTHS[width])
    page.goto(server.url(PAGES[kind]))
    settle(page)
    found = page.evaluate(MEASURE)
    assert found["scroll"] <= 0, f"{kind} scrolls sideways by {found['scroll']} px at {width} width"
    assert found["outside"] == [], f"tables outside the text column on {kind} at {width} width"
    assert found["small"] == [], f"controls under 24 px on {kind} at {width} width"


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
