"""Search words stay in the reader's browser: Material's search.highlight (which
adds ?h=<words> to every result's address) is off in the configuration and in
every built page's theme settings."""

from __future__ import annotations

import json
import re

import yaml

from helpers import ROOT

CONFIG = re.compile(r'<script[^>]*id="__config"[^>]*>(.*?)</script>', re.S)


def test_search_highlight_is_not_configured():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    features = yaml.load(text, Loader=yaml.BaseLoader)["theme"]["features"]
    assert "search.highlight" not in features


def test_no_built_page_turns_search_highlight_on(html_files):
    pages = {path: CONFIG.search(html) for path, html in html_files.items()}
    configured = {path: json.loads(match.group(1)) for path, match in pages.items() if match}
    assert configured, "no page carries Material's settings"
    assert [path for path, settings in configured.items() if "search.highlight" in settings["features"]] == []
