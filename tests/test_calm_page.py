"""A calm page: citation markers in rising order, merged where several follow
each other (hooks/contract.py, merge_citations), and the Q&A page's index of
its questions by theme (hooks/qa_index.py), checked on units and on the build."""

from __future__ import annotations

import re

import pytest

import clinic_kit
import contract
import qa_index
from helpers import EVERY_PAGE

SOURCES = ["a", "b", "x"]
QA_PAGE = clinic_kit.FAQ_PAGE.removesuffix(".md") + "/index.html"

# --------------------------------------------------------------------------- citations


@pytest.mark.parametrize(
    ("markdown", "merged"),
    [
        # Markers side by side become one, in the page's source order.
        ("A claim [@b] [@a].", "A claim [@a; @b]."),
        ("A claim [@b][@a][@b].", "A claim [@a; @b]."),
        ("A claim [@b; @a].", "A claim [@a; @b]."),
        # The same sources twice in one sentence: only the last marker stays.
        ("A [@x], and B [@x].", "A, and B [@x]."),
        # The same sources at the ends of two sentences in a row, even over a line break.
        ("A [@x]. B [@x].", "A. B [@x]."),
        ("A [@x].\nB goes\non [@x].", "A.\nB goes\non [@x]."),
        ("A [@x]. B [@x]. C [@x].", "A. B. C [@x]."),
    ],
)
def test_markers_that_follow_each_other_merge(markdown, merged):
    assert contract.merge_citations(markdown, SOURCES) == merged


@pytest.mark.parametrize(
    "markdown",
    [
        "A [@x]. B [@a].",  # different sources: each sentence keeps its own
        "A [@x]. B. C [@x].",  # a sentence between them
        "A [@x]. B [@x], and C [@a].",  # the later marker does not end its sentence
        "A [@x].\n\nB [@x].",  # another paragraph
        "- A [@x]\n- B [@x]",  # list items are separate claims
        "| A [@x] | B [@x] |",  # so are table cells
        "A [@x].\n!!! note\n    B [@x].",  # and admonitions
        "A [@x]. e.g. B [@x].",  # an abbreviation's full stop: not sure it is one sentence
        "A [@zz] [@a].",  # an unknown key is left for the validator to report
    ],
)
def test_markers_for_different_claims_stay_where_they_are(markdown):
    assert contract.merge_citations(markdown, SOURCES) == markdown


def test_a_marker_stays_on_the_line_of_the_words_it_supports():
    rendered = contract.render_citations("A long claim\n  [@a].", SOURCES)
    assert rendered.startswith("A long claim\u00a0<sup")


@pytest.mark.xdist_group(EVERY_PAGE)
def test_every_marker_on_the_site_counts_up_and_stands_alone(soups):
    problems = []
    for path, soup in soups.items():
        for marker in soup.select("sup.cite"):
            numbers = [int(link.get_text()) for link in marker.select("a")]
            if numbers != sorted(set(numbers)):
                problems.append(f"{path}: {numbers} is not in rising order")
            following = marker.next_sibling
            if following is not None and not str(following).strip() and following.next_sibling is not None:
                if getattr(following.next_sibling, "name", None) == "sup" and "cite" in following.next_sibling.get("class", []):
                    problems.append(f"{path}: two markers side by side after {marker.get_text()}")
            elif getattr(following, "name", None) == "sup" and "cite" in following.get("class", []):
                problems.append(f"{path}: two markers side by side after {marker.get_text()}")
    assert not problems, problems


# --------------------------------------------------------------------------- the Q&A index

PAGE = """<h1 id="t">Questions</h1><p>Intro.</p>
<h2 id="milk">Milk <sup class="cite">[1]</sup><a class="headerlink" href="#milk">¶</a></h2>
<h3 id="why">Why &amp; when?<a class="headerlink" href="#why">¶</a></h3><p>Because.</p>
<h3 id="how">How?</h3><p>So.</p>
<h2 id="help">Get help</h2><p>Ask.</p>"""


def test_themes_are_the_h2s_with_their_h3_questions():
    assert qa_index.themes(PAGE) == [
        qa_index.Theme("milk", "Milk", [("why", "Why & when?"), ("how", "How?")]),
        qa_index.Theme("help", "Get help", []),
    ]


def test_the_index_goes_after_the_introduction_and_before_the_first_theme():
    html = qa_index.insert_index(PAGE)
    assert html.index("<p>Intro.</p>") < html.index('<nav class="qa-index"') < html.index('<h2 id="milk">')
    assert '<summary>Milk <span class="qa-index__count">(2)</span></summary>' in html
    assert '<li><a href="#why">Why &amp; when?</a></li>' in html
    assert '<li><a href="#help">Get help</a></li>' in html
    assert qa_index.insert_index("<p>No themes.</p>") == "<p>No themes.</p>"


def test_every_question_on_the_qa_page_is_in_its_index_under_its_theme(soups):
    article = soups[QA_PAGE].select_one("article")
    index = article.select_one("nav.qa-index")
    assert index is not None, "the Q&A page has no index of its questions"
    listed = {}
    for theme in index.select("details"):
        title = re.sub(r"\s*\(\d+\)$", "", " ".join(theme.summary.get_text().split()))
        for link in theme.select("a"):
            listed[link["href"].lstrip("#")] = (title, " ".join(link.get_text().split()))
    theme, missing = None, []
    for heading in article.find_all(["h2", "h3"]):
        if heading.find_parent(class_="page-info"):
            continue  # the template's "About this page" block
        text = " ".join(heading.get_text().split()).rstrip("¶ ")
        if heading.name == "h2":
            theme = re.sub(r"\s*\[[\d, ]+\]$", "", text)
        elif listed.get(heading["id"]) != (theme, text):
            missing.append(f"{heading['id']}: {text!r} under {theme!r}")
    assert not missing, f"questions missing from the Q&A index, or under another theme: {missing}"
    assert index.find_next(["h2"]) is article.find("h2"), "the index comes before the first theme"
