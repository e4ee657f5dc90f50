"""Safe YAML reading: keys stay the text the maintainer wrote, duplicates are errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(ValueError):
    pass


class _DataLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader whose mapping keys are strings exactly as written.

    ``5.10`` as a key stays ``"5.10"`` instead of becoming the float 5.1, and a key
    written twice is reported instead of silently overwritten.
    """

    def construct_mapping(self, node, deep=False):  # noqa: D401
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        self.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            else:
                key = self.construct_object(key_node, deep=True)
            if key in result:
                raise DuplicateKeyError(
                    f"nyckeln '{key}' förekommer två gånger (rad {key_node.start_mark.line + 1})"
                )
            result[key] = self.construct_object(value_node, deep=deep)
        return result

    def resolve(self, kind, value, implicit):
        # The implicit tag of a plain scalar depends only on its text (a safe loader has no
        # path resolvers), and the same short scalars (keys, scores) recur in every file.
        if kind is yaml.ScalarNode and len(value) <= 40:
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                if len(_RESOLVED) > 100_000:
                    _RESOLVED.clear()
                tag = _RESOLVED[key] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


_RESOLVED: dict[tuple, str] = {}


_DataLoader.add_constructor(
    "tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node, deep=True)
)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file. Raises ``ValueError`` with a Swedish message on bad syntax."""
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_DataLoader)  # noqa: S506 - a SafeLoader subclass
    except DuplicateKeyError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"rad {mark.line + 1}, kolumn {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"ogiltig YAML: {where}{problem}") from None


def read_text(path: Path) -> str:
    """A data file's text. Raises ``ValueError`` with a Swedish message when it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError("filen saknas") from None
    except IsADirectoryError:
        raise ValueError("är en mapp, inte en fil") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ValueError(f"filen är inte UTF-8 (rad {line}); spara den som UTF-8") from None
