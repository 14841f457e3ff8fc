"""The one triage table (data/triage.yml): pure functions shared by the build
hook, the templates and the tests.

- `check_table` refuses a table that could mislead a reader, one line per problem.
- `evaluate` is the reference evaluator; docs/assets/javascripts/check.js must
  give the same result for the same answers (the tests run both).
- The render functions turn the table into the HTML every page shows: a summary
  care card near the top, the full cards in "When to get medical advice", the
  when-to-get-help page's level sections, the check page's emergency banner and
  its no-JavaScript checklist. Pages ask for them with markers such as
  `<!-- triage: cards -->`; nothing about how soon to get help is written by hand.
"""

from __future__ import annotations

import re
from html import escape
from typing import Iterable, Mapping

from contract import BIBLIOGRAPHY_FILE, Violation, cited_keys

TABLE_FILE = "data/triage.yml"
CARD_DESIGNS = ("emergency", "urgent", "non-urgent")
# Material Design icons (24 x 24), drawn inline so a card needs no extra request.
ICONS = {
    "alert": "M13 14h-2V9h2m0 9h-2v-2h2M1 21h22L12 2 1 21z",
    "clock": "M12 20a8 8 0 1 0 0-16 8 8 0 0 0 0 16m0-18a10 10 0 1 1 0 20 10 10 0 0 1 0-20m.5 5v5.25l4.5 2.67-.75 1.23L11 13V7h1.5z",
    "calendar": "M19 19H5V8h14m-3-7v2H8V1H6v2H5c-1.11 0-2 .89-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2h-1V1m-1 11h-5v5h5v-5z",
    "home": "M10 20v-6h4v6h5v-8h3L12 3 2 12h3v8h5z",
}
UNSURE = "unsure"

# <!-- triage: summary -->, <!-- triage: cards -->, <!-- triage: banner -->,
# <!-- triage: checklist -->, <!-- triage: level ID -->
MARKER = re.compile(r"^<!-- triage: (summary|cards|banner|checklist|level [a-z0-9-]+) -->[ \t]*$", re.M)
SUMMARY_MARKER = "<!-- triage: summary -->"
# A summary row names at most this many signs, so the card stays short on a phone.
SUMMARY_ROW_MAX = 3
CARDS_MARKER = "<!-- triage: cards -->"
BANNER_MARKER = "<!-- triage: banner -->"
CHECK_PAGE = "check.md"
HELP_PAGE = "when-to-get-help.md"

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
# Text that a template prints: plain words only, never markup.
_MARKUP = re.compile(r"[<>]|&[#a-zA-Z0-9]+;")


# --------------------------------------------------------------------------- reading the table


def questions(table: Mapping) -> list[Mapping]:
    """Every question, in the order the decision aid asks them."""
    return [question for group in table["question_groups"] for question in group["questions"]]


def level_ids(table: Mapping) -> list[str]:
    return [level["id"] for level in table["levels"]]


def signs_at(table: Mapping, level_id: str) -> list[Mapping]:
    return [sign for sign in table["signs"] if sign["level"] == level_id]


def signs_for_topics(table: Mapping, topics: Iterable[str] | None) -> list[Mapping]:
    """The signs a page's summary card names: every emergency sign, and the signs
    tagged with one of the page's topics (all signs when it names none)."""
    wanted = set(topics or table["topics"])
    first = table["levels"][0]["id"]
    return [sign for sign in table["signs"] if sign["level"] == first or wanted & set(sign["topics"])]


def sources(table: Mapping) -> list[str]:
    """Every source key the table uses, in first-use order."""
    keys = [key for level in table["levels"] for key in level["sources"]]
    keys += [key for level in table["levels"] for item in level.get("advice", []) for key in item["sources"]]
    keys += [key for item in table.get("advice", []) for key in item["sources"]]
    keys += [key for sign in table["signs"] for key in sign["sources"]]
    return list(dict.fromkeys(keys))


# --------------------------------------------------------------------------- evaluating answers


