"""The decision aid (data/decision-aid.yml, hooks/decision_aid.py, docs/check.md):
the rules table is valid, every scenario gets its expected result, no reassuring
answer can outweigh a warning sign, every bad table fails with a one-line
message, and the built page carries the checklist, the rules and the script."""

from __future__ import annotations

import copy
import itertools
import json
import re

import pytest
from bs4 import BeautifulSoup

import decision_aid
from conftest import ROOT, front_matter, load_yaml, mkdocs_build
from contract import Violation

TABLE = load_yaml(decision_aid.RULES_FILE)
LOGIC = decision_aid.logic(TABLE)
SCENARIOS = load_yaml("tests/data/decision-scenarios.yml")
QUESTIONS = {question["id"]: question for question in TABLE["questions"]}
URGENCY = {outcome: rank for rank, outcome in enumerate(LOGIC["outcomes"])}
PAGE = "check/index.html"
PAGE_SOURCE = ROOT / "docs" / "check.md"
SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "check.js"
RULES_PATH = "data/decision-aid.yml"


def answers(yes_to: list[str]) -> dict[str, bool]:
    """A scenario's answers: the listed questions yes, every other one no."""
    return {question: question in yes_to for question in QUESTIONS}


def reassuring(question: str) -> bool:
    return not QUESTIONS[question]["concern"]


# --------------------------------------------------------------------------- the table


def test_rules_table_is_valid(bibliography):
    assert decision_aid.check_table(TABLE, bibliography) == []


def test_the_rules_keep_to_about_ten_questions_and_four_outcomes():
    assert 8 <= len(TABLE["questions"]) <= 12
    assert LOGIC["outcomes"] == ["emergency", "within-two-days", "book-an-appointment", "wait-and-watch"]


def test_only_a_sudden_severe_headache_with_problems_seeing_is_an_emergency():
    emergencies = [rule for rule in TABLE["rules"] if rule["outcome"] == "emergency"]
    assert [rule["when"] for rule in emergencies] == [{"sudden_headache": True}]


# --------------------------------------------------------------------------- scenarios


def test_there_are_at_least_30_distinct_scenarios():
    assert len(SCENARIOS) >= 30
    assert len({scenario["name"] for scenario in SCENARIOS}) == len(SCENARIOS)
    assert len({frozenset(scenario["yes_to"]) for scenario in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert set(scenario["yes_to"]) <= set(QUESTIONS), scenario["name"]


def test_scenarios_reach_every_rule_and_every_outcome():
    assert {rule for scenario in SCENARIOS for rule in scenario["rules"]} == {rule["id"] for rule in TABLE["rules"]}
    assert {scenario["outcome"] for scenario in SCENARIOS} == set(LOGIC["outcomes"])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario["name"] for scenario in SCENARIOS])
def test_scenario_gets_its_expected_result(scenario):
    result = decision_aid.evaluate(LOGIC, answers(scenario["yes_to"]))
    assert result == {"outcome": scenario["outcome"], "rules": scenario["rules"]}


# --------------------------------------------------------------------------- red flags always win


@pytest.mark.parametrize("rule", TABLE["rules"], ids=[rule["id"] for rule in TABLE["rules"]])
def test_a_red_flag_with_every_other_answer_reassuring_gets_its_outcome(rule):
    given = {question: rule["when"].get(question, reassuring(question)) for question in QUESTIONS}
    assert decision_aid.evaluate(LOGIC, given) == {"outcome": rule["outcome"], "rules": [rule["id"]]}


@pytest.mark.parametrize("rule", TABLE["rules"], ids=[rule["id"] for rule in TABLE["rules"]])
def test_no_combination_of_other_answers_outweighs_a_red_flag(rule):
    """The red flag with every combination of the other answers: the result is
    never less urgent than the flag's outcome, and the flag is always shown."""
    others = [question for question in QUESTIONS if question not in rule["when"]]
    for values in itertools.product((True, False), repeat=len(others)):
        given = dict(zip(others, values), **rule["when"])
        result = decision_aid.evaluate(LOGIC, given)
        assert URGENCY[result["outcome"]] <= URGENCY[rule["outcome"]], (rule["id"], given)
        assert rule["id"] in result["rules"], (rule["id"], given)


def test_turning_any_answer_into_a_warning_never_lowers_the_result():
    for values in itertools.product((True, False), repeat=len(QUESTIONS)):
        given = dict(zip(QUESTIONS, values))
        before = URGENCY[decision_aid.evaluate(LOGIC, given)["outcome"]]
        for question in QUESTIONS:
            if given[question] == reassuring(question):
                after = decision_aid.evaluate(LOGIC, dict(given, **{question: not given[question]}))
                assert URGENCY[after["outcome"]] <= before, (given, question)


def test_with_no_warning_sign_the_result_is_the_default():
    given = {question: reassuring(question) for question in QUESTIONS}
    assert decision_aid.evaluate(LOGIC, given) == {"outcome": TABLE["default"], "rules": []}


