"""Build performance (issue 7): what the faster build must keep exactly as it was.

The benchmark itself (``scripts/benchmark.py``) measures; these tests check that its
synthetic data is valid and stays out of ``data/``, and that every shortcut gives the
same result as the plain way.
"""

from __future__ import annotations

import gc
import json
import os
import posixpath
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from benchmarks import build_benchmark as benchmark
from kommunkompassen.adapters.mkdocs import trim_toc
from kommunkompassen.domain.ranking import Ranked, competition_rank
from kommunkompassen.loading.archive import LoadCache, load_archive
from kommunkompassen.loading.municipalities import load_municipalities
from kommunkompassen.site import opendata
from kommunkompassen.site.index import build_index
from kommunkompassen.site.output import paused_gc
from kommunkompassen.site.pages import plan_page
from kommunkompassen.site.templating import relative_url

ROOT = Path(__file__).resolve().parent.parent


# --- the benchmark's synthetic archive ---------------------------------------------------------


def _listing(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_synthetic_evaluations_are_valid_full_reports(tmp_path):
    real = _listing(ROOT / "data" / "evaluations")
    keys = benchmark.make_project(tmp_path / "project", 12)
    archive = load_archive(tmp_path / "project")
    assert sorted(e.key for e in archive.evaluations) == sorted(keys)
    assert {e.framework.id for e in archive.evaluations} == {"2010", "2016"}
    for ev in archive.evaluations:
        assert ev.completeness == "full_text"
        assert all(len(a.questions) == len(fa.questions) for fa, a in
                   zip(ev.framework.areas, (ev.data.areas[str(fa.number)] for fa in ev.framework.areas)))
        assert ev.municipality.name in ev.text.chapters[1].title  # the report's name was replaced
    assert _listing(ROOT / "data" / "evaluations") == real


def test_synthetic_data_is_never_written_under_data(tmp_path):
    with pytest.raises(ValueError):
        benchmark.write_synthetic(ROOT / "data", 1)
    with pytest.raises(ValueError):
        benchmark.write_synthetic(ROOT / "data" / "evaluations" / "x", 1)


@pytest.mark.benchmark
def test_the_benchmark_command_prints_its_table_and_targets_and_writes_json(tmp_path):
    """The one command of the README, at the smallest size: every row and target is measured."""
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--sizes", "2", "--repeat", "1",
                          "--json", str(out)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert lines[0].strip() == "N = 2"
    rows = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in lines[2:]
                if line.strip() and not line.startswith(("[", "JSON")))
    for label in ("cold build, wall (CPU)", "warm / floor, wall (CPU)", "serve rebuild, 1 changed: build",
                  "evaluation page (2016) HTML, KB (gzip)", "its report text page (2016), KB (gzip)",
                  "search: indexing (warm build), s", "pagefind/, MB (files)",
                  "first search 'medborgardialog', KB (requests)", "first search 'a municipality's name', KB (requests)",
                  "peak memory: cold/warm/floor, MB"):
        assert rows.get(label, "–") != "–", (label, rows)
    assert rows["finds name, strength, improvement"] == "yyy yyy"  # both versions' sample pages
    targets = [line for line in lines if line.startswith(("[ok]", "[MISS]"))]
    assert len(targets) == 8 and any("evaluation page (2016)" in t for t in targets)
    result = json.loads(out.read_text(encoding="utf-8"))["results"][0]
    assert result["n"] == 2 and result["cold"]["drawn"] > 0 and result["warm"]["drawn"] == 0
    assert result["pages"]["2016"]["html"] < result["pages"]["2016"]["report_html"]
    first = result["search"]["first"]
    assert first["topic"]["results"] > 0 and first["name"]["first"].endswith("/")
    assert 20_000 < first["topic"]["bytes"] < 150_000  # Pagefind's code and WebAssembly, at least


def test_the_plan_has_one_evaluation_per_municipality_and_year_and_grows_by_appending():
    municipalities = sorted(load_municipalities(ROOT / "data" / "reference" / "municipalities.csv").by_code.values(),
                            key=lambda m: m.code)
    full = benchmark.plan(municipalities, len(municipalities) * len(benchmark.YEARS))
    assert len({(m.code, year) for m, year in full}) == len(full)
    assert benchmark.plan(municipalities, 10) == full[:10]


