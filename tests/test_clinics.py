"""The clinic link kit in the built site: the For clinics page lists every page
and every question with its canonical link, a copy button and a QR code file;
every medical page has a handout showing its front matter. Unit tests of the
front-matter rules (hooks/clinic_kit.py) with their exact messages come last.
Browser tests (tests/browser/test_clinics_page.py, test_handouts.py) press the
buttons, print the handouts and decode the QR codes."""

from __future__ import annotations

import posixpath

import pytest
import yaml
from bs4 import BeautifulSoup

import clinic_kit
from helpers import SITE_URL, handout_of, medical_pages, mkdocs_build, source_pages

CLINICS = "for-clinics/index.html"
MEDICAL = medical_pages()


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def clinic_entries(soup) -> dict[str, dict]:
    entries = {}
    for item in soup.select(".clinic-link"):
        button = item.select_one("button[data-copy]")
        entries[button["data-copy"]] = {
            "title": item.select_one(".clinic-link__title a"),
            "shown": item.select_one(".clinic-link__url code"),
            "button": button,
            "qr": item.select_one("details.clinic-link__qr img"),
            "handout": item.select_one(".clinic-link__handout a"),
        }
    return entries


def questions(html_files) -> list[clinic_kit.Question]:
    """The Q&A page's questions, read from its article without the template's "About this page"."""
    soup = BeautifulSoup(html_files["questions/index.html"], "html.parser")
    soup.select_one("aside.page-info").decompose()
    return clinic_kit.faq_entries(str(soup.article))


