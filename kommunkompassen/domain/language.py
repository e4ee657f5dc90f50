"""Swedish words the data and the pages share: month names, ordinals, small counts, decimals.

One list each: the report importer reads these words from reports, the site writes them.
``fold`` compares words whatever happened to å/ä/ö: "Område", "Omrade" and "Omréde" all fold
to "omrade"/"omrede", and the case is gone. (``municipalities.transliterate`` is another
contract: an ASCII address slug, everything else dropped or a hyphen.)
"""

from __future__ import annotations

import functools
import unicodedata

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]

ORDINALS = {1: "första", 2: "andra", 3: "tredje", 4: "fjärde", 5: "femte", 6: "sjätte"}

COUNT_WORDS = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio",
               10: "tio", 11: "elva", 12: "tolv"}


def count_word(n: int) -> str:
    """A small count in words, as Swedish prose writes it ("åtta områden"); digits from 13."""
    return COUNT_WORDS.get(n, str(n))


def counted(n: int, singular: str, plural: str, zero: str = "inga") -> str:
    """A number and its noun, agreeing: "inga utvärderingar", "1 utvärdering", "2 utvärderingar".

    The one function the site counts with, so no page says "1 styrkor" or "de 1 utvärderingarna".
    ``zero`` is the word for none ("inga"; "ingen" before a singular noun is the caller's own).
    """
    if n == 0:
        return f"{zero} {plural}"
    return f"{n} {singular if n == 1 else plural}"


def ordinal_number(n: int) -> str:
    """A rank as Swedish writes it with digits: 1:a, 2:a, 3:e, 11:e, 12:e, 21:a, 22:a."""
    return f"{n}:a" if n % 10 in (1, 2) and n % 100 not in (11, 12) else f"{n}:e"


def decimal_text(value: float) -> str:
    """A score as Swedish text without thousands separators: 453 -> '453', 426.5 -> '426,5'."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


# Swedish alphabetical order (SAOL, and ICU's "sv" that browsers use for localeCompare): å, ä, ö
# are letters of their own after z, in that order; æ sorts as ä, ø as ö, ü as y, and other
# accents as the plain letter (é as e). Mapped onto the three characters after "z" in ASCII.
_SWEDISH_LETTERS = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"}


@functools.lru_cache(maxsize=8192)
def collation_key(text: str) -> tuple[str, str]:
    """Sort key for names and titles in Swedish order: "Vårgårda" < "Vännäs" < "Västerås" < "Åmål"
    < "Ängelholm" < "Örebro". Ties (case) are broken by the text itself, so the order is total.
    Remembered for the last few thousand texts: the same 290 names are sorted again and again."""
    out = []
    for char in text.casefold():
        mapped = _SWEDISH_LETTERS.get(char)
        if mapped is None:
            mapped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(mapped)
    return "".join(out), text


def fold(text: str) -> str:
    """Lower case without diacritics: 'Översikt av poängfördelning' -> 'oversikt av poangfordelning'."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold_in_place(text: str) -> str:
    """``fold`` one character at a time, so positions in the result are positions in ``text``."""
    return "".join((fold(c)[:1] or c) for c in text)


def genitive(name: str) -> str:
    """Swedish genitive of a name: "Åmål" -> "Åmåls"; a name ending in s, x or z stays: "Höganäs"."""
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def whole_number(value: int) -> str:
    """10327589 -> '10 327 589', with thin no-break spaces between the thousands."""
    return f"{value:,}".replace(",", "\u202f")
