#!/usr/bin/env python3
"""Set up the project's virtual environment from requirements.lock, then serve or test.

    python3 scripts/dev.py serve     # http://127.0.0.1:8000 with live reload
    python3 scripts/dev.py test      # the whole test suite (extra arguments go to pytest)
    python3 scripts/dev.py links     # are the external links still alive? (needs the internet)

Needs only Python 3.11+. The environment lives in .venv and is reinstalled
whenever requirements.lock changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A read-only checkout (as some CI runners lay it out) keeps its environment in the user's cache.
VENV = ROOT / ".venv" if os.access(ROOT, os.W_OK) else Path.home() / ".cache" / "milk-after-sex-venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".requirements.lock.sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing the locked dependencies ...", flush=True)
    subprocess.run(
        [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(LOCK)],
        check=True,
    )
    STAMP.write_text(wanted + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("serve", "test", "links"):
        print(__doc__)
        return 2
    ensure_environment()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if argv[0] == "serve":
        # Serve at the root of 127.0.0.1:8000 rather than under the production path.
        env["SITE_URL"] = "http://127.0.0.1:8000/"
        command = [str(BIN / "mkdocs"), "serve", "--strict", "--livereload", "--dev-addr", "127.0.0.1:8000"]
    elif argv[0] == "links":
        command = [str(BIN / "python"), "scripts/check_external_links.py"]
    else:
        command = [str(BIN / "python"), "-m", "pytest", *argv[1:]]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
