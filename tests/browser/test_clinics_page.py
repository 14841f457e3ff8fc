"""The For clinics page in Chromium: copy buttons copy the canonical URL (mouse
and keyboard) and say so in a live region, or select the URL when the clipboard
is unavailable; without JavaScript the URL is there to select and no button
pretends to work; every QR code, opened and drawn, decodes to its URL and none
loads before the reader asks. A moved page sends readers on, keeping the #id."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import expect

from browser.qr import decode
from helpers import SITE_URL, copy_project, mkdocs_build, serve

CLINICS = "for-clinics/index.html"
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def test_copy_button_copies_the_link(new_page, visit):
    tab = new_page(permissions=CLIPBOARD)
    visit(tab, CLINICS)
    button = tab.locator("button[data-copy]").nth(2)
    url = button.get_attribute("data-copy")
    button.click()
    assert tab.evaluate("navigator.clipboard.readText()") == url
    expect(tab.get_by_role("status")).to_have_text(f"Copied: {url}")


@pytest.mark.parametrize("key", ["Enter", " "])
def test_copy_button_works_from_the_keyboard(new_page, visit, key):
    tab = new_page(permissions=CLIPBOARD)
    visit(tab, CLINICS)
    button = tab.locator("button[data-copy]").last
    url = button.get_attribute("data-copy")
    button.focus()
    tab.keyboard.press(key)
    assert tab.evaluate("navigator.clipboard.readText()") == url
    expect(tab.get_by_role("status")).to_have_text(f"Copied: {url}")


def test_without_a_clipboard_the_link_is_selected_to_copy(new_page, visit):
    tab = new_page()
    tab.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });")
    visit(tab, CLINICS)
    button = tab.locator("button[data-copy]").first
    button.click()
    assert tab.evaluate("getSelection().toString()") == button.get_attribute("data-copy")
    expect(tab.get_by_role("status")).to_contain_text("press Ctrl+C")


def test_without_javascript_links_show_and_buttons_do_not(new_page, served_site):
    tab = new_page(java_script_enabled=False)
    tab.goto(served_site + CLINICS.removesuffix("index.html"))
    assert tab.locator("button[data-copy]").count() > 20
    expect(tab.locator("button[data-copy]:visible")).to_have_count(0)
    expect(tab.locator(".clinic-link__url code").first).to_have_text(SITE_URL)


def test_copy_buttons_are_named_for_their_page(new_page, visit):
    tab = new_page()
    visit(tab, CLINICS)
    expect(tab.get_by_role("button", name="Copy link to Hormones", exact=True)).to_have_count(1)


def test_every_qr_code_decodes_to_its_link_and_loads_only_when_opened(new_page, visit):
    tab = new_page(device_scale_factor=2)
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    visit(tab, CLINICS)  # waits for the load event, which waits for every image not loaded lazily
    assert not [url for url in requested if "/assets/qr/" in url], "QR codes loaded before anyone opened one"
    entries = tab.locator(".clinic-link")
    assert entries.count() > 20
    wrong = []
    for index in range(entries.count()):
        entry = entries.nth(index)
        url = entry.locator("button[data-copy]").get_attribute("data-copy")
        entry.locator("summary").click()
        image = entry.locator("details img")
        expect(image).to_be_visible()
        image.evaluate("img => img.decode()")
        found = decode(image.screenshot())
        if found != [url]:
            wrong.append(f"{url}: decoded {found}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """A build in which /old-questions/ has moved to /questions/, served."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    # Keep the project's own redirects: the build fails when a published address breaks.
    redirects = yaml.safe_load((project / "data/redirects.yml").read_text(encoding="utf-8"))
    redirects["pages"] = dict(redirects.get("pages") or {}, **{"/old-questions/": "/questions/"})
    (project / "data/redirects.yml").write_text(yaml.safe_dump(redirects), encoding="utf-8")
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    with serve(site, tmp_path_factory.mktemp("web")) as url:
        yield url


# These share the moved_site build: on one xdist worker, it is made once.
@pytest.mark.xdist_group("moved-site-served")
def test_moved_page_sends_readers_on_keeping_the_id(new_page, moved_site):
    tab = new_page()
    tab.goto(moved_site + "old-questions/#medicines")
    tab.wait_for_url(moved_site + "questions/#medicines")
    expect(tab.locator("h3#medicines")).to_be_in_viewport()


@pytest.mark.xdist_group("moved-site-served")
def test_moved_page_works_without_javascript(new_page, moved_site):
    tab = new_page(java_script_enabled=False)
    tab.goto(moved_site + "old-questions/")
    tab.wait_for_url(moved_site + "questions/")
    expect(tab.locator("h1")).to_contain_text("Questions and answers")