def logic(table: Mapping) -> dict:
    """What check.js reads: the questions and their worrying answers, the levels
    with their words, and each sign's conditions. Texts are plain (validated)."""
    def advice(items: Iterable[Mapping]) -> list[dict]:
        return [{"text": item["text"], "if": dict(item.get("if") or {})} for item in items]

    return {
        "questions": {question["id"]: question["worry"] for question in questions(table)},
        "order": [question["id"] for question in questions(table)],
        "levels": [
            {key: level[key] for key in ("id", "title", "card", "icon", "label", "action")} | {"advice": advice(level.get("advice", []))}
            for level in table["levels"]
        ],
        "advice": advice(table.get("advice", [])),
        "signs": [
            {"id": sign["id"], "level": sign["level"], "text": sign["text"], "when": [dict(alternative) for alternative in sign["when"]]}
            for sign in table["signs"]
        ],
    }


def normalise(table: Mapping, answers: Mapping[str, object]) -> dict[str, bool]:
    """Answers as True/False: "not sure" counts as the worrying answer."""
    worry = {question["id"]: question["worry"] for question in questions(table)}
    missing = [question for question in worry if answers.get(question) not in (True, False, UNSURE)]
    unknown = sorted(set(answers) - set(worry))
    if missing or unknown:
        raise ValueError(f"answers: unanswered {missing}, unknown {unknown}. Fix: answer every question yes, no or not sure")
    return {question: worry[question] if answers[question] == UNSURE else answers[question] for question in worry}


def _holds(conditions: Mapping[str, bool], answers: Mapping[str, bool]) -> bool:
    return all(answers[question] == value for question, value in conditions.items())


def evaluate(table: Mapping, answers: Mapping[str, object]) -> dict:
    """{"level": id, "signs": the deciding signs (those at the result's level),
    "advice": the advice items that fit the answers, as text}."""
    given = normalise(table, answers)
    order = level_ids(table)
    matched = [sign for sign in table["signs"] if any(_holds(alternative, given) for alternative in sign["when"])]
    level = min((order.index(sign["level"]) for sign in matched), default=len(order) - 1)
    level_id = order[level]
    items = list(table["levels"][level].get("advice", [])) + list(table.get("advice", []))
    return {
        "level": level_id,
        "signs": [sign["id"] for sign in matched if sign["level"] == level_id],
        "advice": [item["text"] for item in items if _holds(item.get("if") or {}, given)],
    }


# --------------------------------------------------------------------------- rendering


def _cite(keys: Iterable[str]) -> str:
    keys = list(dict.fromkeys(keys))
    return " [@" + "; @".join(keys) + "]" if keys else ""


def icon(name: str) -> str:
    return f'<svg class="care-card__icon" data-icon="{name}" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="{ICONS[name]}"/></svg>'


def _card(level: Mapping, body: str, searched: bool = True) -> str:
    # Material's search leaves out an element marked data-search-exclude only up
    # to the first closing tag of the same name, so the mark goes on each card.
    excluded = "" if searched else " data-search-exclude"
    return (
        f'<div class="care-card care-card--{level["card"]}" data-level="{level["id"]}"{excluded}>\n'
        f'<p class="care-card__label">{icon(level["icon"])}<span class="care-card__kind">{escape(level["label"])}:</span> '
        f'<span>{escape(level["title"])}</span></p>\n{body}\n</div>'
    )


def _sign_list(signs: list[Mapping], cite_each: bool) -> str:
    items = "".join(
        f'<li data-sign="{sign["id"]}">{escape(sign["text"])}{_cite(sign["sources"]) if cite_each else ""}</li>\n'
        for sign in signs
    )
    return f"<ul>\n{items}</ul>"


def _action(level: Mapping) -> str:
    return f'<p class="care-card__action"><strong>{escape(level["action"])}</strong>{_cite(level["sources"])}</p>'


