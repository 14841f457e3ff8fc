"""Sharing and search engines: canonical links, Open Graph and Twitter card tags
from front matter with a preview image served from the site, sitemap.xml with
every page and its review date, and robots.txt naming the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from helpers import ROOT, SITE_URL, source_pages

PAGES = sorted(source_pages())
IMAGE = "assets/images/social-preview.png"


def meta(soup, key: str) -> str:
    tags = soup.find_all("meta", attrs={"property": key}) or soup.find_all("meta", attrs={"name": key})
    assert len(tags) == 1, f"{key}: {len(tags)} tags"
    return tags[0]["content"]


@pytest.mark.parametrize("page", PAGES)
def test_page_has_canonical_link_and_sharing_tags(soups, pages_meta, page):
    soup, front = soups[page], pages_meta[page]
    url = SITE_URL + page.removesuffix("index.html")
    [canonical] = soup.find_all("link", rel="canonical")
    assert canonical["href"] == url
    assert meta(soup, "description") == front["description"].strip()
    assert meta(soup, "og:url") == url
    assert meta(soup, "og:title") == meta(soup, "twitter:title") == front["title"]
    assert meta(soup, "og:description") == meta(soup, "twitter:description") == front["description"].strip()
    assert meta(soup, "og:type") == ("website" if page == "index.html" else "article")
    assert meta(soup, "og:site_name") == "Milk after sex"
    assert meta(soup, "og:locale") == "en_GB"
    assert meta(soup, "og:image") == meta(soup, "twitter:image") == SITE_URL + IMAGE
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    assert meta(soup, "og:image:alt") == meta(soup, "twitter:image:alt") != ""
    assert meta(soup, "twitter:card") == "summary_large_image"


def test_preview_image_is_served_from_the_site(site_dir):
    with Image.open(site_dir / IMAGE) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def test_preview_image_is_committed_not_fetched():
    assert (ROOT / "docs" / IMAGE).is_file()


def sitemap_entries(site_dir) -> dict[str, str | None]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in root.findall("s:url", namespace)
    }


def test_sitemap_lists_every_page_with_its_review_date(site_dir, pages_meta):
    expected = {SITE_URL + page.removesuffix("index.html"): str(pages_meta[page]["last_reviewed"]) for page in PAGES}
    assert sitemap_entries(site_dir) == expected


def test_sitemap_leaves_out_handouts(site_dir, html_files):
    handouts = [page for page in html_files if page.startswith("handouts/")]
    assert handouts
    listed = sitemap_entries(site_dir)
    assert not [page for page in handouts if SITE_URL + page.removesuffix("index.html") in listed]


def test_robots_txt_names_the_sitemap(site_dir):
    lines = (site_dir / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert not [line for line in lines if line.startswith("Disallow:") and line.strip() != "Disallow:"]
