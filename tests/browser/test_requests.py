"""No third party, ever, in a real browser: Chromium records every request each
built page makes while it loads and while the reader uses it (menu, glossary
term, search, colour scheme), and all of them go to our own origin. Nothing sets
a cookie, and the only thing kept in the browser is the colour setting, as the
privacy page says.

It also checks the byte-budget model (tests/page_weight.py) against reality:
Chromium loads nothing the model does not count, and search loads only when used.
"""

from __future__ import annotations

import pytest

from browser.support import Visit, visit_shares
from browser.reader import page_url, site_path
from helpers import BASE_PATH
from page_weight import initial_requests

SEARCH_FILES = ("search/search_index.json", "assets/javascripts/workers/")
# Material keeps the reader's colour setting in localStorage, under the site's path.
COLOUR_SETTING = ".__palette"


# The pages are visited once for this file and test_csp.py (page_visits in browser/conftest.py).
@pytest.mark.parametrize("share", visit_shares())
def test_every_page_talks_only_to_its_own_origin_and_keeps_nothing_but_the_colour_setting(
    served_site, html_files, page_visits, share
):
    problems = []
    for built, seen in page_visits(share).items():
        problems += request_problems(served_site, built, html_files[built], seen)
    assert not problems, "\n".join(problems)


def request_problems(served_site: str, built: str, html: str, seen: Visit) -> list[str]:
    """What a visit of `built` requested or kept that it should not have."""
    problems = list(seen.problems)
    problems += [f"{built}: set the cookie {name}" for name in seen.cookies]
    problems += [f"{built}: stores {key} in the browser" for key in seen.stored if not key.endswith(COLOUR_SETTING)]
    problems += [
        f"{built}: requested {url}"
        for url in seen.requested
        if site_path(served_site, url) is None and not url.startswith("data:")
    ]
    if seen.url != page_url(served_site, built):
        return problems  # a moved page's refresh went on to load another page
    modelled = set(initial_requests(built, html, BASE_PATH))
    loaded = {site_path(served_site, url) for url in seen.on_load} - {None}
    problems += [f"{built}: loads {path}, which tests/page_weight.py does not count" for path in sorted(loaded - modelled)]
    if seen.material:
        searched = {site_path(served_site, url) for url in seen.requested[len(seen.on_load) :]}
        problems += [f"{built}: loads {path} before the reader searches" for path in loaded if path.startswith(SEARCH_FILES)]
        problems += [
            f"{built}: searching did not load {prefix}"
            for prefix in SEARCH_FILES
            if not any(path and path.startswith(prefix) for path in searched | loaded)
        ]
    return problems
