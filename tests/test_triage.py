"""The one triage table (data/triage.yml, hooks/triage.py): it is valid and
sourced; reader scenarios written from the sources get the level the sources
support; no warning sign ever lowers a result; every bad table fails with one
line; and every page, handout and the decision aid show exactly the table."""

from __future__ import annotations

import copy
import html
import json
import random
import re

import pytest
from bs4 import BeautifulSoup

import triage
from helpers import ROOT, load_yaml, medical_pages, handout_of
from contract import Violation

TABLE = load_yaml(triage.TABLE_FILE)
LEVELS = triage.level_ids(TABLE)
QUESTIONS = {question["id"]: question for question in triage.questions(TABLE)}
SCENARIOS = load_yaml("tests/data/triage-scenarios.yml")
ANSWER = {"yes": True, "no": False, "unsure": triage.UNSURE, True: True, False: False}
SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "check.js"


def answers_of(scenario: dict) -> dict:
    return {question: ANSWER[value] for question, value in scenario["answers"].items()}


def calm() -> dict[str, bool]:
    """Every question answered the reassuring way."""
    return {question: not entry["worry"] for question, entry in QUESTIONS.items()}


def rank(level: str) -> int:
    return LEVELS.index(level)


# --------------------------------------------------------------------------- the table


def test_the_table_is_valid(bibliography):
    assert triage.check_table(TABLE, bibliography) == []


def test_levels_follow_the_nhs_pattern_most_urgent_first():
    assert LEVELS == ["emergency", "urgent", "within-two-days", "book-an-appointment", "wait-and-watch"]
    assert [level["card"] for level in TABLE["levels"]] == ["emergency", "urgent", "urgent", "non-urgent", "non-urgent"]


def test_the_emergency_question_comes_first_and_every_question_allows_not_sure():
    assert triage.questions(TABLE)[0]["id"] == "sudden_headache"
    assert all(isinstance(entry["worry"], bool) for entry in QUESTIONS.values())


@pytest.mark.parametrize("sign", TABLE["signs"], ids=[sign["id"] for sign in TABLE["signs"]])
def test_each_sign_alone_gets_its_own_level(sign):
    for alternative in sign["when"]:
        given = calm() | alternative
        result = triage.evaluate(TABLE, given)
        assert rank(result["level"]) <= rank(sign["level"]), (sign["id"], alternative)
        if result["level"] == sign["level"]:
            assert sign["id"] in result["signs"]


# --------------------------------------------------------------------------- scenarios from the sources