def level_card(table: Mapping, level_id: str, cite_each: bool = True, searched: bool = True) -> str:
    """One level: its signs and what to do. The last level lists no signs: it is
    what applies when none of the others do. `searched`: in the search index."""
    level = next(level for level in table["levels"] if level["id"] == level_id)
    signs = signs_at(table, level_id)
    if signs:
        lead = "<p>If you have fluid from a nipple and any of these:</p>\n" if level is not table["levels"][0] else "<p>If you have any of these:</p>\n"
        body = lead + _sign_list(signs, cite_each)
        if not cite_each:
            body += f'\n<p class="care-card__sources">Sources for these signs:{_cite(key for sign in signs for key in sign["sources"])}</p>'
    else:
        body = "<p>If none of the signs above apply to you.</p>"
    return _card(level, body + "\n" + _action(level), searched)


def cards(table: Mapping) -> str:
    """Every level, most urgent first: the full "When to get medical advice".
    Not in the search index: a search for a warning sign finds it on the page
    about when to get help, not again on every page that shows these cards."""
    parts = [level_card(table, level_id, cite_each=False, searched=False) for level_id in level_ids(table)]
    return '<div class="care-cards">\n' + "\n".join(parts) + "\n</div>"


def summary(table: Mapping, topics: Iterable[str] | None, check_href: str, section_href: str) -> str:
    """The compact card for the first phone screen: for each level that has
    signs, the page's signs in a few words, and where to find the rest."""
    chosen = signs_for_topics(table, topics)
    rows = []
    for level in table["levels"]:
        signs = [sign for sign in chosen if sign["level"] == level["id"]]
        if not signs:
            continue
        words = "; ".join(sign["short"] for sign in signs[:SUMMARY_ROW_MAX])
        if len(signs) > SUMMARY_ROW_MAX:
            words += "; and other signs"
        rows.append(
            f'<li class="care-summary__row care-summary__row--{level["card"]}" data-level="{level["id"]}">'
            f'<span class="care-summary__kind">{escape(level["label"])}:</span> '
            f'{escape(words)}.{_cite(key for sign in signs for key in sign["sources"])}</li>'
        )
    return (
        '<aside class="care-summary" aria-labelledby="care-summary-title">\n'
        '<p class="care-summary__title" id="care-summary-title">How soon to get help</p>\n'
        f'<p class="care-summary__links"><a class="md-button md-button--primary" href="{check_href}">Should I get this checked?</a></p>\n'
        f'<ul>\n{"".join(row + chr(10) for row in rows)}</ul>\n'
        f'<p class="care-summary__more"><a href="{section_href}">All the warning signs and what to do</a></p>\n'
        "</aside>"
    )


def banner(table: Mapping) -> str:
    """The check page's first box: the emergency signs and what to do."""
    return level_card(table, level_ids(table)[0])


def checklist(table: Mapping) -> str:
    """The decision aid without JavaScript: every level, its signs (each with its
    sources) and what to do, with the ids results link to."""
    parts = []
    for level in table["levels"]:
        body = level_card(table, level["id"]).removesuffix("</div>")
        parts.append(f'### {level["title"]} {{ #outcome-{level["id"]} }}\n\n{body}{_advice_list(level.get("advice", []))}</div>')
    if table.get("advice"):
        parts.append(f'### Whatever your result {{ #outcome-advice }}\n\n{_advice_list(table["advice"])}')
    return "\n\n".join(parts)


def _advice_list(items: Iterable[Mapping]) -> str:
    """Advice as a list; in a result, check.js shows only the items that fit the answers."""
    items = list(items)
    if not items:
        return ""
    return '<ul class="care-card__advice">\n' + "".join(f'<li>{escape(item["text"])}{_cite(item["sources"])}</li>\n' for item in items) + "</ul>\n"


def level_section(table: Mapping, level_id: str) -> str:
    """A level on the when-to-get-help page: heading (its stable id) and card."""
    level = next(level for level in table["levels"] if level["id"] == level_id)
    return f'### {level["title"]} {{ #{level_id} }}\n\n{level_card(table, level_id)}'


