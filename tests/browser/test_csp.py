"""The Content-Security-Policy in Chromium: no page reports a violation while it
loads or while the reader uses it, so every inline script is covered by its hash
and Material needs nothing the policy forbids. A control test shows the policy is
really enforced: a script nobody hashed is blocked.

The pages are visited once for this file and test_requests.py (page_visits in
browser/conftest.py), in shares: each share's tests run on one xdist worker.
"""

from __future__ import annotations

import pytest

from browser.reader import PHONE, csp_problems, request_problems, visit_pages
from browser.support import RECORD_VIOLATIONS, csp_reports, visit_shares

FIX = (
    "\nFix: move inline styles to docs/assets/stylesheets/site.css and code to a script file; "
    "hooks/csp.py hashes inline scripts, but nothing may change them after it runs"
)


@pytest.mark.parametrize("share", visit_shares())
def test_no_page_reports_a_csp_violation(page_visits, share):
    problems = [problem for built, seen in page_visits(share).items() for problem in csp_problems(built, seen)]
    assert not problems, "\n".join(problems) + FIX


# A page of each kind Material's animations run on: the home page, and the
# longest page, with collapsible answers.
WITH_MOTION = ["index.html", "questions/index.html"]


def test_with_motion_on_the_pages_behave_the_same(browser, visit, served_site, html_files):
    """The page visits ask for reduced motion (browser/reader.py: visit_pages).
    A reader who does not gets Material's transitions: the same visit with them
    reports nothing either, in the policy or in what the pages request and keep."""
    problems = []
    for built, seen in visit_pages(browser, visit, WITH_MOTION, reduced_motion="no-preference").items():
        problems += csp_problems(built, seen) + request_problems(served_site, built, html_files[built], seen)
    assert not problems, "\n".join(problems) + FIX


def test_the_policy_blocks_a_script_nobody_hashed(new_page, visit):
    page = new_page(*PHONE)
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    visit(page, "index.html")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true";
          document.head.append(script);
        }"""
    )
    assert page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in csp_reports(page, console))
