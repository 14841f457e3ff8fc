"""A cache on disk for costly text the build makes again and again from the same
inputs (QR drawings, the purged stylesheet). An entry is named by a hash of
everything its text depends on, so it is never stale; git ignores .cache/."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Callable

CACHE = Path(__file__).resolve().parent.parent / ".cache"


def cached_text(kind: str, key: object, make: Callable[[], str], suffix: str = ".txt") -> str:
    """The text `make()` returns for `key` (anything json can write), from
    .cache/KIND/ when an earlier build made it."""
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode("utf-8")).hexdigest()
    path = CACHE / kind / f"{digest}{suffix}"
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