@pytest.mark.parametrize(
    "given",
    [
        {question: False for question in list(QUESTIONS)[1:]},
        dict(answers([]), one_breast=None),
        dict(answers([]), colour=True),
    ],
    ids=["unanswered", "not yes or no", "unknown question"],
)
def test_an_incomplete_answer_set_is_an_error_never_a_reassurance(given):
    with pytest.raises(ValueError, match="Fix: answer every question yes or no"):
        decision_aid.evaluate(LOGIC, given)


# --------------------------------------------------------------------------- validation


def broken(change) -> dict:
    table = copy.deepcopy(TABLE)
    change(table)
    return table


def rule(table, rule_id):
    return next(entry for entry in table["rules"] if entry["id"] == rule_id)


BAD_TABLES = {
    "unknown question": (
        lambda t: rule(t, "male")["when"].update(colour=True),
        f"{RULES_PATH}: rules[8].when.colour: unknown question. Fix: use a question id: one_breast,",
    ),
    "unknown outcome": (
        lambda t: rule(t, "male").update(outcome="see-a-nurse"),
        f"{RULES_PATH}: rules[8].outcome: unknown outcome 'see-a-nurse'. "
        "Fix: use one of emergency, within-two-days, book-an-appointment, wait-and-watch",
    ),
    "missing source": (
        lambda t: rule(t, "male").pop("sources"),
        f"{RULES_PATH}: rules[8]: missing sources. Fix: add 'sources:'",
    ),
    "source not in the bibliography": (
        lambda t: rule(t, "male").update(sources=["no-such-source"]),
        f"{RULES_PATH}: rules[8].sources: unknown key 'no-such-source'. "
        "Fix: use a key defined in data/bibliography.yml, or add the source there first",
    ),
    "advice source not in the bibliography": (
        lambda t: t["outcomes"][0]["advice"][0].update(sources=["no-such-source"]),
        f"{RULES_PATH}: outcomes[0].advice[0].sources: unknown key 'no-such-source'.",
    ),
    "reassuring answer as a condition": (
        lambda t: rule(t, "male")["when"].update(pregnant_or_breastfeeding=True),
        f"{RULES_PATH}: rules[8].when.pregnant_or_breastfeeding: True is not the concern answer (False). "
        "Fix: test only the answer that raises concern, so a reassuring answer can never outweigh a warning sign",
    ),
    "rule leading to the default": (
        lambda t: rule(t, "male").update(outcome="wait-and-watch"),
        f"{RULES_PATH}: rules[8].outcome: 'wait-and-watch' is the default outcome, so the rule changes nothing.",
    ),
    "default not the least urgent": (
        lambda t: t.update(default="emergency"),
        f"{RULES_PATH}: default: 'emergency' is not the least urgent outcome. Fix: set it to 'wait-and-watch'",
    ),
    "question no rule uses": (
        lambda t: t["questions"].append({"id": "colour", "text": "What colour is it?", "concern": True}),
        f"{RULES_PATH}: questions[12]: 'colour' is used by no rule. Fix: add a rule that uses it, or remove the question",
    ),
    "concern not true or false": (
        lambda t: t["questions"][0].update(concern="yes"),
        f"{RULES_PATH}: questions[0].concern: 'yes' is not true or false.",
    ),
    "duplicate id": (
        lambda t: rule(t, "male").update(id="headaches"),
        f"{RULES_PATH}: rules[9].id: 'headaches' is used twice. Fix: give each entry its own id",
    ),
    "link without a section": (
        lambda t: t["outcomes"][0].update(link="when-to-get-help.md"),
        f"{RULES_PATH}: outcomes[0].link: 'when-to-get-help.md' is not a page's .md path with a #section.",
    ),
    "advice without text": (
        lambda t: t["outcomes"][0]["advice"].append({"sources": ["nhs-nipple-discharge"]}),
        f"{RULES_PATH}: outcomes[0].advice[2]: has no text.",
    ),
    "no rules": (lambda t: t.pop("rules"), f"{RULES_PATH}: rules: missing or not a list."),
}


@pytest.mark.parametrize("case", BAD_TABLES)
def test_a_bad_rules_table_is_reported_with_field_and_fix(case, bibliography):
    change, expected = BAD_TABLES[case]
    messages = [str(problem) for problem in decision_aid.check_table(broken(change), bibliography)]
    assert any(message.startswith(expected) for message in messages), messages
    assert all("\n" not in message for message in messages)


def test_a_table_that_is_not_a_mapping_is_reported():
    assert decision_aid.check_table(["rules"], {}) == [
        Violation(RULES_PATH, "file", "is not a mapping", "give it questions:, outcomes:, default: and rules:")
    ]


