"""Clinical review (hooks/review.py): fingerprints, records, review states, the
statements a packet lists and what changed since a review. Unit tests, fast; the
packets the main build publishes are checked at the end. The build with a
reviewer and records is tests/test_review_build.py.

Reviewers here are obviously fictional placeholders, never real people."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

import contract
import review
from helpers import ROOT, SITE_URL, medical_pages

TODAY = dt.date(2026, 6, 1)
FINGERPRINT = "sha256:" + "a" * 64
REVIEWER = {
    "id": "test-example",
    "name": "Dr Test Example",
    "credentials": "MBBS (test fixture, not a person)",
    "role": "General practitioner",
    "registration": {"body": "Test Medical Council", "number": "0000000"},
    "conflicts": "None declared",
}
PAGE = """---
title: A page
description: What it says.
type: medical
last_reviewed: 2026-01-01
next_review: 2027-01-01
sources: [one, two]
---

Milk can leak. It is common [@one].

## Signs { #signs }

- a lump [@two]
- fluid from one side

[@one; @two]
"""
SOURCES = {"one": {"title": "One", "publisher": "P", "url": "https://nhs.uk/one", "accessed": dt.date(2026, 1, 1)},
           "two": {"title": "Two", "publisher": "Q", "url": "https://nhs.uk/two", "accessed": dt.date(2026, 1, 1)}}
SIGNS = [{"id": "lump", "text": "A new lump", "level": "Book", "when": [{"Lump?": True}], "sources": ["two"]}]


def record(**changes) -> dict:
    base = {"reviewer": "test-example", "date": dt.date(2026, 5, 1), "scope": ["a.md"], "commit": "abc1234",
            "fingerprints": {"a.md": FINGERPRINT}}
    return {key: value for key, value in {**base, **changes}.items() if value is not None}


# --------------------------------------------------------------------------- fingerprints


def test_fingerprint_is_stable_and_canonical():
    first = review.fingerprint(PAGE, SOURCES, SIGNS)
    assert first == review.fingerprint(PAGE, SOURCES, SIGNS)
    assert first.startswith("sha256:") and len(first) == 7 + 64
    assert review.fingerprint(PAGE.replace("\n", "\r\n"), SOURCES, SIGNS) == first
    reordered = PAGE.replace("title: A page\ndescription: What it says.\n", "description: What it says.\ntitle: A page\n")
    assert review.fingerprint(reordered, SOURCES, SIGNS) == first


@pytest.mark.parametrize(
    ("what", "page", "sources", "signs", "changes"),
    [
        ("a sentence", PAGE.replace("It is common", "It is rare"), SOURCES, SIGNS, True),
        ("the title", PAGE.replace("title: A page", "title: Another page"), SOURCES, SIGNS, True),
        ("a source's title", PAGE, {**SOURCES, "one": {**SOURCES["one"], "title": "Uno"}}, SIGNS, True),
        ("a triage rule", PAGE, SOURCES, [{**SIGNS[0], "level": "Urgent"}], True),
        ("the review dates", PAGE.replace("next_review: 2027-01-01", "next_review: 2028-01-01"), SOURCES, SIGNS, False),
        ("a source's accessed date", PAGE, {**SOURCES, "one": {**SOURCES["one"], "accessed": dt.date(2026, 2, 2)}}, SIGNS, False),
    ],
)
def test_fingerprint_follows_what_readers_see(what, page, sources, signs, changes):
    assert (review.fingerprint(page, sources, signs) != review.fingerprint(PAGE, SOURCES, SIGNS)) == changes, what


# --------------------------------------------------------------------------- records


@pytest.mark.parametrize(
    ("records", "field", "problem"),
    [
        ("a record", "records", "is not a list"),
        (["a record"], "[0]", "is not a mapping"),
        ([record(reviewer=None)], "[0].reviewer", "missing"),
        ([record(reviewer="dr-nobody")], "[0].reviewer", "is not a configured reviewer's id"),
        ([record(date=None)], "[0].date", "missing"),
        ([record(date="2026-05-01")], "[0].date", "is not a past date"),
        ([record(date=dt.date(2026, 7, 1))], "[0].date", "is not a past date"),
        ([record(scope=None)], "[0].scope", "missing"),
        ([record(scope="everything")], "[0].scope", "neither 'site' nor a list of pages"),
        ([record(scope=["a.md", "b.md"], fingerprints={"a.md": FINGERPRINT, "b.md": FINGERPRINT})], "[0].scope", "'b.md' is not a page"),
        ([record(commit=None)], "[0].commit", "missing"),
        ([record(commit="main")], "[0].commit", "is not a commit id"),
        ([record(fingerprints=None)], "[0].fingerprints", "missing"),
        ([record(fingerprints=["a.md"])], "[0].fingerprints", "is not a mapping"),
        ([record(fingerprints={"a.md": "abc"})], "[0].fingerprints.a.md", "is not sha256:"),
        ([record(scope=["a.md", "c.md"])], "[0].fingerprints.c.md", "missing"),
        ([record(fingerprints={"a.md": FINGERPRINT, "c.md": FINGERPRINT})], "[0].fingerprints.c.md", "outside the record's scope"),
        ([record(scope="site")], "[0].fingerprints.c.md", "missing"),
        ([record(signed="yes")], "[0].signed", "is not a record field"),
    ],
)
def test_a_bad_record_is_refused_naming_its_field(records, field, problem):
    problems = review.check_records(records, [REVIEWER], TODAY, pages=["a.md", "c.md"], site_pages=["a.md", "c.md"])
    assert [(p.path, p.field) for p in problems] == [(review.REVIEWS_FILE, field)], problems
    assert problem in problems[0].problem
    assert str(problems[0]).startswith(f"{review.REVIEWS_FILE}: {field}: ") and ". Fix: " in str(problems[0])


def test_good_records_pass():
    records = [record(), record(scope="site", fingerprints={"a.md": FINGERPRINT, "c.md": FINGERPRINT})]
    assert review.check_records(records, [REVIEWER], TODAY, pages=["a.md", "c.md"], site_pages=["a.md", "c.md"]) == []
    assert review.check_records([], [], TODAY) == []


def test_the_repository_records_no_invented_review():
    assert (ROOT / review.REVIEWS_FILE).read_text(encoding="utf-8").rstrip().endswith("\n[]")


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"id": None}, "extra.clinical_reviewers[0].id", "missing"),
        ({"id": "Dr X"}, "extra.clinical_reviewers[0].id", "is not lower-case"),
        ({"name": ""}, "extra.clinical_reviewers[0].name", "missing"),
        ({"credentials": None}, "extra.clinical_reviewers[0].credentials", "missing"),
        ({"role": None}, "extra.clinical_reviewers[0].role", "missing"),
        ({"registration": None}, "extra.clinical_reviewers[0].registration", "missing"),
        ({"registration": {"body": "Test Medical Council"}}, "extra.clinical_reviewers[0].registration.number", "missing"),
        ({"conflicts": None}, "extra.clinical_reviewers[0].conflicts", "missing"),
        ({"reviewed": dt.date(2026, 1, 1)}, "extra.clinical_reviewers[0].reviewed", "is not a reviewer field"),
    ],
)
def test_a_reviewer_with_incomplete_details_is_refused(change, field, problem):
    reviewer = {key: value for key, value in {**REVIEWER, **change}.items() if value is not None}
    problems = contract.check_clinical_reviewers([reviewer])
    assert [(p.path, p.field) for p in problems] == [("mkdocs.yml", field)], problems
    assert problem in problems[0].problem


def test_reviewer_ids_are_unique_and_registration_may_be_none():
    assert contract.check_clinical_reviewers([{**REVIEWER, "registration": "none"}]) == []
    problems = contract.check_clinical_reviewers([REVIEWER, REVIEWER])
    assert [p.field for p in problems] == ["extra.clinical_reviewers[1].id"]


def test_passages_are_a_list_of_text():
    good = {"one": {**SOURCES["one"], "passages": ["The source's own words."]}}
    assert review.check_passages({**SOURCES, **good}) == []
    [details] = review.citation_details(["one"], good)
    assert details == {"key": "one", "title": "One", "publisher": "P", "url": "https://nhs.uk/one", "passages": ["The source's own words."]}
    problems = review.check_passages({"one": {**SOURCES["one"], "passages": "words"}, "two": {**SOURCES["two"], "passages": [""]}})
    assert [(p.path, p.field) for p in problems] == [("data/bibliography.yml[one]", "passages"), ("data/bibliography.yml[two]", "passages")]


def test_editors_need_names():
    assert review.check_editors([]) == [] and review.check_editors([{"name": "Test Editor"}]) == []
    assert [p.field for p in review.check_editors([{"role": "Editor"}])] == ["extra.editors[0].name"]
    assert [p.field for p in review.check_editors("Test Editor")] == ["extra.editors"]


# --------------------------------------------------------------------------- state


def test_review_state_follows_the_latest_review_of_the_page():
    current = review.fingerprint(PAGE, SOURCES, SIGNS)
    assert review.review_state("a.md", current, [], [REVIEWER]).state == review.NEVER
    approved = record(fingerprints={"a.md": current})
    state = review.review_state("a.md", current, [approved], [REVIEWER])
    assert (state.state, state.date, state.reviewers) == (review.REVIEWED, dt.date(2026, 5, 1), (REVIEWER,))
    older = record(date=dt.date(2026, 4, 1), fingerprints={"a.md": FINGERPRINT})
    assert review.review_state("a.md", current, [approved, older], [REVIEWER]).state == review.REVIEWED
    newer = record(date=dt.date(2026, 5, 20))
    changed = review.review_state("a.md", current, [approved, newer], [REVIEWER])
    assert (changed.state, changed.date, changed.reviewers) == (review.CHANGED, dt.date(2026, 5, 20), ())
    assert review.review_state("b.md", current, [approved], [REVIEWER]).state == review.NEVER


# --------------------------------------------------------------------------- statements and changes


def flat(markdown: str) -> list[review.Statement]:
    return [statement for section in review.statements(markdown) for statement in section.statements]


def test_statements_are_numbered_sentences_with_their_citations():
    sections = review.statements(PAGE)
    assert [section.heading for section in sections][-2:] == ["(introduction)", "Signs"]
    body = [(s.text, s.keys, s.covered_by, s.covered_at) for s in sections[-2].statements + sections[-1].statements]
    first = sections[-2].statements[0].number
    assert body == [
        ("Milk can leak.", [], ["one"], first + 1),
        ("It is common.", ["one"], [], None),
        ("a lump", ["two"], [], None),
        ("fluid from one side", ["one", "two"], [], None),
    ]
    numbers = [statement.number for statement in flat(PAGE)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert [s.text for s in flat(PAGE)][:2] == ["A page", "What it says."]


@pytest.mark.parametrize("built", medical_pages())
def test_every_citation_of_a_page_is_on_a_statement(built):
    """No citation missing and none invented: the packet's statements carry
    exactly the page's [@key] citations, each on the sentence that has it."""
    source = "index.md" if built == "index.html" else built.removesuffix("/index.html") + ".md"
    text = (ROOT / "docs" / source).read_text(encoding="utf-8")
    _, body = review.split_front_matter(text)
    statements = flat(text)
    assert Counter(key for s in statements for key in s.keys) == Counter(contract.cited_keys(body))
    assert all(s.text for s in statements)


