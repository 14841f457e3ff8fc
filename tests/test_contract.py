"""Unit tests of the page contract (hooks/contract.py): every bad-input case
with the exact one-line message an editor sees."""

from __future__ import annotations

import datetime as dt

import pytest

import contract
from contract import Violation, check_page

TODAY = dt.date(2026, 11, 25)
BIB = {key: {} for key in ("nhs", "mayo", "aafp", "msd")}
PATH = "docs/example.md"


def good_meta(**changes) -> dict:
    meta = {
        "title": "Example",
        "description": "A description that is comfortably longer than fifty characters.",
        "type": "medical",
        "last_reviewed": dt.date(2026, 11, 1),
        "next_review": dt.date(2029, 11, 1),
        "sources": ["nhs", "mayo", "aafp"],
    }
    meta.update(changes)
    return {key: value for key, value in meta.items() if value is not None}


GOOD_BODY = """Milk can leak during sex [@nhs].

## Causes

Touching the nipples is one cause [@mayo; @aafp].

## When to get medical advice

See a doctor if it has blood in it [@nhs].
"""


def messages(meta, body=GOOD_BODY) -> list[str]:
    return [str(v) for v in check_page(PATH, meta, body, BIB, TODAY)]


def test_a_good_page_has_no_violations():
    assert messages(good_meta()) == []


def test_missing_front_matter():
    assert messages(None) == [
        "docs/example.md: front matter: missing. Fix: start the file with a YAML block between '---' "
        "lines that sets title, description, type, last_reviewed, next_review, sources"
    ]


@pytest.mark.parametrize(
    "field, fix",
    [
        ("title", "add 'title:' with the page's name as readers would say it"),
        (
            "description",
            "add 'description:' with one sentence of 50-160 characters; it becomes the meta description",
        ),
        ("type", "add 'type: medical' for health content or 'type: policy' for about, privacy and similar pages"),
        (
            "last_reviewed",
            "add 'last_reviewed: YYYY-MM-DD', the date the page was last checked against its sources",
        ),
        ("next_review", "add 'next_review: YYYY-MM-DD', at most 3 years after last_reviewed"),
        ("sources", "add 'sources:' with a list of keys from data/bibliography.yml"),
    ],
)
def test_each_missing_field(field, fix):
    meta = good_meta()
    del meta[field]
    assert f"docs/example.md: {field}: missing. Fix: {fix}" in messages(meta)


def test_unknown_field_is_reported():
    assert messages(good_meta(last_reveiwed="2026-11-01")) == [
        "docs/example.md: last_reveiwed: is not a known front-matter field. Fix: remove it or correct its "
        "spelling; known fields are title, description, type, last_reviewed, next_review, sources, template, "
        "hide, search, short_answer, triage, teach_back, about"
    ]


def test_description_too_short():
    assert messages(good_meta(description="Too short.")) == [
        "docs/example.md: description: 10 characters is shorter than 50. Fix: write one plain sentence of "
        "50-160 characters saying what the page answers"
    ]


def test_description_too_long():
    assert messages(good_meta(description="x" * 161)) == [
        "docs/example.md: description: 161 characters is longer than 160. Fix: shorten it to 160 characters "
        "or fewer; search engines cut longer ones"
    ]


def test_description_at_the_limits_is_accepted():
    assert messages(good_meta(description="x" * 50)) == []
    assert messages(good_meta(description="x" * 160)) == []


def test_invalid_page_type():
    assert messages(good_meta(type="blog")) == [
        "docs/example.md: type: 'blog' is not a page type. Fix: use 'medical' for health content or 'policy' "
        "for about, privacy and similar pages"
    ]


@pytest.mark.parametrize("value", ["25/11/2026", "2026-13-01", "next year", dt.datetime(2026, 11, 1, 9, 0)])
def test_malformed_date(value):
    assert messages(good_meta(last_reviewed=value)) == [
        f"docs/example.md: last_reviewed: {value!r} is not an ISO date (YYYY-MM-DD). Fix: write the date as "
        "YYYY-MM-DD without quotes, for example last_reviewed: 2026-11-25"
    ]


