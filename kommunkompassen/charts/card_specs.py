"""Which share cards the site has, computed from the archive (no drawing here): one per
evaluation, one per municipality with a known evaluation, and one for every other page.

Every number on a card is one the evaluation's page shows; a value the sources do not give
reads "uppgift saknas", a derived or uncertain total says so.
"""

from __future__ import annotations

from kommunkompassen import routes
from kommunkompassen.charts.cards import Bar, CardSpec
from kommunkompassen.domain.archive import Archive, Evaluation
from kommunkompassen.domain.claims import version_label
from kommunkompassen.domain.language import decimal_text
from kommunkompassen.domain.recorded import QUALIFIERS

STATUS_WORDS = {"derived": "härledd", "uncertain": "osäker"}  # of "poäng" in the headline
VALUE_WORDS = QUALIFIERS  # beside a bar's value
MAX_BARS = 8  # a municipality's latest evaluations, oldest first
FOOTER = "Källorna anges på sidan."


def _total_text(ev: Evaluation) -> str:
    total = ev.data.total
    if total is None or not total.known:
        return "Totalpoäng saknas i källorna"
    word = STATUS_WORDS.get(total.status)
    return f"{decimal_text(total.value)} av {ev.framework.max_total} poäng" + (f" ({word})" if word else "")


def _version_text(ev: Evaluation) -> str:
    return version_label(ev)


def evaluation_card(ev: Evaluation) -> CardSpec:
    """The evaluation's share card: made once per evaluation object (the data check and the site
    index both read it; ``mkdocs serve`` keeps an unchanged evaluation between rebuilds)."""
    card = ev.derived.get("card")
    if card is None:
        card = ev.derived["card"] = _evaluation_card(ev)
    return card


def _evaluation_card(ev: Evaluation) -> CardSpec:
    bars = []
    for area in ev.framework.areas:
        score = ev.area_score(area.number)
        known = score is not None and score.known
        bars.append(Bar(f"{area.number}. {area.label}", score.value if known else None, area.max,
                        ev.framework.drawing.colour, VALUE_WORDS.get(score.status, "") if known else ""))
    if not any(b.value is not None for b in bars):
        bars = []
    maxima = sorted({a.max for a in ev.framework.areas})
    bars_title = "Poäng per område" + (f" (max {maxima[0]})" if len(maxima) == 1 else "")
    spec = CardSpec(routes.evaluation_card(ev.key), ev.title, _total_text(ev), _version_text(ev), tuple(bars),
                    bars_title if bars else "", "" if bars else "Källorna ger inga poäng per område.", FOOTER)
    return _with_alt(spec)


def municipality_card(name: str, slug: str, evaluations: list[Evaluation]) -> CardSpec:
    shown = evaluations[-MAX_BARS:]
    bars = tuple(Bar(f"{ev.year} ({version_label(ev)})",
                     ev.data.total.value if ev.data.total is not None and ev.data.total.known else None,
                     ev.framework.max_total, ev.framework.drawing.colour,
                     VALUE_WORDS.get(ev.data.total.status, "") if ev.data.total is not None and ev.data.total.known
                     else "") for ev in shown)
    n = len(evaluations)
    headline = f"{n} utvärdering{'ar' if n != 1 else ''} med Kommunkompassen"
    years = [str(ev.year) for ev in evaluations]
    detail = "År: " + (", ".join(years[:-1]) + " och " + years[-1] if len(years) > 1 else years[0])
    if not any(b.value is not None for b in bars):
        spec = CardSpec(routes.municipality_card(slug), name, headline, detail, (), "",
                        "Källorna ger ingen totalpoäng.", FOOTER)
    else:
        spec = CardSpec(routes.municipality_card(slug), name, headline, detail, bars, "Totalpoäng per utvärdering",
                        "", FOOTER)
    return _with_alt(spec)


def site_card(known: int, municipalities: int) -> CardSpec:
    return _with_alt(CardSpec(routes.SITE_CARD, "Alla kända utvärderingar",
                              f"{known} utvärderingar av {municipalities} kommuner",
                              "Poäng, styrkor, förbättringsområden och goda exempel", (), "", "", ""))


def _with_alt(spec: CardSpec) -> CardSpec:
    """The card's text, for a reader who does not see the picture (``og:image:alt``)."""
    parts = [f"{spec.title}: {spec.headline}.", f"{spec.detail}."]
    if spec.bars:
        parts.append(f"{spec.bars_title}: " + "; ".join(f"{b.label} {b.shown}" for b in spec.bars) + ".")
    elif spec.empty:
        parts.append(spec.empty)
    return CardSpec(spec.name, spec.title, spec.headline, spec.detail, spec.bars, spec.bars_title, spec.empty,
                    spec.footer, " ".join(parts))


def card_specs(archive: Archive, known: int, municipalities: int) -> dict[str, CardSpec]:
    """Every card by its path under the site."""
    cards = [site_card(known, municipalities)]
    cards += [evaluation_card(ev) for ev in archive.evaluations]
    for code, evs in archive.by_municipality().items():
        mu = archive.municipalities.by_code[code]
        cards.append(municipality_card(mu.name, mu.slug, evs))
    return {c.name: c for c in cards}
