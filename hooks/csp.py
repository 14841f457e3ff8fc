"""The Content-Security-Policy: pure functions shared by the build hook and the tests.

GitHub Pages cannot send response headers, so every page carries its policy in a
`<meta http-equiv="Content-Security-Policy">` placed before any script. Inline
scripts are allowed only by the sha256 of their exact text, and only scripts a
template wrote get a hash: while loading a template's source, the build marks
every inline <script> tag in it with `data-csp="template"`. Text from Markdown or
a data file never passes through that loader, so a script it smuggles into a page
carries no mark, gets no hash, and fails the build.

A `<meta>` policy cannot carry frame-ancestors (framing), report-to or sandbox,
and GitHub Pages sends no headers of ours, so the site writes no `_headers` file:
README.md ("Privacy and performance") says what a custom domain or proxy adds.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Iterable

import jinja2

import html_tags

# Nothing by default; each kind of file the site needs is listed, from our own
# origin only, so a kind nobody listed fails closed. `data:` images are the icons
# Material draws as CSS masks from data URIs inside its stylesheet; they fetch
# nothing. connect-src is the search index, worker-src the search worker. No
# fonts (the theme uses the reader's own), frames, plugins or media. No page
# uses <base>, and no form submits anywhere (the decision aid and search run in
# the page), so both are 'none'.
DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "base-uri": ("'none'",),
    "form-action": ("'none'",),
}

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
# A <script> with another type (application/json, application/ld+json) is a data
# block: the browser never runs it, so script-src does not govern it.
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET_META = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_POLICY_META = re.compile(r"""<meta\s+http-equiv=["']?content-security-policy["']?""", re.I)


TEMPLATE_MARK = "data-csp"
_TEMPLATE_MARK_VALUE = "template"
_SCRIPT_TAG_IN_TEMPLATE = re.compile(r"<script\b(?![^>]*\bsrc=)", re.I)


class _MarkingLoader(jinja2.BaseLoader):
    """The theme's loader, with every inline <script> in a template's source marked."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = self.inner.get_source(environment, template)
        marked = _SCRIPT_TAG_IN_TEMPLATE.sub(f'<script {TEMPLATE_MARK}="{_TEMPLATE_MARK_VALUE}"', source)
        return marked, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def mark_template_scripts(env: jinja2.Environment) -> jinja2.Environment:
    """Make `env` mark the inline scripts its templates write (call before rendering)."""
    if not isinstance(env.loader, _MarkingLoader):
        env.loader = _MarkingLoader(env.loader)
    return env


def inline_scripts(html: str, marked: bool | None = None) -> list[str]:
    """The text of every inline script the browser would run, in page order;
    with `marked` True or False, only those a template did (or did not) write."""
    scripts = []
    for match in _SCRIPT.finditer(html):
        attributes = html_tags.attributes(match.group(1))
        if "src" in attributes:
            continue
        if (attributes.get("type") or "").strip().lower() not in _EXECUTABLE_TYPES:
            continue
        if marked is None or marked == (attributes.get(TEMPLATE_MARK) == _TEMPLATE_MARK_VALUE):
            scripts.append(match.group(2))
    return scripts


def script_hash(text: str) -> str:
    """The CSP source for one inline script: 'sha256-<base64 digest>'. The HTML
    parser turns CR LF into LF before the browser hashes, so this does too."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def script_hashes(html: str) -> list[str]:
    """One hash per distinct inline script a template wrote, in page order."""
    return list(dict.fromkeys(script_hash(text) for text in inline_scripts(html, marked=True)))


def policy(hashes: Iterable[str]) -> str:
    """The policy text: the fixed directives, with the given hashes in script-src."""
    directives = dict(DIRECTIVES)
    directives["script-src"] = directives["script-src"] + tuple(dict.fromkeys(hashes))
    return "; ".join(" ".join((name, *sources)) for name, sources in directives.items())


def add_policy_meta(html: str) -> str:
    """The page with its CSP <meta> right after <meta charset>: before every script,
    so it governs all of them. Fails loudly on a page that already has one."""
    if _POLICY_META.search(html):
        raise ValueError(
            "page already has a Content-Security-Policy <meta>. "
            "Fix: remove it; hooks/csp.py adds the policy to every page"
        )
    stray = inline_scripts(html, marked=False)
    if stray:
        start = " ".join(stray[0].split())[:60]
        raise ValueError(
            f"has an inline script that no template wrote ({start!r}), so it would run unreviewed. "
            "Fix: remove it from the page's Markdown or data; scripts belong in overrides/ templates"
        )
    anchor = _CHARSET_META.search(html) or _HEAD.search(html)
    if anchor is None:
        raise ValueError("page has no <head>. Fix: render it from a template that extends Material's base.html")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(script_hashes(html))}">'
    return html[: anchor.end()] + meta + html[anchor.end() :]

