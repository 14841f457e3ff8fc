"""What a browser fetches when it opens a page, read from the built HTML, and how
many bytes that costs over the wire. Deterministic: the same build always gives
the same figures. tests/browser/test_requests.py checks this model against what
Chromium actually requests.
"""

from __future__ import annotations

import gzip
import posixpath
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup

# GitHub Pages compresses text; images and fonts go as they are.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest"}
GZIP_LEVEL = 6

# <link rel> values the browser fetches while loading a page.
FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}


def transfer_size(path: Path) -> int:
    """Bytes on the wire: gzip level 6 for text, as the host serves it."""
    data = path.read_bytes()
    if path.suffix.lower() in COMPRESSIBLE:
        return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
    return len(data)


def _site_path(page: str, reference: str, base_path: str) -> str | None:
    """The file a reference on `page` points to, relative to the site root, or None
    for anything not fetched from the site itself (data: URIs, other origins).
    Root-relative references (the 404 page's) start with the site's base path."""
    url = urldefrag(reference.strip())[0]
    parts = urlsplit(url)
    if not url or parts.scheme or parts.netloc:
        return None
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return None
        path = posixpath.normpath(parts.path.removeprefix(base_path) or ".")
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    if parts.path.endswith("/") or path == ".":
        path = posixpath.join(path, "index.html")
    return path.removeprefix("./")


def lazy_bundle(page: str, html: str, base_path: str) -> str | None:
    """The site file of Material's bundle, which the page loads only on the
    reader's first interaction (overrides/partials/lazy-material.html)."""
    loader = BeautifulSoup(html, "html.parser").find("script", attrs={"data-bundle": True})
    return loader and _site_path(page, loader["data-bundle"], base_path)


def initial_requests(page: str, html: str, base_path: str) -> list[str]:
    """Site files the browser loads before the reader does anything: the page, its
    stylesheets, scripts, icons and eagerly loaded images. `page` is the page's
    path relative to the site root (e.g. 'sources/index.html'); `base_path` is
    where the site is mounted (e.g. '/milk-after-sex/')."""
    soup = BeautifulSoup(html, "html.parser")
    references = []
    for link in soup.find_all("link", href=True):
        if FETCHED_LINK_RELS & {rel.lower() for rel in link.get("rel", [])}:
            references.append(link["href"])
    references += [script["src"] for script in soup.find_all("script", src=True)]
    references += [
        image["src"] for image in soup.find_all("img", src=True) if image.get("loading") != "lazy"
    ]
    files = [page]
    for reference in references:
        path = _site_path(page, reference, base_path)
        if path is not None and path not in files:
            files.append(path)
    return files
