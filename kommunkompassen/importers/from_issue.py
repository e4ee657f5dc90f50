"""A report sent in with the issue form, to a draft pair, a review page and a Swedish comment:
everything the import workflow does except talking to GitHub (``github_api`` does that).

``import_issue`` reads the issue from a GitHub event (``issue_form``), fetches the PDF with a
size cap and a time limit and checks that it is a PDF (``download``; the tests pass their
own), and runs the import in a child process without network, with a page cap, a memory cap
and a wall-clock limit (``sandbox``). It then validates the pair with the whole archive and
writes into the output folder:

- ``utkast/data/evaluations/<kommun>-<år>.yaml`` and ``.md``: the pair, as it goes into the
  pull request;
- ``granskning/<kommun>-<år>/index.html``: the review page (each flagged cell beside an image
  of the report);
- ``rapport/<file>.pdf``: the report as fetched;
- ``kommentar.md``: the comment for the issue, in Swedish (what was read, what is unknown and
  why, the warnings per area, the validation);
- ``resultat.json``: ``status`` (``ok``: a pair to propose; ``fel``: only a comment), the
  issue number, and for a pair its key, files, branch and pull request title.

An evaluation already on the site with a maintainer's own files (a YAML file without the
catalogue import's ``imported`` record, or a text file) is never replaced. A catalogue-only
file (what public pages say about the evaluation) is replaced by the draft, which keeps the
catalogue file's sources after the report's.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import unquote, urlsplit

from kommunkompassen import routes
from kommunkompassen.importers.issue_form import FormError, ReportRequest, form_fields, read_request
from kommunkompassen.loading.archive import DataPaths

PR_TITLE = "Utvärdering: {title} (från #{issue})"
BRANCH = "import/rapport-{issue}"  # one branch per issue: a second run updates it
IMPORT_LABEL = "importera"
LISTED = 40  # cells listed one by one in the comment; the rest are counted


@dataclass(frozen=True)
class Caps:
    """Limits on an untrusted report: bytes fetched, pages read, seconds for fetch and import."""

    max_bytes: int = 40 << 20  # GitHub takes attachments up to 25 MB
    max_pages: int = 150  # a full report has 40-70 pages
    fetch_seconds: int = 120
    import_seconds: float = 1200  # OCR of a 70-page scan on two cores: about 10 minutes


class FetchError(Exception):
    pass


# --- fetching the report -----------------------------------------------------------------


def download(url: str, dest: Path, caps: Caps) -> Path:
    """Fetch ``url`` into ``dest``: https only (also after redirects), at most ``caps.max_bytes``,
    within ``caps.fetch_seconds``, and the bytes must be a PDF."""
    import urllib.request

    class HttpsOnly(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if urlsplit(newurl).scheme != "https":
                raise FetchError("adressen skickar vidare till en adress utan https")
            _public_host(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    _public_host(url)

    opener = urllib.request.build_opener(HttpsOnly)
    request = urllib.request.Request(url, headers={"User-Agent": "kommunkompassen-import", "Accept": "application/pdf"})
    return _fetch(lambda: opener.open(request, timeout=30), dest, caps)


def _public_host(url: str) -> None:
    """Refuse a host that resolves to a private, loopback or link-local address (the runner's
    own network, a cloud's metadata service)."""
    import ipaddress
    import socket

    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)}
    except OSError:
        raise FetchError(f"adressen {host} finns inte") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise FetchError(f"adressen {host} leder inte till en allmän webbplats")


