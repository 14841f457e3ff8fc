"""The "Should I get this checked?" decision aid: pure functions over the rules
table in data/decision-aid.yml, shared by the build hook and the tests.

`logic` gives the part of the table the reader's browser needs; `evaluate` is
the reference evaluator over it, and docs/assets/javascripts/check.js must
implement the same semantics:

- a rule matches when every condition in its `when` holds;
- the most urgent outcome among the matching rules wins (outcomes are listed
  most urgent first); with no match, the default outcome applies.

`check_table` rejects a table that would break that promise, with one line per
problem naming the field and the fix.
"""

from __future__ import annotations

import re
from typing import Mapping

from contract import BIBLIOGRAPHY_FILE, Violation

RULES_FILE = "data/decision-aid.yml"
TEMPLATE = "check.html"
# Where the page's Markdown takes the generated checklist, and where the
# template puts the questions.
CHECKLIST_MARKER = "<!-- decision-aid: checklist -->"
QUESTIONS_MARKER = "<!-- decision-aid: questions -->"

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_LINK = re.compile(r"[a-z0-9-]+(/[a-z0-9-]+)*\.md#[a-z0-9-]+")


def logic(table: Mapping) -> dict:
    """What the evaluators read: question ids, outcome ids (most urgent first),
    the default outcome and each rule's id, outcome and conditions."""
    return {
        "questions": [question["id"] for question in table["questions"]],
        "outcomes": [outcome["id"] for outcome in table["outcomes"]],
        "default": table["default"],
        "rules": [
            {"id": rule["id"], "outcome": rule["outcome"], "when": dict(rule["when"])}
            for rule in table["rules"]
        ],
    }


def evaluate(logic: Mapping, answers: Mapping[str, bool]) -> dict:
    """{"outcome": id, "rules": [matching rule ids, most urgent first]}.

    Every question must be answered with True or False: an unanswered question
    could hide a warning sign, so it is an error, never a reassuring answer.
    """
    missing = [question for question in logic["questions"] if not isinstance(answers.get(question), bool)]
    unknown = sorted(set(answers) - set(logic["questions"]))
    if missing or unknown:
        raise ValueError(f"answers: unanswered {missing}, unknown {unknown}. Fix: answer every question yes or no")
    urgency = {outcome: rank for rank, outcome in enumerate(logic["outcomes"])}
    matched = sorted(
        (rule for rule in logic["rules"] if all(answers[q] == value for q, value in rule["when"].items())),
        key=lambda rule: urgency[rule["outcome"]],
    )
    return {
        "outcome": matched[0]["outcome"] if matched else logic["default"],
        "rules": [rule["id"] for rule in matched],
    }


def sources(table: Mapping) -> list[str]:
    """Every source key the table uses, in first-use order."""
    keys = [key for outcome in table["outcomes"] for item in outcome["advice"] for key in item["sources"]]
    keys += [key for rule in table["rules"] for key in rule["sources"]]
    return list(dict.fromkeys(keys))


def _cite(keys: list[str]) -> str:
    return "[@" + "; @".join(keys) + "]"


def checklist(table: Mapping) -> str:
    """The whole table as Markdown: each outcome, most urgent first, with the signs
    that lead to it and what to do, every line cited. It is the page's guidance
    without JavaScript, and the text check.js shows as a result."""
    parts = []
    for outcome in table["outcomes"]:
        rules = [rule for rule in table["rules"] if rule["outcome"] == outcome["id"]]
        parts += [
            f'<div class="decision-aid__outcome" data-outcome="{outcome["id"]}" markdown>',
            f'### {outcome["title"]} {{ #outcome-{outcome["id"]} }}',
            "If any of these apply to you:" if rules else "If none of the signs above apply to you:",
        ]
        if rules:
            parts.append("\n".join(f'- {rule["sign"]} {_cite(rule["sources"])}\n    {{ data-rule="{rule["id"]}" }}' for rule in rules))
        parts += [
            "What to do:",
            '<div class="decision-aid__advice" markdown>',
            "\n".join(f'- {item["text"]} {_cite(item["sources"])}' for item in outcome["advice"]),
            "</div>",
            f'[{outcome["link_text"]}]({outcome["link"]}){{ .decision-aid__more }}',
            "</div>",
        ]
    return "\n\n".join(parts) + "\n"


def expand(markdown: str, table: Mapping) -> str:
    """The page's Markdown with the checklist in place of its marker."""
    return markdown.replace(CHECKLIST_MARKER, checklist(table))


# --------------------------------------------------------------------------- validation


def _problem(field: str, problem: str, fix: str) -> Violation:
    return Violation(RULES_FILE, field, problem, fix)


