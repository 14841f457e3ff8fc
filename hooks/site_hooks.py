"""Build-time checks and small Markdown transforms. Thin by design: every rule
lives in contract.py (pure, unit-tested); this file only wires it into MkDocs.

Errors (a broken page contract, a broken link) fail every build; advisories
(a review due soon, a source nobody cites) are printed but do not fail.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import rcssmin
import rjsmin
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

import clinic_kit
import content_cache
import contract
import csp
import data_files
import glossary
import minify
import qa_index
import review
import stable_links
import triage

log = logging.getLogger("mkdocs.plugins.page_contract")

# Advisories go to a logger outside "mkdocs", so `--strict` does not count them.
advice = logging.getLogger("page_contract.advice")
if not advice.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    advice.addHandler(_handler)
    advice.propagate = False

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}

_state: dict = {"command": "build", "errors": [], "page_sources": {}, "broken_pages": {}}

# Pull requests and tests fail on an overdue page; the main-branch deploy sets
# REVIEW_DATES=inform, so an urgent fix still ships and the page says it is overdue.
ENFORCE_REVIEW_DATES = os.environ.get("REVIEW_DATES", "enforce") != "inform"


def _report(violations: list[contract.Violation]) -> None:
    for violation in violations:
        if violation.severity == "warning":
            advice.warning(str(violation))
        else:
            log.error(str(violation))
            _state["errors"].append(violation)


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_config(config):
    _state["errors"] = []
    _state["page_sources"] = {}
    _state["citations"] = {}  # src_uri: the citation links mark_citations took out
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url: missing. Fix: set site_url; canonical links, the sitemap and the 404 page need it")
    _state["broken_pages"] = {}  # src_uri: dest_uri of pages built with their title only
    _state["built_from"] = {}  # dest_uri: the docs/ file each page was built from
    root = Path(config.config_file_path).parent
    _state["published"] = set(stable_links.read_registry((root / stable_links.REGISTRY_FILE).read_text(encoding="utf-8")))
    try:
        bibliography = data_files.load(root, contract.BIBLIOGRAPHY_FILE)
        allowed = data_files.load(root, "data/allowed-domains.yml")["domains"] + _own_repository(config)
        terms = data_files.load(root, glossary.GLOSSARY_FILE, list)
        table = data_files.load(root, triage.TABLE_FILE)
        redirects = data_files.load(root, stable_links.REDIRECTS_FILE)
    except data_files.DataFileError as error:
        raise PluginError(str(error)) from None
    # hooks/triage.py checks its own table's text for markup.
    for name, data in [(contract.BIBLIOGRAPHY_FILE, bibliography), (glossary.GLOSSARY_FILE, terms),
                       (stable_links.REDIRECTS_FILE, redirects)]:
        _report(data_files.markup_problems(name, data))
    printed = {"site_name": config.site_name, "site_description": config.site_description, "nav": config.nav}
    printed.update({f"extra.{name}": config.extra.get(name) for name in ("publisher", "clinical_reviewers", "licence")})
    _report(data_files.markup_problems("mkdocs.yml", printed))
    _report(contract.check_bibliography(bibliography, allowed, dt.date.today()))
    glossary_problems = glossary.check_glossary(terms)
    _report(glossary_problems)
    _report(review.check_passages(bibliography))
    people = contract.check_clinical_reviewers(config.extra.get("clinical_reviewers")) + review.check_editors(config.extra.get("editors"))
    if people:
        # Every page names its editors and reviewers, so missing details stop here.
        raise PluginError("\n".join(map(str, people)))
    try:
        config.extra["review_records"] = data_files.load(root, review.REVIEWS_FILE, list)
    except data_files.DataFileError as error:
        raise PluginError(str(error)) from None
    config.extra["review_states"] = {}
    _state["packets"] = {}
    config.extra["bibliography"] = bibliography
    config.extra["source_kinds"] = contract.SOURCE_KINDS
    config.extra["allowed_domains"] = allowed
    # A broken glossary is reported above; the pages still build (without definitions).
    config.extra["glossary"] = [] if glossary_problems else [dict(entry, id=glossary.term_id(entry["term"])) for entry in terms]
    problems = triage.check_table(table, bibliography)
    if problems:
        # Every page's care cards, the handouts and the decision aid read the table: stop here.
        raise PluginError("\n".join(map(str, problems)))
    config.extra["triage"] = table
    config.extra["triage_logic"] = triage.logic(table)
    for name in ("pages", "anchors"):
        if not isinstance(redirects.get(name) or {}, dict):
            _report([contract.Violation(stable_links.REDIRECTS_FILE, name, "is not a mapping of old to new",
                                        "write one 'old: new' pair a line, indented under it")])
            redirects[name] = {}
    config.extra["redirects"] = redirects
    _report(clinic_kit.check_about("mkdocs.yml", config.extra.get("about")))
    return config


def _own_repository(config) -> list[str]:
    """The feedback address's repository ('github.com/owner/repo/'): github.com is
    shared by everyone, so the allow-list names only our repository's path."""
    parts = urlsplit(config.extra.get("feedback_url") or "")
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.hostname == "github.com" and len(segments) >= 2:
        return [f"github.com/{segments[0]}/{segments[1]}/"]
    return []