def test_a_bad_rules_table_fails_the_strict_build(project_copy):
    path = project_copy / RULES_PATH
    path.write_text(path.read_text(encoding="utf-8").replace("when: {male: true}", "when: {man: true}"), encoding="utf-8")
    result = mkdocs_build(project_copy, project_copy / "site")
    assert result.returncode != 0
    assert f"{RULES_PATH}: rules[8].when.man: unknown question." in result.stdout + result.stderr


# --------------------------------------------------------------------------- the page


def test_the_page_lists_every_source_the_rules_cite(bibliography):
    listed = front_matter(PAGE_SOURCE)["sources"]
    for key in decision_aid.sources(TABLE):
        assert key in listed, f"docs/check.md: sources: add '{key}', which {RULES_PATH} cites"
        assert key in bibliography, key


def test_the_page_check_reports_missing_markers_and_sources():
    meta = {"sources": ["nhs-nipple-discharge"]}
    problems = [str(problem) for problem in decision_aid.check_page("docs/check.md", meta, "Text.", TABLE)]
    assert "docs/check.md: body: has no <!-- decision-aid: questions -->. Fix: put <!-- decision-aid: questions --> on a line of its own where the questions belong" in problems
    assert "docs/check.md: body: has no <!-- decision-aid: checklist -->. Fix: put <!-- decision-aid: checklist --> on a line of its own where the checklist of signs belong" in problems
    assert f"docs/check.md: sources: 'nidirect-nipple-discharge' is used by {RULES_PATH} but not listed. Fix: add 'nidirect-nipple-discharge' to sources" in problems
    assert not any("'nhs-nipple-discharge'" in problem for problem in problems)


def test_the_checklist_cites_every_sign_and_every_piece_of_advice():
    markdown = decision_aid.checklist(TABLE)
    for entry in TABLE["rules"]:
        cite = "[@" + "; @".join(entry["sources"]) + "]"
        assert f'- {entry["sign"]} {cite}\n    {{ data-rule="{entry["id"]}" }}' in markdown
    for outcome in TABLE["outcomes"]:
        assert f'### {outcome["title"]} {{ #outcome-{outcome["id"]} }}' in markdown
        for item in outcome["advice"]:
            assert f'- {item["text"]} [@' in markdown
    assert decision_aid.expand("A\n\n" + decision_aid.CHECKLIST_MARKER + "\n", TABLE) == "A\n\n" + markdown + "\n"


@pytest.fixture(scope="module")
def page(soups) -> BeautifulSoup:
    return soups[PAGE]


def test_built_page_has_no_marker_left(html_files):
    assert "decision-aid:" not in html_files[PAGE]


def test_built_checklist_shows_each_outcome_with_its_signs_and_link(page):
    outcomes = page.select(".decision-aid__outcome")
    assert [section["data-outcome"] for section in outcomes] == LOGIC["outcomes"]
    for section in outcomes:
        signs = [li["data-rule"] for li in section.select("li[data-rule]")]
        assert signs == [entry["id"] for entry in TABLE["rules"] if entry["outcome"] == section["data-outcome"]]
        for li in section.select("li[data-rule]"):
            assert li.select("sup.cite a[href^='#source-']"), li
        outcome = next(entry for entry in TABLE["outcomes"] if entry["id"] == section["data-outcome"])
        more = section.select_one("a.decision-aid__more")
        assert more["href"] == "../" + outcome["link"].replace(".md#", "/#")
        assert section.select_one(".decision-aid__advice li")


def test_built_page_carries_the_rules_the_script_reads(page):
    assert json.loads(page.select_one("script#decision-rules[type='application/json']").string) == LOGIC


def test_form_has_a_fieldset_and_legend_per_question_and_never_submits(page):
    form = page.select_one("form#decision-aid")
    assert form.has_attr("hidden"), "without JavaScript the form stays hidden"
    assert not form.has_attr("action") and not form.has_attr("method")
    fieldsets = form.select("fieldset")
    assert [fieldset["id"] for fieldset in fieldsets] == [f"question-{question}" for question in QUESTIONS]
    for fieldset in fieldsets:
        assert fieldset.legend.get_text(strip=True)
        assert [radio["value"] for radio in fieldset.select("input[type=radio]")] == ["yes", "no"]
    result = page.select_one("#decision-result")
    assert result["role"] == "status" and result["aria-live"] == "polite"
    assert page.select_one("noscript")


def test_the_script_is_loaded_only_on_the_decision_aid_page(soups):
    loading = [path for path, soup in soups.items() if soup.select("script[src$='javascripts/check.js']")]
    assert loading == [PAGE]


def test_the_script_stores_and_sends_nothing():
    source = SCRIPT.read_text(encoding="utf-8")
    forbidden = r"localStorage|sessionStorage|indexedDB|cookie|fetch\(|XMLHttpRequest|sendBeacon|WebSocket|history\.|location|\.submit\(|innerHTML|eval\("
    assert re.findall(forbidden, source) == []
