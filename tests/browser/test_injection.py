"""In Chromium, no payload an editor could type runs: pages built with quotes and
on...= words in every family of text field (tests/injection.py) open, are hovered,
focused and tapped, and no dialog ever fires."""

from __future__ import annotations

from helpers import mkdocs_build, serve
from injection import payload_project

PAGES = ("", "about/", "hormones/", "sources/", "glossary/", "handouts/hormones/", "privacy/")


def test_no_dialog_fires_on_pages_with_payloads(tmp_path, new_page):
    project = payload_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site", REVIEW_DATES="inform")
    assert result.returncode == 0, result.stderr[-3000:]
    dialogs: list[str] = []
    with serve(tmp_path / "site", tmp_path / "web") as base:
        for address in PAGES:
            page = new_page(390, 844)
            page.on("dialog", lambda dialog: (dialogs.append(f"{address}: {dialog.message}"), dialog.dismiss()))
            page.goto(base + address)  # waits for the load event: every script has run
            # Every event an injected handler might wait for, on every element.
            page.evaluate("""() => document.querySelectorAll('*').forEach(element => {
              for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'pointerdown'])
                element.dispatchEvent(new Event(type, {bubbles: true}));
            })""")
            for _ in range(5):
                page.keyboard.press("Tab")
            page.wait_for_timeout(200)
    assert dialogs == []
