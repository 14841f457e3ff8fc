"""Smaller pages for readers on slow phones: pure functions the build hook calls.

- `minify_html`: whitespace between tags and inside text collapses to one
  character, and comments go. Styles, <pre> and <textarea> keep their bytes
  (preformatted text means its spaces), and so does every tag with its
  attributes; inline scripts are minified (rjsmin). It runs before the CSP is
  computed, so the hashes match what the reader receives.
- `purge_css`: Material's stylesheet styles hundreds of components this site
  never shows. The build keeps only the rules whose classes appear in the built
  HTML or in any script (Material's own bundle included, so classes its
  JavaScript adds later are kept), then the custom properties nothing uses.
  Deterministic: the same build always gives the same stylesheet.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

import rjsmin

# Copied as they are: comments (then dropped), raw-text and preformatted
# elements, and tags whose attributes hold a run of whitespace (a title's line
# breaks show in its tooltip). Other tags may lose runs of whitespace between
# their attributes, which changes nothing.
_PROTECTED = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|pre|textarea)\b.*?</\1\s*>"
    # Possessive: a tag without such a run fails at its end, with no backtracking.
    r"|<(?:[^<> \t\r\f\n]++|[ \t\r\f](?![ \t\r\f\n]))*+(?:[ \t\r\f]?\n|[ \t\r\f]{2})[^<>]*>",
    re.I | re.S,
)
_INLINE_SCRIPT = re.compile(r"(<script\b([^>]*)>)(.*?)(</script\s*>)", re.I | re.S)
_DATA_SCRIPT = re.compile(r"""(?<![\w-])(?:src|type)\s*=\s*["']?(?!text/javascript|module)""", re.I)
# HTML's own whitespace only: a no-break space (U+00A0) is text and stays.
_WHITESPACE_RUN = re.compile(r"[ \t\r\f\n]{2,}")


def _one_character(run: re.Match) -> str:
    # A newline and a space render alike outside <pre>: keep one of either kind.
    return "\n" if "\n" in run.group() else " "


def _collapse(text: str) -> str:
    return _WHITESPACE_RUN.sub(_one_character, text)


def _minify_script(match: re.Match) -> str:
    # Only scripts the browser runs; files (src) and data blocks (JSON) stay as they are.
    if _DATA_SCRIPT.search(match.group(2)):
        return match.group(0)
    return match.group(1) + rjsmin.jsmin(match.group(3)) + match.group(4)


def minify_html(html: str) -> str:
    """The page with runs of whitespace in text collapsed and comments removed."""
    pieces, position = [], 0
    for match in _PROTECTED.finditer(html):
        pieces.append(_collapse(html[position : match.start()]))
        piece = match.group(0)
        if match.group(1) and match.group(1).lower() == "script":
            pieces.append(_INLINE_SCRIPT.sub(_minify_script, piece))
        elif not piece.startswith("<!--"):
            pieces.append(piece)
        position = match.end()
    pieces.append(_collapse(html[position:]))
    return "".join(pieces).strip() + "\n"


# --- CSS ---------------------------------------------------------------------

# Material's stylesheets in the built site (their names carry a content hash),
# in the order Material links them, and the one file the pages link instead.
MATERIAL_STYLESHEETS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
STYLESHEET = "assets/stylesheets/material.min.css"

