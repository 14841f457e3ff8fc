"""One loader for every data file and every page's front matter.

Whatever goes wrong while reading (a missing file, bytes that are not UTF-8, a
tab, a YAML syntax error, a key written twice, the wrong shape) becomes one line
naming the file, the line and the fix, never a traceback. Then `markup_problems`
refuses text that would become markup wherever a template prints it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

import yaml

from contract import Violation


class DataFileError(ValueError):
    """A data file that cannot be used at all; str() is the one line to print."""

    def __init__(self, where: str, line: int | None, problem: str, fix: str) -> None:
        self.violation = Violation(where, f"line {line}" if line else "file", problem, fix)
        super().__init__(str(self.violation))


# libyaml's parser where PyYAML has it (its wheels do): the data files are
# large, and the pure-Python parser was a tenth of the build's time.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """PyYAML's safe loader, except that a key written twice is an error (PyYAML
    silently keeps the last one), and an impossible date such as 2026-02-30 stays
    text so the field's own rule can name it."""


def _no_duplicate_keys(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is written twice", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


def _date_or_text(loader: _StrictLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)

_TAB_FIX = "indent with spaces; YAML does not allow tabs"
_SYNTAX_FIX = "check the indentation and quote any value containing ': ' or '#'"


def parse_yaml(where: str, text: str, first_line: int = 1) -> object:
    """YAML text to data, or a DataFileError naming `where` and the line
    (`first_line` is the file's line number of the text's first line)."""
    for number, line in enumerate(text.splitlines(), first_line):
        if "\t" in line:
            raise DataFileError(where, number, "contains a tab", _TAB_FIX)
    try:
        return yaml.load(text, _StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "invalid YAML"
        fix = "keep one of them" if "written twice" in problem else _SYNTAX_FIX
        line = mark.line + first_line if mark else None
        raise DataFileError(where, line, f"cannot be read as YAML ({problem})", fix) from error


def decode(where: str, raw: bytes) -> str:
    """Bytes to text, or a DataFileError naming the line with the bad bytes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataFileError(where, line, "is not UTF-8 text", "save the file as UTF-8 in your editor") from error


def load(root: Path, relative: str, shape: type = dict) -> object:
    """A data file under `root`, checked to be a mapping (or a list)."""
    path = root / relative
    if not path.is_file():
        raise DataFileError(relative, None, "not found", "restore it from the repository history")
    data = parse_yaml(relative, decode(relative, path.read_bytes()))
    if not isinstance(data, shape):
        kind = "a mapping of names to values" if shape is dict else "a list"
        raise DataFileError(relative, 1, f"is not {kind}", "compare it with the file's history")
    return data


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)


def front_matter(path: str, text: str) -> tuple[dict | None, str, list[Violation]]:
    """A page's front matter (None when it has none), its body, and any problem reading it."""
    if not re.match(r"\A(?:\ufeff)?---[ \t]*\r?\n", text):
        return None, text, []
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, [Violation(path, "front matter", "is not closed", "end it with a line of three dashes: ---")]
    try:
        meta = parse_yaml(path, match.group(1), first_line=2)
    except DataFileError as error:
        return None, text[match.end() :], [error.violation]
    if meta is None:
        return None, text[match.end() :], []
    if not isinstance(meta, dict):
        return None, text[match.end() :], [
            Violation(path, "front matter", "is not a list of 'field: value' lines", "write one 'field: value' a line")
        ]
    return meta, text[match.end() :], []


# Characters that start markup or break out of an attribute, and control
# characters, which no editor means to type.
_MARKUP = re.compile(r"[<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|javascript:", re.I)


def markup_problems(where: str, data: object, field: str = "") -> list[Violation]:
    """Every text value in `data` (nested mappings and lists) that carries markup."""
    if isinstance(data, Mapping):
        return [
            problem
            for key, value in data.items()
            # A key is text too (mkdocs.yml's nav titles are keys).
            for problem in markup_problems(where, key, f"{field} key" if field else "key")
            + markup_problems(where, value, f"{field}.{key}" if field else str(key))
        ]
    if isinstance(data, list):
        return [problem for index, value in enumerate(data) for problem in markup_problems(where, value, f"{field}[{index}]")]
    if isinstance(data, str) and _MARKUP.search(data):
        return [
            Violation(
                where,
                field or "value",
                f"contains markup or a control character ({_MARKUP.search(data).group(0)!r})",
                "write plain text; say 'less than' instead of '<', and link with Markdown in the page",
            )
        ]
    return []
