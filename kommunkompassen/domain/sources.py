"""How a source is named when only its address is known."""

from __future__ import annotations

from urllib.parse import urlsplit


def source_title(url: str) -> str:
    """A web page's host as its readers know it: 'https://www.amal.se/x' -> 'amal.se' (IDNA decoded)."""
    host = urlsplit(url).hostname or url
    try:
        host = host.encode("ascii").decode("idna")
    except UnicodeError:
        pass
    return host.removeprefix("www.")


def _plain_slug(slug: str) -> str:
    """A municipality's slug without the code two names that look alike get ('habo-0305' -> 'habo')."""
    head, _, tail = slug.rpartition("-")
    return head if tail.isdigit() and head else slug


def municipalities_named(url: str, municipalities) -> list:
    """The municipalities a page's address names: its own site (``kumla.se``,
    ``blogg.orebro.se``, ``mynewsdesk.com/se/helsingborg/``) or a report's title in the address
    (``docplayer.se/…-kommunkompassen-bengtsfors-kommun-2015-…``). ``municipalities``: the
    reference list (``domain.municipalities.Municipalities``)."""
    parts = urlsplit(url.lower())
    host_labels = (parts.hostname or "").split(".")[:-1]
    segments = [s for s in parts.path.split("/") if s]
    path = parts.path.replace("_", "-")
    found = []
    for m in municipalities:
        slug = _plain_slug(m.slug)
        if (slug in host_labels or slug in segments
                or any(f"{lead}{slug}-" in path for lead in ("kompassen-", "analys-av-", "kompassen-region-"))):
            found.append(m)
    return found


def other_municipality(url: str, code: str, municipalities):
    """The municipality whose page (or report) ``url`` is, when that is not the municipality
    ``code``; None when the page is the municipality's own or nobody's (a newspaper, SKR)."""
    named = municipalities_named(url, municipalities)
    if any(m.code == code for m in named):
        return None
    return named[0] if named else None


def on_own_site(url: str, municipality) -> bool:
    """Whether ``url`` is on the municipality's own web site (``kumla.se``, ``blogg.orebro.se``)."""
    labels = (urlsplit(url.lower()).hostname or "").split(".")[:-1]
    return _plain_slug(municipality.slug) in labels
