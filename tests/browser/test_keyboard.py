"""Keyboard use: the first Tab reaches a working "Skip to content" link; Tab
reaches every interactive element in document order, each with a clearly
visible focus indicator that nothing covers; the menu drawer and any collapsible
answer open and close from the keyboard."""

from __future__ import annotations

import pytest

from browser.support import DESCRIBE_JS, MENU_BUTTON, settle, start_material
from helpers import SETTLE_JS, VIEWPORTS, handout_of, medical_pages, source_pages

PAGES = sorted(source_pages())
# Pages without a table of contents get their skip link from overrides/main.html.
WITHOUT_CONTENTS = [handout_of(page) for page in medical_pages()] + ["404.html"]
# Focus rings are checked in the dark palette too on pages that have every kind
# of stop: header, menu, contents, links, citations, permalinks and footer.
DARK_SAMPLE = ["index.html", "questions/index.html"]
# The most Tab presses one page may need: far more than any page has stops.
MAX_TAB_STOPS = 400

# An element's name, and where it was in the document when the page loaded
# (FOCUSABLE_JS numbers every element first; Material adds some later).
NAME_JS = """
const describe = """ + DESCRIBE_JS + """;
const position = e => e.tabTestOrder ?? -1;
"""

# Everything that can take keyboard focus and is rendered (checkVisibility
# excludes display:none and visibility:hidden, hence the closed drawer). Of a
# group of radio buttons only the checked one is a Tab stop; arrows move within.
FOCUSABLE_JS = """() => { """ + NAME_JS + """
  document.querySelectorAll('*').forEach((e, i) => { e.tabTestOrder = i; });
  return [...document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && !e.closest('[inert]')
            && e.checkVisibility({visibilityProperty: true})
            && !(e.type === 'radio' && !e.checked && e.name))
    .map(e => ({index: position(e), name: describe(e)}));
}"""

# What the focused element looks like, and whether a reader can see it:
# its own box, or the label that shows the focus for a visually hidden control.
FOCUS_STATE_JS = """async () => {
  // When focus scrolled the page, or reached the header (Material opens search
  // when its box gets focus, after a 1 ms timer), the page is still reacting:
  // a later timer runs after Material's, then one frame runs the scroll
  // handlers, then any animation ends. Otherwise nothing is pending.
  const active = document.activeElement;
  if (scrollY !== window.tabTestScroll || (active && active.closest('.md-header, .md-search'))) {
    await new Promise(done => setTimeout(done, 5));
    await new Promise(done => requestAnimationFrame(done));
    if (document.getAnimations().some(a => a.playState === 'running')) await (""" + SETTLE_JS + """)();
  }
  window.tabTestScroll = scrollY;
""" + NAME_JS + """
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  let shown = e;
  const box = e.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) {
    // A visually hidden control shows its focus on its label (Material's palette
    // radios: on the label that follows them).
    const next = e.nextElementSibling;
    const label = next && next.matches('label') && next.getBoundingClientRect().width > 0 ? next
      : e.id && [...document.querySelectorAll(`label[for="${e.id}"]`)].find(l => l.getBoundingClientRect().width > 0);
    if (label) shown = label;
  }
  const r = shown.getBoundingClientRect();
  const s = getComputedStyle(shown);
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = el => {
    for (; el; el = el.parentElement) {
      const [r, g, b, a = 1] = parse(getComputedStyle(el).backgroundColor);
      if (a > 0.5) return [r, g, b];
    }
    return parse(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  };
  const luminance = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]]
    .map(([fx, fy]) => [r.left + fx * r.width, r.top + fy * r.height])
    .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
  const hits = points.map(([x, y]) => document.elementFromPoint(x, y));
  const uncovered = hits.some(hit => hit && (shown.contains(hit) || e.contains(hit)));
  const outlineColour = parse(s.outlineColor);
  const outlineVisible = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
    && (outlineColour[3] ?? 1) > 0.5;
  return {
    name: describe(e),
    index: position(e),
    outline: outlineVisible,
    // A ring drawn inside the element (negative offset) is seen against its own background.
    outlineContrast: outlineVisible ? contrast(outlineColour.slice(0, 3),
      background(parseFloat(s.outlineOffset) < 0 ? shown : shown.parentElement)) : 0,
    inViewport: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
    uncovered,
    coveredBy: uncovered || !hits[0] ? '' : describe(hits[0]),
  };
}"""


