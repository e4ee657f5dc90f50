"""Lists the build sorts are in Swedish alphabetical order, the order the browser's table sort uses."""

from __future__ import annotations

import re

from htmlscan import parse

from kommunkompassen.domain.language import collation_key

# As Chromium sorts them with String.localeCompare(…, "sv") (checked with Node's ICU).
BROWSER_ORDER = ["Ale", "Habo", "Håbo", "Upplands Väsby", "Upplands-Bro", "Vårgårda", "Vännäs", "Västerås",
                 "Zürich", "Åmål", "Älvkarleby", "Ängelholm", "Öckerö", "Örebro", "Östersund"]


def test_names_sort_as_in_swedish_with_a_ring_a_umlaut_o_umlaut_last():
    assert sorted(reversed(BROWSER_ORDER), key=collation_key) == BROWSER_ORDER
    assert sorted(["Öckerö", "ängelholm", "Ängelholm"], key=collation_key) == ["Ängelholm", "ängelholm", "Öckerö"]


def first_column(site, url: str) -> list[str]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [parse(cell).text.strip() for cell in re.findall(r"<tr><td[^>]*>(.*?)</td>", body)]


def test_the_municipality_and_evaluation_lists_are_in_swedish_order(built_site):
    for url in ("kommuner", "utvarderingar"):
        names = first_column(built_site, url)
        assert len(names) > 10
        assert names == sorted(names, key=collation_key), url
