"""Glossary definitions open in Chromium on hover, on keyboard focus and on a tap
on a phone; the pointer can rest on an open definition; moving away, a tap
elsewhere or Escape closes it (docs/assets/javascripts/glossary.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpers import source_pages

TOOLTIP = '#glossary-definition[role="tooltip"]:not([hidden])'
MAX_TABS = 200


@pytest.fixture(scope="module")
def term_page(soups) -> str:
    """The address of the first medical page that shows a glossary term."""
    for path, meta in sorted(source_pages().items()):
        if meta["type"] == "medical" and soups[path].select_one("article abbr[title]"):
            return path.removesuffix("index.html")
    pytest.fail("no medical page uses a glossary term")


def first_term(page):
    # Not abbr[title]: the title moves into the definition box while it shows.
    term = page.locator("article abbr").first
    return term, term.get_attribute("title")


def test_hovering_a_term_shows_its_definition(served_site, new_page, term_page):
    page = new_page(width=1280, height=800)
    page.goto(served_site + term_page)
    term, definition = first_term(page)
    term.hover()
    expect(page.locator(TOOLTIP)).to_have_text(definition)


def test_tab_reaches_a_term_and_shows_its_definition_and_escape_hides_it(served_site, new_page, term_page):
    page = new_page(width=1280, height=800)
    page.goto(served_site + term_page)
    term, definition = first_term(page)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail(f"{MAX_TABS} presses of Tab never reached a glossary term")
    expect(term).to_be_focused()
    tooltip = page.locator(TOOLTIP)
    expect(tooltip).to_have_text(definition)
    expect(term).to_have_attribute("aria-describedby", tooltip.get_attribute("id"))
    page.keyboard.press("Escape")
    expect(tooltip).to_have_count(0)
    expect(term).to_be_focused()


def test_tapping_a_term_on_a_phone_shows_its_definition_and_a_tap_elsewhere_closes_it(served_site, new_page, term_page):
    page = new_page(width=390, height=844, has_touch=True, is_mobile=True)
    page.goto(served_site + term_page)
    term, definition = first_term(page)
    term.scroll_into_view_if_needed()
    term.tap()
    expect(page.locator(TOOLTIP)).to_have_text(definition)
    # It stays, even when the browser then reports the mouse over another element
    # (Chromium does, after the tap's focus scrolls): only a hovered box closes on that.
    page.wait_for_timeout(600)  # longer than the grace period for a pointer that leaves
    expect(page.locator(TOOLTIP)).to_have_text(definition)
    page.locator("article h1").tap()
    expect(page.locator(TOOLTIP)).to_have_count(0)


def test_only_the_first_appearance_of_each_term_is_a_tab_stop(served_site, new_page, term_page):
    page = new_page()
    page.goto(served_site + term_page)
    focusable = page.locator('article abbr[tabindex="0"]').evaluate_all("terms => terms.map(t => t.title)")
    every = page.locator("article abbr[title]").evaluate_all("terms => terms.map(t => t.title)")
    assert focusable == list(dict.fromkeys(every))


def test_the_pointer_can_rest_on_a_definition_and_leaving_closes_it(served_site, new_page, term_page):
    page = new_page(width=1280, height=800)
    page.goto(served_site + term_page)
    term, definition = first_term(page)
    term.hover()
    tooltip = page.locator(TOOLTIP)
    expect(tooltip).to_have_text(definition)
    tooltip.hover()
    page.wait_for_timeout(600)  # longer than the grace period for reaching the box
    expect(tooltip).to_have_text(definition)
    page.mouse.move(5, 795)
    expect(tooltip).to_have_count(0)
    expect(term).to_have_attribute("title", definition)

