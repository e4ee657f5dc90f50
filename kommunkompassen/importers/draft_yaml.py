"""Writing an evaluation file the way the hand-made ones look.

Short mappings go on one line (``"1.1": {score: 7, max: 15, percent: 45}``), longer ones in
block style; every string is a double-quoted scalar, so no text can change YAML's reading of
the file. Comment lines (the schema reference first) head the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kommunkompassen.loading.schema import SCHEMA_COMMENT

WIDTH = 110
_PLAIN_KEY = re.compile(r"^[a-z_]+$")


def dump_evaluation(data: dict[str, Any], comments: list[str] = ()) -> str:
    head = [SCHEMA_COMMENT, *(f"# {line}".rstrip() for line in comments)]
    return "\n".join([*head, *_block_mapping(data, 0)]) + "\n"


def _key(key: Any) -> str:
    text = str(key)
    return text if _PLAIN_KEY.match(text) else json.dumps(text, ensure_ascii=False)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _flat(value: Any) -> bool:
    """A value that reads well on one line: a scalar, or a mapping/list of scalars."""
    if isinstance(value, dict):
        return all(not isinstance(v, (dict, list)) for v in value.values())
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return True


def _block_mapping(data: dict, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        head = f"{pad}{_key(key)}:"
        one_line = f"{head} {_flow(value)}"
        if not isinstance(value, (dict, list)) or not value or (_flat(value) and len(one_line) <= WIDTH):
            lines.append(one_line)
        elif isinstance(value, dict):
            lines.append(head)
            lines.extend(_block_mapping(value, indent + 2))
        else:
            lines.append(head)
            lines.extend(_block_list(value, indent + 2))
    return lines


def _block_list(items: list, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        one_line = f"{pad}- {_flow(item)}"
        if not isinstance(item, (dict, list)) or (_flat(item) and len(one_line) <= WIDTH):
            lines.append(one_line)
        elif isinstance(item, dict):
            body = _block_mapping(item, indent + 2)
            lines.append(f"{pad}- {body[0].lstrip()}")
            lines.extend(body[1:])
        else:
            lines.append(f"{pad}-")
            lines.extend(_block_list(item, indent + 2))
    return lines