def test_the_benchmarks_change_keeps_the_evaluation_valid(tmp_path):
    keys = benchmark.make_project(tmp_path / "project", 2)
    before = {e.key: e.data.total.value for e in load_archive(tmp_path / "project").evaluations}
    benchmark.change_score(tmp_path / "project", keys[0])
    after = {e.key: e.data.total.value for e in load_archive(tmp_path / "project").evaluations}
    assert abs(after[keys[0]] - before[keys[0]]) == 2 and after[keys[1]] == before[keys[1]]


# --- shortcuts that must give the plain result ---------------------------------------------------


def _naive_rank(items):
    rows = sorted(items, key=lambda t: (-t[1], t[0].municipality.name, t[0].year))
    values = [r[1] for r in rows]
    return [Ranked(ev, v, values.index(v) + 1, len(rows), s, values.count(v) > 1) for ev, v, s in rows]


def test_competition_rank_equals_the_plain_definition():
    rng = random.Random(7)
    evs = [SimpleNamespace(municipality=SimpleNamespace(name=f"K{i:03}"), year=2016,
                           data=SimpleNamespace(framework=SimpleNamespace(status="stated"))) for i in range(60)]
    for _ in range(50):
        items = [(ev, float(rng.choice([0, 5, 10, 10, 15, 20])), None) for ev in rng.sample(evs, rng.randint(0, 60))]
        ranking = competition_rank(items)
        assert ranking == _naive_rank(items)


def test_relative_urls_equal_posixpath_relpath():
    urls = ["", "kommuner/", "kommuner/amal/", "kommuner/amal/2019/", "omraden/2016/1/", "data/poang.csv",
            "goda-exempel/2016/1-1/", "kommuner/amal/2019/#omrade-1-styrkor", "grafik/kommuner/amal-2019.svg"]
    for a in urls:
        for b in urls:
            to_path, _, fragment = b.partition("#")  # the function as it was, with posixpath.relpath
            base = posixpath.dirname(a.rstrip("/")) if not a.endswith("/") else a.rstrip("/")
            rel = posixpath.relpath(to_path or ".", base or ".")
            if to_path.endswith("/") and not rel.endswith("/"):
                rel += "/"
            assert relative_url(a, b) == rel + (f"#{fragment}" if fragment else "")


def test_all_json_is_the_plain_json_dump(archive):
    records = [opendata.evaluation_record(ev, "https://example.org/") for ev in archive.evaluations]
    records += [opendata.undated_record(u, "https://example.org/") for u in archive.undated]  # known without a year
    plain = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert opendata.all_json(archive, "https://example.org/") == plain


def test_the_collector_is_paused_and_resumed():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


RENDER_BOTH_WAYS = r"""
import sys
from pathlib import Path
from kommunkompassen.site import output
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.site.index import build_index
from kommunkompassen.site.tree import page_jobs

index = build_index(load_archive(Path(sys.argv[1])))
jobs = [(route.source, job) for route, job in page_jobs(index)]
output.PARALLEL_MIN_PAGES = 1
parallel, _ = output.render_to(Path(sys.argv[2]), jobs, meanwhile=list)
fork = output._fork
output._fork = lambda: None
serial, _ = output.render_to(Path(sys.argv[3]), jobs, meanwhile=list)
assert [p for p, _ in parallel] == [p for p, _ in serial] == [p for p, _ in jobs]
assert all(a.read_bytes() == b.read_bytes() for (_, a), (_, b) in zip(parallel, serial))
print("forked" if fork.__name__ == "_fork" else "", len(jobs))
"""


