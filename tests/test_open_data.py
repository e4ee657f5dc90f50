"""The open data in /data/: a valid Frictionless Data Package that describes every file in it."""

from __future__ import annotations

import csv
import json
import re

import pytest


@pytest.fixture(scope="module")
def data_dir(built_site):
    return built_site / "data"


@pytest.fixture(scope="module")
def descriptor(data_dir) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def test_the_data_package_passes_the_frictionless_validator(data_dir):
    from frictionless import Package

    assert Package.validate_descriptor(str(data_dir / "datapackage.json")).valid
    report = Package(str(data_dir / "datapackage.json")).validate()
    errors = report.flatten(["taskName", "rowNumber", "fieldName", "type", "message"])
    assert report.valid, "\n".join(map(str, errors[:20]))
    assert {task.name for task in report.tasks} == {r["name"] for r in json.loads(
        (data_dir / "datapackage.json").read_text(encoding="utf-8"))["resources"]}


def test_the_package_describes_every_data_file_and_nothing_else(data_dir, descriptor):
    files = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file()
             and p.suffix in (".csv", ".json") and p.name != "datapackage.json"
             and not p.name.endswith(".schema.json")}  # the schema of the YAML files is not data
    assert {r["path"] for r in descriptor["resources"]} == files
    assert "utvarderingar/amal-2019.json" in files


def csv_header(path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def test_every_column_has_a_type_a_title_a_description_and_a_unit(data_dir, descriptor):
    tables = [r for r in descriptor["resources"] if r["format"] == "csv"]
    assert [t["path"] for t in tables] == ["utvarderingar.csv", "varden.csv", "poang.csv"]
    for table in tables:
        assert [f["name"] for f in table["schema"]["fields"]] == csv_header(data_dir / table["path"])
        for field in table["schema"]["fields"]:
            assert field["type"] in ("string", "integer", "number", "year"), field
            assert field.get("title") and (field.get("description") or field["name"] == "municipality"), field
            if field["type"] == "number" or field["name"] == "max":
                assert field.get("unit") in ("poäng", "procent"), f"{field['name']} has no unit"
                assert f"Enhet: {field['unit']}" in field["description"]


def test_the_package_names_its_licence_and_sources(descriptor):
    assert descriptor["licenses"] == [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/",
                                       "title": "Creative Commons Zero v1.0 Universal"}]
    assert any("SKR" in s["title"] for s in descriptor["sources"])
    assert any("SCB" in s["title"] for s in descriptor["sources"])
    amal = next(r for r in descriptor["resources"] if r["name"] == "utvardering-amal-2019")
    assert any("amal.se" in s.get("path", "") for s in amal["sources"]), "each evaluation names its own sources"
    assert descriptor["homepage"].endswith("/data/")


def test_the_data_page_explains_licence_citation_and_the_package(built_site):
    text = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    for words in ("datapackage.json", "CC0 1.0", "Så citerar du", "Licens", "Källor"):
        assert words in text


# --- the open data in a real spreadsheet program (LibreOffice Calc) ------------------------------

def formula_project(dest):
    """The hostile corpus's valid project with its formula cases applied (``hostile_files.FORMULA_CASES``)."""
    from hostile_files import FORMULA_CASES, make_corpus_project

    project = make_corpus_project(dest)
    for case in FORMULA_CASES:
        case.edit(project / case.file)
    return project


@pytest.fixture(scope="module")
def formula_files(tmp_path_factory):
    """The open data of the formula project, written as the build writes it."""
    from kommunkompassen.site.checks import check_project
    from kommunkompassen.site.tree import generated_data

    root = tmp_path_factory.mktemp("formulas")
    archive, problems = check_project(formula_project(root / "project"))
    assert problems == [], problems
    out = root / "data"
    out.mkdir()
    files = {}
    for path, content in generated_data(archive).items():
        if path.endswith((".csv", ".xlsx")) and path.count("/") == 1:
            files[path] = out / path.rsplit("/", 1)[1]
            files[path].write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return files


def all_text(calc) -> list[str]:
    return [c.value for rows in calc.sheets.values() for row in rows for c in row if c.kind == "string"]


