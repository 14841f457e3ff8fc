"""Stable links as a contract: every address in data/link-registry.txt resolves
against the build (through redirects and alias anchors), the build publishes
nothing the registry does not list, and moving a page or an id keeps old links
working. Unit tests of hooks/stable_links.py come first, with exact messages."""

from __future__ import annotations

import re

import pytest
import yaml

import clinic_kit
import stable_links
from helpers import ROOT, copy_project, mkdocs_build
from contract import Violation
from stable_links import BuiltPage

REGISTRY = ROOT / stable_links.REGISTRY_FILE
HINT = f"run {stable_links.REGISTRY_COMMAND} and commit {stable_links.REGISTRY_FILE}"

# --------------------------------------------------------------------------- units

PAGE = """<h1 id="title">Title<a class="headerlink" href="#title">¶</a></h1>
<h2 id="causes">Causes<a class="headerlink" href="#causes">¶</a></h2>
<h3 id="medicines">Medicines<a class="headerlink" href="#medicines">¶</a></h3>
<h4 id="detail">Detail<a class="headerlink" href="#detail">¶</a></h4>
<h2 id="page-info">About this page</h2>
<li id="source-nhs">NHS</li>"""


def test_scan_finds_ids_and_the_headings_with_permalinks():
    page = stable_links.scan(PAGE)
    assert page.linkable == ("causes", "medicines")
    assert {"title", "causes", "medicines", "detail", "page-info", "source-nhs"} <= page.ids
    assert page.moved_to is None


def test_scan_reads_a_redirect_page():
    page = stable_links.scan('<meta http-equiv="refresh" content="0; url=../hormones/">')
    assert page.moved_to == "../hormones/"


def test_registry_entries_list_pages_and_linkable_headings_only():
    pages = {
        "index.html": stable_links.scan(PAGE),
        "hormones/index.html": BuiltPage(frozenset({"x"}), ()),
        "old/index.html": BuiltPage(frozenset(), (), moved_to="../hormones/"),
        "404.html": stable_links.scan(PAGE),
    }
    assert stable_links.registry_entries(pages) == ["/", "/#causes", "/#medicines", "/hormones/"]


SITE = {
    "questions/index.html": BuiltPage(frozenset({"medicines", "old-medicines"}), ("medicines",)),
    "hormone-changes/index.html": BuiltPage(frozenset(), (), moved_to="../questions/"),
    "drugs/index.html": BuiltPage(frozenset(), (), moved_to="../questions/#medicines"),
    "loop/index.html": BuiltPage(frozenset(), (), moved_to="../loop/"),
}


@pytest.mark.parametrize(
    "address, problem",
    [
        ("/questions/", None),
        ("/questions/#medicines", None),
        ("/questions/#old-medicines", None),
        ("/hormone-changes/#medicines", None),
        ("/drugs/", None),
        ("/drugs/#anything", None),
        ("/questions/#gone", "/questions/#gone: /questions/ has no element with id 'gone'"),
        ("/hormone-changes/#gone", "/hormone-changes/#gone: /questions/ has no element with id 'gone'"),
        ("/nowhere/", "/nowhere/: there is no page at /nowhere/"),
        ("/loop/", "/loop/: more than 5 redirects in a row"),
    ],
)
def test_resolve_follows_redirects_and_keeps_the_id(address, problem):
    assert stable_links.resolve(address, SITE) == problem


@pytest.mark.parametrize(
    "old, new, href",
    [
        ("/hormone-changes/", "/hormones/", "../hormones/"),
        ("/a/b/", "/questions/#medicines", "../../questions/#medicines"),
        ("/old/", "/", "../"),
    ],
)
def test_redirect_href_is_relative(old, new, href):
    assert stable_links.redirect_href(old, new) == href


def test_read_and_format_registry_round_trip():
    text = stable_links.format_registry(["/b/", "/a/#x", "/a/", "/a/"])
    assert text.startswith(stable_links.REGISTRY_HEADER)
    assert stable_links.read_registry(text) == ["/a/", "/a/#x", "/b/"]


PAGES = ["/", "/questions/", "/hormones/"]
WHERE = stable_links.REDIRECTS_FILE


@pytest.mark.parametrize(
    "data, message",
    [
        ({"pages": {"/hormones/": "/questions/"}},
         f"{WHERE}: pages[/hormones/]: a page still exists at /hormones/. Fix: remove the redirect, or move the page"),
        ({"pages": {"/old/": "/nowhere/"}},
         f"{WHERE}: pages[/old/]: /nowhere/ is not a page on the site. "
         "Fix: point it at the page's new address, like /new-name/ or /new-name/#id"),
        ({"pages": {"old.md": "/hormones/"}},
         f"{WHERE}: pages[old.md]: the old address is not a path like /old-name/. "
         "Fix: write it with a leading and a trailing slash"),
        ({"anchors": {"/nowhere/": {"a": "b"}}},
         f"{WHERE}: anchors[/nowhere/]: /nowhere/ is not a page on the site. "
         "Fix: use the address of the page the ids are on, like /questions/"),
        ({"anchors": {"/questions/": ["a", "b"]}},
         f"{WHERE}: anchors[/questions/]: is not a mapping of old id to new id. Fix: write one 'old-id: new-id' a line"),
        ({"redirects": {}},
         f"{WHERE}: file: is not a mapping with 'pages' and 'anchors'. Fix: see the comment at the top of the file"),
    ],
)
def test_check_redirects_messages(data, message):
    assert [str(problem) for problem in stable_links.check_redirects(data, PAGES)] == [message]


