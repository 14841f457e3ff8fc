#!/usr/bin/env python3
"""Benchmark the site: build time, page weight and Lighthouse scores.

    .venv/bin/python scripts/benchmark.py            # every page readers reach (about 15 minutes)
    .venv/bin/python scripts/benchmark.py index.html review/hormones.html
    .venv/bin/python scripts/benchmark.py --build    # build time and profile only

(also `python3 scripts/dev.py benchmark ...`)

1. Builds the site 5 times with `properdocs build --strict` and reports the median time,
   then profiles one more build (cProfile) and lists the functions that cost the most.
2. Serves the last build as GitHub Pages does: gzip (level 6) for text, under the
   site_url path, 404.html for missing pages.
3. For every page, reports the bytes (gzip) and requests the browser makes before
   the reader does anything, counted as tests/test_budget.py counts them.
4. Runs Lighthouse 12.2.3 (package.json; installed into node_modules with `npm ci`
   on first use) with Debian's Chromium, in mobile and desktop modes, and prints a
   Markdown table of the four category scores. Reports go to benchmark/out/.

Not a test: scores depend on the machine and vary by about a point between runs.
Run it on a quiet machine.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

from helpers import BASE_PATH, BUILD_COMMAND, build_env, mkdocs_build  # noqa: E402
from page_weight import COMPRESSIBLE, GZIP_LEVEL, initial_requests, transfer_size  # noqa: E402
import review  # noqa: E402  (hooks/review.py: where the packets are written)

BUILDS = 5
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
OUT = ROOT / "benchmark" / "out"


def timed_builds(site: Path) -> list[float]:
    seconds = []
    for number in range(1, BUILDS + 1):
        started = time.perf_counter()
        result = mkdocs_build(ROOT, site)
        seconds.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"build {number} failed:\n{result.stderr}")
        print(f"build {number}: {seconds[-1]:.2f} s", file=sys.stderr)
    return seconds


def _where(filename: str) -> str:
    """A profiled function's file, short: 'hooks/contract.py', 'jinja2/lexer.py', 'parser.py'."""
    if "site-packages/" in filename:
        return filename.split("site-packages/")[-1]
    path = Path(filename)
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def profile_top_costs(site: Path, top: int = 15) -> str:
    """The functions a profiled build spends most time in, by own time (tottime):
    where a faster build has to start. A table of function, seconds, share."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "build.prof"
        profiled = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *BUILD_COMMAND[1:], "--site-dir", str(site)]
        result = subprocess.run(profiled, cwd=ROOT, env=build_env(), capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"profiled build failed:\n{result.stderr}")
        stats = pstats.Stats(str(stats_file))
    total = stats.total_tt
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:top]  # (file, line, name) -> (cc, nc, tt, ct, callers)
    lines = [f"Top costs of a profiled build ({total:.2f} s under the profiler; own time):", "",
             "| Function | Own s | Share | With callees s |", "|---|---:|---:|---:|"]
    for (filename, line, name), (_, _, own, cumulative, _) in rows:
        lines.append(f"| `{_where(filename)}:{line} {name}` | {own:.2f} | {own / total:.0%} | {cumulative:.2f} |")
    # The same time seen from our own code: which hook function the library time is spent for.
    ours = [(key, value) for key, value in stats.stats.items() if _where(key[0]).startswith("hooks/")]
    lines += ["", "| Hook function | With callees s | Share |", "|---|---:|---:|"]
    for (filename, line, name), (_, _, _, cumulative, _) in sorted(ours, key=lambda item: -item[1][3])[:top]:
        lines.append(f"| `{_where(filename)}:{line} {name}` | {cumulative:.2f} | {cumulative / total:.0%} |")
    return "\n".join(lines)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does: text gzipped when the browser accepts it,
    a ten-minute cache lifetime, and 404.html (status 404) for anything missing."""

    not_found_page: Path

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200 if path.is_file() else 404
        if status == 404:
            path = self.not_found_page
        body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Cache-Control", "max-age=600")
        if path.suffix in COMPRESSIBLE:
            self.send_header("Vary", "Accept-Encoding")
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
                self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def serve(site: Path, web_root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    mount = web_root / BASE_PATH.strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site, target_is_directory=True)
    handler = functools.partial(GzipHandler, directory=str(web_root))
    GzipHandler.not_found_page = site / "404.html"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    if shutil.which("npm") is None:
        sys.exit("npm not found: install Node.js 20 or newer (Lighthouse 12 runs on it)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


def lighthouse(url: str, mode: str, report: Path) -> tuple[dict[str, int] | None, float | None]:
    """The four category scores, and Lighthouse's measure of this machine's speed
    (benchmarkIndex: about 1,000 or more on an idle laptop; low means a busy machine);
    (None, None) when Lighthouse fails."""
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
    ]
    if mode == "desktop":
        command.append("--preset=desktop")
    run = subprocess.run(command, env=dict(os.environ, CHROME_PATH=CHROME_PATH), capture_output=True, text=True)
    if run.returncode != 0:
        # One page's failure (a timeout on a very long page) is a row of the table, not the end of the run.
        problem = (run.stderr.strip().splitlines() or ["no message"])[-1]
        print(f"Lighthouse failed on {url} ({mode}): {problem}", file=sys.stderr)
        return None, None
    result = json.loads(report.read_text(encoding="utf-8"))
    values = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    return values, result["environment"]["benchmarkIndex"]


