"""The page contract: pure checks shared by the build hook and the test suite.

Every function here takes plain data (front matter as a dict, Markdown as text,
dates passed in) and returns `Violation`s, so each rule can be unit-tested with
its exact message and the build and the tests can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Mapping
from urllib.parse import urlsplit

import html_tags

MEDICAL = "medical"
POLICY = "policy"
PAGE_TYPES = (MEDICAL, POLICY)

DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 160
MAX_REVIEW_INTERVAL_YEARS = 3
REVIEW_WARNING_DAYS = 60
MIN_MEDICAL_SOURCES = 3
ADVICE_HEADING = "When to get medical advice"

REQUIRED_FIELDS = ("title", "description", "type", "last_reviewed", "next_review", "sources")
# Optional fields an editor may set; anything else is a typo until added here.
OPTIONAL_FIELDS = ("template", "hide", "search", "short_answer", "triage", "teach_back", "about")

# The templates a page may name in `template:` (handout.html is for generated handouts only).
PAGE_TEMPLATES = ("check.html", "for-clinics.html", "glossary.html", "home.html", "policy.html", "sources.html")
# A page's Markdown above this many characters is a paste gone wrong (the longest page is ~20,000).
MAX_PAGE_CHARACTERS = 40_000

BIBLIOGRAPHY_FIELDS = ("title", "publisher", "url", "year", "accessed", "kind")
SOURCE_KINDS = {
    "guideline": "Guidelines",
    "clinical-reference": "Clinical references",
    "patient-information": "Patient information",
    "research": "Research",
    "standard": "Standards and policies",
}

BIBLIOGRAPHY_FILE = "data/bibliography.yml"

# [@key] or [@key; @other] cites sources from the page's front matter.
CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{[^}]*\})?\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Violation:
    """One broken rule: which file, which field, what is wrong, how to fix it."""

    path: str
    field: str
    problem: str
    fix: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.problem}. Fix: {self.fix}"


# --------------------------------------------------------------------------- dates


def _as_date(value: object) -> dt.date | None:
    """YAML gives a date for an unquoted 2026-11-25, which is what templates need;
    a time of day, or text (a quoted date), is not one."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return None


def _date_problem(value: object) -> str:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            dt.date.fromisoformat(value.strip())
            return f"{value!r} is in quotes, so it is text, not a date"
        except ValueError:
            pass
    return f"{value!r} is not an ISO date (YYYY-MM-DD)"


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_date_field(path: str, meta: Mapping, name: str) -> tuple[dt.date | None, list[Violation]]:
    value = meta.get(name)
    day = _as_date(value)
    if day is None:
        return None, [
            Violation(
                path,
                name,
                _date_problem(value),
                f"write the date as YYYY-MM-DD without quotes, for example {name}: 2026-11-25",
            )
        ]
    return day, []


def check_review_dates(path: str, meta: Mapping, today: dt.date, enforce: bool = True) -> list[Violation]:
    """The review dates' rules. An overdue page is an error when `enforce` is set
    (pull requests, tests) and a warning otherwise, so the main branch can still
    deploy an urgent fix; the page then says it is overdue (partials/overdue.html)."""
    last, problems = _check_date_field(path, meta, "last_reviewed")
    nxt, more = _check_date_field(path, meta, "next_review")
    problems += more
    if last and last > today:
        problems.append(
            Violation(
                path,
                "last_reviewed",
                f"{last} is in the future (today is {today})",
                "set it to the date the page was actually reviewed",
            )
        )
    if last and nxt:
        latest = _add_years(last, MAX_REVIEW_INTERVAL_YEARS)
        if nxt <= last:
            problems.append(
                Violation(
                    path,
                    "next_review",
                    f"{nxt} is not after last_reviewed ({last})",
                    f"set a date after {last} and no later than {latest}",
                )
            )
        elif nxt > latest:
            problems.append(
                Violation(
                    path,
                    "next_review",
                    f"{nxt} is more than {MAX_REVIEW_INTERVAL_YEARS} years after last_reviewed ({last})",
                    f"set it no later than {latest}",
                )
            )
    if nxt and nxt < today:
        problems.append(
            Violation(
                path,
                "next_review",
                f"{nxt} has passed (today is {today}): the page is overdue for review",
                "check the page against its sources, then set last_reviewed to the review date "
                f"and next_review to a date at most {MAX_REVIEW_INTERVAL_YEARS} years later",
                severity="error" if enforce else "warning",
            )
        )
    elif nxt and (nxt - today).days <= REVIEW_WARNING_DAYS:
        problems.append(
            Violation(
                path,
                "next_review",
                f"{nxt} is due in {(nxt - today).days} days",
                "schedule the review now; pull requests fail once the date has passed",
                severity="warning",
            )
        )
    return problems