def test_a_quoted_date_is_text_and_refused_before_a_template_needs_a_date():
    assert messages(good_meta(last_reviewed="2026-11-01")) == [
        "docs/example.md: last_reviewed: '2026-11-01' is in quotes, so it is text, not a date. Fix: write the "
        "date as YYYY-MM-DD without quotes, for example last_reviewed: 2026-11-25"
    ]


def test_future_last_reviewed():
    assert messages(good_meta(last_reviewed=dt.date(2026, 12, 1), next_review=dt.date(2027, 12, 1))) == [
        "docs/example.md: last_reviewed: 2026-12-01 is in the future (today is 2026-11-25). Fix: set it to "
        "the date the page was actually reviewed"
    ]


def test_next_review_before_last_reviewed():
    assert messages(good_meta(next_review=dt.date(2026, 11, 1))) == [
        "docs/example.md: next_review: 2026-11-01 is not after last_reviewed (2026-11-01). Fix: set a date "
        "after 2026-11-01 and no later than 2029-11-01",
        "docs/example.md: next_review: 2026-11-01 has passed (today is 2026-11-25): the page is overdue for "
        "review. Fix: check the page against its sources, then set last_reviewed to the review date and "
        "next_review to a date at most 3 years later",
    ]


def test_next_review_more_than_three_years_on():
    assert messages(good_meta(next_review=dt.date(2029, 11, 2))) == [
        "docs/example.md: next_review: 2029-11-02 is more than 3 years after last_reviewed (2026-11-01). "
        "Fix: set it no later than 2029-11-01"
    ]


def test_overdue_review_fails():
    violations = check_page(
        PATH, good_meta(last_reviewed=dt.date(2024, 1, 1), next_review=dt.date(2026, 11, 24)), GOOD_BODY, BIB, TODAY
    )
    assert [(str(v), v.severity) for v in violations] == [
        (
            "docs/example.md: next_review: 2026-11-24 has passed (today is 2026-11-25): the page is overdue for "
            "review. Fix: check the page against its sources, then set last_reviewed to the review date and "
            "next_review to a date at most 3 years later",
            "error",
        )
    ]


@pytest.mark.parametrize("days, expected", [(60, True), (61, False), (0, True)])
def test_review_due_within_60_days_is_a_warning(days, expected):
    due = TODAY + dt.timedelta(days=days)
    violations = check_page(PATH, good_meta(next_review=due), GOOD_BODY, BIB, TODAY)
    assert [v.severity for v in violations] == (["warning"] if expected else [])
    if expected:
        assert str(violations[0]) == (
            f"docs/example.md: next_review: {due} is due in {days} days. Fix: schedule the review now; "
            "pull requests fail once the date has passed"
        )


def test_unknown_source_key():
    assert messages(good_meta(sources=["nhs", "mayo", "aafp", "wikipedia"])) == [
        "docs/example.md: sources: unknown key 'wikipedia'. Fix: use a key defined in data/bibliography.yml, "
        "or add the source there first",
        "docs/example.md: sources: 'wikipedia' is listed but never cited in the text. Fix: cite it as "
        "[@wikipedia] after the facts it supports, or remove it from sources",
    ]


def test_source_listed_twice():
    assert "docs/example.md: sources: 'nhs' is listed twice. Fix: list each source once" in messages(
        good_meta(sources=["nhs", "nhs", "mayo", "aafp"])
    )


def test_sources_must_be_a_list():
    assert "docs/example.md: sources: is not a list of keys. Fix: add 'sources:' with a list of keys from " \
        "data/bibliography.yml" in messages(good_meta(sources="nhs"))


def test_medical_page_needs_three_sources():
    body = "Milk can leak [@nhs; @mayo].\n\n## When to get medical advice\n\nSee a doctor [@nhs].\n"
    assert messages(good_meta(sources=["nhs", "mayo"]), body) == [
        "docs/example.md: sources: a medical page lists 2 sources, fewer than 3. Fix: cite at least 3 "
        "authoritative sources where their facts are used"
    ]


def test_missing_advice_section():
    body = "Milk can leak [@nhs; @mayo; @aafp].\n"
    assert messages(good_meta(), body) == [
        "docs/example.md: body: has no 'When to get medical advice' section. Fix: add a '## When to get "
        "medical advice' section saying when and how urgently to get checked"
    ]


