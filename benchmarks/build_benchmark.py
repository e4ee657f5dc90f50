"""Build benchmark: synthetic archives of N evaluations, timed against MkDocs' own floor.

Everything happens in a temporary directory; nothing is written under ``data/``.

For each size N the benchmark

1. builds a project root (``mkdocs.yml``, ``docs/``, ``hooks/``, the real frameworks and
   reference data) with N synthetic evaluations: the two full reports (Bengtsfors 2015 for
   the 2010 version, Åmål 2019 for the 2016 version) with the municipality's name changed,
   every sub-question scored (seeded, so the same N gives the same data) and the years
   spread over 2010–2019;
2. runs ``mkdocs build`` in a child process: cold (empty chart cache), warm (nothing
   changed), and after one evaluation's score was changed;
3. writes every page and file the hook generates as plain files into a second project
   without the hook and builds it: the floor, what MkDocs alone needs for the same pages;
4. records wall time, the hook's own timings (its log line), charts drawn, peak memory
   (``ru_maxrss`` of the build process and its children, the search indexer included), the HTML
   size of two evaluation pages, the search index (Pagefind: its indexing time and size), and
   what a first search costs a reader: the bytes a browser fetches for one first query, measured
   in headless Chromium against a local server that gzips text as GitHub Pages does; and checks
   that search still finds a municipality's name, a strength and an improvement area.

The floor is MkDocs plus the site's search, without the data work: its hook only trims the
tables of contents (the same HTML) and indexes the built site with the same Pagefind step.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

REPO = Path(__file__).resolve().parent.parent

# The full reports used as templates, per framework version, and the years that use them.
TEMPLATES = {"2010": "bengtsfors-2015", "2016": "amal-2019"}
TEMPLATE_NAMES = {"bengtsfors-2015": "Bengtsfors", "amal-2019": "Åmål"}
# Interleaved so that even a small N has both versions.
YEARS = [2019, 2012, 2016, 2014, 2018, 2010, 2017, 2015, 2011, 2013]
# What a build needs besides data/ (the hook imports the installed package).
PROJECT_DIRS = ("docs", "hooks", "overrides")

TARGETS = {
    "warm_vs_floor": 1.2,
    "cold_vs_floor": 2.0,
    "rebuild_hook_s": 1.0,
    "page_html_bytes": 60_000,
    "page_growth": 0.05,
    "first_search_bytes": 150_000,
    "peak_rss_bytes": 1 << 30,
    "serve_visible_s": 2.0,
    # A stage may grow at most 1.2 times as fast as N (12x from N = 100 to 1,000); a stage
    # under STAGE_FLOOR_S at the largest N is too short to judge.
    "stage_growth": 1.2,
}
STAGE_FLOOR_S = 1.0


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def framework_for(year: int) -> str:
    return "2010" if year <= 2015 else "2016"


# --- synthetic data ---------------------------------------------------------------------


def plan(municipalities: list, n: int) -> list[tuple]:
    """(municipality, year) of evaluation i; the first k of a plan for N are the plan for k.

    Municipality i % M, year YEARS[(i + i // M) % 10]: two evaluations of one municipality
    are 1..9 laps apart, so their years differ (at most 10 per municipality).
    """
    m = len(municipalities)
    if n > m * len(YEARS):
        raise ValueError(f"at most {m * len(YEARS)} evaluations (one per municipality and year)")
    return [(municipalities[i % m], YEARS[(i + i // m) % len(YEARS)]) for i in range(n)]


def _score_areas(data: dict, framework: dict, rng: random.Random) -> None:
    """Every sub-question scored, stated; area scores and the total are their sums."""
    level = rng.uniform(0.3, 0.8)
    areas = {}
    total = 0
    for area in framework["areas"]:
        questions = {}
        area_score = 0
        for q in area["questions"]:
            share = min(1.0, max(0.0, rng.gauss(level, 0.2)))
            score = round(share * q["max"])
            questions[q["id"]] = {"score": score, "max": q["max"], "percent": round(score / q["max"] * 100)}
            area_score += score
        areas[str(area["number"])] = {"score": area_score, "questions": questions}
        total += area_score
    data["areas"] = areas
    data["total"] = total


def synthetic_evaluation(template: tuple[str, str], template_name: str, framework: dict,
                         municipality, year: int) -> tuple[str, str]:
    """(YAML, Markdown) of one synthetic evaluation made from a real report."""
    yaml_text, md_text = template
    data = yaml.load(yaml_text.replace(template_name, municipality.name), Loader=_Loader)
    data["municipality"] = {"code": municipality.code, "name": municipality.name}
    for named in data.get("named_role_models", []):  # the template's report holds itself up as an example
        named["municipality"] = dict(data["municipality"])
    data["year"] = year
    if data.get("report_date"):
        data["report_date"] = f"{year}{data['report_date'][4:]}"
    _score_areas(data, framework, random.Random(f"{municipality.code}-{year}"))
    header = "# Synthetic evaluation for the build benchmark (benchmarks/build_benchmark.py).\n"
    return (header + _dump(data),
            md_text.replace(template_name, municipality.name))


def write_synthetic(target: Path, n: int, source: Path = REPO) -> list[str]:
    """Write N evaluations into ``target/data/evaluations``; return their keys in plan order."""
    from kommunkompassen.loading.municipalities import load_municipalities

    target = Path(target).resolve()
    if target == (source / "data").resolve() or (source / "data").resolve() in target.parents:
        raise ValueError("synthetic data is never written under data/")
    out = target / "data" / "evaluations"
    out.mkdir(parents=True, exist_ok=True)
    municipalities = sorted(load_municipalities(source / "data" / "reference" / "municipalities.csv").by_code.values(),
                            key=lambda m: m.code)
    templates, frameworks = {}, {}
    for fid, key in TEMPLATES.items():
        base = source / "data" / "evaluations" / key
        templates[fid] = (base.with_suffix(".yaml").read_text(encoding="utf-8"),
                          base.with_suffix(".md").read_text(encoding="utf-8"))
        frameworks[fid] = yaml.safe_load((source / "data" / "frameworks" / f"{fid}.yaml").read_text(encoding="utf-8"))
    keys = []
    for municipality, year in plan(municipalities, n):
        fid = framework_for(year)
        y, md = synthetic_evaluation(templates[fid], TEMPLATE_NAMES[TEMPLATES[fid]], frameworks[fid],
                                     municipality, year)
        key = f"{municipality.slug}-{year}"
        (out / f"{key}.yaml").write_text(y, encoding="utf-8")
        (out / f"{key}.md").write_text(md, encoding="utf-8")
        keys.append(key)
    return keys


def change_score(root: Path, key: str) -> None:
    """A maintainer's correction: sub-question 1.1 two points different (area and total follow)."""
    path = Path(root) / "data" / "evaluations" / f"{key}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    q = data["areas"]["1"]["questions"]["1.1"]
    delta = 2 if q["score"] + 2 <= q["max"] else -2
    q["score"] += delta
    q["percent"] = round(q["score"] / q["max"] * 100)
    data["areas"]["1"]["score"] += delta
    data["total"] += delta
    path.write_text(_dump(data), encoding="utf-8")


def make_project(target: Path, n: int, source: Path = REPO) -> list[str]:
    """A project root like a fresh clone, with N synthetic evaluations instead of data/evaluations."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    for name in PROJECT_DIRS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    # All of data/ except the real evaluations (frameworks, reference lists, catalogue files).
    shutil.copytree(source / "data", target / "data",
                    ignore=lambda folder, names: ["evaluations"] if Path(folder) == source / "data" else [])
    return write_synthetic(target, n, source)


def make_floor(project: Path, target: Path) -> int:
    """The same site as plain files: hand-written docs plus every generated file, no hook.

    Returns the number of generated files written. Uses the chart cache the builds filled.
    """
    from kommunkompassen.site.build import write_tree

    count = write_tree(project, target / "docs")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config, removed = re.subn(r"^hooks:\n(?:  - .*\n)+", "hooks:\n  - floor_hook.py\n", config, flags=re.M)
    if not removed:
        raise RuntimeError("mkdocs.yml has no 'hooks:' list to replace for the floor build")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    (target / "floor_hook.py").write_text(FLOOR_HOOK, encoding="utf-8")
    for name in PROJECT_DIRS:
        if name != "docs" and (project / name).is_dir():
            shutil.copytree(project / name, target / name)
    return count


# The floor renders exactly the pages our build renders: only the per-page table-of-contents
# trim (no data work) is kept, so both produce the same HTML; and it indexes the built site for
# search with the same step as the site's build (Pagefind), so the floor is MkDocs plus the
# site's search.
FLOOR_HOOK = """from pathlib import Path

from kommunkompassen.adapters.mkdocs import not_in_nav, trim_toc
from kommunkompassen.site.search_index import index_site


def on_config(config):
    config["not_in_nav"] = not_in_nav()
    return config


def on_page_context(context, page, config, nav):
    trim_toc(page.file.src_uri, page.toc)
    return context


def on_post_build(config):
    index_site(Path(config.site_dir))
"""


# --- measuring --------------------------------------------------------------------------


SEARCH_SUMMARY = re.compile(r"Sökindex \(Pagefind\): (\d+) sidor och (\d+) rapportavsnitt, ([\d.]+) MB, ([\d.]+) s")
SUMMARY = re.compile(r"Kommunkompassen: (\d+) utvärderingar, (\d+) diagram och delningsbilder \((\d+) ritade nu\), "
                     r"(?:(\d+) sidor \((\d+) renderade nu\), )?(.*)$", re.M)
# `mkdocs build`: the pages a forked child rendered beside MkDocs (adapters/mkdocs.py, on_post_build):
# how long the child took from the fork, and how long MkDocs waited for a page (a cost of the build).
BEHIND = re.compile(r"Kommunkompassen: .*bredvid MkDocs.*, behind ([\d.]+) s, wait ([\d.]+) s")
# `mkdocs serve --dirty` after a first pass: the rest of the site, made after the build (adapters/mkdocs.py).
SECOND_PASS = re.compile(r"Kommunkompassen: resten av webbplatsen efter ändringen: (\d+) sidor renderade")


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the build and its child processes
    peak_rss: int  # bytes, the largest single process
    hook: dict[str, float] = field(default_factory=dict)
    charts: int = 0
    drawn: int = 0
    pages: Optional[int] = None
    rendered: Optional[int] = None  # pages the hook rendered (``mkdocs serve`` skips unchanged ones)
    behind: Optional[float] = None  # seconds the forked child rendered pages beside MkDocs (not in ``hook``)
    search_s: Optional[float] = None  # indexing for search (Pagefind), after the pages
    data_after: Optional[float] = None  # `mkdocs serve`: data files written this long after the build
    rendered_after: Optional[int] = None  # `mkdocs serve --dirty`: pages the second pass rendered after it
    catch_up: Optional[float] = None  # `mkdocs serve --dirty`: the build that then shows them

    @property
    def hook_seconds(self) -> Optional[float]:
        return sum(self.hook.values()) if self.hook else None

    def as_dict(self) -> dict:
        return {"seconds": round(self.seconds, 2), "cpu_seconds": round(self.cpu, 2),
                "peak_rss_mb": round(self.peak_rss / 2**20), "hook": self.hook,
                "hook_seconds": None if self.hook_seconds is None else round(self.hook_seconds, 2),
                "charts": self.charts, "drawn": self.drawn, "pages": self.pages, "rendered": self.rendered,
                "behind": self.behind,
                "search_seconds": self.search_s, "data_after_seconds": self.data_after,
                "rendered_after": self.rendered_after, "catch_up_seconds": self.catch_up}


def _parse_summary(match: re.Match, run: Run) -> Run:
    run.charts, run.drawn = int(match.group(2)), int(match.group(3))
    if match.group(4):
        run.pages, run.rendered = int(match.group(4)), int(match.group(5))
    run.hook = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+) s(?=,|$| \()", match.group(6))}
    return run


def _child(args: list[str], cwd: Path, log: Path) -> tuple[float, object, str]:
    """Run a child process; (wall seconds, its rusage, its output)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    with log.open("w", encoding="utf-8") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child and what it waited for
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])} … failed in {cwd}:\n{text[-4000:]}")
    return seconds, usage, text