def review_reminders(next_reviews: Mapping[str, object], today: dt.date) -> list[tuple[str, dt.date, str]]:
    """(page, next_review, kind) for each page whose review is near: kind 'soon'
    within REVIEW_WARNING_DAYS, 'due' on the day or after. A scheduled job opens one
    issue for each (.github/workflows/review-reminders.yml); a day it misses is
    caught the next day, since each reminder holds until the review moves the date."""
    reminders = []
    for page, value in sorted(next_reviews.items()):
        day = _as_date(value)
        if day is None:
            continue  # the build reports it
        if day <= today:
            reminders.append((page, day, "due"))
        elif (day - today).days <= REVIEW_WARNING_DAYS:
            reminders.append((page, day, "soon"))
    return reminders


# --------------------------------------------------------------------------- front matter

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", re.S)


def check_front_matter(
    path: str, meta: Mapping | None, bibliography: Mapping, today: dt.date, enforce_review: bool = True
) -> list[Violation]:
    """Check one page's front matter (`meta` is None or empty when the page has none)."""
    if not meta:
        return [
            Violation(
                path,
                "front matter",
                "missing",
                "start the file with a YAML block between '---' lines that sets "
                + ", ".join(REQUIRED_FIELDS),
            )
        ]
    problems: list[Violation] = []
    for name in REQUIRED_FIELDS:
        if name not in meta or meta[name] in (None, "", []):
            problems.append(Violation(path, name, "missing", _HOW_TO_SET[name]))
    for name in sorted(set(meta) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS)):
        problems.append(
            Violation(
                path,
                name,
                "is not a known front-matter field",
                "remove it or correct its spelling; known fields are "
                + ", ".join(REQUIRED_FIELDS + OPTIONAL_FIELDS),
            )
        )
    present = {name for name in REQUIRED_FIELDS if name in meta and meta[name] not in (None, "", [])}

    if "title" in present and not isinstance(meta["title"], str):
        problems.append(Violation(path, "title", "is not text", _HOW_TO_SET["title"]))
    if "description" in present and not isinstance(meta["description"], str):
        problems.append(Violation(path, "description", "is not text", _HOW_TO_SET["description"]))
    if meta.get("template") is not None and meta["template"] not in PAGE_TEMPLATES:
        problems.append(
            Violation(
                path,
                "template",
                f"{meta['template']!r} is not a page template",
                "use one of " + ", ".join(PAGE_TEMPLATES) + ", or remove the line for an ordinary page",
            )
        )

    if "description" in present:
        description = str(meta["description"]).strip()
        length = len(description)
        if length < DESCRIPTION_MIN:
            problems.append(
                Violation(
                    path,
                    "description",
                    f"{length} characters is shorter than {DESCRIPTION_MIN}",
                    f"write one plain sentence of {DESCRIPTION_MIN}-{DESCRIPTION_MAX} characters "
                    "saying what the page answers",
                )
            )
        elif length > DESCRIPTION_MAX:
            problems.append(
                Violation(
                    path,
                    "description",
                    f"{length} characters is longer than {DESCRIPTION_MAX}",
                    f"shorten it to {DESCRIPTION_MAX} characters or fewer; search engines cut longer ones",
                )
            )

    if "type" in present and meta["type"] not in PAGE_TYPES:
        problems.append(
            Violation(
                path,
                "type",
                f"{meta['type']!r} is not a page type",
                "use 'medical' for health content or 'policy' for about, privacy and similar pages",
            )
        )

    if "last_reviewed" in present and "next_review" in present:
        problems += check_review_dates(path, meta, today, enforce_review)

    if "sources" in present:
        problems += check_source_keys(path, meta["sources"], bibliography)
        if (
            meta.get("type") == MEDICAL
            and isinstance(meta["sources"], list)
            and len(set(meta["sources"])) < MIN_MEDICAL_SOURCES
        ):
            problems.append(
                Violation(
                    path,
                    "sources",
                    f"a medical page lists {len(set(meta['sources']))} sources, fewer than {MIN_MEDICAL_SOURCES}",
                    f"cite at least {MIN_MEDICAL_SOURCES} authoritative sources where their facts are used",
                )
            )
    return problems


