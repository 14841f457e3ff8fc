"""Browser fixtures: Debian's Chromium driven by Playwright, against the build
served over HTTP under the site_url path (see tests/conftest.py: served_site).

Every test in this folder is marked `browser`; run them alone with
`python3 scripts/dev.py test -m browser`. Without Chromium they are skipped
with a reason, except when REQUIRE_BROWSER=1 (as .ci/run sets), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import CHROMIUM_FLAGS, SETTLE_JS, VIEWPORTS, chromium_path  # noqa: F401  (re-exported)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's 'chromium' package or set CHROMIUM_PATH"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts: new_page(width=390, height=844, color_scheme='dark', java_script_enabled=True)."""
    contexts = []

    def open_page(width: int = 1280, height: int = 800, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# The phone menu button that replaces Material's drawer label once JavaScript
# runs (overrides/partials/menu-button.html).
MENU_BUTTON = ".md-header button.site-menu"


def settle(page) -> None:
    page.evaluate(SETTLE_JS)


def render_everything(page) -> None:
    """Lay out the blocks the browser skips until the reader scrolls near them
    (content-visibility in site.css), so checks that measure or look at every
    element (axe, reflow, target sizes) see the whole page as a reader will."""
    # Through the CSSOM: the site's CSP forbids <style> elements.
    page.evaluate("""() => {
      const sheet = [...document.styleSheets].at(-1);
      sheet.insertRule('* { content-visibility: visible !important; }', sheet.cssRules.length);
    }""")
    settle(page)


# How failure messages name an element: tag#id.classes "its text".
DESCRIBE_JS = """e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}`
  + [...e.classList].filter(c => c !== 'focus-visible').map(c => '.' + c).join('')
  + ` "${(e.innerText || e.getAttribute('aria-label') || e.getAttribute('href') || '').trim().slice(0, 40)}"`"""


@pytest.fixture(scope="session")
def visit(served_site):
    """visit(page, 'hormones/index.html#fragment'): open a built page, as served, and settle it."""

    def go(page, built: str):
        path, hash_, fragment = built.partition("#")
        response = page.goto(served_site + path.removesuffix("index.html") + hash_ + fragment)
        assert response is not None and response.ok, f"{built}: HTTP {response and response.status}"
        settle(page)
        return response

    return go