def test_what_changed_is_listed_sentence_by_sentence():
    edited = PAGE.replace("It is common [@one].", "It is very common [@one].")
    assert review.sentence_diff(PAGE, edited) == [
        {"section": "(introduction)", "removed": ["It is common. [@one]"], "added": ["It is very common. [@one]"]}
    ]
    assert review.sentence_diff(PAGE, PAGE) == []
    sections = review.statements(edited)
    review.mark_changed(sections, PAGE)
    assert [s.text for section in sections for s in section.statements if s.changed] == ["It is very common."]


def test_reviewed_text_says_why_it_is_unavailable(tmp_path):
    text, note = review.reviewed_text(tmp_path, "abc1234", "a.md")
    assert text is None and "not in this copy" in note


# --------------------------------------------------------------------------- the published packets


def test_every_medical_page_has_a_packet_that_lists_each_statement_with_its_sources(soups, bibliography):
    for built in medical_pages():
        source = "index.md" if built == "index.html" else built.removesuffix("/index.html") + ".md"
        packet = soups.get(review.packet_uri(source))
        assert packet is not None, f"no packet for {source}"
        assert packet.select_one('meta[name="robots"]')["content"] == "noindex"
        statements = flat((ROOT / "docs" / source).read_text(encoding="utf-8"))
        boxes = packet.select("div.packet-sentence")
        assert len(boxes) == len(statements), source
        for box, statement in zip(boxes, statements):
            assert statement.text in " ".join(box.select_one(".packet-statement__text").get_text().split())
            links = [a["href"] for a in box.select(".packet-sources a")]
            assert links == [bibliography[key]["url"] for key in dict.fromkeys(statement.keys)], statement
            if statement.covered_at:
                assert f"covered by the citation of statement {statement.covered_at}." in box.get_text()
            assert len(box.select("input[type=radio]")) == 3 and box.select_one("textarea") is not None
    site = soups[review.packet_uri(review.SITE_PACKET)]
    assert len(site.select("section.packet-page")) == len(medical_pages())


