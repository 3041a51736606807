"""The responsive-image pipeline: one source image in, clean resized variants out.

Pure Pillow, no Sphinx: it runs in worker processes. Every variant is re-encoded from
decoded pixels with an empty ``info``, so nothing of the source's metadata (EXIF with
GPS positions and camera serials, XMP, IPTC, ICC profiles, comments) can reach the
output. EXIF orientation is applied first, so photos still stand the right way up.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps

#: Bump when the output of the pipeline changes: every cached result is redone.
#: 2: fallbacks at two widths only; photographic PNGs get a JPEG fallback; faster PNG.
#: 3: each width resized from the next larger one.
PIPELINE_VERSION = 3

#: The format we publish for each source format (Pillow names); WebP is added to all.
FALLBACK_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "PNG", "WEBP": "WEBP"}
#: The raster formats the pipeline reads (Pillow format names): the one list of them.
RASTER_FORMATS = frozenset(FALLBACK_FORMATS)
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_SRGB = ImageCms.createProfile("sRGB")


class ProcessingError(ValueError):
    """The image cannot be decoded; the message says why (it reaches the author)."""


@dataclass(frozen=True)
class Recipe:
    """What to make of one source image; part of the cache key."""

    #: Widths (CSS pixels of a 1x screen) to make; none wider than the source or max_width.
    widths: tuple[int, ...]
    #: The largest variant, which is also the full-size copy a grid image links to.
    max_width: int
    #: Quality for lossy encoders (JPEG and WebP), 1-100.
    quality: int
    #: Images with more pixels are refused before decoding.
    max_pixels: int
    #: The width ``<img src>`` aims at. Every browser in use reads WebP, so the fallback
    #: format is made only there and at the largest width (the full-size copy).
    fallback_width: int = 800

    def fingerprint(self) -> str:
        settings = {"pipeline": PIPELINE_VERSION, **asdict(self)}
        return json.dumps(settings, sort_keys=True)


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def target_widths(width: int, recipe: Recipe) -> list[int]:
    """The variant widths for a source *width*: never upscaled, the largest always kept."""
    largest = min(width, recipe.max_width)
    return sorted({w for w in recipe.widths if 0 < w < largest} | {largest})


def decode(data: bytes, recipe: Recipe) -> Image.Image:
    """Decode *data* into an upright RGB(A)/L image no wider than needed, with no metadata.

    Raise ProcessingError for anything that is not a complete, acceptable image.
    """
    try:
        with warnings.catch_warnings():
            # Our own pixel limit decides; below Pillow's hard limit its warning repeats it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                width, height = opened.size
                if width * height > recipe.max_pixels:
                    raise ProcessingError(
                        f"the image has {width}x{height} pixels, more than the limit of "
                        f"{recipe.max_pixels:,} (partners_max_image_pixels)"
                    )
                if opened.format == "JPEG":
                    # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still
                    # covers the largest variant: far less memory and time.
                    # Both sides are capped, so a rotated photo is still covered.
                    opened.draft(
                        None, (min(width, recipe.max_width), min(height, recipe.max_width))
                    )
                opened.load()
                # (Pillow before 11 is typed as maybe returning None.)
                upright = ImageOps.exif_transpose(opened) or opened
                image = _to_srgb(upright)
    except ProcessingError:
        raise
    except Image.DecompressionBombError:
        raise ProcessingError("the image has far too many pixels to be processed safely") from None
    except Exception as exc:  # any failure is this image's alone
        # Pillow's plugins raise more than OSError on hostile files (struct.error,
        # KeyError, ZeroDivisionError in EXIF...): each is a warning for this image.
        if "truncated" in str(exc):  # a copy or download that stopped before the end
            raise ProcessingError(
                f"the file is cut short, so the image cannot be decoded ({exc})"
            ) from None
        raise ProcessingError(f"the image cannot be decoded ({exc})") from None
    image = _normalise_mode(image)
    # Nothing of the source's metadata travels further: encoders fall back to ``info``.
    image.info = {}
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert an image with an embedded colour profile to sRGB (the profile is dropped)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: use the pixels as they are
    return converted if converted is not None else image


def _normalise_mode(image: Image.Image) -> Image.Image:
    """RGBA when the image has transparency, L for greyscale, RGB for everything else."""
    mode = image.mode
    if mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info:
        return image.convert("RGBA")
    if mode in ("RGB", "L"):
        return image
    if mode.startswith("I;16") or mode in ("I", "F"):
        # 16-bit greyscale: scale to 8 bits (a plain convert would clip to white).
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if mode == "1":
        return image.convert("L")
    return image.convert("RGB")  # P without transparency, CMYK, YCbCr, LAB...


def encode(image: Image.Image, image_format: str, quality: int) -> bytes:
    """Encode *image* as *image_format*; deterministic for the same pixels and settings."""
    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    elif image_format == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGB")
        image.save(out, "WEBP", quality=quality, method=4)
    else:
        # zlib's default level: optimize=True cost 1.3 s on a 1600-px photo for a few %.
        image.save(out, "PNG")
    return out.getvalue()


#: A PNG whose sample of 64x64 pixels holds more colours than this is a photograph.
PHOTOGRAPHIC_COLOURS = 1024


def fallback_format(image: Image.Image, source_format: str) -> str:
    """The format published beside WebP: the source's, except for an opaque
    photograph saved as PNG (a screenshot or an export), which JPEG holds in a tenth
    of the bytes. Graphics (few colours) and anything transparent stay PNG."""
    fallback = FALLBACK_FORMATS.get(source_format, "PNG")
    if fallback != "PNG" or image.mode not in ("RGB", "L"):
        return fallback
    sample = image.resize((64, 64), Image.Resampling.NEAREST)
    photographic = sample.getcolors(PHOTOGRAPHIC_COLOURS) is None
    return "JPEG" if photographic else "PNG"


#: libwebp cannot encode an image with a side longer than this.
WEBP_MAX_SIDE = 16383


def variant_formats(
    width: int, height: int, fallback: str, *, with_fallback: bool = True
) -> list[str]:
    """The formats of one variant: WebP and the fallback, or what can hold its size."""
    if max(width, height) > WEBP_MAX_SIDE:
        return ["PNG" if fallback == "WEBP" else fallback]  # a tall strip: no WebP
    return ["WEBP"] if fallback == "WEBP" or not with_fallback else ["WEBP", fallback]


def fallback_widths(widths: list[int], recipe: Recipe) -> set[int]:
    """The widths made in the fallback format too: ``<img src>``'s, and the largest."""
    src = next((width for width in widths if width >= recipe.fallback_width), widths[-1])
    return {src, widths[-1]}


