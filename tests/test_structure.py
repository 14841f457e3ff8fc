"""Document structure a screen reader relies on, checked on the built HTML of
every page (the one h1 and the page language are checked in test_site.py):
headings go down one level at a time, ids are unique (deep links land on one
place), images have alt text, and tables have header cells."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import source_pages

PAGES = sorted(source_pages())
BUILT = PAGES + ["404.html"]


def heading_levels(soup) -> list[tuple[int, str]]:
    article = soup.select_one("article") or soup.body
    return [(int(h.name[1]), " ".join(h.get_text(" ").split()).rstrip("¶ ")) for h in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


@pytest.mark.parametrize("page", PAGES)
def test_headings_skip_no_level(soups, page):
    """h1 → h2 → h3 in order; going back up any number of levels is fine."""
    levels = heading_levels(soups[page])
    assert levels and levels[0][0] == 1, f"{page}: the content does not start with its h1"
    skips = [
        f"h{previous} {previous_text!r} -> h{level} {text!r}"
        for (previous, previous_text), (level, text) in zip(levels, levels[1:])
        if level > previous + 1
    ]
    assert not skips, f"{page}: heading levels skipped:\n" + "\n".join(skips)


@pytest.mark.parametrize("page", BUILT)
def test_ids_are_unique(soups, page):
    ids = Counter(node["id"] for node in soups[page].find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == [], f"{page}: duplicate ids"


@pytest.mark.parametrize("page", BUILT)
def test_images_have_alt_text(soups, page):
    """Every <img> has an alt attribute: words for a meaningful image, empty for decoration;
    every element drawn as an image (role=img) has a name."""
    missing = [str(img)[:120] for img in soups[page].find_all("img") if img.get("alt") is None]
    unnamed = [
        str(node)[:120]
        for node in soups[page].select('[role="img"]')
        if not (node.get("aria-label") or node.get("aria-labelledby") or node.get("title"))
    ]
    assert missing == [] and unnamed == [], f"{page}: images without alt text: {missing + unnamed}"


@pytest.mark.parametrize("page", BUILT)
def test_tables_have_header_cells(soups, page):
    headless = [
        " ".join(table.get_text(" ").split())[:80]
        for table in soups[page].find_all("table")
        if not table.find("th")
    ]
    assert headless == [], f"{page}: tables without header cells"
    for th in soups[page].find_all("th"):
        assert th.get_text(strip=True), f"{page}: empty table header cell in {th.find_parent('table')}"