def test_pages_rendered_in_two_processes_equal_pages_rendered_in_one(tmp_path):
    # In a fresh interpreter: the test runner's own threads would (rightly) stop the fork.
    out = subprocess.run([sys.executable, "-c", RENDER_BOTH_WAYS, str(ROOT), str(tmp_path / "a"), str(tmp_path / "b")],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("forked")


RENDER_BEHIND = r"""
import os, sys
from pathlib import Path
from kommunkompassen.site import output
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.site.index import build_index
from kommunkompassen.site.tree import page_jobs

index = build_index(load_archive(Path(sys.argv[1])))
jobs = [(route.source, job) for route, job in page_jobs(index)]
later = {"data/a.csv": "a", "data/b.json": b"b"}
behind = output.PagesBehind(Path(sys.argv[2]), jobs, then=(list(later), lambda: later))
forked = behind.done == 0
last = jobs[-1][0]
behind.wait_for(last)
assert (Path(sys.argv[2]) / last).exists()
behind.wait_for("not/a/page.md")
behind.finish()
serial, _ = output.render_to(Path(sys.argv[3]), jobs, meanwhile=list)
assert all((Path(sys.argv[2]) / p).read_bytes() == f.read_bytes() for p, f in serial)
assert (Path(sys.argv[2]) / "data/b.json").read_bytes() == b"b"

other = output.PagesBehind(Path(sys.argv[3]), jobs[:2], then=(["data/a.csv"], lambda: later))
try:
    other.finish()
except output.PagesFailed as exc:
    print("unannounced:", exc)

def broken():
    raise ValueError("a page that cannot be made")

failing = output.PagesBehind(Path(sys.argv[4]), jobs[:3] + [("trasig.md", broken)] + jobs[3:5])
try:
    failing.wait_for(jobs[4][0])
except output.PagesFailed as exc:
    print("failed:", exc)
print("forked" if forked else "", len(jobs))
"""


def test_pages_rendered_behind_the_build_equal_pages_rendered_at_once_and_a_failure_stops_it(tmp_path):
    """`mkdocs build`: a forked child renders the pages while MkDocs converts the ones before."""
    out = subprocess.run([sys.executable, "-c", RENDER_BEHIND, str(ROOT), *(str(tmp_path / n) for n in "abc")],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "failed: 3 av 6 genererade sidor och filer kunde inte skapas (felet står ovan)\nforked" in out.stdout
    assert "ValueError: a page that cannot be made" in out.stderr  # the child's own error, for the log
    # Files made after the pages must be the ones announced: an extra one fails the build.
    assert "unannounced: 1 av 3 genererade sidor och filer kunde inte skapas" in out.stdout
    assert "announced and made files differ: ['data/b.json']" in out.stderr


def test_pages_made_in_a_thread_are_waited_for_one_by_one_and_a_failure_stops_the_reader():
    """`mkdocs serve` after a first pass: the rest of the site is made in a thread while MkDocs reads
    the pages in order (``output.PagesInThread``); MkDocs waits for a page only until it is made."""
    import threading

    from kommunkompassen.site.output import PagesFailed, PagesInThread

    go, made = threading.Event(), []

    def work(progress):
        for source in ("a.md", "b.md"):
            made.append(source)
            progress(source)
            go.wait()  # b.md only once the reader has read a.md
        made.append("c.md")
        progress("c.md")
        return "done"

    pages = PagesInThread(["a.md", "b.md", "c.md"], work)
    pages.wait_for("a.md")
    assert made[:1] == ["a.md"] and "c.md" not in made
    pages.wait_for("not-a-page.md")  # a file that is not one of them: at once
    go.set()
    pages.wait_for("c.md")
    assert made == ["a.md", "b.md", "c.md"]
    pages.finish()
    assert pages.result == "done" and pages.count == 3

    def broken(progress):
        progress("a.md")
        raise ValueError("a page that cannot be made")

    failing = PagesInThread(["a.md", "b.md"], broken)
    failing.wait_for("a.md")
    with pytest.raises(PagesFailed, match="sidorna kunde inte göras om efter ändringen"):
        failing.wait_for("b.md")


def test_the_data_files_announced_before_they_are_made_are_the_ones_made(archive):
    from kommunkompassen.site.build import SiteBuild
    from kommunkompassen.site.tree import generated_data, opendata_paths

    assert opendata_paths(archive) == list(generated_data(archive, "https://example.org/"))
    build = SiteBuild.load(ROOT, "https://example.org/")
    assert build.data_paths() == list(build.data_files())


# --- what changed on purpose -----------------------------------------------------------------


def test_serve_rewrites_only_the_generated_files_that_changed(data_copy, monkeypatch):
    """`mkdocs serve --dirty` renders a page again only when its file is newer than the output."""
    from kommunkompassen.adapters import mkdocs as adapter
    from kommunkompassen.site.build import SiteBuild

    d = data_copy()
    memory = adapter.BuildMemory()

    def generated() -> dict[str, Path]:
        build = SiteBuild.load(d.root, cache=memory.load)
        return {p: f for _, (p, f) in build.write(memory.spill_folder(), memory.documents)}

    first = generated()
    stamps = {p: f.stat().st_mtime_ns for p, f in first.items()}
    d.edit("amal-2019.yaml", lambda y: y.update(interviewed={"value": 41, "note": "Ändrad."}))
    second = generated()
    assert second.keys() == first.keys()
    changed = {p for p, f in second.items() if f.stat().st_mtime_ns != stamps[p]}
    assert "kommuner/amal/2019.md" in changed and "data/utvarderingar/amal-2019.json" in changed
    assert "cirka 41 personer" in second["kommuner/amal/2019.md"].read_text(encoding="utf-8")
    assert "kommuner/bengtsfors/2015.md" not in changed and "kommuner/amal/2019/rapport.md" not in changed
    assert len(changed) < len(first) / 10, sorted(changed)


def _rolemodel_project(tmp_path: Path) -> Path:
    """A project with the real frameworks and reference files and the role-model fixture's evaluations."""
    project = tmp_path / "project"
    for part in ("frameworks", "reference"):
        shutil.copytree(ROOT / "data" / part, project / "data" / part)
    shutil.copytree(ROOT / "tests" / "fixtures" / "rolemodels" / "data" / "evaluations", project / "data" / "evaluations")
    return project


def test_serve_renders_again_only_pages_whose_content_changed_and_they_equal_a_fresh_build(tmp_path):
    """`mkdocs serve` keeps each page's fingerprint (site/incremental.py): an unchanged page is not
    rendered again, and after an edit every page is what a fresh build writes."""
    from kommunkompassen.adapters import mkdocs as adapter
    from kommunkompassen.site.build import SiteBuild

    project = _rolemodel_project(tmp_path)
    memory = adapter.BuildMemory()

    def build(folder=None, memo=True):
        b = SiteBuild.load(project, cache=memory.load if memo else None)
        out = {p: f.read_bytes() for _, (p, f) in b.write(folder or memory.spill_folder(), memory.documents if memo
                                                           else None, memory.pages if memo else None)}
        return out, b.pages_rendered, b.page_count

    first, rendered, count = build()
    assert rendered == count
    again, rendered, _ = build()
    assert again == first and rendered == 0
    # Edits that reach other evaluations' pages: a role model's report text (quoted on the plan
    # that names it), a report's words naming another municipality (on that municipality's
    # evaluation page), scores (role models, tables, averages), a removed evaluation. After each,
    # every page equals a fresh build's.
    evaluations = project / "data" / "evaluations"
    edits = [
        ("jokkmokk-2012.md", "Testets styrka ett: ett gemensamt IT-stöd", "Testets ändrade styrka: ett gemensamt IT-stöd"),
        ("dals-ed-2015.yaml", "IT-stöd kan ses som en förebild", "IT-stöd är en förebild"),
    ]
    for name, before, after in edits:
        file = evaluations / name
        file.write_text(file.read_text(encoding="utf-8").replace(before, after, 1), encoding="utf-8")
        edited, rendered, count = build()
        fresh, _, _ = build(tmp_path / f"fresh-{name}", memo=False)
        assert edited == fresh and 0 < rendered < count / 2, name
        assert any(after.encode("utf-8") in page for page_name, page in edited.items()
                   if page_name.endswith(".md") and name.split("-")[0] not in page_name), after  # another's page
    path = evaluations / "jokkmokk-2012.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"7.5": {score: 14, max: 20, percent: 70}', '"7.5": {score: 12, max: 20, percent: 60}')
                    .replace("score: 60\n", "score: 58\n").replace("total: 410", "total: 408"), encoding="utf-8")
    edited, rendered, count = build()
    fresh, _, _ = build(tmp_path / "fresh", memo=False)
    assert edited == fresh and edited != first
    assert 0 < rendered < count / 2
    assert b"60 %" in edited["kommuner/jokkmokk/2012.md"]
    (evaluations / "overkalix-2013.yaml").unlink()
    edited, rendered, _ = build()
    fresh, _, _ = build(tmp_path / "fresh-removed", memo=False)
    assert edited == fresh and "kommuner/overkalix/2013.md" not in edited and rendered > 0


def test_serve_shows_an_edited_page_first_and_writes_the_data_files_after_it(tmp_path):
    """`mkdocs serve`, after its first build: the pages of an edit are written at once, the data
    files (open data, chart tables, feed) in the background after them, into the generated
    files and the served site, and then they equal what a fresh build makes."""
    import dataclasses

    from kommunkompassen.adapters import mkdocs as adapter
    from kommunkompassen.site.build import SiteBuild

    project = _rolemodel_project(tmp_path)
    memory = adapter.BuildMemory()
    folder, site = memory.spill_folder(), tmp_path / "site"

    def build():
        b = SiteBuild.load(project, cache=memory.load)
        later = b.data_written(folder)
        files = {p: f for _, (p, f) in b.write(folder, memory.documents, memory.pages, later=later)}
        return b, later, files

    _, later, _ = build()
    assert not later  # the first build has none to show yet: it makes them at once
    json_file = "data/utvarderingar/jokkmokk-2012.json"
    assert '"value": 410' in (folder / json_file).read_text(encoding="utf-8")
    path = project / "data" / "evaluations" / "jokkmokk-2012.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("total: 410", "total: 408"), encoding="utf-8")
    edited, later, files = build()
    assert later
    assert "408" in files["kommuner/jokkmokk/2012.md"].read_text(encoding="utf-8")  # the page at once
    assert '"value": 410' in files[json_file].read_text(encoding="utf-8")  # the download still the last one
    memory.data_later = dataclasses.replace(edited)
    memory.start_data(site)
    assert memory.wait_for_data() >= 0 and memory.data_ok
    fresh = SiteBuild.load(project).data_files()
    assert '"value": 408' in fresh[json_file]
    for name, content in fresh.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        assert (folder / name).read_bytes() == data and (site / name).read_bytes() == data, name


def test_serve_renders_an_edited_evaluations_own_pages_first_and_the_rest_of_the_site_after(tmp_path):
    """`mkdocs serve` after an edit of one evaluation (site/quick.py): the first pass renders that
    evaluation's pages and its municipality's, and hands on every other file as the last build left
    it; the second pass brings the rest up to date, and then every file equals a fresh build's."""
    from kommunkompassen.adapters import mkdocs as adapter
    from kommunkompassen.site.build import SiteBuild

    project = _rolemodel_project(tmp_path)
    memory = adapter.BuildMemory()
    folder = memory.spill_folder()

    def build():
        b = SiteBuild.load(project, cache=memory.load, previous=memory.pages if memory.pages.alive else None)
        later = b.data_written(folder)
        if b.first is not None and not later:
            b.draw_all(b.index)
        files = {p: f for _, (p, f) in b.write(folder, memory.documents, memory.pages, later=later)}
        if b.first is not None:
            b.complete(folder, memory.pages)
        memory.pages.chart_paths = dict(b.chart_paths)
        b.write_data(folder, memo=memory.documents)
        return b, {p: f.read_bytes() for p, f in files.items()}

    whole, first = build()
    assert whole.first is None  # the first build is whole
    # A role model's score: its page, its report's and its municipality's at once; its improvement
    # plan and the plans of others that name it as a role model in the second pass.
    path = project / "data" / "evaluations" / "jokkmokk-2012.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"7.5": {score: 14, max: 20, percent: 70}', '"7.5": {score: 12, max: 20, percent: 60}')
        .replace("score: 60\n", "score: 58\n").replace("total: 410", "total: 408"), encoding="utf-8")
    b = SiteBuild.load(project, cache=memory.load, previous=memory.pages)
    assert b.first is not None and b.data_written(folder)
    shown = {p: f.read_bytes() for _, (p, f) in b.write(folder, memory.documents, memory.pages, later=True)}
    assert shown.keys() == first.keys()
    assert b"60 %" in shown["kommuner/jokkmokk/2012.md"] and b"408" in shown["kommuner/jokkmokk/index.md"]
    changed_now = {p for p in shown if shown[p] != first[p]}
    assert changed_now <= {"kommuner/jokkmokk/2012.md", "kommuner/jokkmokk/2012/rapport.md",
                           "kommuner/jokkmokk/index.md"} | {p for p in shown if p.startswith("grafik/")}, sorted(changed_now)
    assert b.pages_rendered <= 3
    assert b.complete(folder, memory.pages) is True  # other pages changed: the site needs another build
    memory.pages.chart_paths = dict(b.chart_paths)
    b.write_data(folder, memo=memory.documents)
    done = {p: f.read_bytes() for p, f in ((p, folder / p) for p in shown) if not p.startswith("grafik/")}
    fresh = {p: f.read_bytes() for _, (p, f) in SiteBuild.load(project).write(tmp_path / "fresh")
             if not p.startswith("grafik/")}
    assert done == fresh
    assert sorted(p for p in done if done[p] != shown[p] and p.endswith(".md"))  # pages the second pass changed
    assert {name: path.read_bytes() for name, path in b.chart_paths.items()} == {
        name: path.read_bytes() for name, path in SiteBuild.load(project).chart_paths.items()}
    # Nothing changed since: a first pass that renders nothing, and a second that changes nothing.
    again = SiteBuild.load(project, cache=memory.load, previous=memory.pages)
    list(again.write(folder, memory.documents, memory.pages, later=True))
    assert again.first is not None and again.pages_rendered == 0
    assert again.complete(folder, memory.pages) is False


