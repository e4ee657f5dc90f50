"""The map of Sweden (/karta/): every municipality, coloured by its latest stated total, is a link."""

from __future__ import annotations

import re
from pathlib import Path

import sourcefacts

ROOT = Path(__file__).resolve().parent.parent


def map_page(site: Path) -> str:
    return (site / "karta" / "index.html").read_text(encoding="utf-8")


def inline_svg(html: str) -> str:
    return html[html.index("<svg class=\"kk-map-svg\""):html.index("</svg>", html.index("kk-map-svg")) + 6]


def named_links(svg: str) -> dict[str, str]:
    """href -> accessible name of every link a keyboard or screen reader reaches."""
    return dict(re.findall(r'<a href="([^"]+)" xlink:href="[^"]+" aria-label="([^"]+)">', svg))


def fill(svg: str, code: str) -> str:
    """A municipality's colour; "striped <colour>" for a pattern of stripes on that colour."""
    group = re.search(rf'<g id="kommun-{code}">.*?</g>', svg, re.S).group(0)
    found = re.search(r"fill: (#[0-9a-f]{6}|url\(#([^)]+)\))", group)
    if found.group(2) is None:
        return found.group(1)
    pattern = re.search(rf'<pattern id="{found.group(2)}".*?</pattern>', svg, re.S).group(0)
    return "striped " + re.search(r'<rect [^>]*fill="(#[0-9a-f]{6})"', pattern).group(1)


def test_every_municipality_is_a_link_to_its_existing_page(built_site):
    svg = inline_svg(map_page(built_site))
    links = named_links(svg)
    assert len(links) == len(sourcefacts.municipalities())
    for href in links:
        assert (built_site / "karta" / href / "index.html").resolve().exists(), href
    by_name = {name: href for href, name in links.items()}
    names = sourcefacts.frameworks()
    latest = sourcefacts.latest_stated_totals()
    for code, (ev, total) in latest.items():  # e.g. "Höganäs: 679 poäng 2023 (Kommunkompassen 2020)"
        doubt = ", versionen osäker" if sourcefacts.version_uncertain(ev) else ""
        version = names[ev.framework]["name"] + doubt
        label = f"{ev.name}: {sourcefacts.swedish_number(total)} poäng {ev.year} ({version})"
        assert label in by_name, label
    assert "Helsingborg: 668 poäng 2017 (Kommunkompassen 2016, versionen osäker)" in by_name  # one, as printed
    no_total = {m["code"]: m["name"] for m in sourcefacts.municipalities()
                if m["code"] in sourcefacts.evaluated_codes() - set(latest)}
    for name in no_total.values():  # e.g. Tranås: known from a title page only
        assert f"{name}: utvärderad, ingen totalpoäng med årtal" in by_name, name
    for m in sourcefacts.never_evaluated():
        assert f"{m['name']}: ingen känd utvärdering" in by_name, m["name"]
    assert 'target="_blank"' not in svg  # links open in the same tab


def test_the_enlarged_county_repeats_links_for_the_mouse_only(built_site):
    svg = inline_svg(map_page(built_site))
    repeated = re.findall(r'<g id="forstoring-(\d{4})">\s*<a href="[^"]+" xlink:href="[^"]+" tabindex="-1" aria-hidden="true">', svg)
    stockholm = {m["code"] for m in sourcefacts.municipalities() if m["county_code"] == "01"}
    assert sorted(repeated) == sorted(stockholm)


def test_colours_follow_the_latest_stated_total_and_grey_means_no_total(built_site):
    from kommunkompassen.charts.swedenmap import BINS, EVALUATED_NO_TOTAL, NOT_EVALUATED

    svg = inline_svg(map_page(built_site))
    latest = sourcefacts.latest_stated_totals()
    for code, (_, total) in latest.items():  # e.g. Karlskoga: 450 in 2014, the 2022 total unknown
        expected = next(c for lo, hi, _, c in BINS if lo <= total < hi)
        assert fill(svg, code) == expected.lower(), code
    for code in sourcefacts.evaluated_codes() - set(latest):  # striped, lighter than every score's colour
        assert fill(svg, code) == "striped " + EVALUATED_NO_TOTAL[1].lower(), code
    for m in sourcefacts.never_evaluated():
        assert fill(svg, m["code"]) == NOT_EVALUATED[1].lower(), m["name"]