_HOW_TO_SET = {
    "title": "add 'title:' with the page's name as readers would say it",
    "description": f"add 'description:' with one sentence of {DESCRIPTION_MIN}-{DESCRIPTION_MAX} characters; "
    "it becomes the meta description",
    "type": "add 'type: medical' for health content or 'type: policy' for about, privacy and similar pages",
    "last_reviewed": "add 'last_reviewed: YYYY-MM-DD', the date the page was last checked against its sources",
    "next_review": f"add 'next_review: YYYY-MM-DD', at most {MAX_REVIEW_INTERVAL_YEARS} years after last_reviewed",
    "sources": f"add 'sources:' with a list of keys from {BIBLIOGRAPHY_FILE}",
}


def check_source_keys(path: str, sources: object, bibliography: Mapping) -> list[Violation]:
    if not isinstance(sources, list) or not all(isinstance(key, str) for key in sources):
        return [Violation(path, "sources", "is not a list of keys", _HOW_TO_SET["sources"])]
    problems = []
    seen: set[str] = set()
    for key in sources:
        if key in seen:
            problems.append(
                Violation(path, "sources", f"'{key}' is listed twice", "list each source once")
            )
        seen.add(key)
        if key not in bibliography:
            problems.append(
                Violation(
                    path,
                    "sources",
                    f"unknown key '{key}'",
                    f"use a key defined in {BIBLIOGRAPHY_FILE}, or add the source there first",
                )
            )
    return problems


# --------------------------------------------------------------------------- body


def _body_lines(markdown: str) -> Iterable[str]:
    """Lines outside fenced code blocks."""
    fenced = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield line


def split_sections(markdown: str) -> list[tuple[str, int, list[str]]]:
    """Split Markdown at headings: (heading text, level, body lines); level 0 is the intro."""
    sections: list[tuple[str, int, list[str]]] = [("(introduction)", 0, [])]
    for line in _body_lines(markdown):
        match = HEADING.match(line)
        if match:
            sections.append((match.group(2).strip(), len(match.group(1)), []))
        else:
            sections[-1][2].append(line)
    return sections


def cited_keys(markdown: str) -> list[str]:
    keys = []
    for match in CITATION.finditer(markdown):
        keys += [part.strip().lstrip("@") for part in match.group(1).split(";")]
    return keys


def _has_text(lines: list[str]) -> bool:
    text = " ".join(lines)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    return bool(re.search(r"[A-Za-z]{2}", text))


# Pages whose main content is rendered from a data file, which cites their sources.
DATA_TEMPLATES = ("glossary.html",)


def _uncited(path: str, sources: list, cited: list[str]) -> list[Violation]:
    return [
        Violation(
            path,
            "sources",
            f"'{key}' is listed but never cited in the text",
            f"cite it as [@{key}] after the facts it supports, or remove it from sources",
        )
        for key in sources
        if key not in cited
    ]


def check_body(path: str, meta: Mapping, markdown: str) -> list[Violation]:
    """Rules on the Markdown itself: one title, the advice section, citations."""
    problems = []
    sections = split_sections(markdown)
    for heading, level, _ in sections:
        if level == 1:
            problems.append(
                Violation(
                    path,
                    "body",
                    f"has its own level-1 heading '# {heading}'",
                    "remove it; the front-matter title is the page's only h1",
                )
            )
    sources = meta.get("sources") if isinstance(meta.get("sources"), list) else []
    cited = cited_keys(markdown)
    for key in dict.fromkeys(cited):
        if key not in sources:
            problems.append(
                Violation(
                    path,
                    "body",
                    f"cites [@{key}], which is not in this page's sources",
                    f"add '{key}' to sources in the front matter, or cite a listed source",
                )
            )
    if not _has_text([line for _, _, lines in sections for line in lines]):
        problems.append(Violation(path, "body", "has no text", "write the page's text below the front matter"))
    if meta.get("type") != MEDICAL:
        if meta.get("template") not in DATA_TEMPLATES:
            problems += _uncited(path, sources, cited)
        return problems

    if not any(heading == ADVICE_HEADING and level == 2 for heading, level, _ in sections):
        problems.append(
            Violation(
                path,
                "body",
                f"has no '{ADVICE_HEADING}' section",
                f"add a '## {ADVICE_HEADING}' section saying when and how urgently to get checked",
            )
        )
    problems += _uncited(path, sources, cited)
    for heading, level, lines in sections:
        if _has_text(lines) and not CITATION.search("\n".join(lines)):
            problems.append(
                Violation(
                    path,
                    "body",
                    f"the section '{heading}' makes claims without a citation",
                    "add [@key] after the facts it states, using a key from this page's sources",
                )
            )
    return problems


def check_page(
    path: str,
    meta: Mapping | None,
    markdown: str,
    bibliography: Mapping,
    today: dt.date,
    enforce_review: bool = True,
) -> list[Violation]:
    """Every rule for one page: front matter first, then the body if the front matter allows."""
    problems = check_front_matter(path, meta, bibliography, today, enforce_review)
    if meta:
        problems += check_body(path, meta, markdown)
    return problems


