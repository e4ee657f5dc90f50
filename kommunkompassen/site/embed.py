"""Embed pages: each chart on its own page (``…/inbadda/``), for an <iframe> on another site.

Pure functions from a chart's spec to the page's HTML; the snippet to copy points at the
published site (``site_url``).
"""

from __future__ import annotations

from html import escape

from kommunkompassen import routes
from kommunkompassen.charts.drawing import ChartSpec, chart_rows
from kommunkompassen.site.templating import relative_url, render

SITE_NAME = "Kommunkompassens utvärderingar"
# Room for the title, the source line, the caption and the two closed toggles around the chart:
# beside the wide chart (a frame 620 px wide), and beside the narrow one in a phone's frame (about
# 330 px of text, so more lines). The snippet takes the larger; the source line comes first anyway.
TEXT_HEIGHT = 340
NARROW_TEXT_HEIGHT = 440


def snippet_height(chart: ChartSpec) -> int:
    return max(chart.height + TEXT_HEIGHT, chart.narrow_height + NARROW_TEXT_HEIGHT)


def iframe_snippet(chart: ChartSpec, site_url: str) -> str:
    """The one line to paste into another page."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    src = base + chart.embed_url
    return (f'<iframe src="{escape(src)}" title="{escape(chart.heading)}" width="100%" '
            f'height="{snippet_height(chart)}" style="border:0;max-width:620px" loading="lazy"></iframe>')


def embed_page(chart: ChartSpec, page_title: str, site_url: str = "") -> str:
    here = chart.embed_url
    header, rows = chart_rows(chart, swedish=True)
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    page_abs = base + chart.page if base else ""
    return render("embed.html.j2", chart=chart, header=header, rows=rows, site_name=SITE_NAME,
                  page_title=page_title, page_abs=page_abs,
                  page_href=page_abs or relative_url(here, chart.page),
                  snippet=iframe_snippet(chart, site_url or "/"),
                  link=lambda target: relative_url(here, target))


def page_titles(archive) -> dict[str, str]:
    """The title of each page a chart is shown on, by its address."""
    titles = {ev.url: ev.title for ev in archive.evaluations}
    titles.update({routes.municipality_url(mu.slug): mu.name for mu in archive.municipalities})
    for fw in archive.frameworks.values():
        titles[routes.framework_url(fw.id)] = fw.name
        for area in fw.areas:
            titles[routes.area_url(fw.id, area.number)] = f"Område {area.number}, {fw.name}"
    titles[routes.STATISTICS_PAGE] = "Statistik"
    return titles


def embed_pages(index, site_url: str = "") -> dict[str, str]:
    """Every chart's embed page: its file under the site -> HTML."""
    titles = page_titles(index.archive)
    return {chart.embed_src: embed_page(chart, titles.get(chart.page, SITE_NAME), site_url)
            for chart in index.charts.values()}
