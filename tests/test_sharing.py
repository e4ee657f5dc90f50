"""A link to a page previews well: Open Graph and Twitter card tags on every page, and a share
card (PNG, 1200 × 630) drawn from the data for each evaluation and evaluated municipality."""

from __future__ import annotations

import re
import struct
from html import unescape
from pathlib import Path

import sourcefacts
import yaml
from sitebuild import ROOT

from kommunkompassen.charts.cards import draw_card
from kommunkompassen.loading.municipalities import load_municipalities

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


def head_tags(html: str) -> dict[str, str]:
    """Every <meta property|name=… content=…> of a page, by its property or name."""
    tags = {}
    for attrs in re.findall(r"<meta\s+([^>]*)>", html.split("</head>")[0]):
        key = re.search(r'(?:property|name)="([^"]+)"', attrs)
        value = re.search(r'content="([^"]*)"', attrs)
        if key and value:
            tags[key.group(1)] = unescape(value.group(1))
    return tags


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url.removeprefix(SITE_URL)


def test_an_evaluation_previews_with_its_card_of_total_and_areas(built_site):
    amal = next(e for e in sourcefacts.evaluations() if e.key == "amal-2019")
    fw = sourcefacts.frameworks()[amal.framework]
    tags = head_tags((built_site / "kommuner" / "amal" / "2019" / "index.html").read_text(encoding="utf-8"))
    assert tags["og:title"] == tags["twitter:title"] == "Åmål 2019"
    assert tags["og:url"] == f"{SITE_URL}kommuner/amal/2019/"
    assert tags["og:description"] == tags["description"]
    assert tags["og:description"].startswith("Åmål fick 453 av 800 poäng")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image"] == tags["twitter:image"] == f"{SITE_URL}grafik/kort/amal-2019.png"
    assert png_size(site_file(built_site, tags["og:image"])) == (1200, 630)
    alt = tags["og:image:alt"]
    assert alt.startswith("Åmål 2019: 453 av 800 poäng. Kommunkompassen 2016.")
    for area in fw["areas"]:
        score = amal.stated("areas", str(area["number"]), "score")
        assert f"{area['number']}. {area['name']} {score:g} av {area['max']}" in alt


def test_the_start_page_previews_with_the_sites_name_and_card(built_site):
    tags = head_tags((built_site / "index.html").read_text(encoding="utf-8"))
    assert tags["og:title"] == "Kommunkompassens utvärderingar"
    assert tags["og:url"] == SITE_URL
    assert tags["og:image"] == f"{SITE_URL}grafik/kort/webbplatsen.png"


def test_the_report_and_plan_of_an_evaluation_share_its_card(built_site):
    for page in ("rapport", "forbattringsplan"):
        tags = head_tags((built_site / "kommuner" / "amal" / "2019" / page / "index.html").read_text(encoding="utf-8"))
        assert tags["og:image"] == f"{SITE_URL}grafik/kort/amal-2019.png", page


def test_every_page_has_a_title_description_and_an_existing_card(built_site):
    pages = [p for p in sorted(built_site.rglob("index.html")) if "inbadda" not in p.parts]
    assert len(pages) > len(sourcefacts.evaluations())
    cards = set()
    for page in pages:
        tags = head_tags(page.read_text(encoding="utf-8"))
        name = page.relative_to(built_site).as_posix()
        assert tags.get("og:title"), name
        assert tags.get("og:description"), name
        assert tags.get("og:image:alt"), name
        cards.add(tags["og:image"])
    for card in cards:
        assert png_size(site_file(built_site, card)) == (1200, 630), card
    # One card per evaluation, one per evaluated municipality, one for the rest.
    assert len(cards) == len(sourcefacts.evaluations()) + len({e.code for e in sourcefacts.evaluations()}) + 1


def test_a_municipality_never_evaluated_previews_with_the_sites_card(built_site):
    never = sourcefacts.never_evaluated()[-1]
    slug = load_municipalities(ROOT / "data" / "reference" / "municipalities.csv").by_code[never["code"]].slug
    tags = head_tags((built_site / "kommuner" / slug / "index.html").read_text(encoding="utf-8"))
    assert tags["og:image"] == f"{SITE_URL}grafik/kort/webbplatsen.png"
    known = len(sourcefacts.evaluations()) + len(sourcefacts.undated())
    assert tags["og:image:alt"].startswith(
        f"Alla kända utvärderingar: {known} utvärderingar av {len(sourcefacts.evaluated_codes())} kommuner.")


