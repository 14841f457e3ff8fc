#!/usr/bin/env python3
"""Draw the sharing preview image (Open Graph / Twitter card), 1200x630 PNG:

    .venv/bin/python scripts/make_social_image.py

Writes docs/assets/images/social-preview.png, which is committed: the build
serves it as it is and never calls a card service. Rerun it only when the site's
name, description or colours change. Needs Pillow and Liberation Sans (Debian:
fonts-liberation); the text comes from mkdocs.yml so the card says what the site says.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs/assets/images/social-preview.png"
FONTS = Path("/usr/share/fonts/truetype/liberation")
WIDTH, HEIGHT = 1200, 630
# The light palette's primary colour (docs/assets/stylesheets/site.css).
BACKGROUND, TEXT, ACCENT = "#00635a", "#ffffff", "#b2dfdb"


def site_text() -> tuple[str, str]:
    """site_name and site_description, read as text (mkdocs.yml has !ENV tags)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    name = re.search(r"^site_name:\s*(.+)$", config, re.M).group(1).strip()
    block = re.search(r"^site_description:\s*>-\n((?:  .+\n)+)", config, re.M).group(1)
    return name, " ".join(block.split())


def main() -> None:
    name, description = site_text()
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.truetype(str(FONTS / "LiberationSans-Bold.ttf"), 104)
    body_font = ImageFont.truetype(str(FONTS / "LiberationSans-Regular.ttf"), 44)

    # A drop: a circle under a triangle, the site's logo idea, drawn not fetched.
    cx, cy, r = 1010, 300, 95
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ACCENT)
    draw.polygon([(cx - 82, cy - 48), (cx, cy - 215), (cx + 82, cy - 48)], fill=ACCENT)

    draw.text((80, 120), name, font=title_font, fill=TEXT)
    y = 280
    for line in textwrap.wrap(description, width=36):
        draw.text((80, y), line, font=body_font, fill=TEXT)
        y += 60
    draw.rectangle((80, 540, 280, 548), fill=ACCENT)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    image.save(OUTPUT, optimize=True)
    print(f"Wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
