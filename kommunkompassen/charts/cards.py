"""Share cards: the picture a link to a page previews with (Open Graph, Twitter), as PNG.

A card is 1200 × 630 px, the size Facebook, LinkedIn, Mastodon and X show large. It is drawn
at build time from plain data (``CardSpec``): ``layout`` places its text and bars, Pillow paints
them with matplotlib's own DejaVu Sans (no figure machinery: a card is a few lines of text and
rectangles, and drawing it through matplotlib took several times as long). It is cached by the
hash of that data, this package's drawing code and the drawing tools (``tools.py``) like the
charts, and byte-identical between builds (no date or software name in the file).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from kommunkompassen.charts import tools
from kommunkompassen.domain.language import decimal_text
from kommunkompassen.domain.recorded import MISSING

WIDTH, HEIGHT = 1200, 630
DPI = 100
INK = "#1a1a1a"
SOFT_INK = "#4a4a4a"
TRACK = "#e6e8f0"
BAND = "#3f51b5"  # the site's indigo (mkdocs.yml palette)
LABEL_CHARS = 46


@dataclass(frozen=True)
class Bar:
    """One bar of a card: its label, value (None: not given by the sources) and scale's end."""

    label: str
    value: Optional[float]
    maximum: float
    colour: str = "#0072B2"
    note: str = ""  # "härlett" or "osäkert" beside the value

    @property
    def shown(self) -> str:
        if self.value is None:
            return MISSING
        return f"{decimal_text(self.value)} av {decimal_text(self.maximum)}" + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class CardSpec:
    """What a card shows: a title ("Åmål 2019"), a headline ("453 av 800 poäng"), a line under
    it, and bars (areas of an evaluation, or a municipality's totals over time)."""

    name: str  # output path under the site, e.g. "grafik/kort/amal-2019.png"
    title: str
    headline: str
    detail: str
    bars: tuple[Bar, ...] = ()
    bars_title: str = ""
    empty: str = ""  # said where the bars would be when there are none
    footer: str = ""
    alt: str = field(default="", compare=False)
    address: str = ""  # the site's address ("kommunkompassen.github.io/kommunkompassen"), top right

    @property
    def key(self) -> str:
        return tools.spec_key("card", self, _CODE_HASH)