def tab_through(page) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the document."""
    # Defined once in the page: each stop then sends a short call, not the whole
    # function (a walk took 6-10 % less time).
    page.evaluate(f"window.tabTestFocusState = {FOCUS_STATE_JS}")
    stops = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate("window.tabTestFocusState()")
        if state is None:
            return stops
        stops.append(state)
    raise AssertionError(f"Tab never left the page after {MAX_TAB_STOPS} stops")


@pytest.fixture(scope="module")
def tab_stops(browser, visit):
    """The focus stops of each page at each width, found once and shared by the tests."""
    found = {}

    def stops_of(viewport: str, built: str, palette: str = "light"):
        if (viewport, built, palette) not in found:
            width, height = VIEWPORTS[viewport]
            # Reduced motion (site.css makes transitions instant) spares a wait at every stop.
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=palette, reduced_motion="reduce"
            )
            page = context.new_page()
            visit(page, built)
            start_material(page)
            focusable = page.evaluate(FOCUSABLE_JS)
            found[viewport, built, palette] = (tab_through(page), focusable)
            context.close()
        return found[viewport, built, palette]

    return stops_of


# Whether the content has anything focusable after its title.
FOCUSABLE_AFTER_TITLE_JS = """() => {
  const title = document.querySelector('article h1');
  return [...document.querySelectorAll('article :is(a[href], button, summary, [tabindex])')]
    .some(e => e.tabIndex >= 0 && e.checkVisibility()
               && (title.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
}"""


@pytest.mark.parametrize("built", PAGES + WITHOUT_CONTENTS)
def test_first_tab_reaches_a_skip_link_that_moves_to_the_content(new_page, visit, built):
    page = new_page(390, 844)
    visit(page, built)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip() == "Skip to content"
    assert skip.get_attribute("href") == "#" + page.locator("article h1").get_attribute("id")
    settle(page)
    assert skip.is_visible() and skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    settle(page)
    h1 = page.locator("article h1").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert header["y"] + header["height"] <= h1["y"] < 844, "the page title is not in view below the header"
    if not page.evaluate(FOCUSABLE_AFTER_TITLE_JS):
        return  # a handout or the 404 page: nothing to reach after the title
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('article') !== null"), "Tab after the skip link left the content"


def walks(palettes: dict[str, list[str]]) -> list:
    """(built, palette, viewport) parameters, each grouped with the other test that
    reads the same walk, so pytest-xdist runs both on one worker and the page is
    walked once."""
    return [
        pytest.param(built, palette, viewport, marks=pytest.mark.xdist_group(f"tab-{built}-{palette}-{viewport}"))
        for palette, pages in palettes.items() for built in pages for viewport in VIEWPORTS
    ]


@pytest.mark.parametrize("built,palette,viewport", walks({"light": PAGES}))
def test_tab_order_follows_the_page_and_reaches_everything(tab_stops, built, palette, viewport):
    stops, focusable = tab_stops(viewport, built, palette)
    order = [stop["index"] for stop in stops]
    assert stops[0]["name"].startswith("a.md-skip"), stops[0]["name"]
    backwards = [(stops[i - 1]["name"], stops[i]["name"]) for i in range(1, len(order)) if order[i] <= order[i - 1]]
    assert not backwards, "Tab moved backwards in the document:\n" + "\n".join(f"{a} -> {b}" for a, b in backwards)
    missed = [element["name"] for element in focusable if element["index"] not in order]
    assert not missed, "Tab never reached:\n" + "\n".join(missed)


@pytest.mark.parametrize("built,palette,viewport", walks({"light": PAGES, "dark": DARK_SAMPLE}))
def test_every_focus_stop_is_clearly_visible(tab_stops, built, palette, viewport):
    stops, _ = tab_stops(viewport, built, palette)
    problems = []
    for stop in stops:
        if not stop["inViewport"]:
            problems.append(f"{stop['name']}: focused outside the viewport")
        elif not stop["uncovered"]:
            problems.append(f"{stop['name']}: focused but covered by {stop['coveredBy']}")
        if not stop["outline"]:
            problems.append(f"{stop['name']}: no focus outline of at least 2px")
        elif stop["outlineContrast"] < 3:
            problems.append(f"{stop['name']}: focus outline contrast {stop['outlineContrast']:.2f}:1 < 3:1")
    assert not problems, "\n".join(problems)


def test_menu_drawer_opens_and_closes_from_the_keyboard(new_page, visit):
    page = new_page(390, 844)
    visit(page, "index.html")
    first_link = page.locator(".md-nav--primary .md-nav__link").first
    assert not first_link.is_visible(), "the closed drawer's links can take focus"
    assert page.locator('.md-header label[for="__drawer"]').count() == 0, "the label was not replaced"
    menu = page.locator(MENU_BUTTON)
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", MENU_BUTTON):
            break
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-label")
    page.keyboard.press("Enter")
    settle(page)
    assert menu.get_attribute("aria-expanded") == "true"
    assert first_link.is_visible() and first_link.bounding_box()["x"] >= 0
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.md-nav--primary') !== null"):
            break
    else:
        raise AssertionError("Tab never reached the open drawer's links")
    page.keyboard.press("Escape")
    settle(page)
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("s => document.activeElement.matches(s)", MENU_BUTTON)
    assert not first_link.is_visible()
    page.keyboard.press(" ")
    settle(page)
    assert menu.get_attribute("aria-expanded") == "true"


def test_collapsible_answers_open_and_close_from_the_keyboard(new_page, visit, soups):
    """Every <details> on every page toggles with Enter on its summary."""
    pages = [built for built in PAGES if soups[built].select("article details")]
    page = new_page(1280, 800)
    for built in pages:
        visit(page, built)
        for index in range(page.locator("article details").count()):
            details = page.locator("article details").nth(index)
            summary = details.locator("summary").first
            summary.focus()
            was_open = details.evaluate("d => d.open")
            page.keyboard.press("Enter")
            assert details.evaluate("d => d.open") is not was_open, f"{built}: details {index} did not toggle"
            page.keyboard.press("Enter")
            assert details.evaluate("d => d.open") is was_open, f"{built}: details {index} did not toggle back"


def test_menu_button_shows_only_where_the_drawer_slides_in(new_page, visit):
    page = new_page(*VIEWPORTS["desktop"])
    visit(page, "index.html")
    assert page.locator(MENU_BUTTON).count() == 1
    assert not page.locator(MENU_BUTTON).is_visible(), "the menu button shows beside the sidebar it would open"
