"""Reading data files that arrive in pull requests from people we do not know.

Every file a pull request can change goes through ``read_text`` (size, UTF-8, no control
or bidirectional-override characters) and YAML files through ``load_yaml``, a reader that
cannot be abused:

- YAML 1.2 core readings only: ``yes``/``no``/``on`` stay text, ``1:30`` is text, dates
  stay text; no NaN or infinity (``.nan`` stays text, so a number field refuses it); a
  number with a leading zero (``0128``, ``010``) is text, as a municipality code must be;
- keys are scalars and stay the text the maintainer wrote (``5.10`` is not the float 5.1);
  a key written twice is an error, a merge key (``<<: *base``) is allowed;
- aliases may not expand the document beyond ``MAX_NODES`` values (the "billion laughs"),
  and nesting deeper than ``MAX_DEPTH`` is refused before the parser sees it (libyaml
  recurses in C and would crash);
- integers longer than ``MAX_INT_DIGITS`` digits are refused.

Every refusal is a ``ValueError`` with a Swedish message naming the line. ``load_yaml_lines``
also returns where each value was written, so later checks can name the line of a field.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 2_000_000  # the largest real data file is well under 300 kB
MAX_NODES = 200_000  # values after expanding aliases
MAX_DEPTH = 40  # nested mappings and lists; real files use fewer than 10
MAX_INT_DIGITS = 15


class DuplicateKeyError(ValueError):
    pass


# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution) without .nan/.inf.
_IMPLICIT = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    # A leading zero makes text, not a number: "0128" is a municipality code (PyYAML writes it
    # unquoted), and "010" is neither eight (YAML 1.1) nor silently ten.
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+]?[0-9]+)?"
     r"|(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+)$", list("-+.0123456789")),
    ("tag:yaml.org,2002:merge", r"^<<$", ["<"]),
]


def _line(node) -> int:
    return node.start_mark.line + 1


class _DataLoader(_Base):  # type: ignore[misc, valid-type]
    yaml_implicit_resolvers: dict = {}

    def construct_mapping(self, node, deep=False):  # noqa: D401
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, "väntade en mappning", node.start_mark)
        explicit = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
        self.flatten_mapping(node)
        pairs = node.value
        merged, own = pairs[:len(pairs) - explicit], pairs[len(pairs) - explicit:]
        result: dict[Any, Any] = {}
        for key_node, value_node in merged:  # as PyYAML: of two merged mappings, the first listed wins
            result[key_node.value] = self.construct_object(value_node, deep=True)
        written: set[str] = set()
        for key_node, value_node in own:
            key = key_node.value
            if key in written:
                raise DuplicateKeyError(f"rad {_line(key_node)}: nyckeln '{_short(key)}' förekommer två gånger")
            written.add(key)
            result[key] = self.construct_object(value_node, deep=True)
        return result

    def construct_yaml_int(self, node):
        text = node.value.replace("_", "")
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise ValueError(f"rad {_line(node)}: talet har {len(text)} siffror; högst {MAX_INT_DIGITS} tillåts")
        return int(text, 10)

    def construct_yaml_float(self, node):
        return float(node.value)

    def construct_undefined(self, node):
        tag = _short(node.tag.replace("tag:yaml.org,2002:", "!!"))
        raise ValueError(f"ogiltig YAML: rad {_line(node)}: taggen {tag!r} tillåts inte i datafilerna")

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
for _tag, _pattern, _first in _IMPLICIT:
    _DataLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
_DataLoader.yaml_constructors = dict(_DataLoader.yaml_constructors)
_DataLoader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))
_DataLoader.add_constructor("tag:yaml.org,2002:int", _DataLoader.construct_yaml_int)
_DataLoader.add_constructor("tag:yaml.org,2002:float", _DataLoader.construct_yaml_float)
for _tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:set",
             "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"):
    _DataLoader.yaml_constructors.pop(_tag, None)
_DataLoader.add_constructor(None, _DataLoader.construct_undefined)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _nesting_before_parsing(text: str) -> None:
    """Refuse nesting the C parser would recurse into without bound (it crashes, not raises)."""
    depth = deepest = 0
    where = 0
    for i, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if depth == 101:
                    where = i
        elif char in "]}":
            depth -= 1
    # Brackets inside quoted text count too; real files never open a hundred without closing.
    if deepest > 100:
        raise ValueError(f"rad {text.count(chr(10), 0, where) + 1}: YAML-filen är nästlad mer än {MAX_DEPTH} "
                         f"nivåer djupt ([ eller {{ i {deepest} nivåer)")
    lines = text.splitlines()
    widest = max((len(line) - len(line.lstrip(" ")) for line in lines), default=0)
    if widest > 4 * MAX_DEPTH + 40:
        line = next(n for n, text_line in enumerate(lines, start=1) if len(text_line) - len(text_line.lstrip(" ")) == widest)
        raise ValueError(f"rad {line}: YAML-filen är indragen {widest} blanksteg; högst {4 * MAX_DEPTH + 40} tillåts")


def _expanded_size(node, depth: int, memo: dict, active: set, aliases: dict) -> int:
    """How many values ``node`` stands for once every alias is filled in (depth-bounded recursion).
    ``aliases`` collects each value reached again through an alias: id -> (line, size)."""
    if depth > MAX_DEPTH:
        raise ValueError(f"rad {_line(node)}: YAML-filen är nästlad mer än {MAX_DEPTH} nivåer djupt")
    key = id(node)
    if key in memo:
        aliases[key] = (_line(node), memo[key])
        return memo[key]
    if key in active:
        raise ValueError(f"rad {_line(node)}: ett alias (*namn) pekar på värdet det står i")
    active.add(key)
    size = 1
    crossed = _line(node)
    if isinstance(node, yaml.ScalarNode):
        _escaped_characters(node)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise ValueError(f"rad {_line(k)}: en nyckel ska vara en enkel text, inte en lista eller mappning")
            _escaped_characters(k)
            size += 1 + _expanded_size(v, depth + 1, memo, active, aliases)
            if size > MAX_NODES:
                crossed = _line(k)
                break
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            size += _expanded_size(item, depth + 1, memo, active, aliases)
            if size > MAX_NODES:
                crossed = _line(item)
                break
    active.discard(key)
    if size > MAX_NODES:
        _too_many(crossed, aliases)
    memo[key] = size
    return size


def _too_many(crossed: int, aliases: dict) -> None:
    """Refuse a document of more than ``MAX_NODES`` values, saying whether aliases made it so:
    the line of the largest value an alias repeats, else of the value that crossed the limit."""
    limit = f"{MAX_NODES:,}".replace(",", " ")
    if aliases:
        line, size = max(aliases.values(), key=lambda hit: (hit[1], -hit[0]))
        if size > 1:
            each = f"{size:,}".replace(",", " ")
            raise ValueError(f"rad {line}: YAML-filen blir mer än {limit} värden när alias (*namn) fylls i "
                             f"(värdet som börjar här upprepas med {each} värden per alias); skriv ut värdena "
                             "i stället")
    raise ValueError(f"rad {crossed}: YAML-filen har mer än {limit} värden; dela upp den eller korta den")


def _escaped_characters(node) -> None:
    """A double-quoted scalar can write any character as an escape (``"\\uFFFF"``, ``"\\0"``), past
    the check of the file's text: its value is checked the same way."""
    if node.style == '"':
        found = forbidden_character(node.value)
        if found is not None:
            raise ValueError(f"rad {_line(node)}, kolumn {node.start_mark.column + 1}: "
                             f"{character_problem(found.group())} (i värdet som börjar här)")


