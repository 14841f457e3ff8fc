#!/usr/bin/env python3
"""Check that every external link in the built site still answers (network needed).

Run weekly by .github/workflows/links.yml, never by the offline test suite:
    python3 scripts/dev.py links

A link fails when its server says it is gone (404, 410) or cannot be reached.
Servers that refuse robots (401, 403, 429) or are briefly down (5xx) are
listed as warnings to check by hand, since a weekly job should not flap.
"""

from __future__ import annotations

import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

from conftest import mkdocs_build  # noqa: E402
from contract import links_and_ids  # noqa: E402

GONE = {404, 410}
HEADERS = {"User-Agent": "Mozilla/5.0 (link check for a health-information site)"}


def status_of(url: str) -> int | str:
    for method in ("HEAD", "GET"):
        try:
            with urlopen(Request(url, method=method, headers=HEADERS), timeout=20) as response:
                return response.status
        except HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue  # some servers refuse HEAD but answer GET
            return error.code
        except (URLError, TimeoutError, OSError) as error:
            return f"unreachable ({error})"
    return "unreachable"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = mkdocs_build(ROOT, site)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        urls = sorted(
            {
                href
                for page in site.rglob("*.html")
                for href in links_and_ids(page.read_text(encoding="utf-8"))[0]
                if href.startswith(("http://", "https://"))
            }
        )
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = dict(zip(urls, pool.map(status_of, urls)))
    failures = [(u, s) for u, s in statuses.items() if s in GONE or isinstance(s, str)]
    warnings = [(u, s) for u, s in statuses.items() if isinstance(s, int) and s >= 400 and s not in GONE]
    for url, status in warnings:
        print(f"WARNING {status} {url} (check by hand)")
    for url, status in failures:
        print(f"FAILED  {status} {url}")
    print(f"{len(urls)} external links: {len(failures)} failed, {len(warnings)} to check by hand")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