def scores(values: dict[str, int] | None) -> str:
    return " / ".join(str(values[name]) for name in CATEGORIES) if values else "failed"


def main(pages_wanted: list[str]) -> int:
    if pages_wanted == ["--build"]:
        with tempfile.TemporaryDirectory() as tmp:
            build_seconds = timed_builds(Path(tmp) / "site")
            print(f"Median build time of {BUILDS} builds: {statistics.median(build_seconds):.2f} s "
                  f"({', '.join(f'{s:.2f}' for s in build_seconds)}); load average {os.getloadavg()[0]:.1f} "
                  f"on {os.cpu_count()} CPUs\n")
            print(profile_top_costs(Path(tmp) / "site"))
        return 0
    ensure_lighthouse()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_seconds = timed_builds(site)
        print(profile_top_costs(site) + "\n")
        pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
        # Every page readers reach; the review packets (reviewers' working files, noindex,
        # so SEO scores 60 by design) only when named.
        pages = [page for page in pages if page in pages_wanted
                 or not pages_wanted and not page.startswith(review.PACKET_DIR + "/")]
        server, base_url = serve(site, Path(tmp) / "web")
        OUT.mkdir(parents=True, exist_ok=True)
        rows, speeds, failed = [], [], 0
        try:
            for page in pages:
                files = initial_requests(page, (site / page).read_text(encoding="utf-8"), BASE_PATH)
                size = sum(transfer_size(site / path) for path in files)
                url = base_url + page.removesuffix("index.html")
                name = page.replace("/", "_").removesuffix(".html")
                mobile, speed = lighthouse(url, "mobile", OUT / f"{name}.mobile.json")
                desktop, _ = lighthouse(url, "desktop", OUT / f"{name}.desktop.json")
                speeds += [speed] if speed else []
                failed += (mobile is None) + (desktop is None)
                rows.append(f"| {page} | {size / 1000:.1f} | {len(files)} | {scores(mobile)} | {scores(desktop)} |")
                print(rows[-1], file=sys.stderr)
        finally:
            server.shutdown()
    print(f"Median build time of {BUILDS} builds: {statistics.median(build_seconds):.2f} s "
          f"({', '.join(f'{s:.2f}' for s in build_seconds)})\n")
    speed = f"median {statistics.median(speeds):.0f}, lowest {min(speeds):.0f}" if speeds else "unknown"
    print(f"Machine: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end; "
          f"Lighthouse benchmarkIndex {speed}.")
    print("Scores are performance / accessibility / best practices / SEO. KB: gzip, 1,000 bytes.\n")
    print("| Page | KB | Requests | Mobile | Desktop |")
    print("|---|---:|---:|---|---|")
    print("\n".join(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