def test_serve_rebuilds_whole_when_more_than_evaluations_content_changed(tmp_path):
    """A new or removed evaluation, or an edited framework, can change links and pages anywhere:
    the rebuild is whole at once (site/quick.py)."""
    from kommunkompassen.adapters import mkdocs as adapter
    from kommunkompassen.site.build import SiteBuild

    project = _rolemodel_project(tmp_path)
    memory = adapter.BuildMemory()
    folder = memory.spill_folder()

    def first_pass() -> bool:
        """Whether the rebuild was a first pass (then completed, as serve does after it)."""
        b = SiteBuild.load(project, cache=memory.load, previous=memory.pages if memory.pages.alive else None)
        first = b.first is not None
        list(b.write(folder, memory.documents, memory.pages, later=b.data_written(folder)))
        if first:
            b.complete(folder, memory.pages)
        memory.pages.chart_paths = dict(b.chart_paths)
        b.write_data(folder, memo=memory.documents)
        return first

    assert not first_pass()  # the first build
    assert first_pass()  # nothing changed
    (project / "data" / "evaluations" / "overkalix-2013.yaml").unlink()
    assert not first_pass()
    framework = project / "data" / "frameworks" / "2010.yaml"
    framework.write_text(framework.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not first_pass()
    assert first_pass()  # and the next one, after no change, is a first pass again


# `mkdocs serve` in one process, as its watcher builds (a thread beside, as its web server): a
# first build; an edit built as `mkdocs serve` does; another as `mkdocs serve --dirty` does, then
# the catch-up build its second pass asks for. After each edit it prints what the site shows.
SERVE_EDITS = r"""
import json, logging, shutil, sys, threading
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from kommunkompassen.adapters.mkdocs import take_catch_up, wait_for_data

project, site = Path(sys.argv[1]), Path(sys.argv[2])
logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
stop = threading.Event()
threading.Thread(target=stop.wait, daemon=True).start()
evaluation = project / "data" / "evaluations" / "jokkmokk-2012.yaml"
page = site / "kommuner" / "jokkmokk" / "2012" / "index.html"

def serve_build(dirty):
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=not dirty)
    config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, dirty=dirty)

serve_build(False)
wait_for_data()
def score(before, after, area, total):  # sub-question 7.5, area 7 and the total together
    text = evaluation.read_text(encoding="utf-8")
    text = text.replace(f'"7.5": {{score: {before}, max: 20, percent: {before * 5}}}',
                        f'"7.5": {{score: {after}, max: 20, percent: {after * 5}}}')
    text = text.replace(f"score: {area[0]}\n", f"score: {area[1]}\n").replace(f"total: {total[0]}", f"total: {total[1]}")
    evaluation.write_text(text, encoding="utf-8")

score(14, 12, (60, 58), (410, 408))
serve_build(False)
print("SAID serve", json.dumps({"shows": "60 %" in page.read_text(encoding="utf-8"), "catch_up": take_catch_up()}))
wait_for_data()
print("SAID serve after data", json.dumps({"catch_up": take_catch_up()}))
shutil.copytree(site, site.with_name("after-serve"))
shutil.copytree(project / "data" / "evaluations", site.with_name("evaluations-after-serve"))
score(12, 16, (58, 62), (408, 412))
serve_build(True)
shown = "80 %" in page.read_text(encoding="utf-8")
wait_for_data()
catch_up = take_catch_up()
if catch_up:
    serve_build(True)
    wait_for_data()
print("SAID dirty", json.dumps({"shows": shown, "catch_up": catch_up, "again": take_catch_up()}))
stop.set()
"""


def _pages_html(site: Path) -> dict[str, bytes]:
    """Every page's HTML (not the search index, kept from the first build by `mkdocs serve`)."""
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.html")
            if not p.relative_to(site).parts[0] == "pagefind"}