def _entries(table: Mapping, name: str, fields: tuple[str, ...]) -> tuple[list[Mapping], list[Violation]]:
    """The well-formed entries of one list, and a problem for each ill-formed one."""
    value = table.get(name)
    if not isinstance(value, list) or not value:
        return [], [_problem(name, "missing or not a list", f"add '{name}:' with at least one entry; see the file's header")]
    entries, problems, seen = [], [], set()
    for index, entry in enumerate(value):
        where = f"{name}[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(_problem(where, "is not a mapping", "give it " + ", ".join(fields)))
            continue
        absent = [field for field in fields if entry.get(field) in (None, "", [], {})]
        if absent:
            problems.append(_problem(where, f"missing {', '.join(absent)}", "add " + ", ".join(f"'{f}:'" for f in absent)))
            continue
        if not _ID.fullmatch(str(entry["id"])):
            problems.append(_problem(f"{where}.id", f"{entry['id']!r} is not lower-case letters, digits, '-' or '_'", "rename it"))
        elif entry["id"] in seen:
            problems.append(_problem(f"{where}.id", f"'{entry['id']}' is used twice", "give each entry its own id"))
        seen.add(entry["id"])
        entries.append(entry)
    return entries, problems


def _check_sources(field: str, keys: object, bibliography: Mapping) -> list[Violation]:
    if not isinstance(keys, list) or not keys:
        return [_problem(field, "is not a list of source keys", f"list the keys in {BIBLIOGRAPHY_FILE} that support it")]
    return [
        _problem(field, f"unknown key '{key}'", f"use a key defined in {BIBLIOGRAPHY_FILE}, or add the source there first")
        for key in keys
        if key not in bibliography
    ]


def check_table(table: object, bibliography: Mapping) -> list[Violation]:
    """Every problem with the rules table, each naming the field and the fix."""
    if not isinstance(table, Mapping):
        return [_problem("file", "is not a mapping", "give it questions:, outcomes:, default: and rules:")]
    questions, problems = _entries(table, "questions", ("id", "text", "concern"))
    outcomes, more = _entries(table, "outcomes", ("id", "title", "advice", "link", "link_text"))
    rules, most = _entries(table, "rules", ("id", "outcome", "when", "sign", "sources"))
    problems += more + most
    concern = {question["id"]: question["concern"] for question in questions}
    outcome_ids = [outcome["id"] for outcome in outcomes]

    for index, question in enumerate(questions):
        if not isinstance(question["concern"], bool):
            problems.append(_problem(f"questions[{index}].concern", f"{question['concern']!r} is not true or false", "write true if 'yes' raises concern, false if 'no' does"))
    for index, outcome in enumerate(outcomes):
        where = f"outcomes[{index}]"
        if not _LINK.fullmatch(str(outcome["link"])):
            problems.append(_problem(f"{where}.link", f"{outcome['link']!r} is not a page's .md path with a #section", "write it like when-to-get-help.md#emergency"))
        advice = outcome["advice"] if isinstance(outcome["advice"], list) else [None]
        for number, item in enumerate(advice):
            if not isinstance(item, Mapping) or not item.get("text"):
                problems.append(_problem(f"{where}.advice[{number}]", "has no text", "give each item 'text:' and 'sources:'"))
            else:
                problems += _check_sources(f"{where}.advice[{number}].sources", item.get("sources"), bibliography)

    default = table.get("default")
    if outcome_ids and default != outcome_ids[-1]:
        problems.append(_problem("default", f"{default!r} is not the least urgent outcome", f"set it to '{outcome_ids[-1]}', the last outcome, so no answer can lower a result below it"))

    used = set()
    for index, rule in enumerate(rules):
        where = f"rules[{index}]"
        if rule["outcome"] not in outcome_ids:
            problems.append(_problem(f"{where}.outcome", f"unknown outcome '{rule['outcome']}'", "use one of " + ", ".join(outcome_ids)))
        elif rule["outcome"] == default:
            problems.append(_problem(f"{where}.outcome", f"'{default}' is the default outcome, so the rule changes nothing", "remove the rule or give it a more urgent outcome"))
        problems += _check_sources(f"{where}.sources", rule["sources"], bibliography)
        if not isinstance(rule["when"], Mapping):
            problems.append(_problem(f"{where}.when", "is not a mapping", "write it like {blood_or_clear: true}"))
            continue
        for question, value in rule["when"].items():
            used.add(question)
            if question not in concern:
                problems.append(_problem(f"{where}.when.{question}", "unknown question", "use a question id: " + ", ".join(concern)))
            elif value is not concern[question]:
                problems.append(
                    _problem(
                        f"{where}.when.{question}",
                        f"{value!r} is not the concern answer ({concern[question]})",
                        "test only the answer that raises concern, so a reassuring answer can never outweigh a warning sign",
                    )
                )
    for index, question in enumerate(questions):
        if question["id"] not in used:
            problems.append(_problem(f"questions[{index}]", f"'{question['id']}' is used by no rule", "add a rule that uses it, or remove the question"))
    return problems


def check_page(path: str, meta: Mapping, markdown: str, table: Mapping) -> list[Violation]:
    """The decision-aid page has both markers and lists every source the table cites."""
    problems = [
        Violation(path, "body", f"has no {marker}", f"put {marker} on a line of its own where {what} belong")
        for marker, what in ((QUESTIONS_MARKER, "the questions"), (CHECKLIST_MARKER, "the checklist of signs"))
        if marker not in markdown
    ]
    listed = meta.get("sources") if isinstance(meta.get("sources"), list) else []
    return problems + [
        Violation(path, "sources", f"'{key}' is used by {RULES_FILE} but not listed", f"add '{key}' to sources")
        for key in sources(table)
        if key not in listed
    ]
