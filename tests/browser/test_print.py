"""Print: clinics print pages for patients. The printed page has no site chrome
(header, navigation, search, footer), keeps the review dates, sources and
disclaimer, prints the address after each external link, opens every
collapsible answer, is black on white whatever the palette, and a medical page
fits on at most four A4 sheets (counted in Chromium's own PDF)."""

from __future__ import annotations

import re

import pytest

from browser.support import settle
from helpers import source_pages

PAGES = sorted(source_pages())
MEDICAL_PAGES = [built for built in PAGES if source_pages()[built]["type"] == "medical"]
MAX_A4_SHEETS = 4
# The Q&A page carries the full triage cards and lists about 50 sources (its own
# and the cards'), which alone fill most of a sheet in three columns.
SHEET_BUDGET = {"questions/index.html": 5}

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-skip", ".headerlink"]
KEPT = [".page-info__review", ".page-info__sources", ".page-info__disclaimer"]

PRINTED_JS = """([chrome, kept]) => {
  const printed = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const content = document.querySelector('article');
  const after = a => getComputedStyle(a, '::after').content;
  const external = [...content.querySelectorAll('a[href^="http"]')];
  const internal = [...content.querySelectorAll('a[href^="#"], a[href^="."]')];
  return {
    chromeShown: chrome.flatMap(s => [...document.querySelectorAll(s)]).filter(printed)
      .map(e => e.className),
    keptHidden: kept.filter(s => !document.querySelector(s) || !printed(document.querySelector(s))),
    unaddressed: external.filter(a => !after(a).includes(a.getAttribute('href')))
      .map(a => a.getAttribute('href')),
    addressedInternal: internal.filter(a => after(a).includes('(')).map(a => a.getAttribute('href')),
    // The Q&A index of questions is left off paper on purpose; answers are not.
    hiddenAnswers: [...content.querySelectorAll('details > :not(summary)')]
      .filter(e => !e.closest('.qa-index') && !printed(e)).length,
    background: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(content).color,
  };
}"""


def pdf_pages(pdf: bytes) -> int:
    """Page objects in Chromium's PDF (it writes each as `/Type /Page`, uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def print_page(browser, visit):
    """print_page(built, palette): the page as the printer sees it, in the reader's palette."""
    tabs = {}

    def open_page(built: str, palette: str = "light"):
        if palette not in tabs:
            context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=palette)
            tabs[palette] = context.new_page()
        page = tabs[palette]
        page.emulate_media(media="screen")
        visit(page, built)
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        settle(page)
        return page

    yield open_page
    for page in tabs.values():
        page.context.close()


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("built", PAGES)
def test_printed_page_is_the_content_with_its_sources(print_page, built, palette):
    page = print_page(built, palette)
    printed = page.evaluate(PRINTED_JS, [CHROME, KEPT])
    assert printed["chromeShown"] == [], "site chrome is printed"
    assert printed["keptHidden"] == [], "review dates, sources or disclaimer are not printed"
    assert printed["unaddressed"] == [], "external links printed without their address"
    assert printed["addressedInternal"] == [], "in-page links printed with an address"
    assert printed["hiddenAnswers"] == 0, "collapsed answers are not printed"
    assert printed["background"] == "rgb(255, 255, 255)", f"printed on {printed['background']}"
    assert printed["text"] == "rgba(0, 0, 0, 0.87)", f"text printed in {printed['text']}"


@pytest.mark.parametrize("built", MEDICAL_PAGES)
def test_medical_page_prints_on_at_most_four_a4_sheets(print_page, built):
    page = print_page(built)
    sheets = pdf_pages(page.pdf(format="A4", print_background=True))
    assert 1 <= sheets <= SHEET_BUDGET.get(built, MAX_A4_SHEETS), f"{built} prints on {sheets} A4 sheets"