def test_mkdocs_serve_shows_an_edit_at_once_and_then_the_site_a_fresh_build_makes(tmp_path):
    """After an edit, `mkdocs serve` shows the edited evaluation's page from the first pass
    (site/quick.py); its site then equals `mkdocs build` of the same data, page for page.
    `mkdocs serve` renders the rest beside MkDocs in the same build; `--dirty` asks for one
    more build, and the site after it equals a fresh build too."""
    from sitebuild import copy_chart_cache, copy_project, mkdocs_build

    project = copy_project(tmp_path / "project", include=lambda p: not p.startswith(("data/evaluations/", "tests/")))
    shutil.copytree(ROOT / "tests" / "fixtures" / "rolemodels" / "data" / "evaluations", project / "data" / "evaluations")
    copy_chart_cache(project)
    out = subprocess.run([sys.executable, "-c", SERVE_EDITS, str(project), str(tmp_path / "site")],
                         capture_output=True, text=True, cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert out.returncode == 0, out.stdout + out.stderr
    said = dict(line[5:].split(" {", 1) for line in out.stdout.splitlines() if line.startswith("SAID "))
    said = {k: json.loads("{" + v) for k, v in said.items()}
    assert said["serve"] == {"shows": True, "catch_up": False}  # the whole site in one build
    assert said["serve after data"] == {"catch_up": False}
    assert said["dirty"] == {"shows": True, "catch_up": True, "again": False}
    assert out.stdout.count("(först den ändrade utvärderingens sidor, resten efter)") == 3  # two edits, a catch-up
    mkdocs_build(project, tmp_path / "fresh")
    assert _pages_html(tmp_path / "site") == _pages_html(tmp_path / "fresh")
    shutil.rmtree(project / "data" / "evaluations")
    shutil.copytree(tmp_path / "evaluations-after-serve", project / "data" / "evaluations")
    mkdocs_build(project, tmp_path / "fresh-after-serve")
    assert _pages_html(tmp_path / "after-serve") == _pages_html(tmp_path / "fresh-after-serve")


def test_the_load_cache_reads_only_changed_files_and_reports_problems_every_time(data_copy):
    d = data_copy()
    cache = LoadCache()
    first = {e.key: e for e in load_archive(d.root, cache).evaluations}
    again = {e.key: e for e in load_archive(d.root, cache).evaluations}
    assert all(again[k] is first[k] for k in first)
    d.edit("amal-2019.yaml", lambda y: y.update(interviewed={"value": 41, "note": "Ändrad."}))
    changed = {e.key: e for e in load_archive(d.root, cache).evaluations}
    assert changed["bengtsfors-2015"] is first["bengtsfors-2015"]
    assert changed["amal-2019"] is not first["amal-2019"] and changed["amal-2019"].data.interviewed.value == 41
    d.edit("amal-2019.yaml", lambda y: y.update(year="tjugo"))
    for _ in range(2):
        assert any("amal-2019.yaml" in p for p in d.problems())


def test_serve_finds_a_placeholder_left_in_a_report_and_forgets_it_once_filled_in(data_copy):
    """`mkdocs serve` reads again only the files that changed (``LoadCache.placeholders``), and a
    placeholder written into a report's text is refused by the next rebuild, by file and line."""
    from kommunkompassen.site.checks import check_project

    d = data_copy()
    cache = LoadCache()
    assert check_project(d.root, cache)[1] == []
    report = d.path("amal-2019.md")
    text = report.read_text(encoding="utf-8")
    report.write_text(text + "\nEj ifyllt ännu.\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    for _ in range(2):  # the file's problems are kept with it while it is unchanged
        archive, problems = check_project(d.root, cache)
        assert archive is None and [(p.file, p.line) for p in problems] == [("data/evaluations/amal-2019.md", line)]
        assert "Ej ifyllt ännu" in problems[0].message
    report.write_text(text, encoding="utf-8")
    assert check_project(d.root, cache)[1] == []


def test_an_improvement_plan_names_three_role_models_per_question_and_counts_the_rest(data_copy):
    d = data_copy("bengtsfors-2015")
    twins = [("1440", "Ale"), ("1489", "Alingsås"), ("0764", "Alvesta"), ("0604", "Aneby"), ("1984", "Arboga")]
    municipalities = load_municipalities(d.root / "data" / "reference" / "municipalities.csv")
    for code, name in twins:
        key = f"{municipalities.by_code[code].slug}-2015"
        for suffix in (".yaml", ".md"):
            d.path(f"{key}{suffix}").write_bytes(d.path(f"bengtsfors-2015{suffix}").read_bytes())

        def change(y, code=code, name=name):
            y["municipality"] = {"code": code, "name": name}
            q = y["areas"]["7"]["questions"]["7.4"]
            y["areas"]["7"]["score"] += 18 - q["score"]
            y["total"] += 18 - q["score"]
            q.update(score=18, percent=90)

        d.edit(f"{key}.yaml", change)
    archive = load_archive(d.root)
    bengtsfors = next(e for e in archive.evaluations if e.key == "bengtsfors-2015")
    page = plan_page(build_index(archive), bengtsfors)
    start = page.index("<li>7.4 ")
    line = page[start:page.index("</a></li>", start) + len("</a></li>")]
    assert line.count("</a>") == 4 and line.endswith("Alla resultat för 7.4</a></li>")  # three role models and the link
    visible = re.sub(r"<[^>]+>", "", line)
    assert visible.count(": 90 % (18 av 20) · samma delfråga, samma version") == 3 and "och 2 till." in visible


def test_only_an_evaluation_pages_table_of_contents_is_trimmed():
    def toc():
        h3 = SimpleNamespace(children=[SimpleNamespace(children=[])])
        return [SimpleNamespace(children=[SimpleNamespace(children=[h3])])]

    page = toc()
    trim_toc("kommuner/amal/2019.md", page)
    assert page[0].children[0].children == []
    other = toc()
    trim_toc("kommuner/amal/index.md", other)
    assert other[0].children[0].children != []


def test_serve_sets_the_kept_archive_aside_from_the_collector_only_while_mkdocs_renders(tmp_path, monkeypatch):
    """`mkdocs serve` keeps the loaded archive between rebuilds: while MkDocs renders, Python's
    collector leaves it alone (``gc.freeze``), and once the build is done it is given back, so
    that what an edit replaced can be freed."""
    import gc
    import types

    from kommunkompassen.adapters import mkdocs as adapter

    memory = adapter.BuildMemory()
    monkeypatch.setattr(adapter, "_memory", memory)
    memory.search_index = tmp_path / "kept"
    (tmp_path / "site" / "pagefind").mkdir(parents=True)  # the kept search index is in place
    build = types.SimpleNamespace(archive=object(), index=object(), timings={})
    try:
        adapter.release(build)
        assert build.archive is None and gc.get_freeze_count() > 0
        adapter.on_post_build(types.SimpleNamespace(site_dir=str(tmp_path / "site")))
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_a_keyed_page_renders_from_its_inputs_alone():
    """A keyed page's function may hold nothing but its inputs (``incremental.Keyed``): a closure or a
    bound value could read what the inputs' fingerprint does not cover, and serve would keep a stale page."""
    from functools import partial

    from kommunkompassen.site import pages
    from kommunkompassen.site.incremental import Keyed

    index = object()
    for page in (lambda inputs: "", partial(pages.plan_from), pages.plan_page.__get__(index)):
        with pytest.raises(TypeError, match="plain module function"):
            Keyed(lambda: None, page)
    assert Keyed.of("Styrkan är tydlig. Mer text.", pages.short_item)() == pages.short_item("Styrkan är tydlig. Mer text.") == "Styrkan är tydlig"
