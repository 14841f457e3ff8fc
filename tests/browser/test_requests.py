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

from browser.reader import request_problems
from browser.support import visit_shares


# The pages are visited once for this file and test_csp.py (page_visits in browser/conftest.py).
@pytest.mark.parametrize("share", visit_shares())
def test_every_page_talks_only_to_its_own_origin_and_keeps_nothing_but_the_colour_setting(
    served_site, html_files, page_visits, share
):
    problems = []
    for built, seen in page_visits(share).items():
        problems += request_problems(served_site, built, html_files[built], seen)
    assert not problems, "\n".join(problems)
