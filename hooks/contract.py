"""The page contract: pure checks shared by the build hook and the test suite.

Every function here takes plain data (front matter as a dict, Markdown as text,
dates passed in) and returns `Violation`s, so each rule can be unit-tested with
its exact message and the build and the tests can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Iterable, Mapping
from urllib.parse import urlsplit

import yaml

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
OPTIONAL_FIELDS = ("template", "hide", "search", "short_answer", "red_flags", "teach_back", "about")

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
    """YAML gives a date for 2026-11-25; anything else must be an ISO string."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


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
                f"{value!r} is not an ISO date (YYYY-MM-DD)",
                f"write the date as YYYY-MM-DD, for example {name}: 2026-11-25",
            )
        ]
    return day, []


def check_review_dates(path: str, meta: Mapping, today: dt.date) -> list[Violation]:
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
            )
        )
    elif nxt and (nxt - today).days <= REVIEW_WARNING_DAYS:
        problems.append(
            Violation(
                path,
                "next_review",
                f"{nxt} is due in {(nxt - today).days} days",
                "schedule the review now; the build fails once the date has passed",
                severity="warning",
            )
        )
    return problems


# --------------------------------------------------------------------------- front matter

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", re.S)


class _DatesAsText(yaml.SafeLoader):
    """Reads dates as the text written, so a bad one can be reported by field."""


_DatesAsText.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def recover_front_matter(path: str, markdown: str) -> tuple[dict | None, str, list[Violation]]:
    """Read front matter that MkDocs dropped.

    MkDocs silently discards front matter it cannot load (for example a date like
    2026-13-01). Returns (meta, body, problems): the meta read with dates as text
    so the date rules can name the field, or a violation if the YAML is invalid.
    """
    match = FRONT_MATTER.match(markdown)
    if not match:
        return None, markdown, []
    body = markdown[match.end():]
    try:
        meta = yaml.load(match.group(1), _DatesAsText)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" on line {where.line + 2}" if where else ""
        detail = getattr(error, "problem", None) or "invalid YAML"
        return None, body, [
            Violation(
                path,
                "front matter",
                f"cannot be read as YAML{line} ({detail})",
                "check the indentation and quote any value containing ': ' or '#'",
            )
        ]
    return (meta if isinstance(meta, dict) else None), body, []



def check_front_matter(
    path: str, meta: Mapping | None, bibliography: Mapping, today: dt.date
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
        problems += check_review_dates(path, meta, today)

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
    if meta.get("type") != MEDICAL:
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
    for key in sources:
        if key not in cited:
            problems.append(
                Violation(
                    path,
                    "sources",
                    f"'{key}' is listed but never cited in the text",
                    f"cite it as [@{key}] after the facts it supports, or remove it from sources",
                )
            )
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
    path: str, meta: Mapping | None, markdown: str, bibliography: Mapping, today: dt.date
) -> list[Violation]:
    """Every rule for one page: front matter first, then the body if the front matter allows."""
    problems = check_front_matter(path, meta, bibliography, today)
    if meta:
        problems += check_body(path, meta, markdown)
    return problems


def render_citations(markdown: str, sources: list[str]) -> str:
    """Turn [@key] markers into numbered links to the page's source list.

    Numbers follow the order of `sources` in the front matter, which is also the
    order of the numbered list the template renders. Unknown keys are left as
    written; `check_body` reports them.
    """

    def replace(match: re.Match) -> str:
        keys = [part.strip().lstrip("@") for part in match.group(1).split(";")]
        if not all(key in sources for key in keys):
            return match.group(0)
        links = ", ".join(
            f'<a href="#source-{key}">{sources.index(key) + 1}</a>' for key in keys
        )
        label = "source" if len(keys) == 1 else "sources"
        return f'<sup class="cite" aria-label="{label}">[{links}]</sup>'

    return CITATION.sub(replace, markdown)


# --------------------------------------------------------------------------- bibliography


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
                        f"{entry['accessed']!r} is not a past ISO date",
                        "give the YYYY-MM-DD date the page was last opened and checked",
                    )
                )
        if entry.get("year") not in (None, "") and not re.fullmatch(r"\d{4}|n\.d\.", str(entry["year"])):
            problems.append(
                Violation(where, "year", f"{entry['year']!r} is not a year", "give a four-digit year, or n.d. if the page shows none")
            )
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
    "name": "give the clinician's name as they want it shown",
    "credentials": "give their profession and registration, for example 'GP, MRCGP'",
    "reviewed": "give the date they finished reviewing the site, unquoted, as YYYY-MM-DD",
}


def check_clinical_reviewers(reviewers: object, today: dt.date) -> list[Violation]:
    """mkdocs.yml `extra.clinical_reviewers`: each a real clinician with credentials and a review date."""
    where, field = "mkdocs.yml", "extra.clinical_reviewers"
    if reviewers in (None, []):
        return []
    if not isinstance(reviewers, list):
        return [Violation(where, field, "is not a list", "write a list of name, credentials and reviewed, or [] until a clinician has reviewed the site")]
    problems = []
    for index, reviewer in enumerate(reviewers):
        item = f"{field}[{index}]"
        if not isinstance(reviewer, Mapping):
            problems.append(Violation(where, item, "is not a mapping", "give name, credentials and reviewed"))
            continue
        for name, fix in _REVIEWER_FIX.items():
            if reviewer.get(name) in (None, ""):
                problems.append(Violation(where, f"{item}.{name}", "missing", fix))
        day = reviewer.get("reviewed")
        if day not in (None, "") and (not isinstance(day, dt.date) or isinstance(day, dt.datetime) or day > today):
            problems.append(Violation(where, f"{item}.reviewed", f"{day!r} is not a past date", _REVIEWER_FIX["reviewed"]))
    return problems


# --------------------------------------------------------------------------- links

_URL_FIX = "link to the publisher's own https page on a domain listed in data/allowed-domains.yml"


def domain_allowed(host: str, allowed_domains: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in allowed_domains)


def check_external_url(url: str, allowed_domains: Iterable[str]) -> str | None:
    """Why an outbound URL is not acceptable, or None when it is."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return f"{url} does not use https"
    if not parts.hostname or not domain_allowed(parts.hostname, allowed_domains):
        return f"{url} is not on the allow-list of publishers"
    return None


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag == "a" and values.get("href") is not None:
            self.hrefs.append(values["href"])


def links_and_ids(html: str) -> tuple[list[str], set[str]]:
    """Every <a href> in a page, and every id an anchor can point at."""
    collector = _LinkCollector()
    collector.feed(html)
    return collector.hrefs, collector.ids


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
    problems = []
    for path, (hrefs, _) in sorted(parsed.items()):
        for href in dict.fromkeys(hrefs):
            parts = urlsplit(href)
            if parts.scheme in ("mailto", "tel", "javascript"):
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
