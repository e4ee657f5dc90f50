"""An issue made with the form "Skicka in en rapport" (``routes.REPORT_FORM``), read back.

GitHub writes a form's answers into the issue's body as Markdown: per field ``### <label>``,
a blank line and the answer (``_No response_`` when left empty; a ticked box as ``- [X] …``).
``read_request`` maps the headings back to the fields through the form file itself, so the form
and this reader cannot drift apart, and checks the answers: a known municipality, a plausible
year, the consent ticked, and exactly where the report may be fetched from.

The issue's text is untrusted: it is only ever parsed here, as data. A report may come from
the issue's own attachments (``https://github.com/user-attachments/files/…``, or the older
``https://github.com/<owner>/<repo>/files/…`` of this repository) or from one ``https`` link
to another site; never from a plain ``http`` address, an IP address, a local name or any other
GitHub address.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

from kommunkompassen import routes
from kommunkompassen.domain.municipalities import Municipalities, Municipality
from kommunkompassen.importers.lookup import find_municipality

NO_RESPONSE = "_No response_"
FIRST_YEAR = 1995  # the model's lower bound for an evaluation's year
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+", re.IGNORECASE)
_TICKED = re.compile(r"^\s*-\s*\[[xX]\]\s+(.+?)\s*$", re.MULTILINE)
MAX_BODY = 65536  # GitHub's own limit on an issue's body


class FormError(Exception):
    """The issue cannot be imported; the message says why, in Swedish, for the issue's author."""


@dataclass(frozen=True)
class ReportRequest:
    issue: int
    municipality: Municipality
    year: int
    url: str  # where the PDF is fetched from
    attachment: bool  # the issue's own attachment (else a link to another site)
    sender: Optional[str] = None
    ignored_urls: tuple[str, ...] = ()  # further addresses in the issue, not fetched
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.municipality.name} {self.year}"


def form_fields(form_file: Path) -> dict[str, dict[str, Any]]:
    """The form's fields by id: ``{"kommun": {"label": "Kommun", "type": "input", "required": True, …}}``."""
    import yaml

    form = yaml.safe_load(Path(form_file).read_text(encoding="utf-8"))
    out = {}
    for item in form["body"]:
        if item.get("id"):
            out[item["id"]] = {"type": item["type"], **item["attributes"],
                               "required": bool((item.get("validations") or {}).get("required"))}
    return out


def answers(body: str, fields: dict[str, dict[str, Any]]) -> dict[str, Optional[str]]:
    """Each field's answer by id (None: left empty or missing), read from the issue's body."""
    by_label = {f["label"].strip(): fid for fid, f in fields.items()}
    out: dict[str, Optional[str]] = {fid: None for fid in fields}
    text = (body or "")[:MAX_BODY].replace("\r\n", "\n")
    # only the form's own headings divide the body: a "###" line someone typed stays in its answer
    marks = [m for m in _HEADING.finditer(text) if m.group(1) in by_label]
    for i, mark in enumerate(marks):
        fid = by_label[mark.group(1)]
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[mark.end():end].strip()
        out[fid] = None if not value or value == NO_RESPONSE else value
    return out


def render_body(fields: dict[str, dict[str, Any]], values: dict[str, Any]) -> str:
    """The body GitHub writes for ``values`` (a box's value: the list of ticked labels). For tests
    and for documentation: the inverse of ``answers``."""
    parts = []
    for fid, f in fields.items():
        value = values.get(fid)
        if f["type"] == "checkboxes":
            ticked = value or []
            value = "\n".join(f"- [{'X' if o['label'] in ticked else ' '}] {o['label']}" for o in f["options"])
        parts.append(f"### {f['label']}\n\n{value if value else NO_RESPONSE}")
    return "\n\n".join(parts)


def allowed_url(url: str, repository: str) -> Optional[str]:
    """None when the report may be fetched from ``url``; else why not (Swedish)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return "adressen går inte att läsa"
    if parts.scheme.lower() != "https":
        return "bara adresser som börjar med https:// hämtas"
    if parts.username or parts.password or port not in (None, 443):
        return "adressen får inte ha användarnamn, lösenord eller egen port"
    try:
        ipaddress.ip_address(host.strip("[]"))
        return "adressen ska vara ett namn, inte en IP-adress"
    except ValueError:
        pass
    if "." not in host or host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return "adressen leder inte till en allmän webbplats"
    if host == "github.com" or host.endswith((".github.com", ".githubusercontent.com", ".github.io")):
        path = parts.path
        if host == "github.com" and (path.startswith("/user-attachments/files/")
                                     or path.lower().startswith(f"/{repository.lower()}/files/")):
            return None
        return "från GitHub hämtas bara filer som bifogats i ärendet"
    return None


def read_request(event: dict[str, Any], fields: dict[str, dict[str, Any]], municipalities: Municipalities,
                 this_year: int) -> ReportRequest:
    """The report the issue in ``event`` (a GitHub ``issues`` event) asks to import; ``FormError``
    with what is wrong otherwise."""
    issue = event.get("issue") or {}
    number = issue.get("number")
    if not isinstance(number, int):
        raise FormError("händelsen gäller inget ärende")
    repository = str((event.get("repository") or {}).get("full_name") or routes.REPOSITORY.split("github.com/")[1])
    given = answers(str(issue.get("body") or ""), fields)
    problems: list[str] = []

    municipality = None
    if not given.get("kommun"):
        problems.append("Kommunen saknas: skriv kommunens namn i fältet Kommun.")
    else:
        try:
            municipality = find_municipality(municipalities, given["kommun"].splitlines()[0][:100])
        except LookupError as exc:
            problems.append(f"Kommunen: {exc}.")

    year = None
    raw_year = (given.get("ar") or "").strip()
    if not re.fullmatch(r"\d{4}", raw_year):
        problems.append("Året saknas eller är inte ett årtal med fyra siffror (t.ex. 2019).")
    elif not FIRST_YEAR <= int(raw_year) <= this_year:
        problems.append(f"Året {raw_year} är inte möjligt: Kommunkompassens utvärderingar är gjorda "
                        f"{FIRST_YEAR}–{this_year}.")
    else:
        year = int(raw_year)

    consent = fields.get("samtycke")
    if consent is not None:
        ticked = {m.group(1) for m in _TICKED.finditer(given.get("samtycke") or "")}
        if not all(o["label"] in ticked for o in consent["options"] if o.get("required")):
            problems.append("Rutan om att rapporten är offentlig är inte ikryssad; utan den importeras inget.")

    attached = [u.rstrip(".,;:!?") for u in _URL.findall(given.get("rapport") or "")]
    linked = [u.rstrip(".,;:!?") for u in _URL.findall(given.get("lank") or "")]
    candidates = [(u, True) for u in dict.fromkeys(attached)] + [(u, False) for u in dict.fromkeys(linked)]
    url, refused = None, []
    for candidate, is_attachment in candidates:
        why = allowed_url(candidate, repository)
        if why is None:
            if url is None:
                url = (candidate, is_attachment)
        else:
            refused.append(f"{candidate}: {why}")
    if url is None:
        if refused:
            problems.append("Rapporten kan inte hämtas: " + "; ".join(refused) + ".")
        else:
            problems.append("Rapporten saknas: bifoga PDF-filen i fältet Rapporten som PDF, eller ange en länk "
                            "som börjar med https://.")
    if problems:
        raise FormError("\n".join(problems))
    sender = " ".join((given.get("avsandare") or "").split())[:200] or None
    ignored = tuple(u for u, _ in candidates if u != url[0])
    return ReportRequest(number, municipality, year, url[0], url[1], sender, ignored)
