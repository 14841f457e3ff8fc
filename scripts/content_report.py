#!/usr/bin/env python3
"""Print, per page, what an editor needs to see clutter and gaps at a glance:
words, Flesch-Kincaid grade and SMOG (measured on the built HTML exactly as
tests/test_content.py measures them), sources listed, citation markers and
glossary definitions a reader sees, and statements with no citation; then how
often each page cites each of its sources, and how many questions the Q&A
page's index lists.

    .venv/bin/python scripts/content_report.py            # the tables
    .venv/bin/python scripts/content_report.py --uncited  # also list the statements

"Statements with no citation" are the sentences of a medical page's Markdown
(headings, admonition titles and lead-ins ending in ':' left out) that carry no
[@key] marker. The build merges some markers (hooks/contract.py,
merge_citations), so this counts what the editor wrote, not what a reader sees.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

import textstat  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

import clinic_kit  # noqa: E402
from helpers import mkdocs_build, source_pages  # noqa: E402
from contract import CITATION, FENCE, FRONT_MATTER, HEADING  # noqa: E402
from prose import prose, words  # noqa: E402

SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")
BLOCK_START = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
MIN_STATEMENT_WORDS = 4


def markdown_of(built: str) -> Path:
    """'hormones/index.html' -> docs/hormones.md; 'index.html' -> docs/index.md."""
    return ROOT / "docs" / ("index.md" if built == "index.html" else built.removesuffix("/index.html") + ".md")


def statements(markdown: str) -> list[str]:
    """The sentences of a page's Markdown body, one string each, markers kept."""
    body = FRONT_MATTER.sub("", markdown, count=1)
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    blocks, current, fenced = [], [], False
    for line in body.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        heading_or_title = HEADING.match(line) or re.match(r"\s*(?:!!!|\?\?\?\+?)\s", line)
        if fenced or heading_or_title or not line.strip() or BLOCK_START.match(line) or line.lstrip().startswith("|"):
            blocks.append(" ".join(current))
            current = []
            if fenced or heading_or_title or not line.strip():
                continue
        if line.lstrip().startswith("|"):
            blocks += [cell for cell in line.split("|") if not re.fullmatch(r"\s*:?-+:?\s*", cell)]
            continue
        current.append(BLOCK_START.sub("", line).strip())
    blocks.append(" ".join(current))
    found = []
    for block in blocks:
        text = re.sub(r"\[([^\]@][^\]]*)\]\([^)]*\)", r"\1", block)  # a link's words, not its address
        text = re.sub(r"\{[^}]*\}|<[^>]+>|\*\*|__", "", text)
        for sentence in SENTENCE_BREAK.split(" ".join(text.split())):
            bare = CITATION.sub("", sentence).strip()
            if len(words(bare)) >= MIN_STATEMENT_WORDS and not bare.endswith(":"):
                found.append(sentence)
    return found


def uncited(markdown: str) -> list[str]:
    return [CITATION.sub("", sentence).strip() for sentence in statements(markdown) if not CITATION.search(sentence)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uncited", action="store_true", help="list each statement with no citation")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = mkdocs_build(ROOT, site)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        pages = {path: BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser") for path in source_pages()}
    print(f"| {'page':<40} | {'type':<7} | words | grade | SMOG | sources | markers | glossary | uncited |")
    print(f"|{'-' * 42}|---------|------:|------:|-----:|--------:|--------:|---------:|--------:|")
    gaps, cites = {}, {}
    for path, meta in sorted(source_pages().items()):
        soup = pages[path]
        article = soup.select_one("article")
        text = prose(soup)
        medical = meta["type"] == "medical"
        gaps[path] = uncited(markdown_of(path).read_text(encoding="utf-8")) if medical else []
        cites[path] = Counter(link["href"].removeprefix("#source-") for link in article.select("sup.cite a[href^='#source-']"))
        print(
            f"| {path:<40} | {meta['type']:<7} | {len(words(text)):>5} | "
            f"{textstat.flesch_kincaid_grade(text):>5.1f} | {textstat.smog_index(text):>4.1f} | "
            f"{len(meta['sources']):>7} | {len(article.select('sup.cite')):>7} | {len(article.select('abbr')):>8} | "
            f"{len(gaps[path]) if medical else '-':>7} |"
        )
    print("\nCitations per source (markers that link to it; 0 = listed but never cited):")
    for path, meta in sorted(source_pages().items()):
        if meta["sources"]:
            counts = ", ".join(f"{key} {cites[path][key]}" for key in meta["sources"])
            print(f"- {path}: {counts}")
    faq = clinic_kit.FAQ_PAGE.removesuffix(".md") + "/index.html"
    if faq in pages:
        questions = [h for h in pages[faq].select("article h3[id]") if not h.find_parent(class_="page-info")]
        listed = pages[faq].select("article .qa-index details a")
        print(f"\nQ&A index ({faq}): {len(listed)} of {len(questions)} questions listed")
    if options.uncited:
        for path, sentences in sorted(gaps.items()):
            if sentences:
                print(f"\nStatements with no citation in {markdown_of(path).relative_to(ROOT)}:")
                print("\n".join(f"- {sentence}" for sentence in sentences))
    return 0


if __name__ == "__main__":
    sys.exit(main())
