#!/usr/bin/env python3
"""Set up the project's virtual environment from requirements.lock, then serve or test.

    python3 scripts/dev.py serve     # http://127.0.0.1:8000 with live reload
    python3 scripts/dev.py build     # one strict build into site/ (extra arguments go to properdocs build)
    python3 scripts/dev.py test      # the whole test suite on every core (extra arguments go to pytest)
    python3 scripts/dev.py links     # are the external links still alive? (lychee; needs the internet)
    python3 scripts/dev.py benchmark [PAGE ...]       # build time, page weight, Lighthouse scores
    python3 scripts/dev.py screenshots [--site DIR]   # the README's home-page screenshots
    python3 scripts/dev.py content-report             # words, reading grades and sources per page
    python3 scripts/dev.py update-registry [--prune]  # data/link-registry.txt from a fresh build
    python3 scripts/dev.py social-image               # docs/assets/images/social-preview.png
    python3 scripts/dev.py review-status          # every page's clinical-review state
    python3 scripts/dev.py review-packet PAGE     # a review packet to print (PAGE: hormones.md, or site)
    python3 scripts/dev.py review-record ID PAGE  # a record for data/reviews.yml (see README.md)

Needs only Python 3.11+. The environment lives in .venv and is reinstalled
whenever requirements.lock, or the axe-core version in package-lock.json, changes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A read-only checkout (as some CI runners lay it out) keeps its environment in the user's cache.
VENV = ROOT / ".venv" if os.access(ROOT, os.W_OK) else Path.home() / ".cache" / "milk-after-sex-venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".locks.sha256"  # requirements.lock and the locked axe-core
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
# axe-core's browser script for the accessibility tests (tests/browser/audit.py reads it
# from the environment): the version and hash package-lock.json pins, fetched without Node.
PACKAGE_LOCK = ROOT / "package-lock.json"
AXE_SCRIPT = VENV / "share" / "axe-core" / "axe.min.js"
REVIEW_COMMANDS = ("review-status", "review-packet", "review-record")
# Subcommands that run a script in scripts/ with the remaining arguments.
SCRIPTS = {
    "benchmark": "benchmark.py",
    "screenshots": "screenshots.py",
    "content-report": "content_report.py",
    "update-registry": "update_link_registry.py",
    "social-image": "make_social_image.py",
}
# lychee has a lock of its own: the weekly link job installs nothing else.
LINKS_LOCK = ROOT / "requirements-links.lock"
LINK_SOURCES = ["docs", "data/*.yml", "mkdocs.yml"]  # where editors write links (lychee.toml)
# The build engine (README.md, "Platform"); mkdocs.yml is named so it does not look for properdocs.yml.
PROPERDOCS = [str(BIN / "python"), "-m", "properdocs"]
CONFIG = ["--config-file", "mkdocs.yml"]


def locked_axe_core() -> dict:
    return json.loads(PACKAGE_LOCK.read_text())["packages"]["node_modules/axe-core"]


def install_axe_core(locked: dict) -> None:
    url = f"https://registry.npmjs.org/axe-core/-/axe-core-{locked['version']}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            tarball = response.read()
    except OSError as error:  # URLError, timeouts, certificate problems
        sys.exit(f"Could not download {url} ({error}): the accessibility tests need it; try again online.")
    algorithm, _, expected = locked["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        sys.exit(f"{url} does not match its integrity hash in package-lock.json: not installed.")
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        script = archive.extractfile("package/axe.min.js").read()
    AXE_SCRIPT.parent.mkdir(parents=True, exist_ok=True)
    AXE_SCRIPT.write_bytes(script)


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    axe_core = locked_axe_core()
    wanted = hashlib.sha256(LOCK.read_bytes() + axe_core["integrity"].encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing the locked dependencies ...", flush=True)
    subprocess.run(
        # Wheels only: building an sdist would fetch its build tools without hash checks.
        [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--require-hashes", "--only-binary", ":all:", "-r", str(LOCK)],
        check=True,
    )
    print(f"Installing axe-core {axe_core['version']} ...", flush=True)
    install_axe_core(axe_core)
    STAMP.write_text(wanted + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("serve", "build", "test", "links", *SCRIPTS, *REVIEW_COMMANDS):
        print(__doc__)
        return 2
    if argv[0] == "links":
        # Installs only lychee (requirements-links.lock), not the whole environment.
        return subprocess.call([sys.executable, "scripts/link_report.py", *argv[1:]], cwd=ROOT)
    ensure_environment()
    env = dict(os.environ)
    if argv[0] == "serve":
        # Serve at the root of 127.0.0.1:8000 rather than under the production path.
        env["SITE_URL"] = "http://127.0.0.1:8000/"
        command = [*PROPERDOCS, "serve", *CONFIG, "--strict", "--livereload", "--dev-addr", "127.0.0.1:8000"]
    elif argv[0] == "build":
        command = [*PROPERDOCS, "build", *CONFIG, "--strict", *argv[1:]]
    elif argv[0] in REVIEW_COMMANDS:
        command = [str(BIN / "python"), "scripts/review.py", argv[0].removeprefix("review-"), *argv[1:]]
    elif argv[0] in SCRIPTS:
        command = [str(BIN / "python"), f"scripts/{SCRIPTS[argv[0]]}", *argv[1:]]
    else:
        # One worker more than there are cores: a browser test spends much of its
        # time waiting for Chromium, and the extra worker fills that time (on 2
        # cores the suite took 9.4 min with 3 workers). A test file's slow tests
        # spread over the workers, except those grouped to share one costly pass
        # (xdist_group).
        workers = str((os.cpu_count() or 1) + 1)
        command = [str(BIN / "python"), "-m", "pytest", "-n", workers, "--dist", "loadgroup", *argv[1:]]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