def expand(markdown: str, table: Mapping, topics: Iterable[str] | None, check_href: str) -> str:
    """The page's Markdown with every triage marker replaced by its HTML."""

    def replace(match: re.Match) -> str:
        what = match.group(1)
        if what == "summary":
            return summary(table, topics, check_href, "#when-to-get-medical-advice")
        if what == "cards":
            return cards(table)
        if what == "banner":
            return banner(table)
        if what == "checklist":
            return checklist(table)
        return level_section(table, what.split(" ", 1)[1])

    return MARKER.sub(replace, markdown)


def page_sources(listed: list[str], markdown: str, expanded: str) -> list[str]:
    """A page's numbered sources: its own list, then the sources its care cards
    cite that it does not list. What the editor cites by hand (in `markdown`)
    must still be listed by hand; the page contract reports it if not."""
    written = set(cited_keys(markdown))
    return listed + [key for key in dict.fromkeys(cited_keys(expanded)) if key not in listed and key not in written]


# --------------------------------------------------------------------------- handouts


def handout_levels(table: Mapping) -> list[dict]:
    """Every level that has signs, with the signs in a few words: the handouts'
    warning signs."""
    return [
        {"level": level, "signs": [sign["short"] for sign in signs_at(table, level["id"])]}
        for level in table["levels"]
        if signs_at(table, level["id"])
    ]


# --------------------------------------------------------------------------- validation


def _problem(field: str, problem: str, fix: str) -> Violation:
    return Violation(TABLE_FILE, field, problem, fix)


def _text_problems(where: str, entry: Mapping, fields: Iterable[str]) -> list[Violation]:
    return [
        _problem(f"{where}.{field}", "contains markup (<, > or an &entity;)", "write plain words; the templates add all markup")
        for field in fields
        if isinstance(entry.get(field), str) and _MARKUP.search(entry[field])
    ]


def _entries(value: object, where: str, fields: tuple[str, ...]) -> tuple[list[Mapping], list[Violation]]:
    if not isinstance(value, list) or not value:
        return [], [_problem(where, "missing or not a list", f"add '{where}:' with at least one entry; see the file's header")]
    good, problems, seen = [], [], set()
    for index, entry in enumerate(value):
        here = f"{where}[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(_problem(here, "is not a mapping", "give it " + ", ".join(fields)))
            continue
        absent = [field for field in fields if entry.get(field) in (None, "", [], {})]
        if absent:
            problems.append(_problem(here, f"missing {', '.join(absent)}", "add " + ", ".join(f"'{field}:'" for field in absent)))
            continue
        if not _ID.fullmatch(str(entry["id"])):
            problems.append(_problem(f"{here}.id", f"{entry['id']!r} is not lower-case letters, digits, '-' or '_'", "rename it"))
        elif entry["id"] in seen:
            problems.append(_problem(f"{here}.id", f"'{entry['id']}' is used twice", "give each entry its own id"))
        seen.add(entry["id"])
        good.append(entry)
    return good, problems


def _check_sources(where: str, keys: object, bibliography: Mapping) -> list[Violation]:
    if not isinstance(keys, list) or not keys:
        return [_problem(where, "has no sources", f"list the keys in {BIBLIOGRAPHY_FILE} that support it and its level")]
    return [
        _problem(where, f"unknown source key '{key}'", f"use a key defined in {BIBLIOGRAPHY_FILE}, or add the source there first")
        for key in keys
        if key not in bibliography
    ]


def _check_conditions(where: str, conditions: object, worry: Mapping[str, bool], any_answer: bool) -> list[Violation]:
    if not isinstance(conditions, Mapping) or not conditions:
        return [_problem(where, "is not a mapping of question ids to answers", "write it like {lump: yes}")]
    problems = []
    for question, value in conditions.items():
        if question not in worry:
            problems.append(_problem(f"{where}.{question}", "unknown question", "use a question id: " + ", ".join(worry)))
        elif not isinstance(value, bool):
            problems.append(_problem(f"{where}.{question}", f"{value!r} is not yes or no", "write yes or no"))
        elif not any_answer and value is not worry[question]:
            problems.append(
                _problem(
                    f"{where}.{question}",
                    f"tests the reassuring answer ({'yes' if value else 'no'})",
                    "test only the worrying answer, so a reassuring answer can never outweigh a warning sign",
                )
            )
    return problems


