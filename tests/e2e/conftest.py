"""Browser fixtures: the built site served on 127.0.0.1 and one headless Chromium per test worker.

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright; ``playwright install``
cannot download browsers here. ``scripts/install-test-deps.sh`` (run by ``./dev test``)
installs it. A missing browser fails the tests with a message; they never skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.browsing import CHROMIUM, CHROMIUM_ARGS, INSTALL_HINT, SiteServer, open_tab

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script (tests/e2e/node_modules, installed by scripts/install-test-deps.sh)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed ({AXE}): {INSTALL_HINT}", pytrace=False)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def server(built_site) -> SiteServer:
    """The real site (``built_site``) on http://127.0.0.1."""
    server = SiteServer(built_site)
    yield server
    server.close()


@pytest.fixture(scope="session")
def grown_server(grown) -> SiteServer:
    """The grown copy's site (``grown``: the real archive plus generated pairs of every version)."""
    server = SiteServer(grown[1])
    yield server
    server.close()


@pytest.fixture(scope="session")
def hostile_server(hostile_site) -> SiteServer:
    server = SiteServer(hostile_site)
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: {INSTALL_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install -r requirements.txt", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser):
    visit = open_tab(browser)
    yield visit
    visit.page.context.close()


@pytest.fixture
def phone(browser):
    visit = open_tab(browser, width=375, height=740)
    yield visit
    visit.page.context.close()
