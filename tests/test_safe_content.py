"""Text from data files cannot put markup or script into the site, and data files cannot reach outside data/.

The hostile corpus is in ``hostile.py``; the same site is opened in a browser in
``e2e/test_hostile_content.py``. Here: the built HTML, the search index and the published
JSON, read without a browser, and the loader's refusals.
"""

from __future__ import annotations

import html as html_module
import json
import posixpath
import re
from pathlib import Path

import pytest
import yaml
from hostile import FRAMEWORK_NAME, KEY, MUNICIPALITY_NAME, PAGE, PAYLOADS, QUESTION_TEXT, REPORT_PAGE, SLUG
from htmlscan import parse, scheme
from searchindex import fragments

# Elements only the theme and templates may add. Their number on the hostile evaluation page
# must equal that on the real one.
THEME_ONLY = ["script", "style", "link", "meta", "base", "iframe", "frame", "object", "embed", "form", "input",
              "button", "select", "textarea", "details", "math", "template", "video", "audio", "source"]
SAFE_SCHEMES = {"", "http", "https", "mailto"}


def page(site: Path, url: str):
    return parse((site / url / "index.html").read_text(encoding="utf-8"))


def unsafe_markup(doc, where: str) -> list[str]:
    found = []
    for e in doc.elements:
        for name in e.attrs:
            if name.startswith("on"):
                found.append(f"{where}:{e.line}: <{e.tag} {name}=...>")
    for name, url, line in doc.links():
        if scheme(url) not in SAFE_SCHEMES:
            found.append(f"{where}:{line}: {name}={url!r}")
    return found


def hostile_strings(value) -> list[str]:
    """Every string of the hostile YAML that carries a payload."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in hostile_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in hostile_strings(v)]
    return [value] if isinstance(value, str) and value.startswith("Fientlig text") else []


@pytest.fixture(scope="module")
def hostile_yaml_data(hostile_site) -> dict:
    path = hostile_site.parent / "hostile-project" / "data" / "evaluations" / f"{KEY}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_check_finds_event_handlers_and_script_links():
    doc = parse('<p><a href=" JaVa\tScript:x()" onclick="y()">a</a><img src="data:image/svg+xml,x"></p>')
    assert len(unsafe_markup(doc, "test")) == 3


def test_no_page_has_event_handlers_or_script_links(hostile_site, built_site):
    found = []
    for site in (hostile_site, built_site):
        for path in sorted(site.rglob("*.html")):
            found += unsafe_markup(parse(path.read_text(encoding="utf-8")), str(path.relative_to(site.parent)))
    assert found == []


def test_hostile_text_adds_no_element_to_the_page(hostile_site, built_site):
    for url in (PAGE, REPORT_PAGE):
        hostile, real = page(hostile_site, url), page(built_site, url.replace(SLUG, "amal"))
        assert {e.tag for e in hostile.elements} <= {e.tag for e in real.elements}, url
        assert {tag: hostile.count(tag) for tag in THEME_ONLY} == {tag: real.count(tag) for tag in THEME_ONLY}, url


TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def test_every_page_title_is_text_even_when_names_in_reference_files_hold_markup(hostile_site):
    titles = {}
    for path in sorted(hostile_site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        titles[path.parent.relative_to(hostile_site).as_posix()] = TITLE.findall(head)
    assert all(len(t) == 1 for t in titles.values())
    assert [url for url, (t,) in titles.items() if "<" in t or ">" in t] == []
    escaped = html_module.escape(MUNICIPALITY_NAME, quote=False)
    assert titles[PAGE.rstrip("/")][0].startswith(f"{escaped} 2019 - ")
    framework_titles = [t for (t,) in titles.values() if html_module.escape(FRAMEWORK_NAME, quote=False) in t]
    assert framework_titles, "no page is titled with the hostile framework name"


def test_names_from_reference_and_framework_files_read_as_typed(hostile_site):
    text = page(hostile_site, PAGE).text
    assert MUNICIPALITY_NAME in text and FRAMEWORK_NAME in text and QUESTION_TEXT in text


def test_reader_sees_the_report_text_exactly_as_typed(hostile_site):
    text = page(hostile_site, REPORT_PAGE).text
    missing = [p for p in PAYLOADS if f"Stycke {PAYLOADS.index(p)}: {p}" not in text]
    assert missing == [], "paragraphs not shown as typed"
    for kind in ("Avsnitt", "Underrubrik", "Punkt"):
        missing = [i for i, p in enumerate(PAYLOADS) if f"{kind} {i}: {p}" not in text]
        assert missing == [], f"{kind}: payloads {missing} not shown as typed"
    assert "Fientligt kapitel " + PAYLOADS[0] in text
    assert text.count("Styrka eller förbättring: ") == 16 * len(PAYLOADS)


def test_reader_sees_every_fact_from_the_yaml_exactly_as_typed(hostile_site, hostile_yaml_data):
    text = page(hostile_site, PAGE).text
    strings = hostile_strings(hostile_yaml_data)
    assert len(strings) > 60
    missing = [s for s in strings if s not in text]
    assert missing == []


def test_good_examples_quote_hostile_strengths_as_text(hostile_site):
    """Pages that quote another evaluation's strengths (good examples, improvement plans) quote them as text."""
    pages = sorted(hostile_site.glob("goda-exempel/*/*/index.html")) + \
        sorted(hostile_site.glob("kommuner/*/*/forbattringsplan/index.html"))
    quoting = [p for p in pages if "Styrka om information till invånarna" in p.read_text(encoding="utf-8")]
    assert quoting, "no good-example page or plan quotes the hostile evaluation's strengths"
    text = parse(quoting[0].read_text(encoding="utf-8")).text
    # A page quotes at most three strengths per role model; each one it quotes reads as the text it is.
    assert f"Styrka om information till invånarna: {PAYLOADS[0]}" in text  # "<script>…" as its letters


