"""In Chromium, nothing the reader searched for or answered is left behind:
search results and the page a result opens carry no search words in their
address (Material's search.highlight is off), and the decision aid's answers
are gone when the reader comes back with the Back button."""

from __future__ import annotations

from urllib.parse import urlsplit

from browser.reader import PHONE

WORD = "discharge"


def test_search_words_never_reach_an_address(new_page, visit):
    page = new_page(*PHONE)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    visit(page, "index.html")
    page.locator(".md-header__button[for=__search]").click()
    page.locator(".md-search__input").press_sequentially(WORD)
    results = page.locator(".md-search-result__link")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(link => link.href)")
    # Page names may contain the word; a query string would be the search.
    assert hrefs and not [href for href in hrefs if urlsplit(href).query]
    results.first.click()
    page.wait_for_load_state("load")
    assert not urlsplit(page.url).query
    assert not [url for url in requested if WORD in urlsplit(url).query]


def test_answers_are_gone_after_back(new_page, visit):
    page = new_page(*PHONE)
    visit(page, "check/index.html")
    radios = page.locator("#decision-aid input[type=radio][value=yes]")
    radios.first.wait_for(state="visible")
    for index in range(min(3, radios.count())):
        radios.nth(index).check()
    assert page.locator("#decision-aid input:checked").count() > 0
    visit(page, "about/index.html")
    page.go_back()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.locator("#decision-aid input:checked").count() == 0
    assert page.locator("#decision-aid").get_attribute("autocomplete") == "off"
