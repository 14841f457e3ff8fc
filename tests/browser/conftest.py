"""Browser fixtures: Debian's Chromium driven by Playwright, against the build
served over HTTP under the site_url path (see tests/conftest.py: served_site).

Every test in this folder is marked `browser`; run them alone with
`python3 scripts/dev.py test -m browser`. Without Chromium they are skipped
with a reason, except when REQUIRE_BROWSER=1 (as .ci/run sets), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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


# The phone menu button that replaces Material's drawer label once JavaScript
# runs (overrides/partials/menu-button.html).
MENU_BUTTON = ".md-header button.site-menu"


def settle(page) -> None:
    page.evaluate(SETTLE_JS)


# Material swaps the page's "no-js" class for "js" when its bundle starts.
MATERIAL_STARTED = "() => document.documentElement.classList.contains('js')"


def start_material(page) -> None:
    """Start Material's bundle as a reader's first scroll would, without moving
    focus, and wait until it runs: checks that walk the whole page then see one
    state, not the page changing under them half-way."""
    page.evaluate("dispatchEvent(new Event('wheel'))")
    page.wait_for_function(MATERIAL_STARTED)
    settle(page)


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


# Collects CSP violations from the first moment of every document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} ${event.sample}`);
});
"""


def csp_reports(page, console: list[str]) -> list[str]:
    """What the CSP blocked in `page`, as the document saw it and as the console logged it."""
    return page.evaluate("window.__cspViolations") + [text for text in console if "Content Security Policy" in text]


@dataclass
class Visit:
    """One built page, loaded at a phone's size and used as a reader would."""

    url: str  # where the page ended up (a moved page's refresh goes on to another)
    material: bool  # a normal page, with Material's header and search
    on_load: list[str]  # the URLs requested until it had loaded
    requested: list[str]  # every URL requested, loading and in use
    problems: list[str]  # what failed while using it
    csp_reports: list[str]
    cookies: list[str]
    stored: list[str]  # localStorage and sessionStorage keys


# The built pages are visited in this many shares, each a test of its own in
# test_csp and test_requests, grouped so that xdist visits each share once.
VISIT_SHARES = 4


def visit_shares() -> list:
    return [pytest.param(share, marks=pytest.mark.xdist_group(f"page-visits-{share}")) for share in range(VISIT_SHARES)]


@pytest.fixture(scope="session")
def page_visits(browser, visit, html_files):
    """page_visits(share): every built HTML file of one share (every
    VISIT_SHARES-th, from `share`), visited once for the tests that watch what
    pages do (test_csp, test_requests): loaded, then used (browser/reader.py:
    use_page)."""
    done: dict[int, dict[str, Visit]] = {}

    def visits_of(share: int) -> dict[str, Visit]:
        if share not in done:
            done[share] = _visit(browser, visit, sorted(html_files)[share::VISIT_SHARES])
        return done[share]

    return visits_of


def _visit(browser, visit, pages: list[str]) -> dict[str, Visit]:
    from browser.reader import PHONE, is_material_page, use_page  # reader imports this module

    visits = {}
    for built in pages:
        context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        requested: list[str] = []
        console: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda message: console.append(message.text))
        visit(page, built)
        if page.locator("meta[http-equiv=refresh]").count():
            # A moved page: its refresh goes on to the page it names.
            start = page.url
            page.wait_for_url(lambda url: url != start)
            page.wait_for_load_state("load")
        # Loaded: the load event (visit and the wait above wait for it), then the fonts the layout asked for.
        page.evaluate("document.fonts.ready.then(() => true)")
        on_load = list(requested)
        material = is_material_page(page)
        problems = use_page(page, built) if material else []
        visits[built] = Visit(
            url=page.url,
            material=material,
            on_load=on_load,
            requested=list(requested),
            problems=problems,
            csp_reports=csp_reports(page, console),
            cookies=[cookie["name"] for cookie in context.cookies()],
            stored=page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]"),
        )
        context.close()
    return visits
