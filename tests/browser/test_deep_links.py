"""Deep links: opening …/<page>/#<id> for any question or section shows that
heading in full below the sticky header and, when it sits in a collapsible
answer, opens that answer. Ids come from the build, so new questions are
tested as writers add them."""

from __future__ import annotations

import pytest

from browser.support import MATERIAL_STARTED, settle, start_material
from helpers import VIEWPORTS, source_pages

PAGES = sorted(source_pages())

# Where the target is after the page opened at its fragment.
TARGET_JS = """id => {
  const target = document.getElementById(id);
  const box = target.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const closed = target.closest('details:not([open])');
  return {
    top: box.top, bottom: box.bottom, headerBottom: header.bottom,
    viewport: innerHeight, scrolled: scrollY,
    pageTop: box.top + scrollY,
    closedDetails: closed ? closed.querySelector('summary').innerText.trim() : null,
  };
}"""


def fragment_ids(soup) -> list[str]:
    """Every question and section heading in the page's content, and every
    collapsible answer with an id (the page-info block is not content)."""
    article = soup.select_one("article")
    return [
        node["id"]
        for node in article.select("h2[id], h3[id], h4[id], details[id]")
        if not node.find_parent(class_="page-info")
    ]


def test_the_questions_page_has_question_ids(soups):
    assert len(fragment_ids(soups["questions/index.html"])) >= 10


# Before each same-document jump: back to the top, every answer closed.
RESET_JS = """() => {
  document.querySelectorAll('details[open]').forEach(details => { details.open = false; });
  scrollTo(0, 0);
}"""


def where_problems(fragment: str, where: dict) -> list[str]:
    problems = []
    if where["closedDetails"] is not None:
        problems.append(f"#{fragment}: its answer {where['closedDetails']!r} stays closed")
    if where["top"] < where["headerBottom"] - 1:
        problems.append(f"#{fragment}: hidden under the header (top {where['top']:.0f} < {where['headerBottom']:.0f})")
    elif where["bottom"] > where["viewport"]:
        problems.append(f"#{fragment}: below the screen (bottom {where['bottom']:.0f} > {where['viewport']})")
    if where["pageTop"] > where["viewport"] and where["scrolled"] == 0:
        problems.append(f"#{fragment}: the page did not scroll to it")
    return problems


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("built", PAGES)
def test_opening_a_link_to_a_heading_shows_it(new_page, visit, served_site, soups, built, viewport):
    """The page's first fragment is opened cold, as a link from outside opens it;
    every other one by a jump within the loaded page, from the top with every
    answer closed, as a link on the page (or a reader's edited address) goes there."""
    width, height = VIEWPORTS[viewport]
    page = new_page(width, height, reduced_motion="reduce")
    problems = []
    for number, fragment in enumerate(fragment_ids(soups[built])):
        if number == 0:
            visit(page, f"{built}#{fragment}")
        elif number == 1:
            # The reset's scroll starts Material's bundle: let it finish starting
            # first, so no jump is measured while Material sets the page up.
            start_material(page)
        if number > 0:
            page.evaluate(RESET_JS)
            page.goto(served_site + built.removesuffix("index.html") + "#" + fragment)
            settle(page)
        problems += where_problems(fragment, page.evaluate(TARGET_JS, fragment))
    assert not problems, "\n".join(problems)


# A link in the article, on screen, to a target far below it (not a permalink).
LINK_ON_SCREEN_JS = """() => [...document.querySelectorAll('article a[href^="#"]:not(.headerlink)')].find(a => {
  const box = a.getBoundingClientRect();
  const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
  return box.top > 60 && box.bottom < innerHeight && target && target.getBoundingClientRect().top > innerHeight;
})?.getAttribute('href')"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_first_tap_on_a_link_within_the_page_lands_on_its_target(new_page, visit, viewport):
    """That tap is also what starts Material's bundle (overrides/partials/lazy-material.html):
    the jump and the bundle's start must not undo each other."""
    width, height = VIEWPORTS[viewport]
    phone = viewport == "phone"
    page = new_page(width, height, has_touch=phone, is_mobile=phone)
    visit(page, "questions/index.html")
    href = page.evaluate(LINK_ON_SCREEN_JS)
    assert href, "no link on the first screen leads further down the page"
    link = page.locator(f'article a[href="{href}"]').first
    link.tap() if phone else link.click()
    page.wait_for_function(MATERIAL_STARTED)
    settle(page)
    assert where_problems(href[1:], page.evaluate(TARGET_JS, href[1:])) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_clinic_link_list_waits_until_the_reader_nears_it(new_page, visit, soups, viewport):
    """site.css skips laying out the For clinics link list while it is far below
    the screen (content-visibility), so a phone has less to do before it can respond. The page's sources sit below the list, so a link to one
    must still land on it once the list above has been laid out."""
    width, height = VIEWPORTS[viewport]
    page = new_page(width, height, reduced_motion="reduce")
    visit(page, "for-clinics/index.html")
    skipped = "selector => !document.querySelector(selector).checkVisibility({contentVisibilityAuto: true})"
    if viewport == "phone":  # on a laptop the list starts close enough to be laid out
        assert page.evaluate(skipped, ".clinic-links a"), "the link list is laid out before the reader gets near it"
    problems = []
    for source in soups["for-clinics/index.html"].select(".page-info [id^=source-]"):
        page.goto("about:blank")
        visit(page, f"for-clinics/index.html#{source['id']}")
        where = page.evaluate(TARGET_JS, source["id"])
        if not where["headerBottom"] - 1 <= where["top"] < where["viewport"]:
            problems.append(f"#{source['id']}: top {where['top']:.0f}, not between the header and the screen's end")
    assert not problems, "\n".join(problems)