def test_a_municipality_card_lists_its_evaluations_and_totals(fixture_site):
    card = fixture_site.index.cards["grafik/kort/kommuner/arvika.png"]
    assert card.alt == ("Arvika: 2 utvärderingar med Kommunkompassen. År: 2014 och 2021. Totalpoäng per utvärdering: "
                        "2014 (Kommunkompassen 2010) 400 av 800; 2021 (Kommunkompassen 2020) 610 av 800.")


def test_a_card_says_which_totals_are_derived_and_what_the_sources_do_not_give(fixture_site):
    derived = fixture_site.index.cards["grafik/kort/askersund-2014.png"]
    assert derived.headline == "430 av 800 poäng (härledd)"
    municipality = fixture_site.index.cards["grafik/kort/kommuner/askersund.png"]
    assert "2014 (Kommunkompassen 2010) 430 av 800 (härlett)" in municipality.alt
    without = fixture_site.index.cards["grafik/kort/boden-2017.png"]
    assert without.headline == "Totalpoäng saknas i källorna"


def test_a_card_is_a_png_of_1200_by_630_and_the_same_bytes_every_time(fixture_site, tmp_path):
    card = fixture_site.index.cards["grafik/kort/arvika-2021.png"]
    first, second = draw_card(card), draw_card(card)
    assert first == second
    (tmp_path / "card.png").write_bytes(first)
    assert png_size(tmp_path / "card.png") == (1200, 630)
    assert b"tEXt" not in first or b"Software" not in first  # no software name or date in the file


def test_a_long_or_wide_name_ends_in_an_ellipsis_inside_the_card():
    """A 200-character name of the widest letters, a long version name and area labels: every line
    of text on the card stays inside it, shortened with "…"."""
    from kommunkompassen.charts.cards import HEIGHT, WIDTH, Bar, CardSpec, layout

    wide = "W" * 200
    spec = CardSpec("grafik/kort/x.png", f"{wide} 2019", f"{wide} poäng", wide,
                    tuple(Bar(f"{n}. {'Ö' * 120}", 50, 100) for n in range(1, 9)), wide, "", wide,
                    address="kommunkompassen.github.io/kommunkompassen")
    boxes, texts = layout(spec)
    for text in texts:
        x0, y0, x1, y1 = text.box
        assert 0 <= x0 and x1 <= WIDTH and 0 <= y0 and y1 <= HEIGHT, (text.value[:40], text.box)
    assert sum(text.value.endswith("…") for text in texts) >= 12  # title, headline, detail, bars' title, footer, 8 labels
    for box in boxes:
        assert 0 <= box.x0 < box.x1 <= WIDTH and 0 <= box.y0 < box.y1 <= HEIGHT


def test_a_cards_lines_of_text_do_not_overlap(fixture_site):
    """Each line of a card (title, headline, detail, bars) has its own band of the picture."""
    for name in ("grafik/kort/arvika-2021.png", "grafik/kort/kommuner/arvika.png", "grafik/kort/webbplatsen.png"):
        from kommunkompassen.charts.cards import layout

        _, texts = layout(fixture_site.index.cards[name])
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                apart = a.box[2] <= b.box[0] or b.box[2] <= a.box[0] or a.box[3] <= b.box[1] or b.box[3] <= a.box[1]
                assert apart, (name, a.value, b.value)


def test_a_card_shows_the_sites_address_and_a_chart_carries_its_pages(fixture_site):
    """Shared without its link, a card still says where it comes from; a downloaded chart, which page."""
    from dataclasses import replace

    from kommunkompassen.site.index import build_index

    index = build_index(fixture_site.index.archive, site_url="https://example.org/kk/")
    assert {card.address for card in index.cards.values()} == {"example.org/kk"}
    assert {chart.address for chart in index.charts.values()} == {
        f"https://example.org/kk/{chart.page}" for chart in index.charts.values()}
    card = index.cards["grafik/kort/arvika-2021.png"]
    assert draw_card(card) != draw_card(replace(card, address=""))  # the address is drawn
