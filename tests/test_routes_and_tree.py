"""One routes module for every address, and the site's sources without MkDocs."""

from __future__ import annotations

import subprocess
import sys

import pathspec
import pytest
from projectcopy import ROOT

from kommunkompassen import routes
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.loading.problems import DataError
from kommunkompassen.site.index import build_index
from kommunkompassen.site.startpage import fill_start_page
from kommunkompassen.site.tree import page_jobs


def test_pages_outside_the_navigation_are_exactly_those_the_globs_hide(archive):
    hidden = pathspec.gitignore.GitIgnoreSpec.from_lines(routes.NOT_IN_NAV)
    for route, _ in page_jobs(build_index(archive)):
        assert hidden.match_file(route.source) == (not route.in_nav), route


def test_every_evaluation_page_edits_its_yaml_and_every_report_page_its_markdown(archive):
    jobs = {route.url: route for route, _ in page_jobs(build_index(archive))}
    amal = jobs["kommuner/amal/2019/"]
    assert (amal.source, amal.edit) == ("kommuner/amal/2019.md", "data/evaluations/amal-2019.yaml")
    report = jobs["kommuner/amal/2019/rapport/"]
    assert (report.source, report.edit) == ("kommuner/amal/2019/rapport.md", "data/evaluations/amal-2019.md")
    assert jobs["kommuner/amal/"].source == "kommuner/amal/index.md"
    assert jobs["omraden/2010/7/"].source == "omraden/2010/7.md"
    for ev in archive.evaluations:  # every evaluation's page is where its links point
        assert jobs[ev.url].edit == f"data/evaluations/{ev.key}.yaml"


def test_an_unknown_start_page_marker_names_the_file_and_line(archive):
    with pytest.raises(DataError) as exc:
        fill_start_page("# Start\n\n<!-- kk:senaste -->\n<!-- kk:senast -->\n", build_index(archive))
    assert [str(p) for p in exc.value.problems] == [
        "docs/index.md: rad 4: okänd markör '<!-- kk:senast -->'; kända markörer: "
        "<!-- kk:senaste -->, <!-- kk:versioner -->, <!-- kk:antal -->"]


def test_the_site_sources_are_written_as_a_plain_folder_without_mkdocs(tmp_path, archive):
    out = tmp_path / "tree"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate.py"), str(out)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Skrev ") and "genererade filer" in run.stdout
    amal = (out / "kommuner" / "amal" / "2019.md").read_text(encoding="utf-8")
    assert amal.startswith("# Åmål 2019")
    assert (out / "om-webbplatsen.md").exists()  # the hand-written pages come along
    start = (out / "index.md").read_text(encoding="utf-8")
    assert "<!-- kk:" not in start  # markers filled from data
    csv_lines = (out / "data" / "utvarderingar.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(csv_lines) == 1 + len(archive.evaluations) + len(archive.undated)  # the undated ones too
    assert (out / "grafik" / "kommuner" / "amal-2019-omraden.svg").read_text(encoding="utf-8").startswith("<?xml")
    again = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate.py"), str(out)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 2 and "finns redan" in again.stderr


# --- one table of page kinds (routes.PAGE_KINDS) ----------------------------------------------

def _kinds_of(url: str) -> list[str]:
    """The kinds whose address is ``url``: its fixed address, else every pattern it fits."""
    import re

    exact = [k.name for k in routes.PAGE_KINDS if k.address == url]
    return exact or [k.name for k in routes.PAGE_KINDS
                     if re.fullmatch(re.sub(r"<[^<>]+>", "[^/]+", re.escape(k.address)), url)]


def test_every_generated_page_is_of_a_kind_in_the_table(archive):
    """A new kind of page needs its entry in routes.PAGE_KINDS: the tests' page lists (axe, the
    HTML checker, layouts) are read from it, so an entry-less kind would be checked by none."""
    seen = set()
    for route, _ in page_jobs(build_index(archive)):
        kinds = _kinds_of(route.url)
        assert kinds, f"{route.url}: no kind in routes.PAGE_KINDS has this address"
        seen.update(kinds)
    generated = {k.name for k in routes.PAGE_KINDS if k.generated and k.themed}
    assert generated - seen == set(), "kinds in the table that the real archive's site has no page of"


def test_the_navigation_lists_exactly_the_kinds_the_table_puts_in_it():
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    addresses = set()
    for entry in nav:
        [source] = entry.values()
        page = source.removesuffix("index.md").removesuffix(".md")
        addresses.add(page if page == "" or page.endswith("/") else f"{page}/")
    assert addresses == {k.address for k in routes.PAGE_KINDS if k.in_nav}


def test_lighthouse_measures_a_page_of_every_kind_in_the_table():
    import importlib.util

    spec = importlib.util.spec_from_file_location("lighthouse", ROOT / "scripts" / "lighthouse.py")
    lighthouse = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lighthouse)
    measured = {kind for address in lighthouse.PAGES.values() for kind in _kinds_of(address.split("?")[0])}
    assert {k.name for k in routes.PAGE_KINDS} - measured == set()
    jobs = {route.url for route, _ in page_jobs(build_index(load_archive(ROOT)))} | {""}
    generated = [a for a in lighthouse.PAGES.values() if a.split("?")[0] in jobs]
    assert len(generated) > 10  # the addresses are real pages of the archive