_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=None)
def _font_characters() -> frozenset[int]:
    """The code points the cards' font (matplotlib's own DejaVu Sans, regular and bold) can draw."""
    import matplotlib
    from matplotlib.ft2font import FT2Font

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    regular = set(FT2Font(str(fonts / "DejaVuSans.ttf")).get_charmap())
    return frozenset(regular & set(FT2Font(str(fonts / "DejaVuSans-Bold.ttf")).get_charmap()))


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` the cards' font lacks (it would draw them as empty boxes)."""
    have = _font_characters()
    return sorted({c for c in text if ord(c) not in have and not c.isspace()})


def card_texts(spec: "CardSpec") -> list[str]:
    return [spec.title, spec.headline, spec.detail, spec.footer, spec.empty, spec.bars_title,
            *(b.label for b in spec.bars)]


def draw_card(spec: CardSpec) -> bytes:
    """The card as PNG bytes (RGB, no text chunks: no software name or date)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    canvas = ImageDraw.Draw(image)
    boxes, texts = layout(spec)
    for box in boxes:
        canvas.rectangle((box.x0, box.y0, box.x1 - 1, box.y1 - 1), fill=box.colour)
    for text in texts:
        canvas.text((text.x, text.baseline), text.value, font=_font(text.size, text.bold), fill=text.colour,
                    anchor="ls")
    buffer = io.BytesIO()
    # zlib's fastest level: a third less time than the default for a file about 7 % larger
    # (some 60 kB; the same card drawn through matplotlib was 80 kB).
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


@dataclass(frozen=True)
class Box:
    """A filled rectangle in whole pixels from the card's top-left corner (x1, y1 exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int
    colour: str


@dataclass(frozen=True)
class Text:
    """A line of text: its left end and baseline in pixels from the top-left corner, and the box
    its letters take (``box``: x0, y0, x1, y1)."""

    value: str
    x: float
    baseline: float
    size: float  # in points (1 pt = DPI/72 px)
    bold: bool
    colour: str
    box: tuple[float, float, float, float]


@lru_cache(maxsize=None)
def _font(size: float, bold: bool):
    """DejaVu Sans as matplotlib ships it (``_font_characters`` reads the same files), laid out
    without HarfBuzz (the same glyph positions whether or not the system has libraqm)."""
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(_font_folder() / name), size=size * DPI / 72,
                              layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=None)
def _font_folder() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@lru_cache(maxsize=4096)
def _ink(size: float, bold: bool, value: str) -> tuple[float, float, float]:
    """Advance width, height above and depth below the baseline of ``value``; a line is never
    shallower than "lp" (as matplotlib sets a line), so lines with and without "g" or "Å" stand alike."""
    font = _font(size, bold)
    _, top, _, bottom = font.getbbox(value + "lp", anchor="ls") if value else (0, 0, 0, 0)
    return font.getlength(value), -top, bottom


def _fitted(value: str, size: float, bold: bool, width: float) -> str:
    """``value`` shortened with an ellipsis until it is at most ``width`` pixels wide: a long or
    wide name ("WWW…", 200 characters) ends in "…" inside the card instead of off its edge."""
    if _ink(size, bold, value)[0] <= width:
        return value
    lo, hi = 0, len(value)  # the longest prefix that fits, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _ink(size, bold, value[:mid].rstrip() + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return value[:lo].rstrip() + "…"


def layout(spec: CardSpec) -> tuple[list[Box], list[Text]]:
    """Where everything on the card goes: the rectangles (band, bars) and the lines of text."""
    boxes: list[Box] = []
    texts: list[Text] = []
    room = WIDTH - 2 * 56

    def text(x: float, y: float, value: str, size: float, colour: str = INK, bold: bool = False,
             va: str = "top", ha: str = "left", width: Optional[float] = room) -> None:
        """``y`` is the line's top (``va="top"``) or middle (``va="center"``), in px from the top."""
        if width is not None:
            value = _fitted(value, size, bold, width)
        advance, above, below = _ink(size, bold, value)
        baseline = y + above if va == "top" else y + (above - below) / 2
        x0 = x - advance if ha == "right" else x
        texts.append(Text(value, x0, baseline, size, bold, colour, (x0, baseline - above, x0 + advance, baseline + below)))

    def box(x: float, top: float, w: float, h: float, colour: str) -> None:
        x0, y0, x1, y1 = round(x), round(top), round(x + w), round(top + h)
        if x1 > x0 and y1 > y0:
            boxes.append(Box(x0, y0, x1, y1, colour))

    box(0, 0, WIDTH, 14, BAND)
    text(56, 42, "Kommunkompassens utvärderingar", 17, SOFT_INK)
    if spec.address:  # the card travels without its link: it says where it comes from
        text(WIDTH - 56, 42, short(spec.address, 48), 17, SOFT_INK, ha="right", width=None)
    text(56, 84, short(spec.title, 30), 44, bold=True)
    text(56, 170, spec.headline, 28)
    text(56, 222, short(spec.detail, 72), 17, SOFT_INK)
    if spec.footer:
        text(56, HEIGHT - 58, short(spec.footer, 100), 15, SOFT_INK)
    if not spec.bars:
        if spec.empty:
            text(56, 300, spec.empty, 20, SOFT_INK)
        return boxes, texts
    top, left, right = 282, 56, WIDTH - 56
    bottom = HEIGHT - (92 if spec.footer else 56)
    if spec.bars_title:
        text(left, top, spec.bars_title, 16, SOFT_INK, bold=True)
        top += 34
    n = len(spec.bars)
    row = (bottom - top) / n
    bar_left = left + 500
    bar_w = right - bar_left - 230  # room for "uppgift saknas" and "384 av 800 (härlett)"
    for i, bar in enumerate(spec.bars):
        middle = top + i * row + row / 2
        size = min(16, row * 0.55 * 72 / DPI)
        text(left, middle, short(bar.label), size, va="center", width=bar_left - left - 16)
        thick = max(4.0, row * 0.62)
        box(bar_left, middle - thick / 2, bar_w, thick, TRACK)
        share = 0 if bar.value is None or not bar.maximum else max(0.0, min(1.0, bar.value / bar.maximum))
        if share:
            box(bar_left, middle - thick / 2, bar_w * share, thick, bar.colour)
        text(bar_left + bar_w + 12, middle, bar.shown, size, INK if bar.value is not None else SOFT_INK,
             va="center", width=None)
    return boxes, texts