class Lines:
    """The line of every value of a document by dotted path (``areas.2.score`` -> 14), worked
    out only when a problem asks for one: a file without problems never pays for the walk.

    A value reached again through an alias is not walked again: its fields are named by the
    line of the first place it is written.
    """

    def __init__(self, root=None) -> None:
        self._root = root
        self._lines: dict[str, int] | None = None if root is not None else {}

    def _walk(self) -> dict[str, int]:
        if self._lines is None:
            lines: dict[str, int] = {}
            seen: set[int] = set()
            stack = [(self._root, "", 0)]
            while stack:
                node, path, line = stack.pop()
                if path:
                    lines.setdefault(path, line)
                if id(node) in seen:
                    continue
                seen.add(id(node))
                if isinstance(node, yaml.MappingNode):
                    for key, value in node.value:
                        if key.tag == "tag:yaml.org,2002:merge":
                            stack.append((value, path, line))
                        else:
                            stack.append((value, f"{path}.{key.value}" if path else key.value, _line(key)))
                elif isinstance(node, yaml.SequenceNode):
                    for i, item in enumerate(node.value):
                        stack.append((item, f"{path}.{i}" if path else str(i), _line(item)))
            self._lines, self._root = lines, None
        return self._lines

    def __contains__(self, path: str) -> bool:
        return path in self._walk()

    def __getitem__(self, path: str) -> int:
        return self._walk()[path]

    def get(self, path: str, default=None):
        return self._walk().get(path, default)


