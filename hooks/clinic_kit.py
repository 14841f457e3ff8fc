"""The clinic link kit: printable handouts made from medical pages' front matter,
the Q&A page's questions and short answers, and QR codes made offline with segno.

Pure functions over plain data (front matter as dicts, HTML as text), shared by
the build hook, the templates (as Jinja filters) and the tests.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Iterable, Mapping

import segno
import yaml

import content_cache
from contract import CITATION, FENCE, MEDICAL, Violation

# The Q&A page: h2 categories, h3 questions, each answered first by one paragraph.
FAQ_PAGE = "questions.md"
HANDOUT_DIR = "handouts"
HANDOUT_TEMPLATE = "handout.html"
QR_DIR = "assets/qr"
QR_SCALE = 4
QR_ERROR = "m"
QR_DRAWING = {"scale": 1, "border": 4, "dark": "#000", "light": "#fff", "omitsize": True, "lineclass": None}

TEACH_BACK_MIN, TEACH_BACK_MAX = 2, 3
SHORT_ANSWER_MAX_SENTENCES = 3
# What a page can be `about:`, as schema.org types.
ABOUT_TYPES = ("MedicalCondition", "MedicalSignOrSymptom", "MedicalEntity")

EXPLICIT_ID = re.compile(r"\{[^}]*#([A-Za-z][\w-]*)[^}]*\}\s*#*\s*$")
LINKABLE_HEADING = re.compile(r"^(##|###)\s+(.+?)\s*$")


# --------------------------------------------------------------------------- front matter

_HOW_TO_SET = {
    "short_answer": "add 'short_answer:' with 2-3 plain sentences that answer the page's question; "
    "it heads the printable handout",
    "teach_back": f"add 'teach_back:' with {TEACH_BACK_MIN}-{TEACH_BACK_MAX} questions a clinician can ask "
    "to check the reader understood, each ending with '?'",
}


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, str) and item.strip() for item in value)


def check_clinic_fields(path: str, meta: Mapping) -> list[Violation]:
    """Rules for the front matter a medical page's handout and structured data use:
    short_answer, teach_back (printed on the handout) and about. The handout's
    warning signs come from the triage table, never from front matter."""
    if meta.get("type") != MEDICAL:
        return []
    problems = [
        Violation(path, name, "missing", fix)
        for name, fix in _HOW_TO_SET.items()
        if meta.get(name) in (None, "", [])
    ]
    short = meta.get("short_answer")
    if short not in (None, ""):
        sentences = len(re.findall(r"[.!?](?=[\"'”’)]*(?:\s|$))", str(short)))
        if not isinstance(short, str):
            problems.append(Violation(path, "short_answer", "is not text", _HOW_TO_SET["short_answer"]))
        elif sentences > SHORT_ANSWER_MAX_SENTENCES:
            problems.append(
                Violation(
                    path,
                    "short_answer",
                    f"has {sentences} sentences, more than {SHORT_ANSWER_MAX_SENTENCES}",
                    "keep it to 2-3 plain sentences; the page itself gives the detail",
                )
            )
    questions = meta.get("teach_back")
    if questions not in (None, "", []):
        if not _is_text_list(questions):
            problems.append(Violation(path, "teach_back", "is not a list of questions", _HOW_TO_SET["teach_back"]))
        elif not TEACH_BACK_MIN <= len(questions) <= TEACH_BACK_MAX:
            problems.append(
                Violation(
                    path,
                    "teach_back",
                    f"has {len(questions)} questions, not {TEACH_BACK_MIN}-{TEACH_BACK_MAX}",
                    f"keep {TEACH_BACK_MIN} or {TEACH_BACK_MAX}; they must fit on the one-page handout",
                )
            )
        elif not all(item.strip().endswith("?") for item in questions):
            problems.append(Violation(path, "teach_back", "has an item that is not a question", "end each item with '?'"))
    for name in ("short_answer", "teach_back"):
        if CITATION.search(str(meta.get(name) or "")):
            problems.append(
                Violation(
                    path,
                    name,
                    "contains a citation like [@key]",
                    "remove it; the handout prints plain text, and the page body cites the sources",
                )
            )
    if "about" in meta:
        problems += check_about(path, meta["about"])
    return problems


def check_about(path: str, about: object) -> list[Violation]:
    """`about:` names what a page is about: 'Galactorrhoea', or {name: ..., type: ...}."""
    if isinstance(about, str) and about.strip():
        return []
    if (
        isinstance(about, Mapping)
        and set(about) <= {"name", "type"}
        and isinstance(about.get("name"), str)
        and about["name"].strip()
        and about.get("type", ABOUT_TYPES[0]) in ABOUT_TYPES
    ):
        return []
    return [
        Violation(
            path,
            "about",
            f"{about!r} is not a condition's name or a mapping with name and type",
            "write 'about: Galactorrhoea', or 'about: {name: Nipple discharge, type: MedicalSignOrSymptom}' "
            "with type one of " + ", ".join(ABOUT_TYPES),
        )
    ]


def about_schema(about: object) -> dict:
    """The schema.org `about` object for a page's (already checked) `about:` value."""
    if isinstance(about, Mapping):
        return {"@type": about.get("type", ABOUT_TYPES[0]), "name": about["name"]}
    return {"@type": ABOUT_TYPES[0], "name": str(about)}


def check_heading_ids(path: str, markdown: str, faq_page: bool = False) -> list[Violation]:
    """Every h2 and h3 carries an explicit id, so rewording a heading never breaks
    a link a clinic has published. On the Q&A page the h3s are the questions."""
    problems = []
    fenced = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else LINKABLE_HEADING.match(line)
        if match and not EXPLICIT_ID.search(line):
            kind = "question" if faq_page and match.group(1) == "###" else "heading"
            problems.append(
                Violation(
                    path,
                    "body",
                    f"the {kind} '{match.group(2)}' has no explicit id",
                    "end the heading with { #short-stable-id }; clinics link to it, so never change it afterwards",
                )
            )
    return problems


