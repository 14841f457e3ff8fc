"""Review dates inform instead of block: an overdue page fails pull requests but
the main-branch deploy publishes it with a note; reminders come 60 days ahead and
on the day; the policy pages' reviews do not all fall on one day. Every check
takes "today" as a parameter, so the calendar is faked, never waited for."""

from __future__ import annotations

import datetime as dt

import yaml

import contract
from helpers import ROOT, source_pages

META = {"last_reviewed": dt.date(2026, 11, 25), "next_review": dt.date(2027, 11, 25)}


def overdue(today: dt.date, enforce: bool) -> list[contract.Violation]:
    return [v for v in contract.check_review_dates("docs/a.md", META, today, enforce) if "has passed" in v.problem]


def test_an_overdue_page_fails_when_enforced_and_only_warns_on_main():
    two_years_on = dt.date(2028, 11, 26)
    assert [v.severity for v in overdue(two_years_on, enforce=True)] == ["error"]
    assert [v.severity for v in overdue(two_years_on, enforce=False)] == ["warning"]
    assert overdue(dt.date(2027, 11, 25), enforce=True) == []


def test_reminders_sixty_days_ahead_and_on_the_day():
    pages = {"docs/a.md": dt.date(2027, 11, 25), "docs/b.md": dt.date(2028, 6, 1), "docs/c.md": "not a date"}
    assert contract.review_reminders(pages, dt.date(2027, 9, 25)) == []  # 61 days ahead
    assert contract.review_reminders(pages, dt.date(2027, 9, 26)) == [("docs/a.md", dt.date(2027, 11, 25), "soon")]
    assert contract.review_reminders(pages, dt.date(2027, 11, 25)) == [("docs/a.md", dt.date(2027, 11, 25), "due")]
    # A day the scheduled job missed is caught the next day.
    assert contract.review_reminders(pages, dt.date(2027, 11, 27)) == [("docs/a.md", dt.date(2027, 11, 25), "due")]


def test_policy_pages_are_not_all_reviewed_on_one_day():
    dates = [meta["next_review"] for meta in source_pages().values() if meta.get("type") == contract.POLICY]
    assert len(set(dates)) == len(dates), sorted(dates)


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))


def test_pull_requests_enforce_review_dates_and_the_deploy_only_informs():
    steps = {step.get("name"): step for step in workflow("site.yml")["jobs"]["build"]["steps"]}
    test_step = next(step for name, step in steps.items() if name and name.startswith("Test"))
    assert test_step["env"]["REVIEW_DATES"] == "${{ github.event_name == 'pull_request' && 'enforce' || 'inform' }}"
    assert steps["Build for publishing"]["env"]["REVIEW_DATES"] == "inform"


def test_the_reminder_job_can_open_issues_and_pins_its_actions():
    jobs = workflow("review-reminders.yml")["jobs"]
    for job in jobs.values():
        assert job["permissions"] == {"contents": "read", "issues": "write"}
        for step in job["steps"]:
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                assert len(ref) == 40 and int(ref, 16) >= 0, f"{action} is not pinned to a commit SHA"