def test_no_text_becomes_a_formula_when_calc_opens_the_workbook(formula_files, tmp_path):
    from hostile_files import FORMULAS
    from spreadsheet import calc_open, read_ods

    (ods,) = calc_open([formula_files["data/kommunkompassen.xlsx"]], tmp_path)
    calc = read_ods(ods)
    assert calc.formulas == []
    texts = all_text(calc)
    for payload in (FORMULAS["county"], FORMULAS["group"], "+3+3"):
        assert payload in texts, f"{payload!r} is shown as the text it is"
    assert any(t.startswith(FORMULAS["total_note"]) for t in texts)
    assert any(t.startswith("-4+4 Rapporten") for t in texts)
    assert "\t=2+2" in texts


def test_no_cell_becomes_a_formula_when_calc_imports_the_csv_files(formula_files, tmp_path):
    """Each CSV as Calc imports it (comma, UTF-8): a cell that would start a formula keeps a leading
    apostrophe (OWASP), and genuine numbers stay numbers."""
    from hostile_files import FORMULAS
    from spreadsheet import calc_open, read_ods

    csvs = [p for path, p in formula_files.items() if path.endswith(".csv")]
    converted = calc_open(csvs, tmp_path, csv=True)
    calcs = {p.stem: read_ods(p) for p in converted}
    for name, calc in calcs.items():
        assert calc.formulas == [], name
    evaluations = calcs["utvarderingar"].sheets["utvarderingar"]
    amal = next(row for row in evaluations if row[1].value == "Åmål")
    assert amal[3].value == "'=1+1" and amal[4].value == "'@SUM(1;2)"
    header = [c.value for c in evaluations[0]]
    assert amal[header.index("total")].kind == "float" and amal[header.index("total")].value == 453
    notes = [c.value for c in calcs["varden"].column("varden", "note")]
    assert any(n and n.startswith("'" + FORMULAS["total_note"]) for n in notes)
    assert "'\t=2+2" in notes and any(n and n.startswith("'-4+4") for n in notes)
    titles = [c.value for c in calcs["varden"].column("varden", "evidence_title")]
    assert "'+3+3" in titles


