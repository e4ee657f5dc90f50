"""Every value of the published-results file is on its page and in the open data, with its
status and the words of the source that states it.

Expectations are read from the files (data/reference/published-results.yaml and the
evaluation files), never pinned: adding an evaluation to the source adds checks, not edits.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
import sourcefacts
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "reference" / "published-results.yaml"


# --- reading the source and the site, independently of the package -------------------------------


@lru_cache(maxsize=1)
def entries() -> tuple[dict, ...]:
    return tuple(yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["evaluations"])


def filed_year(raw):
    if raw is None or isinstance(raw, int):
        return raw
    return int(re.match(r"\d{4}/(\d{4})", str(raw)).group(1))


def slug_of(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def by_name() -> dict[str, dict]:
    return {m["name"]: m for m in sourcefacts.municipalities()}


def municipality_of(entry: dict) -> dict:
    names = by_name()
    name = re.sub(r"^Region\s+", "", entry["municipality"])
    return names[name]


def data_file(entry: dict) -> dict:
    key = f"{slug_of(municipality_of(entry)['name'])}-{filed_year(entry['year'])}"
    return next(e.raw for e in sourcefacts.evaluations() if e.key == key)


def dated() -> list[dict]:
    return [e for e in entries() if e["year"] is not None]


def sources_of(entry: dict) -> list[dict]:
    raw = entry["sources"]
    raw = [raw] if isinstance(raw, (str, dict)) else raw
    return [{"url": s} if isinstance(s, str) else s for s in raw]


def quoted(entry: dict, field: str) -> list[dict]:
    """The entry's sources whose quote states ``field`` ('total_score', 'area_scores' …)."""
    return [s for s in sources_of(entry) if s.get("quote") and field in str(s.get("supports") or "")]


def words(text: str) -> str:
    return " ".join(str(text).split())


