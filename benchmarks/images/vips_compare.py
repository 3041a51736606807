"""libvips (pyvips) against the Pillow pipeline, on the same photo and the same work.

Usage::

    pip install "pyvips[binary]"   # libvips in a wheel; not a dependency of the extension
    python benchmarks/images/vips_compare.py [--runs 9]

For a 1600x1067 photo saved as JPEG and as PNG, both do what ``process_image`` does:
decode (JPEG shrunk on load when it can), turn upright, drop every piece of metadata,
make the six widths (each from the next larger one, Lanczos), encode each as WebP
(quality 80, effort 4) and the 800- and 1600-px ones as a JPEG fallback (quality 80,
optimised, progressive). It prints the CPU seconds of each (median of the runs, libvips
held to one thread, as each of our workers is), the bytes of the phone's variant (640
px WebP) and the PSNR of each library's 640-px WebP against a Lanczos resize of the
source, so that faster is not worse unseen. The decision rule (issue 15): adopt libvips
only for a 2x win with no loss.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_images import photo
from png_photos import RECIPE, psnr

from sphinx_partners.images.processing import process_image

WIDTHS = RECIPE.widths
FALLBACK_AT = (800, 1600)
PHONE = 640


def with_vips(data: bytes, dest: Path) -> dict[int, int]:
    """The same variants with libvips; returns the bytes of each WebP by width."""
    import pyvips

    # Shrink-on-load for JPEG, like Pillow's draft; autorotate from EXIF.
    image = pyvips.Image.thumbnail_buffer(data, RECIPE.max_width, size="down", no_rotate=False)
    image = image.copy_memory()  # decoded once; every width is made from memory
    made: dict[int, pyvips.Image] = {}
    larger = image
    for width in sorted(WIDTHS, reverse=True):
        if width != larger.width:
            larger = larger.resize(width / larger.width, kernel="lanczos3")
        made[width] = larger.copy_memory()
    sizes = {}
    for width, variant in made.items():
        webp = variant.webpsave_buffer(Q=RECIPE.quality, effort=4, keep="none")
        (dest / f"{width}.webp").write_bytes(webp)
        sizes[width] = len(webp)
        if width in FALLBACK_AT:
            jpeg = variant.jpegsave_buffer(
                Q=RECIPE.quality, optimize_coding=True, interlace=True, keep="none"
            )
            (dest / f"{width}.jpg").write_bytes(jpeg)
    return sizes


def with_pillow(data: bytes, image_format: str, dest: Path) -> dict[int, int]:
    manifest = process_image(data, image_format, RECIPE, dest)
    return {v["width"]: v["bytes"] for v in manifest["variants"] if v["format"] == "WEBP"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    # One thread, as each of our image workers is one process on one core.
    os.environ.setdefault("VIPS_CONCURRENCY", "1")
    import pyvips

    pyvips.cache_set_max(0)  # every run does the whole work
    print(f"libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}")
    source = photo(1)
    reference = source.resize((PHONE, round(source.height * PHONE / source.width)),
                              Image.Resampling.LANCZOS)  # fmt: skip
    print("| Source | Pillow CPU | libvips CPU | Pillow / libvips | Phone WebP (Pillow / libvips) "
          "| PSNR of the phone WebP (Pillow / libvips) |")  # fmt: skip
    print("|---|---:|---:|---:|---|---|")
    for image_format in ("JPEG", "PNG"):
        out = io.BytesIO()
        source.save(out, image_format, **({"quality": 92} if image_format == "JPEG" else {}))
        data = out.getvalue()
        times: dict[str, list[float]] = {"pillow": [], "vips": []}
        sizes: dict[str, dict[int, int]] = {}
        quality: dict[str, float] = {}
        for _ in range(args.runs):
            for name in ("pillow", "vips"):  # in turns, so load falls on both alike
                with tempfile.TemporaryDirectory() as tmp:
                    start = time.process_time()
                    if name == "pillow":
                        sizes[name] = with_pillow(data, image_format, Path(tmp))
                    else:
                        sizes[name] = with_vips(data, Path(tmp))
                    times[name].append(time.process_time() - start)
                    with Image.open(Path(tmp) / f"{PHONE}.webp") as published:
                        quality[name] = psnr(reference, published)
        pillow, vips = (statistics.median(times[name]) for name in ("pillow", "vips"))
        print(
            f"| photo as {image_format} | {pillow:.2f} s | {vips:.2f} s | {pillow / vips:.2f} "
            f"| {sizes['pillow'][PHONE] // 1024} KB / {sizes['vips'][PHONE] // 1024} KB "
            f"| {quality['pillow']:.1f} / {quality['vips']:.1f} dB |"
        )


if __name__ == "__main__":
    main()
