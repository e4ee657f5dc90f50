"""How numbers, dates and Markdown-safe text are written on the Swedish site."""

from __future__ import annotations

import html
import re
from typing import Optional

from kommunkompassen.domain.language import MONTHS, ORDINALS, decimal_text, whole_number
from kommunkompassen.domain.recorded import Recorded

COMPLETENESS = {
    "catalogue": "rapport finns, poäng ej inlagda",
    "total": "totalpoäng",
    "areas": "poäng per område",
    "questions": "poäng per delfråga",
    "full_text": "hela rapporten",
}


def number(value) -> str:
    """12.5 -> '12,5'; 453 -> '453'; 10327589 -> '10 327 589' (thin no-break spaces)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return whole_number(value)
    return decimal_text(value)


def plain_number(value) -> str:
    """For CSV and JSON: '12.5', '453', '' for unknown."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def recorded_value(rec: Optional[Recorded]):
    return rec.value if rec is not None else None


def month_year(month: Optional[Recorded], year: int) -> str:
    if month is not None and month.known:
        return f"{MONTHS[month.value - 1]} {year}"
    return str(year)


def ordinal(n: int) -> str:
    return ORDINALS.get(n, f"{n}:e")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def md_text(text: str) -> str:
    """Text safe to put into a Markdown heading or table: no markup, no HTML."""
    escaped = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)
