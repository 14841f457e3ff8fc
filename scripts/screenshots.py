#!/usr/bin/env python3
"""Screenshots of the home page for the README: a phone (390×844) and a desktop
(1280×800) screen, each in the light and the dark palette, first screen only.

    .venv/bin/python scripts/screenshots.py              # builds the site first
    .venv/bin/python scripts/screenshots.py --site site  # uses an existing build

Writes screenshots/home-<phone|desktop>-<light|dark>.png: outside docs/, so
they are not published with the site. Drives Debian's Chromium, as the browser
tests do, with the build served under the site_url path.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from helpers import CHROMIUM_FLAGS, SETTLE_JS, VIEWPORTS, chromium_path, mkdocs_build, serve  # noqa: E402

OUT = ROOT / "screenshots"
PALETTES = ("light", "dark")


def shrink(path: Path) -> None:
    """256 colours, no dithering: flat interface colours and text survive, the
    file is a third of the size."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def shoot(site: Path, out: Path) -> list[Path]:
    browser_path = chromium_path()
    if browser_path is None:
        sys.exit("Chromium not found: install Debian's 'chromium-headless-shell' (or 'chromium') package, or set CHROMIUM_PATH")
    out.mkdir(exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as web, serve(site, Path(web)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        for name, (width, height) in VIEWPORTS.items():
            for palette in PALETTES:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=palette, reduced_motion="reduce"
                )
                page = context.new_page()
                page.goto(url)
                page.evaluate(SETTLE_JS)
                path = out / f"home-{name}-{palette}.png"
                page.screenshot(path=path)
                shrink(path)
                written.append(path)
                context.close()
        browser.close()
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an existing build (default: build the site now)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the PNGs (default: screenshots/)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as build:
        site = args.site
        if site is None:
            site = Path(build)
            result = mkdocs_build(ROOT, site)
            if result.returncode != 0:
                sys.exit(f"properdocs build --strict failed:\n{result.stderr}")
        for path in shoot(site.resolve(), args.out):
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
