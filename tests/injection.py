"""A copy of the project with harmless-looking payloads in one field of each
family of editor-controlled text: quotes, ampersands and on...= words, which pass
validation (no < or >), so only escaping keeps them inert. Shared by
tests/test_injection.py and tests/browser/test_injection.py."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import copy_project

# Each payload names its family, so a failure says which template let it through.
PAYLOADS = {
    "docs/about.md": [(r"^title: .*$", 'title: About us x" onmouseover="alert(\'title\')')],
    "docs/hormones.md": [
        (r"^description: .*$",
         'description: What hormones do, x" onmouseover="alert(\'description\')" and why milk can come after sex'),
    ],
    "data/bibliography.yml": [
        (r'title: "Suspected cancer: recognition and referral \(NG12\)"',
         'title: \'Suspected cancer (NG12) x" onmouseover="alert(1)" & more\''),
        (r"publisher: National Institute for Health and Care Excellence \(NICE\)",
         'publisher: \'NICE x" onfocus="alert(2)" autofocus x="\''),
    ],
    "data/glossary.yml": [(r"(- term: prolactin\n  definition: )(.*)", r'\1\2 x" onmouseover="alert(3)')],
    "mkdocs.yml": [(r"name: The Milk after sex project", 'name: \'The "Milk after sex" project & x" onmouseover="alert(4)\'')],
}
# A page overdue for review, built as the main branch deploys (REVIEW_DATES=inform).
OVERDUE_PAGE = "docs/privacy.md"


def payload_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    project = copy_project(destination)
    for relative, changes in PAYLOADS.items():
        path = project / relative
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in changes:
            text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
            assert count, f"{relative}: {pattern!r} no longer matches; update tests/injection.py"
        path.write_text(text, encoding="utf-8")
    page = project / OVERDUE_PAGE
    text = re.sub(r"^last_reviewed: .*$", "last_reviewed: 2023-01-01", page.read_text(encoding="utf-8"), count=1, flags=re.M)
    page.write_text(re.sub(r"^next_review: .*$", "next_review: 2025-01-01", text, count=1, flags=re.M), encoding="utf-8")
    return project
