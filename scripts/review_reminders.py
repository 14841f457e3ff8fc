#!/usr/bin/env python3
"""Issues that remind the editors of each page's review date: one when it is
60 days away, one on the day (and after, until the review moves the date).

    python3 scripts/review_reminders.py          # list the reminders due today
    python3 scripts/review_reminders.py --open   # open an issue for each (gh CLI, GH_TOKEN)

Run daily by .github/workflows/review-reminders.yml. An issue is never opened
twice: its title names the page and the date, and open or closed issues with
that title count. A page that is overdue still publishes (REVIEW_DATES=inform on
the main branch) with an "Overdue for review" note; pull requests fail on it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))


def title(page: str, day: dt.date, kind: str) -> str:
    if kind == "soon":
        return f"Review due on {day.isoformat()}: {page}"
    return f"Review due now (since {day.isoformat()}): {page}"


def body(page: str, day: dt.date, kind: str) -> str:
    when = "in less than 60 days" if kind == "soon" else "now; until it is done the page tells readers it is overdue"
    return (
        f"`{page}` is due for review {when} (`next_review: {day.isoformat()}`).\n\n"
        "Check the page against each of its sources (README.md, 'Reviewing a page'), then set "
        "`last_reviewed` to the day of the review and `next_review` to a date at most 3 years later. "
        "Pull requests fail while a page is overdue; the main branch still publishes it."
    )


def existing_titles() -> set[str]:
    listed = subprocess.run(
        ["gh", "issue", "list", "--state", "all", "--limit", "500", "--search", "Review due in:title", "--json", "title"],
        check=True, capture_output=True, text=True,
    )
    return {issue["title"] for issue in json.loads(listed.stdout)}


def main(argv: list[str]) -> int:
    import contract
    import data_files

    pages = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        where = path.relative_to(ROOT).as_posix()
        meta, _, problems = data_files.front_matter(where, data_files.decode(where, path.read_bytes()))
        if meta and not problems:
            pages[where] = meta.get("next_review")
    reminders = contract.review_reminders(pages, dt.date.today())
    opened = existing_titles() if "--open" in argv else set()
    for page, day, kind in reminders:
        name = title(page, day, kind)
        if "--open" not in argv:
            print(name)
        elif name not in opened:
            subprocess.run(["gh", "issue", "create", "--title", name, "--body", body(page, day, kind)], check=True)
            print(f"opened: {name}")
    return 0


if __name__ == "__main__":
    # The hooks need PyYAML: run inside the project's hashed environment.
    sys.path.insert(0, str(ROOT / "scripts"))
    import dev

    if Path(sys.prefix).resolve() != dev.VENV.resolve():
        dev.ensure_environment()
        os.execv(str(dev.BIN / "python"), [str(dev.BIN / "python"), __file__, *sys.argv[1:]])
    sys.exit(main(sys.argv[1:]))