def renders(meta: Mapping, bibliography: Mapping) -> bool:
    """Whether the templates can render this front matter: the fields they format
    have the right types. A page that fails is built with its title only, so the
    build goes on to check every other page (its problems are reported anyway)."""
    dates = all(_as_date(meta.get(name)) for name in ("last_reviewed", "next_review"))
    sources = meta.get("sources")
    known = isinstance(sources, list) and all(isinstance(key, str) and key in bibliography for key in sources)
    return (
        isinstance(meta.get("title"), str)
        and isinstance(meta.get("description", ""), str)
        and meta.get("template") in (None, *PAGE_TEMPLATES)
        and (meta.get("type") is None or (meta["type"] in PAGE_TYPES and dates and known))
    )


def check_page_type(path: str, meta: Mapping, has_published_handout: bool) -> list[Violation]:
    """A page whose handout data/link-registry.txt publishes is a medical page:
    relabelling it would silently drop every medical rule (and the handout)."""
    if has_published_handout and meta.get("type") not in (None, MEDICAL):
        return [
            Violation(
                path,
                "type",
                f"is {meta['type']!r}, but its handout is published (data/link-registry.txt), so it is a medical page",
                "keep type: medical; a page stops being medical only by moving it (data/redirects.yml)",
            )
        ]
    return []


# Raw HTML that could run a script, load a frame, navigate, or send a form. The
# Markdown may use plain HTML for layout (<div markdown>, <abbr>), never these.
_DANGEROUS_TAG = re.compile(r"<\s*/?\s*(script|iframe|frame|object|embed|meta|base|form|link|style|svg|math)\b", re.I)
_STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.I | re.S)
_IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")
_EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*?[\s/\"']on[a-z]+\s*=", re.I | re.S)
# javascript: even with spaces, tabs or entities inside, as browsers forgive them.
_JAVASCRIPT = re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*(?::|&colon;|&#0*58;|&#x0*3a;)", re.I)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_CITATION_START = re.compile(r"\[\s*@")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_CITATION_FIX = "write [@key] or [@key; @other] with lower-case keys from this page's sources and no spaces after '@'"


def _prose(markdown: str, first_line: int) -> list[tuple[int, str]]:
    """(line number, text) of the lines outside fenced code, with code spans blanked."""
    text = "\n".join(line if keep else "" for line, keep in _lines_outside_fences(markdown))
    text = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), text)
    return list(enumerate(text.splitlines(), first_line))


def _lines_outside_fences(markdown: str) -> Iterable[tuple[str, bool]]:
    fenced = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            yield line, False
        else:
            yield line, not fenced


def check_markdown(path: str, markdown: str, bibliography: Mapping, first_line: int = 1) -> list[Violation]:
    """What Markdown must never carry: scripts and other active HTML, javascript:
    links, citations a reader would see as literal text, setext headings (no
    stable id), and a page so long it can only be a mistake."""
    if len(markdown) > MAX_PAGE_CHARACTERS:
        return [
            Violation(
                path,
                "body",
                f"{len(markdown):,} characters is longer than {MAX_PAGE_CHARACTERS:,}",
                "split the page, or check that nothing was pasted twice",
            )
        ]
    problems = []
    previous = ""
    for number, line in _prose(markdown, first_line):
        where = f"body line {number}"
        for tag in dict.fromkeys(match.group(1).lower() for match in _DANGEROUS_TAG.finditer(line)):
            problems.append(Violation(path, where, f"has a raw <{tag}> tag", "remove it; pages carry text, links and images only"))
        if _EVENT_ATTRIBUTE.search(line):
            problems.append(Violation(path, where, "has an on...= event attribute", "remove it; scripts live in overrides/ templates"))
        if _STYLE_ATTRIBUTE.search(line):
            problems.append(Violation(path, where, "has a style= attribute", "style text in docs/assets/stylesheets/site.css"))
        if _IMAGE_WITHOUT_ALT.search(line):
            problems.append(Violation(path, where, "has an image without alt text", "say what the image shows: ![what it shows](file)"))
        if _JAVASCRIPT.search(line):
            problems.append(Violation(path, where, "has a javascript: address", "link to a page with https:// or a relative .md link"))
        for start in _CITATION_START.finditer(line):
            match = CITATION.match(line, start.start())
            if not match:
                written = line[start.start():].split("]")[0][:40] + ("]" if "]" in line[start.start():] else "")
                problems.append(Violation(path, where, f"the citation {written!r} is malformed", _CITATION_FIX))
        for match in re.finditer(r"(?<![\]!\w])\[([a-z0-9][a-z0-9-]*)\](?![\[(:])", line):
            if match.group(1) in bibliography:
                problems.append(
                    Violation(path, where, f"[{match.group(1)}] looks like a citation without '@'", f"write [@{match.group(1)}]")
                )
        if _SETEXT_UNDERLINE.match(line) and previous.strip() and not re.match(r"\s*([-*+|]|\d+\.)\s", previous):
            problems.append(
                Violation(
                    path,
                    where,
                    f"the heading {previous.strip()!r} is underlined, so it gets no stable id",
                    f"write it as '## {previous.strip()} {{ #short-stable-id }}'",
                )
            )
        previous = line
    return problems


