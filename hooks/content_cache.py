"""A cache on disk for costly text the build makes again and again from the same
inputs (QR drawings, the purged stylesheet, a built page's final bytes). An
entry is named by a hash of everything its text depends on, the code that made
it included, so it is never stale; git ignores .cache/. A build keeps only the
entries it used (forget_unused), so the cache holds one build's worth."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Callable

PROJECT = Path(__file__).resolve().parent.parent
CACHE = PROJECT / ".cache"
# What every entry depends on besides its key: our code, and the packages the
# lock pins (a test's copy of the project has no lock: its hooks still count).
CODE = ("hooks/*.py", "requirements.lock")

_used: set[Path] = set()


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(path for pattern in CODE for path in PROJECT.glob(pattern)):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cached_text(kind: str, key: object, make: Callable[[], str], suffix: str = ".txt") -> str:
    """The text `make()` returns for `key` (anything json can write), from
    .cache/KIND/ when an earlier build made it. When make() raises, nothing is kept."""
    digest = hashlib.sha256(json.dumps([code_version(), key], sort_keys=True).encode("utf-8")).hexdigest()
    path = CACHE / kind / f"{digest}{suffix}"
    _used.add(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = make()
    with contextlib.suppress(OSError):  # a read-only checkout builds without the cache
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole, then renamed: builds running side by side never read half a file.
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return text


def forget_unused() -> None:
    """Delete the entries of every kind this build used that it did not use, so
    editing while serving does not grow the cache; then start counting afresh,
    and read the code again (`serve` may have loaded a changed hook)."""
    for folder in {path.parent for path in _used}:
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                if entry not in _used:
                    entry.unlink(missing_ok=True)
    _used.clear()
    code_version.cache_clear()
