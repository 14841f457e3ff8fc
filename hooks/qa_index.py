"""The Q&A page's index: its questions (h3) grouped by theme (h2), generated from
the headings at build time, so a question added or moved is listed without an edit.
Phones hide Material's table of contents in the menu; this puts it on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

INDEX_ID = "questions-index"


@dataclass
class Theme:
    id: str
    title: str
    questions: list[tuple[str, str]] = field(default_factory=list)  # (id, question)


class _HeadingParser(HTMLParser):
    """h2 and h3 ids and their text, without the permalink or citation markers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str, str]] = []  # (level, id, text)
        self._heading: tuple[str, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self._skip:
            self._skip += 1
        elif self._heading and (values.get("class") == "headerlink" or tag == "sup"):
            self._skip = 1
        elif tag in ("h2", "h3") and values.get("id"):
            self._heading, self._text = (tag, values["id"]), []

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
        elif self._heading and tag == self._heading[0]:
            self.headings.append((*self._heading, " ".join("".join(self._text).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading and not self._skip:
            self._text.append(data)


def themes(html: str) -> list[Theme]:
    """Each h2 of the page with the h3 questions under it, in page order."""
    parser = _HeadingParser()
    parser.feed(html)
    parser.close()
    found: list[Theme] = []
    for level, heading_id, text in parser.headings:
        if level == "h2":
            found.append(Theme(heading_id, text))
        elif found:
            found[-1].questions.append((heading_id, text))
    return found


def render(found: list[Theme]) -> str:
    """A short list of themes; each opens (a <details>, no script) to its questions.
    Left out of search results and of print: the questions themselves are there."""
    count = sum(len(theme.questions) for theme in found)
    items = []
    for theme in found:
        if not theme.questions:
            items.append(f'<li><a href="#{escape(theme.id)}">{escape(theme.title)}</a></li>')
            continue
        questions = "".join(f'<li><a href="#{escape(id_)}">{escape(text)}</a></li>' for id_, text in theme.questions)
        items.append(
            f"<li><details><summary>{escape(theme.title)} <span class=\"qa-index__count\">"
            f"({len(theme.questions)})</span></summary><ul>{questions}</ul></details></li>"
        )
    return (
        f'<nav class="qa-index" id="{INDEX_ID}" aria-labelledby="{INDEX_ID}-title" data-search-exclude>'
        f'<p class="qa-index__title" id="{INDEX_ID}-title"><strong>Find your question</strong> '
        f"({count} questions, by theme)</p><ul>{''.join(items)}</ul></nav>\n"
    )


def insert_index(html: str) -> str:
    """The page with the index after its introduction, before the first theme."""
    found = themes(html)
    first_theme = re.search(r"<h2\b", html)
    if not found or not first_theme:
        return html
    return html[: first_theme.start()] + render(found) + html[first_theme.start():]