def test_search_index_holds_the_payloads_as_the_letters_a_reader_sees(hostile_site):
    """Pagefind's fragments (what a result shows) hold each page's text as a reader sees it: a
    payload there in full, "<script>" and all, was text on the page (Pagefind does not index a
    script element's content). Pagefind escapes the excerpts it makes of it, and the search box
    builds titles and excerpts as text nodes (javascripts/sok.js; e2e/test_hostile_content.py)."""
    index = fragments(hostile_site)
    report = " ".join(f["content"] for address, f in index.items() if address.startswith(REPORT_PAGE))
    for payload in PAYLOADS[:2]:
        assert f"Styrka eller förbättring: {payload}" in report, payload
    assert MUNICIPALITY_NAME in index[PAGE]["meta"]["title"]


def test_published_json_keeps_the_text_as_data(hostile_site, hostile_yaml_data):
    record = json.loads((hostile_site / "data" / "utvarderingar" / f"{KEY}.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in record["evaluators"]] == [e["name"] for e in hostile_yaml_data["evaluators"]]
    assert f"Styrka eller förbättring: {PAYLOADS[0]}" in record["strengths"]["1"]


# --- the loader --------------------------------------------------------------------------------

YAML_TAGS = {
    "apply": '!!python/object/apply:os.system ["touch {marker}"]',
    "new": '!!python/object/new:os.system ["touch {marker}"]',
    "name": "!!python/name:os.system ''",
    "module": "!!python/module:os ''",
    "object": "!!python/object:builtins.dict {}",
}


@pytest.mark.parametrize("tag", YAML_TAGS)
def test_yaml_tags_cannot_build_python_objects(data_copy, tmp_path, tag):
    copy = data_copy("amal-2019")
    marker = tmp_path / "pwned"
    payload = YAML_TAGS[tag].replace("{marker}", str(marker))
    copy.edit_text("amal-2019.yaml", "year: 2019", f"year: 2019\nnotes: {payload}")
    problems = copy.problems()
    assert len(problems) == 1 and problems[0].startswith("data/evaluations/amal-2019.yaml: ogiltig YAML")
    assert not marker.exists()


def test_a_symbolic_link_in_data_is_refused_before_it_is_read(data_copy, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("## Hemligt\n\nLösenord från byggmaskinen\n", encoding="utf-8")
    copy = data_copy("amal-2019")
    link = copy.path("amal-2019.md")
    link.unlink()
    link.symlink_to(secret)
    assert copy.problems() == ["data/evaluations/amal-2019.md: symboliska länkar tillåts inte i data/; "
                               "lägg in filen som en vanlig fil"]


@pytest.mark.parametrize("name", ["..-2019", ".amal-2019", "AMAL-2019", "amål-2019", "amal_2019", "amal-2019-",
                                  "%2e%2e-2019", "amal--2019", "amal-19"])
def test_evaluation_file_names_are_plain_slugs(data_copy, name):
    copy = data_copy("amal-2019")
    copy.path("amal-2019.yaml").rename(copy.path(f"{name}.yaml"))
    copy.path("amal-2019.md").rename(copy.path(f"{name}.md"))
    problems = copy.problems()
    assert problems and all(p.startswith(f"data/evaluations/{name}.") for p in problems)


def test_a_framework_id_cannot_name_a_folder_outside_its_own(data_copy):
    copy = data_copy("amal-2019")
    frameworks = copy.root / "data" / "frameworks"
    text = (frameworks / "2016.yaml").read_text(encoding="utf-8")
    (frameworks / "...yaml").write_text(text.replace('id: "2016"', 'id: ".."'), encoding="utf-8")
    assert any(re.match(r"data/frameworks/\.\.\.yaml: (rad \d+: )?id: '\.\.'", p) for p in copy.problems())


def test_every_generated_file_stays_inside_the_site(archive):
    from kommunkompassen.site.index import build_index
    from kommunkompassen.site.tree import generated_data, generated_pages

    index = build_index(archive)
    paths = [*generated_pages(index), *generated_data(archive), *(s.name for s in index.charts.values())]
    outside = [p for p in paths if p.startswith("/") or posixpath.normpath(p) != p or p.split("/")[0] == ".."]
    assert outside == []
    assert len(set(paths)) == len(paths)
