"""The browser harness works: Chromium opens the home page under the sub-path."""


def test_home_page_opens_in_chromium(served_site, new_page):
    page = new_page()
    response = page.goto(served_site)
    assert response.status == 200
    assert page.locator("h1").count() == 1
