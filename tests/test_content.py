"""Content rules: plain language on medical pages, and our own words everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
import textstat

from helpers import source_pages
from prose import prose, run_hashes

PAGES = sorted(source_pages())
MEDICAL_PAGES = [path for path in PAGES if source_pages()[path]["type"] == "medical"]
MAX_GRADE = 8.0  # Flesch-Kincaid grade
MAX_SMOG = 11.0
SEED_RUNS = {
    line.strip()
    for line in (Path(__file__).parent / "data" / "seed-8-word-runs.sha256").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}


def readability(text: str) -> tuple[float, float]:
    return textstat.flesch_kincaid_grade(text), textstat.smog_index(text)


@pytest.mark.parametrize("page", MEDICAL_PAGES)
def test_medical_page_is_plain_language(soups, page):
    grade, smog = readability(prose(soups[page]))
    assert grade <= MAX_GRADE, f"{page}: Flesch-Kincaid grade {grade:.1f} is above {MAX_GRADE}"
    assert smog <= MAX_SMOG, f"{page}: SMOG {smog:.1f} is above {MAX_SMOG}"


@pytest.mark.parametrize("page", PAGES)
def test_page_shares_no_8_word_run_with_the_seed_article(soups, page):
    blocks = prose(soups[page]).splitlines()
    copied = [block for block in blocks if run_hashes(block) & SEED_RUNS]
    assert not copied, f"{page}: these passages share 8 consecutive words with the seed article: {copied}"


def test_seed_hashes_are_present():
    assert len(SEED_RUNS) > 500
