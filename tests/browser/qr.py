"""Read QR codes as a phone would: from a screenshot (PNG) of the code as Chromium
draws it, decoded by zbarimg (Debian: zbar-tools), which shares no code with segno."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def zbarimg() -> str:
    path = shutil.which("zbarimg")
    if path is None:
        message = "zbarimg not found: install Debian's 'zbar-tools' package"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def decode(png: bytes) -> list[str]:
    """Every QR code's text in a PNG image."""
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "code.png"
        image.write_bytes(png)
        result = subprocess.run([zbarimg(), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                                capture_output=True, text=True)
    return result.stdout.splitlines()