def test_the_map_has_a_title_a_description_a_legend_and_the_numbers_in_a_table(built_site):
    html = map_page(built_site)
    svg = inline_svg(html)
    assert 'aria-labelledby="karta-titel"' in svg and '<title id="karta-titel">' in svg
    high = sum(1 for _, total in sourcefacts.latest_stated_totals().values() if total >= 600)
    assert f"600 och mer: {high} kommun{'er' if high != 1 else ''}" in re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    # The legend is the page's text beside the picture (legible on a phone), none of it drawn in the SVG.
    legend = re.sub(r"<[^>]+>", "", html[html.index('<div class="kk-map-legend">'):html.index('<figure class="kk-map">')])
    for label in ("Senaste totalpoäng (av 800)", "600 och mer", "under 400", "utvärderad, ingen totalpoäng med årtal",
                  "ingen känd utvärdering", "version före 2010", "version 2010", "version 2016", "version 2020"):
        assert label in legend
    assert "<text" not in svg
    rows = re.findall(r"<tr><td[^>]*><a href=\"([^\"]+)\">([^<]+)</a></td> ?<td[^>]*>[^<]*</td> ?<td[^>]*>[^<]*</td> ?"
                      r"<td[^>]*class=\"kk-num\">([^<]+)</td> ?<td[^>]*class=\"kk-num\">(\d{4})</td> ?<td[^>]*>([^<]+)</td>",
                      html)
    latest = sourcefacts.latest_stated_totals()
    shown = {name: (total, year, version) for _, name, total, year, version in rows}
    assert len(rows) == len(latest)  # municipalities with a stated total
    labels = {fid: fw["drawing"]["label"] for fid, fw in sourcefacts.frameworks().items()}
    for ev, total in latest.values():  # e.g. Motala: 426,5 in 2006, version "före 2010"
        version = labels[ev.framework] + (" (osäker)" if sourcefacts.version_uncertain(ev) else "")
        assert shown[ev.name] == (sourcefacts.swedish_number(total), str(ev.year), version), ev.name


def test_the_map_and_statistics_are_in_the_navigation(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="karta/"[^>]*>\s*<span class="md-ellipsis">\s*Karta', html)
    assert re.search(r'href="statistik/"[^>]*>\s*<span class="md-ellipsis">\s*Statistik', html)


def test_the_map_is_drawn_the_same_every_time():
    from kommunkompassen.charts.swedenmap import MapEntry, accessible_svg, draw_map, read_shapes

    shapes = [s for s in read_shapes((ROOT / "data/reference/municipalities.geojson").read_text()) if
              s.code in ("0114", "0115", "2506")]
    entries = {s.code: MapEntry(s.code, f"../kommuner/{s.code}/", s.name, total=500.0 if s.code == "0115" else None,
                                framework="2020", evaluated=s.code == "0115") for s in shapes}
    first, second = draw_map(shapes, entries), draw_map(shapes, entries)
    assert first == second
    svg = accessible_svg(first, "Titel", "Beskrivning", entries)
    assert svg.startswith("<svg ") and "<?xml" not in svg and "<metadata>" not in svg
    assert len(named_links(svg)) == 3


def _points(d: str) -> list[list[tuple[float, float]]]:
    """The absolute points of each sub-path of an SVG path of M, L, l and z (as a browser reads it)."""
    tokens = re.findall(r"[MLlz]|-?\d*\.?\d+", d)
    paths, x, y, command, i = [], 0.0, 0.0, "", 0
    while i < len(tokens):
        t = tokens[i]
        if t in "MLlz":
            command, i = t, i + 1
            if t == "z":
                x, y = paths[-1][0]
            continue
        a, b = float(tokens[i]), float(tokens[i + 1])
        i += 2
        if command == "M":
            x, y = a, b
            paths.append([(x, y)])
            command = "L"
        elif command == "L":
            x, y = a, b
            paths[-1].append((x, y))
        else:
            x, y = x + a, y + b
            paths[-1].append((round(x, 1), round(y, 1)))
    return paths


def test_map_paths_are_written_short_and_keep_every_point_to_a_tenth():
    from kommunkompassen.charts.swedenmap import compact_path

    original = "M 186.04 485.0 \nL 185.44 484.81 \nL 185.4 484.8 \nL 184.6 484.9 \nL 186.0 485.0 \nz\nM 10 10 L 11.06 9.96 z"
    short = compact_path(original)
    assert short == "M186 485l-.6-.2-.8 .1 1.4 .1zM10 10l1.1 0z"
    assert _points(short) == [[(186.0, 485.0), (185.4, 484.8), (184.6, 484.9), (186.0, 485.0)],
                              [(10.0, 10.0), (11.1, 10.0)]]
    assert len(short) < len(original) / 2


def test_the_map_on_the_page_has_the_same_shapes_as_drawn(built_site):
    from kommunkompassen.charts.swedenmap import compact_path

    svg = inline_svg(map_page(built_site))
    paths = re.findall(r' d="([^"]+)"', svg)
    assert len(paths) > 290  # every municipality, the enlarged county's and the legend's shapes
    assert all(compact_path(p) == p for p in paths if "C" not in p)  # already as short as it gets
