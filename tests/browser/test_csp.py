"""The Content-Security-Policy in Chromium: no page reports a violation while it
loads or while the reader uses it, so every inline script is covered by its hash
and Material needs nothing the policy forbids. A control test shows the policy is
really enforced: a script nobody hashed is blocked.
"""

from __future__ import annotations

from browser.reader import PHONE, is_material_page, use_page

# Collect violations from the first moment of every document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} ${event.sample}`);
});
"""


def open_recorded(new_page, visit, built: str):
    page = new_page(*PHONE)
    page.add_init_script(RECORD_VIOLATIONS)
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    visit(page, built)
    return page, messages


def reported(page, messages: list[str]) -> list[str]:
    return page.evaluate("window.__cspViolations") + [m for m in messages if "Content Security Policy" in m]


def test_no_page_reports_a_csp_violation(html_files, new_page, visit):
    problems = []
    for built in html_files:
        page, messages = open_recorded(new_page, visit, built)
        page.wait_for_load_state("networkidle")
        if is_material_page(page):
            problems += use_page(page, built)
        problems += [f"{built}: {violation}" for violation in reported(page, messages)]
        page.close()
    assert not problems, "\n".join(problems) + (
        "\nFix: move inline styles to docs/assets/stylesheets/site.css and code to a script file; "
        "hooks/csp.py hashes inline scripts, but nothing may change them after it runs"
    )


def test_the_policy_blocks_a_script_nobody_hashed(new_page, visit):
    page, messages = open_recorded(new_page, visit, "index.html")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true";
          document.head.append(script);
        }"""
    )
    assert page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in reported(page, messages))
