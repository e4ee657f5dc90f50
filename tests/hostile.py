"""A corpus of hostile text, and a project whose only evaluation carries it everywhere.

Content arrives in pull requests from people we do not know. Every payload below tries to
run script (setting ``window.__pwned`` or opening a dialog), load something from outside,
or change the page's markup. The evaluation is the real Åmål 2019 pair with the payloads put
into every text field a data file can carry: YAML facts (evaluators, notes, comparisons,
kortfakta, sources) and the report's Markdown (headings at every level, paragraphs,
bullets, strengths). The real frameworks, municipality list and the rest of the project are used unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from kommunkompassen.domain.municipalities import transliterate

ROOT = Path(__file__).resolve().parent.parent
SOURCE_KEY = "amal-2019"  # the real pair the hostile one is made from
# Names from the reference and framework files reach page titles, headings, charts and the map.
MUNICIPALITY_NAME = "Åmål</title><img src=x onerror=window.__pwned=31>"
FRAMEWORK_NAME = "Kommunkompassen 2016</title><script>window.__pwned=32</script>"
QUESTION_TEXT = "Fientlig delfråga $5 och $6 </title><svg onload=window.__pwned=33>"
SLUG = transliterate(MUNICIPALITY_NAME)
KEY = f"{SLUG}-2019"
PAGE = f"kommuner/{SLUG}/2019/"  # facts and scores
REPORT_PAGE = f"kommuner/{SLUG}/2019/rapport/"  # the report's text

# Each payload is text a contributor could type. None may execute, load or restructure anything;
# each must reach the reader as the same visible text.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "[klicka här](javascript:window.__pwned=3)",
    "<a href=\"javascript:window.__pwned=4\">länk</a>",
    "<svg onload=window.__pwned=5>",
    "<iframe src=\"javascript:parent.__pwned=6\"></iframe>",
    "\" onmouseover=\"window.__pwned=7\" x=\"",
    "' autofocus onfocus='window.__pwned=8' x='",
    "{: onclick=\"window.__pwned=9\" }",
    "<details open ontoggle=window.__pwned=10>",
    "&lt;script&gt;window.__pwned=11&lt;/script&gt;",
    "![bild](x\" onerror=\"window.__pwned=12)",
    "<javascript:window.__pwned=13>",
    "</p></li></ul></div><script>window.__pwned=14</script>",
    "<!-- <style>body{display:none}</style>",
    "--> <img src=x onerror=alert(16)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=17>",
    "<base href=\"http://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned=19\">",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "<div markdown=\"1\">**fet** [länk](javascript:window.__pwned=21)</div>",
    "`ej stängd kod **ej stängd fetstil _ej stängd [hakparentes",
    "<object data=\"javascript:window.__pwned=23\"></object>",
    "<form action=\"javascript:window.__pwned=24\"><button>Skicka</button></form>",
    "<a href=\"data:text/html,<script>alert(25)</script>\">data</a>",
]

# A payload in a heading or list item is also a line of Markdown; these must stay one line.
ONE_LINE = [p for p in PAYLOADS if "\n" not in p]


def _text(n: int) -> str:
    return f"Fientlig text {n}: {PAYLOADS[n % len(PAYLOADS)]}"


def hostile_yaml(data: dict) -> dict:
    """The real evaluation's facts with payloads in every free-text field."""
    n = iter(range(1000))
    data["evaluators"] = [{"name": _text(next(n)), "organisation": _text(next(n))} for _ in range(3)]
    for key in ("month", "interviewed", "evaluation_number", "total"):
        data[key]["note"] = _text(next(n))
    for comparison in data["comparisons"]:
        comparison["label"] = _text(next(n))
        comparison["description"] = _text(next(n))
    data["areas"]["2"]["questions"]["2.1"]["score"]["note"] = _text(next(n))
    data["kortfakta_title"] = _text(next(n))
    data["kortfakta"] = [{"label": _text(next(n)), "value": _text(next(n))} for _ in PAYLOADS]
    data["sources"] = [
        {"title": _text(next(n)), "publisher": _text(next(n)), "file": "rapport.pdf", "used_for": _text(next(n))}
        for _ in range(3)
    ] + [
        {"title": _text(next(n)), "url": "https://example.org/\"onmouseover=\"window.__pwned=30\"",
         "used_for": _text(next(n))},
    ] + data["sources"]
    data["notes"] = _text(next(n))
    return data


def hostile_markdown(real: str) -> str:
    """The real report text with a hostile chapter first and payloads in every area's sections."""
    lines = ["## Fientligt kapitel " + ONE_LINE[0], ""]
    for i, payload in enumerate(PAYLOADS):
        lines += [f"### Avsnitt {i}: {payload}", "", f"Stycke {i}: {payload}", "",
                  f"#### Underrubrik {i}: {payload}", "", f"- Punkt {i}: {payload}",
                  f"- Punkt {i} med fortsättning", f"  på nästa rad: {payload}", ""]
    out = []
    for line in real.splitlines():
        out.append(line)
        if line.startswith("### Styrkor") or line.startswith("### Förbättringsområden"):
            out += ["", *[f"- Styrka eller förbättring: {p}" for p in PAYLOADS]]
            if line.startswith("### Styrkor"):  # strengths on a topic, which good-example pages quote
                out += [f"- Styrka om information till invånarna: {p}" for p in PAYLOADS]
        elif line.startswith("## Område "):
            out += ["", *[f"Områdestext: {p}" for p in PAYLOADS[:3]], ""]
    return "\n".join(lines + out) + "\n"


def make_hostile_project(dest: Path) -> Path:
    """A copy of the project at ``dest`` whose only evaluation is the hostile pair.

    Everything else (site config, docs, hook, theme overrides, frameworks, reference data) is
    the checkout's own.
    """
    from sitebuild import copy_project

    if dest.exists():
        shutil.rmtree(dest)
    copy_project(dest, include=lambda path: not path.startswith(("data/evaluations/", "tests/")))
    evaluations = dest / "data" / "evaluations"
    evaluations.mkdir(parents=True, exist_ok=True)
    data = yaml.safe_load((ROOT / "data" / "evaluations" / f"{SOURCE_KEY}.yaml").read_text(encoding="utf-8"))
    data["municipality"]["name"] = MUNICIPALITY_NAME
    for named in data.get("named_role_models", []):
        if named["municipality"]["code"] == data["municipality"]["code"]:
            named["municipality"]["name"] = MUNICIPALITY_NAME
    (evaluations / f"{KEY}.yaml").write_text(
        yaml.safe_dump(hostile_yaml(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    reference = dest / "data" / "reference" / "municipalities.csv"
    rows = reference.read_text(encoding="utf-8")
    assert rows.count(",Åmål,") == 1
    reference.write_text(rows.replace(",Åmål,", f",{MUNICIPALITY_NAME},"), encoding="utf-8")
    framework_file = dest / "data" / "frameworks" / f"{data['framework']['value']}.yaml"
    framework = yaml.safe_load(framework_file.read_text(encoding="utf-8"))
    framework["name"] = FRAMEWORK_NAME
    framework["areas"][1]["questions"][0]["text"] = QUESTION_TEXT
    framework_file.write_text(yaml.safe_dump(framework, allow_unicode=True, sort_keys=False), encoding="utf-8")
    real = (ROOT / "data" / "evaluations" / f"{SOURCE_KEY}.md").read_text(encoding="utf-8")
    (evaluations / f"{KEY}.md").write_text(hostile_markdown(real), encoding="utf-8")
    return dest