def on_files(files, config):
    for file in files.documentation_pages():
        try:
            data_files.decode(f"docs/{file.src_uri}", file.content_bytes)
        except data_files.DataFileError as error:
            _report([error.violation])
            # Build the rest, so every other page is still checked.
            file.content_bytes = file.content_bytes.decode("utf-8", "replace").encode("utf-8")
    # One printable handout per medical page, made from its front matter.
    pages = {file.src_uri: get_data(file.content_string)[1] for file in files.documentation_pages()}
    for src_uri, markdown in clinic_kit.handout_pages(pages).items():
        files.append(File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    medical = [src_uri for src_uri, meta in pages.items() if isinstance(meta, dict) and meta.get("type") == contract.MEDICAL]
    records = review.check_records(config.extra["review_records"], config.extra.get("clinical_reviewers"), dt.date.today(), pages, medical)
    if records:
        # Every page's review line reads the records: an incomplete one stops here.
        raise PluginError("\n".join(map(str, records)))
    addresses = ["/" + file.url for file in files.documentation_pages()]
    _report(stable_links.check_redirects(config.extra["redirects"], addresses))
    return files


def on_env(env, config, files):
    env.filters.update(
        faq_entries=clinic_kit.faq_entries,
        qr_svg=clinic_kit.qr_svg,
        qr_image=clinic_kit.qr_image,
        about_schema=clinic_kit.about_schema,
    )
    env.globals["faq_page"] = clinic_kit.FAQ_PAGE
    env.globals["build_date"] = dt.date.today()
    csp.mark_template_scripts(env)
    _cache_compiled_templates(env, Path(config.config_file_path).parent / ".cache" / "templates")
    _state["env"] = env  # the review packets and redirect pages reuse its compiled templates
    env.globals["triage_levels"] = triage.handout_levels(config.extra["triage"])
    env.globals["care_icon"] = triage.icon
    env.globals["care_icons"] = list(triage.ICONS)
    return env


def _cache_compiled_templates(env, folder: Path) -> None:
    """Keep compiled templates between builds (compiling was a tenth of a build).
    Jinja keys each by its name and checks its source, so none is ever stale."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a read-only checkout compiles every time
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def _safe_meta(page, meta) -> dict:
    """What the templates get for a page with a fatal problem (reported already):
    a title only, so it renders plainly and the build goes on to check the others."""
    title = meta.get("title") if isinstance(meta, dict) else None
    return {"title": title if isinstance(title, str) and not data_files.markup_problems("", title) else page.file.name}


def on_page_markdown(markdown, page, config, files):
    if page.file.generated_by:
        if page.meta.get("handout_of") in _state["broken_pages"]:
            page.meta = _safe_meta(page, None)
        return markdown  # a handout: the medical page it is made from was checked
    path = f"{config.docs_dir.rstrip('/').split('/')[-1]}/{page.file.src_uri}"
    source = page.file.content_string
    strict_meta, source_body, problems = data_files.front_matter(path, source)
    _report(problems)
    _report(data_files.markup_problems(path, strict_meta or {}))
    first_line = source[: len(source) - len(source_body)].count("\n") + 1
    _report(contract.check_markdown(path, source_body, config.extra["bibliography"], first_line))
    handout = "/" + clinic_kit.handout_uri(page.file.src_uri).removesuffix(".md") + "/"
    _report(contract.check_page_type(path, strict_meta or {}, handout in _state["published"]))
    # Our strict reading, not MkDocs's (which keeps the last of two equal keys
    # and drops the whole block over one impossible date).
    page.meta = strict_meta or {}
    table = config.extra["triage"]
    _report(triage.check_page(path, page.meta, markdown, table))
    expanded = triage.expand(markdown, table, page.meta.get("triage"), get_relative_url("check/", page.url))
    if isinstance(page.meta.get("sources"), list):
        page.meta["sources"] = triage.page_sources(page.meta["sources"], markdown, expanded)
    markdown = expanded
    meta, body = page.meta, markdown
    if not problems:  # unreadable front matter is reported once, above
        _report(contract.check_page(path, meta, body, config.extra["bibliography"], dt.date.today(), ENFORCE_REVIEW_DATES))
        _report(clinic_kit.check_clinic_fields(path, meta))
    _report(clinic_kit.check_heading_ids(path, body, page.file.src_uri == clinic_kit.FAQ_PAGE))
    sources = page.meta.get("sources") if isinstance(page.meta.get("sources"), list) else []
    _state["page_sources"][path] = sources
    _record_review_state(page, config)
    # The links go in after Markdown (on_page_content): its HTML parser is slow.
    markdown, _state["citations"][page.file.src_uri] = contract.mark_citations(markdown, sources)
    if problems or not contract.renders(meta, config.extra["bibliography"]):
        _state["broken_pages"][page.file.src_uri] = page.file.dest_uri
        page.meta = _safe_meta(page, meta)
    # The front-matter title is the page's one h1 (the validator forbids others).
    if isinstance(page.meta.get("title"), str):
        markdown = f"# {escape(page.meta['title'], quote=False)}\n\n{markdown}"
    return markdown


def _record_review_state(page, config) -> None:
    """The page's clinical-review state, for its review line, structured data and packet."""
    text = page.file.content_string
    rules, _, state = review.assess(page.file.src_uri, text, config.extra["bibliography"], config.extra["triage"],
                                    config.extra["review_records"], config.extra.get("clinical_reviewers") or [])
    config.extra["review_states"][page.file.src_uri] = state
    if page.meta.get("type") == contract.MEDICAL:
        _state["packets"][page.file.src_uri] = {"text": text, "rules": rules, "state": state, "url": page.url}


def _write_review_packets(config, site: Path) -> None:
    """One review packet per medical page and one for the whole site (review/).
    A packet is made from its pages and its template's context alone, so the
    cache keeps each by those: an unchanged page's packet is not made again
    (making them all was a tenth of a build)."""
    root = Path(config.config_file_path).parent
    env = _state["env"]
    context = {"site": review.packet_site(config), "made": dt.date.today(), "links": True,
               "base": "../", "stylesheet": "../" + review.PACKET_STYLESHEET}
    # repr, not json: the bibliography's dates and the review states are part of it.
    shared = [env.loader.get_source(env, review.PACKET_TEMPLATE)[0], repr(context), repr(config.extra["bibliography"])]
    pages = {}
    for src_uri, page in _state["packets"].items():
        old_text, note = None, ""
        if page["state"].state != review.NEVER:
            old_text, note = review.reviewed_text(root, page["state"].commit, src_uri)
        pages[src_uri] = dict(page, old_text=old_text, note=note)

    @functools.cache
    def packet(src_uri: str) -> dict:
        page = pages[src_uri]
        made = review.packet_page(src_uri, page["text"], config.extra["bibliography"], page["rules"], page["state"],
                                  page["old_text"], page["note"])
        return dict(made, url=page["url"])

    def render(src_uris: list[str]) -> str:
        packets = [packet(src_uri) for src_uri in src_uris]
        return env.get_template(review.PACKET_TEMPLATE).render(
            title=review.packet_title(packets, config.site_name), packets=packets, **context)

    chosen = {review.packet_uri(src_uri): [src_uri] for src_uri in pages}
    chosen[review.packet_uri(review.SITE_PACKET)] = list(pages)
    for uri, src_uris in chosen.items():
        key = [*shared, [repr(pages[src_uri]) for src_uri in src_uris]]
        html = content_cache.cached_text("packets", key, lambda: render(src_uris), ".html")
        (site / uri).parent.mkdir(parents=True, exist_ok=True)
        (site / uri).write_text(_with_policy(html, f"template {review.PACKET_TEMPLATE}"), encoding="utf-8")


def on_page_context(context, page, config, nav):
    # A handout is a print view of a medical page: its canonical address (and the
    # address it shares) is that page's, so search engines list the full page.
    source_uri = page.meta.get("handout_of")
    if source_uri:
        source = next(file.page for file in context["pages"] if file.src_uri == source_uri)
        page.canonical_url = source.canonical_url
    return context


def on_page_content(html, page, config, files):
    html = contract.fill_citations(html, _state["citations"].pop(page.file.src_uri, []))
    address = "/" + page.url
    html, problems = stable_links.add_alias_anchors(address, html, (config.extra["redirects"].get("anchors") or {}).get(address, {}))
    _report(problems)
    if page.file.src_uri == clinic_kit.FAQ_PAGE:
        _report(clinic_kit.check_faq(f"docs/{page.file.src_uri}", clinic_kit.faq_entries(html)))
        html = qa_index.insert_index(html)
    if page.file.src_uri != glossary.GLOSSARY_PAGE and not page.file.generated_by:
        html = glossary.mark_first_uses(html, config.extra["glossary"])
    return html


def _with_policy(html: str, where: str) -> str:
    # `mkdocs serve` injects its live-reload script after this hook, where no hash
    # can cover it, so only built sites carry the policy.
    if _state["command"] == "serve":
        return html
    try:
        # Minified first: the policy hashes the scripts the reader gets. The result
        # depends on the page alone, so an unchanged page is not worked on again.
        return content_cache.cached_text("pages", html, lambda: csp.add_policy_meta(minify.minify_html(html)), ".html")
    except ValueError as error:
        problem, _, fix = str(error).partition(". Fix: ")
        _report([contract.Violation(where, "html", problem, fix)])
        return minify.minify_html(html)


def on_post_page(output, page, config):
    _state["built_from"][page.file.dest_uri] = f"docs/{page.file.src_uri}"
    # Keep this last in on_post_page: the policy hashes the page's final scripts.
    return _with_policy(output, f"docs/{page.file.src_uri}")


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, f"template {template_name}")


