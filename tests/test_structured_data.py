"""Structured data: every JSON-LD block parses; each medical page is a
MedicalWebPage whose fields equal its front matter, the configuration and what
the page shows; the Q&A page's FAQPage holds exactly the questions and answers
it shows; reviewedBy appears only when a clinician is configured."""

from __future__ import annotations

import json

import pytest
import yaml

import clinic_kit
from bs4 import BeautifulSoup

from helpers import EVERY_PAGE, ROOT, SITE_URL, source_pages

PAGES = sorted(source_pages())
MEDICAL_PAGES = [path for path in PAGES if source_pages()[path]["type"] == "medical"]
FAQ_PAGE = clinic_kit.FAQ_PAGE.removesuffix(".md") + "/index.html"


def json_ld(soup) -> list[dict]:
    return [json.loads(block.string) for block in soup.find_all("script", type="application/ld+json")]


def of_type(soup, kind: str) -> list[dict]:
    return [block for block in json_ld(soup) if block.get("@type") == kind]


def config_extra() -> dict:
    # mkdocs.yml has !ENV tags; read them as their default values.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader)["extra"]


@pytest.mark.xdist_group(EVERY_PAGE)
def test_every_json_ld_block_parses(soups):
    for page, soup in soups.items():
        for block in soup.find_all("script", type="application/ld+json"):
            data = json.loads(block.string)
            assert data["@context"] == "https://schema.org", page


@pytest.mark.parametrize("page", MEDICAL_PAGES)
def test_medical_page_is_a_medical_web_page(soups, pages_meta, page):
    soup, meta, extra = soups[page], pages_meta[page], config_extra()
    [data] = of_type(soup, "MedicalWebPage")
    shown_review = soup.select_one(".page-info__review time[datetime]")["datetime"]
    about = meta.get("about", extra["about"])
    assert data == {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta["title"],
        "description": meta["description"].strip(),
        "url": soup.find("link", rel="canonical")["href"],
        "inLanguage": soup.html["lang"],
        "lastReviewed": shown_review,
        "publisher": {"@type": "Organization", "name": extra["publisher"]["name"], "url": SITE_URL},
        # No editors are named (extra.editors), so the page says the publisher's editors wrote it.
        "author": {"@type": "Organization", "name": extra["publisher"]["name"], "url": SITE_URL},
        "about": clinic_kit.about_schema(about),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
    }
    assert data["lastReviewed"] == str(meta["last_reviewed"])
    assert data["url"] == SITE_URL + page.removesuffix("index.html")


@pytest.mark.parametrize("page", sorted(set(PAGES) - set(MEDICAL_PAGES)))
def test_other_pages_claim_no_medical_content(soups, page):
    assert of_type(soups[page], "MedicalWebPage") == []
    assert of_type(soups[page], "FAQPage") == []


def shown_questions(soup) -> list[tuple[str, str]]:
    """Each question heading in the article, and the paragraph right after it, as a
    reader sees them (without the ¶ permalink and the citation numbers)."""
    shown = []
    for heading in soup.select("article h3"):
        if heading.find_parent(class_="page-info"):
            continue  # "Sources for this page", from the template
        for node in heading.select(".headerlink"):
            node.decompose()
        answer = heading.find_next_sibling()
        assert answer is not None and answer.name == "p", f"{heading.get_text()}: no answer paragraph"
        for node in answer.select("sup.cite"):
            node.decompose()
        shown.append((clinic_kit.plain(heading.get_text()), clinic_kit.plain(answer.get_text())))
    return shown


def test_faq_page_holds_exactly_the_questions_and_answers_shown(html_files):
    soup = BeautifulSoup(html_files[FAQ_PAGE], "html.parser")  # a fresh copy: the check edits it
    [faq] = of_type(soup, "FAQPage")
    assert faq["url"] == SITE_URL + FAQ_PAGE.removesuffix("index.html")
    in_data = [(item["name"], item["acceptedAnswer"]["text"]) for item in faq["mainEntity"]]
    assert all(item["@type"] == "Question" and item["acceptedAnswer"]["@type"] == "Answer" for item in faq["mainEntity"])
    shown = shown_questions(soup)
    assert shown, "the Q&A page shows no questions"
    assert in_data == shown
    assert all(answer for _, answer in in_data)


def test_faq_answers_are_plain_text(soups):
    [faq] = of_type(soups[FAQ_PAGE], "FAQPage")
    for item in faq["mainEntity"]:
        assert "<" not in item["acceptedAnswer"]["text"] and "[" not in item["acceptedAnswer"]["text"], item


def test_no_reviewed_by_while_no_reviewer_is_configured(soups):
    assert config_extra()["clinical_reviewers"] == []
    for page in MEDICAL_PAGES:
        assert "reviewedBy" not in of_type(soups[page], "MedicalWebPage")[0]


# --------------------------------------------------------------------------- units


def test_faq_entries_read_the_rendered_questions():
    html = """<h2 id="leaking">Leaking<a class="headerlink" href="#leaking">¶</a></h2>
<h3 id="normal"><span id="old"></span>Is it <em>normal</em>?<a class="headerlink" href="#normal">¶</a></h3>
<p>Yes, it is common <abbr title="prolactin">PRL</abbr> <sup class="cite" aria-label="source">[<a href="#s">1</a>]</sup>.
It stops.</p>
<p>More detail.</p>
<h3 id="box">In a box?</h3>
<div class="admonition"><p>Not a paragraph first.</p></div>"""
    assert clinic_kit.faq_entries(html) == [
        clinic_kit.Question("normal", "Is it normal?", "Yes, it is common PRL. It stops.", "Leaking"),
        clinic_kit.Question("box", "In a box?", None, "Leaking"),
    ]


def test_check_faq_message():
    [problem] = clinic_kit.check_faq("docs/questions.md", [clinic_kit.Question("box", "In a box?", None, None)])
    assert str(problem) == (
        "docs/questions.md: body: the question 'In a box?' is not followed by a paragraph. "
        "Fix: start each answer with one plain paragraph that answers the question on its own"
    )


@pytest.mark.parametrize(
    "about, schema",
    [
        ("Galactorrhoea", {"@type": "MedicalCondition", "name": "Galactorrhoea"}),
        ({"name": "Nipple discharge", "type": "MedicalSignOrSymptom"}, {"@type": "MedicalSignOrSymptom", "name": "Nipple discharge"}),
        ({"name": "Prolactin"}, {"@type": "MedicalCondition", "name": "Prolactin"}),
    ],
)
def test_about_schema(about, schema):
    assert clinic_kit.check_about("docs/x.md", about) == []
    assert clinic_kit.about_schema(about) == schema


@pytest.mark.parametrize("about", ["", ["Galactorrhoea"], {"name": "X", "type": "Disease"}, {"title": "X"}])
def test_check_about_message(about):
    [problem] = clinic_kit.check_about("docs/x.md", about)
    assert str(problem) == (
        f"docs/x.md: about: {about!r} is not a condition's name or a mapping with name and type. "
        "Fix: write 'about: Galactorrhoea', or 'about: {name: Nipple discharge, type: MedicalSignOrSymptom}' "
        "with type one of MedicalCondition, MedicalSignOrSymptom, MedicalEntity"
    )
