"""Every path and address of the project, in one place.

Three kinds of names live here, and nowhere else:

- **repository paths**: where data files, reference files, the cache and the start page are
  (relative to the project root);
- **site addresses** (URLs relative to the site root, always ending in ``/`` for a page):
  what a reader sees and bookmarks. They are permanent: change one only with a redirect;
- the **source path** of each generated page (what a site generator is handed, e.g.
  ``kommuner/amal/2019.md`` for ``kommuner/amal/2019/``), its **edit link** (the data file
  behind it) and whether it is listed in the navigation.

Page jobs, links between pages, chart and data-file names and the adapter's edit links are
all derived from these functions, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Optional
from urllib.parse import quote, urlencode

# --- repository paths (relative to the project root) ------------------------------------

DATA = PurePosixPath("data")
EVALUATIONS = DATA / "evaluations"
FRAMEWORKS = DATA / "frameworks"
CROSSWALKS = FRAMEWORKS / "crosswalks"  # pairs of equivalent sub-questions and areas across versions
REFERENCE = DATA / "reference"
MUNICIPALITIES_CSV = REFERENCE / "municipalities.csv"
MUNICIPALITY_SHAPES = REFERENCE / "municipalities.geojson"
PUBLISHED_RESULTS = REFERENCE / "published-results.yaml"
UNDATED = DATA / "undated.yaml"
FACTS = DATA / "facts.yaml"
DOCS = PurePosixPath("docs")
START_PAGE = DOCS / "index.md"
SCHEMA_FILE = DOCS / "data" / "utvardering.schema.json"
# From a file in data/evaluations/ to the schema, for editors that read the first line.
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../docs/data/utvardering.schema.json"
CHART_CACHE = PurePosixPath(".cache") / "kommunkompassen" / "charts"
# What `serve` watches besides docs/ and mkdocs.yml.
WATCHED = (DATA, PurePosixPath("kommunkompassen"))


def evaluation_files(key: str) -> tuple[PurePosixPath, PurePosixPath]:
    """The pair of files of one evaluation: facts and scores, and the report's text."""
    return EVALUATIONS / f"{key}.yaml", EVALUATIONS / f"{key}.md"


def evaluation_key(municipality_slug: str, year: int) -> str:
    """The name of an evaluation's files and data documents: ``amal-2019``."""
    return f"{municipality_slug}-{year}"


# --- site addresses ---------------------------------------------------------------------

EVALUATIONS_PAGE = "utvarderingar/"
MUNICIPALITIES_PAGE = "kommuner/"
WITHOUT_EVALUATION_PAGE = "kommuner/utan-utvardering/"
MISSING_REPORTS_PAGE = "utvarderingar/saknade-rapporter/"
FRAMEWORKS_PAGE = "omraden/"
EXAMPLES_PAGE = "goda-exempel/"
MAP_PAGE = "karta/"
STATISTICS_PAGE = "statistik/"
DATA_PAGE = "data/"
COMPARE_PAGE = "jamfor/"  # any two or three evaluations side by side (a script reads ?u=key,key)

# Open data, under the site root.
EVALUATIONS_CSV = "data/utvarderingar.csv"
SCORES_CSV = "data/poang.csv"
VALUES_CSV = "data/varden.csv"
WORKBOOK = "data/kommunkompassen.xlsx"
ALL_JSON = "data/utvarderingar.json"
DATAPACKAGE = "data/datapackage.json"
DCAT = "data/dcat.rdf"  # the same data set described for Sweden's data portal (DCAT-AP-SE)
SCHEMA_URL_PATH = "data/utvardering.schema.json"
FEED = "data/utvarderingar.atom"  # Atom feed of evaluations added or changed
COMPARE_DATA = "jamfor/jamforelse.json"  # what the comparison page's script needs besides each evaluation's JSON (not open data)
COMPARE_SCRIPT = "javascripts/jamfor.js"  # docs/javascripts/jamfor.js
# The site's search: Pagefind's index of the built site (site/search_index.py), written after the
# pages, and the search box's script (docs/javascripts/sok.js) that loads it on the first search.
SEARCH_BUNDLE = "pagefind/"
SEARCH_SCRIPT = "javascripts/sok.js"
# Built pages the index reads area by area (a report's text: long, and one record per page
# would make each result fetch the whole report); their route says ``search_sections``.
SECTION_SEARCHED = "kommuner/*/*/rapport/index.html"


