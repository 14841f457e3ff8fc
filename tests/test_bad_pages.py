"""Each bad-input case, made in a copy of a real page, makes
`mkdocs build --strict` fail with a message naming the file and the field."""

from __future__ import annotations

import re

import pytest

from conftest import mkdocs_build


def set_field(text: str, field: str, value: str) -> str:
    return re.sub(rf"^{field}:.*$", f"{field}: {value}", text, count=1, flags=re.M)


CASES = {
    "missing front matter": ("about.md", lambda t: t.split("---\n", 2)[2], "docs/about.md: front matter: missing"),
    "malformed date": ("about.md", lambda t: set_field(t, "last_reviewed", "2026-13-01"), "docs/about.md: last_reviewed:"),
    "future date": (
        "about.md",
        lambda t: set_field(set_field(t, "last_reviewed", "2099-01-01"), "next_review", "2100-01-01"),
        "docs/about.md: last_reviewed: 2099-01-01 is in the future",
    ),
    "overdue review": (
        "about.md",
        lambda t: set_field(set_field(t, "last_reviewed", "2023-01-01"), "next_review", "2025-01-01"),
        "docs/about.md: next_review: 2025-01-01 has passed",
    ),
    "unknown source key": (
        "index.md",
        lambda t: t.replace("sources:\n", "sources:\n  - no-such-source\n", 1),
        "docs/index.md: sources: unknown key 'no-such-source'",
    ),
    "missing advice section": (
        "index.md",
        lambda t: t.replace("## When to get medical advice", "## Getting checked"),
        "docs/index.md: body: has no 'When to get medical advice' section",
    ),
    "description too short": (
        "about.md", lambda t: set_field(t, "description", "Too short."), "docs/about.md: description: 10 characters"
    ),
    "description too long": (
        "about.md", lambda t: set_field(t, "description", "x" * 170), "docs/about.md: description: 170 characters"
    ),
    "uncited claim block": (
        "index.md",
        lambda t: t + "\n## Extra\n\nA claim with no source.\n",
        "docs/index.md: body: the section 'Extra' makes claims without a citation",
    ),
    "broken link": (
        "about.md",
        lambda t: t + "\nSee [nowhere](no-such-page.md).\n",
        "Doc file 'about.md' contains a link 'no-such-page.md', but the target is not found",
    ),
    "broken anchor": (
        "about.md",
        lambda t: t + "\nSee [the answer](index.md#no-such-anchor).\n",
        "Doc file 'about.md' contains a link 'index.md#no-such-anchor', but the doc 'index.md' does not "
        "contain an anchor '#no-such-anchor'",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_page_fails_the_strict_build(project_copy, case):
    page, change, expected = CASES[case]
    path = project_copy / "docs" / page
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = mkdocs_build(project_copy, project_copy / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed"
    assert expected in output, f"{case}: expected {expected!r} in:\n{output}"