def mkdocs_build(project: Path, site_dir: Path) -> Run:
    """One ``mkdocs build --strict`` in a child process: wall and CPU time, peak RSS, hook log line."""
    seconds, usage, text = _child([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                                   str(project / "mkdocs.yml"), "-d", str(site_dir)],
                                  project, site_dir.parent / f"{site_dir.name}.log")
    run = Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)  # Linux: kilobytes
    search = SEARCH_SUMMARY.search(text)
    if search:
        run.search_s = float(search.group(4))
    match = SUMMARY.search(text)
    run = _parse_summary(match, run) if match else run
    behind = BEHIND.search(text)
    if behind:
        run.behind = float(behind.group(1))
        run.hook["wait"] = float(behind.group(2))  # MkDocs waiting for a page is the hook's cost
    return run


# Builds in one process, as `mkdocs serve` does them (with a thread beside, as its web server):
# the hook's on_startup sees "serve",
# the first build fills the memory; then one evaluation changes, twice. The first edit also
# pays for importing matplotlib; the second is what every further edit costs. A third edit
# is built as `mkdocs serve --dirty` does: MkDocs renders only the pages whose files changed.
# After an edit of evaluations only, the hook renders their pages first (site/quick.py); under
# --dirty the rest follows after the build, and if it changed a page, serve builds once more
# (the catch-up build, which this script runs as the watcher would start it).
SERVE = r"""
import json, logging, sys, threading, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
sys.path.insert(0, sys.argv[4])
from benchmarks.build_benchmark import change_score
from kommunkompassen.adapters.mkdocs import take_catch_up, wait_for_data

config_file, site_dir, key = sys.argv[1:4]
logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
# `mkdocs serve` runs its web server in a thread, and a process with threads does not fork
# (site/output.py): the hook renders on one core there, and so it does here.
threading.Thread(target=threading.Event().wait, name="as-mkdocs-serve", daemon=True).start()
times, later, catch_up = [], [], []
for step in range(4):
    if step:
        change_score(Path(config_file).parent, key)
    dirty = step == 3
    t0 = time.perf_counter()
    # --dirty warns that links may be stale, which --strict would turn into an error.
    config = load_config(config_file=config_file, site_dir=site_dir, strict=not dirty)
    if not step or dirty:
        config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, dirty=dirty)
    times.append(time.perf_counter() - t0)
    # The data files (open data, chart tables, feed) are made after the pages are shown, and under
    # --dirty the rest of the site: how much longer until they are written too (the next edit's
    # build would wait for them), and the catch-up build that shows the rest.
    later.append(wait_for_data())
    print("STEP-END", step, flush=True)
    if take_catch_up():
        t0 = time.perf_counter()
        build(load_config(config_file=config_file, site_dir=site_dir, strict=False), dirty=dirty)
        catch_up.append(time.perf_counter() - t0)
        wait_for_data()
        print("CATCH-UP-END", step, flush=True)
    else:
        catch_up.append(None)
print("BUILD-SECONDS", json.dumps(times))
print("DATA-AFTER-SECONDS", json.dumps(later))
print("CATCH-UP-SECONDS", json.dumps(catch_up))
"""