def kolada_url(code: str) -> str:
    """Kolada's open data about a municipality (its API names a municipality by its code)."""
    return f"https://api.kolada.se/v2/municipality/{code}"


def municipality_url(slug: str) -> str:
    return f"kommuner/{slug}/"


def evaluation_url(municipality_slug: str, year: int) -> str:
    return f"kommuner/{municipality_slug}/{year}/"


def report_url(municipality_slug: str, year: int) -> str:
    """The page with an evaluation's report text."""
    return f"{evaluation_url(municipality_slug, year)}rapport/"


def plan_url(municipality_slug: str, year: int) -> str:
    """An evaluation's improvement plan: its weakest areas and sub-questions and their role models."""
    return f"{evaluation_url(municipality_slug, year)}forbattringsplan/"


def framework_url(framework_id: str) -> str:
    return f"omraden/{framework_id}/"


def area_url(framework_id: str, number: int) -> str:
    return f"omraden/{framework_id}/{number}/"


def question_slug(qid: str) -> str:
    return qid.replace(".", "-")


def question_url(framework_id: str, qid: str) -> str:
    return f"goda-exempel/{framework_id}/{question_slug(qid)}/"


def compare_url(keys: tuple[str, ...] | list[str]) -> str:
    """A ready-made comparison, readable without a script: ``jamfor/amal-2004--amal-2019/``."""
    return f"{COMPARE_PAGE}{'--'.join(keys)}/"


def compare_permalink(keys: tuple[str, ...] | list[str]) -> str:
    """Any comparison, as the comparison page's script reads it: ``jamfor/?u=amal-2019,koping-2017``."""
    return f"{COMPARE_PAGE}?u={','.join(keys)}"


def evaluation_json_url(key: str) -> str:
    return f"data/utvarderingar/{key}.json"


# Charts (SVG), under the site root.
def evaluation_areas_chart(key: str) -> str:
    return f"grafik/kommuner/{key}-omraden.svg"


def municipality_totals_chart(slug: str) -> str:
    return f"grafik/kommuner/{slug}-totalpoang.svg"


def framework_totals_chart(framework_id: str) -> str:
    return f"grafik/omraden/{framework_id}-totalpoang.svg"


def area_distribution_chart(framework_id: str, number: int) -> str:
    return f"grafik/omraden/{framework_id}-{number}.svg"


ALL_TOTALS_CHART = "grafik/statistik-totalpoang.svg"


# Share cards (PNG, 1200 x 630): the picture a link to a page previews with.
SITE_CARD = "grafik/kort/webbplatsen.png"


def evaluation_card(key: str) -> str:
    return f"grafik/kort/{key}.png"


def municipality_card(slug: str) -> str:
    return f"grafik/kort/kommuner/{slug}.png"


def embed_url(page_url: str) -> str:
    """A chart's embed page, below the page that shows it: ``kommuner/amal/2019/inbadda/``."""
    return f"{page_url}inbadda/"


def embed_file(page_url: str) -> str:
    """The embed page's file: a plain HTML page, not one of the site's pages with navigation."""
    return f"{embed_url(page_url)}index.html"


def narrow_chart(name: str) -> str:
    """The same chart drawn for a phone: ``…-omraden.svg`` -> ``…-omraden-smal.svg``."""
    return name.removesuffix(".svg") + "-smal.svg"


# The repository on GitHub (also mkdocs.yml's repo_url): links that open an edit or a new file,
# which GitHub turns into a pull request.
REPOSITORY = "https://github.com/kommunkompassen/kommunkompassen"


def github_edit_url(path: PurePosixPath | str) -> str:
    return f"{REPOSITORY}/edit/main/{path}"


def github_new_file_url(path: PurePosixPath | str, value: Optional[str] = None) -> str:
    """GitHub's page for a new file at ``path``, filled with ``value`` if given."""
    folder, _, name = str(path).rpartition("/")
    return f"{REPOSITORY}/new/main/{folder}?filename={name}" + (f"&value={quote(value, safe='')}" if value else "")


