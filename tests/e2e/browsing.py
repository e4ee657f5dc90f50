"""Shared by the browser tests: the page kinds, a static server, Chromium's settings, a browser tab."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pagekinds import visits

CHROMIUM = Path(os.environ.get("KK_CHROMIUM", "/usr/bin/chromium"))
# Headless on a machine without network: no background connections, no GPU, no sandbox (root).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_HINT = "run scripts/install-test-deps.sh as root (./dev test runs it)"
# The path of the published site (mkdocs.yml site_url).
SITE_PREFIX = urlsplit(re.search(r"^site_url:\s*(\S+)", (Path(__file__).resolve().parents[2] / "mkdocs.yml")
                                 .read_text(encoding="utf-8"), re.M).group(1)).path

# One page of each kind drawn with the site's theme (routes.PAGE_KINDS), as a reader reaches it;
# ALL_PAGE_KINDS adds the plain pages (an embed page) for the checks that read any HTML (axe).
PAGE_KINDS = visits(themed_only=True)
ALL_PAGE_KINDS = visits()


# Pages that write part of themselves with a script set data-ready on this element when done.
SCRIPTED = "#kk-jamforelse"


def settle(page) -> None:
    """Wait until a page's own script has written what it fetches (the comparison's table)."""
    page.wait_for_function(f"!document.querySelector('{SCRIPTED}') || "
                           f"document.querySelector('{SCRIPTED}').dataset.ready === '1'")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path):
        # The not-found page links its assets by the published absolute path (site_url's
        # /kommunkompassen/), as it is shown at any address; serve those from the root too.
        if path.startswith(SITE_PREFIX):
            path = "/" + path[len(SITE_PREFIX):]
        return super().translate_path(path)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # Chromium drops connections it no longer needs (a page left while an image loads):
        # not an error of the site, and its traceback would hide real output.
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class SiteServer:
    """A built site on http://127.0.0.1:<free port>/, served from a thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Visit:
    """A browser tab, and what it did that a reader would not expect."""

    page: object
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


def open_tab(browser, width: int = 1280, height: int = 800) -> Visit:
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": height})
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit = Visit(page)

    def on_dialog(dialog):
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(request):
        if urlsplit(request.url).hostname not in ("127.0.0.1", None) and not request.url.startswith("data:"):
            visit.foreign_requests.append(request.url)

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: visit.errors.append(str(exc)))
    page.on("request", on_request)
    return visit