def test_policy_page_needs_no_advice_section_or_citations():
    assert messages(good_meta(type="policy", sources=["nhs"]), "We collect nothing, as the host says [@nhs].\n") == []


def test_a_policy_page_cites_what_it_lists_and_says_something():
    assert messages(good_meta(type="policy", sources=["nhs"]), "We collect nothing.\n") == [
        "docs/example.md: sources: 'nhs' is listed but never cited in the text. Fix: cite it as [@nhs] after "
        "the facts it supports, or remove it from sources"
    ]
    assert messages(good_meta(type="policy", sources=["nhs"], template="glossary.html"), "Terms.\n") == []
    assert messages(good_meta(type="policy", sources=["nhs"]), "<!-- nothing yet -->\n")[0] == (
        "docs/example.md: body: has no text. Fix: write the page's text below the front matter"
    )


def test_uncited_claim_block():
    body = GOOD_BODY.replace("Touching the nipples is one cause [@mayo; @aafp].", "Touching the nipples is one cause.")
    body += "\nMore on causes [@mayo; @aafp].\n"
    assert messages(good_meta(), body.replace("More on causes [@mayo; @aafp].\n", "")) == [
        "docs/example.md: sources: 'mayo' is listed but never cited in the text. Fix: cite it as [@mayo] after "
        "the facts it supports, or remove it from sources",
        "docs/example.md: sources: 'aafp' is listed but never cited in the text. Fix: cite it as [@aafp] after "
        "the facts it supports, or remove it from sources",
        "docs/example.md: body: the section 'Causes' makes claims without a citation. Fix: add [@key] after "
        "the facts it states, using a key from this page's sources",
    ]


def test_citation_of_a_source_not_on_the_page():
    body = GOOD_BODY + "\nAnother fact [@msd].\n"
    assert messages(good_meta(), body) == [
        "docs/example.md: body: cites [@msd], which is not in this page's sources. Fix: add 'msd' to sources "
        "in the front matter, or cite a listed source"
    ]


def test_a_second_h1_is_refused():
    assert messages(good_meta(), "# Another title\n\n" + GOOD_BODY) == [
        "docs/example.md: body: has its own level-1 heading '# Another title'. Fix: remove it; the "
        "front-matter title is the page's only h1"
    ]


def test_code_blocks_are_not_read_as_headings():
    body = GOOD_BODY + "\n```\n# not a heading\n```\n"
    assert messages(good_meta(), body) == []


def test_violation_is_one_line_naming_file_field_problem_and_fix():
    text = str(Violation("docs/a.md", "title", "missing", "add it"))
    assert text == "docs/a.md: title: missing. Fix: add it"
    assert "\n" not in text


# ----------------------------------------------------------------- citations


def test_citations_become_numbered_links_in_front_matter_order():
    rendered = contract.render_citations("Fact [@mayo]. Both [@nhs; @mayo].", ["nhs", "mayo"])
    assert rendered == (
        'Fact\u00a0<sup class="cite" aria-label="source">[<a href="#source-mayo">2</a>]</sup>. '
        'Both\u00a0<sup class="cite" aria-label="sources">[<a href="#source-nhs">1</a>, '
        '<a href="#source-mayo">2</a>]</sup>.'
    )


def test_citations_filled_in_after_markdown_render_as_if_written_in_it():
    """The build renders a page's Markdown with tokens for its citations and puts
    the links in afterwards (mark_citations, fill_citations): the page must come
    out as if the links had been in the Markdown, tables, lists, admonitions and
    the table of contents included."""
    import markdown

    text = (
        "Fact [@mayo]. Both [@nhs; @mayo].\n\n"
        "## A heading [@nhs] { #a-heading }\n\n"
        "- A list item [@mayo]\n\n"
        "| Sign | Source |\n|---|---|\n| Fever | Yes [@nhs] |\n\n"
        '!!! warning "Get help"\n    Now [@nhs; @mayo].\n'
    )
    extensions = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"]
    sources = ["nhs", "mayo"]
    direct = markdown.Markdown(extensions=extensions)
    expected = direct.convert(contract.render_citations(text, sources))
    marked, links = contract.mark_citations(text, sources)
    later = markdown.Markdown(extensions=extensions)
    assert contract.fill_citations(later.convert(marked), links) == expected
    assert later.toc_tokens == direct.toc_tokens
    heading = next(line for line in marked.splitlines() if line.startswith("## "))
    assert '<sup class="cite"' in heading  # its link went in before Markdown