def target(page: str, href: str) -> str:
    """The site path a relative link on `page` reaches: 'hormones', or '.' for the home page."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href.partition("#")[0]))


def test_every_page_and_every_question_is_listed(soups, html_files):
    entries = clinic_entries(soups[CLINICS])
    pages = [SITE_URL + page.removesuffix("index.html") for page in sorted(source_pages())]
    asked = [f"{SITE_URL}questions/#{question.id}" for question in questions(html_files)]
    assert len(asked) >= 20
    assert sorted(entries) == sorted(pages + asked)


def test_each_entry_shows_its_link_and_can_copy_it(soups):
    for url, entry in clinic_entries(soups[CLINICS]).items():
        assert entry["shown"].get_text() == url
        assert entry["button"]["aria-describedby"] == entry["shown"]["id"]
        assert entry["button"].has_attr("hidden"), "without JavaScript the button must not show"
        assert text(entry["button"]).startswith("Copy link to ")


def test_each_entry_has_a_lazy_qr_code_file_for_its_url(soups, site_dir):
    for url, entry in clinic_entries(soups[CLINICS]).items():
        image = entry["qr"]
        assert image["loading"] == "lazy"
        assert image["alt"] == f"QR code for {url}"
        path = site_dir / "for-clinics" / image["src"]
        assert path.resolve().is_file(), image["src"]
        assert f"<title>QR code for {url}</title>" in path.read_text()


def test_entries_link_to_their_page(soups):
    for url, entry in clinic_entries(soups[CLINICS]).items():
        path, _, fragment = url.removeprefix(SITE_URL).partition("#")
        assert target(CLINICS, entry["title"]["href"]) == posixpath.normpath(path or ".")
        assert entry["title"]["href"].partition("#")[2] == fragment


def test_every_medical_page_lists_its_handout(soups):
    entries = clinic_entries(soups[CLINICS])
    for page in sorted(source_pages()):
        link = entries[SITE_URL + page.removesuffix("index.html")]["handout"]
        if page in MEDICAL:
            assert target(CLINICS, link["href"]) == posixpath.dirname(handout_of(page))
        else:
            assert link is None


def test_questions_are_grouped_under_their_categories(soups, html_files):
    headings = [text(h) for h in soups[CLINICS].select(".clinic-links h4")]
    categories = list(dict.fromkeys(question.category for question in questions(html_files)))
    assert headings == categories


def test_licence_and_error_reporting_come_from_the_configuration(soups):
    page = soups[CLINICS]
    licence = page.select_one("#reusing-our-pages ~ p a[href='https://creativecommons.org/licenses/by/4.0/']")
    assert licence is not None and "CC BY 4.0" in licence.get_text()
    assert page.select_one("#report-an-error ~ .feedback-route") is not None
    assert "<!-- config:" not in str(page)


# --------------------------------------------------------------------------- handouts


def test_one_handout_per_medical_page(html_files):
    built = sorted(page for page in html_files if page.startswith(clinic_kit.HANDOUT_DIR + "/"))
    assert built == sorted(handout_of(page) for page in MEDICAL)


@pytest.mark.parametrize("page", MEDICAL)
def test_handout_shows_the_page_front_matter(soups, pages_meta, page):
    soup, meta = soups[handout_of(page)], pages_meta[page]
    handout = soup.select_one("article.handout")
    assert text(handout.h1) == meta["title"]
    assert text(handout.select_one(".handout__answer p")) == " ".join(meta["short_answer"].split())
    # The warning signs come from the triage table (tests/test_triage.py checks them).
    assert handout.select(".handout__flags .care-card")
    assert [text(li) for li in handout.select(".handout__teach-back li")] == meta["teach_back"]
    times = [t["datetime"] for t in handout.select(".handout__footer time")]
    assert times[:2] == [str(meta["last_reviewed"]), str(meta["next_review"])]
    assert "Not yet clinically reviewed." in text(handout.select_one(".handout__footer"))
    assert text(handout.select_one(".handout__help"))


@pytest.mark.parametrize("page", MEDICAL)
def test_handout_points_back_to_the_full_page(soups, page):
    soup = soups[handout_of(page)]
    url = SITE_URL + page.removesuffix("index.html")
    assert text(soup.select_one(".handout__url")) == url.removeprefix("https://")
    qr = soup.select_one(".handout__more svg.qr-code")
    assert qr["role"] == "img" and qr["aria-label"] == f"QR code for {url}"
    back = soup.select_one(".handout-actions a")
    assert target(handout_of(page), back["href"]) == posixpath.normpath(page.removesuffix("index.html") or ".")


@pytest.mark.parametrize("page", MEDICAL)
def test_handout_names_its_full_page_as_canonical(soups, page):
    """A handout is a print view: search engines list the page it summarises, and a
    shared handout link previews that page. No noindex, so crawlers read the link."""
    soup = soups[handout_of(page)]
    [canonical] = soup.find_all("link", rel="canonical")
    [shared] = soup.find_all("meta", property="og:url")
    assert canonical["href"] == shared["content"] == SITE_URL + page.removesuffix("index.html")
    assert soup.find("meta", attrs={"name": "robots"}) is None


def test_handouts_are_not_in_navigation_or_search(site_dir, soups):
    import json

    index = json.loads((site_dir / "search/search_index.json").read_text())
    assert not [doc["location"] for doc in index["docs"] if doc["location"].startswith("handouts/")]
    nav_links = {a["href"] for a in soups["index.html"].select(".md-nav--primary a")}
    assert not [href for href in nav_links if "handouts/" in href]


# --------------------------------------------------------------------------- units


def medical(**changes) -> dict:
    meta = {
        "type": "medical",
        "short_answer": "Milk can leak during sex. It is common.",
        "teach_back": ["Why can milk leak?", "When should you get checked?"],
    }
    meta.update(changes)
    return {key: value for key, value in meta.items() if value is not None}


def messages(meta: dict) -> list[str]:
    return [str(v) for v in clinic_kit.check_clinic_fields("docs/x.md", meta)]


def test_good_clinic_fields_pass():
    assert messages(medical()) == []
    assert messages({"type": "policy"}) == []


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"short_answer": None}, "docs/x.md: short_answer: missing. Fix: add 'short_answer:' with 2-3 plain sentences "
         "that answer the page's question; it heads the printable handout"),
        ({"teach_back": None}, "docs/x.md: teach_back: missing. Fix: add 'teach_back:' with 2-3 questions a clinician "
         "can ask to check the reader understood, each ending with '?'"),
        ({"short_answer": "One. Two. Three. Four."}, "docs/x.md: short_answer: has 4 sentences, more than 3. "
         "Fix: keep it to 2-3 plain sentences; the page itself gives the detail"),
        ({"short_answer": ["a list"]}, "docs/x.md: short_answer: is not text. Fix: add 'short_answer:' with 2-3 plain "
         "sentences that answer the page's question; it heads the printable handout"),
        ({"teach_back": ["Why?"]}, "docs/x.md: teach_back: has 1 questions, not 2-3. "
         "Fix: keep 2 or 3; they must fit on the one-page handout"),
        ({"teach_back": ["Why?", "Explain it."]}, "docs/x.md: teach_back: has an item that is not a question. "
         "Fix: end each item with '?'"),
        ({"teach_back": ["Why [@nhs]?", "How?"]}, "docs/x.md: teach_back: contains a citation like [@key]. "
         "Fix: remove it; the handout prints plain text, and the page body cites the sources"),
    ],
)
def test_clinic_field_messages(changes, message):
    assert messages(medical(**changes)) == [message]


@pytest.mark.parametrize(
    "src_uri, handout",
    [("hormones.md", "handouts/hormones.md"), ("index.md", "handouts/overview.md"), ("guide/index.md", "handouts/guide.md")],
)
def test_handout_uri(src_uri, handout):
    assert clinic_kit.handout_uri(src_uri) == handout


def test_handout_pages_are_front_matter_for_medical_pages_only():
    pages = {
        "hormones.md": {"type": "medical", "title": "Hormones", "description": "About hormones."},
        "about.md": {"type": "policy", "title": "About"},
        "broken.md": {},
    }
    handouts = clinic_kit.handout_pages(pages)
    assert list(handouts) == ["handouts/hormones.md"]
    text_ = handouts["handouts/hormones.md"]
    assert text_.startswith("---\n") and text_.endswith("---\n")
    assert yaml.safe_load(text_.strip("-\n")) == {
        "title": "Handout: Hormones",
        "description": "About hormones.",
        "template": "handout.html",
        "handout_of": "hormones.md",
        "hide": ["navigation", "toc"],
        "search": {"exclude": True},
    }


BODY = """## Causes { #causes }