# The issue form "Skicka in en rapport" (.github/ISSUE_TEMPLATE/): a report as a PDF or a link,
# for people without Git. A maintainer's label starts the import workflow.
REPORT_FORM = PurePosixPath(".github") / "ISSUE_TEMPLATE" / "skicka-in-rapport.yml"


def report_form_url(municipality: Optional[str] = None, year: Optional[int] = None) -> str:
    """A new issue from the report form, prefilled (GitHub reads a field's value from the query
    parameter named as the field's ``id``: ``kommun``, ``ar``)."""
    query: dict[str, str] = {"template": REPORT_FORM.name}
    if municipality:
        query["title"] = f"Rapport: {municipality}" + (f" {year}" if year else "")
        query["kommun"] = municipality
    if year:
        query["ar"] = str(year)
    return f"{REPOSITORY}/issues/new?{urlencode(query)}"


# --- generated pages: source path, edit link, navigation --------------------------------

@dataclass(frozen=True)
class PageKind:
    """One kind of page on the site. ``address`` is the page's address, with a placeholder in
    angle brackets for each part that varies (``kommuner/<kommun>/<år>/``); ``in_nav`` says
    that the navigation lists it (mkdocs.yml ``nav``; such a generated page is its folder's
    index); ``generated`` is False for a hand-written page in ``docs/``; ``themed`` is False for
    a plain HTML page without the site's theme (an embed page, shown inside another site)."""

    name: str
    address: str
    in_nav: bool = False
    generated: bool = True
    themed: bool = True


# Every kind of page, once. The navigation and the test suite's page lists (axe, the HTML
# checker, layouts at three widths) are read from this table: a new kind of page is one entry
# here plus its view function and template.
PAGE_KINDS = (
    PageKind("start", "", in_nav=True, generated=False),
    PageKind("evaluation list", EVALUATIONS_PAGE, in_nav=True),
    PageKind("missing reports", MISSING_REPORTS_PAGE),
    PageKind("municipality list", MUNICIPALITIES_PAGE, in_nav=True),
    PageKind("municipalities without evaluation", WITHOUT_EVALUATION_PAGE),
    PageKind("municipality", "kommuner/<kommun>/"),
    PageKind("shared name", "kommuner/<namn>/"),
    PageKind("evaluation", "kommuner/<kommun>/<år>/"),
    PageKind("report text", "kommuner/<kommun>/<år>/rapport/"),
    PageKind("improvement plan", "kommuner/<kommun>/<år>/forbattringsplan/"),
    PageKind("embed", "kommuner/<kommun>/<år>/inbadda/", themed=False),
    PageKind("map", MAP_PAGE, in_nav=True),
    PageKind("comparison", COMPARE_PAGE, in_nav=True),
    PageKind("ready-made comparison", "jamfor/<jämförelse>/"),
    PageKind("good examples", EXAMPLES_PAGE, in_nav=True),
    PageKind("good example", "goda-exempel/<version>/<delfråga>/"),
    PageKind("versions", FRAMEWORKS_PAGE, in_nav=True),
    PageKind("version", "omraden/<version>/"),
    PageKind("area", "omraden/<version>/<område>/"),
    PageKind("statistics", STATISTICS_PAGE, in_nav=True),
    PageKind("open data", "data/", in_nav=True, generated=False),
    PageKind("about Kommunkompassen", "om-kommunkompassen/", in_nav=True, generated=False),
    PageKind("about the site", "om-webbplatsen/", in_nav=True, generated=False),
    PageKind("accessibility statement", "tillganglighet/", in_nav=True, generated=False),
    PageKind("not found", "404.html", generated=False),
)

# The generated pages listed in the navigation; every other generated page is reached by
# links only, so the sidebar does not grow with the archive.
IN_NAV = frozenset(k.address for k in PAGE_KINDS if k.in_nav and k.generated)


