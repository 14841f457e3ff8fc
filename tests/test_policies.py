"""The policy pages, and the statements that come from mkdocs.yml rather than
from Markdown: who publishes the site, whether it has been clinically reviewed,
where feedback goes, and the licence (overrides/policy.html and its partials)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

import contract
from helpers import ROOT, copy_project, mkdocs_build, source_pages

PAGES = sorted(source_pages())
POLICY_PAGES = sorted(path for path, meta in source_pages().items() if meta["type"] == "policy")
EXTRA = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
NOT_REVIEWED = "Not yet clinically reviewed."

# Sections other pages, templates and engineers link to or fill in.
SECTIONS = {
    "about/index.html": [
        "who-publishes-this-site", "how-we-write-and-check-our-pages", "review-dates",
        "corrections-and-feedback", "clinical-review", "funding-and-advertising",
        "conflicts-of-interest", "reusing-our-pages",
    ],
    "privacy/index.html": [
        "what-we-collect", "what-the-host-records", "cookies-and-storage",
        "links-to-other-sites", "how-we-check-this", "contact",
    ],
    "accessibility/index.html": [
        "the-standard-we-aim-for", "how-we-test", "test-results", "known-issues", "report-a-problem",
    ],
    "sources/index.html": ["how-we-choose-sources", "how-to-read-this-list", "all-sources"],
}
FEEDBACK_SECTIONS = {
    "about/index.html": "corrections-and-feedback",
    "privacy/index.html": "contact",
    "accessibility/index.html": "report-a-problem",
}

REVIEWER = {"id": "test-reviewer", "name": "Test Reviewer", "credentials": "MBBS, a test fixture and not a person"}
FEEDBACK_URL = "https://github.com/example/milk-after-sex/issues/new"


def text(node) -> str:
    return " ".join(node.get_text().split())


def section(soup: BeautifulSoup, heading_id: str) -> str:
    """The text under an h2, up to the next h2."""
    heading = soup.select_one(f"article h2#{heading_id}")
    assert heading is not None, f"no h2#{heading_id}"
    parts = []
    for node in heading.find_next_siblings():
        if node.name == "h2":
            break
        parts.append(text(node))
    return " ".join(parts)


def with_reviewer(mkdocs_yml: str) -> str:
    reviewer = (
        "  clinical_reviewers:\n"
        f"    - id: {REVIEWER['id']}\n"
        f"      name: {REVIEWER['name']}\n"
        f"      credentials: {REVIEWER['credentials']}\n"
        "      role: General practitioner\n"
        "      registration: none\n"
        "      conflicts: None declared\n"
    )
    changed = re.sub(r"^  clinical_reviewers: \[\]\n", reviewer, mkdocs_yml, flags=re.M)
    assert changed != mkdocs_yml, "mkdocs.yml no longer has 'clinical_reviewers: []' under extra"
    return changed


@pytest.fixture(scope="module")
def reviewed_site(tmp_path_factory) -> dict[str, BeautifulSoup]:
    """The site built with a clinical reviewer and a feedback address configured."""
    project = copy_project(tmp_path_factory.mktemp("reviewed"))
    config = project / "mkdocs.yml"
    config.write_text(with_reviewer(config.read_text(encoding="utf-8")), encoding="utf-8")
    result = mkdocs_build(project, project / "site", FEEDBACK_URL=FEEDBACK_URL)
    assert result.returncode == 0, result.stderr
    return {page: BeautifulSoup((project / "site" / page).read_text(encoding="utf-8"), "html.parser") for page in PAGES}


# --------------------------------------------------------------------------- clinical review


@pytest.mark.parametrize("page", PAGES)
def test_page_states_its_clinical_review_status(soups, page):
    """No review is recorded (data/reviews.yml); tests/test_review_build.py records one."""
    status = text(soups[page].select_one(".page-info__clinical"))
    assert status.startswith(NOT_REVIEWED), f"{page}: {status}"
    # tests/test_links.py checks that the link reaches the About page's section.
    assert soups[page].select_one(".page-info__clinical a")["href"].endswith("#clinical-review")


def test_about_page_states_the_clinical_review_status(soups):
    status = section(soups["about/index.html"], "clinical-review")
    assert (NOT_REVIEWED in status) == (not EXTRA["clinical_reviewers"])


# These share the reviewed_site build: on one xdist worker, it is made once.
@pytest.mark.xdist_group("reviewed-site")
def test_a_configured_reviewer_is_listed_but_no_page_claims_a_review_without_a_record(reviewed_site):
    about = section(reviewed_site["about/index.html"], "clinical-review")
    assert f"{REVIEWER['name']}, {REVIEWER['credentials']}." in about and "No review recorded yet." in about
    for page, soup in reviewed_site.items():
        assert text(soup.select_one(".page-info__clinical")).startswith(NOT_REVIEWED), page


def test_a_reviewer_without_credentials_fails_the_build(project_copy):
    config = project_copy / "mkdocs.yml"
    broken = with_reviewer(config.read_text(encoding="utf-8")).replace(f"      credentials: {REVIEWER['credentials']}\n", "")
    config.write_text(broken, encoding="utf-8")
    result = mkdocs_build(project_copy, project_copy / "site")
    assert result.returncode != 0
    assert "mkdocs.yml: extra.clinical_reviewers[0].credentials: missing. Fix:" in result.stdout + result.stderr


# --------------------------------------------------------------------------- other configured statements


def test_every_configuration_marker_is_filled(html_files):
    left = [path for path, html in html_files.items() if "<!-- config:" in html]
    assert not left, f"unfilled <!-- config: ... --> markers (see overrides/policy.html): {left}"


def test_about_page_names_the_configured_publisher_and_licence(soups):
    about = soups["about/index.html"]
    assert f"published by {EXTRA['publisher']['name']}." in section(about, "who-publishes-this-site")
    licence = about.select_one(f'article a[href="{EXTRA["licence"]["url"]}"]')
    assert licence is not None and text(licence) == EXTRA["licence"]["name"]


@pytest.mark.parametrize(("page", "heading"), FEEDBACK_SECTIONS.items())
def test_without_a_feedback_address_the_pages_say_so(soups, page, heading):
    assert "no feedback address set up" in section(soups[page], heading)


@pytest.mark.xdist_group("reviewed-site")
@pytest.mark.parametrize(("page", "heading"), FEEDBACK_SECTIONS.items())
def test_a_configured_feedback_address_is_linked(reviewed_site, page, heading):
    heading_node = reviewed_site[page].select_one(f"h2#{heading}")
    route = heading_node.find_next_sibling("p", class_="feedback-route")
    assert route is not None and route.a["href"] == FEEDBACK_URL
    assert "free GitHub account" in text(route)
    assert reviewed_site[page].select_one(".page-info__feedback a")["href"] == FEEDBACK_URL


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("page", SECTIONS)
def test_policy_page_keeps_its_section_ids(soups, page):
    ids = [h2.get("id") for h2 in soups[page].select("article h2")]
    missing = [name for name in SECTIONS[page] if name not in ids]
    assert not missing, f"{page}: missing sections {missing}"


@pytest.mark.parametrize("page", POLICY_PAGES)
def test_policy_page_headings_do_not_skip_levels(soups, page):
    levels = [int(h.name[1]) for h in soups[page].select("article h1, article h2, article h3, article h4, article h5, article h6")]
    assert levels[0] == 1, page
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not skips, f"{page}: heading levels {levels}"


@pytest.mark.parametrize("page", PAGES)
def test_ids_are_unique_on_the_page(soups, page):
    ids = [node["id"] for node in soups[page].select("[id]")]
    assert len(ids) == len(set(ids)), f"{page}: {sorted({i for i in ids if ids.count(i) > 1})}"


def test_sources_page_lists_the_whole_bibliography_by_kind(soups, bibliography):
    page = soups["sources/index.html"]
    all_sources = page.select_one("article section.bibliography")
    assert text(all_sources.find("h2")) == "All sources"
    kinds = [kind for kind in contract.SOURCE_KINDS if any(e["kind"] == kind for e in bibliography.values())]
    assert [h3.get("id") for h3 in all_sources.find_all("h3")] == [f"kind-{kind}" for kind in kinds]
    assert [text(h3) for h3 in all_sources.find_all("h3")] == [contract.SOURCE_KINDS[kind] for kind in kinds]
    listed = {}
    for heading in all_sources.find_all("h3"):
        for item in heading.find_next_sibling("ul").find_all("li"):
            listed[item["id"]] = heading["id"].removeprefix("kind-")
    assert listed == {key: entry["kind"] for key, entry in bibliography.items()}
    for key, entry in bibliography.items():
        item = all_sources.select_one(f'li[id="{key}"]')
        assert item.a["href"] == entry["url"] and text(item.a) == entry["title"]
        assert item.find_all("time")[-1]["datetime"] == str(entry["accessed"])
        assert f"Last checked by us: {entry['accessed'].day} {entry['accessed']:%B %Y}" in text(item)
        if entry.get("updated"):
            assert f"Last updated {entry['updated'].day} {entry['updated']:%B %Y}" in text(item)
        if entry.get("reason"):
            assert f"Why this link: {' '.join(entry['reason'].split())}" in text(item)


@pytest.mark.parametrize("page", PAGES)
def test_footer_links_every_policy_page(soups, page):
    links = [text(a) for a in soups[page].select('nav[aria-label="Site policies"] a')]
    assert links == ["About and editorial policy", "Sources", "Privacy", "Accessibility"]


@pytest.mark.parametrize("page", PAGES)
def test_page_asks_for_no_referrer(soups, page):
    """The privacy page promises that outbound links send no referrer."""
    assert soups[page].select_one('meta[name="referrer"]')["content"] == "no-referrer"
