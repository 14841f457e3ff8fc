"""The glossary: one data file, shown as the glossary page and as <abbr title>
definitions wherever a term appears on the other pages."""

from __future__ import annotations

import re

import pytest

import glossary
from conftest import load_yaml, medical_pages
from prose import article

ENTRIES = load_yaml(glossary.GLOSSARY_FILE)
GLOSSARY_PAGE = "glossary/index.html"
MEDICAL_PAGES = medical_pages()
# Every spelling that gets a definition, and the definition it gets.
DEFINITIONS = {form: " ".join(entry["definition"].split()) for entry in ENTRIES for form in glossary.forms(entry)}
# Whole words, longest spelling first, as Python-Markdown's abbr extension matches
# them; a term may be split over two lines of the text.
TERM = re.compile(
    r"\b(?:%s)\b" % "|".join(r"\s+".join(map(re.escape, form.split(" "))) for form in sorted(DEFINITIONS, key=len, reverse=True))
)


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_every_term_is_used_on_another_page(soups):
    used = {
        abbr.get_text()
        for path, soup in soups.items()
        if path != GLOSSARY_PAGE
        for abbr in soup.select("article abbr[title]")
    }
    unused = [entry["term"] for entry in ENTRIES if not used & set(glossary.forms(entry))]
    assert not unused, f"{glossary.GLOSSARY_FILE}: no page uses these terms; remove them or use them: {unused}"


@pytest.mark.parametrize("page", MEDICAL_PAGES)
def test_every_glossary_term_in_the_text_shows_its_definition(soups, page):
    body = article(soups[page])
    for abbr in body.select("abbr"):
        assert abbr.get("title") == DEFINITIONS.get(abbr.get_text()), f"{page}: {abbr} has the wrong definition"
    bare = [
        f"{match.group(0)!r} in {' '.join(node.split())[:80]!r}"
        for node in body.find_all(string=True)
        if not node.find_parent(["abbr", "code", "pre", "kbd"])
        for match in TERM.finditer(node)
    ]
    assert not bare, f"{page}: glossary terms without their definition: {bare}"


def test_glossary_page_lists_every_term_in_alphabetical_order(soups):
    rows = soups[GLOSSARY_PAGE].select("dl.glossary > dt")
    expected = sorted(ENTRIES, key=lambda entry: entry["term"].lower())
    assert [row.get("id") for row in rows] == [glossary.term_id(entry["term"]) for entry in expected]
    for row, entry in zip(rows, expected):
        assert text(row).lower() == entry["term"].lower()
        assert text(row.find_next_sibling("dd")) == DEFINITIONS[entry["term"]]


def test_the_glossary_page_itself_has_no_tooltips(soups):
    assert not soups[GLOSSARY_PAGE].select("article abbr")


# --------------------------------------------------------------------------- hooks/glossary.py


def test_term_ids_are_stable_anchors():
    assert glossary.term_id("prolactin") == "term-prolactin"
    assert glossary.term_id("Let-down reflex") == "term-let-down-reflex"
    assert glossary.term_id("TRH") == "term-trh"


def test_forms_are_the_term_and_listed_spellings_each_also_capitalised_once():
    entry = {"term": "galactorrhoea", "definition": "d", "forms": ["galactorrhea", "Galactorrhoea", "LAM"]}
    assert glossary.forms(entry) == ["galactorrhoea", "Galactorrhoea", "galactorrhea", "Galactorrhea", "LAM"]


def test_abbreviations_give_one_definition_per_spelling_on_one_line():
    entries = [{"term": "oxytocin", "definition": "A hormone\n  that lets milk flow."}]
    assert glossary.abbreviations(entries) == (
        "\n\n*[oxytocin]: A hormone that lets milk flow.\n*[Oxytocin]: A hormone that lets milk flow.\n"
    )


def test_a_term_split_over_two_lines_is_joined_so_it_gets_its_definition():
    entries = [{"term": "pituitary gland", "definition": "d"}]
    markdown = "the pituitary\ngland and the Pituitary  \n    gland.\n\npituitary\n\ngland, pituitary glands"
    assert glossary.join_split_terms(markdown, entries) == (
        "the pituitary gland and the Pituitary gland.\n\npituitary\n\ngland, pituitary glands"
    )


@pytest.mark.parametrize(
    ("entries", "field", "problem"),
    [
        ({"term": "lactation"}, "term", "needs both 'term' and 'definition'"),
        ([{"term": "lactation", "definition": "d"}, {"term": "Lactation", "definition": "e"}], "term", "is defined twice"),
        ({"term": "lactation", "definition": "word " * 50}, "definition", "longer than"),
        ({"term": "lactation", "definition": "See <b>this</b>."}, "definition", "contains markup"),
    ],
)
def test_bad_glossary_entries_are_reported(entries, field, problem):
    entries = entries if isinstance(entries, list) else [entries]
    problems = glossary.check_glossary(entries)
    assert len(problems) == 1
    assert problems[0].path.startswith(glossary.GLOSSARY_FILE)
    assert problems[0].field == field and problem in problems[0].problem


def test_the_glossary_file_has_no_problems():
    assert glossary.check_glossary(ENTRIES) == []
