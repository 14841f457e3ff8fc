"""Printable handouts in Chromium: each prints to exactly one A4 page, and its QR
code, as drawn on screen, decodes to the canonical URL of its full page."""

from __future__ import annotations

import re

import pytest

from browser.audit import COLOUR_RULES, check_scheme, switch_system_palette, violations
from browser.qr import decode
from helpers import SITE_URL, handout_of, medical_pages

MEDICAL = medical_pages()
# PDF points: 210 x 297 mm.
A4 = (595.92, 842.88)


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """The size of each page in a PDF Chromium wrote, in points."""
    count = len(re.findall(rb"/Type\s*/Page\b", pdf))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) >= count
    return [(float(width), float(height)) for width, height in boxes[:count]]


@pytest.mark.parametrize("page", MEDICAL)
def test_handout_prints_on_exactly_one_a4_page(new_page, visit, page):
    tab = new_page()
    visit(tab, handout_of(page))
    tab.emulate_media(media="print")
    sizes = pdf_pages(tab.pdf(format="A4"))
    assert len(sizes) == 1, f"{handout_of(page)} prints on {len(sizes)} pages; shorten its front matter or the template"
    assert sizes[0] == pytest.approx(A4, abs=1)


@pytest.mark.parametrize("page", MEDICAL)
def test_handout_qr_code_decodes_to_the_full_page(new_page, visit, page):
    tab = new_page(device_scale_factor=2)
    visit(tab, handout_of(page))
    code = tab.locator(".handout__more svg.qr-code")
    assert decode(code.screenshot()) == [SITE_URL + page.removesuffix("index.html")]


def test_print_button_appears_with_javascript_and_opens_printing(new_page, visit):
    tab = new_page()
    tab.add_init_script("window.print = () => { window.printed = true; };")
    visit(tab, handout_of(MEDICAL[0]))
    button = tab.get_by_role("button", name="Print this handout")
    button.click()
    assert tab.evaluate("window.printed") is True


def test_no_print_button_without_javascript(new_page, served_site):
    tab = new_page(java_script_enabled=False)
    tab.goto(served_site + handout_of(MEDICAL[0]).removesuffix("index.html"))
    assert tab.locator("button[data-print]").is_hidden()
    assert tab.locator(".handout h1").is_visible()


def test_handouts_have_no_axe_violations(new_page, visit):
    """Each handout in the light palette, then in the dark one with axe's colour
    rules (all that the palette changes), as test_accessibility checks pages."""
    found = {}
    tab = new_page(390, 844)
    for page in MEDICAL:
        tab.emulate_media(color_scheme="light")
        visit(tab, handout_of(page))
        check_scheme(tab, "light", handout_of(page))
        problems = [f"light: {problem}" for problem in violations(tab)]
        switch_system_palette(tab, "dark", handout_of(page))
        problems += [f"dark: {problem}" for problem in violations(tab, COLOUR_RULES)]
        if problems:
            found[handout_of(page)] = problems
    assert not found, found
