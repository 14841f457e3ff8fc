#!/usr/bin/env python3
"""Print each page's words, Flesch-Kincaid grade, SMOG and number of sources,
measured on the built HTML exactly as tests/test_content.py measures them.

    .venv/bin/python scripts/content_report.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

import textstat  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from helpers import mkdocs_build, source_pages  # noqa: E402
from prose import prose, words  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = mkdocs_build(ROOT, site)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        print(f"| {'page':<40} | {'type':<7} | words | grade | SMOG | sources |")
        print(f"|{'-' * 42}|---------|------:|------:|-----:|--------:|")
        for path, meta in sorted(source_pages().items()):
            soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
            text = prose(soup)
            print(
                f"| {path:<40} | {meta['type']:<7} | {len(words(text)):>5} | "
                f"{textstat.flesch_kincaid_grade(text):>5.1f} | {textstat.smog_index(text):>4.1f} | "
                f"{len(meta['sources']):>7} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
