"""The byte budget: on every page, what the browser loads before the reader does
anything is at most 80 KB over the wire (gzip level 6, as the host serves it) and
at most 8 requests. Search loads only when the reader opens it
(overrides/partials/lazy-search.html), so it is not counted.

What a page loads is read from its HTML (tests/page_weight.py);
tests/browser/test_requests.py checks that Chromium requests exactly that.
"""

from __future__ import annotations

from conftest import BASE_PATH, ROOT
from page_weight import initial_requests, transfer_size
from site_hooks import MINIFIERS

BUDGET_BYTES = 80_000  # 80 KB, counting 1,000 bytes to the KB
BUDGET_REQUESTS = 8


def page_loads(site_dir, html_files) -> dict[str, list[tuple[str, int]]]:
    """For each page, every file it loads with its size on the wire."""
    loads = {}
    for page, html in html_files.items():
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


def test_every_page_loads_at_most_80_kb(site_dir, html_files):
    over = [
        describe(page, files)
        for page, files in page_loads(site_dir, html_files).items()
        if sum(size for _, size in files) > BUDGET_BYTES
    ]
    assert not over, f"over the {BUDGET_BYTES:,}-byte budget:\n" + "\n".join(over) + (
        "\nFix: shrink or defer the largest files (load them only when the reader needs them)"
    )


def test_every_page_makes_at_most_8_requests(site_dir, html_files):
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

def test_no_script_holds_up_the_first_paint(soups):
    """Every script file is deferred: the page paints while scripts download."""
    blocking = {
        page: [script["src"] for script in soup.find_all("script", src=True) if not script.has_attr("defer")]
        for page, soup in soups.items()
    }
    assert not {page: scripts for page, scripts in blocking.items() if scripts}