# The attributes whose values a selector may require: classes, and the data-*
# attributes Material keeps its state and settings in ([data-md-color-primary=red]).
_NAMED_ATTRIBUTE = re.compile(r"""\s(?:class|data-[\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_DATA_VALUE = re.compile(r"""\[\s*data-[\w-]+\s*=\s*["']?(-?[A-Za-z_][\w-]*)["']?\s*\]""")
_WORD = re.compile(r"[A-Za-z_-][\w-]*")
_SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
_CUSTOM_PROPERTY = re.compile(r"--[\w-]+")
# At-rules that hold style rules (purged inside); any other block is kept whole.
_GROUPING_AT_RULES = ("@media", "@supports", "@layer", "@container", "@document")


def used_names(html_pages: Iterable[str], scripts: Iterable[str]) -> set[str]:
    """Every class and data-* attribute value the pages name, and every word in a
    script: any of them may be a class or value the script sets, so the purge
    keeps its rules."""
    names: set[str] = set()
    for html in html_pages:
        for match in _NAMED_ATTRIBUTE.finditer(html):
            names.update((match.group(1) or match.group(2) or match.group(3) or "").split())
    for script in scripts:
        names.update(_WORD.findall(script))
    return names


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_STRING_OR_COMMENT = re.compile(r""""(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|/\*.*?(?:\*/|$)""", re.S)


def _marks(text: str, characters: str) -> Iterator[tuple[int, str]]:
    """(index, character) of each of `characters` in `text` outside strings and comments."""
    pattern = re.compile(r"""["']|/\*|[""" + re.escape(characters) + "]")
    index = 0
    while match := pattern.search(text, index):
        if match.group() in ("\"", "'", "/*"):
            index = _STRING_OR_COMMENT.match(text, match.start()).end()
            continue
        yield match.start(), match.group()
        index = match.end()


def _statements(css: str) -> list[tuple[str, str | None]]:
    """Top-level statements: (prelude, block content) for a block, (text, None)
    for a statement ending in ';'."""
    statements, start, depth, opened = [], 0, 0, 0
    for index, char in _marks(css, "{};"):
        if char == "{":
            if depth == 0:
                opened = index
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                statements.append((_COMMENT.sub("", css[start:opened]).strip(), css[opened + 1 : index]))
                start = index + 1
        elif depth == 0:
            statements.append((_COMMENT.sub("", css[start:index]).strip(), None))
            start = index + 1
    return [(prelude, block) for prelude, block in statements if prelude or block]


def _split_top_level(text: str, separator: str = ",") -> list[str]:
    """`text` split at each `separator` outside brackets and strings."""
    parts, start, depth = [], 0, 0
    for index, char in _marks(text, "()[]" + separator):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            parts.append(text[start:index])
            start = index + 1
    return parts + [text[start:]]


def _required_names(selector: str) -> list[str]:
    """Classes and data-* attribute values an element must carry for the
    selector to match anything. Inside :not(), :is(), :where() and :has()
    nothing counts: the selector is kept (the safe side)."""
    plain = _without_functions(selector)
    return _DATA_VALUE.findall(plain) + _SELECTOR_CLASS.findall(re.sub(r"\[[^\]]*\]", " ", plain))


def _without_functions(selector: str) -> str:
    """The selector without what is inside parentheses."""
    plain, start, depth = [], 0, 0
    for index, char in _marks(selector, "()"):
        if char == "(":
            if depth == 0:
                plain.append(selector[start:index])
            depth += 1
        else:
            depth -= 1
            start = index + 1
    if depth == 0:
        plain.append(selector[start:])
    return " ".join(plain)


def _is_used(name: str, used: set[str], prefixes: tuple[str, ...]) -> bool:
    return name in used or name.startswith(prefixes)


def _map_style_rules(css: str, rewrite: Callable[[str, str], str]) -> str:
    """`css` with every style rule, at any depth, replaced by rewrite(selectors,
    declarations) ('' drops it); an at-rule left empty goes too."""
    out = []
    for prelude, block in _statements(css):
        if block is None:
            out.append(prelude + ";")
        elif prelude.lower().startswith(_GROUPING_AT_RULES):
            inner = _map_style_rules(block, rewrite)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{block}}}")
        else:
            out.append(rewrite(prelude, block))
    return "".join(out)


def _purge_rules(css: str, used: set[str], prefixes: tuple[str, ...]) -> str:
    def keep_used_selectors(prelude: str, block: str) -> str:
        selectors = [
            selector.strip() for selector in _split_top_level(prelude)
            if all(_is_used(name, used, prefixes) for name in _required_names(selector))
        ]
        return f"{','.join(selectors)}{{{block}}}" if selectors else ""

    return _map_style_rules(css, keep_used_selectors)


def _drop_unused_properties(css: str, referenced: set[str]) -> str:
    """Declarations of custom properties nobody reads, removed from every rule."""
    def keep_read_declarations(prelude: str, block: str) -> str:
        declarations = [
            declaration for declaration in _split_top_level(block, ";")
            if declaration.strip()
            and not (declaration.strip().startswith("--")
                     and declaration.split(":", 1)[0].strip() not in referenced)
        ]
        return f"{prelude}{{{';'.join(declarations)}}}" if declarations else ""

    return _map_style_rules(css, keep_read_declarations)


def custom_properties(texts: Iterable[str]) -> set[str]:
    """Every custom property (--name) the texts mention: all that purge_css reads
    of its `other_text`."""
    return {name for text in texts for name in _CUSTOM_PROPERTY.findall(text)}


def purge_css(css: str, used: set[str], other_text: Iterable[str] = ()) -> str:
    """`css` without the rules no page or script can match, and without the
    custom properties nothing reads (in this stylesheet after purging, or in
    `other_text`: our own stylesheets, scripts and pages)."""
    # A script may build a class from a prefix: `md-tag--${type}`.
    prefixes = tuple(sorted(name for name in used if name.endswith(("-", "_"))))
    purged = _purge_rules(css, used, prefixes)
    outside = custom_properties(other_text)
    while True:  # a property read only by a property that went is unused too
        referenced = outside | set(re.findall(r"var\(\s*(--[\w-]+)", purged))
        smaller = _drop_unused_properties(purged, referenced)
        if smaller == purged:
            return purged
        purged = smaller
