"""Clinical review, as an adopting organisation meets it: configure an editor and
a reviewer, commit, record a review of two pages, then edit one sentence of one
of them, and build once. The reviewed page (and its handout) says "Clinically
reviewed", the edited one says "Changed since its clinical review" and its packet
shows the edited sentence; every other page still says "Not yet clinically
reviewed". Structured data says exactly what the pages show.

The reviewer and editor are obviously fictional placeholders."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

import contract
import data_files
import review
import triage
from helpers import copy_project, mkdocs_build, source_pages

# One build for the module's tests: on one xdist worker, it is made once.
pytestmark = pytest.mark.xdist_group("review-build")

REVIEWED, EDITED = "hormones.md", "how-lactation-works.md"
REVIEWER_YAML = """  clinical_reviewers:
    - id: test-example
      name: Dr Test Example
      credentials: MBBS (test fixture, not a person)
      role: General practitioner
      registration: {body: Test Medical Council, number: "0000000"}
      conflicts: None declared
"""
EDITORS_YAML = "  editors:\n    - name: Test Editor\n      role: Editor\n"
REPOSITORY = "https://github.com/example/milk-after-sex"
HISTORY_URL = REPOSITORY + "/commits/main/{path}"
REVIEWED_LINE = "Clinically reviewed by Dr Test Example, MBBS (test fixture, not a person), on 15 January 2025."
CHANGED_LINE = "Changed since its clinical review on 15 January 2025 — see what changed."


def text(node) -> str:
    return " ".join(node.get_text().split())


def git(project, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args]
    return subprocess.run(command, cwd=project, check=True, capture_output=True, text=True).stdout.strip()


def edit_one_sentence(markdown: str) -> tuple[str, str, str]:
    """(the Markdown with one body sentence reworded, the old sentence, the new one):
    the first that a citation later in its passage covers, written on one line."""
    _, body = review.split_front_matter(markdown)
    for statement in (s for section in review.statements(markdown) for s in section.statements):
        if statement.covered_by and statement.text.endswith(".") and body.count(statement.text) == 1:
            new = statement.text[:-1] + ", as a test edit."
            return markdown.replace(statement.text, new), statement.text, new
    raise AssertionError("no sentence to edit")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("review"))
    config = project / "mkdocs.yml"
    yml = config.read_text(encoding="utf-8")
    assert "  clinical_reviewers: []\n" in yml and "  editors: []\n" in yml
    config.write_text(yml.replace("  clinical_reviewers: []\n", REVIEWER_YAML).replace("  editors: []\n", EDITORS_YAML), encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "The text the reviewer approved")
    bibliography = data_files.load(project, contract.BIBLIOGRAPHY_FILE)
    table = data_files.load(project, triage.TABLE_FILE)
    prints = {
        page: review.assess(page, (project / "docs" / page).read_text(encoding="utf-8"), bibliography, table, [], [])[1]
        for page in (REVIEWED, EDITED)
    }
    record = {"reviewer": "test-example", "date": dt.date(2025, 1, 15), "scope": [REVIEWED, EDITED],
              "commit": git(project, "rev-parse", "HEAD"), "fingerprints": prints}
    (project / review.REVIEWS_FILE).write_text(yaml.safe_dump([record], sort_keys=False), encoding="utf-8")
    page = project / "docs" / EDITED
    edited, old, new = edit_one_sentence(page.read_text(encoding="utf-8"))
    page.write_text(edited, encoding="utf-8")
    result = mkdocs_build(project, project / "site", HISTORY_URL=HISTORY_URL, FEEDBACK_URL=REPOSITORY + "/issues/new")
    assert result.returncode == 0, result.stderr
    soups = {
        path.relative_to(project / "site").as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in (project / "site").rglob("*.html")
    }
    return soups, old, new


def built(page: str) -> str:
    return "index.html" if page == "index.md" else page.removesuffix(".md") + "/index.html"


def medical_data(soup) -> dict:
    for block in soup.select('script[type="application/ld+json"]'):
        data = json.loads(block.string)
        if data.get("@type") == "MedicalWebPage":
            return data
    raise AssertionError("no MedicalWebPage")


def test_reviewed_only_on_the_recorded_page_whose_text_is_unchanged(reviewed):
    soups, _, _ = reviewed
    for page in source_pages():
        status = text(soups[page].select_one(".page-info__clinical"))
        if page == built(REVIEWED):
            assert REVIEWED_LINE in status, status
            link = soups[page].select_one(".page-info__clinical a.clinical-review__reviewer")
            assert link["href"].endswith("about/#reviewer-test-example")
        elif page == built(EDITED):
            assert CHANGED_LINE in status, status
            assert soups[page].select_one(".clinical-review--changed a")["href"] == HISTORY_URL.replace("{path}", "docs/" + EDITED)
        else:
            assert status.startswith("Not yet clinically reviewed."), f"{page}: {status}"
    handout = soups["handouts/" + built(REVIEWED)]
    assert REVIEWED_LINE in text(handout.select_one(".handout__footer"))


def test_structured_data_says_what_the_page_shows(reviewed):
    soups, _, _ = reviewed
    for page, meta in source_pages().items():
        if meta["type"] != "medical":
            continue
        data = medical_data(soups[page])
        assert data["author"] == [{"@type": "Person", "name": "Test Editor"}]
        assert data["lastReviewed"] == meta["last_reviewed"].isoformat()
        if page == built(REVIEWED):
            assert data["reviewedBy"] == [{"@type": "Person", "name": "Dr Test Example", "honorificSuffix": "MBBS (test fixture, not a person)"}]
        else:
            assert "reviewedBy" not in data, page
        assert text(soups[page].select_one(".page-info__editors")) == "Written by Test Editor (Editor), for The Milk after sex project."


def test_about_lists_the_reviewer_with_their_details_and_reviews(reviewed):
    soups, _, _ = reviewed
    entry = text(soups["about/index.html"].select_one("li#reviewer-test-example"))
    for detail in ("Dr Test Example", "General practitioner", "Test Medical Council, number 0000000",
                   "Conflicts of interest: None declared", "2 pages on 15 January 2025"):
        assert detail in entry, entry
    statement = text(soups["about/index.html"].select_one("article p.clinical-review-status"))
    assert statement.startswith("Each page says whether it has been clinically reviewed"), statement


def test_the_packet_of_the_edited_page_shows_only_the_edited_sentence(reviewed):
    soups, old, new = reviewed
    packet = soups[review.packet_uri(EDITED)]
    changes = packet.select(".packet-diff li")
    assert len(changes) == 1, [text(change) for change in changes]
    assert len(changes[0].select("del")) == len(changes[0].select("ins")) == 1
    assert old in text(changes[0].select_one("del")) and new in text(changes[0].select_one("ins"))
    flagged = [text(box.select_one(".packet-statement__text")) for box in packet.select(".packet-statement--changed")]
    assert len(flagged) == 1 and new in flagged[0]
    assert "the text has not changed since" in text(soups[review.packet_uri(REVIEWED)])
