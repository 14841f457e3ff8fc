"""Shared fixtures: the site is built once per test run, into a temporary folder,
with `mkdocs build --strict` exactly as CI and the deploy workflow run it."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

import clinic_kit

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/milk-after-sex/"
BASE_PATH = urlsplit(SITE_URL).path


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=SITE_URL)
    env.pop("FEEDBACK_URL", None)
    env.update(extra)
    return env


def mkdocs_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in a subprocess, as CI runs it (`env` adds variables, e.g. FEEDBACK_URL)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=build_env(**env),
        capture_output=True,
        text=True,
    )


PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "data")


def copy_project(destination: Path) -> Path:
    """A copy of everything the build reads, for tests that change a file and build it."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    return destination


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path)


def medical_pages() -> list[str]:
    """The built paths of the medical pages (front matter `type: medical`)."""
    return sorted(page for page, meta in source_pages().items() if meta["type"] == "medical")


def handout_of(page: str) -> str:
    """The built handout of a medical page: 'hormones/index.html' -> 'handouts/hormones/index.html'."""
    src_uri = "index.md" if page == "index.html" else page.removesuffix("/index.html") + ".md"
    return clinic_kit.handout_uri(src_uri).removesuffix(".md") + "/index.html"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def html_files(site_dir) -> dict[str, str]:
    """Every built HTML file, keyed by its path relative to the site root."""
    return {
        path.relative_to(site_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site_dir.rglob("*.html"))
    }


@pytest.fixture(scope="session")
def soups(html_files) -> dict[str, BeautifulSoup]:
    return {path: BeautifulSoup(html, "html.parser") for path, html in html_files.items()}


def load_yaml(relative: str):
    return yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))


def front_matter(markdown_path: Path) -> dict:
    text = markdown_path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{markdown_path} has no front matter"
    return yaml.safe_load(text.split("---\n", 2)[1])


@functools.lru_cache(maxsize=None)
def source_pages() -> dict[str, dict]:
    """Front matter of every Markdown page, keyed by its built HTML path."""
    pages = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        relative = path.relative_to(ROOT / "docs").as_posix()
        built = "index.html" if relative == "index.md" else relative[: -len(".md")] + "/index.html"
        if built.endswith("/index/index.html"):
            built = built[: -len("index/index.html")] + "index.html"
        pages[built] = front_matter(path)
    return pages


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def served_site(site_dir, tmp_path_factory) -> str:
    """The build served over HTTP under the site_url path, as GitHub Pages serves a
    project site. Returns the base URL, e.g. http://127.0.0.1:PORT/milk-after-sex/."""
    with serve(site_dir, tmp_path_factory.mktemp("web")) as url:
        yield url


@contextlib.contextmanager
def serve(site_dir: Path, root: Path):
    """Serve a build over HTTP from an empty folder `root`, mounted under the
    site_url path; yields its base URL."""
    mount = root / BASE_PATH.strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site_dir, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()
