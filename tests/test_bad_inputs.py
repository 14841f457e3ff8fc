"""Every bad input gets one line naming the file and the field, never a traceback,
and never publishes. The cases are data (tests/data/bad-inputs.yml): unit cases
call the checks the build calls; build cases share one copy and one build."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

import clinic_kit
import contract
import csp
import data_files
import glossary
from helpers import ROOT, copy_project, mkdocs_build

TABLE = yaml.safe_load((ROOT / "tests/data/bad-inputs.yml").read_text(encoding="utf-8"))
CASES = TABLE["cases"]
TODAY = dt.date(2026, 12, 2)
PATH = "docs/example.md"
ALLOWED = ["nhs.uk", "nice.org.uk", "github.com/owner/site/"]
BIBLIOGRAPHY = {key: {} for key in ("nice-ng12", "mayo-prolactinoma", "statpearls-galactorrhea")}


def case_id(case: dict) -> str:
    detail = case.get("expect") or "accepted"
    return f"{case.get('audit', '-')}:{case['check']}:{detail[:40]}"


def _changed_page(case: dict) -> str:
    if "text" in case:
        return case["text"]
    text = TABLE["base_page"]
    if case.get("text_from_base") == "crlf_bom":
        return "\ufeff" + text.replace("\n", "\r\n")
    for key in ("replace", "replace_also"):
        if key in case:
            old, new = case[key]
            assert old in text, f"case does not apply: {old!r}"
            text = text.replace(old, new, 1)
    if case.get("cut_body"):
        text = text[: text.index("---\n", 4) + 4]
    text += case.get("append", "")
    if "append_repeat" in case:
        words, times = case["append_repeat"]
        text += words * times
    return text


def page_problems(text: str, handout_published: bool = False) -> list[contract.Violation]:
    """What the build reports for one page file (hooks/site_hooks.py, on_page_markdown)."""
    meta, body, unreadable = data_files.front_matter(PATH, text)
    problems = unreadable + data_files.markup_problems(PATH, meta or {})
    first_line = text[: len(text) - len(body)].count("\n") + 1
    problems += contract.check_markdown(PATH, body, BIBLIOGRAPHY, first_line)
    problems += contract.check_page_type(PATH, meta or {}, handout_published)
    if not unreadable:
        problems += contract.check_page(PATH, meta, body, BIBLIOGRAPHY, TODAY)
    return problems + clinic_kit.check_heading_ids(PATH, body)


def _yaml_problem(where: str, text: str) -> list[str]:
    try:
        data_files.parse_yaml(where, text)
    except data_files.DataFileError as error:
        return [str(error)]
    return []


def unit_messages(case: dict) -> list[str]:
    check, value = case["check"], case.get("input")
    if check == "page":
        return [str(v) for v in page_problems(_changed_page(case), case.get("handout_published", False))]
    if check == "url":
        problem = contract.check_external_url(value, ALLOWED)
        return [problem] if problem else []
    if check == "link":
        page = case.get("html") or f'<a href="{value}">x</a>'
        return [str(v) for v in contract.check_site_links({"about/index.html": page}, ALLOWED)]
    if check == "yaml":
        return _yaml_problem("data/example.yml", value)
    if check == "bytes":
        try:
            data_files.decode("data/example.yml", value.encode("latin-1"))
        except data_files.DataFileError as error:
            return [str(error)]
        return []
    if check == "glossary":
        return [str(v) for v in glossary.check_glossary(data_files.parse_yaml(glossary.GLOSSARY_FILE, value))]
    if check == "bibliography":
        entries = data_files.parse_yaml(contract.BIBLIOGRAPHY_FILE, value)
        problems = data_files.markup_problems(contract.BIBLIOGRAPHY_FILE, entries)
        return [str(v) for v in problems + contract.check_bibliography(entries, ALLOWED, TODAY)]
    if check == "html":
        problems = [str(v) for v in contract.check_unique_ids("site/page.html", value)]
        try:
            csp.add_policy_meta(value)
        except ValueError as error:
            problems.append(str(error))
        return problems
    raise AssertionError(f"unknown check {check!r}")


@pytest.mark.parametrize("case", [c for c in CASES if "build" not in c["check"]], ids=case_id)
def test_each_bad_input_gets_one_line(case):
    messages = unit_messages(case)
    assert all("\n" not in message for message in messages), messages
    if case["expect"] is None:
        assert messages == [], f"a good input was refused: {messages}"
    else:
        assert any(case["expect"] in message for message in messages), f"expected {case['expect']!r} in {messages}"


def apply_change(project: Path, case: dict) -> None:
    path = project / case["file"]
    if case.get("delete"):
        path.unlink()
        return
    text = path.read_text(encoding="utf-8")
    if "replace" in case:
        old, new = case["replace"]
        assert old in text, f"{case['file']}: the case no longer applies ({old!r} is gone)"
        text = text.replace(old, new, 1)
    for pattern, replacement in case.get("regex", []):
        text, count = re.subn(pattern, replacement, text, count=1)
        assert count, f"{case['file']}: the case no longer applies ({pattern!r} matches nothing)"
    if "front_matter" in case:
        text = "---\n" + case["front_matter"] + "---\n" + text.split("---\n", 2)[2]
    text += case.get("append", "")
    path.write_bytes(text.encode(case.get("encode", "utf-8")))


def assert_one_line_each(output: str, cases: list[dict]) -> None:
    assert "Traceback" not in output, output[-3000:]
    missing = [case["expect"] for case in cases if case["expect"] not in output]
    assert not missing, f"no line for {missing} in:\n{output[-6000:]}"


def test_bad_inputs_in_one_shared_build_each_get_a_line(tmp_path):
    cases = [case for case in CASES if case["check"] == "build"]
    files = [case["file"] for case in cases]
    assert len(files) == len(set(files)), "each case in the shared build needs a file of its own"
    project = copy_project((tmp_path / "project").mkdir() or tmp_path / "project")
    for case in cases:
        apply_change(project, case)
    result = mkdocs_build(project, tmp_path / "site", REVIEW_DATES="enforce")
    assert result.returncode != 0, "the build passed with every bad input in it"
    assert_one_line_each(result.stdout + result.stderr, cases)


@pytest.mark.parametrize("case", [c for c in CASES if c["check"] == "fatal-build"], ids=case_id)
def test_a_broken_data_file_stops_the_build_with_one_line(tmp_path, case):
    project = copy_project((tmp_path / "project").mkdir() or tmp_path / "project")
    apply_change(project, case)
    result = mkdocs_build(project, tmp_path / "site", REVIEW_DATES="enforce")
    assert result.returncode != 0
    assert_one_line_each(result.stdout + result.stderr, [case])
