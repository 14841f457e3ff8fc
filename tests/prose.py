"""What a reader reads on a page: the prose of the article, without the site's
chrome, headings, citation markers or the generated 'About this page' block."""

from __future__ import annotations

import hashlib
import re

from bs4 import BeautifulSoup

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
RUN_LENGTH = 8


def article(soup: BeautifulSoup) -> BeautifulSoup:
    """A copy of the page's article with generated parts removed."""
    node = BeautifulSoup(str(soup.select_one("article.md-content__inner")), "html.parser")
    for selector in (".page-info", "sup.cite", "a.headerlink", ".section-index", "script", "style", ".md-source-file"):
        for element in node.select(selector):
            element.decompose()
    return node


def prose_blocks(soup: BeautifulSoup) -> list[str]:
    """Paragraphs, list items, table cells and admonition text, one string each.

    Each block ends with a full stop, as the NHS readability guidance asks, so a
    bullet point counts as a sentence rather than running into the next one.
    """
    node = article(soup)
    blocks = []
    for element in node.find_all(["p", "li", "td", "th", "dd", "dt", "summary"]):
        if element.find(["p", "li"]):  # a container; its children are counted
            continue
        text = " ".join(element.get_text(" ").split())
        text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
        if re.search(r"[A-Za-z]", text):
            blocks.append(text if text[-1] in ".!?:" else text + ".")
    return blocks


def prose(soup: BeautifulSoup) -> str:
    return "\n".join(prose_blocks(soup))


def words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return WORD.findall(text)


def run_hashes(text: str) -> set[str]:
    """Hashes of every run of 8 consecutive normalised words."""
    tokens = words(text)
    return {
        hashlib.sha256(" ".join(tokens[i : i + RUN_LENGTH]).encode()).hexdigest()[:16]
        for i in range(len(tokens) - RUN_LENGTH + 1)
    }