def serve_rebuild(project: Path, site_dir: Path, key: str) -> tuple[Run, Run, Run, Run]:
    seconds, usage, text = _child([sys.executable, "-c", SERVE, str(project / "mkdocs.yml"), str(site_dir), key,
                                   str(REPO)],
                                  project, site_dir.parent / f"{site_dir.name}.log")
    times = json.loads(re.search(r"^BUILD-SECONDS (.*)$", text, re.M).group(1))
    later = json.loads(re.search(r"^DATA-AFTER-SECONDS (.*)$", text, re.M).group(1))
    catch_up = json.loads(re.search(r"^CATCH-UP-SECONDS (.*)$", text, re.M).group(1))
    steps = re.split(r"^STEP-END \d+$", text, flags=re.M)
    runs = []
    for t, after, again, part in zip(times, later, catch_up, steps):
        part = re.split(r"^CATCH-UP-END \d+$", part, flags=re.M)[-1]  # the last step's catch-up build
        run = _parse_summary(SUMMARY.search(part), Run(t, 0.0, usage.ru_maxrss * 1024))
        behind = BEHIND.search(part)  # `mkdocs serve`: the rest of the site beside MkDocs (site/quick.py)
        if behind:
            run.behind = float(behind.group(1))
            run.hook["wait"] = float(behind.group(2))
        rest = SECOND_PASS.search(part)
        if rest:
            run.rendered_after = int(rest.group(1))
        run.data_after = after
        run.catch_up = again
        runs.append(run)
    return runs[0], runs[1], runs[2], runs[3]


