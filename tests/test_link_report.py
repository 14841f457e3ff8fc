"""The weekly link job's report (scripts/link_report.py): a dead link names the
bibliography entry and the pages that cite it; a run where nothing answered is a
network problem, not dozens of dead sources."""

from __future__ import annotations

import importlib.util

from helpers import ROOT

spec = importlib.util.spec_from_file_location("link_report", ROOT / "scripts/link_report.py")
link_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(link_report)

BIBLIOGRAPHY = {"nice-ng12": {"url": "https://www.nice.org.uk/guidance/ng12"}, "nhs": {"url": "https://www.nhs.uk/x/"}}
PAGES = {"docs/a.md": ["nice-ng12", "nhs"], "docs/b.md": ["nice-ng12"], "docs/c.md": ["nhs"]}


def failure(url, **status):
    return {"url": url, "status": status}


def test_a_dead_source_names_its_entry_and_the_pages_citing_it():
    report = {"total": 3, "successful": 2, "error_map": {"data/bibliography.yml": [
        failure("https://www.nice.org.uk/guidance/ng12", text="Not Found", code=404)]}}
    lines, status = link_report.explain(report, BIBLIOGRAPHY, PAGES)
    assert status == link_report.DEAD
    assert lines == [
        "DEAD https://www.nice.org.uk/guidance/ng12 (404): bibliography nice-ng12, cited by docs/a.md, docs/b.md. "
        "Fix: find the publisher's current page, check it still says what we cite, then update the URL and 'accessed'"
    ]


def test_a_dead_link_in_a_page_names_the_page():
    report = {"total": 2, "successful": 1, "error_map": {"docs/c.md": [failure("https://www.who.int/gone", text="[410] Gone")]}}
    lines, _ = link_report.explain(report, BIBLIOGRAPHY, PAGES)
    assert lines[0].startswith("DEAD https://www.who.int/gone (410): in docs/c.md.")


def test_nothing_reachable_is_a_network_problem():
    report = {"total": 60, "successful": 0, "error_map": {"docs/a.md": [failure("https://www.nhs.uk/x/", text="Network error: Connection failed")]}}
    lines, status = link_report.explain(report, BIBLIOGRAPHY, PAGES)
    assert status == link_report.NETWORK_PROBLEM
    assert lines[0].startswith("NETWORK PROBLEM: none of the 60 links could be reached")


def test_all_alive():
    assert link_report.explain({"total": 5, "successful": 5, "error_map": {}}, BIBLIOGRAPHY, PAGES) == ([], link_report.ALIVE)


def test_the_bibliography_is_read_without_pyyaml():
    urls = link_report._bibliography_urls(ROOT / "data/bibliography.yml")
    assert urls["nice-ng12"]["url"] == "https://www.nice.org.uk/guidance/ng12"
