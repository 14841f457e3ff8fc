"""Text an editor types never becomes markup: payloads that pass validation (quotes,
ampersands, on...= words) come out escaped in every template, Material's included;
and an overdue page still builds on the main branch, telling readers it is overdue."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from helpers import mkdocs_build
from injection import OVERDUE_PAGE, payload_project

# One build for the module's tests: on one xdist worker, it is made once.
pytestmark = pytest.mark.xdist_group("payload-build")


class _Handlers(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [f"<{tag} {name}=...>" for name, _ in attrs if name.startswith("on") or name == "autofocus"]


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("payloads")
    project = payload_project(root / "project")
    result = mkdocs_build(project, root / "site", REVIEW_DATES="inform")
    return result, root / "site"


def test_the_payload_build_publishes_and_warns_about_the_overdue_page(payload_build):
    result, _ = payload_build
    assert result.returncode == 0, result.stderr[-4000:]
    assert f"{OVERDUE_PAGE}: next_review: 2025-01-01 has passed" in result.stderr


def test_no_payload_becomes_an_attribute_anywhere(payload_build):
    _, site = payload_build
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    problems = {}
    for path, html in pages.items():
        parser = _Handlers()
        parser.feed(html)
        if parser.found:
            problems[path] = parser.found
    assert not problems
    # The payloads did reach the pages, as text.
    for family in ("alert('title')", "alert('description')", "alert(1)", "alert(2)", "alert(4)"):
        assert any(family in html.replace("&#39;", "'").replace("&#34;", '"') for html in pages.values()), family


def test_the_overdue_page_says_so(payload_build):
    _, site = payload_build
    privacy = (site / "privacy/index.html").read_text(encoding="utf-8")
    assert "Overdue for review" in privacy
    assert "Overdue for review" not in (site / "about/index.html").read_text(encoding="utf-8")
