"""Each bad-input case, made in a copy of a real page, makes
`properdocs build --strict` fail with a message naming the file and the field.

The build reports every problem before it fails, so all the cases go into one
copy of the project, each on a page of its own, and one build checks them all:
each case still passes or fails on its own message."""

from __future__ import annotations

import re

import pytest

from helpers import copy_project, mkdocs_build


def set_field(text: str, field: str, value: str) -> str:
    return re.sub(rf"^{field}:.*$", f"{field}: {value}", text, count=1, flags=re.M)


# case: (page it breaks, how, the message the build must print)
CASES = {
    "missing front matter": ("about.md", lambda t: t.split("---\n", 2)[2], "docs/about.md: front matter: missing"),
    "malformed date": (
        "accessibility.md", lambda t: set_field(t, "last_reviewed", "2026-13-01"), "docs/accessibility.md: last_reviewed:"
    ),
    "future date": (
        "privacy.md",
        lambda t: set_field(set_field(t, "last_reviewed", "2099-01-01"), "next_review", "2100-01-01"),
        "docs/privacy.md: last_reviewed: 2099-01-01 is in the future",
    ),
    "overdue review": (
        "support.md",
        lambda t: set_field(set_field(t, "last_reviewed", "2023-01-01"), "next_review", "2025-01-01"),
        "docs/support.md: next_review: 2025-01-01 has passed",
    ),
    "unknown source key": (
        "index.md",
        lambda t: t.replace("sources:\n", "sources:\n  - no-such-source\n", 1),
        "docs/index.md: sources: unknown key 'no-such-source'",
    ),
    "missing advice section": (
        "how-lactation-works.md",
        lambda t: t.replace("## When to get medical advice", "## Getting checked"),
        "docs/how-lactation-works.md: body: has no 'When to get medical advice' section",
    ),
    "description too short": (
        "for-clinics.md",
        lambda t: set_field(t, "description", "Too short."),
        "docs/for-clinics.md: description: 10 characters",
    ),
    "description too long": (
        "hormones.md", lambda t: set_field(t, "description", "x" * 170), "docs/hormones.md: description: 170 characters"
    ),
    "uncited claim block": (
        "milk-when-not-breastfeeding.md",
        lambda t: t + "\n## Extra { #extra }\n\nA claim with no source.\n",
        "docs/milk-when-not-breastfeeding.md: body: the section 'Extra' makes claims without a citation",
    ),
    "broken link": (
        "sources.md",
        lambda t: t + "\nSee [nowhere](no-such-page.md).\n",
        "Doc file 'sources.md' contains a link 'no-such-page.md', but the target is not found",
    ),
    "broken anchor": (
        "glossary.md",
        lambda t: t + "\nSee [the answer](index.md#no-such-anchor).\n",
        "Doc file 'glossary.md' contains a link 'index.md#no-such-anchor', but the doc 'index.md' does not "
        "contain an anchor '#no-such-anchor'",
    ),
}
assert len({page for page, _, _ in CASES.values()}) == len(CASES), "each case needs a page of its own"


# Built in a copy of its own: YAML cannot read its front matter at all, and if
# that ever crashed the build it must not hide the other cases' messages.
ALONE = {"malformed date"}


@pytest.fixture(scope="module")
def broken_builds(tmp_path_factory):
    """build(case) -> (exit code, everything it printed), for the one build of a
    copy with every case applied except those ALONE, which get one each."""
    done: dict[str, tuple[int, str]] = {}

    def build(case: str) -> tuple[int, str]:
        group = case if case in ALONE else "together"
        if group not in done:
            project = copy_project(tmp_path_factory.mktemp("bad-pages"))
            for name, (page, change, _) in CASES.items():
                if (name if name in ALONE else "together") == group:
                    path = project / "docs" / page
                    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
            result = mkdocs_build(project, project / "site")
            done[group] = result.returncode, result.stdout + result.stderr
        return done[group]

    return build


# One xdist worker runs them all, so each broken copy is built once.
@pytest.mark.xdist_group("bad-pages")
@pytest.mark.parametrize("case", CASES)
def test_bad_page_fails_the_strict_build(broken_builds, case):
    returncode, output = broken_builds(case)
    expected = CASES[case][2]
    assert returncode != 0, f"{case}: the build passed"
    assert expected in output, f"{case}: expected {expected!r} in:\n{output}"
    assert "Traceback" not in output, f"{case}: the build crashed instead of reporting it:\n{output}"


@pytest.mark.xdist_group("bad-pages")
def test_each_problem_is_reported_once(broken_builds):
    """One line per problem, not one per page that shows it."""
    for case, (_, _, expected) in CASES.items():
        output = broken_builds(case)[1]
        assert output.count(expected) == 1, f"{case}: reported {output.count(expected)} times: {expected!r}"
