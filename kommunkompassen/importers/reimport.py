"""Writing an imported file again without losing what a maintainer changed in it.

An imported file carries ``imported: {file, fields}``: the values the import wrote. On the
next import a field (a leaf: a scalar, a list, or a recorded value ``{value, status, note}``)
is updated only while the file still holds what the import wrote; anything else is the
maintainer's and is kept. Files are written with a fixed key order, so the same data always
gives the same bytes.

``dump`` is the catalogue import's YAML writer (block style, PyYAML); a new pair a maintainer
fills in by hand is written by ``drafts.dump_evaluation`` instead (see ``drafts`` for why
there are two).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kommunkompassen.domain.model import EvaluationData

FIELD_ORDER = list(EvaluationData.model_fields)  # the order of a hand-written file

_MISSING = object()


def _is_leaf(value: Any) -> bool:
    return not isinstance(value, dict) or (bool(value) and set(value) <= {"value", "status", "note"})


def flatten(data: dict, prefix: tuple = ()) -> dict[tuple, Any]:
    """Leaf paths of nested mappings; lists and recorded values ({value, status, note}) are leaves."""
    out: dict[tuple, Any] = {}
    for key, value in data.items():
        path = prefix + (str(key),)
        if _is_leaf(value):
            out[path] = value
        else:
            out.update(flatten(value, path))
    return out


def get_path(data: dict, path: tuple) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return _MISSING
        data = data[key]
    return data


def set_path(data: dict, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = copy.deepcopy(value)


def delete_path(data: dict, path: tuple) -> None:
    parents = []
    for key in path[:-1]:
        parents.append((data, key))
        data = data.get(key, {})
    data.pop(path[-1], None)
    for parent, key in reversed(parents):
        if parent.get(key) == {}:
            del parent[key]


def ordered(data: dict) -> dict:
    rank = {k: i for i, k in enumerate(FIELD_ORDER)}
    return {k: data[k] for k in sorted(data, key=lambda k: (rank.get(k, len(rank)), k))}


@dataclass
class Merge:
    data: dict
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def merge(current: dict, new_fields: dict, source_file: str) -> Merge:
    """Update what the import wrote last time and nobody changed since; keep everything else."""
    record = current.get("imported") or {}
    last = flatten(record.get("fields") or {})
    new = flatten(new_fields)
    data = copy.deepcopy({k: v for k, v in current.items() if k != "imported"})
    result = Merge(data)
    for path in sorted(set(last) | set(new)):
        now = get_path(current, path)
        wanted = new.get(path, _MISSING)
        if now == wanted:
            continue
        if now == last.get(path, _MISSING):
            if wanted is _MISSING:
                delete_path(data, path)
            else:
                set_path(data, path, wanted)
            result.updated.append(".".join(path))
        else:
            result.kept.append(".".join(path))
    data["imported"] = {"file": source_file, "fields": copy.deepcopy(new_fields)}
    result.data = ordered(data)
    return result


# --- writing ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the import record repeats values: write them out
        return True


_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|0[xob][0-9a-fA-F_]+")


def _str(dumper, value: str):
    """Multi-line text as a block; text that a YAML 1.2 reader could take for a number ('0583') quoted."""
    style = "|" if "\n" in value else "'" if _NUMBER_LIKE.fullmatch(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any, header: str = "") -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)
    return header + body


def leading_comments(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)