### Can my medicine cause it? { #medicines }

### Will it stop?

```markdown
### Not a heading
```

## When to get medical advice
"""


def test_every_heading_needs_an_explicit_id():
    assert [str(v) for v in clinic_kit.check_heading_ids("docs/questions.md", BODY, faq_page=True)] == [
        "docs/questions.md: body: the question 'Will it stop?' has no explicit id. "
        "Fix: end the heading with { #short-stable-id }; clinics link to it, so never change it afterwards",
        "docs/questions.md: body: the heading 'When to get medical advice' has no explicit id. "
        "Fix: end the heading with { #short-stable-id }; clinics link to it, so never change it afterwards",
    ]
    problems = clinic_kit.check_heading_ids("docs/x.md", BODY)
    assert [v.severity for v in problems] == ["error", "error"]
    assert str(problems[0]).startswith("docs/x.md: body: the heading 'Will it stop?' has no explicit id")


def test_a_heading_without_an_id_fails_the_build(project_copy, tmp_path):
    page = project_copy / "docs/privacy.md"
    page.write_text(page.read_text() + "\n## A new section\n\nText.\n")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/privacy.md: body: the heading 'A new section' has no explicit id" in result.stderr


def test_qr_image_names():
    assert clinic_kit.qr_image("/") == "assets/qr/index.svg"
    assert clinic_kit.qr_image("/hormones/") == "assets/qr/hormones.svg"
    assert clinic_kit.qr_image("/questions/#medicines") == "assets/qr/questions--medicines.svg"
    assert clinic_kit.qr_image("/handouts/hormones/") == "assets/qr/handouts_hormones.svg"


def test_qr_svgs_name_their_url():
    inline = clinic_kit.qr_svg("https://example.org/x/", "QR code for https://example.org/x/")
    assert inline.startswith('<svg role="img" aria-label="QR code for https://example.org/x/"')
    standalone = clinic_kit.qr_file("https://example.org/x/")
    assert 'xmlns="http://www.w3.org/2000/svg"' in standalone and 'width="' in standalone
    assert "<title>QR code for https://example.org/x/</title>" in standalone

