"""What the browser tests share that is not a fixture: how to name, settle and
use a page, and what a visit records. A plain module (the fixtures are in
conftest.py, which is pytest's)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from helpers import SETTLE_JS

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


def pages_in_share(pages, share: int) -> list[str]:
    """Every VISIT_SHARES-th built page, from `share`, in name order."""
    return sorted(pages)[share::VISIT_SHARES]


def visit_shares() -> list:
    return [pytest.param(share, marks=pytest.mark.xdist_group(f"page-visits-{share}")) for share in range(VISIT_SHARES)]
