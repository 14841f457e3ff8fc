"""Private and secure by construction, checked on the built site: nothing is loaded
from another origin, no cookies, no referrer, and every page carries a strict
Content-Security-Policy that allows its inline scripts by hash only.

The browser tests (tests/browser/test_requests.py, test_csp.py) confirm the same
in Chromium; these run without a browser, on every page of every build.
"""

from __future__ import annotations

import json
import re

import jinja2
import pytest

import csp
from helpers import EVERY_PAGE

# Attributes through which a page makes the browser fetch something.
FETCHING_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "action", "formaction")
# <link rel> values that fetch, or open a connection, while the page loads.
FETCHING_LINK_RELS = {
    "stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload",
    "prefetch", "prerender", "preconnect", "dns-prefetch",
}
CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""", re.I)
JS_ABSOLUTE_URL = re.compile(r"""https?://[^\s"'`)<>\\]+""")

# Absolute URLs in the JavaScript Material ships (9.8.2) and why none is ever
# fetched on this site. A new one fails the test: decide, then list it here.
INERT_JS_URLS = {
    "https://api.github.com/": "repository facts: fetched only when mkdocs.yml sets repo_url (checked below)",
    "https://${e}/api/v4/projects/": "GitLab repository facts: only with repo_url (checked below)",
    "https://unpkg.com/mermaid@": "diagram renderer: fetched only for a page with a mermaid diagram (checked below)",
    "https://unpkg.com/resize-observer-polyfill": "only in browsers without ResizeObserver (before 2020), and script-src 'self' blocks it",
    "https://clipboardjs.com/": "a licence comment",
    "http://lunrjs.com": "a licence comment",
    "http://tartarus.org/": "a comment",
    "https://bit.ly/2s3ChXG": "the text of a console warning",
}
# Material's per-language search stemmers: loaded only when the search language
# is not English (checked below).
OTHER_LANGUAGE_SEARCH = "assets/javascripts/lunr/"


