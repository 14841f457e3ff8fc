"""What a reader does on a page once it has loaded, for the browser tests that
watch what the page requests and whether the CSP blocks anything: open the menu,
hover a glossary term, search, and switch the colour scheme (use_page); and a
visit of several pages that records all of it (visit_pages), and what such a visit
must not have seen (csp_problems, request_problems)."""

from __future__ import annotations

from playwright.sync_api import Error, expect

from browser.support import MENU_BUTTON, RECORD_VIOLATIONS, Visit, csp_reports, settle
from helpers import BASE_PATH
from page_weight import initial_requests

# What search loads: nothing a page may fetch before the reader searches.
SEARCH_FILES = ("search/search_index.json", "assets/javascripts/workers/")
# Material keeps the reader's colour setting in localStorage, under the site's path.
COLOUR_SETTING = ".__palette"
# A word every build's search index contains: it is in the site's name.
SEARCH_WORD = "milk"
PHONE = (390, 844)


def page_url(served_site: str, built: str) -> str:
    return served_site + built.removesuffix("index.html")


def site_path(served_site: str, url: str) -> str | None:
    """The built file a request fetched, relative to the site root; None for
    requests outside the site."""
    if not url.startswith(served_site):
        return None
    path = url[len(served_site) :].split("?")[0].split("#")[0]
    return path + "index.html" if path == "" or path.endswith("/") else path


def is_material_page(page) -> bool:
    return page.locator("form[name=search]").count() == 1


def use_page(page, built: str) -> list[str]:
    """At a phone width: open and close the menu, hover the first glossary term,
    search and see results, then switch the colour scheme. Returns what failed."""
    page.set_default_timeout(10_000)  # each step takes well under a second
    try:
        _use_page(page)
    except Error as error:
        return [f"{built}: {error.message.splitlines()[0]} (at that moment: {page.evaluate(STATE_JS)})"]
    return []


# What a failure message shows of the page's state.
STATE_JS = """() => JSON.stringify({
  bundle: document.documentElement.classList.contains('js'),
  saved: __md_get('__palette'),
  checked: [...document.querySelectorAll('form[data-md-component=palette] input')].map(i => i.checked),
  shown: [...document.querySelectorAll('form[data-md-component=palette] label')].map(l => !l.hidden),
  search: document.getElementById('__search')?.checked,
})"""


def _use_page(page) -> None:
    first_link = page.locator(".md-nav--primary .md-nav__link").first
    page.locator(MENU_BUTTON).click()
    expect(first_link).to_be_in_viewport()
    # Tap the shaded page beside the drawer to close it.
    page.locator("label.md-overlay").click(position={"x": PHONE[0] - 10, "y": PHONE[1] // 2})
    expect(first_link).not_to_be_in_viewport()
    terms = page.locator("article abbr")
    if terms.count():
        terms.first.hover()
    page.locator(".md-header__button[for=__search]").click()
    # Typed key by key: Material searches on keyup, which fill() never sends.
    page.locator(".md-search__input").press_sequentially(SEARCH_WORD)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    # Search closes with a fade: tap the toggle once it is gone, as a reader would.
    expect(page.locator("#__search")).not_to_be_checked()
    settle(page)
    chosen = page.evaluate("() => __md_get('__palette').index")
    page.locator("form[data-md-component=palette] label:visible").click()
    # Polled on a timer, not on animation frames, which a busy machine may hold back.
    page.wait_for_function("chosen => __md_get('__palette').index !== chosen", arg=chosen, polling=100)


def visit_pages(browser, visit, pages: list[str], reduced_motion: str = "reduce") -> dict[str, Visit]:
    """Load each built page in a fresh phone-sized context, use it (use_page), and
    record what it requested, reported and kept. With reduced motion by default:
    Material's drawer, search and colour changes then skip their transitions,
    which halves a visit's time and changes nothing it requests or runs
    (test_csp.py visits two pages with motion on too)."""
    visits = {}
    for built in pages:
        context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, reduced_motion=reduced_motion)
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        requested: list[str] = []
        console: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda message: console.append(message.text))
        visit(page, built)
        if page.locator("meta[http-equiv=refresh]").count():
            # A moved page: its refresh goes on to the page it names.
            start = page.url
            page.wait_for_url(lambda url: url != start)
            page.wait_for_load_state("load")
        # Loaded: the load event (visit and the wait above wait for it), then the fonts the layout asked for.
        page.evaluate("document.fonts.ready.then(() => true)")
        on_load = list(requested)
        material = is_material_page(page)
        problems = use_page(page, built) if material else []
        visits[built] = Visit(
            url=page.url,
            material=material,
            on_load=on_load,
            requested=list(requested),
            problems=problems,
            csp_reports=csp_reports(page, console),
            cookies=[cookie["name"] for cookie in context.cookies()],
            stored=page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]"),
        )
        context.close()
    return visits


def csp_problems(built: str, seen: Visit) -> list[str]:
    """What failed in a visit of `built`, and what its policy blocked."""
    return seen.problems + [f"{built}: {violation}" for violation in seen.csp_reports]


def request_problems(served_site: str, built: str, html: str, seen: Visit) -> list[str]:
    """What a visit of `built` requested or kept that it should not have."""
    problems = list(seen.problems)
    problems += [f"{built}: set the cookie {name}" for name in seen.cookies]
    problems += [f"{built}: stores {key} in the browser" for key in seen.stored if not key.endswith(COLOUR_SETTING)]
    problems += [
        f"{built}: requested {url}"
        for url in seen.requested
        if site_path(served_site, url) is None and not url.startswith("data:")
    ]
    if seen.url != page_url(served_site, built):
        return problems  # a moved page's refresh went on to load another page
    modelled = set(initial_requests(built, html, BASE_PATH))
    loaded = {site_path(served_site, url) for url in seen.on_load} - {None}
    problems += [f"{built}: loads {path}, which tests/page_weight.py does not count" for path in sorted(loaded - modelled)]
    if seen.material:
        searched = {site_path(served_site, url) for url in seen.requested[len(seen.on_load) :]}
        problems += [f"{built}: loads {path} before the reader searches" for path in loaded if path.startswith(SEARCH_FILES)]
        problems += [
            f"{built}: searching did not load {prefix}"
            for prefix in SEARCH_FILES
            if not any(path and path.startswith(prefix) for path in searched | loaded)
        ]
    return problems
