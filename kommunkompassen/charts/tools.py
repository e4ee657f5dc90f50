"""What the charts, cards and the map are drawn with, as part of their cache keys.

A cached drawing is reused while its data and this package's drawing code are unchanged. The
same data drawn by another matplotlib, NumPy or Pillow, or with another font file, can come
out different (a label a pixel off, another hinting), so those belong in the key too: an
upgrade of the locked packages (``requirements.lock``) draws everything again instead of
serving the old drawings.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Iterable, Mapping

# The libraries whose output the drawings are: matplotlib draws, NumPy computes its positions,
# Pillow writes the cards' PNG.
PACKAGES = ("matplotlib", "numpy", "pillow")
# The text is set in DejaVu Sans (drawing.py sets ``font.family``; cards.py opens matplotlib's own
# DejaVu Sans files, which ``findfont`` resolves to unless the system has other copies), in these weights.
FONT_FAMILY = "DejaVu Sans"
FONT_WEIGHTS = ("normal", "bold")


def fingerprint(versions: Mapping[str, str], fonts: Iterable[Path]) -> str:
    """A hash of the packages' versions and the font files' names and bytes."""
    digest = hashlib.sha256()
    for name in sorted(versions):
        digest.update(f"{name}=={versions[name]}\n".encode("utf-8"))
    for font in sorted(Path(f) for f in fonts):
        digest.update(f"{font.name}\n".encode("utf-8"))
        digest.update(hashlib.sha256(font.read_bytes()).digest())
    return digest.hexdigest()


def font_files() -> list[Path]:
    """The font files matplotlib sets the drawings' text with, as it resolves them here."""
    from matplotlib.font_manager import FontProperties, findfont

    return sorted({Path(findfont(FontProperties(family=FONT_FAMILY, weight=weight), fallback_to_default=False))
                   for weight in FONT_WEIGHTS})


@functools.cache
def drawing_tools() -> str:
    """The fingerprint of the installed drawing libraries and fonts (worked out once per process)."""
    return fingerprint({name: version(name) for name in PACKAGES}, font_files())


def spec_key(label: str, spec, code_hash: str) -> str:
    """The cache key of a chart or share card: its fields (nested data classes as their fields),
    the drawing code's hash and ``drawing_tools``, as sorted JSON, hashed. The same JSON as
    ``dataclasses.asdict`` gives, without its deep copy of every value."""
    payload = json.dumps({label: _fields(spec), "code": code_hash, "tools": drawing_tools()},
                         sort_keys=True, ensure_ascii=False, default=_fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def _fields(value) -> dict:
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        raise TypeError(f"not a value of a chart: {value!r}")
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
