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
