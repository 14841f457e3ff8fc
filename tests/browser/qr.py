"""Read QR codes as a phone would: from a screenshot (PNG) of the code as Chromium
draws it, decoded by zxing-cpp, which shares no code with segno."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image


def decode(png: bytes) -> list[str]:
    """Every QR code's text in a PNG image."""
    with Image.open(io.BytesIO(png)) as image:
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [code.text for code in found]
