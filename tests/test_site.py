"""Assertions on the built HTML of every page."""

from __future__ import annotations

import re

import pytest

import contract
from helpers import EVERY_PAGE, shown_sources, source_pages

PAGES = sorted(source_pages())
MEDICAL_PAGES = [path for path in PAGES if source_pages()[path]["type"] == "medical"]


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_the_disclaimer(soups, page):
    disclaimer = soups[page].select_one(".page-info__disclaimer")
    assert disclaimer is not None, f"{page}: no disclaimer"
    words = text(disclaimer)
    assert "not a diagnosis" in words and "emergency" in words


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_its_review_dates(soups, pages_meta, page):
    line = soups[page].select_one(".page-info__review")
    assert line is not None, f"{page}: no review line"
    times = [node["datetime"] for node in line.select("time[datetime]")]
    meta = pages_meta[page]
    assert times == [str(meta["last_reviewed"]), str(meta["next_review"])]
    assert re.search(r"Last reviewed .+ · Next review due .+", text(line))


@pytest.mark.parametrize("page", PAGES)
def test_page_lists_its_numbered_sources(soups, pages_meta, bibliography, page):
    items = soups[page].select("ol.page-info__sources > li")
    keys = shown_sources()[page]
    assert keys[: len(pages_meta[page]["sources"])] == pages_meta[page]["sources"]
    assert [item["id"] for item in items] == [f"source-{key}" for key in keys]
    for item, key in zip(items, keys):
        source = bibliography[key]
        assert source["publisher"] in text(item)
        assert item.a["href"] == source["url"]
        assert item.a.get_text(strip=True) == source["title"]
        assert "No date" not in text(item)
        if source.get("updated"):
            assert f"Last updated {source['updated'].day} {source['updated']:%B %Y}" in text(item)
        else:
            assert source["year"] == "n.d." or str(source["year"]) in text(item)
            assert f"Last checked by us: {source['accessed'].day} {source['accessed']:%B %Y}" in text(item)


@pytest.mark.parametrize("page", PAGES)
def test_citation_numbers_match_the_source_list(soups, page):
    keys = shown_sources()[page]
    for link in soups[page].select("sup.cite a"):
        key = link["href"].removeprefix("#source-")
        assert link.get_text() == str(keys.index(key) + 1), f"{page}: citation {link} is misnumbered"


@pytest.mark.parametrize("page", MEDICAL_PAGES)
def test_medical_page_has_its_advice_section(soups, page):
    headings = [text(h) for h in soups[page].select(".md-content h2")]
    assert any(h.startswith(contract.ADVICE_HEADING) for h in headings), f"{page}: {headings}"


@pytest.mark.parametrize("page", PAGES)
def test_exactly_one_h1_equal_to_the_title(soups, pages_meta, page):
    h1s = soups[page].find_all("h1")
    assert len(h1s) == 1, f"{page}: {len(h1s)} h1 elements"
    assert " ".join(h1s[0].get_text().split()).rstrip("¶").strip() == pages_meta[page]["title"]


@pytest.mark.parametrize("page", PAGES)
def test_meta_description_comes_from_front_matter(soups, pages_meta, page):
    tags = soups[page].find_all("meta", attrs={"name": "description"})
    assert len(tags) == 1
    assert tags[0]["content"] == pages_meta[page]["description"].strip()


def test_titles_are_unique(soups):
    titles = {page: soups[page].title.get_text() for page in PAGES}
    duplicates = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    assert not duplicates, duplicates


def test_every_built_page_comes_from_a_markdown_page(html_files):
    # Printable handouts are made from their medical page (tests/test_clinics.py),
    # review packets likewise (tests/test_review.py).
    built = {path for path in html_files if path != "404.html" and not path.startswith(("handouts/", "review/"))}
    assert built == set(PAGES)


def test_every_bibliography_entry_is_cited(bibliography, pages_meta):
    assert contract.unused_sources(bibliography, shown_sources().values()) == []


@pytest.mark.xdist_group(EVERY_PAGE)
def test_html_lang_is_set(soups):
    for page, soup in soups.items():
        assert soup.html.get("lang") == "en", page