def test_there_are_at_least_80_named_scenarios_answering_every_question():
    assert len(SCENARIOS) >= 80
    assert len({scenario["id"] for scenario in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert set(scenario["answers"]) == set(QUESTIONS), scenario["id"]
        assert scenario["level"] in LEVELS, scenario["id"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario["id"] for scenario in SCENARIOS])
def test_scenario_gets_the_level_its_sources_support(scenario, bibliography):
    assert set(scenario["sources"]) <= set(bibliography), scenario["id"]
    assert triage.evaluate(TABLE, answers_of(scenario))["level"] == scenario["level"], scenario["story"]


# --------------------------------------------------------------------------- warning signs always count


def test_not_sure_counts_as_the_worrying_answer():
    for question, entry in QUESTIONS.items():
        unsure = triage.evaluate(TABLE, calm() | {question: triage.UNSURE})
        worried = triage.evaluate(TABLE, calm() | {question: entry["worry"]})
        assert unsure == worried, question


def test_adding_a_warning_sign_never_lowers_the_level():
    """Every condition tests a worrying answer (check_table), so this holds by
    construction; check it on many answer sets and every single change."""
    generator = random.Random(20261202)
    for _ in range(800):
        given = {question: generator.random() < 0.3 if entry["worry"] else generator.random() > 0.3 for question, entry in QUESTIONS.items()}
        before = rank(triage.evaluate(TABLE, given)["level"])
        for question, entry in QUESTIONS.items():
            after = rank(triage.evaluate(TABLE, given | {question: entry["worry"]})["level"])
            assert after <= before, (given, question)


def test_with_every_answer_reassuring_the_result_is_the_last_level():
    result = triage.evaluate(TABLE, calm())
    assert (result["level"], result["signs"]) == (LEVELS[-1], [])


@pytest.mark.parametrize("given", [{}, {"sudden_headache": True}, dict.fromkeys(QUESTIONS, True) | {"made_up": True}])
def test_an_incomplete_answer_set_is_an_error_never_a_reassurance(given):
    with pytest.raises(ValueError, match="answer every question"):
        triage.evaluate(TABLE, given)


def test_a_result_shows_only_the_signs_that_decide_it():
    result = triage.evaluate(TABLE, calm() | {"sudden_headache": True, "blood_or_clear": True, "lump": True})
    assert result["level"] == "emergency" and result["signs"] == ["sudden-headache"]


def test_advice_fits_the_answers():
    medicine = triage.evaluate(TABLE, calm() | {"new_medicine": True})["advice"]
    assert any("keep taking it" in text for text in medicine)
    periods = triage.evaluate(TABLE, calm() | {"hormone_signs": True})["advice"]
    assert any("pregnancy test" in text for text in periods)
    feeding = triage.evaluate(TABLE, calm() | {"breastfeeding": True})["advice"]
    assert any("is common" in text for text in feeding)
    assert not any("Stop squeezing" in text for text in feeding)
    infection = triage.evaluate(TABLE, calm() | {"breast_inflamed": True})["advice"]
    assert any("antibiotics" in text for text in infection)
    # calm() is breastfeeding: the sore-breast advice shows with a red, hot or swollen breast
    # at any level, and not without one or when not breastfeeding.
    assert any("keep feeding or expressing from the sore breast" in text for text in infection)
    mastitis = triage.evaluate(TABLE, calm() | {"breast_inflamed": True, "fever_or_unwell": True})
    assert mastitis["level"] == "urgent" and any("from the sore breast" in text for text in mastitis["advice"])
    assert not any("from the sore breast" in text for text in feeding)
    not_feeding = triage.evaluate(TABLE, calm() | {"breastfeeding": False, "breast_inflamed": True})["advice"]
    assert not any("from the sore breast" in text for text in not_feeding)


# --------------------------------------------------------------------------- a bad table


def broken(change) -> dict:
    table = copy.deepcopy(TABLE)
    change(table)
    return table


BAD_TABLES = {
    "sign without sources": (lambda t: t["signs"][0].update(sources=[]), "signs[0]: missing sources"),
    "unknown source key": (lambda t: t["signs"][0].update(sources=["no-such-source"]), "signs[0].sources: unknown source key 'no-such-source'"),
    "level not in the list": (lambda t: t["signs"][0].update(level="soonish"), "signs[0].level: 'soonish' is not a level"),
    "sign at the default level": (lambda t: t["signs"][0].update(level="wait-and-watch"), "signs[0].level: 'wait-and-watch' is what applies"),
    "question that detects nothing": (
        lambda t: t["question_groups"][0]["questions"].append({"id": "unused", "text": "Unused?", "worry": True}),
        "question_groups: question 'unused' detects no sign",
    ),
    "sign no question detects": (lambda t: t["signs"][0].update(when=[]), "signs[0]: missing when"),
    "condition on an unknown question": (lambda t: t["signs"][0].update(when=[{"nope": True}]), "signs[0].when[0].nope: unknown question"),
    "condition on a reassuring answer": (lambda t: t["signs"][0].update(when=[{"sudden_headache": False}]), "tests the reassuring answer"),
    "unknown topic": (lambda t: t["signs"][0].update(topics=["elbows"]), "signs[0].topics: 'elbows' is not a topic"),
    "markup in a sign": (lambda t: t["signs"][0].update(text="<script>alert(1)</script>"), "signs[0].text: contains markup"),
    "markup in a question": (lambda t: t["question_groups"][0]["questions"][0].update(hint="<b>x</b>"), "hint: contains markup"),
    "unknown card design": (lambda t: t["levels"][0].update(card="red"), "levels[0].card: 'red' is not a card design"),
    "worry not yes or no": (lambda t: t["question_groups"][0]["questions"][0].update(worry="maybe"), "worry: 'maybe' is not yes or no"),
    "a level with no sign": (lambda t: t.update(signs=[sign for sign in t["signs"] if sign["level"] != "urgent"]), "no sign has the level 'urgent'"),
    "duplicate sign id": (lambda t: t["signs"].append(dict(t["signs"][0])), "'sudden-headache' is used twice"),
    # An 'advice:' key left with nothing under it crashed the build with a traceback.
    "empty advice list": (lambda t: t["levels"][1].update(advice=None), "levels[1].advice: is empty or not a list"),
    "advice that is not a list": (lambda t: t.update(advice="Keep warm."), "advice: is empty or not a list"),
}


@pytest.mark.parametrize("case", BAD_TABLES, ids=list(BAD_TABLES))
def test_a_bad_table_is_reported_in_one_line_with_field_and_fix(case, bibliography):
    change, expected = BAD_TABLES[case]
    problems = triage.check_table(broken(change), bibliography)
    assert problems and all(isinstance(problem, Violation) and problem.path == triage.TABLE_FILE for problem in problems)
    assert any(expected in str(problem) for problem in problems), [str(problem) for problem in problems]
    assert all("\n" not in str(problem) and "Fix: " in str(problem) for problem in problems)


def test_a_page_asking_for_a_missing_topic_or_level_is_reported():
    meta = {"type": "medical", "triage": ["elbows"]}
    problems = [str(problem) for problem in triage.check_page("docs/x.md", meta, "<!-- triage: level nope -->\n", TABLE)]
    assert any("triage: asks for the topic 'elbows'" in problem for problem in problems)
    assert any("names no level" in problem for problem in problems)
    assert any("has no <!-- triage: summary -->" in problem for problem in problems)


def test_a_hand_written_triage_box_is_reported():
    markdown = '!!! warning "Get checked if"\n\n    - it bleeds\n\n!!! danger "Emergency"\n\n    call now\n'
    problems = triage.check_page("docs/x.md", {"type": "policy"}, markdown, TABLE)
    assert len(problems) == 2 and all(problem.field == "body" for problem in problems)


# --------------------------------------------------------------------------- the pages show the table


def test_no_page_writes_triage_by_hand():
    for path in sorted((ROOT / "docs").glob("*.md")):
        assert triage.hand_written_triage(path.read_text(encoding="utf-8")) == [], path.name


def test_no_markdown_page_repeats_a_signs_words():
    """A sign's wording lives in the table only: a copy in Markdown would drift."""
    for path in sorted((ROOT / "docs").glob("*.md")):
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        for sign in TABLE["signs"]:
            assert sign["text"] not in text, (path.name, sign["id"])


def text_of(node) -> str:
    return " ".join(node.get_text().split())


def card_signs(card) -> list[str]:
    """The signs a built card lists, as text, without citation markers."""
    return [re.sub(r"\s*\[[\d, ]+\]$", "", text_of(li)) for li in card.select("li[data-sign]")]


def expected_card(level: dict) -> list[str]:
    return [sign["text"] for sign in triage.signs_at(TABLE, level["id"])]


@pytest.mark.parametrize("page", medical_pages())
def test_every_medical_page_shows_the_whole_table_and_a_summary_on_its_first_screen(page, soups, pages_meta):
    soup = soups[page]
    content = soup.select_one("article")
    if page != "check/index.html":
        cards = content.select(".care-cards .care-card") or content.select(".care-card")
        assert [card["data-level"] for card in cards] == LEVELS, page
        for card, level in zip(cards, TABLE["levels"]):
            assert f"care-card--{level['card']}" in card["class"]
            assert card.select_one(".care-card__kind").get_text(strip=True).rstrip(":") == level["label"]
            assert card_signs(card) == expected_card(level), (page, level["id"])
            assert " ".join(level["action"].split()) in text_of(card)
        summary = content.select_one(".care-summary")
        assert summary is not None, page
        topics = pages_meta[page].get("triage")
        chosen = triage.signs_for_topics(TABLE, topics)
        for row in summary.select("li[data-level]"):
            shorts = [sign["short"] for sign in chosen if sign["level"] == row["data-level"]]
            words = "; ".join(shorts[: triage.SUMMARY_ROW_MAX])
            assert words in text_of(row), (page, row["data-level"])
        assert summary.select_one("a[href$='check/']")
        # After the short answer, before the page's other sections.
        assert len(summary.find_all_previous("h2")) <= 1, page


@pytest.mark.parametrize("page", [page for page in medical_pages() if page != "check/index.html"])
def test_every_handout_prints_the_tables_signs(page, soups):
    handout = soups[handout_of(page)]
    cards = handout.select(".handout__flags .care-card")
    expected = [level for level in TABLE["levels"] if triage.signs_at(TABLE, level["id"])]
    assert [card["data-level"] for card in cards] == [level["id"] for level in expected]
    for card, level in zip(cards, expected):
        text = card.get_text(" ", strip=True)
        for sign in triage.signs_at(TABLE, level["id"]):
            assert sign["short"] in text


def test_the_when_to_get_help_page_has_a_section_per_level(soups):
    soup = soups["when-to-get-help/index.html"]
    for level in TABLE["levels"]:
        heading = soup.find(id=level["id"])
        assert heading is not None and heading.name == "h3" and level["title"] in heading.get_text()
        card = heading.find_next(class_="care-card")
        assert card["data-level"] == level["id"]
        assert card_signs(card) == expected_card(level)
        for li in card.select("li"):
            assert li.select("sup.cite a[href^='#source-']"), li


def test_search_finds_each_warning_sign_where_it_is_explained_not_on_every_page(site_dir):
    """The care cards the medical pages repeat stay out of the search index
    (hooks/triage.py: cards): a search for a sign lists the when-to-get-help page
    (and the decision aid's checklist), not the same cards eleven times."""
    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for sign in TABLE["signs"]:
        words = html.escape(" ".join(sign["text"].split()), quote=False)
        pages = {doc["location"].split("#")[0] for doc in docs if words in doc["text"]}
        assert "when-to-get-help/" in pages, f"{sign['id']}: not found by search on the when-to-get-help page"
        assert pages <= {"when-to-get-help/", "check/"}, f"{sign['id']}: search also lists {sorted(pages)}"


# --------------------------------------------------------------------------- the decision aid page


@pytest.fixture(scope="module")
def check_page(soups) -> BeautifulSoup:
    return soups["check/index.html"]


def test_the_check_page_starts_with_the_emergency_card(check_page):
    first = check_page.select_one("article .care-card")
    assert first["data-level"] == "emergency"
    assert card_signs(first) == expected_card(TABLE["levels"][0])


def test_the_checklist_shows_every_level_with_its_signs_and_sources(check_page):
    for level in TABLE["levels"]:
        heading = check_page.find(id=f"outcome-{level['id']}")
        assert heading is not None and heading.name == "h3"
        card = heading.find_next(class_="care-card")
        assert card_signs(card) == expected_card(level)


def test_the_page_carries_the_logic_the_script_reads(check_page):
    assert json.loads(check_page.select_one("script#decision-rules[type='application/json']").string) == triage.logic(TABLE)


def test_the_form_asks_every_question_with_yes_no_and_not_sure(check_page):
    form = check_page.select_one("form#decision-aid")
    assert form.has_attr("hidden") and form["autocomplete"] == "off"
    assert not form.has_attr("action") and not form.has_attr("method")
    fieldsets = form.select("fieldset")
    assert [fieldset["id"] for fieldset in fieldsets] == [f"question-{question}" for question in QUESTIONS]
    for fieldset in fieldsets:
        assert fieldset.legend.get_text(strip=True) == " ".join(QUESTIONS[fieldset["id"][9:]]["text"].split())
        assert [radio["value"] for radio in fieldset.select("input[type=radio]")] == ["yes", "no", "unsure"]
    assert check_page.select_one("#decision-result")["aria-live"] == "polite"


def test_the_script_stores_and_sends_nothing():
    source = SCRIPT.read_text(encoding="utf-8")
    forbidden = r"localStorage|sessionStorage|indexedDB|cookie|fetch\(|XMLHttpRequest|sendBeacon|WebSocket|history\.|location|\.submit\(|innerHTML|eval\("
    assert re.findall(forbidden, source) == []
