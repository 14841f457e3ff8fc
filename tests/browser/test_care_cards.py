"""Care cards as a reader sees them on a phone: the "How soon to get help" card
and its "Should I get this checked?" button are on the first screen of every
medical page; the cards are set at body-text size; and the three urgency
designs look different in both palettes (the words and icons say it too)."""

from __future__ import annotations

import pytest

from helpers import medical_pages

PHONE = (390, 844)
PAGES = [page for page in medical_pages() if page != "check/index.html"]

MEASURE_JS = """() => {
  const summary = document.querySelector('.care-summary');
  const button = summary.querySelector('.md-button');
  const body = getComputedStyle(document.querySelector('.md-content article > p')).fontSize;
  const cards = [...document.querySelectorAll('.care-cards .care-card')].map(card => ({
    level: card.dataset.level,
    band: getComputedStyle(card.querySelector('.care-card__label')).backgroundColor,
    body: getComputedStyle(card).backgroundColor,
    text: getComputedStyle(card.querySelector('li, p:not(.care-card__label)')).fontSize,
    icon: !!card.querySelector('.care-card__label svg'),
  }));
  return {buttonBottom: button.getBoundingClientRect().bottom, bodySize: body, cards};
}"""


def url(served_site: str, page: str) -> str:
    return served_site + page.removesuffix("index.html")


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_cards_on_every_medical_page(new_page, served_site, palette):
    page = new_page(*PHONE, color_scheme=palette)
    problems = []
    designs = {}
    for built in PAGES:
        assert page.goto(url(served_site, built)).ok
        found = page.evaluate(MEASURE_JS)
        if found["buttonBottom"] > PHONE[1]:
            problems.append(f"{built}: 'Should I get this checked?' ends at {found['buttonBottom']:.0f}px, below the first screen")
        for card in found["cards"]:
            if card["text"] != found["bodySize"]:
                problems.append(f"{built}: {card['level']} card text is {card['text']}, body text {found['bodySize']}")
            if not card["icon"]:
                problems.append(f"{built}: {card['level']} card has no icon")
            designs.setdefault(card["level"], set()).add((card["band"], card["body"]))
    assert problems == []
    # One look per level across pages, and the three designs differ.
    assert all(len(looks) == 1 for looks in designs.values()), designs
    emergency, urgent, soon, book, self_care = (next(iter(designs[level])) for level in
                                                ["emergency", "urgent", "within-two-days", "book-an-appointment", "wait-and-watch"])
    assert urgent == soon and book == self_care
    assert len({emergency, urgent, book}) == 3
    assert emergency[1] != urgent[1], "the emergency card's body is dark"
