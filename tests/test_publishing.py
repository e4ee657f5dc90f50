"""Publishing and contributing: edit links open the data file, serve watches data/, the guide is linked."""

from __future__ import annotations

import importlib.util
import re
from types import SimpleNamespace

from projectcopy import ROOT

EDIT = re.compile(r'<a href="([^"]+)" title="([^"]+)" aria-label="[^"]+" class="md-content__button md-icon" rel="edit"')


def edit_link(html: str) -> str:
    match = EDIT.search(html)
    assert match, "sidan saknar Redigera-länk"
    return match.group(1)


def edit_title(html: str) -> str:
    return EDIT.search(html).group(2)


def test_redigera_on_an_evaluation_page_opens_its_yaml_file(built_site):
    html = (built_site / "kommuner" / "amal" / "2019" / "index.html").read_text(encoding="utf-8")
    assert edit_link(html) == ("https://github.com/kommunkompassen/kommunkompassen/edit/main/"
                               "data/evaluations/amal-2019.yaml")


def test_redigera_on_a_report_text_page_opens_its_markdown_file(built_site):
    html = (built_site / "kommuner" / "amal" / "2019" / "rapport" / "index.html").read_text(encoding="utf-8")
    assert edit_link(html) == ("https://github.com/kommunkompassen/kommunkompassen/edit/main/"
                               "data/evaluations/amal-2019.md")


def test_redigera_on_a_hand_written_page_opens_its_markdown(built_site):
    html = (built_site / "om-webbplatsen" / "index.html").read_text(encoding="utf-8")
    assert edit_link(html).endswith("/edit/main/docs/om-webbplatsen.md")
    assert edit_title(html) == "Föreslå en ändring av texten på GitHub"


def test_the_pencil_says_it_corrects_the_data_and_is_not_on_pages_made_from_many_files(built_site):
    evaluation = (built_site / "kommuner" / "amal" / "2019" / "index.html").read_text(encoding="utf-8")
    assert edit_title(evaluation) == "Rätta en uppgift: ändra datafilen bakom sidan på GitHub"
    for page in ("index.html", "kommuner/amal/index.html", "utvarderingar/index.html", "statistik/index.html"):
        assert 'rel="edit"' not in (built_site / page).read_text(encoding="utf-8"), page


def test_the_json_schema_is_published(built_site):
    assert (built_site / "data" / "utvardering.schema.json").read_text(encoding="utf-8").startswith("{")


class FakeServer:
    def __init__(self):
        self.watched: list[str] = []

    def watch(self, path, *args, **kwargs):
        self.watched.append(str(path))


def test_mkdocs_serve_rebuilds_when_a_data_file_changes():
    spec = importlib.util.spec_from_file_location("kk_hook", ROOT / "hooks" / "kommunkompassen_hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    server = FakeServer()
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))
    hook.on_serve(server, config, builder=None)
    assert str(ROOT / "data") in server.watched


def test_om_webbplatsen_links_the_contributor_guide():
    page = (ROOT / "docs" / "om-webbplatsen.md").read_text(encoding="utf-8")
    assert "https://github.com/kommunkompassen/kommunkompassen/blob/main/CONTRIBUTING.md" in page
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for command in ("scripts/new_evaluation.py", "scripts/import_report.py", "./dev check", "./dev test",
                    "./dev serve", "data/README.md"):
        assert command in guide


def test_pull_requests_are_checked_and_main_is_published():
    pr = (ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    for step in ("./dev check", "./dev test", "./dev build"):
        assert step in pr
    publish = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "actions/upload-pages-artifact" in publish and "actions/deploy-pages" in publish
