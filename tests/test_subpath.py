"""The site works served from a sub-path, as a GitHub Pages project site is:
every page, asset and link is fetched over HTTP under the site_url path."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("canonical",)):
                self.urls.append(values[name])


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, b""


def crawl(start: str) -> dict[str, int]:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    seen: dict[str, int] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, body = fetch(url)
        seen[url] = status
        if status != 200 or not (url.endswith("/") or url.endswith(".html")):
            continue
        parser = _References()
        parser.feed(body.decode("utf-8"))
        for ref in parser.urls:
            target = urldefrag(urljoin(url, ref))[0]
            if target.startswith(origin):
                queue.append(target)
    return seen


def test_every_link_and_asset_loads_under_the_sub_path(served_site):
    results = crawl(served_site)
    broken = {url: status for url, status in results.items() if status != 200}
    assert not broken, broken
    assert any(url.endswith(".css") for url in results)
    assert all(url.startswith(served_site) for url in results)


def test_404_page_loads_its_styles_under_the_sub_path(served_site):
    status, body = fetch(served_site + "404.html")
    assert status == 200
    parser = _References()
    parser.feed(body.decode("utf-8"))
    stylesheets = [ref for ref in parser.urls if ref.endswith(".css")]
    assert stylesheets, "the 404 page links no stylesheet"
    for ref in stylesheets:
        # The 404 page is served at any depth, so its assets must be root-relative under the sub-path.
        assert urlsplit(ref).path.startswith(urlsplit(served_site).path), ref
        assert fetch(urljoin(served_site + "no/such/page/", ref))[0] == 200