def test_unknown_citation_is_left_for_the_validator():
    assert contract.render_citations("Fact [@other].", ["nhs"]) == "Fact [@other]."


# ----------------------------------------------------------------- bibliography

ALLOWED = ["nhs.uk", "doi.org"]


def entry(**changes):
    base = {
        "title": "Nipple discharge",
        "publisher": "NHS",
        "url": "https://www.nhs.uk/conditions/nipple-discharge/",
        "year": 2024,
        "accessed": dt.date(2026, 11, 25),
        "kind": "patient-information",
    }
    base.update(changes)
    return base


def bib_messages(bibliography):
    return [str(v) for v in contract.check_bibliography(bibliography, ALLOWED, TODAY)]


def test_a_good_bibliography_entry():
    assert bib_messages({"nhs": entry(), "undated": entry(year="n.d.")}) == []


def test_bibliography_entry_missing_a_field():
    assert bib_messages({"nhs": entry(publisher="")}) == [
        "data/bibliography.yml[nhs]: publisher: missing. Fix: add 'publisher:' to the entry"
    ]


def test_bibliography_url_off_the_allow_list():
    assert bib_messages({"wiki": entry(url="https://en.wikipedia.org/wiki/Galactorrhea")}) == [
        "data/bibliography.yml[wiki]: url: https://en.wikipedia.org/wiki/Galactorrhea is not on the allow-list "
        "of publishers. Fix: link to the publisher's own https page on a domain listed in "
        "data/allowed-domains.yml"
    ]


def test_bibliography_url_without_https():
    assert bib_messages({"nhs": entry(url="http://www.nhs.uk/conditions/nipple-discharge/")}) == [
        "data/bibliography.yml[nhs]: url: http://www.nhs.uk/conditions/nipple-discharge/ does not use https. "
        "Fix: link to the publisher's own https page on a domain listed in data/allowed-domains.yml"
    ]


def test_bibliography_kind_and_dates():
    assert bib_messages({"nhs": entry(kind="blog", accessed=dt.date(2027, 1, 1), year="recent")}) == [
        "data/bibliography.yml[nhs]: kind: 'blog' is not a source kind. Fix: use one of guideline, "
        "clinical-reference, patient-information, research, standard",
        "data/bibliography.yml[nhs]: accessed: 2027-01-01 is in the future. Fix: give "
        "the YYYY-MM-DD date the page was last opened and checked, without quotes",
        "data/bibliography.yml[nhs]: year: 'recent' is not a year. Fix: give a four-digit year, or n.d. if "
        "the page shows none",
    ]


def test_index_links_count_only_with_a_reason():
    pubmed = "https://pubmed.ncbi.nlm.nih.gov/3399590/"
    allowed = ALLOWED + ["pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov"]
    messages = lambda bibliography: [str(v) for v in contract.check_bibliography(bibliography, allowed, TODAY)]
    assert messages({"alder": entry(url=pubmed, kind="research")}) == [
        "data/bibliography.yml[alder]: url: https://pubmed.ncbi.nlm.nih.gov/3399590/ is an index "
        "(pubmed.ncbi.nlm.nih.gov), not the publisher's page. Fix: link to https://doi.org/<DOI> or the "
        "publisher's own page; if there is neither, add 'reason:' saying why"
    ]
    assert messages({"alder": entry(url=pubmed, reason="  ")})[0].startswith("data/bibliography.yml[alder]: url:")
    assert messages({"who": entry(url="https://www.ncbi.nlm.nih.gov/books/NBK148965/", reason="No copy on who.int.")}) == []
    assert messages({"nhs": entry(reason="Because.")}) == [
        "data/bibliography.yml[nhs]: reason: is only for links to an index (pubmed.ncbi.nlm.nih.gov, "
        "pmc.ncbi.nlm.nih.gov, ncbi.nlm.nih.gov/books, ingentaconnect.com). Fix: remove 'reason:'"
    ]


