"""The HTML of one page of each kind validates with the Nu Html Checker (vnu), the W3C's validator.

vnu.jar comes from npm (tests/e2e/package.json, installed by scripts/install-test-deps.sh)
and runs on Java. What remains is markup of the mkdocs-material theme itself, listed below
with the reason it is accepted.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from pagekinds import examples, html_file
from sitebuild import ROOT, shared_once

from kommunkompassen import routes

VNU = ROOT / "tests" / "e2e" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "run scripts/install-test-deps.sh as root (./dev test runs it)"

# One page of every kind in routes.PAGE_KINDS (tests/pagekinds.py), as a built file.
PAGES = {kind: html_file(address) for kind, address in examples().items()}

# Findings in mkdocs-material's own markup (its base.html and partials), each with why it stays.
# A finding matches when its message starts with the first text and its source extract
# contains the second.
THEME_EXCEPTIONS = [
    # The theme's hidden checkboxes that open the menu and the search (data-md-toggle) carry
    # autocomplete="off" so that Firefox does not restore them open after a reload. Browsers
    # ignore the attribute on a checkbox otherwise; it changes nothing for a reader.
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    # On pages outside the navigation (every generated page, see not_in_nav in mkdocs.yml) the
    # theme writes the table of contents' title as <label for="__toc"> but renders the __toc
    # checkbox only for pages in the navigation. The label toggles nothing; the contents list
    # itself is ordinary links and works.
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     'for="__toc"'),
]


def theme_exception(message: dict) -> bool:
    return any(message.get("message", "").startswith(start) and part in message.get("extract", "")
               for start, part in THEME_EXCEPTIONS)


def run_vnu(site, pages: list[str], tmp_path_factory, name: str) -> list[dict]:
    """The checker's findings on ``pages`` of ``site``, from one run of Java shared by the test workers."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"Java is not installed, the HTML checker needs it: {INSTALL_HINT}", pytrace=False)
    if not VNU.exists():
        pytest.fail(f"The Nu Html Checker is not installed ({VNU}): {INSTALL_HINT}", pytrace=False)

    def check(out):
        files = [str(site / page) for page in pages]
        result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
                                capture_output=True, text=True, timeout=300)
        (out / "messages.json").write_text(result.stderr, encoding="utf-8")

    report = shared_once(tmp_path_factory, name, check) / "messages.json"
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    for m in messages:
        m["page"] = m.get("url", "").split(str(site), 1)[-1].lstrip("/")
    return messages


@pytest.fixture(scope="module")
def vnu_messages(built_site, tmp_path_factory) -> list[dict]:
    return run_vnu(built_site, list(PAGES.values()), tmp_path_factory, "vnu")


def errors(messages: list[dict], page: str) -> list[str]:
    found = [m for m in messages if m["page"] == page and m["type"] in ("error", "info")
             and (m["type"] == "error" or m.get("subType") == "warning") and not theme_exception(m)]
    return [f"{page}: line {m.get('lastLine')}: {m['type']}: {m['message']}\n    {m.get('extract', '').strip()}"
            for m in found]


@pytest.mark.parametrize("kind", PAGES)
def test_page_is_valid_html(vnu_messages, kind):
    report = errors(vnu_messages, PAGES[kind])
    assert report == [], "\n".join(report)


def grown_pages(site) -> list[str]:
    """The pages the generated pairs of every version add to the grown copy (``grown.py``):
    each evaluation page, the report text and the plan of each full report, each version's
    page and the ready-made comparisons that involve a generated evaluation."""
    from grown import PAIRS

    pages = []
    for pair in PAIRS:
        pages.append(f"{pair.url}index.html")
        if pair.kind in ("text", "second"):
            pages += [f"{pair.url}rapport/index.html", f"{pair.url}forbattringsplan/index.html"]
    pages += sorted({f"omraden/{pair.version}/index.html" for pair in PAIRS})
    keys = {pair.key for pair in PAIRS}
    pages += sorted(p.relative_to(site).as_posix() for p in (site / "jamfor").glob("*--*/index.html")
                    if keys & set(p.parent.name.split("--")))
    return pages


def test_the_pages_that_valid_pairs_of_every_version_add_are_valid_html(grown, tmp_path_factory):
    site = grown[1]
    pages = grown_pages(site)
    messages = run_vnu(site, pages, tmp_path_factory, "vnu-grown")
    assert [m for m in messages if m["type"] == "non-document-error"] == []
    assert {m["page"] for m in messages} == set(pages)  # every page was read (the theme's findings)
    report = [line for page in pages for line in errors(messages, page)]
    assert report == [], "\n".join(report)


def test_the_checker_read_every_page_and_each_exception_is_still_needed(vnu_messages):
    assert [m for m in vnu_messages if m["type"] == "non-document-error"] == []
    # Every page drawn with the theme has its checkboxes, so one without findings was not checked.
    themed = {PAGES[k.name] for k in routes.PAGE_KINDS if k.themed}
    assert {m["page"] for m in vnu_messages} == themed
    for start, part in THEME_EXCEPTIONS:
        assert any(m.get("message", "").startswith(start) and part in m.get("extract", "") for m in vnu_messages), \
            f"the theme no longer causes '{start}': remove its exception"