def test_check_redirects_accepts_good_data_and_an_empty_file():
    good = {"pages": {"/old/": "/questions/#medicines"}, "anchors": {"/questions/": {"old-id": "medicines"}}}
    assert stable_links.check_redirects(good, PAGES) == []
    assert stable_links.check_redirects(None, PAGES) == []
    assert stable_links.check_redirects(yaml.safe_load((ROOT / WHERE).read_text()), PAGES) == []


def test_alias_anchor_goes_inside_the_element_with_the_new_id():
    html = '<h3 id="medicines">Medicines<a class="headerlink" href="#medicines">¶</a></h3>'
    new, problems = stable_links.add_alias_anchors("/questions/", html, {"old-medicines": "medicines"})
    assert problems == []
    assert new == '<h3 id="medicines"><span id="old-medicines"></span>Medicines<a class="headerlink" href="#medicines">¶</a></h3>'


def test_alias_anchor_problems():
    html = '<h3 id="medicines">Medicines</h3><h3 id="stress">Stress</h3>'
    _, problems = stable_links.add_alias_anchors("/questions/", html, {"stress": "medicines", "old": "gone"})
    assert problems == [
        Violation(WHERE, "anchors[/questions/][stress]", "'stress' is still an id on /questions/",
                  "remove the alias; the old id works as it is"),
        Violation(WHERE, "anchors[/questions/][old]", "'gone' is not an id on /questions/",
                  "map the old id to an id the page has now"),
    ]


# --------------------------------------------------------------------------- the build against the registry


@pytest.fixture(scope="session")
def built_pages(html_files):
    return stable_links.scan_site(html_files)


def test_every_registered_address_resolves(built_pages):
    problems = [p for p in (stable_links.resolve(a, built_pages) for a in stable_links.read_registry(REGISTRY.read_text())) if p]
    assert not problems, (
        f"{len(problems)} published address(es) no longer work:\n  " + "\n  ".join(problems)
        + f"\nFix: redirect each moved page and alias each changed id in {stable_links.REDIRECTS_FILE}"
    )


def test_every_published_address_is_registered(built_pages):
    new = sorted(set(stable_links.registry_entries(built_pages)) - set(stable_links.read_registry(REGISTRY.read_text())))
    assert not new, f"{len(new)} new address(es) not yet in {stable_links.REGISTRY_FILE}:\n  " + "\n  ".join(new) + f"\nFix: {HINT}"


def test_registry_file_is_as_the_script_writes_it():
    text = REGISTRY.read_text(encoding="utf-8")
    assert text == stable_links.format_registry(stable_links.read_registry(text)), f"Fix: {HINT}"


def test_every_published_address_has_a_qr_code(site_dir, built_pages):
    missing = [a for a in stable_links.registry_entries(built_pages) if not (site_dir / clinic_kit.qr_image(a)).is_file()]
    assert not missing, missing


# --------------------------------------------------------------------------- moving a page and an id


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """The project with hormones.md renamed, the 'medicines' question's id changed,
    and both recorded in data/redirects.yml as an editor would."""
    project = copy_project(tmp_path_factory.mktemp("moved"))
    (project / "docs/hormones.md").rename(project / "docs/hormone-levels.md")
    for path in (project / "mkdocs.yml", *(project / "docs").glob("*.md")):
        path.write_text(re.sub(r"\bhormones\.md\b", "hormone-levels.md", path.read_text()))
    questions = project / "docs/questions.md"
    questions.write_text(questions.read_text().replace("{ #medicines }", "{ #medicines-that-cause-it }"))
    # Add to the project's own redirects, which keep its earlier moves working.
    redirects_file = project / "data/redirects.yml"
    redirects = yaml.safe_load(redirects_file.read_text()) or {}
    redirects["pages"] = {**(redirects.get("pages") or {}), "/hormones/": "/hormone-levels/", "/handouts/hormones/": "/handouts/hormone-levels/"}
    anchors = redirects["anchors"] = redirects.get("anchors") or {}
    anchors["/questions/"] = {**(anchors.get("/questions/") or {}), "medicines": "medicines-that-cause-it"}
    redirects_file.write_text(yaml.safe_dump(redirects))
    site = tmp_path_factory.mktemp("moved-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


# These share the moved_site build: on one xdist worker, it is made once.
@pytest.mark.xdist_group("moved-site")
def test_old_addresses_still_resolve_after_a_move(moved_site):
    html = {p.relative_to(moved_site).as_posix(): p.read_text() for p in moved_site.rglob("*.html")}
    pages = stable_links.scan_site(html)
    problems = [p for p in (stable_links.resolve(a, pages) for a in stable_links.read_registry(REGISTRY.read_text())) if p]
    assert not problems, problems
    assert pages["hormones/index.html"].moved_to == "../hormone-levels/"
    assert "medicines" in pages["questions/index.html"].ids


@pytest.mark.xdist_group("moved-site")
def test_moved_page_works_without_javascript(moved_site):
    html = (moved_site / "hormones/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../hormone-levels/">' in html
    assert '<link rel="canonical" href="https://example.org/milk-after-sex/hormone-levels/">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert re.search(r'<a id="moved-to" href="\.\./hormone-levels/">https://example.org/milk-after-sex/hormone-levels/</a>', html)
    assert '<html lang="en">' in html
    assert "http-equiv=\"Content-Security-Policy\"" in html


def test_a_redirect_that_overwrites_a_page_fails_the_build(project_copy, tmp_path):
    (project_copy / "data/redirects.yml").write_text("pages:\n  /hormones/: /questions/\n")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "data/redirects.yml: pages[/hormones/]: a page still exists at /hormones/. Fix: remove the redirect, or move the page"
        in result.stderr
    )