def check_table(table: object, bibliography: Mapping) -> list[Violation]:
    """Every problem with the table, each naming the field and the fix."""
    if not isinstance(table, Mapping):
        return [_problem("file", "is not a mapping", "give it topics:, levels:, question_groups: and signs:")]
    problems: list[Violation] = []
    topics = table.get("topics")
    if not isinstance(topics, list) or not topics or not all(isinstance(topic, str) for topic in topics):
        problems.append(_problem("topics", "missing or not a list of names", "list the topics pages may ask for"))
        topics = []
    levels, more = _entries(table.get("levels"), "levels", ("id", "title", "card", "icon", "label", "action", "sources"))
    problems += more
    groups, more = _entries(table.get("question_groups"), "question_groups", ("id", "title", "questions"))
    problems += more
    all_questions: list[Mapping] = []
    for index, group in enumerate(groups):
        found, more = _entries(group["questions"], f"question_groups[{index}].questions", ("id", "text"))
        problems += more
        for number, question in enumerate(found):
            where = f"question_groups[{index}].questions[{number}]"
            if not isinstance(question.get("worry"), bool):
                problems.append(_problem(f"{where}.worry", f"{question.get('worry')!r} is not yes or no", "write the answer that is a warning sign: yes or no"))
            problems += _text_problems(where, question, ("text", "hint"))
        all_questions += found
    signs, more = _entries(table.get("signs"), "signs", ("id", "level", "text", "short", "topics", "when", "sources"))
    problems += more
    ids = [question["id"] for question in all_questions]
    for duplicate in sorted({question for question in ids if ids.count(question) > 1}):
        problems.append(_problem("question_groups", f"question '{duplicate}' is asked twice", "keep one"))
    worry = {question["id"]: question.get("worry") for question in all_questions}
    order = [level["id"] for level in levels]

    used: set[str] = set()
    for index, level in enumerate(levels):
        where = f"levels[{index}]"
        if level["icon"] not in ICONS:
            problems.append(_problem(f"{where}.icon", f"'{level['icon']}' is not an icon", "use one of " + ", ".join(ICONS)))
        if level["card"] not in CARD_DESIGNS:
            problems.append(_problem(f"{where}.card", f"'{level['card']}' is not a card design", "use one of " + ", ".join(CARD_DESIGNS)))
        problems += _text_problems(where, level, ("title", "label", "action"))
        problems += _check_sources(f"{where}.sources", level["sources"], bibliography)
        problems += _check_advice_list(f"{where}.advice", level, worry, bibliography, used)
    problems += _check_advice_list("advice", table, worry, bibliography, used)

    levels_with_signs = set()
    for index, sign in enumerate(signs):
        where = f"signs[{index}]"
        if sign["level"] not in order:
            problems.append(_problem(f"{where}.level", f"'{sign['level']}' is not a level", "use one of " + ", ".join(order)))
        elif sign["level"] == order[-1]:
            problems.append(_problem(f"{where}.level", f"'{order[-1]}' is what applies when no sign does", "give the sign a more urgent level"))
        levels_with_signs.add(sign["level"])
        problems += _text_problems(where, sign, ("text", "short"))
        problems += _check_sources(f"{where}.sources", sign["sources"], bibliography)
        for topic in sign["topics"] if isinstance(sign["topics"], list) else [None]:
            if topic not in topics:
                problems.append(_problem(f"{where}.topics", f"{topic!r} is not a topic", "use one of " + ", ".join(topics)))
        alternatives = sign["when"] if isinstance(sign["when"], list) else [None]
        if not alternatives:
            problems.append(_problem(f"{where}.when", "no question detects this sign", "add an alternative like {lump: yes}"))
        for number, alternative in enumerate(alternatives):
            problems += _check_conditions(f"{where}.when[{number}]", alternative, worry, any_answer=False)
            if isinstance(alternative, Mapping):
                used.update(alternative)
    for level_id in order[:-1]:
        if level_id not in levels_with_signs:
            problems.append(_problem("levels", f"no sign has the level '{level_id}'", "add a sign for it or remove the level"))
    for question_id in worry:
        if question_id not in used:
            problems.append(_problem("question_groups", f"question '{question_id}' detects no sign and changes no advice", "use it in a sign's when: or an advice item's if:, or remove it"))
    return problems


