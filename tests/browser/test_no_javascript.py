"""Every page works with JavaScript off (Chromium, phone width): its heading, text
and sources are visible, it starts with a skip link, the menu opens through
Material's checkbox and label, and its links take the reader to the other pages.
Collapsed sections open too.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.reader import PHONE, is_material_page, page_url
from browser.support import VISIT_SHARES, pages_in_share


# What a reader sees without JavaScript, read in one call: a heading, the text,
# every source and a skip link that leads somewhere.
SEEN_JS = """() => {
  const shown = e => e !== null && e.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0;
  const heading = document.querySelector('h1');
  const text = document.querySelector('article p');
  const skip = document.querySelectorAll('a.md-skip');
  const target = skip.length === 1 ? document.querySelector(skip[0].getAttribute('href')) : null;
  return {
    heading: shown(heading) && heading.innerText.trim() !== '',
    text: text === null || shown(text),
    hiddenSources: [...document.querySelectorAll('.page-info__sources li')]
      .map((li, index) => shown(li) ? 0 : index + 1).filter(Boolean),
    skip: target !== null,
  };
}"""


def check_page(page, built: str) -> list[str]:
    seen = page.evaluate(SEEN_JS)
    problems = [] if seen["heading"] else ["no visible h1"]
    if not seen["text"]:
        problems.append("the article's text is not visible")
    problems += [f"source {number} is not visible" for number in seen["hiddenSources"]]
    # The skip link is plain HTML (Material's, or overrides/main.html's on pages
    # without a table of contents): it is there and leads somewhere.
    if not seen["skip"]:
        problems.append("no skip link to the content")
    summaries = page.locator("article details > summary")
    if summaries.count():
        summaries.first.click()
        if page.locator("article details").first.get_attribute("open") is None:
            problems.append("a collapsed section does not open")
    return [f"{built}: {problem}" for problem in problems]


def check_menu(page, built: str) -> list[str]:
    # The other pages' links (the current page's own table of contents is a sub-panel).
    # On a phone the menu opens on the current page's group, or on the top level
    # for a page in no group (Home, For clinics, a handout).
    group = page.locator(".md-nav--primary .md-nav__item--nested.md-nav__item--active > .md-nav > .md-nav__list")
    shown = group.first if group.count() else page.locator(".md-nav--primary > .md-nav__list")
    links = shown.locator(":scope > .md-nav__item > a.md-nav__link[href]:not(.md-nav__link--active)")
    page.locator(".md-header__button[for=__drawer]").click()
    try:
        expect(links.first).to_be_in_viewport()
    except AssertionError:
        return [f"{built}: the menu does not open"]
    before = page.url
    links.first.click()
    page.wait_for_load_state()
    return [] if page.url != before else [f"{built}: the menu's first link goes nowhere"]


# In shares, so the pages spread over the xdist workers (one test was a long tail).
@pytest.mark.parametrize("share", range(VISIT_SHARES))
def test_every_page_is_readable_and_navigable_without_javascript(served_site, html_files, new_page, share):
    problems = []
    # One tab for the share, as a reader goes from page to page; nothing a page
    # does without JavaScript outlives it.
    page = new_page(*PHONE, java_script_enabled=False)
    for built in pages_in_share(html_files, share):
        # Not the `visit` fixture: waiting for animations needs JavaScript.
        response = page.goto(page_url(served_site, built))
        assert response is not None and response.ok, f"{built}: HTTP {response and response.status}"
        if not is_material_page(page):
            continue  # a moved page, which sends the reader on with a meta refresh
        problems += check_page(page, built)
        problems += check_menu(page, built)
    assert not problems, "\n".join(problems)
