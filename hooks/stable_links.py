"""Stable links: the registry of published addresses, redirects for moved pages,
alias anchors for moved ids, and resolving an address against a built site.

Pure functions over plain data (HTML as text, YAML already loaded), shared by the
build hook, scripts/update_link_registry.py and the tests.

An address is what data/link-registry.txt lists: the path below site_url with a
leading slash, and an optional #id: '/', '/hormones/', '/questions/#leaking-milk'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from posixpath import join, normpath, relpath
from typing import Iterable, Mapping

import html_tags
from contract import Violation

REGISTRY_FILE = "data/link-registry.txt"
REDIRECTS_FILE = "data/redirects.yml"
REGISTRY_COMMAND = ".venv/bin/python scripts/update_link_registry.py"
NOT_PAGES = ("404.html",)
ADDRESS = re.compile(r"/(?:[a-z0-9][a-z0-9._-]*/)*")
ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class BuiltPage:
    """What a built HTML file offers to links: its ids, the ids of its linkable
    headings, and, for a redirect page, the relative URL it sends readers to."""

    ids: frozenset[str]
    linkable: tuple[str, ...]
    moved_to: str | None = None


def scan(html: str) -> BuiltPage:
    page = html_tags.read_page(html)
    match = re.search(r"url=(.+)$", page.refresh or "", re.I)
    moved_to = match.group(1).strip().strip("'\"") if match else None
    return BuiltPage(page.targets, page.linkable, moved_to)


def scan_site(site: Mapping[str, str]) -> dict[str, BuiltPage]:
    """Scan every built HTML file, keyed by its path below the site root ('hormones/index.html')."""
    return {path: scan(html) for path, html in site.items()}


def address_of(path: str) -> str:
    """'hormones/index.html' -> '/hormones/'; 'index.html' -> '/'."""
    return "/" + path.removesuffix("index.html")


def file_of(address: str) -> str:
    """'/hormones/' or '/hormones/#id' -> 'hormones/index.html'."""
    return address.partition("#")[0].lstrip("/") + "index.html"


def registry_entries(pages: Mapping[str, BuiltPage]) -> list[str]:
    """Every address a built site publishes: each page, and each h2/h3 with a permalink.
    Redirect pages and the 404 page publish nothing of their own."""
    entries = []
    for path, page in pages.items():
        if path in NOT_PAGES or page.moved_to is not None or not path.endswith("index.html"):
            continue
        address = address_of(path)
        entries.append(address)
        entries += [f"{address}#{anchor}" for anchor in page.linkable]
    return sorted(entries)


def _follow(address: str, href: str) -> str:
    """The address a relative href on the page at `address` points to."""
    path, _, fragment = href.partition("#")
    target = normpath(join(address.lstrip("/"), path)) if path else address.strip("/")
    target = "/" if target in (".", "") else f"/{target.strip('/')}/"
    return f"{target}#{fragment}" if fragment else target


def resolve(address: str, pages: Mapping[str, BuiltPage], max_hops: int = 5) -> str | None:
    """Why `address` does not reach a page (and its #id) in the build, or None when it does.

    Redirect pages are followed. A redirect without its own #id keeps the one asked
    for, as the redirect page's script does in a browser.
    """
    path, _, fragment = address.partition("#")
    for _ in range(max_hops + 1):
        page = pages.get(file_of(path))
        if page is None:
            return f"{address}: there is no page at {path}"
        if page.moved_to is None:
            if fragment and fragment not in page.ids:
                return f"{address}: {path} has no element with id '{fragment}'"
            return None
        path, _, new_fragment = _follow(path, page.moved_to).partition("#")
        fragment = new_fragment or fragment
    return f"{address}: more than {max_hops} redirects in a row"


def read_registry(text: str) -> list[str]:
    """The addresses in a registry file: one a line; '#' starts a comment line."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


REGISTRY_HEADER = f"""\
# Every address this site has published: each page, and each section or question
# with its own permalink. Clinics print these in letters and leaflets, so none may break.
# tests/test_link_registry.py fails when a build no longer resolves one of them.
#
# When a page moves, add a redirect to {REDIRECTS_FILE}; when an id changes, add an
# alias there too. Regenerate this file (it only ever adds) with:
#   {REGISTRY_COMMAND}
"""


def format_registry(entries: Iterable[str]) -> str:
    return REGISTRY_HEADER + "".join(f"{entry}\n" for entry in sorted(set(entries)))


# --------------------------------------------------------------------------- redirects


def _redirect_problem(field: str, problem: str, fix: str) -> Violation:
    return Violation(REDIRECTS_FILE, field, problem, fix)


def check_redirects(data: object, page_addresses: Iterable[str]) -> list[Violation]:
    """Check data/redirects.yml against the pages the build makes.

    `pages` maps an old page address to a new address (which may carry an #id);
    `anchors` maps a page address to {old id: new id}.
    """
    if data is None:
        data = {}
    if not isinstance(data, Mapping) or set(data) - {"pages", "anchors"}:
        return [_redirect_problem("file", "is not a mapping with 'pages' and 'anchors'", "see the comment at the top of the file")]
    existing = set(page_addresses)
    problems = []
    for old, new in (data.get("pages") or {}).items():
        field = f"pages[{old}]"
        if not isinstance(old, str) or not ADDRESS.fullmatch(old):
            problems.append(_redirect_problem(field, "the old address is not a path like /old-name/", "write it with a leading and a trailing slash"))
            continue
        target = str(new).partition("#")[0]
        if old in existing:
            problems.append(_redirect_problem(field, f"a page still exists at {old}", "remove the redirect, or move the page"))
        if target not in existing:
            problems.append(_redirect_problem(field, f"{new} is not a page on the site", "point it at the page's new address, like /new-name/ or /new-name/#id"))
    for address, aliases in (data.get("anchors") or {}).items():
        field = f"anchors[{address}]"
        if address not in existing:
            problems.append(_redirect_problem(field, f"{address} is not a page on the site", "use the address of the page the ids are on, like /questions/"))
        if not isinstance(aliases, Mapping) or not all(
            isinstance(key, str) and isinstance(value, str) and ID.fullmatch(key) and ID.fullmatch(value)
            for key, value in aliases.items()
        ):
            problems.append(_redirect_problem(field, "is not a mapping of old id to new id", "write one 'old-id: new-id' a line"))
    return problems


def redirect_href(old: str, new: str) -> str:
    """The relative URL from the redirect page at `old` to `new`, as a built page links."""
    path, _, fragment = new.partition("#")
    href = relpath(path.strip("/") or ".", old.strip("/") or ".") + "/"
    return f"{href}#{fragment}" if fragment else href


def add_alias_anchors(address: str, html: str, aliases: Mapping[str, str]) -> tuple[str, list[Violation]]:
    """Put an empty element with each old id at the start of the element that now has
    the new id, so links to '#old-id' land where they always did.

    Returns the new HTML and a violation for each alias that cannot be placed.
    """
    problems = []
    for old, new in aliases.items():
        field = f"anchors[{address}][{old}]"
        if re.search(rf'\sid="{re.escape(old)}"', html):
            problems.append(_redirect_problem(field, f"'{old}' is still an id on {address}", "remove the alias; the old id works as it is"))
            continue
        opening = re.search(rf'<[a-z][a-z0-9]*\b[^>]*\sid="{re.escape(new)}"[^>]*>', html)
        if opening is None:
            problems.append(_redirect_problem(field, f"'{new}' is not an id on {address}", "map the old id to an id the page has now"))
            continue
        html = html[: opening.end()] + f'<span id="{old}"></span>' + html[opening.end():]
    return html, problems
