"""The byte budget: on every page, what the browser loads before the reader does
anything is at most 60 KB over the wire (gzip level 6, as the host serves it) and
at most 6 requests. Material's bundle loads on the reader's first interaction
(overrides/partials/lazy-material.html) and search only when the reader opens it
(overrides/partials/lazy-search.html), so neither is counted.

What a page loads is read from its HTML (tests/page_weight.py);
tests/browser/test_requests.py checks that Chromium requests exactly that.
"""

from __future__ import annotations

import re

import pytest

from helpers import BASE_PATH, EVERY_PAGE, ROOT
from minify import MATERIAL_STYLESHEETS, STYLESHEET, minify_html
from page_weight import initial_requests, lazy_bundle, transfer_size
from site_hooks import MINIFIERS

BUDGET_BYTES = 60_000  # 60 KB, counting 1,000 bytes to the KB
BUDGET_REQUESTS = 6
# Clinical review packets are printed by reviewers, not read by patients on a phone.
REVIEW_PACKETS = "review/"


def page_loads(site_dir, html_files) -> dict[str, list[tuple[str, int]]]:
    """For each page, every file it loads with its size on the wire."""
    loads = {}
    for page, html in html_files.items():
        if page.startswith(REVIEW_PACKETS):
            continue
        files = initial_requests(page, html, BASE_PATH)
        missing = [path for path in files if not (site_dir / path).is_file()]
        assert not missing, f"{page}: loads {missing}, which the build does not contain"
        loads[page] = [(path, transfer_size(site_dir / path)) for path in files]
    return loads


def describe(page: str, files: list[tuple[str, int]]) -> str:
    largest = sorted(files, key=lambda file: -file[1])[:3]
    return (
        f"{page}: {sum(size for _, size in files):,} bytes in {len(files)} requests; largest: "
        + ", ".join(f"{path} {size:,}" for path, size in largest)
    )


def test_every_page_loads_at_most_60_kb(site_dir, html_files):
    over = [
        describe(page, files)
        for page, files in page_loads(site_dir, html_files).items()
        if sum(size for _, size in files) > BUDGET_BYTES
    ]
    assert not over, f"over the {BUDGET_BYTES:,}-byte budget:\n" + "\n".join(over) + (
        "\nFix: shrink or defer the largest files (load them only when the reader needs them)"
    )


def test_every_page_makes_at_most_6_requests(site_dir, html_files):
    over = [
        describe(page, files)
        for page, files in page_loads(site_dir, html_files).items()
        if len(files) > BUDGET_REQUESTS
    ]
    assert not over, f"over the {BUDGET_REQUESTS}-request budget:\n" + "\n".join(over) + (
        "\nFix: merge or drop files, or load them only when the reader needs them"
    )


def test_search_is_not_loaded_up_front(site_dir, html_files):
    for page, files in page_loads(site_dir, html_files).items():
        assert not [path for path, _ in files if path.startswith(("search/", "assets/javascripts/workers/"))], page


def test_our_stylesheets_and_scripts_ship_minified(site_dir):
    sources = sorted(path for path in (ROOT / "docs").rglob("*") if path.suffix in MINIFIERS)
    assert {path.suffix for path in sources} == {".css", ".js"}
    for source in sources:
        built = site_dir / source.relative_to(ROOT / "docs")
        minify = MINIFIERS[source.suffix]
        assert built.read_text(encoding="utf-8") == minify(source.read_text(encoding="utf-8")), (
            f"{built.relative_to(site_dir)} is not the minified {source.relative_to(ROOT)}: see on_post_build in hooks/site_hooks.py"
        )


@pytest.mark.xdist_group(EVERY_PAGE)
def test_no_script_holds_up_the_first_paint(soups):
    """Every script file is deferred: the page paints while scripts download."""
    blocking = {
        page: [script["src"] for script in soup.find_all("script", src=True) if not script.has_attr("defer")]
        for page, soup in soups.items()
    }
    assert not {page: scripts for page, scripts in blocking.items() if scripts}


@pytest.mark.xdist_group(EVERY_PAGE)
def test_materials_bundle_waits_for_the_reader(site_dir, html_files, soups):
    """Every Material page names Material's bundle for its first-interaction
    loader, the file exists, and no page loads it up front."""
    for page, soup in soups.items():
        if not soup.select("form[name=search]"):
            continue  # a moved page's redirect
        bundle = lazy_bundle(page, html_files[page], BASE_PATH)
        assert bundle and re.fullmatch(r"assets/javascripts/bundle\.\w+\.min\.js", bundle), f"{page}: {bundle}"
        assert (site_dir / bundle).is_file(), f"{page}: its loader names {bundle}, which the build does not contain"
        assert bundle not in initial_requests(page, html_files[page], BASE_PATH), page


def test_pages_link_materials_purged_stylesheet_only(site_dir, html_files):
    stylesheet = STYLESHEET.rsplit("/", 1)[1]
    for page, html in html_files.items():
        if "md-header" not in html:
            continue  # a moved page's redirect
        assert stylesheet in html, f"{page} does not link {STYLESHEET}"
        for pattern in MATERIAL_STYLESHEETS:
            name = pattern.rsplit("/", 1)[1].split("*")[0]
            assert f"/{name}" not in html, f"{page} still links Material's {pattern}"


def test_purged_stylesheet_keeps_the_rules_of_every_class_the_pages_use(site_dir, html_files):
    """A class on any built page that Material's full stylesheets style is styled
    by the purged one too."""
    full = "".join(next(site_dir.glob(pattern)).read_text(encoding="utf-8") for pattern in MATERIAL_STYLESHEETS)
    purged = (site_dir / STYLESHEET).read_text(encoding="utf-8")
    used = {name for html in html_files.values() for value in re.findall(r'class="([^"]*)"', html) for name in value.split()}
    styled = set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", full))
    lost = sorted(name for name in used & styled if not re.search(rf"\.{re.escape(name)}(?![\w-])", purged))
    assert not lost, f"{STYLESHEET} lost the rules of classes the pages use: {lost}"
    assert len(purged) < len(full) * 0.8, "the purge removed almost nothing: see hooks/minify.py"


def test_pages_ship_minified(html_files):
    """Built pages are minified before their policy is added (hooks/site_hooks.py):
    minifying again changes nothing."""
    for page, html in html_files.items():
        assert minify_html(html) == html, f"{page} is not minified: see _with_policy in hooks/site_hooks.py"
