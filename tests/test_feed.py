"""The Atom feed of evaluations added or changed: valid Atom (RFC 4287), newest first, dated by the
data files' history (never the build's clock), linked from the start page and the data page."""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import sourcefacts

from kommunkompassen.loading.history import FileDates, data_file_dates
from kommunkompassen.site.feed import atom_feed

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


def check_atom(xml: str) -> ET.Element:
    """The feed's root after checking RFC 4287's rules for a feed and its entries (section 4.1)."""
    feed = ET.fromstring(xml.encode("utf-8"))
    assert feed.tag == f"{A}feed"

    def one(el: ET.Element, tag: str) -> ET.Element:
        found = el.findall(f"{A}{tag}")
        assert len(found) == 1, f"{el.tag} must have exactly one atom:{tag}, has {len(found)}"
        assert (found[0].text or "").strip() or tag == "link", f"atom:{tag} is empty"
        return found[0]

    for tag in ("id", "title", "updated"):
        one(feed, tag)
    assert RFC3339.match(one(feed, "updated").text)
    feed_has_author = bool(feed.findall(f"{A}author"))
    for author in feed.iter(f"{A}author"):
        one(author, "name")
    ids = [one(feed, "id").text]
    for entry in feed.findall(f"{A}entry"):
        for tag in ("id", "title", "updated"):
            one(entry, tag)
        assert RFC3339.match(one(entry, "updated").text)
        for published in entry.findall(f"{A}published"):
            assert RFC3339.match(published.text) and published.text <= one(entry, "updated").text
        assert feed_has_author or entry.findall(f"{A}author"), "every entry needs an author"
        alternates = [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        assert alternates or entry.findall(f"{A}content"), "an entry without content needs an alternate link"
        assert len({(link.get("type"), link.get("hreflang")) for link in alternates}) == len(alternates)
        assert entry.findall(f"{A}summary") or entry.findall(f"{A}content")
        ids.append(one(entry, "id").text)
    assert len(ids) == len(set(ids)), "ids must be unique"
    for link in feed.iter(f"{A}link"):
        assert link.get("href"), "atom:link needs href"
    return feed


def git(repo: Path, *args: str, when: int) -> None:
    stamp = f"@{when} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_an_evaluation_is_dated_by_when_its_files_were_added_and_last_changed(tmp_path):
    repo = tmp_path / "project"
    folder = repo / "data" / "evaluations"
    folder.mkdir(parents=True)
    git(repo, "init", "-q", when=0)
    (folder / "arvika-2014.yaml").write_text("year: 2014\n", encoding="utf-8")
    git(repo, "add", ".", when=0)
    git(repo, "commit", "-q", "-m", "add", when=1_700_000_000)
    (folder / "arvika-2014.yaml").write_text("year: 2014\ntotal: 400\n", encoding="utf-8")
    (folder / "arvika-2021.yaml").write_text("year: 2021\n", encoding="utf-8")
    (repo / "README.md").write_text("not data\n", encoding="utf-8")
    git(repo, "add", ".", when=0)
    git(repo, "commit", "-q", "-m", "change", when=1_700_086_400)
    assert data_file_dates(repo) == {
        "data/evaluations/arvika-2014.yaml": FileDates(1_700_000_000, 1_700_086_400),
        "data/evaluations/arvika-2021.yaml": FileDates(1_700_086_400, 1_700_086_400),
    }
    assert data_file_dates(tmp_path) == {}  # no checkout, no history


def test_the_feed_lists_changes_newest_first_and_says_what_changed(fixture_archive):
    history = {"data/evaluations/arvika-2014.yaml": FileDates(1_700_000_000, 1_700_086_400),
               "data/evaluations/arvika-2021.yaml": FileDates(1_700_172_800, 1_700_172_800)}
    feed = check_atom(atom_feed(fixture_archive, history, "https://example.org/kk/"))
    entries = feed.findall(f"{A}entry")
    assert len(entries) == len(fixture_archive.evaluations)
    first, second = entries[0], entries[1]
    assert first.find(f"{A}title").text == "Arvika 2021"
    assert first.find(f"{A}updated").text == "2023-11-16T22:13:20Z"
    assert first.find(f"{A}link").get("href") == "https://example.org/kk/kommuner/arvika/2021/"
    assert first.find(f"{A}summary").text == (
        "Arvika 2021: 610 av 800 poäng, Kommunkompassen 2020. Ny på webbplatsen 2023-11-16.")
    assert second.find(f"{A}summary").text == (
        "Arvika 2014: 400 av 800 poäng, Kommunkompassen 2010. Ändrad 2023-11-15 (ny på webbplatsen 2023-11-14).")
    assert feed.find(f"{A}updated").text == "2023-11-16T22:13:20Z"
    # Without a history an entry is dated by the evaluation itself, and says so.
    boden = next(e for e in entries if e.find(f"{A}title").text == "Boden 2017")
    assert boden.find(f"{A}updated").text.startswith("2017-")
    assert boden.find(f"{A}summary").text.endswith("Utan versionshistorik: daterad efter utvärderingen.")
    assert boden.find(f"{A}published") is None


def test_the_feed_is_the_same_whenever_it_is_written(fixture_archive):
    assert atom_feed(fixture_archive, {}, "https://example.org/") == atom_feed(fixture_archive, {}, "https://example.org/")


def test_the_published_feed_has_every_evaluation_and_links_to_its_page(built_site):
    xml = (built_site / "data" / "utvarderingar.atom").read_text(encoding="utf-8")
    feed = check_atom(xml)
    entries = feed.findall(f"{A}entry")
    assert sorted(e.find(f"{A}title").text for e in entries) == sorted(
        f"{e.name} {e.year}" for e in sourcefacts.evaluations())
    updated = [e.find(f"{A}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    site_url = next(link.get("href") for link in feed.findall(f"{A}link") if link.get("rel") == "self")
    base = site_url.removesuffix("data/utvarderingar.atom")
    for entry in entries:
        href = entry.find(f"{A}link").get("href")
        assert (built_site / href.removeprefix(base) / "index.html").exists(), href


def test_the_feed_is_linked_from_the_start_page_and_the_data_page(built_site):
    start = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="data/utvarderingar.atom">Följ nya och ändrade utvärderingar (Atom-flöde)</a>' in start
    data = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert '<a href="utvarderingar.atom">utvarderingar.atom</a>' in data


def test_only_a_change_of_values_or_text_in_few_evaluations_dates_an_evaluation_as_changed(tmp_path):
    repo = tmp_path / "project"
    folder = repo / "data" / "evaluations"
    folder.mkdir(parents=True)
    git(repo, "init", "-q", when=0)

    def commit(when: int, **files: str) -> None:
        for name, text in files.items():
            (folder / name.replace("_", "-", 1).replace("_", ".")).write_text(text, encoding="utf-8")
        git(repo, "add", ".", when=0)
        git(repo, "commit", "-q", "-m", "x", when=when)

    day = 86_400
    commit(1_700_000_000, arvika_2014_yaml="year: 2014\ntotal: 400\n", arvika_2014_md="## Område 1: Styrning\n\nText.\n")
    # Reformatted, a note and a source added, key order changed: the same values.
    commit(1_700_000_000 + day, arvika_2014_yaml=(
        "# a comment\ntotal:\n  value: 400\n  note: Enligt rapporten.\nyear: 2014\n"
        "sources:\n- title: Rapporten\n  used_for: Allt.\n"))
    # A new value, but in a bulk commit with eleven more evaluations: not a change of Arvika's.
    commit(1_700_000_000 + 2 * day, arvika_2014_yaml="year: 2014\ntotal: 410\n",
           **{f"boden_{2000 + n}_yaml": f"year: {2000 + n}\n" for n in range(11)})
    # The report's text with other line breaks only; then with other words.
    commit(1_700_000_000 + 3 * day, arvika_2014_md="## Område 1:   Styrning\n\nText.\n\n")
    commit(1_700_000_000 + 4 * day, arvika_2014_md="## Område 1: Styrning\n\nAnnan text.\n")
    dates = data_file_dates(repo)
    assert dates["data/evaluations/arvika-2014.yaml"] == FileDates(1_700_000_000, 1_700_000_000)
    assert dates["data/evaluations/arvika-2014.md"] == FileDates(1_700_000_000, 1_700_000_000 + 4 * day)
    assert dates["data/evaluations/boden-2003.yaml"] == FileDates(1_700_000_000 + 2 * day, 1_700_000_000 + 2 * day)
    # One value changed outside a bulk commit dates the evaluation as changed.
    commit(1_700_000_000 + 5 * day, arvika_2014_yaml="year: 2014\ntotal: 420\n")
    assert data_file_dates(repo)["data/evaluations/arvika-2014.yaml"].changed == 1_700_000_000 + 5 * day


def test_a_commit_dated_by_a_wrong_clock_dates_nothing_and_warns(tmp_path, caplog, fixture_archive):
    """A committer's clock can say 2099 or 1990: the history leaves such commits out, with a warning,
    so the feed is never dated in the future and nothing fails on a date past 2106."""
    from kommunkompassen.adapters.mkdocs import source_date_epoch
    from kommunkompassen.loading.history import year_start

    repo = tmp_path / "project"
    folder = repo / "data" / "evaluations"
    folder.mkdir(parents=True)
    git(repo, "init", "-q", when=0)
    (folder / "arvika-2014.yaml").write_text("year: 2014\n", encoding="utf-8")
    git(repo, "add", ".", when=0)
    git(repo, "commit", "-q", "-m", "before the first evaluation", when=631_152_000)  # 1990
    (folder / "arvika-2014.yaml").write_text("year: 2014\ntotal: 400\n", encoding="utf-8")
    git(repo, "add", ".", when=0)
    git(repo, "commit", "-q", "-m", "sane", when=1_700_000_000)
    (folder / "arvika-2021.yaml").write_text("year: 2021\n", encoding="utf-8")
    git(repo, "add", ".", when=0)
    git(repo, "commit", "-q", "-m", "year 2128", when=5_000_000_000)
    bounds = (year_start(2002), 1_800_000_000)
    with caplog.at_level("WARNING", logger="kommunkompassen.history"):
        history = data_file_dates(repo, *bounds)
        epoch = source_date_epoch(repo)
    assert history == {"data/evaluations/arvika-2014.yaml": FileDates(1_700_000_000, 1_700_000_000)}
    warnings = [r.getMessage() for r in caplog.records]
    assert any("2128-" in w and "efter bygget" in w for w in warnings), warnings
    assert any("1990-01-01" in w and "före den första utvärderingen" in w for w in warnings), warnings
    assert epoch is None, "a HEAD commit dated after the build does not date the pages"
    feed = check_atom(atom_feed(fixture_archive, {**history, "data/evaluations/arvika-2021.yaml":
                                                  FileDates(5_000_000_000, 99_999_999_999_999)}))
    assert feed.find(f"{A}updated").text < "2030", "a date from a wrong clock never dates the feed"