def _write_clinic_files(config, site: Path, pages: dict[str, str]) -> None:
    """Redirect pages for moved pages (data/redirects.yml), then a QR code for every
    address the site publishes (the ones data/link-registry.txt lists)."""
    moved = _state["env"].get_template("moved.html")
    for old, new in (config.extra["redirects"].get("pages") or {}).items():
        html = moved.render(config=config, href=stable_links.redirect_href(old, new),
                            url=clinic_kit.canonical_url(config.site_url, new))
        path = stable_links.file_of(old)
        if path in pages:
            continue  # check_redirects reports it: a page still lives there
        pages[path] = _with_policy(html, f"{stable_links.REDIRECTS_FILE}: pages[{old}]")
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(pages[path], encoding="utf-8")
    built = stable_links.scan_site(pages)
    # Clinics print these addresses: one that stops working fails the build, not only the tests.
    _report([
        contract.Violation(stable_links.REGISTRY_FILE, "address", problem,
                           f"redirect the moved page or alias the changed id in {stable_links.REDIRECTS_FILE}")
        for problem in (stable_links.resolve(address, built) for address in _state["published"]) if problem
    ])
    for address in stable_links.registry_entries(built):
        image = site / clinic_kit.qr_image(address)
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_text(clinic_kit.qr_file(clinic_kit.canonical_url(config.site_url, address)), encoding="utf-8")


