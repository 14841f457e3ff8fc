"""Document structure a screen reader relies on, checked on the built HTML of
every page, generated ones (handouts, 404) included; the one h1 and the page
language are checked in test_site.py. Headings go down one level at a time,
ids are unique (deep links land on one place), images have alt text, and
tables have header cells."""

from __future__ import annotations

from collections import Counter

import pytest
from bs4 import BeautifulSoup

from helpers import EVERY_PAGE


def text(node) -> str:
    return " ".join(node.get_text(" ").split()).rstrip("¶ ")


def heading_skips(soup) -> list[str]:
    """h1 → h2 → h3 in order; going back up any number of levels is fine."""
    article = soup.select_one("article") or soup.body
    headings = article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    levels = [(int(h.name[1]), text(h)) for h in headings]
    if not levels or levels[0][0] != 1:
        return ["the content does not start with its h1"]
    return [
        f"h{previous} {previous_text!r} -> h{level} {heading!r} skips a level"
        for (previous, previous_text), (level, heading) in zip(levels, levels[1:])
        if level > previous + 1
    ]


def duplicate_ids(soup) -> list[str]:
    ids = Counter(node["id"] for node in soup.find_all(id=True))
    return [f"id {i!r} is used {n} times" for i, n in ids.items() if n > 1]


def images_without_alt(soup) -> list[str]:
    """An <img> needs alt: words for a meaningful image, empty for decoration;
    anything drawn as an image (role=img) needs a name."""
    missing = [f"no alt: {str(img)[:120]}" for img in soup.find_all("img") if img.get("alt") is None]
    unnamed = [
        f"role=img without a name: {str(node)[:120]}"
        for node in soup.select('[role="img"]')
        if not (node.get("aria-label") or node.get("aria-labelledby") or node.get("title"))
    ]
    return missing + unnamed


def tables_without_headers(soup) -> list[str]:
    headless = [f"table without header cells: {text(t)[:80]!r}" for t in soup.find_all("table") if not t.find("th")]
    empty = [f"empty header cell in table {text(th.find_parent('table'))[:80]!r}" for th in soup.find_all("th") if not text(th)]
    return headless + empty


CHECKS = [heading_skips, duplicate_ids, images_without_alt, tables_without_headers]


@pytest.mark.xdist_group(EVERY_PAGE)
@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_no_page_breaks_the_rule(soups, check):
    """One collected report per rule, naming every page that breaks it."""
    problems = [f"{page}: {problem}" for page, soup in sorted(soups.items()) for problem in check(soup)]
    assert not problems, "\n".join(problems)


def test_the_checks_see_what_they_look_for():
    """Each check reports a page that breaks its rule (a guard against checks that pass vacuously)."""
    bad = BeautifulSoup(
        '<article><h1>T</h1><h3 id="a">Skip</h3><p id="a"><img src="x.png">'
        '<span role="img"></span></p><table><tr><td>1</td></tr></table></article>',
        "html.parser",
    )
    assert heading_skips(bad) and duplicate_ids(bad) and len(images_without_alt(bad)) == 2
    assert tables_without_headers(bad)
