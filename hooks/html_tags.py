"""The start and end tags of a built page, read fast.

The build checks every built page for links, ids and headings. Python's
html.parser does that at about a megabyte a second, which made those checks
most of the build's time; a regular expression over the tags does the same work
several times faster. It reads tags and attributes as html.parser does (names in
lower case, values unescaped, a bare attribute as None) and skips comments,
declarations and the text inside <script> and <style>. tests/test_html_tags.py
holds it to html.parser's reading of every built page.
"""

from __future__ import annotations

import json
import re
from dataclasses import astuple, dataclass
from functools import lru_cache
from html import unescape
from typing import Iterator

import content_cache

# A comment, a declaration or processing instruction, or a tag whose attribute
# values may hold '>' inside quotes.
_MARKUP = re.compile(
    r"""<(?:!--.*?(?:--!?>|\Z)|[!?][^>]*>|(/?)([A-Za-z][^\s/>]*)((?:[^>"']+|"[^"]*"|'[^']*')*)>)""",
    re.S,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# Elements whose content is text, never tags, and where that text ends.
_RAW_TEXT = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style")}

Attributes = dict[str, "str | None"]


def attributes(text: str) -> Attributes:
    """The attributes of a tag, from the text that tags() gives for it."""
    values: Attributes = {}
    for match in _ATTRIBUTE.finditer(text):
        name, double, single, bare = match.groups()
        value = next((part for part in (double, single, bare) if part is not None), None)
        values.setdefault(name.lower(), unescape(value) if value and "&" in value else value)
    return values


def tags(html: str) -> Iterator[tuple[bool, str, str]]:
    """(is_start, tag, attribute text) for every tag in document order. Reading
    the attributes is most of the cost, so a caller reads them, with
    attributes(), only for the tags it needs."""
    position = 0
    while True:
        match = _MARKUP.search(html, position)
        if match is None:
            return
        position = match.end()
        name = match.group(2)
        if name is None:
            continue  # a comment or a declaration
        name = name.lower()
        if match.group(1):
            yield False, name, ""
            continue
        yield True, name, match.group(3)
        if name in _RAW_TEXT:
            end = _RAW_TEXT[name].search(html, position)
            if end is None:
                return
            position = end.start()


# Elements that load a file from their src.
EMBEDDING = ("img", "source", "video", "audio", "iframe", "embed", "object")
# A section a clinic may link to: an h2 or h3 that offers a permalink (¶).
LINKABLE_HEADINGS = ("h2", "h3")
_MAYBE_ID = re.compile(r"id\s*=", re.I)


@dataclass(frozen=True)
class PageTags:
    """What the build's checks need from a built page."""

    ids: tuple[str, ...]  # every id attribute, in document order, repeats kept
    anchor_names: frozenset[str]  # <a name>: old-style targets that links may use
    hrefs: tuple[str, ...]  # every <a href>
    embedded: tuple[str, ...]  # the src of everything the page embeds
    linkable: tuple[str, ...]  # the id of each h2 or h3 that holds a permalink
    refresh: str | None  # the content of <meta http-equiv="refresh">

    @property
    def targets(self) -> frozenset[str]:
        """Everything a link's #fragment can point at: ids and <a name>."""
        return frozenset(self.ids) | self.anchor_names


@lru_cache(maxsize=128)  # the link check and the address check read the same pages
def read_page(html: str) -> PageTags:
    """What the checks need from a page; an unchanged page is read once, then
    kept in .cache/ (hooks/content_cache.py)."""
    ids, names, hrefs, embedded, linkable, refresh = json.loads(
        content_cache.cached_text("tags", html, lambda: json.dumps(_plain(_read_page(html))), ".json")
    )
    return PageTags(tuple(ids), frozenset(names), tuple(hrefs), tuple(embedded), tuple(linkable), refresh)


def _plain(page: PageTags) -> list:
    return [sorted(value) if isinstance(value, frozenset) else value for value in astuple(page)]


def _read_page(html: str) -> PageTags:
    ids, names, hrefs, embedded, linkable = [], set(), [], [], []
    refresh, heading = None, None
    for is_start, tag, text in tags(html):
        if not is_start:
            if tag in LINKABLE_HEADINGS:
                heading = None
            continue
        if tag not in ("a", "meta", *EMBEDDING) and not _MAYBE_ID.search(text):
            continue
        values = attributes(text)
        if values.get("id"):
            ids.append(values["id"])
        if tag in LINKABLE_HEADINGS:
            heading = values.get("id") or None
        elif tag == "a":
            if values.get("name"):
                names.add(values["name"])
            if values.get("href") is not None:
                hrefs.append(values["href"])
            if heading and heading not in linkable and "headerlink" in (values.get("class") or "").split():
                linkable.append(heading)
        elif tag in EMBEDDING and values.get("src"):
            embedded.append(values["src"])
        elif tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            refresh = values.get("content") or ""
    return PageTags(tuple(ids), frozenset(names), tuple(hrefs), tuple(embedded), tuple(linkable), refresh)
