"""The glossary: one data file, shown as a page and as hover or tap definitions
on every other page (Python-Markdown's abbreviations, <abbr title>)."""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from contract import Violation

GLOSSARY_FILE = "data/glossary.yml"
GLOSSARY_PAGE = "glossary.md"
DEFINITION_MAX = 220
# Every spelling gets a tooltip wherever it appears, so a very short or everyday
# word would cover the text in tooltips ("the" got 35 on one page).
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


def join_split_terms(markdown: str, entries: Iterable[Mapping]) -> str:
    """Put a term of several words that the text wraps over two lines back on one.

    The abbreviations match each spelling exactly, so 'pituitary' at the end of
    one line and 'gland' at the start of the next would otherwise get no
    definition. A blank line (a new paragraph) is never joined.
    """
    spellings = sorted({form for entry in entries for form in forms(entry) if " " in form}, key=len, reverse=True)
    if not spellings:
        return markdown
    split = re.compile(
        r"\b(?:%s)\b" % "|".join(r"(?:[ \t]+|[ \t]*\n[ \t]*)".join(map(re.escape, s.split(" "))) for s in spellings)
    )
    return split.sub(lambda match: " ".join(match.group(0).split()), markdown)


def abbreviations(entries: Iterable[Mapping]) -> str:
    """Abbreviation definitions to append to a page's Markdown."""
    lines = [
        f"*[{form}]: {' '.join(str(entry['definition']).split())}"
        for entry in entries
        for form in forms(entry)
    ]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


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
