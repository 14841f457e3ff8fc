"""The decision aid in Chromium (docs/check.md, docs/assets/javascripts/check.js):
every scenario in tests/data/decision-scenarios.yml gets the same result from
the script as from hooks/decision_aid.py; a few are clicked through by mouse and
by keyboard; nothing is stored or sent and the address never changes; without
JavaScript the page shows the same guidance as a checklist; and axe finds no
violation with a result on screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import settle
from browser.test_accessibility import violations
from conftest import load_yaml

PAGE = "check/index.html"
PHONE = (390, 844)
TABLE = load_yaml("data/decision-aid.yml")
SCENARIOS = load_yaml("tests/data/decision-scenarios.yml")
QUESTIONS = [question["id"] for question in TABLE["questions"]]
TEXT = {question["id"]: question["text"] for question in TABLE["questions"]}
OUTCOMES = {outcome["id"]: outcome for outcome in TABLE["outcomes"]}
SIGNS = {rule["id"]: rule["sign"] for rule in TABLE["rules"]}
# One scenario per outcome, clicked through end to end.
CLICKED = [
    "Breastfeeding, milk leaks from both breasts during sex",
    "Not pregnant, milky fluid keeps coming during sex",
    "A man over 50 with a lump",
    "Fluid like pus with blood in it",
    "Sudden, severe headache while breastfeeding, nothing else",
]

# Answer every question by setting the radios, then submit as the button does.
ANSWER_JS = """yes => {
  const form = document.getElementById('decision-aid');
  for (const input of form.querySelectorAll('input[type=radio]'))
    input.checked = input.value === (yes.includes(input.name) ? 'yes' : 'no');
  form.requestSubmit();
  const result = document.getElementById('decision-result');
  return {outcome: result.dataset.outcome,
          rules: [...result.querySelectorAll('[data-slot=why] li[data-rule]')].map(li => li.dataset.rule)};
}"""

# Everything the page could leave behind: storage, cookies and the address.
TRACES_JS = """() => ({
  local: {...localStorage}, session: {...sessionStorage}, cookie: document.cookie, url: location.href,
})"""


def scenario(name: str) -> dict:
    return next(entry for entry in SCENARIOS if entry["name"] == name)


@pytest.fixture
def aid(new_page, served_site):
    """The decision-aid page, loaded, with every request it makes after loading."""

    def open_page(width: int = 1280, height: int = 800, **options):
        page = new_page(width, height, **options)
        assert page.goto(served_site + "check/").ok
        page.wait_for_load_state("networkidle")
        page.later_requests = []
        page.on("request", lambda request: page.later_requests.append(request.url))
        return page

    return open_page


def expect_result(page, expected: dict) -> None:
    outcome = OUTCOMES[expected["outcome"]]
    result = page.locator("#decision-result")
    expect(result).to_have_attribute("data-outcome", expected["outcome"])
    expect(result.locator("h3")).to_have_text(f"Your result: {outcome['title']}")
    why = result.locator("[data-slot=why] li")
    expect(why).to_have_text([SIGNS[rule] for rule in expected["rules"]] or ["None of your answers is a warning sign."])
    expect(result.locator("[data-slot=advice] li")).to_have_text([item["text"] for item in outcome["advice"]])
    more = result.locator("[data-slot=more] a")
    expect(more).to_have_text(outcome["link_text"])
    assert more.get_attribute("href") == "../" + outcome["link"].replace(".md#", "/#")
    # The disclaimer and the emergency line sit right after the result.
    note = page.locator("#decision-result + template + .decision-aid__note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("This is not a diagnosis")
    expect(note).to_contain_text("call your local emergency number")


def test_every_scenario_gets_the_same_result_in_the_browser(aid):
    page = aid()
    wrong = []
    for entry in SCENARIOS:
        got = page.evaluate(ANSWER_JS, entry["yes_to"])
        if got != {"outcome": entry["outcome"], "rules": entry["rules"]}:
            wrong.append(f"{entry['name']}: got {got}")
    assert wrong == []


@pytest.mark.parametrize("name", CLICKED)
def test_a_scenario_clicked_through_is_private(aid, served_site, name):
    page = aid(*PHONE)
    before = page.evaluate(TRACES_JS)
    entry = scenario(name)
    for question in QUESTIONS:
        group = page.get_by_role("group", name=TEXT[question])
        group.get_by_role("radio", name="Yes" if question in entry["yes_to"] else "No").check()
    page.get_by_role("button", name="Show my result").click()
    expect_result(page, entry)
    assert page.url == served_site + "check/", "the address changed"
    assert page.evaluate(TRACES_JS) == before, "the page stored something"
    assert before["cookie"] == ""
    assert page.later_requests == [], "the page sent a request after loading"


def test_the_form_works_from_the_keyboard_alone(aid):
    """Space answers yes, an arrow key answers no, Tab goes to the next question
    and then to the button, and Enter shows the result."""
    page = aid()
    entry = scenario("A man with fluid and erection problems")
    page.locator(f"input[name={QUESTIONS[0]}][value=yes]").focus()
    for question in QUESTIONS:
        page.keyboard.press("Space" if question in entry["yes_to"] else "ArrowDown")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show my result"
    page.keyboard.press("Enter")
    expect_result(page, entry)
    assert page.later_requests == []


def test_unanswered_questions_are_named_and_focused(aid):
    page = aid()
    page.get_by_role("group", name=TEXT[QUESTIONS[0]]).get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Show my result").click()
    result = page.locator("#decision-result")
    numbers = ", ".join(str(number) for number in range(2, len(QUESTIONS) + 1))
    expect(result).to_have_text(f"Answer every question to see your result. Questions not answered yet: {numbers}.")
    assert result.get_attribute("data-outcome") is None
    assert page.evaluate("document.activeElement.name") == QUESTIONS[1]
    assert page.locator(".decision-aid__missing").count() == len(QUESTIONS) - 1


def test_a_shown_result_follows_changed_answers_and_start_again_clears_it(aid):
    page = aid()
    page.evaluate(ANSWER_JS, [])
    expect(page.locator("#decision-result")).to_have_attribute("data-outcome", TABLE["default"])
    page.get_by_role("group", name=TEXT["sudden_headache"]).get_by_role("radio", name="Yes").check()
    expect_result(page, {"outcome": "emergency", "rules": ["sudden-headache"]})
    page.get_by_role("button", name="Start again").click()
    expect(page.locator("#decision-result")).to_be_empty()
    assert page.locator("#decision-aid input:checked").count() == 0
    assert page.later_requests == []


def test_without_javascript_the_page_is_the_same_guidance_as_a_checklist(aid):
    page = aid(*PHONE, java_script_enabled=False)
    expect(page.locator("#decision-aid")).to_be_hidden()
    expect(page.locator(".decision-aid__noscript")).to_be_visible()
    for outcome in TABLE["outcomes"]:
        section = page.locator(f'.decision-aid__outcome[data-outcome="{outcome["id"]}"]')
        expect(section.locator("h3")).to_contain_text(outcome["title"])
        signs = [SIGNS[rule["id"]] for rule in TABLE["rules"] if rule["outcome"] == outcome["id"]]
        for sign in signs:
            expect(section.locator("li[data-rule]", has_text=sign)).to_be_visible()
        for item in outcome["advice"]:
            expect(section.locator(".decision-aid__advice li", has_text=item["text"])).to_be_visible()
        expect(section.locator("a.decision-aid__more")).to_be_visible()


@pytest.mark.parametrize("width,height", [PHONE, (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_a_result_on_screen_has_no_axe_violations(aid, width, height, palette):
    page = aid(width, height, color_scheme=palette)
    page.get_by_role("button", name="Show my result").click()
    settle(page)
    assert violations(page) == []
    page.evaluate(ANSWER_JS, scenario("Yes to every question")["yes_to"])
    settle(page)
    assert violations(page) == []


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