def page_sizes(site: Path, key: str) -> dict:
    """HTML bytes of an evaluation page and of its report-text page (raw and gzipped)."""
    slug, year = key.rsplit("-", 1)
    html = (site / "kommuner" / slug / year / "index.html").read_bytes()
    report = (site / "kommuner" / slug / year / "rapport" / "index.html").read_bytes()
    return {"key": key, "html": len(html), "html_gz": _gz(html),
            "report_html": len(report), "report_html_gz": _gz(report)}


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def _fragments(site: Path) -> dict[str, str]:
    """Each search record's text by its address (a page, or a report's section), as Pagefind
    stores it for a result (gzip, then a signature, then JSON)."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        meta = record.get("meta", {})
        out[meta.get("kk_url", record["url"]).lstrip("/")] = meta.get("title", "") + " " + record["content"]
    return out


def search_size(site: Path) -> dict:
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}


def searchable(texts: dict[str, str], project: Path, key: str) -> dict[str, bool]:
    """Does search hold the evaluation's municipality name, a strength and an improvement area
    (in the records of its page and its report's sections)?"""
    from kommunkompassen.domain.reporttext import read_report_text

    text = read_report_text(project / "data" / "evaluations" / f"{key}.md")
    chapter = text.areas[1]
    name = yaml.load((project / "data" / "evaluations" / f"{key}.yaml").read_text(encoding="utf-8"),
                     Loader=_Loader)["municipality"]["name"]
    slug, year = key.rsplit("-", 1)
    page = f"kommuner/{slug}/{year}/"

    def words(s: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", s).split())

    blob = words(" ".join(t for address, t in texts.items() if address.split("#")[0] in (page, page + "rapport/")))
    return {
        "name": name in blob,
        "strength": words(chapter.strengths[0])[:60] in blob,
        "improvement": words(chapter.improvements[0])[:60] in blob,
    }


# What GitHub Pages serves gzipped (text); Pagefind's own files are compressed already.
GZIPPED = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}

FIRST_SEARCH = r"""
import functools, gzip, http.server, json, sys, threading
from pathlib import Path
from playwright.sync_api import sync_playwright

site, chromium, queries = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
GZIPPED = set(json.loads(sys.argv[4]))
sent = []


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        zipped = path.suffix in GZIPPED
        if zipped:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
        sent.append((self.path.split("?")[0], len(body)))


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}/"
out = {}
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-quic",
                                                                "--no-first-run", "--disable-background-networking"])
    for name, query in queries.items():
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.goto(base + "om-webbplatsen/")
        page.wait_for_load_state("networkidle")
        script = [b for path, b in sent if path.endswith("/javascripts/sok.js")]
        sent.clear()
        page.locator("#kk-sok-falt").click()
        page.keyboard.type(query, delay=80)  # a fast reader (12 keys a second), as a search box meets one
        page.wait_for_function("q => (document.querySelector('.kk-search__count').textContent || '').includes(q)",
                               arg=query, timeout=120_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        fetched = list(sent) + [("/javascripts/sok.js", script[0] if script else 0)]
        kinds = {}
        for path, size in fetched:
            kind = ("fragments" if "/fragment/" in path else "index chunks" if "/index/" in path
                    else "code" if path.endswith((".js", ".pagefind")) else "entry and meta")
            kinds[kind] = kinds.get(kind, 0) + size
        out[name] = {"query": query, "bytes": sum(s for _, s in fetched), "requests": len(fetched), "by_kind": kinds,
                     "results": page.locator(".kk-search__item").count(),
                     "first": page.locator(".kk-search__title").first.get_attribute("href")}
        page.context.close()
    browser.close()
print("FIRST-SEARCH " + json.dumps(out))
"""


def first_search(site: Path, queries: dict[str, str], log_dir: Path) -> dict:
    """What one first search costs a reader, per query: the bytes fetched from focusing the
    search field to the first results shown (the search's script, Pagefind's code and WebAssembly,
    its entry and meta files, the index chunks of the words and the fragments of the first results
    the box shows), typed as a fast reader types, text gzipped as GitHub Pages serves it, counted by the server in headless Chromium."""
    chromium = os.environ.get("KK_CHROMIUM", "/usr/bin/chromium")
    _, _, text = _child([sys.executable, "-c", FIRST_SEARCH, str(site), chromium,
                         json.dumps(queries, ensure_ascii=False), json.dumps(sorted(GZIPPED))],
                        site.parent, log_dir / "first-search.log")
    return json.loads(re.search(r"^FIRST-SEARCH (.*)$", text, re.M).group(1))


def fastest(runs: list[Run]) -> Run:
    """The quickest of repeated builds: other work on the machine only ever slows one down."""
    best = min(runs, key=lambda r: r.seconds)
    best.peak_rss = max(r.peak_rss for r in runs)
    return best


def measure(n: int, work: Path, log=print, repeat: int = 2) -> dict:
    project = work / "project"
    keys = make_project(project, n)
    samples = {}
    for key in keys:
        samples.setdefault(framework_for(int(key.rsplit("-", 1)[1])), key)
    changed = samples.get("2016") or keys[0]
    result: dict = {"n": n, "evaluations": len(keys), "samples": samples, "changed": changed}

    log(f"N={n}: cold build (empty chart cache) …")
    cold = mkdocs_build(project, work / "site-cold")
    result["floor_files"] = make_floor(project, work / "floor")
    warms, floors = [], []
    for i in range(repeat):  # alternately, so that both meet the same conditions
        log(f"N={n}: warm build ({i + 1}/{repeat}) …")
        warms.append(mkdocs_build(project, work / "site-warm"))
        log(f"N={n}: floor: the same pages as plain Markdown files, no hook ({i + 1}/{repeat}) …")
        floors.append(mkdocs_build(work / "floor", work / "site-floor"))
    warm, floor = fastest(warms), fastest(floors)
    result["repeats"] = {"warm": [round(r.seconds, 2) for r in warms], "floor": [round(r.seconds, 2) for r in floors]}
    log(f"N={n}: `mkdocs serve`-style rebuild after {changed} changed …")
    first, edit, serve, dirty = serve_rebuild(project, work / "site-serve", changed)
    change_score(project, changed)  # change it once more for a fresh process
    log(f"N={n}: `mkdocs build` after {changed} changed again …")
    rebuild = mkdocs_build(project, work / "site-rebuild")

    site = work / "site-warm"
    for name, run in (("cold", cold), ("warm", warm), ("floor", floor), ("serve_first", first),
                      ("serve_first_edit", edit), ("serve_rebuild", serve), ("serve_dirty_rebuild", dirty),
                      ("rebuild", rebuild)):
        result[name] = run.as_dict()
    chart_s = cold.hook.get("charts")
    result["charts_per_second"] = round(cold.drawn / chart_s, 1) if cold.drawn and chart_s else None
    result["pages"] = {fid: page_sizes(site, key) for fid, key in samples.items()}
    texts = _fragments(site)
    name = yaml.load((project / "data" / "evaluations" / f"{changed}.yaml").read_text(encoding="utf-8"),
                     Loader=_Loader)["municipality"]["name"]
    log(f"N={n}: first search in Chromium …")
    result["search"] = {
        **search_size(site), "records": len(texts), "seconds": warm.search_s,
        "first": first_search(site, {"topic": "medborgardialog", "name": name}, work),
        "found": {fid: searchable(texts, project, key) for fid, key in samples.items()},
    }
    result["ratios"] = {"warm_vs_floor": round(warm.seconds / floor.seconds, 2),
                        "cold_vs_floor": round(cold.seconds / floor.seconds, 2),
                        "warm_vs_floor_cpu": round(warm.cpu / floor.cpu, 2),
                        "cold_vs_floor_cpu": round(cold.cpu / floor.cpu, 2)}
    return result


def table(results: list[dict]) -> str:
    rows: list[tuple[str, list[str]]] = []

    def row(label, fn):
        out = []
        for r in results:
            try:
                v = fn(r)
            except (KeyError, TypeError, ZeroDivisionError):
                v = None
            out.append("–" if v is None else str(v))
        rows.append((label, out))

    def build(r, name):
        return f"{r[name]['seconds']:.1f} s ({r[name]['cpu_seconds']:.0f} s CPU)"

    def hook(r, name):
        h = r[name]["hook"]
        return f"{sum(h.values()):.2f} s (" + " ".join(f"{k} {v:.1f}" for k, v in h.items()) + ")"

    row("cold build, wall (CPU)", lambda r: build(r, "cold"))
    row("  hook", lambda r: hook(r, "cold"))
    row("  pages rendered beside MkDocs (not in hook)", lambda r: f"{r['cold']['behind']:.1f} s"
        if r["cold"].get("behind") is not None else None)
    row("  charts drawn, per second", lambda r: f"{r['cold']['drawn']}, {r['charts_per_second']}/s")
    row("warm build, wall (CPU)", lambda r: build(r, "warm"))
    row("  hook", lambda r: hook(r, "warm"))
    row("  pages rendered beside MkDocs (not in hook)", lambda r: f"{r['warm']['behind']:.1f} s"
        if r["warm"].get("behind") is not None else None)
    row("floor: MkDocs alone, wall (CPU)", lambda r: build(r, "floor"))
    row("warm / floor, wall (CPU)",
        lambda r: f"{r['ratios']['warm_vs_floor']:.2f}× ({r['ratios']['warm_vs_floor_cpu']:.2f}×)")
    row("cold / floor, wall (CPU)",
        lambda r: f"{r['ratios']['cold_vs_floor']:.2f}× ({r['ratios']['cold_vs_floor_cpu']:.2f}×)")
    row("serve rebuild, 1 changed: build", lambda r: f"{r['serve_rebuild']['seconds']:.1f} s")
    row("  hook", lambda r: hook(r, "serve_rebuild"))
    row("  charts drawn again", lambda r: r["serve_rebuild"]["drawn"])
    row("  pages rendered again, of all", lambda r: f"{r['serve_rebuild']['rendered']} of {r['serve_rebuild']['pages']}"
        if r["serve_rebuild"].get("pages") is not None else None)
    row("  the rest of the site beside MkDocs (in hook: its wait)", lambda r: f"{r['serve_rebuild']['behind']:.1f} s"
        if r["serve_rebuild"].get("behind") is not None else None)
    row("  first edit of the session: hook", lambda r: hook(r, "serve_first_edit"))
    row("  then data files written, after", lambda r: f"{r['serve_rebuild']['data_after_seconds']:.1f} s"
        if r["serve_rebuild"].get("data_after_seconds") is not None else None)
    row("serve --dirty rebuild, 1 changed: build", lambda r: f"{r['serve_dirty_rebuild']['seconds']:.1f} s")
    row("  then the rest of the site and the data files, after", lambda r: (
        f"{r['serve_dirty_rebuild']['data_after_seconds']:.1f} s ({r['serve_dirty_rebuild']['rendered_after']} pages)"
        if r["serve_dirty_rebuild"].get("rendered_after") is not None else None))
    row("  then the catch-up build that shows them", lambda r: f"{r['serve_dirty_rebuild']['catch_up_seconds']:.1f} s"
        if r["serve_dirty_rebuild"].get("catch_up_seconds") is not None else None)
    row("build after 1 changed: hook", lambda r: hook(r, "rebuild"))
    row("  charts drawn again", lambda r: r["rebuild"]["drawn"])
    for fid in TEMPLATES:
        row(f"evaluation page ({fid}) HTML, KB (gzip)",
            lambda r, f=fid: f"{r['pages'][f]['html'] / 1000:.1f} ({r['pages'][f]['html_gz'] / 1000:.1f})")
        row(f"  its report text page ({fid}), KB (gzip)",
            lambda r, f=fid: f"{r['pages'][f]['report_html'] / 1000:.1f} ({r['pages'][f]['report_html_gz'] / 1000:.1f})")
    row("search: indexing (warm build), s", lambda r: f"{r['search']['seconds']:.1f}")
    row("  pagefind/, MB (files)", lambda r: f"{r['search']['bytes'] / 1e6:.1f} ({r['search']['files']})")
    for label, q in (("topic", "medborgardialog"), ("name", "a municipality's name")):
        row(f"  first search '{q}', KB (requests)",
            lambda r, k=label: f"{r['search']['first'][k]['bytes'] / 1000:.1f} ({r['search']['first'][k]['requests']})")
    row("  finds name, strength, improvement",
        lambda r: " ".join("".join("y" if ok else "n" for ok in f.values()) for f in r["search"]["found"].values()))
    row("peak memory: cold/warm/floor, MB",
        lambda r: f"{r['cold']['peak_rss_mb']}/{r['warm']['peak_rss_mb']}/{r['floor']['peak_rss_mb']}")
    row("peak memory: serve (4 builds), MB", lambda r: r["serve_rebuild"]["peak_rss_mb"])
    width = max(len(label) for label, _ in rows)
    cols = [f"N = {r['n']}" for r in results]
    colw = [max(len(c), *(len(v[i]) for _, v in rows)) for i, c in enumerate(cols)]
    lines = [" " * width + "  " + "  ".join(c.rjust(w) for c, w in zip(cols, colw))]
    lines.append("-" * len(lines[0]))
    for label, values in rows:
        lines.append(label.ljust(width) + "  " + "  ".join(v.rjust(w) for v, w in zip(values, colw)))
    return "\n".join(lines)


def targets(results: list[dict]) -> list[str]:
    """One line per target of issue 7 at the largest N (page growth: smallest to largest N)."""
    big, small = results[-1], results[0]
    out = []

    def check(ok: bool, text: str) -> None:
        out.append(f"[{'ok' if ok else 'MISS'}] {text}")

    n = big["n"]
    ratios = big["ratios"]
    check(ratios["warm_vs_floor"] <= TARGETS["warm_vs_floor"],
          f"warm build within 1.2× of the floor at N={n}: {ratios['warm_vs_floor']:.2f}× "
          f"(CPU {ratios['warm_vs_floor_cpu']:.2f}×)")
    check(ratios["cold_vs_floor"] <= TARGETS["cold_vs_floor"],
          f"cold build within 2× of the floor at N={n}: {ratios['cold_vs_floor']:.2f}× "
          f"(CPU {ratios['cold_vs_floor_cpu']:.2f}×)")
    serve = big["serve_rebuild"]
    h = serve["hook_seconds"] or 0
    check(h < TARGETS["rebuild_hook_s"] and serve["drawn"] <= 1 + 1 + 9,
          f"`mkdocs serve` rebuild after one change: hook {h:.2f} s (< 1 s, with MkDocs' wait for the second pass), "
          f"charts drawn again {serve['drawn']}")
    for fid, page in big["pages"].items():
        check(page["html"] < TARGETS["page_html_bytes"],
              f"evaluation page ({fid}) {page['html'] / 1000:.1f} KB HTML (< 60 KB; {page['html_gz'] / 1000:.1f} KB gzipped)")
        if small is not big and fid in small["pages"]:
            for name, field_ in (("evaluation page", "html"), ("report text page", "report_html")):
                growth = page[field_] / small["pages"][fid][field_] - 1
                check(abs(growth) <= TARGETS["page_growth"],
                      f"{name} ({fid}) N={small['n']} → N={n}: {growth * 100:+.1f} % (within 5 %)")
    search = big["search"]
    first = search["first"]
    worst = max(q["bytes"] for q in first.values())
    found = all(all(f.values()) for f in search["found"].values())
    check(worst <= TARGETS["first_search_bytes"] and found,
          "first search transfers " + ", ".join(f"{q['bytes'] / 1000:.0f} KB ({q['query']!r})" for q in first.values())
          + f" (≤ 150 KB); name, strengths, improvements found: {found}")
    dirty = big["serve_dirty_rebuild"]
    rest = (f"; the rest of the site {dirty['data_after_seconds']:.1f} s later, shown by a catch-up build of "
            f"{dirty['catch_up_seconds']:.1f} s" if dirty.get("catch_up_seconds") is not None else "")
    check(dirty["seconds"] < TARGETS["serve_visible_s"],
          f"an edit visible in `mkdocs serve --dirty` after {dirty['seconds']:.1f} s (< 2 s, the whole rebuild){rest}")
    if small is not big:
        out.extend(stage_growth(small, big))
    peak = max(big[k]["peak_rss_mb"] for k in ("cold", "warm", "rebuild"))
    check(peak * 2**20 < TARGETS["peak_rss_bytes"], f"peak memory of `mkdocs build` {peak} MB (< 1024 MB; "
          f"`mkdocs serve`, which keeps the loaded data, {big['serve_rebuild']['peak_rss_mb']} MB)")
    return out


def stages(result: dict) -> dict[str, float]:
    """Seconds per stage of one N: each build's wall time and each of its hook's stages."""
    out = {}
    for run in ("cold", "warm", "floor"):
        if run in result:
            out[f"{run} build"] = result[run]["seconds"]
            for stage, seconds in result[run]["hook"].items():
                out[f"{run}: hook {stage}"] = seconds
    return out


def stage_growth(small: dict, big: dict) -> list[str]:
    """``[ok]``/``[MISS]`` per stage: its time at the largest N over its time at the smallest,
    against ``TARGETS["stage_growth"]`` times the growth of N (12x from N = 100 to 1,000)."""
    factor = big["n"] / small["n"]
    limit = TARGETS["stage_growth"] * factor
    before, after = stages(small), stages(big)
    out = []
    for name, seconds in after.items():
        if name not in before or before[name] <= 0:
            continue
        ratio = seconds / before[name]
        judged = seconds >= STAGE_FLOOR_S
        ok = ratio <= limit or not judged
        out.append(f"[{'ok' if ok else 'MISS'}] stage {name}: {before[name]:.2f} s → {seconds:.2f} s, "
                   f"{ratio:.1f}× for {factor:g}× N (≤ {limit:g}×"
                   + ("" if judged else f"; under {STAGE_FLOOR_S:g} s, not judged") + ")")
    return out


def main(argv: Optional[list[str]] = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Time the site build with N synthetic evaluations.")
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated N (default 10,100,1000)")
    parser.add_argument("--json", default="benchmark-results.json", help="where to write the results")
    parser.add_argument("--repeat", type=int, default=2, help="warm and floor builds per N, fastest counts (2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"kk-bench-{n}-"))
        try:
            results.append(measure(n, work, log=lambda m: print(m, file=sys.stderr, flush=True),
                                   repeat=max(1, args.repeat)))
        finally:
            if args.keep:
                print(f"kept {work}", file=sys.stderr)
            else:
                shutil.rmtree(work, ignore_errors=True)
        Path(args.json).write_text(json.dumps({"cpus": os.cpu_count(), "results": results}, indent=1) + "\n",
                                   encoding="utf-8")
    print(table(results))
    print()
    print("\n".join(targets(results)))
    print(f"\nJSON: {args.json}")
    return 0