def _check_advice_list(where: str, owner: Mapping, worry: Mapping[str, bool], bibliography: Mapping, used: set[str]) -> list[Violation]:
    """`advice:` is optional, but when it is there it is a list of items."""
    if "advice" not in owner:
        return []
    items = owner["advice"]
    if not isinstance(items, list) or not items:
        return [_problem(where, "is empty or not a list", "list items under it ('- text: ...'), or remove 'advice:'")]
    problems = []
    for number, item in enumerate(items):
        problems += _check_advice(f"{where}[{number}]", item, worry, bibliography, used)
    return problems


def _check_advice(where: str, item: object, worry: Mapping[str, bool], bibliography: Mapping, used: set[str]) -> list[Violation]:
    if not isinstance(item, Mapping) or not item.get("text"):
        return [_problem(where, "has no text", "give each item 'text:' and 'sources:'")]
    problems = _text_problems(where, item, ("text",)) + _check_sources(f"{where}.sources", item.get("sources"), bibliography)
    if item.get("if") is not None:
        problems += _check_conditions(f"{where}.if", item["if"], worry, any_answer=True)
        if isinstance(item["if"], Mapping):
            used.update(item["if"])
    return problems


def check_page(path: str, meta: Mapping, markdown: str, table: Mapping) -> list[Violation]:
    """A page's triage: known topics, known levels in its markers, and no
    warning signs or urgency wording written by hand."""
    problems = []
    topics = meta.get("triage")
    if topics is not None:
        if not isinstance(topics, list) or not all(isinstance(topic, str) for topic in topics):
            problems.append(Violation(path, "triage", "is not a list of topics", "write it like [discharge, infection]"))
        else:
            problems += [
                Violation(path, "triage", f"asks for the topic '{topic}', which {TABLE_FILE} lacks", "use one of " + ", ".join(table["topics"]))
                for topic in topics
                if topic not in table["topics"]
            ]
    for match in MARKER.finditer(markdown):
        what = match.group(1)
        if what.startswith("level ") and what.split(" ", 1)[1] not in level_ids(table):
            problems.append(Violation(path, "body", f"'{match.group(0)}' names no level", "use one of " + ", ".join(level_ids(table))))
    if meta.get("type") == "medical" and SUMMARY_MARKER not in markdown and BANNER_MARKER not in markdown:
        problems.append(Violation(path, "body", f"has no {SUMMARY_MARKER}", "put it on a line of its own after the short answer, so the care card shows on the first screen"))
    if meta.get("type") == "medical" and CARDS_MARKER not in markdown and not MARKER.search(markdown.replace(SUMMARY_MARKER, "")):
        problems.append(Violation(path, "body", f"has no {CARDS_MARKER}", "put it on a line of its own in the 'When to get medical advice' section"))
    for line in hand_written_triage(markdown):
        problems.append(Violation(path, "body", f"a box about how soon to get help is written by hand: '{line[:60]}'", f"use a triage marker; the words come from {TABLE_FILE}"))
    return problems


# An admonition whose title is triage advice ("!!! danger", "!!! warning ... Get checked if").
_HAND_TRIAGE = re.compile(
    r'^(?:!!!|\?\?\?\+?)\s*(?:danger|warning|failure|bug)\b.*$'
    r'|^(?:!!!|\?\?\?\+?)[^"\n]*"[^"\n]*(?:emergency|urgent|appointment|day or two|get checked|get help|see a (?:doctor|GP))[^"\n]*"',
    re.M | re.I,
)


def hand_written_triage(markdown: str) -> list[str]:
    return [match.group(0) for match in _HAND_TRIAGE.finditer(markdown)]
