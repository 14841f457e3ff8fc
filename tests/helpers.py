"""What the tests and the scripts share: building the site as CI builds it,
serving a build under the site_url path, reading the pages' front matter (and
which pages are medical), and finding Chromium. A plain module, imported by the
test files and the scripts alike (tests/conftest.py holds only pytest's fixtures)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

import clinic_kit

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/milk-after-sex/"
BASE_PATH = urlsplit(SITE_URL).path
# The build engine: ProperDocs, the maintained continuation of MkDocs 1.x (README.md, "Platform").
BUILD_COMMAND = [sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", "mkdocs.yml"]


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, SITE_URL=SITE_URL)
    env.pop("FEEDBACK_URL", None)
    env.update(extra)
    return env


def mkdocs_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """`properdocs build --strict` of `project` in a subprocess, as CI runs it
    (`env` adds variables, e.g. FEEDBACK_URL)."""
    return subprocess.run(
        [*BUILD_COMMAND, "--site-dir", str(site_dir)],
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
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    # Copies share the project's QR-code cache: it is keyed by content and written whole.
    with contextlib.suppress(OSError):
        (ROOT / ".cache").mkdir(exist_ok=True)
        (destination / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)
    return destination


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


@functools.lru_cache(maxsize=None)
def shown_sources() -> dict[str, list[str]]:
    """The numbered sources each built page lists: its front matter's, then
    those its care cards add (hooks/triage.py: page_sources)."""
    import triage

    table = load_yaml(triage.TABLE_FILE)
    shown = {}
    for built, meta in source_pages().items():
        path = ROOT / "docs" / ("index.md" if built == "index.html" else built.removesuffix("/index.html") + ".md")
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        expanded = triage.expand(body, table, meta.get("triage"), "check/")
        shown[built] = triage.page_sources(list(meta.get("sources") or []), body, expanded)
    return shown


class ParsedPages(Mapping):
    """Built HTML files, each parsed (BeautifulSoup) the first time a test reads
    it: parsing all 48 takes about 6 s, and most tests read a few. The tests that
    read every page are grouped on one worker (EVERY_PAGE)."""

    def __init__(self, html_files: Mapping[str, str]):
        self._html = html_files
        self._parsed: dict[str, BeautifulSoup] = {}

    def __getitem__(self, path: str) -> BeautifulSoup:
        if path not in self._parsed:
            self._parsed[path] = BeautifulSoup(self._html[path], "html.parser")
        return self._parsed[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._html)

    def __len__(self) -> int:
        return len(self._html)


# The xdist group of the tests that parse every built page, so one worker parses them all.
EVERY_PAGE = "every-page-parsed"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that closes a tab, or moves on, while a file is on its way is
        # not an error; anything else still prints its traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site_dir: Path, root: Path):
    """Serve a build over HTTP from an empty folder `root`, mounted under the
    site_url path; yields its base URL."""
    mount = root / BASE_PATH.strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site_dir, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()


# The two widths every page is checked at: a common phone and a laptop.
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}

# Resolves once the page has stopped moving: a few frames (Material starts some
# transitions a frame late) with every CSS transition and animation (drawer,
# search, palette) finished or cancelled.
SETTLE_JS = """async () => {
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (let round = 0; round < 20; round++) {
    await frame();
    const moving = document.getAnimations().filter(a => a.playState === 'running');
    if (!moving.length) return;
    await Promise.allSettled(moving.map(a => a.finished));
  }
}"""

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Debian's headless shell first: Playwright's own headless browser, the same
# Blink as Chromium without its windows (each new browser context in full
# Chromium starts a renderer for the window's own interface, about twice the
# cost of a context in the shell). Full Chromium works too.
CHROMIUM_NAMES = ("chromium-headless-shell", "chromium")


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH")] if os.environ.get("CHROMIUM_PATH") else [
        shutil.which(name) or f"/usr/bin/{name}" for name in CHROMIUM_NAMES
    ]
    return next((candidate for candidate in candidates if Path(candidate).exists()), None)


def medical_pages() -> list[str]:
    """The built paths of the medical pages (front matter `type: medical`)."""
    return sorted(page for page, meta in source_pages().items() if meta["type"] == "medical")


def handout_of(page: str) -> str:
    """The built handout of a medical page: 'hormones/index.html' -> 'handouts/hormones/index.html'."""
    src_uri = "index.md" if page == "index.html" else page.removesuffix("/index.html") + ".md"
    return clinic_kit.handout_uri(src_uri).removesuffix(".md") + "/index.html"