def render_citations(markdown: str, sources: list[str]) -> str:
    """Turn [@key] markers into numbered links to the page's source list.

    Numbers follow the order of `sources` in the front matter, which is also the
    order of the numbered list the template renders. Unknown keys are left as
    written; `check_body` reports them.
    """
    marked, links = mark_citations(markdown, sources)
    return fill_citations(marked, links)


# Where a citation's HTML goes: characters from Unicode's private use area, which
# Markdown passes through as text.
_TOKEN = "\ue000{}\ue001"
_CITATION_TOKEN = re.compile("\ue000(\\d+)\ue001")
_ATX_HEADING = re.compile(r"^#{1,6}[ \t].*$", re.M)


def mark_citations(markdown: str, sources: list[str]) -> tuple[str, list[str]]:
    """render_citations in two steps, for the build: each marker becomes a token
    that Markdown reads as plain text, and fill_citations puts the links into the
    rendered page. Markdown's HTML parser read every <sup> and <a> of them:
    two fifths of Markdown's time. Headings get their links at once: Markdown copies a
    heading's text into the table of contents."""
    links: list[str] = []

    def replace(match: re.Match) -> str:
        space, keys = match.group(1), [part.strip().lstrip("@") for part in match.group(2).split(";")]
        if not all(key in sources for key in keys):
            return match.group(0)
        numbered = ", ".join(f'<a href="#source-{key}">{sources.index(key) + 1}</a>' for key in keys)
        label = "source" if len(keys) == 1 else "sources"
        links.append(f'<sup class="cite" aria-label="{label}">[{numbered}]</sup>')
        # A no-break space keeps the marker on the line of the words it supports.
        return ("\u00a0" if space else "") + _TOKEN.format(len(links) - 1)

    marked = _SPACED_CITATION.sub(replace, merge_citations(markdown, sources))
    return _ATX_HEADING.sub(lambda heading: fill_citations(heading.group(0), links), marked), links


def fill_citations(text: str, links: list[str]) -> str:
    """The text with every token mark_citations left replaced by its links."""
    return _CITATION_TOKEN.sub(lambda token: links[int(token.group(1))], text) if links else text


# A marker with the space (or line break) before it.
_SPACED_CITATION = re.compile(r"((?<=\S)(?:[ \t]+\n?|\n)[ \t]*)?" + CITATION.pattern)
# One marker, or several with only spaces (or one line break) between them: "[@a] [@b]".
_ADJACENT_CITATIONS = re.compile(r"%s(?:[ \t]*\n?[ \t]*%s)*" % (CITATION.pattern, CITATION.pattern))
# What may sit between two markers with the same sources for the first to be
# dropped: the rest of the same sentence, or the end of that sentence and then
# exactly one more on the same paragraph's lines (no other full stop, no blank
# line, no new list item, table cell, heading, admonition or HTML block).
_BLOCK_START = r"(?:[-*+>|#<]|!!!|\?\?\?|\d+[.)]\s)"
_REST_OF_SENTENCE = r"(?:(?![.!?]\s)[^\n|<]|\n(?![ \t]*(?:\n|%s)))+" % _BLOCK_START
_SAME_SENTENCE_GAP = re.compile(_REST_OF_SENTENCE)
_NEXT_SENTENCE_GAP = re.compile(r"[.!?](?:[ \t]+|[ \t]*\n)(?![ \t]*(?:\n|%s))%s" % (_BLOCK_START, _REST_OF_SENTENCE))
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def merge_citations(markdown: str, sources: list[str]) -> str:
    """Fewer, calmer markers without moving a claim away from its source.

    - Markers next to each other become one: "[@b] [@a]" -> "[@a; @b]".
    - Keys within a marker follow the page's source order, so the numbers rise.
    - When two markers cite exactly the same sources, within one sentence or at
      the ends of two sentences next to each other in one paragraph, only the
      later one stays: "A [@x], B [@x]." -> "A, B [@x]."; "A [@x]. B [@x]." -> "A. B [@x]."
      A marker is never moved to another sentence, and different sets are never
      merged, so every sentence's own sources stay at its end.
    Markers with a key not in `sources` are left as written; `check_body` reports them.
    """

    def keys_of(marker: str) -> list[str]:
        return [key for group in CITATION.findall(marker) for key in (part.strip().lstrip("@") for part in group.split(";"))]

    def ordered(match: re.Match) -> str:
        keys = keys_of(match.group(0))
        if not all(key in sources for key in keys):
            return match.group(0)
        return "[" + "; ".join("@" + key for key in sorted(dict.fromkeys(keys), key=sources.index)) + "]"

    markdown = _ADJACENT_CITATIONS.sub(ordered, markdown)
    markers = list(CITATION.finditer(markdown))
    dropped = []
    for first, second in zip(markers, markers[1:]):
        gap = markdown[first.end():second.start()]
        if (
            set(keys_of(first.group(0))) == set(keys_of(second.group(0)))
            and all(key in sources for key in keys_of(first.group(0)))
            and (
                _SAME_SENTENCE_GAP.fullmatch(gap)
                or (_NEXT_SENTENCE_GAP.fullmatch(gap) and _SENTENCE_END.match(markdown, second.end()))
            )
        ):
            dropped.append(first)
    for marker in reversed(dropped):
        start = marker.start()
        while start and markdown[start - 1] in " \t":
            start -= 1
        markdown = markdown[:start] + markdown[marker.end():]
    return markdown


