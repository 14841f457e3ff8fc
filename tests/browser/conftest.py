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

from browser.reader import visit_pages
from browser.support import Visit, pages_in_share, settle
from helpers import CHROMIUM_FLAGS, chromium_path


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's 'chromium-headless-shell' (or 'chromium') package, or set CHROMIUM_PATH"
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


@pytest.fixture(scope="session")
def page_visits(browser, visit, html_files):
    """page_visits(share): the built HTML files of one share (support.py:
    pages_in_share), visited once for the tests that watch what
    pages do (test_csp, test_requests): loaded, then used (browser/reader.py:
    visit_pages)."""
    done: dict[int, dict[str, Visit]] = {}

    def visits_of(share: int) -> dict[str, Visit]:
        if share not in done:
            done[share] = visit_pages(browser, visit, pages_in_share(html_files, share))
        return done[share]

    return visits_of
