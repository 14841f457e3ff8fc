"""Every internal link and anchor in the built site resolves; every external
link is https on the allow-list. Offline: nothing here touches the network."""

from __future__ import annotations

import contract
from helpers import BASE_PATH


def test_every_link_and_anchor_resolves(html_files, allowed_domains):
    problems = contract.check_site_links(html_files, allowed_domains, BASE_PATH)
    assert problems == [], "\n".join(map(str, problems))


def test_every_bibliography_url_is_allowed(bibliography, allowed_domains, today):
    problems = contract.check_bibliography(bibliography, allowed_domains, today)
    assert problems == [], "\n".join(map(str, problems))


def test_external_links_are_collected(html_files):
    # Guard against the checker silently seeing nothing.
    hrefs = [href for html in html_files.values() for href in contract.links_and_ids(html)[0]]
    assert any(href.startswith("https://") for href in hrefs)
    assert any("#" in href for href in hrefs)
