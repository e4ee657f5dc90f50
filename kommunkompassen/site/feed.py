"""The Atom feed of evaluations added or changed (RFC 4287), newest first.

Each evaluation is dated by its data files' Git history (``loading.history``): when its files
were added and when its content (values, report text) last changed; a reformat, a note or a
bulk commit is no change. Without a history (a copy outside Git) an entry is dated by the
evaluation itself (its report date, else its month or year) and says so. Never the clock: two
builds of one commit write the same feed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import Mapping, Optional

from kommunkompassen import routes
from kommunkompassen.domain.archive import Archive, Evaluation
from kommunkompassen.domain.claims import version_label
from kommunkompassen.domain.language import decimal_text
from kommunkompassen.loading.history import FileDates

ATOM = "http://www.w3.org/2005/Atom"
TITLE = "Kommunkompassens utvärderingar: nya och ändrade utvärderingar"
SUBTITLE = ("Varje utvärdering som läggs till eller ändras på webbplatsen, daterad efter när den lades till "
            "och när dess värden eller rapportens text senast ändrades (inte anmärkningar, källor eller format).")
# Permanent identifiers (RFC 4151 tag URIs): they stay the same if the site moves.
FEED_ID = "tag:kommunkompassen.github.io,2026:utvarderingar"


def entry_id(key: str) -> str:
    return f"{FEED_ID}/{key}"


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d")


def _writable(seconds: int) -> bool:
    """A date the feed can write (RFC 3339 has four-digit years); anything else is not a date."""
    return 0 <= seconds < 253402300800  # 1970 up to the end of 9999


def _own_date(ev: Evaluation) -> int:
    """The evaluation's own date: its report's, else the first of its month, else of its year."""
    if ev.data.report_date:
        y, m, d = (int(p) for p in ev.data.report_date.split("-"))
    else:
        month = ev.data.month.value if ev.data.month is not None and ev.data.month.known else 1
        y, m, d = ev.year, month, 1
    return int(datetime(y, m, d, tzinfo=timezone.utc).timestamp())


def evaluation_dates(ev: Evaluation, history: Mapping[str, FileDates]) -> tuple[int, Optional[int]]:
    """(updated, published) of an evaluation's entry; published is None without a history."""
    known = [history[f] for f in (ev.yaml_file, ev.md_file) if f and f in history
             and _writable(history[f].added) and _writable(history[f].changed)]
    if not known:
        return _own_date(ev), None
    return max(d.changed for d in known), min(d.added for d in known)


def newest_date(archive: Archive, history: Mapping[str, FileDates]) -> str:
    """The day of the newest change to any evaluation (as the feed dates it), ``YYYY-MM-DD``;
    empty without evaluations."""
    dates = [evaluation_dates(ev, history)[0] for ev in archive.evaluations]
    return _day(max(dates)) if dates else ""


def _summary(ev: Evaluation, updated: int, published: Optional[int]) -> str:
    total = ev.data.total
    score = (f"{decimal_text(total.value)} av {ev.framework.max_total} poäng" if total is not None and total.known
             else "totalpoäng saknas i källorna")
    when = ("Utan versionshistorik: daterad efter utvärderingen." if published is None
            else f"Ny på webbplatsen {_day(published)}." if published == updated
            else f"Ändrad {_day(updated)} (ny på webbplatsen {_day(published)}).")
    return f"{ev.title}: {score}, {version_label(ev)}. {when}"


def atom_feed(archive: Archive, history: Mapping[str, FileDates], site_url: str = "") -> str:
    """The feed's XML. Links are absolute under ``site_url`` (relative without one)."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    dated = []
    for ev in archive.evaluations:
        updated, published = evaluation_dates(ev, history)
        dated.append((updated, published, ev))
    dated.sort(key=lambda item: (-item[0], item[2].key))
    ET.register_namespace("", ATOM)

    def sub(parent, tag: str, text: Optional[str] = None, **attrs) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})
    sub(feed, "id", FEED_ID)
    sub(feed, "title", TITLE)
    sub(feed, "subtitle", SUBTITLE)
    sub(feed, "updated", _iso(dated[0][0]) if dated else "1970-01-01T00:00:00Z")
    sub(feed, "link", rel="alternate", type="text/html", href=base + routes.EVALUATIONS_PAGE)
    if base:
        sub(feed, "link", rel="self", type="application/atom+xml", href=base + routes.FEED)
    author = sub(feed, "author")
    sub(author, "name", "Kommunkompassens utvärderingar")
    sub(author, "uri", routes.REPOSITORY)
    sub(feed, "rights", "Data från SKR:s rapporter och kommunernas sidor, med källa på varje sida.")
    for updated, published, ev in dated:
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(ev.key))
        sub(entry, "title", ev.title)
        sub(entry, "updated", _iso(updated))
        if published is not None:
            sub(entry, "published", _iso(published))
        sub(entry, "link", rel="alternate", type="text/html", href=base + ev.url)
        sub(entry, "category", term=ev.framework.id, label=ev.framework.name)
        sub(entry, "summary", _summary(ev, updated, published), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