# --------------------------------------------------------------------------- handouts


def handout_uri(src_uri: str) -> str:
    """'hormones.md' -> 'handouts/hormones.md'; the home page's handout is 'handouts/overview.md'."""
    stem = src_uri.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{HANDOUT_DIR}/{stem or 'overview'}.md"


def handout_pages(pages: Mapping[str, Mapping]) -> dict[str, str]:
    """The Markdown of one handout per medical page, keyed by its src_uri.

    `pages` maps each page's src_uri to its front matter. A handout is front matter
    only: the handout template reads the medical page it points to.
    """
    handouts = {}
    for src_uri, meta in pages.items():
        if not isinstance(meta, Mapping) or meta.get("type") != MEDICAL:
            continue
        front = {
            "title": f"Handout: {meta.get('title')}",
            "description": meta.get("description"),
            "template": HANDOUT_TEMPLATE,
            "handout_of": src_uri,
            "hide": ["navigation", "toc"],
            "search": {"exclude": True},
        }
        handouts[handout_uri(src_uri)] = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n"
    return handouts


# --------------------------------------------------------------------------- Q&A


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answer: str | None
    category: str | None


def plain(text: str) -> str:
    """Collapse whitespace, and the space a removed citation marker leaves before punctuation."""
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))


class _FaqParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.questions: list[Question] = []
        self._category: str | None = None
        self._heading: tuple[str, str | None] | None = None  # (tag, id)
        self._text: list[str] = []
        self._skip = 0  # depth inside a permalink or a citation marker
        self._awaiting_answer: tuple[str, str] | None = None
        self._pending: tuple[str, str] = ("", "")
        self._in_answer = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = values.get("class", "").split()
        if self._skip:
            self._skip += 1
            return
        if (tag == "a" and "headerlink" in classes) or (tag == "sup" and "cite" in classes):
            self._skip = 1
            return
        if self._awaiting_answer:
            question_id, question = self._awaiting_answer
            self._awaiting_answer = None
            if tag == "p":
                self._in_answer, self._text = True, []
                self._pending = (question_id, question)
                return
            self.questions.append(Question(question_id, question, None, self._category))
        if tag in ("h2", "h3"):
            self._heading, self._text = (tag, values.get("id")), []

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        if self._heading and tag == self._heading[0]:
            level, heading_id = self._heading
            text, self._heading = plain("".join(self._text)), None
            if level == "h2":
                self._category = text
            else:
                self._awaiting_answer = (heading_id or "", text)
        elif self._in_answer and tag == "p":
            self._in_answer = False
            question_id, question = self._pending
            self.questions.append(Question(question_id, question, plain("".join(self._text)), self._category))

    def handle_data(self, data: str) -> None:
        if not self._skip and (self._heading or self._in_answer):
            self._text.append(data)

    def close(self) -> None:
        super().close()
        if self._awaiting_answer:
            self.questions.append(Question(*self._awaiting_answer, None, self._category))
            self._awaiting_answer = None


def faq_entries(html: str) -> list[Question]:
    """The questions on the Q&A page as shown: each h3's id and text, the first
    paragraph after it as plain text (its short answer), and the h2 it sits under."""
    parser = _FaqParser()
    parser.feed(html)
    parser.close()
    return parser.questions


def check_faq(path: str, questions: Iterable[Question]) -> list[Violation]:
    problems = []
    for question in questions:
        if question.answer is None:
            problems.append(
                Violation(
                    path,
                    "body",
                    f"the question '{question.question}' is not followed by a paragraph",
                    "start each answer with one plain paragraph that answers the question on its own",
                )
            )
    return problems


# --------------------------------------------------------------------------- QR codes and addresses


def canonical_url(site_url: str, address: str) -> str:
    """'/questions/#leaking' under site_url -> its absolute URL."""
    return site_url.rstrip("/") + address


def qr_image(address: str) -> str:
    """Where the QR code for an address is served, below the site root."""
    path, _, fragment = address.partition("#")
    name = path.strip("/").replace("/", "_") or "index"
    return f"{QR_DIR}/{name}{'--' + fragment if fragment else ''}.svg"


def _segno_svg(url: str, **options) -> str:
    """segno's SVG of the QR code for `url`, drawn with `options`. Cached by content
    (drawing 200 codes was a third of every build): the key is everything the
    drawing depends on, the text, the options, the error level and segno's version."""

    def draw() -> str:
        buffer = io.BytesIO()
        segno.make(url, error=QR_ERROR).save(buffer, kind="svg", **options)
        return buffer.getvalue().decode("utf-8")

    return content_cache.cached_text("qr", [segno.__version__, QR_ERROR, url, options], draw, ".svg")


def qr_svg(url: str, label: str) -> str:
    """An inline SVG QR code for `url`, sized by CSS, named `label` for assistive technology."""
    svg = _segno_svg(url, **QR_DRAWING, xmldecl=False, svgns=False, nl=False, svgclass="qr-code")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" shape-rendering="crispEdges" ', 1)


def qr_file(url: str) -> str:
    """A standalone SVG file with the QR code for `url`, for <img> and for download."""
    svg = _segno_svg(url, **QR_DRAWING, xmldecl=False, svgclass=None, title=f"QR code for {url}")
    # Drawn at scale 1, so the viewBox's width is the symbol's width in modules.
    size = int(re.search(r'viewBox="0 0 (\d+)', svg).group(1)) * QR_SCALE
    return svg.replace("<svg ", f'<svg width="{size}" height="{size}" shape-rendering="crispEdges" ', 1)