def test_index_hosts():
    assert contract.index_host("https://pmc.ncbi.nlm.nih.gov/articles/PMC3431754/") == "pmc.ncbi.nlm.nih.gov"
    assert contract.index_host("https://www.ncbi.nlm.nih.gov/books/NBK148965/") == "ncbi.nlm.nih.gov/books"
    assert contract.index_host("https://doi.org/10.1017/s0033291700007935") is None
    assert contract.index_host("https://www.ncbi.nlm.nih.gov/booksellers/") is None
    # A platform that hosts publishers' abstracts, not a publisher.
    assert contract.index_host("https://www.ingentaconnect.com/content/routledg/csmt/2006/art00011") == "ingentaconnect.com"


def test_publisher_updated_date_and_unknown_fields():
    assert bib_messages({"nhs": entry(updated=dt.date(2024, 1, 29))}) == []
    assert bib_messages({"nhs": entry(updated=dt.date(2026, 11, 26)), "typo": entry(udpated="2024-01-29")}) == [
        "data/bibliography.yml[nhs]: updated: datetime.date(2026, 11, 26) is not a past date on or before "
        "'accessed'. Fix: give the 'last reviewed' or 'last updated' date the publisher's page shows, as "
        "YYYY-MM-DD without quotes, or remove 'updated:'",
        "data/bibliography.yml[typo]: udpated: is not a bibliography field. Fix: use only title, publisher, "
        "url, year, accessed, kind, updated, reason",
    ]


def test_unused_sources_are_reported_as_warnings():
    violations = contract.unused_sources({"nhs": {}, "mayo": {}}, [["nhs"], []])
    assert [(str(v), v.severity) for v in violations] == [
        (
            "data/bibliography.yml[mayo]: key: no page cites this source. Fix: cite it from a page's sources, "
            "or remove the entry",
            "warning",
        )
    ]


# ----------------------------------------------------------------- links

SITE = {
    "index.html": '<h1 id="top">Home</h1><a href="hormones/">Hormones</a><a href="hormones/#prolactin">P</a>',
    "hormones/index.html": '<h2 id="prolactin">Prolactin</h2><a href="../">Home</a><a href="#prolactin">here</a>',
}


def link_messages(pages, base="/milk/"):
    return [str(v) for v in contract.check_site_links(pages, ALLOWED, base)]


def test_a_consistent_site_has_no_broken_links():
    assert link_messages(SITE) == []


def test_broken_link():
    assert link_messages(dict(SITE, **{"index.html": '<a href="hormone/">Hormones</a>'})) == [
        "index.html: link: hormone/ points to a page that does not exist. Fix: correct the link or add the page"
    ]


def test_broken_anchor_on_another_page():
    assert link_messages(dict(SITE, **{"index.html": '<a href="hormones/#oxytocin">O</a>'})) == [
        "index.html: link: hormones/#oxytocin points to #oxytocin, which is not an id on hormones/index.html. "
        "Fix: link to an existing heading id, or give the target an explicit { #id }"
    ]


def test_broken_anchor_on_the_same_page():
    assert link_messages(dict(SITE, **{"index.html": '<a href="#nowhere">x</a>'})) == [
        "index.html: link: #nowhere points to #nowhere, which is not an id on index.html. Fix: link to an "
        "existing heading id, or give the target an explicit { #id }"
    ]


def test_root_relative_links_resolve_under_the_site_path():
    assert link_messages(dict(SITE, **{"404.html": '<a href="/milk/hormones/#prolactin">x</a>'})) == []
    assert link_messages(dict(SITE, **{"404.html": '<a href="/hormones/">x</a>'})) == [
        "404.html: link: /hormones/ is outside the site path /milk/. Fix: use a relative link so the site "
        "works under any path"
    ]


def test_external_link_off_the_allow_list():
    assert link_messages(dict(SITE, **{"index.html": '<a href="https://example.com/page">x</a>'})) == [
        "index.html: link: https://example.com/page is not on the allow-list of publishers. Fix: link to the "
        "publisher's own https page on a domain listed in data/allowed-domains.yml"
    ]


def test_subdomains_of_allowed_domains_are_allowed():
    assert contract.check_external_url("https://www.nhs.uk/x", ALLOWED) is None
    assert contract.check_external_url("https://evilnhs.uk/x", ALLOWED) == (
        "https://evilnhs.uk/x is not on the allow-list of publishers"
    )
