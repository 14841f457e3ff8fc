"""Material's bundle waits for the reader (overrides/partials/lazy-material.html):
nothing of it loads with the page, and whatever the reader does first (a key,
a tap on search, the colour toggle) works and starts it. The colour toggle
shows the reader's setting before that (partials/palette-toggle.html)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.support import MATERIAL_STARTED
from browser.reader import PHONE, SEARCH_WORD

BUNDLE = "/assets/javascripts/bundle."


def open_page(new_page, visit, **options):
    page = new_page(*PHONE, **options)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    visit(page, "index.html")
    return page, requested


def bundle_requests(requested: list[str]) -> list[str]:
    return [url for url in requested if BUNDLE in url]


def test_the_bundle_loads_on_the_first_key_press_not_before(new_page, visit):
    page, requested = open_page(new_page, visit)
    page.wait_for_timeout(500)
    assert not bundle_requests(requested), "Material's bundle loaded before the reader did anything"
    assert not page.evaluate(MATERIAL_STARTED)
    page.keyboard.press("Tab")
    page.wait_for_function(MATERIAL_STARTED)
    assert len(bundle_requests(requested)) == 1


@pytest.mark.parametrize("system,scheme", [("light", "default"), ("dark", "slate")])
def test_colours_follow_the_system_setting_before_the_bundle(new_page, visit, system, scheme):
    page, requested = open_page(new_page, visit, color_scheme=system)
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
    expect(page.locator("form[data-md-component=palette] label:visible")).to_have_count(1)
    assert not bundle_requests(requested)


def test_the_colour_toggle_works_as_the_first_thing_the_reader_does(new_page, visit):
    page, _ = open_page(new_page, visit, color_scheme="light")
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function(MATERIAL_STARTED)
    page.locator("form[data-md-component=palette] label:visible").click()
    # System (light) -> light -> dark, kept under Material's own key.
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.evaluate("__md_get('__palette').index") == 2


def test_search_works_as_the_first_thing_the_reader_does(new_page, visit):
    page, _ = open_page(new_page, visit)
    page.locator(".md-header__button[for=__search]").click()
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type(SEARCH_WORD)
    page.locator(".md-search-result__item").first.wait_for()


def test_a_search_key_as_the_first_thing_the_reader_does_opens_search(new_page, visit):
    page, _ = open_page(new_page, visit)
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type(SEARCH_WORD)
    page.locator(".md-search-result__item").first.wait_for()
