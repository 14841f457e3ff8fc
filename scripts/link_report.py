#!/usr/bin/env python3
"""The weekly external-link check, reported for editors: runs lychee (from its own
hashed lock, as `dev.py links` does) and then says, for each dead link, which
bibliography entry holds it and which pages cite that entry. When no link at all
could be reached, it reports a network problem (the runner's, not ours) instead
of calling every source dead.

    python3 scripts/link_report.py             # check now (needs the internet)
    python3 scripts/link_report.py REPORT.json # explain an existing lychee JSON report

Exit status: 0 all alive, 1 dead links, 3 network problem.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "scripts")]

import dev  # noqa: E402

NETWORK_PROBLEM, DEAD, ALIVE = 3, 1, 0


def _code(status: dict) -> int | None:
    if isinstance(status.get("code"), int):
        return status["code"]
    match = re.match(r"\s*\[?(\d{3})\b", str(status.get("text", "")))
    return int(match.group(1)) if match else None


def explain(report: dict, bibliography: dict, page_sources: dict[str, list[str]]) -> tuple[list[str], int]:
    """Lines for the job's log, and the exit status, from lychee's JSON report."""
    failures = [(source, item["url"], item.get("status") or {}) for source, items in (report.get("error_map") or {}).items() for item in items]
    if report.get("total", 0) and not report.get("successful", 0):
        return [
            f"NETWORK PROBLEM: none of the {report['total']} links could be reached "
            f"({failures[0][2].get('text', 'no answer') if failures else 'no answer'}). "
            "This is the runner's connection, not our sources: run the job again."
        ], NETWORK_PROBLEM
    keys_of: dict[str, list[str]] = {}
    for key, entry in bibliography.items():
        if isinstance(entry, dict) and entry.get("url"):
            keys_of.setdefault(str(entry["url"]).rstrip("/"), []).append(key)
    lines = []
    for url in dict.fromkeys(url for _, url, _ in failures):
        found_in = sorted({source for source, failed, _ in failures if failed == url})
        status = next(status for _, failed, status in failures if failed == url)
        keys = keys_of.get(url.rstrip("/"), [])
        pages = sorted({page for page, sources in page_sources.items() for key in keys if key in sources})
        pages += [source for source in found_in if source.startswith("docs/") and source not in pages]
        what = f"bibliography {', '.join(keys)}, cited by {', '.join(pages) or 'no page'}" if keys else f"in {', '.join(found_in)}"
        code = _code(status)
        lines.append(
            f"DEAD {url} ({code or status.get('text', 'unreachable')}): {what}. Fix: find the publisher's "
            "current page, check it still says what we cite, then update the URL and 'accessed'"
        )
    return lines, (DEAD if lines else ALIVE)


def run_lychee(output: Path) -> None:
    if not (dev.BIN / "python").exists():
        venv.EnvBuilder(with_pip=True).create(dev.VENV)
    subprocess.run([str(dev.BIN / "python"), "-m", "pip", "install", "--quiet", "--require-hashes", "--only-binary", ":all:",
                    "-r", str(dev.LINKS_LOCK)], check=True)
    subprocess.run([str(dev.BIN / "lychee"), "--config", "lychee.toml", "--format", "json", "--output", str(output),
                    *dev.LINK_SOURCES], cwd=ROOT, check=False)


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(argv[0]) if argv else Path(tmp) / "lychee.json"
        if not argv:
            run_lychee(path)
        report = json.loads(path.read_text(encoding="utf-8"))
    bibliography = _bibliography_urls(ROOT / "data/bibliography.yml")
    page_sources = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        block = re.match(r"---\n(.*?)\n---", text, re.S)
        page_sources[page.relative_to(ROOT).as_posix()] = re.findall(r"^\s+- ([a-z0-9-]+)\s*$", block.group(1), re.M) if block else []
    lines, status = explain(report, bibliography, page_sources)
    print("\n".join(lines) or f"All {report.get('total', 0)} links answered.")
    return status


def _bibliography_urls(path: Path) -> dict:
    """The bibliography's keys and urls, read line by line (no PyYAML in this job)."""
    entries: dict[str, dict] = {}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^[a-z0-9][a-z0-9-]*:\s*$", line):
            key = line.rstrip(": ")
            entries[key] = {}
        elif key and (match := re.match(r"^\s+url:\s*(\S+)", line)):
            entries[key]["url"] = match.group(1).strip("'\"")
    return entries


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
