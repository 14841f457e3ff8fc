"""The decision aid in Chromium (docs/check.md, docs/assets/javascripts/check.js):
every reader scenario in tests/data/triage-scenarios.yml gets the same result
from the script as from hooks/triage.py; an emergency shows the moment it is
answered; a few scenarios are clicked through by mouse and by keyboard; nothing
is stored or sent, the address never changes and Back brings no answer back;
without JavaScript the page is the same guidance as a checklist; and axe finds
no violation with a result on screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.audit import violations
from browser.support import settle
from helpers import load_yaml

import triage

PHONE = (390, 844)
TABLE = load_yaml(triage.TABLE_FILE)
SCENARIOS = {scenario["id"]: scenario for scenario in load_yaml("tests/data/triage-scenarios.yml")}
QUESTIONS = [question["id"] for question in triage.questions(TABLE)]
TEXT = {question["id"]: " ".join(question["text"].split()) for question in triage.questions(TABLE)}
LEVELS = {level["id"]: level for level in TABLE["levels"]}
SIGNS = {sign["id"]: sign["text"] for sign in TABLE["signs"]}
ANSWER = {"yes": "yes", "no": "no", "unsure": "unsure"}
LABEL = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
# Scenarios clicked through end to end: one per level, "not sure" included.
CLICKED = [
    "sudden-headache-vomiting-sees-fine",
    "breastfeeding-fever-hot-breast-no-visible-redness",
    "duct-ectasia-pattern-at-52",
    "breastfeeding-leak-at-orgasm",
    "unsure-if-eye-went-dark-suddenly",
]

# Answer every question by setting the radios, then submit as the button does.
ANSWER_JS = """answers => {
  const form = document.getElementById('decision-aid');
  for (const input of form.querySelectorAll('input[type=radio]'))
    input.checked = input.value === answers[input.name];
  form.requestSubmit();
  const result = document.getElementById('decision-result');
  return {level: result.dataset.outcome,
          why: [...result.querySelectorAll('[data-slot=why] li')].map(li => li.textContent),
          advice: [...result.querySelectorAll('[data-slot=advice] li')].map(li => li.textContent)};
}"""

# Everything the page could leave behind: storage, cookies and the address.
# Material's colour setting is the one thing the site keeps (docs/privacy.md).
TRACES_JS = """() => ({
  local: Object.fromEntries(Object.entries(localStorage).filter(([key]) => !key.endsWith('.__palette'))),
  session: {...sessionStorage}, cookie: document.cookie, url: location.href,
})"""


def sends_nothing(page) -> bool:
    """After loading, the page may fetch only its own static files (Material's
    bundle loads on the first interaction); no request carries anything."""
    base = page.url.split("check/")[0]
    return all(url.startswith(base + "assets/") and "?" not in url for url in page.later_requests)


def python_result(answers: dict) -> dict:
    given = {question: {"yes": True, "no": False}.get(value, triage.UNSURE) for question, value in answers.items()}
    result = triage.evaluate(TABLE, given)
    return {
        "level": result["level"],
        "why": [SIGNS[sign] for sign in result["signs"]] or ["None of your answers is a warning sign."],
        "advice": result["advice"],
    }


@pytest.fixture
def aid(new_page, served_site):
    """The decision-aid page, loaded, with every request it makes after loading."""

    def open_page(width: int = 1280, height: int = 800, **options):
        page = new_page(width, height, **options)
        assert page.goto(served_site + "check/").ok
        page.wait_for_function("document.readyState === 'complete'")
        page.later_requests = []
        page.on("request", lambda request: page.later_requests.append(request.url))
        return page

    return open_page


def expect_result(page, expected: dict) -> None:
    level = LEVELS[expected["level"]]
    result = page.locator("#decision-result")
    expect(result).to_have_attribute("data-outcome", level["id"])
    expect(result.locator("h3")).to_have_text(f"{level['label']}: {level['title']}")
    expect(result.locator(".care-card")).to_have_class(f"care-card care-card--{level['card']}")
    expect(result.locator("[data-slot=why] li")).to_have_text(expected["why"])
    expect(result.locator("[data-slot=action]")).to_have_text(" ".join(level["action"].split()))
    assert result.locator("[data-slot=more]").get_attribute("href") == f"#outcome-{level['id']}"
    note = page.locator(".decision-aid__note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("This is not a diagnosis")


def answer_by_clicking(page, answers: dict) -> None:
    for question in QUESTIONS:
        group = page.get_by_role("group", name=TEXT[question])
        group.get_by_role("radio", name=LABEL[answers[question]], exact=True).check()


def test_every_scenario_gets_the_same_result_in_the_browser(aid):
    page = aid()
    wrong = []
    for name, scenario in SCENARIOS.items():
        expected = python_result(scenario["answers"])
        got = page.evaluate(ANSWER_JS, scenario["answers"])
        if got != expected:
            wrong.append(f"{name}: got {got}, Python says {expected}")
        if got["level"] != scenario["level"]:
            wrong.append(f"{name}: got {got['level']}, the sources support {scenario['level']}")
    assert wrong == []


@pytest.mark.parametrize("name", CLICKED)
def test_a_scenario_clicked_through_is_private(aid, served_site, name):
    page = aid(*PHONE)
    before = page.evaluate(TRACES_JS)
    answers = SCENARIOS[name]["answers"]
    answer_by_clicking(page, answers)
    page.get_by_role("button", name="Show my result").click()
    expect_result(page, python_result(answers))
    assert page.url == served_site + "check/", "the address changed"
    assert page.evaluate(TRACES_JS) == before, "the page stored something"
    assert before["cookie"] == ""
    assert sends_nothing(page), "the page sent something after loading"


def test_an_emergency_shows_the_moment_it_is_answered(aid):
    page = aid(*PHONE)
    group = page.get_by_role("group", name=TEXT["sudden_headache"])
    group.get_by_role("radio", name="Not sure").check()
    expect_result(page, {"level": "emergency", "why": [SIGNS["sudden-headache"]]})
    group.get_by_role("radio", name="No", exact=True).check()
    expect(page.locator("#decision-result")).not_to_have_attribute("data-outcome", "emergency")
    page.get_by_role("group", name=TEXT["sudden_sight_loss"]).get_by_role("radio", name="Yes").check()
    expect_result(page, {"level": "emergency", "why": [SIGNS["sudden-sight-loss"]]})


def test_the_form_works_from_the_keyboard_alone(aid):
    """Space answers yes, an arrow key answers no, Tab goes to the next question
    and then to the button, and Enter shows the result."""
    page = aid()
    answers = {question: "no" for question in QUESTIONS} | {"milky": "yes", "breastfeeding": "yes", "pregnant_last_year": "yes"}
    page.locator(f"input[name={QUESTIONS[0]}][value=yes]").focus()
    for question in QUESTIONS:
        page.keyboard.press("Space" if answers[question] == "yes" else "ArrowDown")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show my result"
    page.keyboard.press("Enter")
    expect_result(page, python_result(answers))
    assert sends_nothing(page)


def test_unanswered_questions_are_named_and_focused(aid):
    page = aid()
    page.get_by_role("group", name=TEXT[QUESTIONS[0]]).get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Show my result").click()
    result = page.locator("#decision-result")
    numbers = ", ".join(str(number) for number in range(2, len(QUESTIONS) + 1))
    expect(result).to_have_text(f"Answer every question to see your result. Questions not answered yet: {numbers}.")
    assert result.get_attribute("data-outcome") is None
    assert page.evaluate("document.activeElement.name") == QUESTIONS[1]
    assert page.locator(".decision-aid__missing").count() == len(QUESTIONS) - 1


def test_start_again_and_back_leave_no_answer_behind(aid, served_site):
    page = aid()
    page.evaluate(ANSWER_JS, {question: "yes" for question in QUESTIONS})
    expect(page.locator("#decision-result")).to_have_attribute("data-outcome", "emergency")
    page.get_by_role("button", name="Start again").click()
    expect(page.locator("#decision-result")).to_be_empty()
    assert page.locator("#decision-aid input:checked").count() == 0
    # Answer again, leave the page, come back: nothing is restored.
    answer_by_clicking(page, SCENARIOS["breastfeeding-leak-at-orgasm"]["answers"])
    page.get_by_role("button", name="Show my result").click()
    page.goto(served_site + "privacy/")
    page.go_back()
    page.wait_for_function("document.readyState === 'complete'")
    assert page.locator("#decision-aid input:checked").count() == 0
    expect(page.locator("#decision-result")).to_be_empty()


def test_without_javascript_the_page_is_the_same_guidance_as_a_checklist(aid):
    page = aid(*PHONE, java_script_enabled=False)
    expect(page.locator("#decision-aid")).to_be_hidden()
    expect(page.locator(".decision-aid__noscript")).to_be_visible()
    for level in TABLE["levels"]:
        heading = page.locator(f"#outcome-{level['id']}")
        expect(heading).to_contain_text(level["title"])
        card = page.locator(f"#outcome-{level['id']} + .care-card")
        for sign in triage.signs_at(TABLE, level["id"]):
            expect(card.locator(f"li[data-sign='{sign['id']}']")).to_be_visible()


# What answering changes: the questions (checked answers), the result, and the
# sidebars' tables of contents (they mark where the page has scrolled to).
AID_PARTS = {"include": [["#decision-aid"], ["#decision-result"], [".md-sidebar"]]}
# The rest of the page, as markup and classes, to show that answering leaves it alone.
OUTSIDE_THE_AID_JS = """parts => {
  const body = document.body.cloneNode(true);
  parts.forEach(([selector]) => body.querySelectorAll(selector).forEach(part => part.replaceWith(selector)));
  return document.documentElement.className + body.className + body.innerHTML;
}"""


@pytest.mark.parametrize("width,height", [PHONE, (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_a_result_on_screen_has_no_axe_violations(aid, width, height, palette):
    """The whole page with a result; then two other results. Answering changes
    only the questions, the result and where the tables of contents mark the
    reader's place: axe looks at those again, and the test checks the rest is unchanged."""
    page = aid(width, height, color_scheme=palette)
    page.get_by_role("button", name="Show my result").click()
    settle(page)
    assert violations(page) == []
    outside = page.evaluate(OUTSIDE_THE_AID_JS, AID_PARTS["include"])
    for answers in ({question: "yes" for question in QUESTIONS}, SCENARIOS["breastfeeding-leak-at-orgasm"]["answers"]):
        page.evaluate(ANSWER_JS, answers)
        settle(page)
        assert page.evaluate(OUTSIDE_THE_AID_JS, AID_PARTS["include"]) == outside, "answering changed the page outside AID_PARTS"
        assert violations(page, context=AID_PARTS) == []


def test_the_questions_show_before_the_script_arrives(new_page, served_site):
    """The questions are on screen at the first paint, not when the deferred
    check.js arrives, so nothing on the page moves; until it arrives, pressing
    the button does nothing (the answers never go into the address)."""
    page = new_page(390, 844)
    page.route("**/check.js", lambda route: route.abort())
    assert page.goto(served_site + "check/").ok
    expect(page.locator("#decision-aid")).to_be_visible()
    page.locator("#decision-aid input[value=yes]").first.check()
    page.get_by_role("button", name="Show my result").click()
    assert page.url == served_site + "check/"
    expect(page.locator("#decision-result")).to_be_empty()
