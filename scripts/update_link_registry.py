#!/usr/bin/env python3
"""Bring data/link-registry.txt up to date with a fresh build:

    .venv/bin/python scripts/update_link_registry.py          # add what is new
    .venv/bin/python scripts/update_link_registry.py --prune  # also drop what is gone

The registry lists every address the site has published (each page, and each
h2/h3 with a permalink), so tests/test_link_registry.py can fail any build that
breaks one. This script builds the site with `properdocs build --strict`, adds every
address the build publishes, and keeps every registered address that still
resolves (through data/redirects.yml where a page or id has moved).

A registered address that no longer resolves is an error: add a redirect or an
alias for it in data/redirects.yml. Only before an address was ever published
(a page still being drafted) may --prune drop it instead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

import stable_links  # noqa: E402  (imported from hooks/, as the build imports it)
from helpers import BUILD_COMMAND  # noqa: E402


def build_site(site_dir: Path) -> dict[str, str]:
    # The site_url from the environment or mkdocs.yml, not the tests' example address.
    result = subprocess.run([*BUILD_COMMAND, "--site-dir", str(site_dir)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"properdocs build --strict failed; fix the build first:\n{result.stderr}")
    return {path.relative_to(site_dir).as_posix(): path.read_text(encoding="utf-8") for path in site_dir.rglob("*.html")}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prune", action="store_true", help="drop registered addresses the build no longer resolves")
    args = parser.parse_args(argv)

    registry = ROOT / stable_links.REGISTRY_FILE
    registered = stable_links.read_registry(registry.read_text(encoding="utf-8")) if registry.exists() else []
    with tempfile.TemporaryDirectory() as site_dir:
        pages = stable_links.scan_site(build_site(Path(site_dir)))
    published = stable_links.registry_entries(pages)
    lost = {address: stable_links.resolve(address, pages) for address in registered}
    lost = {address: problem for address, problem in lost.items() if problem}
    if lost and not args.prune:
        print("These registered addresses no longer work:", file=sys.stderr)
        for problem in lost.values():
            print(f"  {problem}", file=sys.stderr)
        print(
            f"Fix: in {stable_links.REDIRECTS_FILE}, redirect each moved page and alias each changed id "
            "(see the comment at the top of that file), then run this again. "
            "Use --prune only for addresses that were never published.",
            file=sys.stderr,
        )
        return 1
    kept = [address for address in registered if address not in lost]
    entries = sorted(set(kept) | set(published))
    registry.write_text(stable_links.format_registry(entries), encoding="utf-8")
    added = sorted(set(published) - set(registered))
    print(f"{stable_links.REGISTRY_FILE}: {len(entries)} addresses ({len(added)} added, {len(lost)} dropped)")
    for address in added:
        print(f"  + {address}")
    for address in sorted(lost):
        print(f"  - {address}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