def _fetch(open_response: Callable[[], Any], dest: Path, caps: Caps) -> Path:
    import urllib.error

    deadline = time.monotonic() + caps.fetch_seconds
    try:
        with open_response() as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > caps.max_bytes:
                raise FetchError(f"filen är {_mb(int(length))}; importen hämtar högst {_mb(caps.max_bytes)}")
            kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind and kind not in ("application/pdf", "application/octet-stream", "binary/octet-stream",
                                     "application/x-pdf", "application/force-download"):
                raise FetchError(f"adressen ger ingen PDF utan {kind}")
            size = 0
            with dest.open("wb") as out:
                while chunk := response.read(1 << 16):
                    size += len(chunk)
                    if size > caps.max_bytes:
                        raise FetchError(f"filen är större än {_mb(caps.max_bytes)}, som är det mesta importen hämtar")
                    if time.monotonic() > deadline:
                        raise FetchError(f"hämtningen tog mer än {caps.fetch_seconds} sekunder")
                    out.write(chunk)
    except FetchError:
        dest.unlink(missing_ok=True)
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        dest.unlink(missing_ok=True)
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"filen kunde inte hämtas ({reason})") from None
    with dest.open("rb") as fh:
        if not fh.read(1024).lstrip(b"\0\t\n\r ").startswith(b"%PDF-"):
            dest.unlink()
            raise FetchError("filen är ingen PDF")
    return dest


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB".replace(".", ",")


def pdf_name(url: str) -> str:
    """A safe file name for the fetched report: the URL's last part, letters and digits only."""
    import re

    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")[:80] or "rapport"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


# --- the import ------------------------------------------------------------------------------


@dataclass
class Outcome:
    status: str  # "ok" or "fel"
    issue: Optional[int]
    comment: str
    key: Optional[str] = None
    valid: bool = False  # the pair passes the archive's validation


def import_issue(event: dict[str, Any], root: Path, out: Path, *, fetch: Callable[[str, Path, Caps], Path] = download,
                 caps: Caps = Caps(), this_year: Optional[int] = None) -> Outcome:
    """Everything but the GitHub calls; writes the output folder described above."""
    from kommunkompassen.importers.cli import load_reference

    out.mkdir(parents=True, exist_ok=True)
    issue = (event.get("issue") or {}).get("number")
    issue = issue if isinstance(issue, int) else None
    paths = DataPaths(root)
    reference = load_reference(paths)
    if reference is None:
        return _write(out, Outcome("fel", issue, _refusal("Projektets ramverksfiler har fel; en granskare behöver "
                                                         "rätta dem först.")))
    _, municipalities = reference
    fields = form_fields(routes.project_path(root, routes.REPORT_FORM))
    try:
        request = read_request(event, fields, municipalities, this_year or time.gmtime().tm_year)
    except FormError as exc:
        return _write(out, Outcome("fel", issue, _refusal(str(exc))))

    key = routes.evaluation_key(request.municipality.slug, request.year)
    yaml_file, md_file = routes.evaluation_files(key)
    existing_sources: list = []
    fallback_framework = None
    current = routes.project_path(root, yaml_file)
    replaces = current.exists()  # a catalogue file, once the check below has passed
    if routes.project_path(root, md_file).exists() or (current.exists() and not _catalogue_file(current)):
        return _write(out, Outcome("fel", request.issue, _refusal(
            f"{request.title} finns redan på webbplatsen med filer som en granskare har skrivit "
            f"(`{yaml_file}`); importen skriver inte över dem. En granskare kan jämföra rapporten med dem för hand.")))
    if current.exists():
        from kommunkompassen.loading.yamlio import load_yaml

        catalogue = load_yaml(current)
        existing_sources = list(catalogue.get("sources") or [])
        framework = catalogue.get("framework")
        fallback_framework = framework.get("value") if isinstance(framework, dict) else framework

    report = out / "rapport" / pdf_name(request.url)
    report.parent.mkdir(parents=True, exist_ok=True)
    try:
        fetch(request.url, report, caps)
    except FetchError as exc:
        return _write(out, Outcome("fel", request.issue, _refusal(f"Rapporten kunde inte hämtas: {exc}.")))

    source = {"title": f"Kommunkompassen – Analys av {request.title}", "url": request.url,
              "used_for": (f"Allt i utkastet: skapat av scripts/import_from_issue.py ur rapporten som skickades in "
                           f"i ärende #{request.issue}" + (f" av {request.sender}" if request.sender else "") + ".")}
    result = _sandboxed(report, out, root, request, [source, *existing_sources], caps, fallback_framework)
    if "error" in result:
        return _write(out, Outcome("fel", request.issue, _refusal(f"Rapporten kunde inte importeras: {result['error']}.")))
    problems = validate_pair(root, out / "utkast", key)
    comment = summary_comment(request, result, report.name, problems, replaces=replaces)
    outcome = Outcome("ok", request.issue, comment, key, valid=not problems)
    _write(out, outcome, {
        "key": key, "title": request.title,
        "files": [str(yaml_file), str(md_file)],
        "branch": BRANCH.format(issue=request.issue),
        "pr_title": PR_TITLE.format(title=request.title, issue=request.issue),
        "replaces_catalogue_file": replaces,
        "valid": not problems,
    })
    return outcome


