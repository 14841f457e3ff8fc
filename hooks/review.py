"""Clinical review: content fingerprints, review records, each page's review
state, the statements a reviewer checks, and what changed since the last review.

Pure functions over plain data (a page's file text, bibliography entries, the
triage rules it shows, records as loaded from YAML), shared by the build hook,
scripts/review.py and the tests. The one exception, `reviewed_text`, asks git
for the text a record names, and says so when it cannot.

A record approves exact content: its fingerprint is a hash of the page's
Markdown, the sources it cites and the triage rules it shows. Any change to
them makes the page "changed since review" until a clinician records a new
review, so the site never claims a review for text nobody reviewed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import data_files
import triage
from contract import BIBLIOGRAPHY_FILE, CITATION, FENCE, FRONT_MATTER, HEADING, Violation, cited_keys

REVIEWS_FILE = "data/reviews.yml"
DOCS_DIR = "docs"
PACKET_DIR = "review"
PACKET_TEMPLATE = "review-packet.html"
PACKET_STYLESHEET = "assets/stylesheets/review-packet.css"
SITE_PACKET = "site"
REVIEWED, CHANGED, NEVER = "reviewed", "changed", "never"

# Front matter that dates or places a page but says nothing to readers: changing
# it does not change what a clinician approved.
BOOKKEEPING_FIELDS = ("last_reviewed", "next_review", "hide", "search", "template")
# A bibliography entry's `accessed` date records when an editor last opened the
# source, not what the source says.
BOOKKEEPING_SOURCE_FIELDS = ("accessed",)
# Front matter a reader sees besides the body (handouts, search results, the
# title), in the order a packet lists it.
SHOWN_FIELDS = {
    "title": "Title",
    "description": "Summary shown in search results",
    "short_answer": "Short answer (printed on the handout)",
    "teach_back": "Questions for the clinician to ask (printed on the handout)",
}

FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
COMMIT = re.compile(r"[0-9a-f]{7,40}")
RECORD_FIELDS = ("reviewer", "date", "scope", "commit", "fingerprints")


# --------------------------------------------------------------------------- fingerprints


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter, body) of a page's file as written."""
    text = text.replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        # The project's strict reader: an impossible date stays text, never a crash
        # (the page contract reports it, once).
        meta = data_files.parse_yaml("front matter", match.group(1))
    except data_files.DataFileError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def fingerprint(markdown: str, sources: Mapping[str, Mapping], triage_signs: Iterable[Mapping]) -> str:
    """"sha256:<hex>" of what a reader of the page sees: its file as the editor
    wrote it (front matter included, bookkeeping fields left out), the
    bibliography entries of its sources in the order it lists them, and the
    triage rules it shows. Canonical JSON, so the same content always gives the
    same fingerprint, whatever the line endings or YAML key order."""
    meta, body = split_front_matter(markdown)
    content = {
        "front_matter": {key: value for key, value in meta.items() if key not in BOOKKEEPING_FIELDS},
        "body": body,
        "sources": [
            [key, {name: value for name, value in (entry or {}).items() if name not in BOOKKEEPING_SOURCE_FIELDS}]
            for key, entry in sources.items()
        ],
        "triage": list(triage_signs),
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def page_sources(meta: Mapping, bibliography: Mapping) -> dict[str, Mapping]:
    """The page's sources (front matter `sources:`), each with its bibliography entry."""
    keys = meta.get("sources") if isinstance(meta.get("sources"), list) else []
    return {key: bibliography.get(key) or {} for key in keys}


# --------------------------------------------------------------------------- records

_RECORD_FIX = {
    "reviewer": "give the id of a reviewer listed in mkdocs.yml extra.clinical_reviewers",
    "date": "give the date the review was finished, unquoted, as YYYY-MM-DD (not in the future)",
    "scope": "give 'site', or a list of the pages reviewed as paths below docs/, e.g. [hormones.md]",
    "commit": "give the git commit whose text was reviewed (git rev-parse HEAD), 7-40 hex digits",
    "fingerprints": "copy each page's fingerprint from its review packet or `python3 scripts/dev.py review-status`",
}


def check_records(
    records: object,
    reviewers: object,
    today: dt.date,
    pages: Iterable[str] | None = None,
    site_pages: Iterable[str] | None = None,
) -> list[Violation]:
    """data/reviews.yml: each record names a configured reviewer, a past date, its
    scope, the commit reviewed and a well-formed fingerprint for every page in
    scope. With `pages` (every page's path below docs/), also that each page named
    exists; with `site_pages` (the medical pages), that a 'site' review has a
    fingerprint for each."""
    where = REVIEWS_FILE
    if records in (None, []):
        return []
    if not isinstance(records, list):
        return [Violation(where, "records", "is not a list", "write a list of records, or [] before the first review")]
    known = {reviewer.get("id") for reviewer in reviewers or [] if isinstance(reviewer, Mapping)}
    pages = list(pages) if pages is not None else None
    site_pages = list(site_pages) if site_pages is not None else None
    problems = []
    for index, record in enumerate(records):
        item = f"[{index}]"
        if not isinstance(record, Mapping):
            problems.append(Violation(where, item, "is not a mapping", "give " + ", ".join(RECORD_FIELDS)))
            continue
        for name in RECORD_FIELDS:
            if record.get(name) in (None, "", []):
                problems.append(Violation(where, f"{item}.{name}", "missing", _RECORD_FIX[name]))
        for name in sorted(set(record) - set(RECORD_FIELDS)):
            problems.append(Violation(where, f"{item}.{name}", "is not a record field", "remove it; a record has " + ", ".join(RECORD_FIELDS)))
        reviewer = record.get("reviewer")
        if reviewer not in (None, "") and reviewer not in known:
            problems.append(Violation(where, f"{item}.reviewer", f"{reviewer!r} is not a configured reviewer's id", _RECORD_FIX["reviewer"]))
        day = record.get("date")
        if day not in (None, "") and (not isinstance(day, dt.date) or isinstance(day, dt.datetime) or day > today):
            problems.append(Violation(where, f"{item}.date", f"{day!r} is not a past date", _RECORD_FIX["date"]))
        commit = record.get("commit")
        if commit not in (None, "") and not COMMIT.fullmatch(str(commit)):
            problems.append(Violation(where, f"{item}.commit", f"{commit!r} is not a commit id", _RECORD_FIX["commit"]))
        problems += _check_scope(item, record.get("scope"), record.get("fingerprints"), pages, site_pages)
    return problems


def _check_scope(
    item: str, scope: object, fingerprints: object, pages: list[str] | None, site_pages: list[str] | None
) -> list[Violation]:
    where, problems = REVIEWS_FILE, []
    if scope in (None, "", []):
        in_scope = None
    elif scope == SITE_PACKET:
        in_scope = site_pages
    elif isinstance(scope, list) and all(isinstance(page, str) for page in scope):
        in_scope = scope
        for page in scope:
            if pages is not None and page not in pages:
                problems.append(Violation(where, f"{item}.scope", f"{page!r} is not a page of the site", _RECORD_FIX["scope"]))
    else:
        return [Violation(where, f"{item}.scope", f"{scope!r} is neither 'site' nor a list of pages", _RECORD_FIX["scope"])]
    if fingerprints in (None, "", []):
        return problems
    if not isinstance(fingerprints, Mapping):
        return problems + [Violation(where, f"{item}.fingerprints", "is not a mapping of page: fingerprint", _RECORD_FIX["fingerprints"])]
    for page, value in fingerprints.items():
        if not FINGERPRINT.fullmatch(str(value)):
            problems.append(Violation(where, f"{item}.fingerprints.{page}", f"{value!r} is not sha256: and 64 hex digits", _RECORD_FIX["fingerprints"]))
        if in_scope is not None and page not in in_scope:
            problems.append(Violation(where, f"{item}.fingerprints.{page}", "names a page outside the record's scope", "add the page to scope, or remove its fingerprint"))
    for page in in_scope or []:
        if page not in fingerprints:
            problems.append(Violation(where, f"{item}.fingerprints.{page}", "missing", _RECORD_FIX["fingerprints"]))
    return problems


def check_passages(bibliography: Mapping) -> list[Violation]:
    """An entry's optional `passages:`, the words of the source a claim rests on,
    which packets show the reviewer: a list of text, each copied exactly."""
    return [
        Violation(f"{BIBLIOGRAPHY_FILE}[{key}]", "passages", "is not a list of text",
                  "give a list of the source's own words, each as one quoted string, or remove it")
        for key, entry in bibliography.items()
        if isinstance(entry, Mapping) and "passages" in entry
        and not (isinstance(entry["passages"], list) and all(isinstance(item, str) and item.strip() for item in entry["passages"]))
    ]


def check_editors(editors: object) -> list[Violation]:
    """mkdocs.yml `extra.editors`: the people who write the pages, each with a name."""
    where, name = "mkdocs.yml", "extra.editors"
    fix = "write a list of editors, each with name (and role), or [] to say the pages are written by the project's editors"
    if editors in (None, []):
        return []
    if not isinstance(editors, list):
        return [Violation(where, name, "is not a list", fix)]
    return [
        Violation(where, f"{name}[{index}].name", "missing", "give the editor's name as they want it shown")
        for index, editor in enumerate(editors)
        if not isinstance(editor, Mapping) or not str(editor.get("name") or "").strip()
    ]


# --------------------------------------------------------------------------- state


@dataclass(frozen=True)
class ReviewState:
    """What a page says about its clinical review. `records` are the latest
    review's records (one per reviewer), empty when never reviewed."""

    state: str
    records: tuple[Mapping, ...] = ()
    reviewers: tuple[Mapping, ...] = field(default=())

    @property
    def date(self) -> dt.date | None:
        return self.records[0]["date"] if self.records else None

    @property
    def commit(self) -> str | None:
        return str(self.records[0]["commit"]) if self.records else None


def assess(
    page: str, text: str, bibliography: Mapping, table: Mapping, records: Iterable[Mapping], reviewers: Iterable[Mapping]
) -> tuple[list[dict], str, ReviewState]:
    """A page's triage rules (as triage_rules gives them), its current fingerprint
    and its review state, from its file as written."""
    meta, _ = split_front_matter(text)
    rules = triage_rules(table, shown_signs(text, meta, table))
    current = fingerprint(text, page_sources(meta, bibliography), rules)
    return rules, current, review_state(page, current, records, reviewers)


def review_state(page: str, current: str, records: Iterable[Mapping], reviewers: Iterable[Mapping]) -> ReviewState:
    """reviewed: the latest review of `page` approved its current fingerprint;
    changed: it was reviewed, but the content has changed since; never: no record.
    Records are assumed valid (check_records); a later record wins a tie."""
    covering = [record for record in records if page in (record.get("fingerprints") or {})]
    if not covering:
        return ReviewState(NEVER)
    latest_date = max(record["date"] for record in covering)
    latest = [record for record in covering if record["date"] == latest_date]
    approved = latest[-1]["fingerprints"][page]
    if approved != current:
        return ReviewState(CHANGED, (latest[-1],))
    same = tuple(record for record in latest if record["fingerprints"][page] == approved)
    by_id = {reviewer["id"]: reviewer for reviewer in reviewers}
    return ReviewState(REVIEWED, same, tuple(by_id[record["reviewer"]] for record in same))


def reviewed_text(root: Path, commit: str, page: str) -> tuple[str | None, str]:
    """(the page's file at `commit`, or None; why not). Asks git in `root`."""
    try:
        result = subprocess.run(
            ["git", "show", f"{commit}:{DOCS_DIR}/{page}"], cwd=root, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None, "git is not available where this packet was made"
    if result.returncode != 0:
        return None, f"the reviewed version (commit {commit}) is not in this copy of the repository"
    return result.stdout, ""


# --------------------------------------------------------------------------- statements


@dataclass
class Statement:
    """One sentence a reader sees, with the sources it cites itself (`keys`) and,
    for a sentence without its own citation, the ones cited later in the same
    passage (`covered_by`)."""

    number: int
    text: str
    keys: list[str]
    covered_by: list[str] = field(default_factory=list)
    # The number of the statement whose citation covers this one.
    covered_at: int | None = None
    changed: bool = False
    # Filled in for a packet (citation_details): the sources of `keys`.
    sources: list[dict] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return self.text + "".join(f" [@{key}]" for key in self.keys)


@dataclass
class Section:
    heading: str
    anchor: str
    level: int
    statements: list[Statement] = field(default_factory=list)


_ATTR_ID = re.compile(r"\{[^}]*#([A-Za-z][\w-]*)[^}]*\}\s*#*\s*$")
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"(.*)")?\s*$')
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# A sentence ends at . ! or ? (after any closing quote or bracket) followed by
# space and a capital, a digit, an opening quote or bracket, or a citation.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"“‘(\[])")
_ONLY_CITATIONS = re.compile(r"^(?:\s*\[@[^\]]+\]\s*)+[.,;:]?\s*$")


def plain(text: str) -> str:
    """Markdown inline text as a reader reads it: no links' targets, emphasis,
    HTML tags or attribute lists; citations removed (a packet lists them apart)."""
    text = CITATION.sub("", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\{:?\s*[#.][^}]*\}", "", text)
    text = re.sub(r"(\*\*|__|\*|~~)", "", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return " ".join(text.split())


def _blocks(body: str) -> Iterable[tuple[str, object]]:
    """('heading', (text, level, id)) or ('passage', [item texts]) in reading order.
    A passage is a paragraph, a list, a table or an admonition's paragraph; each
    list item and table row is an item of its own."""
    lines = []
    fenced = False
    for line in re.sub(r"<!--.*?-->", "", body, flags=re.S).splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    items: list[str] = []

    def flush():
        passage = [item for item in (" ".join(part.split()) for part in items) if item]
        items.clear()
        return passage

    for line in lines:
        heading = HEADING.match(line)
        admonition = _ADMONITION.match(line.strip())
        stripped = line.strip()
        if heading or admonition or not stripped:
            passage = flush()
            if passage:
                yield "passage", passage
            if heading:
                anchor = _ATTR_ID.search(line)
                yield "heading", (heading.group(2).strip(), len(heading.group(1)), anchor.group(1) if anchor else "")
            elif admonition and admonition.group(1):
                yield "passage", [admonition.group(1)]
            continue
        if stripped.startswith("|"):
            if not _TABLE_RULE.match(stripped):
                items.append(" | ".join(cell.strip() for cell in stripped.strip("|").split("|")))
            continue
        if _LIST_ITEM.match(line):
            items.append(_LIST_ITEM.sub("", line, count=1))
        elif items:
            items[-1] += " " + stripped
        else:
            items.append(stripped)
    passage = flush()
    if passage:
        yield "passage", passage


def _sentences(item: str) -> list[tuple[str, list[str]]]:
    """(plain text, keys it cites) per sentence; a citation written after the full
    stop belongs to the sentence before it."""
    parts: list[str] = []
    for part in _SENTENCE_END.split(item):
        if parts and _ONLY_CITATIONS.match(part):
            parts[-1] += " " + part
        else:
            parts.append(part)
    return [(plain(part), cited_keys(part)) for part in parts if plain(part) or cited_keys(part)]


def statements(markdown: str) -> list[Section]:
    """Every sentence of the page, numbered, grouped by section: first the
    front-matter text a reader sees (title, summary, handout text), then the body.

    A sentence with no citation of its own is `covered_by` the next citation in
    its passage (writers cite once at the end of a short passage); a passage that
    is only citations (after a list, say) covers the passage before it."""
    meta, body = split_front_matter(markdown)
    sections: list[Section] = []
    number = 0

    def add(text: str, keys: list[str]) -> Statement:
        nonlocal number
        number += 1
        statement = Statement(number, text, keys)
        sections[-1].statements.append(statement)
        return statement

    for name, label in SHOWN_FIELDS.items():
        value = meta.get(name)
        sections.append(Section(label, "field-" + name.replace("_", "-"), 2))
        for item in value if isinstance(value, list) else [value] if value else []:
            for text, keys in _sentences(str(item)):
                add(text, keys)
    sections.append(Section("(introduction)", "introduction", 2))
    previous: list[Statement] = []
    for kind, value in _blocks(body):
        if kind == "heading":
            text, level, anchor = value
            sections.append(Section(plain(text), anchor, level))
            previous = []
            continue
        if len(value) == 1 and _ONLY_CITATIONS.match(value[0]):
            keys = cited_keys(value[0])
            if previous:
                previous[-1].keys += keys
                for statement in previous[:-1]:
                    if not statement.keys:
                        statement.covered_by, statement.covered_at = list(keys), previous[-1].number
            else:
                add("(citation on its own)", keys)
            continue
        passage = [add(text, keys) for item in value for text, keys in _sentences(item)]
        pending: list[Statement] = []
        for statement in passage:
            if statement.keys:
                for waiting in pending:
                    waiting.covered_by, waiting.covered_at = list(statement.keys), statement.number
                pending = []
            else:
                pending.append(statement)
        previous = passage
    return [section for section in sections if section.statements]


def mark_changed(sections: list[Section], old_markdown: str | None) -> None:
    """Flag the statements that are new or reworded since the reviewed text."""
    if old_markdown is None:
        return
    before = {statement.raw for section in statements(old_markdown) for statement in section.statements}
    for section in sections:
        for statement in section.statements:
            statement.changed = statement.raw not in before


def sentence_diff(old_markdown: str, new_markdown: str) -> list[dict]:
    """What changed, sentence by sentence: a list of {"section", "removed", "added"}
    for each run of changed sentences (unchanged ones are left out)."""

    def flat(markdown: str) -> list[tuple[str, str]]:
        return [(section.heading, statement.raw) for section in statements(markdown) for statement in section.statements]

    old, new = flat(old_markdown), flat(new_markdown)
    matcher = difflib.SequenceMatcher(a=[raw for _, raw in old], b=[raw for _, raw in new], autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        section = (new[j1] if j1 < len(new) else old[i1] if i1 < len(old) else ("", ""))[0]
        changes.append(
            {
                "section": section,
                "removed": [raw for _, raw in old[i1:i2]],
                "added": [raw for _, raw in new[j1:j2]],
            }
        )
    return changes


def citation_details(keys: Iterable[str], bibliography: Mapping) -> list[dict]:
    """Each key's source as a packet shows it: title, publisher, link, and the
    passage the claim rests on where the entry records one (`passages:`)."""
    return [
        {
            "key": key,
            "title": (bibliography.get(key) or {}).get("title", key),
            "publisher": (bibliography.get(key) or {}).get("publisher", ""),
            "url": (bibliography.get(key) or {}).get("url", ""),
            "passages": list((bibliography.get(key) or {}).get("passages") or []),
        }
        for key in dict.fromkeys(keys)
    ]


# --------------------------------------------------------------------------- rules a page shows


def shown_signs(markdown: str, meta: Mapping, table: Mapping) -> list[Mapping]:
    """The triage signs a page shows, from its triage markers: every sign with the
    full cards or the checklist, the page's topics (front matter `triage:`) with
    the summary card, one level's signs with the banner or a level section."""
    shown = set()
    for what in triage.MARKER.findall(markdown):
        if what in ("cards", "checklist"):
            shown.update(sign["id"] for sign in table["signs"])
        elif what == "summary":
            shown.update(sign["id"] for sign in triage.signs_for_topics(table, meta.get("triage")))
        else:  # the banner shows the first level; "level ID" shows that level
            level = triage.level_ids(table)[0] if what == "banner" else what.split(" ", 1)[1]
            shown.update(sign["id"] for sign in triage.signs_at(table, level))
    return [sign for sign in table["signs"] if sign["id"] in shown]


def triage_rules(table: Mapping, signs: Iterable[Mapping]) -> list[dict]:
    """The triage rules a page shows (data/triage.yml), as the rows a packet lists:
    each sign with its level and conditions (question wording, worrying answer),
    then what each of those levels tells the reader to do."""
    questions = {
        question["id"]: question["text"] for group in table.get("question_groups", []) for question in group["questions"]
    }
    levels = {level["id"]: level for level in table.get("levels", [])}

    def worded(conditions: Mapping) -> dict:
        return {questions.get(question, question): answer for question, answer in (conditions or {}).items()}

    signs = list(signs)
    rows = [
        {
            "id": sign["id"],
            "text": sign["text"],
            "level": levels[sign["level"]]["title"],
            "when": [worded(alternative) for alternative in sign["when"]],
            "sources": list(sign["sources"]),
        }
        for sign in signs
    ]
    for level_id in dict.fromkeys(sign["level"] for sign in signs):
        level = levels[level_id]
        rows.append({"id": f"{level_id}-action", "text": level["action"], "level": level["title"], "when": [], "sources": list(level["sources"])})
        rows += [
            {
                "id": f"{level_id}-advice-{index}",
                "text": item["text"],
                "level": level["title"],
                "when": [worded(item["if"])] if item.get("if") else [],
                "sources": list(item["sources"]),
            }
            for index, item in enumerate(level.get("advice", []), 1)
        ]
    return rows


# --------------------------------------------------------------------------- packets


def packet_uri(page: str) -> str:
    """'hormones.md' -> 'review/hormones.html'; the home page -> 'review/overview.html'.
    A file, not a folder's index.html: a packet is not an address the site publishes
    (data/link-registry.txt), and no sitemap lists it."""
    stem = page.removesuffix(".md").removesuffix("index").rstrip("/").replace("/", "-")
    return f"{PACKET_DIR}/{stem or 'overview'}.html"


def packet_title(packets: list[Mapping], site_name: str) -> str:
    """A packet's title: its page's, or the whole site's when it holds several."""
    return f"Clinical review packet: {packets[0]['title'] if len(packets) == 1 else 'all of ' + site_name}"


def packet_site(config) -> dict[str, str]:
    """What a packet shows of the site's settings (review-packet.html: `site`)."""
    return {
        "name": config.site_name,
        "language": config.theme["language"],
        "publisher": (config.extra.get("publisher") or {}).get("name", ""),
    }


def packet_page(
    page: str,
    text: str,
    bibliography: Mapping,
    rules: list[Mapping],
    state: ReviewState,
    old_text: str | None = None,
    old_note: str = "",
) -> dict:
    """Everything a packet shows about one page: its statements with their sources,
    the rules it shows, its fingerprint and review state, and what changed since
    the reviewed text (`old_text`, or `old_note` saying why it is unavailable).
    `rules` are the page's triage rules as triage_rules gives them."""
    meta, _ = split_front_matter(text)
    sources = page_sources(meta, bibliography)
    rows = [dict(row) for row in rules]
    sections = statements(text)
    if state.state != NEVER:
        mark_changed(sections, old_text)
    for section in sections:
        for statement in section.statements:
            statement.sources = citation_details(statement.keys, bibliography)
    for row in rows:
        row["citations"] = citation_details(row["sources"], bibliography)
    return {
        "page": page,
        "title": meta.get("title", page),
        "fingerprint": fingerprint(text, sources, rules),
        "state": state,
        "sections": sections,
        "rules": rows,
        "changes": sentence_diff(old_text, text) if old_text is not None and state.state != NEVER else None,
        "changes_note": old_note,
    }
