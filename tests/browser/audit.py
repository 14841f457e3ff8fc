"""axe-core in Chromium, as the accessibility tests run it: every WCAG 2.2 A and
AA rule, or only the rules that depend on colour (all that changes with the
palette); and switching the palette the way a reader's system does. A plain
module, imported by the test files that check pages with axe.

axe-core's script is the version package-lock.json pins, installed into the
environment by scripts/dev.py (from the npm registry, checked against the lock's
hash; no Node needed)."""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

from browser.support import render_everything, settle
from helpers import ROOT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# The rules whose result depends on colour: all that changes with the palette.
# The page in its other palette is checked with these (the whole set ran already).
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
                "resultTypes": ["violations"]}
# prefers-color-scheme value -> the Material scheme it must render.
PALETTES = {"light": "default", "dark": "slate"}

AXE_SCRIPT = Path(sys.prefix) / "share" / "axe-core" / "axe.min.js"


@functools.cache
def axe_script() -> str:
    wanted = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/axe-core"]["version"]
    script = AXE_SCRIPT.read_text(encoding="utf-8") if AXE_SCRIPT.exists() else ""
    found = re.match(r"/\*! axe v(\S+)", script)
    assert found and found[1] == wanted, (
        f"{AXE_SCRIPT}: axe-core {wanted} (package-lock.json) is not installed there: "
        "run `python3 scripts/dev.py test`, which installs it"
    )
    return script


def axe_run(page, options: dict, context: dict | None = None) -> dict:
    """axe.run's results for the page, or for the part of it `context` names."""
    # Injected once per document: a second run on the same page reuses it.
    if page.evaluate("typeof axe === 'undefined'"):
        page.evaluate(axe_script())
    return page.evaluate("([context, options]) => axe.run(context ?? document, options)", [context, options])


def check_scheme(page, palette: str, built: str) -> None:
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    assert scheme == PALETTES[palette], f"{built}: {palette} system setting rendered scheme {scheme!r}"


def switch_system_palette(page, palette: str, built: str) -> None:
    """Change the system setting under a loaded page, as a reader's phone does at dusk."""
    page.emulate_media(color_scheme=palette)
    page.wait_for_function("scheme => document.body.dataset.mdColorScheme === scheme", arg=PALETTES[palette])
    settle(page)
    check_scheme(page, palette, built)


def violations(page, options: dict = AXE_OPTIONS, context: dict | None = None) -> list[str]:
    """axe's findings on the page, or on the part of it `context` names (axe's
    include/exclude selectors)."""
    render_everything(page)
    found = axe_run(page, options, context)["violations"]
    return [
        f"{v['id']} ({len(v['nodes'])}): {v['help']} -> "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in found
    ]