# --------------------------------------------------------------------------- bibliography

BIBLIOGRAPHY_OPTIONAL_FIELDS = ("updated", "reason")
# Indexes, repositories and hosting platforms, not publishers. The Sources page
# promises the publisher's own page (doi.org for research), so a link to one of
# these counts only with a `reason:` saying why there is no publisher or doi.org link.
INDEX_HOSTS = ("pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov/books", "ingentaconnect.com")


def index_host(url: str) -> str | None:
    """The INDEX_HOSTS entry a URL points into, or None for a publisher's page."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = (parts.path or "/").rstrip("/") + "/"
    for entry in INDEX_HOSTS:
        index, _, prefix = entry.partition("/")
        if host == index and path.startswith("/" + prefix + "/" if prefix else "/"):
            return entry
    return None


def _check_source_extras(where: str, entry: Mapping, today: dt.date) -> list[Violation]:
    """Unknown fields, index links without a reason, and the publisher's own `updated` date."""
    problems = [
        Violation(where, str(name), "is not a bibliography field", "use only " + ", ".join(BIBLIOGRAPHY_FIELDS + BIBLIOGRAPHY_OPTIONAL_FIELDS))
        for name in entry
        if name not in BIBLIOGRAPHY_FIELDS + BIBLIOGRAPHY_OPTIONAL_FIELDS
    ]
    index = index_host(str(entry.get("url") or ""))
    has_reason = isinstance(entry.get("reason"), str) and entry["reason"].strip() != ""
    if index and not has_reason:
        problems.append(
            Violation(
                where,
                "url",
                f"{entry['url']} is an index ({index}), not the publisher's page",
                "link to https://doi.org/<DOI> or the publisher's own page; if there is neither, add 'reason:' saying why",
            )
        )
    if not index and "reason" in entry:
        problems.append(
            Violation(where, "reason", "is only for links to an index (" + ", ".join(INDEX_HOSTS) + ")", "remove 'reason:'")
        )
    if "updated" in entry:
        updated, accessed = _as_date(entry["updated"]), _as_date(entry.get("accessed"))
        if updated is None or updated > today or (accessed is not None and updated > accessed):
            problems.append(
                Violation(
                    where,
                    "updated",
                    f"{entry['updated']!r} is not a past date on or before 'accessed'",
                    "give the 'last reviewed' or 'last updated' date the publisher's page shows, as YYYY-MM-DD without quotes, or remove 'updated:'",
                )
            )
    return problems