def number(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def page_html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def main_text(page: str) -> str:
    main = page[page.index("<article"):page.index("</article>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def source_items(page: str) -> dict[int, str]:
    """The numbered list of sources: number -> the item's HTML."""
    return {int(n): body for n, body in re.findall(r'<li id="kalla-(\d+)">(.*?)</li>', page, re.S)}


def number_of(items: dict[int, str], quote: str, url: str = "") -> int:
    """The number of the source with these words (and this address, when two pages have the same words)."""
    found = [n for n, body in items.items() if words(quote) in words(html.unescape(body))
             and (not url.startswith("http") or f'href="{html.escape(url)}"' in body)]
    assert found, f"no source with the words {quote[:80]!r}"
    return found[0]


def csv_table(site: Path, path: str) -> list[dict]:
    raw = (site / path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path} has no UTF-8 byte-order mark (Swedish Excel needs it)"
    lines = raw.decode("utf-8-sig").splitlines(keepends=True)
    while lines and lines[0].startswith("# "):  # a chart's credit above its header (title, source, …)
        lines.pop(0)
    return list(csv.DictReader(io.StringIO("".join(lines))))


def status_of(total_status: str) -> str:
    return "derived" if total_status.startswith("derived") else "stated"


def url_names_other(url: str, own_code: str) -> bool:
    """Whether an address is another municipality's site or names another municipality's report."""
    parts = url.lower().split("/")
    host = parts[2].split(".") if len(parts) > 2 else []
    path = "/".join(parts[3:]).replace("_", "-")
    for m in sourcefacts.municipalities():
        slug = slug_of(m["name"])
        named = (slug in host[:-1] or slug in parts[3:]
                 or any(f"{lead}{slug}-" in path for lead in ("kompassen-", "analys-av-", "kompassen-region-")))
        if named and m["code"] == own_code:
            return False
        if named:
            return True
    return False


# --- pages ----------------------------------------------------------------------------------------


def test_every_total_and_area_score_of_the_source_is_on_its_page_with_its_status_and_quote(built_site):
    checked = 0
    for entry in dated():
        mu = municipality_of(entry)
        url = f"kommuner/{slug_of(mu['name'])}/{filed_year(entry['year'])}"
        page = page_html(built_site, url)
        text = main_text(page)
        items = source_items(page)
        handmade = "imported" not in data_file(entry)
        if entry["total_score"] is not None:
            marked = " (härlett)" if status_of(entry["total_score_status"]) == "derived" else ""
            shown = number(entry["total_score"]).replace(".", ",") + marked
            assert re.search(re.escape(shown) + r"( \[\d+\])? av \d+ poäng", text), (url, shown)
            total_par = re.search(r'<p class="kk-total">(.*?)</p>', page, re.S).group(1)
            for source in [] if handmade else quoted(entry, "total_score"):  # a typed-in report cites itself
                n = number_of(items, source["quote"])
                if "Rapporten nämns i" not in items[n]:
                    assert f'href="#kalla-{n}"' in total_par, (url, source["quote"][:60])
            checked += 1
        derived_areas = str(entry["area_scores_status"]).startswith("derived")
        for area in entry["area_scores"] or []:
            row = re.search(rf'<tr><th scope="row"><a href="#omrade-{area["area"]}">.*?</tr>', page, re.S).group(0)
            score_cell = re.search(r'<td[^>]*class="kk-num">(.*?)</td>', row, re.S).group(1)  # not the comparison
            cell = main_text(f"<article>{score_cell}</article>")
            assert number(area["score"]).replace(".", ",") in cell, (url, area)
            assert ("(härlett)" in cell) == derived_areas, (url, area, cell)
            if not handmade:
                for source in quoted(entry, "area_scores") or quoted(entry, f"area {area['area']}"):
                    assert f'href="#kalla-{number_of(items, source["quote"])}"' in score_cell, (url, area)
            checked += 1
        for source in sources_of(entry):
            if source.get("quote") and not handmade:
                body = items[number_of(items, source["quote"], source["url"])]
                assert '<details class="kk-quote"><summary>Källans ord</summary>' in body
                if source["url"].startswith("http"):
                    assert f'href="{html.escape(source["url"])}"' in body
    assert checked


def test_a_page_that_only_lists_the_title_is_cited_as_a_mention(built_site):
    """'Rapporten nämns i …': a list of another municipality's related documents is not the report."""
    seen = 0
    for entry in dated():
        mu = municipality_of(entry)
        if "imported" not in data_file(entry):
            continue
        page = page_html(built_site, f"kommuner/{slug_of(mu['name'])}/{filed_year(entry['year'])}")
        items = source_items(page)
        for source in sources_of(entry):
            if source.get("quote") and source["url"].startswith("http") and url_names_other(source["url"], mu["code"]):
                body = items[number_of(items, source["quote"])]
                assert body.startswith(("Rapporten nämns i: ", "Andrahandskälla: ")), body[:120]
                if re.search(r"analys\.?\s+av", source["quote"], re.I):
                    assert body.startswith("Rapporten nämns i: ")
                    n = number_of(items, source["quote"])
                    assert f'href="#kalla-{n}" title="' in page and f">nämns i källa {n}</a>" in page
                seen += 1
    assert seen


def test_derived_values_are_never_presented_as_stated(built_site):
    """A derived total says so, with its arithmetic, on its page, its municipality's page and in the data."""
    rows = {(r["municipality_code"], r["year"]): r for r in csv_table(built_site, "data/utvarderingar.csv")}
    values = {(r["municipality_code"], r["year"], r["field"]): r for r in csv_table(built_site, "data/varden.csv")}
    chart = {r["evaluation"]: r for r in csv_table(built_site, "grafik/statistik-totalpoang.csv")}
    derived = [e for e in sourcefacts.evaluations()
               if isinstance(e.raw.get("total"), dict) and e.raw["total"].get("status") == "derived"]
    assert derived
    for e in derived:
        total = e.raw["total"]["value"]
        slug = e.key.rsplit("-", 1)[0]
        text = main_text(page_html(built_site, f"kommuner/{slug}/{e.year}"))
        assert f"{number(total).replace('.', ',')} (härlett)" in text
        assert "Härlett, inte läst i källan" in text or e.raw["total"]["note"] in text
        if re.search(r"\d+ [−+] \d+ = \d+", e.raw["total"]["note"]):
            assert re.search(r"\d+ [−+] \d+ = " + re.escape(number(total)), text)
        municipality_page = main_text(page_html(built_site, f"kommuner/{slug}"))
        assert f"{number(total).replace('.', ',')} (härlett)" in municipality_page
        assert rows[(e.code, str(e.year))]["total_status"] == "derived"
        assert values[(e.code, str(e.year), "total")]["status"] == "derived"
        assert chart[f"{e.name} {e.year}"]["status"] == "derived"
    stated = [e for e in sourcefacts.evaluations() if e.stated("total") is not None]
    for e in stated:
        assert rows[(e.code, str(e.year))]["total_status"] == "stated"


def test_the_compilers_english_notes_are_never_shown(built_site):
    for entry in dated():
        mu = municipality_of(entry)
        data = data_file(entry)
        if "imported" not in data:
            continue
        text = main_text(page_html(built_site, f"kommuner/{slug_of(mu['name'])}/{filed_year(entry['year'])}"))
        if entry.get("notes_sv"):
            assert words(entry["notes_sv"]) in text
        if entry.get("notes") and words(entry["notes"]) != words(entry.get("notes_sv") or ""):
            assert words(entry["notes"]) not in text
            assert "Sammanställningens anteckning:" not in text


def test_a_recorded_conflict_is_shown_as_such(built_site):
    conflicting = [e for e in dated() if e.get("conflicts")]
    for entry in conflicting:
        mu = municipality_of(entry)
        text = main_text(page_html(built_site, f"kommuner/{slug_of(mu['name'])}/{filed_year(entry['year'])}"))
        assert "(källorna säger emot varandra)" in text
        for c in entry["conflicts"]:
            assert words(c["source_says"]) in text


# --- open data ----------------------------------------------------------------------------------------


def test_every_value_of_the_source_is_in_the_open_data_with_status_and_evidence(built_site):
    values = {(r["municipality_code"], r["year"], r["field"]): r for r in csv_table(built_site, "data/varden.csv")}
    rows = {(r["municipality_code"], r["year"]): r for r in csv_table(built_site, "data/utvarderingar.csv")}
    checked = 0
    for entry in dated():
        mu = municipality_of(entry)
        year = str(filed_year(entry["year"]))
        row = rows[(mu["code"], year)]
        assert (row["county"], row["county_code"], row["municipality_group"]) == \
            (mu["county"], mu["county_code"], mu["skr_group_2017"])
        assert row["framework_status"] in ("stated", "uncertain")
        handmade = "imported" not in data_file(entry)
        if entry["total_score"] is not None:
            v = values[(mu["code"], year, "total")]
            assert v["value"] == number(entry["total_score"]) and row["total"] == v["value"]
            assert v["status"] == status_of(entry["total_score_status"]) == row["total_status"]
            evidence = quoted(entry, "total_score")
            if evidence and not handmade:
                assert v["evidence_url"] in {s["url"] for s in evidence} or v["evidence_kind"], v
                assert v["evidence_quote"] in {words(s["quote"]) for s in evidence}
            checked += 1
        else:
            assert values[(mu["code"], year, "total")]["status"] in ("unknown", "stated")  # a report typed in
        for area in entry["area_scores"] or []:
            v = values[(mu["code"], year, f"area_{area['area']}")]
            assert v["value"] == number(area["score"]) == row[f"area_{area['area']}"]
            assert v["status"] == ("derived" if str(entry["area_scores_status"]).startswith("derived") else "stated")
            assert (v["evidence_url"] or v["evidence_title"]) and int(v["evidence_count"]) >= 1
            checked += 1
    assert checked


def test_no_source_url_points_to_another_municipality_unless_it_is_marked(built_site):
    """A page of another municipality (or its report's list of related documents) is marked as a
    mention or a secondary source, in both tables and in the JSON."""
    import json

    marked = 0
    for r in csv_table(built_site, "data/utvarderingar.csv"):
        if r["source_url"] and url_names_other(r["source_url"], r["municipality_code"]):
            assert r["source_kind"] in ("mention", "secondary"), r
            marked += 1
    for r in csv_table(built_site, "data/varden.csv"):
        if r["evidence_url"] and url_names_other(r["evidence_url"], r["municipality_code"]):
            assert r["evidence_kind"] in ("mention", "secondary"), r
    for record in json.loads((built_site / "data/utvarderingar.json").read_text(encoding="utf-8")):
        for s in record["sources"]:
            if s.get("url") and s.get("quote") and url_names_other(s["url"], record["municipality"]["code"]):
                assert s.get("kind") in ("mention", "secondary"), (record["page"], s)
    assert marked


def test_the_data_page_says_how_to_open_the_files_in_swedish_excel(built_site):
    text = main_text(page_html(built_site, "data"))
    assert "kommunkompassen.xlsx" in text and "varden.csv" in text
    assert "Data → Från text/CSV" in text and "65001: Unicode (UTF-8)" in text


# --- charts, the to-do list, links out ------------------------------------------------------------


def test_every_chart_shows_its_title_version_source_and_links_to_its_numbers(built_site):
    for url in ("kommuner/amal/2019", "kommuner/amal", "omraden/2016", "statistik"):
        page = page_html(built_site, url)
        for figure in re.findall(r'<figure class="kk-chart">(.*?)</figure>', page, re.S):
            svg = re.search(r'<img src="([^"]+\.svg)"', figure).group(1)
            assert f'href="{svg}">Diagrammet (SVG)</a>' in figure
            table = svg.removesuffix(".svg") + ".csv"
            assert f'href="{table}">Siffrorna (CSV)</a>' in figure
            assert (built_site / url / table).resolve().exists()
            assert "Källa:" in figure and '<p class="kk-chart-title"><strong>' in figure
            assert re.search(r"\((version|versionerna) [^)]+\)", figure)


def test_the_statistics_page_charts_every_known_total(built_site):
    known = [e for e in sourcefacts.evaluations()
             if (e.raw.get("total") if not isinstance(e.raw.get("total"), dict) else e.raw["total"].get("value"))
             is not None]
    assert len(known) > 1
    rows = csv_table(built_site, "grafik/statistik-totalpoang.csv")
    assert sorted(r["evaluation"] for r in rows) == sorted(f"{e.name} {e.year}" for e in known)
    assert "Alla kända totalpoäng över tid" in main_text(page_html(built_site, "statistik"))


def test_the_missing_reports_page_lists_every_known_evaluation_without_data(built_site):
    page = page_html(built_site, "utvarderingar/saknade-rapporter")
    text = main_text(page)
    without = [e for e in sourcefacts.evaluations()
               if e.raw.get("total") is None and not e.raw.get("areas")
               and not (ROOT / "data" / "evaluations" / f"{e.key}.md").exists()]
    assert without
    for e in without:
        slug = e.key.rsplit("-", 1)[0]
        assert f'href="../../kommuner/{slug}/{e.year}/">{html.escape(e.name)} {e.year}</a>' in page
        assert f"--kommun &#34;{html.escape(e.name)}&#34; --ar {e.year}" in page or \
            f'--kommun "{e.name}" --ar {e.year}' in text
        assert f"new/main/data/evaluations?filename={e.key}.md" in page
        for s in e.raw["sources"]:
            if s.get("url"):
                assert f'href="{html.escape(s["url"])}"' in page
    for u in sourcefacts.undated():
        assert u["municipality"]["name"] in text
    for fid, fw in sourcefacts.frameworks().items():
        has_questions = any(a.get("questions") for a in fw["areas"])
        assert (fw["name"] in text.split("Versioner vars delfrågor inte är kända")[-1]) != has_questions or \
            "Versioner vars delfrågor inte är kända" not in text and has_questions


def test_add_the_text_opens_a_new_file_with_every_heading_the_text_needs(built_site):
    """"Lägg till texten på GitHub" opens a new file filled with each area's chapter and its
    Styrkor and Förbättringsområden, as data/README.md requires; the placeholders in it are
    what ./dev check asks the contributor to replace."""
    from urllib.parse import parse_qs, urlsplit

    from kommunkompassen.domain.reporttext import NOT_FILLED, parse_report_text
    from kommunkompassen.loading.archive import DataPaths, load_frameworks
    from kommunkompassen.loading.rules import check_report_text

    page = page_html(built_site, "utvarderingar/saknade-rapporter")
    links = re.findall(r'<a href="([^"]*/new/main/data/evaluations\?filename=[^"]+)"[^>]*>Lägg till texten', page)
    assert links
    frameworks, _ = load_frameworks(DataPaths(ROOT))
    facts = {e.key: e for e in sourcefacts.evaluations()}
    for link in links:
        query = parse_qs(urlsplit(html.unescape(link)).query)
        key = query["filename"][0].removesuffix(".md")
        framework = frameworks[facts[key].framework]
        text = parse_report_text(query["value"][0])
        assert check_report_text(f"{key}.md", text, framework) == [], key
        assert [c.area_number for c in text.chapters] == [a.number for a in framework.areas]
        for area in framework.areas:
            name = next(c for c in text.chapters if c.area_number == area.number).area_name
            assert name == (area.name or NOT_FILLED.rstrip("."))


@pytest.mark.parametrize("which", ["evaluated", "own page"])
def test_each_municipality_page_links_to_kolada_and_its_own_kommunkompassen_page(built_site, which):
    evaluated = {e.code: e for e in sourcefacts.evaluations()}
    checked = 0
    for m in sourcefacts.municipalities():
        if m["code"] not in evaluated:
            continue
        page = page_html(built_site, f"kommuner/{evaluated[m['code']].key.rsplit('-', 1)[0]}")
        if which == "evaluated":
            assert f'href="https://api.kolada.se/v2/municipality/{m["code"]}"' in page
            checked += 1
            continue
        own = {s["url"] for e in sourcefacts.evaluations() if e.code == m["code"] for s in e.raw["sources"]
               if s.get("url") and "kompassen" in s["url"].lower()
               and slug_of(m["name"]) in s["url"].lower().split("/")[2].split(".")}
        for url in own:
            assert f'<a href="{html.escape(url)}" rel="nofollow noopener">Kommunens egen sida om Kommunkompassen</a>' \
                in page
            checked += 1
    assert checked