def process_image(data: bytes, source_format: str, recipe: Recipe, dest: Path) -> dict[str, Any]:
    """Write every variant of the image in *data* into folder *dest*; return the manifest.

    The manifest lists the variants (file name, format, width, height, bytes) and the
    upright size. Raise ProcessingError if the image cannot be decoded.
    """
    image = decode(data, recipe)
    fallback = fallback_format(image, source_format)
    width, height = image.size
    variants: list[dict[str, Any]] = []
    widths = target_widths(width, recipe)
    with_fallback = fallback_widths(widths, recipe)
    # Largest first, each width resized from the one before it: about half the
    # resizing work of starting from the source each time, and the same pixels to the
    # eye (over 51 dB PSNR against a resize from the source; benchmarks/images/README.md).
    made: dict[int, Image.Image] = {}
    larger = image
    for target in reversed(widths):
        target_height = max(1, round(height * target / width))
        if target != larger.width:
            larger = larger.resize(
                (target, target_height), Image.Resampling.LANCZOS, reducing_gap=3.0
            )
        made[target] = larger
    for target in widths:
        resized = made[target]
        target_height = resized.height
        formats = variant_formats(
            target, target_height, fallback, with_fallback=target in with_fallback
        )
        for image_format in formats:
            try:
                data_out = encode(resized, image_format, recipe.quality)
            except Exception as exc:  # an encoder limit is this image's alone
                raise ProcessingError(
                    f"the image cannot be saved as {image_format} at {target}x{target_height} "
                    f"pixels ({exc})"
                ) from None
            name = f"{target}.{EXTENSIONS[image_format]}"
            (dest / name).write_bytes(data_out)
            variants.append(
                {
                    "file": name,
                    "format": image_format,
                    "width": target,
                    "height": target_height,
                    "bytes": len(data_out),
                }
            )
    largest = variants[-1]
    return {
        "version": PIPELINE_VERSION,
        "width": largest["width"],
        "height": largest["height"],
        "fallback": fallback,
        "variants": variants,
    }