def _catalogue_file(path: Path) -> bool:
    from kommunkompassen.loading.yamlio import load_yaml

    try:
        data = load_yaml(path)
    except Exception:  # noqa: BLE001 - an unreadable file is a maintainer's to fix, never ours to replace
        return False
    return isinstance(data, dict) and "imported" in data


def _sandboxed(pdf: Path, out: Path, root: Path, request: ReportRequest, sources: list, caps: Caps,
               fallback_framework: Optional[str] = None) -> dict:
    """Run ``sandbox`` in a child process, killed with everything it started after the time cap."""
    with tempfile.TemporaryDirectory() as tmp:
        sources_file = Path(tmp) / "kallor.json"
        sources_file.write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")
        command = [sys.executable, "-m", "kommunkompassen.importers.sandbox", str(pdf), "--ut", str(out),
                   "--rot", str(root), "--kommun", request.municipality.code, "--ar", str(request.year),
                   "--kallor", str(sources_file), "--max-sidor", str(caps.max_pages),
                   "--max-cpu", str(max(10, int(caps.import_seconds * 2)))]
        if fallback_framework:
            command += ["--ramverk-reserv", str(fallback_framework)]
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        try:
            output, _ = child.communicate(timeout=caps.import_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            limit = (f"{int(caps.import_seconds // 60)} minuter" if caps.import_seconds >= 120
                     else f"{caps.import_seconds:g} sekunder")
            return {"error": f"importen tog mer än {limit} och avbröts"}
    record = out / "import.json"
    if not record.exists():
        tail = output.decode("utf-8", "replace").strip().splitlines()[-1:] or ["okänt fel"]
        return {"error": f"importen avbröts ({tail[0][:200]})"}
    result = json.loads(record.read_text(encoding="utf-8"))
    record.unlink()
    return result


def validate_pair(root: Path, draft_root: Path, key: str) -> list[str]:
    """Problems of the archive with the draft pair in it (the draft replacing a catalogue file)."""
    from kommunkompassen.loading.archive import load_archive
    from kommunkompassen.loading.problems import DataError

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(routes.project_path(root, routes.DATA), routes.project_path(project, routes.DATA))
        for path in routes.evaluation_files(key):
            target = routes.project_path(project, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(routes.project_path(draft_root, path), target)
        try:
            load_archive(project)
        except DataError as exc:
            return [str(p) for p in exc.problems]
    return []


# --- the comment -----------------------------------------------------------------------------


def _quiet(text: str) -> str:
    """Text from the report in a comment: no @mentions, no #references, no Markdown structure."""
    return (str(text).replace("@", "@\u200b").replace("#", "#\u200b").replace("`", "'")
            .replace("<", "&lt;").replace("\n", " "))


def _refusal(why: str) -> str:
    lines = ["## Rapporten kunde inte importeras", "",
             "Importen gjorde inget utkast av det här ärendet:", ""]
    lines += [f"- {_quiet(line)}" for line in why.splitlines() if line.strip()]
    lines += ["", "Rätta ärendet (redigera det, eller bifoga PDF-filen på nytt) och be en granskare att sätta "
              f"etiketten `{IMPORT_LABEL}` igen. Hur det går till står i CONTRIBUTING.md, avsnittet "
              "\"Skicka in en rapport (utan Git)\"."]
    return "\n".join(lines) + "\n"


def summary_comment(request: ReportRequest, result: dict, file_name: str, problems: list[str], replaces: bool) -> str:
    findings = result["findings"]
    unknown = result["cells_unknown"]
    unknown_fields = {u["field"] for u in unknown}
    cell_findings = [f for f in findings if f["field"].startswith(("areas", "total")) and f["field"] not in unknown_fields]
    text_findings = [f for f in findings if f["field"].startswith("text")]
    other = [f for f in findings if not f["field"].startswith(("areas", "total", "text"))]
    key = result["key"]
    how = "utan textlager, så OCR-läst med Tesseract" if result["ocr"] else "läst ur PDF:ens textlager"
    pages = "1 sida" if result["pages"] == 1 else f"{result['pages']} sidor"
    lines = [f"## Utkast: {request.title}", "",
             f"Importen har läst rapporten `{file_name}` ({pages}, {how}) och gjort ett utkast "
             f"med ramverksversion {result['framework']}: `data/evaluations/{key}.yaml` (poängen) och "
             f"`data/evaluations/{key}.md` (texten)."]
    if replaces:
        lines += ["", f"Utkastet ersätter katalogposten för {request.title} (det som allmänna sidor säger om "
                  "utvärderingen); katalogpostens källor står kvar efter rapportens."]
    lines += ["", "### Poängen", "",
              f"- **Celler lästa:** {result['cells_read']} (totalen, områdenas poäng och delfrågornas "
              "poäng, max och procent).",
              f"- **Celler okända:** {len(unknown)}" + (":" if unknown else ".")]
    lines += [f"  - `{u['field']}`: {_quiet(u['why'])}" for u in unknown[:LISTED]]
    if len(unknown) > LISTED:
        lines += [f"  - … och {len(unknown) - LISTED} till; alla står i YAML-filen med sin förklaring."]
    if cell_findings:
        lines += [f"- **Att kontrollera ({len(cell_findings)}):**"]
        lines += [f"  - `{f['field']}`: {_quiet(f['message'])}" for f in cell_findings[:LISTED]]
        if len(cell_findings) > LISTED:
            lines += [f"  - … och {len(cell_findings) - LISTED} till, på granskningssidan."]
    if other:
        lines += [f"- **Uppgifter som inte hittades eller inte stämmer ({len(other)}):**"]
        lines += [f"  - `{f['field']}`: {_quiet(f['message'])}" for f in other]
    lines += ["", "### Texten", ""]
    if text_findings:
        per_area: dict[str, list[str]] = {}
        for f in text_findings:
            where = f["field"].removeprefix("text").lstrip(".").strip()
            label = where[:1].upper() + where[1:] if where else "Hela texten"
            per_area.setdefault(label, []).append(_quiet(f["message"]))
        lines += ["Varningar per område:", ""]
        for label, messages in per_area.items():
            lines += [f"- **{label}:** " + " · ".join(messages)]
    else:
        lines += ["Inga varningar; läs ändå texten mot rapporten."]
    lines += ["", "### Kontrollen", ""]
    if problems:
        lines += ["Utkastet validerar inte än (`./dev check`); rätta detta i pull requesten:", ""]
        lines += [f"- {_quiet(p)}" for p in problems[:20]]
        if len(problems) > 20:
            lines += [f"- … och {len(problems) - 20} till."]
    else:
        lines += ["Utkastet validerar (`./dev check`)."]
    if request.ignored_urls:
        lines += ["", "Fler adresser i ärendet hämtades inte: " + ", ".join(f"<{u}>" for u in request.ignored_urls) + "."]
    lines += ["", "Utkastet publiceras inte förrän en granskare har jämfört det med rapporten och slagit samman "
              "pull requesten; hur det går till står i CONTRIBUTING.md, avsnittet \"Granska ett importerat utkast\"."]
    return "\n".join(lines) + "\n"


def _write(out: Path, outcome: Outcome, extra: Optional[dict] = None) -> Outcome:
    (out / "kommentar.md").write_text(outcome.comment, encoding="utf-8")
    record = {"status": outcome.status, "issue": outcome.issue, **(extra or {})}
    (out / "resultat.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return outcome
