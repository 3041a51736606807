"""CPU per image of the picture pipeline, by source format: a 1600-px photo saved as JPEG
and as PNG, a PNG screenshot-like graphic, and a logo with transparency.

Usage: ``python benchmarks/images/png_photos.py [--runs 3]``. Prints, per source, the
CPU seconds of ``process_image`` (the median of the runs), the bytes of the variant a
phone picks (the 640-px one: 2x a 320-px slot) in each format, and the PSNR of the
largest fallback against the source, so that smaller is never worse unseen.
"""

from __future__ import annotations

import argparse
import io
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageStat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_images import logo, photo

from sphinx_partners.images.processing import Recipe, process_image

RECIPE = Recipe(widths=(320, 480, 640, 800, 1200, 1600), max_width=1600, quality=80,
                max_pixels=40_000_000)  # fmt: skip


def screenshot() -> Image.Image:
    image = Image.new("RGB", (1600, 1000), "white")
    draw = ImageDraw.Draw(image)
    for row in range(20):
        draw.rectangle((40, 40 + row * 45, 1560, 70 + row * 45), fill=(230, 236, 245))
        draw.text((60, 48 + row * 45), f"Row {row}: attendance, goals and notes", fill="black")
    return image


def psnr(source: Image.Image, published: Image.Image) -> float:
    """Peak signal-to-noise ratio of *published* against *source*, in dB (inf: the same)."""
    a, b = source.convert("RGB"), published.convert("RGB").resize(source.size)
    rms = sum(ImageStat.Stat(ImageChops.difference(a, b)).rms) / 3
    return math.inf if rms == 0 else 20 * math.log10(255 / rms)


def sources() -> dict[str, tuple[bytes, str, Image.Image]]:
    made = {}
    picture = photo(1)
    for name, image, image_format in (
        ("photo as JPEG", picture, "JPEG"),
        ("photo as PNG", picture, "PNG"),
        ("screenshot as PNG", screenshot(), "PNG"),
        ("logo (transparent PNG)", logo(1), "PNG"),
    ):
        out = io.BytesIO()
        image.save(out, image_format, **({"quality": 92} if image_format == "JPEG" else {}))
        made[name] = (out.getvalue(), image_format, image)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        "| Source | CPU | Fallback | Phone variant (WebP / fallback) | PSNR of largest fallback |"
    )
    print("|---|---|---|---|---|")
    for name, (data, image_format, image) in sources().items():
        times = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.process_time()
                manifest = process_image(data, image_format, RECIPE, Path(tmp))
                times.append(time.process_time() - start)
                variants = manifest["variants"]
                phone = {v["format"]: v["bytes"] for v in variants if v["width"] == 640}
                largest = [v for v in variants if v["width"] == manifest["width"]]
                fallback = [v for v in largest if v["format"] != "WEBP"] or largest
                with Image.open(Path(tmp) / fallback[0]["file"]) as published:
                    quality = psnr(image, published)
        sizes = " / ".join(
            f"{phone[f] // 1024} KB" for f in sorted(phone, key=lambda f: f != "WEBP")
        )
        print(
            f"| {name} | {statistics.median(times):.2f} s | {manifest['fallback']} | {sizes} "
            f"| {quality:.1f} dB |"
        )


if __name__ == "__main__":
    main()