def test_the_workbook_is_a_spreadsheet_users_file(built_site, tmp_path):
    """Opened in Calc: a "Läs mig" sheet first, filter buttons on every sheet, numbers that sum to
    what the CSV files hold, codes as text with their leading zero, Swedish headers."""
    from openpyxl import load_workbook
    from spreadsheet import calc_open, read_ods

    data = built_site / "data"
    (ods,) = calc_open([data / "kommunkompassen.xlsx"], tmp_path)
    calc = read_ods(ods)
    assert list(calc.sheets) == ["Läs mig", "Utvärderingar", "Värden", "Poäng per delfråga"]
    assert set(calc.filters) == set(calc.sheets) and calc.formulas == []
    readme = {row[0].value: row[1].value for row in calc.sheets["Läs mig"][1:] if len(row) > 1}
    for topic in ("Innehåll", "Uppgifterna daterade", "Källa", "Licens", "Status", "Utan år"):
        assert readme.get(topic), topic
    assert "CC0" in readme["Licens"] and "SKR" in readme["Källa"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", readme["Uppgifterna daterade"])
    assert "Utvärderingar: Kommunkod" in readme and "Poäng per delfråga: Procent" in readme

    scores = csv_rows(data / "poang.csv")
    points = calc.column("Poäng per delfråga", "Poäng")
    assert all(c.kind == "float" for c in points if c.kind)
    assert sum(c.value for c in points if c.kind) == pytest.approx(sum(float(r["score"]) for r in scores if r["score"]))
    evaluations = csv_rows(data / "utvarderingar.csv")
    totals = calc.column("Utvärderingar", "Totalpoäng")
    assert sum(c.value for c in totals if c.kind) == pytest.approx(
        sum(float(r["total"]) for r in evaluations if r["total"]))
    values = csv_rows(data / "varden.csv")
    value_cells = calc.column("Värden", "Värde")
    fields = calc.column("Värden", "Uppgift")
    summed = sum(v.value for v, f in zip(value_cells, fields) if f.value == "totalpoäng" and v.kind)
    assert v_kinds(value_cells, fields) == {"float"}, "every value but the version is a number"
    assert summed == pytest.approx(sum(float(r["value"]) for r in values if r["field"] == "total" and r["value"]))
    codes = calc.column("Utvärderingar", "Kommunkod")
    assert [c.value for c in codes] == [r["municipality_code"] for r in evaluations]
    assert all(c.kind == "string" for c in codes) and any(c.value.startswith("0") for c in codes)
    assert [c.value for c in calc.sheets["Utvärderingar"][0]][:3] == ["Kommunkod", "Kommun", "Länskod"]
    statuses = {c.value for c in calc.column("Värden", "Status")}
    assert statuses <= {"enligt källan", "härlett", "osäkert", "uppgift saknas"}
    # What Calc does not report in content.xml: the frozen header row and the column widths.
    book = load_workbook(data / "kommunkompassen.xlsx")
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
        assert all(w and w >= 8 for w in widths), (sheet.title, widths)


def v_kinds(values, fields) -> set[str]:
    return {v.kind for v, f in zip(values, fields) if v.kind and f.value != "version"}


def csv_rows(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_known_evaluation_is_in_every_table_undated_ones_included(built_site):
    """An evaluation known without a year is a row with an empty year in the CSV files, the
    workbook and the JSON, the same as every dated one."""
    import sourcefacts

    undated = sourcefacts.undated()
    assert undated, "the catalogue has evaluations without a year"
    data = built_site / "data"
    rows = csv_rows(data / "utvarderingar.csv")
    without_year = sorted(r["municipality_code"] for r in rows if r["year"] == "")
    assert without_year == sorted(u["municipality"]["code"] for u in undated)
    values = csv_rows(data / "varden.csv")
    for u in undated:
        year = next(v for v in values if v["municipality_code"] == u["municipality"]["code"] and v["year"] == ""
                    and v["field"] == "year")
        assert year["status"] == "unknown" and year["note"]
    records = json.loads((data / "utvarderingar.json").read_text(encoding="utf-8"))
    assert sorted(r["municipality"]["code"] for r in records if r["year"] is None) == without_year
    assert len(records) == len(rows)


def test_a_csv_cell_that_would_start_a_formula_gets_an_apostrophe_and_a_number_stays():
    from kommunkompassen.domain.tabular import csv_text

    text = csv_text(["a"], [["=1+1"], ["+46 8 123"], ["-"], ["@x"], ["\tx"], ["\rx"], ["-3"], ["+1.5"], ["1e3"],
                            ["x=1"], ["'=1"]])
    import io

    assert [row for (row,) in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))] == [
        "a", "'=1+1", "'+46 8 123", "'-", "'@x", "'\tx", "'\rx", "-3", "+1.5", "1e3", "x=1", "'=1"]


# --- DCAT-AP-SE: the data set described for Sweden's data portal ---------------------------------

RDF, DCAT, DCT, FOAF = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/ns/dcat#",
                        "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/")
# What DCAT-AP-SE 3.0.1 makes mandatory (cardinality min 1 in the profile's RDForms bundle,
# https://github.com/diggsweden/DCAT-AP-SE/blob/main/3.0.1/bundle.json); "1" where at most one is allowed.
PROFILE = {
    f"{DCAT}Catalog": {f"{DCT}title": "+", f"{DCT}description": "+", f"{DCT}publisher": "1", f"{DCT}license": "1",
                       f"{DCAT}dataset": "+"},
    f"{DCAT}Dataset": {f"{DCT}title": "+", f"{DCT}description": "+", f"{DCT}publisher": "1"},
    f"{DCAT}Distribution": {f"{DCAT}accessURL": "1", f"{DCT}format": "1"},
    f"{FOAF}Agent": {f"{FOAF}name": "+", f"{DCT}type": "1"},
}
ADMS_PUBLISHER_TYPES = {f"http://purl.org/adms/publishertype/{t}" for t in (
    "Academia-ScientificOrganisation", "Company", "IndustryConsortium", "LocalAuthority", "NationalAuthority",
    "NonGovernmentalOrganisation", "NonProfitOrganisation", "PrivateIndividual(s)", "RegionalAuthority",
    "StandardisationBody", "SupraNationalAuthority")}