def parse_yaml(text: str) -> tuple[Any, Lines]:
    """Parse YAML text into (value, {dotted path: line}). Raises ``ValueError`` (Swedish)."""
    _nesting_before_parsing(text)
    loader = _DataLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Lines()
        _expanded_size(node, 0, {}, set(), {})  # scalar keys, depth and size, before anything is built
        return loader.construct_document(node), Lines(node)
    except DuplicateKeyError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"rad {mark.line + 1}, kolumn {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"ogiltig YAML: {where}{problem}") from None
    except RecursionError:
        raise ValueError(f"YAML-filen är nästlad mer än {MAX_DEPTH} nivåer djupt") from None
    finally:
        loader.dispose()


def load_yaml_lines(path: Path) -> tuple[Any, Lines]:
    """One YAML file's value and the line of every value in it (``areas.2.score`` -> 14)."""
    return parse_yaml(read_text(path))


def load_yaml(path: Path) -> Any:
    """Parse one YAML file. Raises ``ValueError`` with a Swedish message on anything unsafe or invalid."""
    return load_yaml_lines(path)[0]


def line_of(field: str, lines) -> int:
    """The line where ``field`` (or the nearest enclosing value) is written; 0 if unknown."""
    while field:
        if field in lines:
            return lines[field]
        field = field.rpartition(".")[0]
    return 0


# Characters that change what a reader sees without being visible: C0/C1 controls (other than
# tab and line breaks) and the bidirectional embeddings, overrides and isolates, which can make
# a name read backwards (https://unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")
# Characters XML 1.0 (https://www.w3.org/TR/xml/#charsets) and spreadsheet files cannot hold, or
# Unicode reserves as noncharacters: surrogates, U+FDD0-U+FDEF and the last two code points of
# every plane (U+FFFE, U+FFFF, U+1FFFE ...). They would break the Atom feed and the workbook.
_NONCHARACTER = re.compile("[\ud800-\udfff\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)) + "]")


def forbidden_character(text: str) -> "re.Match | None":
    """The first character no data file may hold (invisible, reordering, or not allowed in XML)."""
    found = _INVISIBLE.search(text)
    other = _NONCHARACTER.search(text)
    if found is None or (other is not None and other.start() < found.start()):
        return other
    return found


def character_problem(char: str) -> str:
    """What is wrong with ``char`` (one of ``forbidden_character``'s), in Swedish."""
    if _NONCHARACTER.match(char):
        return (f"tecknet U+{ord(char):04X} är ett icke-tecken (noncharacter) som inte kan stå i XML "
                "(flödet) eller i ett kalkylblad; ta bort det")
    name = unicodedata.name(char, "styrtecken")
    return (f"tecknet U+{ord(char):04X} ({name}) tillåts inte i datafilerna (osynligt eller vänder "
            "textens riktning); ta bort det")


def check_characters(text: str) -> None:
    """Refuse characters that are invisible, reorder text or cannot stand in XML; the message names
    line, column and character."""
    found = forbidden_character(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    raise ValueError(f"rad {line}, kolumn {column}: {character_problem(found.group())}")


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A data file's text. Raises ``ValueError`` with a Swedish message when it cannot be read safely."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ValueError(f"filen är {size / 1e6:.1f} MB; högst {limit / 1e6:.1f} MB tillåts")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError("filen saknas") from None
    except IsADirectoryError:
        raise ValueError("är en mapp, inte en fil") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise ValueError("rad 1: filen börjar med ett byte order mark (BOM, U+FEFF); spara den som UTF-8 "
                         "utan BOM (i Anteckningar: 'UTF-8', inte 'UTF-8 med BOM')")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ValueError(f"rad {line}: filen är inte UTF-8; spara den som UTF-8") from None
    check_characters(text)
    return text