def check_bibliography(
    bibliography: Mapping, allowed_domains: Iterable[str], today: dt.date
) -> list[Violation]:
    allowed = tuple(allowed_domains)
    problems = []
    for key, entry in bibliography.items():
        where = f"{BIBLIOGRAPHY_FILE}[{key}]"
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(key)):
            problems.append(
                Violation(where, "key", "is not lower-case letters, digits and hyphens", "rename the key")
            )
        if not isinstance(entry, Mapping):
            problems.append(Violation(where, "entry", "is not a mapping", "give it " + ", ".join(BIBLIOGRAPHY_FIELDS)))
            continue
        for name in BIBLIOGRAPHY_FIELDS:
            if entry.get(name) in (None, ""):
                problems.append(Violation(where, name, "missing", f"add '{name}:' to the entry"))
        if entry.get("kind") and entry["kind"] not in SOURCE_KINDS:
            problems.append(
                Violation(where, "kind", f"{entry['kind']!r} is not a source kind", "use one of " + ", ".join(SOURCE_KINDS))
            )
        if entry.get("url"):
            problem = check_external_url(str(entry["url"]), allowed)
            if problem:
                problems.append(Violation(where, "url", problem, _URL_FIX))
        if entry.get("accessed") not in (None, ""):
            accessed = _as_date(entry["accessed"])
            if accessed is None or accessed > today:
                problems.append(
                    Violation(
                        where,
                        "accessed",
                        f"{accessed} is in the future" if accessed else _date_problem(entry["accessed"]),
                        "give the YYYY-MM-DD date the page was last opened and checked, without quotes",
                    )
                )
        if entry.get("year") not in (None, "") and not re.fullmatch(r"\d{4}|n\.d\.", str(entry["year"])):
            problems.append(
                Violation(where, "year", f"{entry['year']!r} is not a year", "give a four-digit year, or n.d. if the page shows none")
            )
        problems.extend(_check_source_extras(where, entry, today))
    return problems


def unused_sources(bibliography: Mapping, pages_sources: Iterable[Iterable[str]]) -> list[Violation]:
    used = {key for sources in pages_sources for key in sources}
    return [
        Violation(
            f"{BIBLIOGRAPHY_FILE}[{key}]",
            "key",
            "no page cites this source",
            "cite it from a page's sources, or remove the entry",
            severity="warning",
        )
        for key in bibliography
        if key not in used
    ]


# --------------------------------------------------------------------------- configuration

_REVIEWER_FIX = {
    "id": "give a short id (lower-case letters, digits, hyphens) that data/reviews.yml records use",
    "name": "give the clinician's name as they want it shown",
    "credentials": "give their qualifications, for example 'MBBS, MRCGP'",
    "role": "give their job, for example 'General practitioner' or 'Breast care nurse'",
    "registration": "give {body: ..., number: ...} for their professional register, or 'none' if their profession has none",
    "conflicts": "give their conflicts of interest, or 'None declared'",
}


def check_clinical_reviewers(reviewers: object) -> list[Violation]:
    """mkdocs.yml `extra.clinical_reviewers`: each a real clinician with complete
    details; the reviews themselves are records in data/reviews.yml."""
    where, field = "mkdocs.yml", "extra.clinical_reviewers"
    if reviewers in (None, []):
        return []
    if not isinstance(reviewers, list):
        return [Violation(where, field, "is not a list", "write a list of reviewers (" + ", ".join(_REVIEWER_FIX) + "), or [] until a clinician reviews the site")]
    problems, seen = [], set()
    for index, reviewer in enumerate(reviewers):
        item = f"{field}[{index}]"
        if not isinstance(reviewer, Mapping):
            problems.append(Violation(where, item, "is not a mapping", "give " + ", ".join(_REVIEWER_FIX)))
            continue
        for name, fix in _REVIEWER_FIX.items():
            if reviewer.get(name) in (None, "", {}):
                problems.append(Violation(where, f"{item}.{name}", "missing", fix))
        for name in sorted(set(reviewer) - set(_REVIEWER_FIX)):
            problems.append(Violation(where, f"{item}.{name}", "is not a reviewer field", "remove it; review dates and pages are records in data/reviews.yml"))
        ident = reviewer.get("id")
        if ident not in (None, ""):
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(ident)):
                problems.append(Violation(where, f"{item}.id", f"{ident!r} is not lower-case letters, digits and hyphens", _REVIEWER_FIX["id"]))
            elif ident in seen:
                problems.append(Violation(where, f"{item}.id", f"'{ident}' is used twice", "give each reviewer their own id"))
            seen.add(ident)
        registration = reviewer.get("registration")
        if registration not in (None, "", {}, "none"):
            absent = [part for part in ("body", "number") if not isinstance(registration, Mapping) or registration.get(part) in (None, "")]
            for part in absent:
                problems.append(Violation(where, f"{item}.registration.{part}", "missing", _REVIEWER_FIX["registration"]))
    return problems


# --------------------------------------------------------------------------- links

_URL_FIX = "link to the publisher's own https page on a domain listed in data/allowed-domains.yml"


