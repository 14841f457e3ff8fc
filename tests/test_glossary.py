"""The glossary: one data file, shown as the glossary page and as <abbr title>
definitions on the first use of a term in each section of the other pages."""

from __future__ import annotations

import re

import pytest

import glossary
from helpers import EVERY_PAGE, load_yaml, medical_pages
from prose import article

ENTRIES = load_yaml(glossary.GLOSSARY_FILE)
GLOSSARY_PAGE = "glossary/index.html"
MEDICAL_PAGES = medical_pages()
# Every spelling that gets a definition, the definition it gets, and its term.
DEFINITIONS = {form: " ".join(entry["definition"].split()) for entry in ENTRIES for form in glossary.forms(entry)}
TERM_OF = {form: entry["term"] for entry in ENTRIES for form in glossary.forms(entry)}
# Whole words, longest spelling first; a term may wrap over two lines of the text.
TERM = re.compile(
    r"\b(?:%s)\b" % "|".join(r"\s+".join(map(re.escape, form.split(" "))) for form in sorted(DEFINITIONS, key=len, reverse=True))
)
# Where a term is never marked: titles and headings, links, code, citation
# markers, and controls a tap would toggle.
NO_TERMS = ["h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "sup", "summary", "label", "legend", "button", "form"]


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.mark.xdist_group(EVERY_PAGE)
def test_every_term_is_used_on_another_page(soups):
    used = {
        " ".join(abbr.get_text().split())
        for path, soup in soups.items()
        if path != GLOSSARY_PAGE
        for abbr in soup.select("article abbr[title]")
    }
    unused = [entry["term"] for entry in ENTRIES if not used & set(glossary.forms(entry))]
    assert not unused, f"{glossary.GLOSSARY_FILE}: no page uses these terms; remove them or use them: {unused}"


def section_uses(body) -> list[list[tuple[str, bool]]]:
    """For each h2 section in order, each use of a glossary term (named by its
    entry's term) and whether it carries the definition. Uses where terms are
    never marked are left out."""
    sections: list[list[tuple[str, bool]]] = [[]]
    for node in body.descendants:
        if node.name == "h2":
            sections.append([])
        if node.name is not None or node.find_parent(["script", "style"]):
            continue
        abbr = node.find_parent("abbr")
        if abbr is not None:
            sections[-1].append((TERM_OF[" ".join(abbr.get_text().split())], True))
        elif not node.find_parent(NO_TERMS) and not node.find_parent(class_="admonition-title"):
            sections[-1] += [(TERM_OF[" ".join(match.group(0).split())], False) for match in TERM.finditer(node)]
    return sections


@pytest.mark.parametrize("page", MEDICAL_PAGES)
def test_a_term_shows_its_definition_on_its_first_use_in_each_section_only(soups, page):
    body = article(soups[page])
    for abbr in body.select("abbr"):
        assert abbr.get("title") == DEFINITIONS.get(" ".join(abbr.get_text().split())), f"{page}: {abbr} has the wrong definition"
    problems = []
    for number, uses in enumerate(section_uses(body)):
        seen: set[str] = set()
        for term, defined in uses:
            if defined and term in seen:
                problems.append(f"section {number}: {term!r} is defined again")
            elif not defined and term not in seen:
                problems.append(f"section {number}: the first {term!r} has no definition")
            seen.add(term)
    assert not problems, f"{page}: {problems}"


@pytest.mark.parametrize("page", MEDICAL_PAGES)
def test_no_term_is_marked_in_a_title_heading_link_or_citation(soups, page):
    body = article(soups[page])
    places = body.select(", ".join(f"{where} abbr" for where in [*NO_TERMS, ".admonition-title"]))
    assert not places, f"{page}: definitions where they get in the way: {[str(abbr.parent)[:80] for abbr in places]}"


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


MARK_ENTRIES = [
    {"term": "prolactin", "definition": "A milk hormone."},
    {"term": "pituitary gland", "definition": 'A gland "under" the brain.'},
]


def marked(html: str) -> str:
    return glossary.mark_first_uses(html, MARK_ENTRIES)


def test_only_the_first_use_in_each_section_gets_the_definition():
    html = "<p>prolactin and Prolactin</p><h2 id=a>Prolactin</h2><p>more prolactin, prolactin</p>"
    assert marked(html) == (
        '<p><abbr title="A milk hormone.">prolactin</abbr> and Prolactin</p><h2 id=a>Prolactin</h2>'
        '<p>more <abbr title="A milk hormone.">prolactin</abbr>, prolactin</p>'
    )


def test_titles_headings_links_code_and_citations_are_left_alone():
    html = (
        '<h1>prolactin</h1><h3>prolactin</h3><p class="admonition-title">prolactin</p>'
        '<p><a href="#x">prolactin</a> <code>prolactin</code> <sup class="cite">prolactin</sup> then prolactin</p>'
    )
    assert marked(html).count("<abbr") == 1
    assert marked(html).endswith('then <abbr title="A milk hormone.">prolactin</abbr></p>')


def test_a_term_wrapped_over_two_lines_is_marked_and_its_definition_escaped():
    assert marked("<p>the pituitary\ngland, pituitary glands</p>") == (
        '<p>the <abbr title="A gland &quot;under&quot; the brain.">pituitary\ngland</abbr>, pituitary glands</p>'
    )


def test_whole_words_only_and_scripts_and_comments_untouched():
    html = "<p>prolactinoma</p><script>var prolactin = 1;</script><!-- prolactin -->"
    assert marked(html) == html


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
