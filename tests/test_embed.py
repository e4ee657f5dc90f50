"""Every chart can be embedded: its embed page (``…/inbadda/``) has the chart, its title, what it
shows, source, licence, a link back, its numbers as a table and the <iframe> snippet to copy."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import yaml
from sitebuild import ROOT

from kommunkompassen.site.embed import embed_page

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


def csv_rows(text: str) -> list[list[str]]:
    """A chart CSV's rows under its header, past the credit's comment lines."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if not line.startswith("# ")]
    return list(csv.reader(io.StringIO("\n".join(lines))))[1:]


def test_every_downloadable_chart_and_its_numbers_carry_title_version_source_licence_and_address(built_site):
    svg = (built_site / "grafik" / "kommuner" / "amal-2019-omraden.svg").read_text(encoding="utf-8")
    narrow = (built_site / "grafik" / "kommuner" / "amal-2019-omraden-smal.svg").read_text(encoding="utf-8")
    table = (built_site / "grafik" / "kommuner" / "amal-2019-omraden.csv").read_text(encoding="utf-8")
    address = f"{SITE_URL}kommuner/amal/2019/"
    for chart in (svg, narrow):
        assert "<title>Poäng per område, Åmål 2019 (Kommunkompassen, version 2016)</title>" in chart
        desc = re.search(r"<desc>(.*?)</desc>", chart, re.S).group(1)
        assert "Källa: rapporterna och sidorna" in desc and "Licens: CC0 1.0" in desc and f"Adress: {address}." in desc
    head = table.lstrip("\ufeff").splitlines()[:6]
    assert head == ["# Titel: Poäng per område, Åmål 2019", "# Version: Kommunkompassen, version 2016",
                    "# Källa: rapporterna och sidorna som anges vid varje utvärdering på Kommunkompassens utvärderingar",
                    "# Licens: CC0 1.0, fri att använda; ange gärna källan "
                    "(https://creativecommons.org/publicdomain/zero/1.0/deed.sv)",
                    f"# Adress: {address}", "area,score"]
    for csv_file in (built_site / "grafik").rglob("*.csv"):  # every chart's numbers say where they come from
        lines = csv_file.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
        assert lines[0].startswith("# Titel: ") and any(line.startswith("# Licens: CC0 1.0") for line in lines[:5])
        assert any(line.startswith(f"# Adress: {SITE_URL}") for line in lines[:5]), csv_file


def test_every_chart_on_the_site_has_an_embed_page_linked_under_it(built_site):
    tables = sorted((built_site / "grafik").rglob("*.csv"))
    embeds = sorted(built_site.rglob("inbadda/index.html"))
    assert tables and len(embeds) == len(tables)
    page = (built_site / "kommuner" / "amal" / "2019" / "index.html").read_text(encoding="utf-8")
    assert '<a href="inbadda/index.html">Bädda in diagrammet</a>' in page


def test_the_embed_page_shows_the_chart_its_source_licence_and_a_way_back(built_site):
    html = (built_site / "kommuner" / "amal" / "2019" / "inbadda" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    assert "<title>Poäng per område, Åmål 2019 – Kommunkompassens utvärderingar</title>" in html
    assert "<h1>Poäng per område, Åmål 2019</h1>" in html
    page = (built_site / "kommuner" / "amal" / "2019" / "index.html").read_text(encoding="utf-8")
    alt = re.search(r'<img src="[^"]*amal-2019-omraden\.svg" alt="([^"]+)"', page).group(1)
    assert f'alt="{alt}"' in html  # the same description as on the site
    assert 'srcset="../../../../grafik/kommuner/amal-2019-omraden-smal.svg"' in html
    assert 'src="../../../../grafik/kommuner/amal-2019-omraden.svg"' in html
    assert f'<a href="{SITE_URL}kommuner/amal/2019/" target="_blank" rel="noopener">Åmål 2019 – ' in html
    assert "Licens: <a" in html and "CC0 1.0</a>" in html
    assert "<script" not in html  # nothing runs, nothing is fetched from another host
    assert not re.search(r'(?:src|href)="https?://(?!kommunkompassen\.github\.io|creativecommons\.org)', html)


def test_the_embed_page_has_every_number_of_the_chart_as_a_table(built_site):
    html = (built_site / "kommuner" / "amal" / "2019" / "inbadda" / "index.html").read_text(encoding="utf-8")
    rows = csv_rows((built_site / "grafik" / "kommuner" / "amal-2019-omraden.csv").read_text(encoding="utf-8"))
    assert "<summary>Siffrorna i diagrammet som tabell</summary>" in html
    for label, score, *_ in rows:
        assert f'<tr><th scope="row">{label}</th><td class="n">{score}</td></tr>' in html


def test_the_snippet_is_one_iframe_pointing_at_the_published_embed_page(built_site):
    html = (built_site / "statistik" / "inbadda" / "index.html").read_text(encoding="utf-8")
    snippet = unescape(re.search(r'<textarea id="kod" rows="4" readonly>(.*?)</textarea>', html, re.S).group(1))
    assert snippet.startswith(f'<iframe src="{SITE_URL}statistik/inbadda/" title="Alla kända totalpoäng över tid" ')
    assert snippet.endswith("></iframe>") and snippet.count("<iframe") == 1


def test_text_from_data_is_escaped_in_the_embed_page(fixture_site):
    chart = next(iter(fixture_site.index.charts.values()))
    from dataclasses import replace

    hostile = replace(chart, heading='<script>alert(1)</script>', alt='" onerror="alert(1)')
    html = embed_page(hostile, "<b>x</b>", "https://example.org/")
    assert "<script>alert" not in html and '" onerror="' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