def domain_allowed(host: str, allowed_domains: Iterable[str], path: str = "/") -> bool:
    """A domain allows itself and its subdomains. An entry with a path (a host
    everyone shares, like 'github.com/owner/repo/') allows that host and path only."""
    host = host.lower().rstrip(".")
    for entry in allowed_domains:
        domain, slash, prefix = entry.lower().partition("/")
        if slash:
            if host == domain and (path.lower() + "/").startswith("/" + prefix.rstrip("/") + "/"):
                return True
        elif host == domain or host.endswith("." + domain):
            return True
    return False


# Browsers and Python's urlsplit read these differently (a backslash ends the host
# for Chromium, not for Python), so a URL carrying any of them is refused unread.
_AMBIGUOUS_IN_URL = re.compile(r"[\\\"'<>`\s\x00-\x1f\x7f]")


def check_external_url(url: str, allowed_domains: Iterable[str]) -> str | None:
    """Why an outbound URL is not acceptable, or None when it is."""
    if _AMBIGUOUS_IN_URL.search(url):
        return f"{url!r} contains a backslash, quote, angle bracket, space or control character"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return f"{url} does not use https"
    if "@" in parts.netloc:
        return f"{url} has a user name before '@', which hides the real host"
    if not parts.hostname or not domain_allowed(parts.hostname, allowed_domains, parts.path or "/"):
        return f"{url} is not on the allow-list of publishers"
    return None


def check_unique_ids(path: str, html: str) -> list[Violation]:
    """An id used twice on a page: a link to it (a clinic's, a citation's) lands on the first."""
    seen: set[str] = set()
    twice = [value for value in html_tags.read_page(html).ids if value in seen or seen.add(value)]
    return [
        Violation(path, "id", f"#{value} is used more than once on the page",
                  "give each heading its own { #id }; ids in partials/ and data must not repeat a heading's")
        for value in dict.fromkeys(twice)
    ]


def links_and_ids(html: str) -> tuple[list[str], set[str]]:
    """Every <a href> in a page, and every id an anchor can point at."""
    page = html_tags.read_page(html)
    return list(page.hrefs), set(page.targets)


def check_site_links(
    pages: Mapping[str, str], allowed_domains: Iterable[str], base_path: str = "/"
) -> list[Violation]:
    """Check every link in a built site.

    `pages` maps each built HTML file's path relative to the site root (for example
    'hormones/index.html') to its HTML. Internal links must reach a built file and,
    when they carry a #fragment, an element with that id. External links must be
    https on an allowed domain. `base_path` is the path the site is served under
    (the path of site_url), used to resolve root-relative links.
    """
    from posixpath import dirname, join, normpath

    allowed = tuple(allowed_domains)
    parsed = {path: links_and_ids(html) for path, html in pages.items()}
    problems = [
        Violation(path, "image", f"{src} is loaded from another site, which then sees every reader",
                  "save the file in docs/assets/images/ and use it with a relative link")
        for path, html in sorted(pages.items())
        for src in dict.fromkeys(html_tags.read_page(html).embedded)
        if urlsplit(src).scheme not in ("", "data") or urlsplit(src).netloc
    ]
    for path, (hrefs, _) in sorted(parsed.items()):
        for href in dict.fromkeys(hrefs):
            if _JAVASCRIPT.match(re.sub(r"[\x00-\x20]", "", href)):
                problems.append(Violation(path, "link", f"{href} runs a script", "link to a page, never to javascript:"))
                continue
            parts = urlsplit(href)
            if parts.scheme in ("mailto", "tel"):
                continue
            if parts.scheme or parts.netloc:
                problem = check_external_url(href, allowed)
                if problem:
                    problems.append(Violation(path, "link", problem, _URL_FIX))
                continue
            if parts.path.startswith("/"):
                if not parts.path.startswith(base_path):
                    problems.append(
                        Violation(
                            path,
                            "link",
                            f"{href} is outside the site path {base_path}",
                            "use a relative link so the site works under any path",
                        )
                    )
                    continue
                target = parts.path[len(base_path):]
            else:
                target = join(dirname(path), parts.path) if parts.path else path
            target = normpath(target) if target else "."
            if target in (".", "") or not target.endswith(".html"):
                target = normpath(join(target, "index.html")) if target not in (".", "") else "index.html"
            if target not in parsed:
                problems.append(
                    Violation(path, "link", f"{href} points to a page that does not exist", "correct the link or add the page")
                )
                continue
            if parts.fragment and parts.fragment not in parsed[target][1]:
                problems.append(
                    Violation(
                        path,
                        "link",
                        f"{href} points to #{parts.fragment}, which is not an id on {target}",
                        "link to an existing heading id, or give the target an explicit { #id }",
                    )
                )
    return problems
