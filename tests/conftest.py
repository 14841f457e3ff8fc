"""Shared fixtures: the site is built once per test process (once per xdist
worker), into a temporary folder, with `properdocs build --strict` exactly as
CI and the deploy workflow run it. Plain helpers live in tests/helpers.py,
which the test files import; this file holds only pytest's fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import ROOT, ParsedPages, copy_project, load_yaml, mkdocs_build, serve, source_pages


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def html_files(site_dir) -> dict[str, str]:
    """Every built HTML file, keyed by its path relative to the site root."""
    return {
        path.relative_to(site_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site_dir.rglob("*.html"))
    }


@pytest.fixture(scope="session")
def soups(html_files) -> ParsedPages:
    """Every built HTML file, parsed when first read (helpers.py: ParsedPages)."""
    return ParsedPages(html_files)


@pytest.fixture(scope="session")
def pages_meta() -> dict[str, dict]:
    return source_pages()


@pytest.fixture(scope="session")
def bibliography() -> dict:
    return load_yaml("data/bibliography.yml")


@pytest.fixture(scope="session")
def allowed_domains() -> list[str]:
    return load_yaml("data/allowed-domains.yml")["domains"]


@pytest.fixture(scope="session")
def today() -> dt.date:
    return dt.date.today()


@pytest.fixture(scope="session")
def served_site(site_dir, tmp_path_factory) -> str:
    """The build served over HTTP under the site_url path, as GitHub Pages serves a
    project site. Returns the base URL, e.g. http://127.0.0.1:PORT/milk-after-sex/."""
    with serve(site_dir, tmp_path_factory.mktemp("web")) as url:
        yield url