def _hidden_glob(address: str) -> str:
    """The gitignore-style glob over source paths that hides a kind of page from the navigation:
    ``kommuner/<kommun>/<år>/`` -> ``/kommuner/*/``, ``kommuner/utan-utvardering/`` ->
    ``/kommuner/utan-utvardering.md``."""
    if "<" in address:
        return "/" + address[:address.index("<")] + "*/"
    return f"/{address.rstrip('/')}.md"


# Generated pages reached by links only (gitignore-style globs over source paths), so the
# sidebar does not grow with the archive: read from the table. A test checks them against
# every route's `in_nav`.
NOT_IN_NAV = tuple(dict.fromkeys(_hidden_glob(k.address) for k in PAGE_KINDS
                                 if k.generated and k.themed and not k.in_nav))
# Addresses whose page is an index of its folder (``x/index.md``) although pages lie below it:
# the navigation's generated pages.
_INDEX_PAGES = IN_NAV


@dataclass(frozen=True)
class Route:
    """One generated page: its address, the source file a generator is handed, and the
    repository file "Redigera" opens (None: the page is made from many files)."""

    url: str
    source: str
    edit: Optional[str] = None
    search_weight: Optional[float] = None  # the title's weight in the search index (Pagefind's 0-10; a heading's is 7)
    card: Optional[str] = None  # the share card a link to the page previews with (else SITE_CARD)
    card_alt: str = ""
    searched: bool = True  # False: left out of the site's search (it repeats other pages)
    search_sections: bool = False  # True: searched area by area (SECTION_SEARCHED)

    @property
    def in_nav(self) -> bool:
        return self.url in IN_NAV


def index_route(url: str, edit: Optional[str] = None) -> Route:
    """A page that is its folder's index: ``kommuner/amal/`` -> ``kommuner/amal/index.md``."""
    return Route(url, f"{url}index.md", edit)


def leaf_route(url: str, edit: Optional[str] = None) -> Route:
    """A page that is a file of its folder: ``omraden/2010/3/`` -> ``omraden/2010/3.md``."""
    return Route(url, f"{url.rstrip('/')}.md", edit)


def list_route(url: str) -> Route:
    """The site-wide list pages: an index page where pages lie below, else a leaf."""
    return index_route(url) if url in _INDEX_PAGES else leaf_route(url)


def evaluation_route(municipality_slug: str, year: int) -> Route:
    yaml_file, _ = evaluation_files(evaluation_key(municipality_slug, year))
    return leaf_route(evaluation_url(municipality_slug, year), str(yaml_file))


def report_route(municipality_slug: str, year: int) -> Route:
    _, md_file = evaluation_files(evaluation_key(municipality_slug, year))
    url = report_url(municipality_slug, year)
    return Route(url, f"{url.rstrip('/')}.md", str(md_file), search_sections=True)


def plan_route(municipality_slug: str, year: int) -> Route:
    """Not searched: what it says (weakest areas, role models, their strengths) is searched on the
    evaluation's, the areas' and the role models' own pages and reports; its only searched words
    were its title and a paragraph that is the same on every plan."""
    yaml_file, _ = evaluation_files(evaluation_key(municipality_slug, year))
    return replace(leaf_route(plan_url(municipality_slug, year), str(yaml_file)), searched=False)


# A search for a municipality's name puts its own page first, before the evaluations and
# reports that name it as often: its title weighs the most Pagefind allows (``<h1>`` is 7).
MUNICIPALITY_SEARCH_WEIGHT = 10.0


def municipality_route(slug: str) -> Route:
    return Route(municipality_url(slug), f"{municipality_url(slug)}index.md", None, MUNICIPALITY_SEARCH_WEIGHT)


def framework_route(framework_id: str) -> Route:
    return index_route(framework_url(framework_id))


def area_route(framework_id: str, number: int) -> Route:
    return leaf_route(area_url(framework_id, number))


def question_route(framework_id: str, qid: str) -> Route:
    return leaf_route(question_url(framework_id, qid))


def compare_route(keys: tuple[str, ...]) -> Route:
    return Route(compare_url(keys), f"{compare_url(keys)}index.md", searched=False)


def start_route() -> Route:
    return Route("", "index.md", str(START_PAGE))


def project_path(root: Path, path: PurePosixPath | str) -> Path:
    """A repository path under a project root."""
    return Path(root) / Path(str(path))
