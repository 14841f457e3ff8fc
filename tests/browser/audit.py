"""axe-core in Chromium, as the accessibility tests run it: every WCAG 2.2 A and
AA rule, or only the rules that depend on colour (all that changes with the
palette); and switching the palette the way a reader's system does. A plain
module, imported by the test files that check pages with axe."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from browser.support import render_everything, settle

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# The rules whose result depends on colour: all that changes with the palette.
# The page in its other palette is checked with these (the whole set ran already).
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
                "resultTypes": ["violations"]}
# prefers-color-scheme value -> the Material scheme it must render.
PALETTES = {"light": "default", "dark": "slate"}

axe = Axe()


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
    found = axe.run(page, context=context, options=options).response["violations"]
    return [
        f"{v['id']} ({len(v['nodes'])}): {v['help']} -> "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in found
    ]
