"""Reflow and zoom (WCAG 1.4.10, 1.4.4) and target size (2.5.8): no sideways
scrolling at 320 CSS px, nothing clipped when the page or only its text is
zoomed to 200%, and every pointer target at least 24×24 CSS px or spaced as if
it were, unless it sits in a line of text."""

from __future__ import annotations

import pytest

from browser.support import DESCRIBE_JS, MENU_BUTTON, render_everything
from helpers import handout_of, medical_pages, source_pages

# Every page: from Markdown, the 404 page, and the generated one-page handouts.
PAGES = sorted(source_pages()) + ["404.html"] + [handout_of(page) for page in medical_pages()]

# Content that is wider than the viewport or cut off by an overflow:hidden box.
# Exempt: Material's header titles, which shorten with an ellipsis by design and
# repeat the page's h1; hidden things (the closed drawer and search); text kept
# for screen readers only.
OVERFLOW_JS = """() => {
  const name = """ + DESCRIBE_JS + """;
  const width = document.documentElement.clientWidth;
  const shown = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const scrolls = e => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px content in ${width}px`);
  }
  for (const e of document.body.querySelectorAll('*')) {
    if (!shown(e) || e.closest('.md-ellipsis, .md-sidebar--primary, .md-search')) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1 && !scrolls(e) && getComputedStyle(e).position !== 'fixed') {
      problems.push(`${name(e)} sticks out ${Math.round(r.right - width)}px to the right`);
    }
    const s = getComputedStyle(e);
    // A 1px box is text kept for screen readers only (the visually-hidden pattern).
    const clips = /hidden|clip/.test(s.overflowX + s.overflowY) && (e.clientWidth > 1 || e.clientHeight > 1);
    if (clips && e.innerText && e.innerText.trim()
        && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) {
      problems.push(`${name(e)} cuts off its text (${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight})`);
    }
  }
  return problems;
}"""

# Pointer targets smaller than 24×24 CSS px that are neither in a line of text
# nor spaced so that a 24px circle on each touches no other target.
TARGET_SIZE_JS = """() => {
  const name = """ + DESCRIBE_JS + """;
  const shown = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const targets = [...document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for], [role=button], [tabindex="0"]')]
    .filter(e => shown(e))
    .map(e => ({e, r: e.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 && r.height > 0);
  const isTarget = new Set(targets.map(t => t.e));
  const blockOf = e => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (!getComputedStyle(a).display.startsWith('inline')) return a;
    }
    return document.body;
  };
  // Text of a block that is not inside any target.
  const ownText = block => {
    let text = '';
    const walk = node => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
        else if (child.nodeType === Node.ELEMENT_NODE && !isTarget.has(child)) walk(child);
      }
    };
    walk(block);
    return text;
  };
  // WCAG's inline exception: a target in a sentence, or held to the line height
  // of text around it (a citation marker between brackets).
  const inline = e => getComputedStyle(e).display === 'inline' && /\\S/.test(ownText(blockOf(e)));
  const small = ({r}) => r.width < 23.5 || r.height < 23.5;
  const centre = ({r}) => [r.left + r.width / 2, r.top + r.height / 2];
  const distanceToBox = ([x, y], {r}) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const undersized = targets.filter(t => small(t) && !inline(t.e));
  return undersized
    .filter(t => targets.some(o => o !== t && !o.e.contains(t.e) && !t.e.contains(o.e) && (
        distanceToBox(centre(t), o) < 12
        || (small(o) && Math.hypot(centre(t)[0] - centre(o)[0], centre(t)[1] - centre(o)[1]) < 24))))
    .map(t => `${name(t.e)} is ${Math.round(t.r.width)}x${Math.round(t.r.height)}px and crowded`);
}"""


@pytest.fixture(scope="module")
def page_at(browser, visit):
    """page_at(width, height, built): the page in one reused tab per viewport size."""
    tabs = {}

    def open_page(width: int, height: int, built: str, scale: float = 1):
        if (width, height, scale) not in tabs:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=scale, reduced_motion="reduce"
            )
            tabs[width, height, scale] = context.new_page()
        page = tabs[width, height, scale]
        visit(page, built)
        render_everything(page)
        return page

    yield open_page
    for page in tabs.values():
        page.context.close()


@pytest.mark.parametrize("built", PAGES)
def test_no_sideways_scrolling_at_320_css_px(page_at, built):
    page = page_at(320, 640, built)
    problems = page.evaluate(OVERFLOW_JS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("built", PAGES)
def test_page_zoomed_to_200_percent_loses_nothing(page_at, built):
    """A 1280×800 screen at 200% zoom: a 640×400 CSS px viewport at 2 device pixels per px."""
    page = page_at(640, 400, built, scale=2)
    problems = page.evaluate(OVERFLOW_JS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("built", PAGES)
def test_text_alone_zoomed_to_200_percent_loses_nothing(page_at, built):
    """Text-only zoom, as browsers offer it: the root font size doubled on a desktop screen."""
    page = page_at(1280, 800, built)
    page.evaluate("document.documentElement.style.fontSize = 2 * parseFloat(getComputedStyle(document.documentElement).fontSize) + 'px'")
    problems = page.evaluate(OVERFLOW_JS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
@pytest.mark.parametrize("built", PAGES)
def test_pointer_targets_are_at_least_24_css_px(page_at, built, width, height):
    page = page_at(width, height, built)
    problems = page.evaluate(TARGET_SIZE_JS)
    assert not problems, "\n".join(problems)


def test_open_drawer_targets_are_at_least_24_css_px(page_at):
    page = page_at(390, 844, "index.html")
    page.locator(MENU_BUTTON).click()
    assert page.locator(".md-nav--primary .md-nav__link").first.is_visible()
    problems = page.evaluate(TARGET_SIZE_JS)
    assert not problems, "\n".join(problems)