def _write_material_stylesheet(site: Path, pages: dict[str, str]) -> None:
    """Material's stylesheets, as one file with only the rules this site can use
    (hooks/minify.py): overrides/main.html links it instead of Material's two."""
    styles, scripts = site / "assets/stylesheets", site / "assets/javascripts"
    material = [next(site.glob(pattern)) for pattern in minify.MATERIAL_STYLESHEETS]
    # Material's bundle and search worker, and ours; not lunr's language packs,
    # which English search never loads.
    script_texts = [path.read_text(encoding="utf-8") for path in sorted(scripts.glob("*.js")) + sorted(scripts.glob("workers/*.js"))]
    script_texts += [script for html in pages.values() for script in csp.inline_scripts(html)]
    ours = [path.read_text(encoding="utf-8") for path in sorted(styles.glob("*.css")) if path not in material and path != site / minify.STYLESHEET]
    css = "\n".join(path.read_text(encoding="utf-8") for path in material)
    others = [*ours, *script_texts, *pages.values()]

    def purge() -> str:
        used = minify.used_names(pages.values(), script_texts)
        # The purge reads nothing else, so these make its key: an edit that names
        # no new class or custom property does not purge again.
        key = [css, sorted(used), sorted(minify.custom_properties(others))]
        return content_cache.cached_text("css", key, lambda: minify.purge_css(css, used, others), ".css")

    # Reading the names costs a tenth of a second: an unchanged site skips that too.
    purged = content_cache.cached_text("css-inputs", [css, others], purge, ".css")
    (site / minify.STYLESHEET).write_text(purged, encoding="utf-8")


