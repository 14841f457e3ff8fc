"""axe-core finds no WCAG 2.2 A or AA violation on any page, at a phone and a
desktop width, in the light and the dark palette; nor with the search dialog or
the navigation drawer open.

The palette follows the reader's system setting by default, so each palette is
reached by emulating `prefers-color-scheme`, and the test checks that Material
really rendered that scheme. In the second palette of a page only axe's colour
rules run again: nothing else that axe checks changes with the palette.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.audit import COLOUR_RULES, PALETTES, check_scheme, switch_system_palette, violations
from browser.support import MENU_BUTTON, settle
from helpers import VIEWPORTS, source_pages

PAGES = sorted(source_pages()) + ["404.html"]
COMBINATIONS = [(viewport, palette) for viewport in VIEWPORTS for palette in PALETTES]


@pytest.fixture(scope="module")
def open_in(browser, visit):
    """open_in(viewport, palette, built_page): a page in the one browser context
    kept per viewport, loaded with the system set to `palette`, settled and
    checked for its scheme."""
    contexts = {}

    def open_page(viewport: str, palette: str, built: str):
        if viewport not in contexts:
            width, height = VIEWPORTS[viewport]
            contexts[viewport] = browser.new_context(viewport={"width": width, "height": height})
        page = contexts[viewport].new_page()
        page.emulate_media(color_scheme=palette)
        visit(page, built)
        check_scheme(page, palette, built)
        return page

    yield open_page
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("built", PAGES)
def test_page_has_no_axe_violations(open_in, built, viewport):
    """Both palettes in one load: axe runs, the system setting changes, and axe's
    colour rules run again."""
    first, *others = PALETTES
    page = open_in(viewport, first, built)
    try:
        found = [f"{first}: {v}" for v in violations(page)]
        for palette in others:
            switch_system_palette(page, palette, built)
            found += [f"{palette}: {v}" for v in violations(page, COLOUR_RULES)]
        assert found == []
    finally:
        page.close()


@pytest.mark.parametrize("viewport,palette", COMBINATIONS)
def test_open_search_dialog_with_results_has_no_axe_violations(open_in, viewport, palette):
    page = open_in(viewport, palette, "index.html")
    try:
        page.keyboard.press("/")
        # Search loads its index when first opened: type once it is ready.
        expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
        page.keyboard.type("milk")
        page.locator(".md-search-result__item").first.wait_for()
        settle(page)
        assert page.locator(".md-search__input").is_visible()
        assert violations(page) == []
    finally:
        page.close()


@pytest.mark.parametrize("palette", PALETTES)
def test_open_navigation_drawer_has_no_axe_violations(open_in, palette):
    page = open_in("phone", palette, "index.html")
    try:
        page.locator(MENU_BUTTON).click()
        settle(page)
        assert page.locator(".md-sidebar--primary").is_visible()
        assert page.locator(".md-nav__link").first.is_visible()
        assert violations(page) == []
    finally:
        page.close()


def test_palette_toggle_cycles_system_light_dark(open_in):
    """The toggle moves from the system setting to light, to dark, and back."""
    page = open_in("desktop", "dark", "index.html")
    try:
        seen = []
        for _ in range(3):
            page.locator("form[data-md-component=palette] label:visible").click()
            settle(page)
            seen.append(page.evaluate("document.body.dataset.mdColorScheme"))
        assert seen == ["default", "slate", "slate"]
        assert page.evaluate("__md_get('__palette').index") == 0
    finally:
        page.evaluate("localStorage.clear()")
        page.close()
