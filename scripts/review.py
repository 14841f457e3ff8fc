#!/usr/bin/env python3
"""Clinical review from the command line (README.md, "Clinical review").

    python3 scripts/dev.py review-status               # every page: review state, days to next review, fingerprint
    python3 scripts/dev.py review-packet hormones.md   # review-packets/hormones.html, to print or send
    python3 scripts/dev.py review-packet site          # one packet for every medical page
    python3 scripts/dev.py review-record ID PAGE...    # a record for data/reviews.yml (PAGE... or site)

Reads the same files as the build, with the same functions (hooks/review.py),
so a packet made here matches the one the build publishes under review/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import contract  # noqa: E402
import data_files  # noqa: E402
import review  # noqa: E402
import triage  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

OUTPUT = ROOT / "review-packets"


def load_project():
    config = load_config(str(ROOT / "mkdocs.yml"))
    bibliography = data_files.load(ROOT, contract.BIBLIOGRAPHY_FILE)
    table = data_files.load(ROOT, triage.TABLE_FILE)
    records = data_files.load(ROOT, review.REVIEWS_FILE, list)
    reviewers = config.extra.get("clinical_reviewers") or []
    texts = {
        path.relative_to(ROOT / review.DOCS_DIR).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / review.DOCS_DIR).rglob("*.md"))
    }
    problems = contract.check_clinical_reviewers(reviewers)
    medical = [page for page, text in texts.items() if review.split_front_matter(text)[0].get("type") == contract.MEDICAL]
    problems += review.check_records(records, reviewers, dt.date.today(), list(texts), medical)
    if problems:
        sys.exit("\n".join(map(str, problems)))
    return config, bibliography, table, records, reviewers, texts, medical


def status(args) -> int:
    config, bibliography, table, records, reviewers, texts, _ = load_project()
    today = dt.date.today()
    print(f"{'page':38} {'state':9} {'last clinical review':32} {'next review':>11}  fingerprint")
    for page, text in texts.items():
        meta, _ = review.split_front_matter(text)
        if not meta.get("type"):
            continue
        _, current, state = review.assess(page, text, bibliography, table, records, reviewers)
        last = f"{state.date} {state.records[0]['reviewer']}" if state.records else "-"
        due = meta.get("next_review")
        days = f"{(due - today).days} days" if isinstance(due, dt.date) else "?"
        print(f"{page:38} {state.state:9} {last:32} {days:>11}  {current}")
    return 0


def packet(args) -> int:
    config, bibliography, table, records, reviewers, texts, medical = load_project()
    pages = medical if args.page == review.SITE_PACKET else [args.page]
    unknown = [page for page in pages if page not in texts]
    if unknown:
        sys.exit(f"{unknown[0]}: not a page below docs/. Give a path like hormones.md, or 'site'.")
    packets = []
    for page in pages:
        rules, _, state = review.assess(page, texts[page], bibliography, table, records, reviewers)
        old_text, note = (None, "")
        if state.state != review.NEVER:
            old_text, note = review.reviewed_text(ROOT, state.commit, page)
        packets.append(review.packet_page(page, texts[page], bibliography, rules, state, old_text, note))
    html = config.theme.get_env().get_template(review.PACKET_TEMPLATE).render(
        site=review.packet_site(config), title=review.packet_title(packets, config.site_name), packets=packets,
        made=dt.date.today(), links=False,
        base="", stylesheet=Path(review.PACKET_STYLESHEET).name,
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / Path(review.packet_uri(args.page)).name
    target.write_text(html, encoding="utf-8")
    shutil.copy2(ROOT / review.DOCS_DIR / review.PACKET_STYLESHEET, out / Path(review.PACKET_STYLESHEET).name)
    print(f"Wrote {target} (open it in a browser; print it on A4, or to a PDF)")
    return 0


def record(args) -> int:
    config, bibliography, table, records, reviewers, texts, medical = load_project()
    if args.reviewer not in {reviewer.get("id") for reviewer in reviewers}:
        sys.exit(f"{args.reviewer}: no reviewer with this id in mkdocs.yml extra.clinical_reviewers. Add them first.")
    site = args.pages == [review.SITE_PACKET]
    pages = medical if site else args.pages
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", *[f"{review.DOCS_DIR}/{page}" for page in pages]],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if not commit or dirty:
        sys.exit("Commit the reviewed pages first: a record names the commit whose text the clinician approved.")
    entry = {
        "reviewer": args.reviewer,
        "date": dt.date.fromisoformat(args.date) if args.date else dt.date.today(),
        "scope": review.SITE_PACKET if site else pages,
        "commit": commit,
        "fingerprints": {page: review.assess(page, texts[page], bibliography, table, records, reviewers)[1] for page in pages},
    }
    print("# Append to data/reviews.yml (replace the [] if it is the first record):")
    print(yaml.safe_dump([entry], sort_keys=False, allow_unicode=True), end="")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("status", help="every page's review state").set_defaults(run=status)
    one = commands.add_parser("packet", help="write a review packet for offline use")
    one.add_argument("page", help="a page below docs/ (hormones.md), or 'site' for every medical page")
    one.add_argument("--out", default=str(OUTPUT), help="folder to write it in (default: review-packets/)")
    one.set_defaults(run=packet)
    entry = commands.add_parser("record", help="print a review record for data/reviews.yml")
    entry.add_argument("reviewer", help="the reviewer's id in mkdocs.yml extra.clinical_reviewers")
    entry.add_argument("pages", nargs="+", help="the pages reviewed (hormones.md ...), or 'site'")
    entry.add_argument("--date", help="the day the review was finished (YYYY-MM-DD; default today)")
    entry.set_defaults(run=record)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