def on_post_build(config):
    _report(contract.unused_sources(config.extra["bibliography"], _state["page_sources"].values()))
    site = Path(config.site_dir)
    _write_review_packets(config, site)
    # The whole-site review packet is the page packets again, a third of the
    # site's HTML: the checks below read the page packets only.
    whole_site_packet = site / review.packet_uri(review.SITE_PACKET)
    pages = {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in site.rglob("*.html") if path != whole_site_packet
    }
    for built, source in _state["built_from"].items():
        _report(contract.check_unique_ids(source, pages[built]))
    _write_clinic_files(config, site, pages)
    _write_material_stylesheet(site, pages)
    base_path = urlsplit(config.site_url).path or "/"
    # A page built with its title only has lost its source list: its links to it would
    # only repeat the problem already reported for the page.
    links = contract.check_site_links(pages, config.extra["allowed_domains"], base_path)
    _report([problem for problem in links if problem.path not in _state["broken_pages"].values()])
    if _state["command"] != "serve":
        # Our stylesheets and scripts keep their comments in docs/; readers download them minified.
        for source in Path(config.docs_dir).rglob("*"):
            minify = MINIFIERS.get(source.suffix)
            if minify:
                built = site / source.relative_to(config.docs_dir)
                built.write_text(minify(source.read_text(encoding="utf-8")), encoding="utf-8")
    content_cache.forget_unused()
    errors = _state["errors"]
    # While serving, keep the editor's preview running and let the log say what to fix.
    if errors and _state["command"] == "build":
        raise PluginError(
            f"{len(errors)} page-contract problem(s), listed above with their fixes. "
            "See README.md, 'Adding or editing a page'."
        )