def is_other_origin(url: str) -> bool:
    return bool(re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", url, re.I))


def srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


@pytest.mark.xdist_group(EVERY_PAGE)
def test_no_page_loads_anything_from_another_origin(soups):
    problems = []
    for path, soup in soups.items():
        for tag in soup.find_all(True):
            urls = []
            for name in FETCHING_ATTRIBUTES:
                if tag.has_attr(name):
                    urls += srcset_urls(tag[name]) if name == "srcset" else [tag[name]]
            if tag.name == "link" and FETCHING_LINK_RELS & {r.lower() for r in tag.get("rel", [])}:
                urls.append(tag.get("href", ""))
            urls += [m.group(1) or m.group(2) for m in CSS_URL.finditer(tag.get("style", ""))]
            problems += [f"{path}: <{tag.name}> loads {url}" for url in urls if is_other_origin(url)]
        for style in soup.find_all("style"):
            urls = [m.group(1) or m.group(2) for m in CSS_URL.finditer(style.get_text())]
            problems += [f"{path}: <style> loads {url}" for url in urls if is_other_origin(url)]
    assert not problems, "\n".join(problems) + "\nFix: serve the file from the site itself (docs/assets/)"


def test_no_stylesheet_loads_anything_from_another_origin(site_dir):
    problems = [
        f"{css.relative_to(site_dir)}: loads {url}"
        for css in sorted(site_dir.rglob("*.css"))
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8"))
        if is_other_origin(url := match.group(1) or match.group(2))
    ]
    assert not problems, "\n".join(problems) + "\nFix: copy the font or image into docs/assets/ and use a relative url()"


def test_no_script_can_load_anything_from_another_origin(site_dir):
    problems = []
    for script in sorted(site_dir.rglob("*.js")):
        relative = script.relative_to(site_dir).as_posix()
        if relative.startswith(OTHER_LANGUAGE_SEARCH):
            continue
        for url in sorted(set(JS_ABSOLUTE_URL.findall(script.read_text(encoding="utf-8")))):
            if not any(url.startswith(known) for known in INERT_JS_URLS):
                problems.append(f"{relative}: contains {url}")
    assert not problems, "\n".join(problems) + (
        "\nFix: never load from another origin. If the URL is only text the browser never "
        "fetches, add it to INERT_JS_URLS in tests/test_privacy.py with the reason"
    )


@pytest.mark.xdist_group(EVERY_PAGE)
def test_material_features_that_would_call_other_sites_are_off(soups, site_dir):
    """The conditions INERT_JS_URLS relies on."""
    for path, soup in soups.items():
        assert not soup.select('[data-md-component="source"]'), (
            f"{path}: has a repository link, so Material asks api.github.com for its stars on every "
            "page. Fix: remove repo_url from mkdocs.yml; link to the repository from the about page"
        )
        assert not soup.select(".mermaid"), f"{path}: a mermaid diagram makes Material load unpkg.com. Fix: use an SVG file"
    search_config = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    assert search_config["lang"] == ["en"], "search in other languages loads extra stemmer scripts; check them first"


@pytest.mark.xdist_group(EVERY_PAGE)
def test_nothing_sets_a_cookie(soups, site_dir):
    for path, soup in soups.items():
        assert not soup.find("meta", attrs={"http-equiv": re.compile("set-cookie", re.I)}), path
    for script in sorted(site_dir.rglob("*.js")):
        assert "document.cookie" not in script.read_text(encoding="utf-8"), (
            f"{script.relative_to(site_dir)}: writes cookies. Fix: the site sets none; remove it"
        )


@pytest.mark.xdist_group(EVERY_PAGE)
def test_every_page_sends_no_referrer(soups):
    for path, soup in soups.items():
        referrer = soup.find("meta", attrs={"name": "referrer"})
        assert referrer and referrer.get("content") == "no-referrer", (
            f'{path}: no <meta name="referrer" content="no-referrer">. Fix: render it from overrides/main.html'
        )


@pytest.mark.xdist_group(EVERY_PAGE)
def test_links_opening_a_new_tab_cannot_reach_back(soups):
    for path, soup in soups.items():
        for link in soup.select('a[target="_blank"]'):
            rel = set(link.get("rel", []))
            assert {"noopener", "noreferrer"} <= rel, (
                f'{path}: link to {link.get("href")} opens a new tab without rel="noopener noreferrer". '
                "Fix: remove target=_blank (readers choose where links open), or add the rel"
            )


# The Content-Security-Policy on every page.


def page_policy(path: str, soup) -> str:
    metas = soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    assert len(metas) == 1, f"{path}: has {len(metas)} Content-Security-Policy <meta> tags, not 1"
    return metas[0]["content"]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


@pytest.mark.xdist_group(EVERY_PAGE)
def test_every_page_has_a_strict_policy(soups):
    for path, soup in soups.items():
        policy = directives(page_policy(path, soup))
        assert policy.get("default-src") == ["'none'"], f"{path}: default-src is {policy.get('default-src')}"
        assert policy.get("base-uri") == ["'none'"] and policy.get("form-action") == ["'none'"], path
        for name, sources in policy.items():
            assert "'unsafe-eval'" not in sources and "'unsafe-inline'" not in sources, f"{path}: {name} {sources}"
            assert not any(is_other_origin(source) or source in ("*", "https:", "http:") for source in sources), (
                f"{path}: {name} allows another origin: {sources}"
            )


def test_the_policy_comes_before_every_script(html_files):
    for path, html in html_files.items():
        policy_at = html.lower().find('http-equiv="content-security-policy"')
        first_script = html.lower().find("<script")
        assert policy_at != -1 and (first_script == -1 or policy_at < first_script), (
            f"{path}: a <script> comes before the Content-Security-Policy <meta>, so the policy does not govern it"
        )


@pytest.mark.xdist_group(EVERY_PAGE)
def test_every_inline_script_is_allowed_by_its_hash_and_nothing_else(html_files, soups):
    for path, html in html_files.items():
        allowed = directives(page_policy(path, soups[path]))["script-src"]
        hashes = {csp.script_hash(script) for script in csp.inline_scripts(html)}
        assert set(allowed) == {"'self'"} | hashes, (
            f"{path}: script-src {allowed} does not match the page's inline scripts {sorted(hashes)}. "
            "Fix: the policy is added by hooks/csp.py in on_post_page; nothing may change the HTML after it"
        )


@pytest.mark.xdist_group(EVERY_PAGE)
def test_no_inline_styles_or_event_handlers_the_policy_would_block(soups):
    """style-src 'self' and script-src without 'unsafe-inline' block these silently."""
    problems = []
    for path, soup in soups.items():
        problems += [f"{path}: <style> element" for _ in soup.find_all("style")]
        for tag in soup.find_all(True):
            problems += [f"{path}: <{tag.name} {name}=…>" for name in tag.attrs if name == "style" or name.startswith("on")]
    assert not problems, "\n".join(problems) + (
        "\nFix: put styles in docs/assets/stylesheets/site.css and behaviour in a script file"
    )


# hooks/csp.py, unit by unit.

PAGE = (
    '<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
    "<script data-csp=\"template\">alert('Hello, world.');</script>"
    '<script id="__config" type="application/json">{"a": 1}</script>'
    '<script type="application/ld+json">{"@type": "FAQPage"}</script>'
    '<script src="assets/app.js"></script>'
    "</head><body><script type=module data-csp=template>go()</script></body></html>"
)


def test_inline_scripts_are_the_ones_the_browser_runs():
    assert csp.inline_scripts(PAGE) == ["alert('Hello, world.');", "go()"]


def test_script_hash_matches_the_browsers():
    # The example on MDN's Content-Security-Policy script-src page.
    assert csp.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    assert csp.script_hash("a()\r\nb()") == csp.script_hash("a()\nb()")


def test_policy_meta_follows_the_charset_and_lists_each_hash_once():
    html = csp.add_policy_meta(PAGE.replace("</body>", '<script data-csp="template">go()</script></body>'))
    assert html.startswith('<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="')
    script_src = directives(html.split('content="', 1)[1].split('"', 1)[0])["script-src"]
    assert script_src == ["'self'", csp.script_hash("alert('Hello, world.');"), csp.script_hash("go()")]


@pytest.mark.parametrize(
    "html, message",
    [
        ('<head><meta http-equiv="Content-Security-Policy" content="x"></head>', "already has a Content-Security-Policy"),
        ("<p>no head</p>", "has no <head>"),
    ],
)
def test_policy_meta_fails_loudly(html, message):
    with pytest.raises(ValueError, match=message):
        csp.add_policy_meta(html)


def test_only_scripts_a_template_wrote_are_marked_and_hashed():
    env = csp.mark_template_scripts(jinja2.Environment(loader=jinja2.DictLoader({
        "page.html": '<head><meta charset="utf-8"></head><script>ours()</script><script src="a.js"></script>{{ text }}',
    })))
    html = env.get_template("page.html").render(text="<script>injected()</script>")
    assert csp.inline_scripts(html, marked=True) == ["ours()"]
    assert csp.inline_scripts(html, marked=False) == ["injected()"]
    with pytest.raises(ValueError, match=r"has an inline script that no template wrote \('injected\(\)'\)"):
        csp.add_policy_meta(html)