def test_packets_are_not_published_addresses(site_dir, html_files):
    """Not in the sitemap, and files rather than folders, so the link registry
    (every folder's index.html) never lists them."""
    assert f"/{review.PACKET_DIR}/" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert all(not path.endswith("index.html") for path in html_files if path.startswith(review.PACKET_DIR + "/"))


def test_the_site_packet_has_one_fingerprint_per_page(soups):
    site = soups[review.packet_uri(review.SITE_PACKET)]
    prints = [code.get_text() for code in site.select("code.packet-fingerprint")]
    assert len(prints) == len(set(prints)) == len(medical_pages())
    assert all(review.FINGERPRINT.fullmatch(value) for value in prints)


def test_unnamed_editors_are_said_to_be_unnamed_everywhere(soups, pages_meta):
    """With no extra.editors, pages say who writes them without naming anyone,
    and the structured data's author is the publisher, as shown."""
    for page, meta in pages_meta.items():
        byline = " ".join(soups[page].select_one(".page-info__editors").get_text().split())
        assert byline == "Written by the editors of The Milk after sex project, who are not named on the pages."
        if meta["type"] == "medical":
            [data] = [json.loads(block.string) for block in soups[page].select('script[type="application/ld+json"]')
                      if json.loads(block.string).get("@type") == "MedicalWebPage"]
            assert data["author"] == data["publisher"] == {"@type": "Organization", "name": "The Milk after sex project", "url": SITE_URL}
