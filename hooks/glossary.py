"""The glossary: one data file, shown as a page and as hover or tap definitions
on every other page (<abbr title>, on a term's first use in each section)."""

from __future__ import annotations

import re
from html import escape
from typing import Iterable, Mapping

from contract import Violation

GLOSSARY_FILE = "data/glossary.yml"
GLOSSARY_PAGE = "glossary.md"
DEFINITION_MAX = 220
# Every spelling gets a tooltip on its first use in each section, so a very short
# or everyday word would still cover the text in tooltips ("the" got 35 on one page).
SPELLING_MIN = 2
COMMON_WORDS = frozenset(
    "a an and are as at be but by can do for from get go has have he her his how i if in is it its me "
    "my no not of on one or our out she so that the their them then there they this to up us was we "
    "what when which who why will with you your".split()
)


def term_id(term: str) -> str:
    """The stable anchor of a term on the glossary page, e.g. 'term-prolactin'."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def forms(entry: Mapping) -> list[str]:
    """Every spelling that gets the definition: the term and its listed extra
    spellings, each also with a capital first letter (for the start of a sentence)."""
    spellings = [entry["term"], *entry.get("forms", [])]
    return list(dict.fromkeys(form for spelling in spellings for form in (spelling, spelling[:1].upper() + spelling[1:])))


# Where a definition would get in the way: headings and titles (the page title
# is the h1), links and buttons (a tap must follow them), form controls (a tap
# must not toggle them), code, citation markers and existing <abbr>.
_NO_TERMS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "button", "code", "pre", "kbd", "script", "style",
             "form", "label", "legend", "select", "textarea", "summary", "sup", "svg"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)([^>]*)>")


def term_pattern(entries: Iterable[Mapping]) -> tuple[re.Pattern, dict[str, Mapping]]:
    """One pattern for every spelling, longest first, whole words only; a term of
    several words may wrap over two lines. Also which entry each spelling names."""
    entry_of = {form: entry for entry in entries for form in forms(entry)}
    spellings = sorted(entry_of, key=len, reverse=True)
    return re.compile(r"\b(?:%s)\b" % "|".join(r"\s+".join(map(re.escape, s.split(" "))) for s in spellings)), entry_of


def mark_first_uses(html: str, entries: Iterable[Mapping]) -> str:
    """Wrap the first use of each term in each section (from one h2 to the next)
    in <abbr title="definition">, outside headings, titles, links and code.

    A definition on every use cluttered long pages (69 dotted underlines on one);
    once per section keeps it near a reader who jumps straight to a section.
    """
    entries = list(entries)
    if not entries:
        return html
    pattern, entry_of = term_pattern(entries)
    open_tags: list[tuple[str, bool]] = []  # (tag, no terms inside)
    inside_no_terms = 0  # how many of open_tags forbid terms
    defined: set[str] = set()  # terms already defined in this section
    out = []
    for token in _TOKEN.split(html):
        if not token:
            continue  # split gives an empty text between two adjacent tags
        tag = _TAG.fullmatch(token) if token[0] == "<" else None
        if tag:
            closing, name, attrs = tag.group(1), tag.group(2).lower(), tag.group(3)
            if closing:
                # Close the innermost open tag of that name, and any left open inside it.
                for index in range(len(open_tags) - 1, -1, -1):
                    if open_tags[index][0] == name:
                        inside_no_terms -= sum(no_terms for _, no_terms in open_tags[index:])
                        del open_tags[index:]
                        break
            elif name not in _VOID and not attrs.rstrip().endswith("/"):
                no_terms = name in _NO_TERMS or (name == "p" and "admonition-title" in attrs)
                open_tags.append((name, no_terms))
                inside_no_terms += no_terms
                if name == "h2":
                    defined = set()
            out.append(token)
        elif token[0] == "<" or inside_no_terms:
            out.append(token)
        else:
            out.append(pattern.sub(lambda match: _define(match.group(0), entry_of, defined), token))
    return "".join(out)


def _define(text: str, entry_of: Mapping[str, Mapping], defined: set[str]) -> str:
    entry = entry_of[" ".join(text.split())]
    if entry["term"] in defined:
        return text
    defined.add(entry["term"])
    definition = escape(" ".join(str(entry["definition"]).split()), quote=True)
    return f'<abbr title="{definition}">{text}</abbr>'


def check_glossary(entries: object) -> list[Violation]:
    if not isinstance(entries, list):
        return [Violation(GLOSSARY_FILE, "entries", "is not a list", "write a YAML list of term/definition pairs")]
    problems = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"{GLOSSARY_FILE}[{index}]"
        if not isinstance(entry, Mapping) or not entry.get("term") or not entry.get("definition"):
            problems.append(Violation(where, "term", "needs both 'term' and 'definition'", "add the missing field"))
            continue
        where = f"{GLOSSARY_FILE}[{entry['term']}]"
        key = str(entry["term"]).lower()
        if key in seen:
            problems.append(Violation(where, "term", "is defined twice", "keep one definition"))
        seen.add(key)
        definition = " ".join(str(entry["definition"]).split())
        if len(definition) > DEFINITION_MAX:
            problems.append(
                Violation(where, "definition", f"{len(definition)} characters is longer than {DEFINITION_MAX}",
                          "shorten it to one plain sentence; it is shown as a tooltip")
            )
        if re.search(r"[\[\]<>]", definition):
            problems.append(Violation(where, "definition", "contains markup", "write plain text only"))
        extra = entry.get("forms", [])
        if not isinstance(extra, list) or not all(isinstance(form, str) for form in extra):
            problems.append(Violation(where, "forms", "is not a list of spellings", "write forms: [spelling, other spelling]"))
            continue
        for spelling in (entry["term"], *extra):
            if not isinstance(spelling, str) or re.search(r"[\[\]<>\"]", spelling):
                problems.append(Violation(where, "term", f"{spelling!r} is not plain text", "write the word as readers see it"))
            elif len(spelling.strip()) < SPELLING_MIN or spelling.strip().lower() in COMMON_WORDS:
                problems.append(
                    Violation(where, "term", f"{spelling!r} is too short or too common to explain",
                              "define a medical word or an abbreviation of at least two letters")
                )
    return problems