def rdf_nodes(xml: str, location: str) -> dict[str, tuple[str, dict[str, list]]]:
    """Typed nodes of an RDF/XML document (node elements with rdf:about, property elements with
    rdf:resource or a literal): subject -> (class, {property: [object]}), addresses made absolute
    against xml:base or the file's own ``location``."""
    import xml.etree.ElementTree as ET
    from urllib.parse import urljoin

    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == f"{{{RDF}}}RDF"
    base = root.get("{http://www.w3.org/XML/1998/namespace}base") or location
    nodes = {}
    for el in root:
        about = el.get(f"{{{RDF}}}about")
        assert about is not None, f"{el.tag} has no rdf:about"
        props: dict[str, list] = {}
        for prop in el:
            resource = prop.get(f"{{{RDF}}}resource")
            assert resource is not None or (prop.text or "").strip() and len(prop) == 0, prop.tag
            value = urljoin(base, resource) if resource is not None else (
                prop.text, prop.get("{http://www.w3.org/XML/1998/namespace}lang"))
            props.setdefault(prop.tag.replace("{", "").replace("}", ""), []).append(value)
        nodes[urljoin(base, about)] = (el.tag.replace("{", "").replace("}", ""), props)
    return nodes


def test_the_data_set_is_described_for_swedens_data_portal(built_site, descriptor):
    """``dcat.rdf`` beside ``datapackage.json``: valid RDF/XML with every property DCAT-AP-SE
    requires, every distribution a file that is there, in Swedish, CC0 on the metadata."""
    data = built_site / "data"
    site = descriptor["homepage"]
    nodes = rdf_nodes((data / "dcat.rdf").read_text(encoding="utf-8"), site + "dcat.rdf")
    by_class: dict[str, list] = {}
    for subject, (kind, props) in nodes.items():
        by_class.setdefault(kind, []).append((subject, props))
        for prop, count in PROFILE.get(kind, {}).items():
            values = props.get(prop, [])
            assert values, f"{subject} ({kind}) lacks {prop}, which DCAT-AP-SE requires"
            assert count == "+" or len(values) == 1, f"{subject}: {prop} at most once"
        for literal in [v for vs in props.values() for v in vs if isinstance(v, tuple)]:
            assert literal[0].strip()
    assert set(PROFILE) <= set(by_class)
    (catalogue, cprops), = by_class[f"{DCAT}Catalog"]
    assert cprops[f"{DCT}license"] == ["http://creativecommons.org/publicdomain/zero/1.0/"]
    datasets = cprops[f"{DCAT}dataset"]
    assert all(d in nodes and nodes[d][0] == f"{DCAT}Dataset" for d in datasets)
    for _, props in [*by_class[f"{DCAT}Catalog"], *by_class[f"{DCAT}Dataset"]]:
        assert all(nodes[p][0] == f"{FOAF}Agent" for p in props[f"{DCT}publisher"])
        assert {lang for _, lang in props[f"{DCT}title"]} == {"sv"}
    for _, props in by_class[f"{FOAF}Agent"]:
        assert props[f"{DCT}type"][0] in ADMS_PUBLISHER_TYPES
    (dataset, dprops), = by_class[f"{DCAT}Dataset"]
    files = set()
    for d in dprops[f"{DCAT}distribution"]:
        kind, props = nodes[d]
        assert kind == f"{DCAT}Distribution"
        (url,) = props[f"{DCAT}accessURL"]
        assert url.startswith(site) and (data / url.removeprefix(site)).is_file(), url
        files.add(url.removeprefix(site))
    assert {"kommunkompassen.xlsx", "utvarderingar.csv", "varden.csv", "poang.csv", "utvarderingar.json",
            "datapackage.json"} <= files
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="dcat.rdf"' in page and "DCAT-AP-SE" in page
