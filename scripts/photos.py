"""Get photos ready for the repository: upright, at most 2,560 pixels, no hidden metadata.

Usage::

    python scripts/photos.py prepare [FILE_OR_FOLDER ...]   # default: docs
    python scripts/photos.py check [FILE_OR_FOLDER ...]     # default: docs

The repository is public, and a photo straight from a phone carries more than its
pixels: the GPS position where it was taken, the camera's serial number, the owner's
name (EXIF, XMP, IPTC, text chunks). The site's build never publishes those in a grid
picture or a logo, but the file in the repository keeps them for anyone to download,
and a 4,000-pixel photo makes every clone heavier for nothing: the site shows at most
2,560 pixels (``partners_image_max_width``).

``prepare`` rewrites, in place, each PNG, JPEG or WebP file that needs it: turned the
right way up, converted to sRGB, shrunk to at most 2,560 pixels on its longer side,
saved again in its own format without any metadata. Files that need nothing are left
alone, so running it twice changes nothing. It decodes with the extension's own
pipeline (``sphinx_partners.images.processing``), the one the build uses.

Given one folder (or its files), ``prepare`` then prints that folder's photos as an
``image-grid`` to paste into a page, with their real addresses and, in capitals, what
is left to write (each photo's alt text, the row's caption): the build flags each of
those still in a page (``partners.placeholder``), so none can be forgotten.

``check`` lists each file that still needs ``prepare``, or whose name is not lowercase
words joined by hyphens (``prepare`` never renames: only a person knows what a photo
shows), as ``file: what is wrong. How to fix it.``, and exits with status 1 if there is
any (``nox -s check``, the preview and the test suite run it).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import textwrap
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image

#: The longest side a photo in the repository needs: the site's largest copy.
MAX_SIDE = 2560
#: Quality of a rewritten JPEG or WebP: the build makes its own copies from it at 80.
SOURCE_QUALITY = 90
SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
#: Folders that hold no source files (Sphinx output, installed packages).
SKIP_DIRS = {"_build", "node_modules"}
#: ``Image.info`` keys that hold metadata a reader of the file could see.
METADATA_KEYS = {
    "exif": "EXIF",
    "xmp": "XMP",
    "XML:com.adobe.xmp": "XMP",
    "photoshop": "IPTC",
    "comment": "a comment",
}
FIX = "To make it ready, run .venv/bin/nox -s photos -- {path}"
#: A name a phone or camera gives: a prefix, then only numbers (IMG_0042, PXL_20240501_...).
CAMERA_NAME = re.compile(
    r"(?:img|dsc[fn]?|pxl|mvimg|dji|gopr|photo|image)?[-_ ]*[0-9][0-9_ -]*", re.I
)
#: What the printed row leaves to the contributor, in capitals: the build names each
#: one still in a page (partners.placeholder), once a page, so each photo's differs.
ORDINALS = (
    "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH",
    "TENTH", "ELEVENTH", "TWELFTH", "THIRTEENTH", "FOURTEENTH", "FIFTEENTH", "SIXTEENTH",
    "SEVENTEENTH", "EIGHTEENTH", "NINETEENTH", "TWENTIETH",
)  # fmt: skip
CAPTION_TO_WRITE = "ONE SENTENCE ABOUT THE WHOLE ROW, OR LEAVE THIS LINE OUT"
#: A folder's address that Markdown and every web server take as it is.
PLAIN_ADDRESS = re.compile(r"(?:/[A-Za-z0-9_.-]+)+")
#: A file name that is safe in a web address and looks the same on every system.
GOOD_NAME = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*\.(?:png|jpe?g|webp)")


@dataclass(frozen=True)
class Finding:
    """What a file needs: metadata to remove, a size to shrink, a rotation to apply."""

    path: Path
    size: tuple[int, int]
    metadata: tuple[str, ...]
    rotated: bool

    @property
    def too_large(self) -> bool:
        return max(self.size) > MAX_SIDE

    @property
    def needs_work(self) -> bool:
        """What ``prepare`` fixes (it never renames a file)."""
        return bool(self.metadata) or self.too_large or self.rotated

    @property
    def badly_named(self) -> bool:
        return GOOD_NAME.fullmatch(self.path.name) is None

    def __str__(self) -> str:
        if not self.needs_work:
            return rename_advice(self.path)
        problems = []
        if self.metadata:
            problems.append(f"it keeps hidden metadata ({', '.join(self.metadata)})")
        if self.too_large:
            width, height = self.size
            problems.append(f"it is {width}x{height} pixels, more than the {MAX_SIDE} needed")
        if self.rotated:
            problems.append("it is stored on its side with a note to turn it")
        said = f"{self.path}: {'; '.join(problems)}."
        if self.badly_named:  # said now, not only once the rest is fixed
            advice = rename_advice(self.path).removeprefix(f"{self.path}: ")
            said += f" Its name too: {advice}"
        # The command last, with nothing after it to copy by mistake.
        return f"{said} {FIX.format(path=self.path)}"


def web_words(name: str) -> str:
    """*name* in lowercase words joined by hyphens, its accents left out (``Niños en
    clase`` gives ``ninos-en-clase``): what a web address takes as it is."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def rename_advice(path: Path) -> str:
    """How to rename *path*: after what it shows, or its own words made safe for the web."""
    if CAMERA_NAME.fullmatch(path.stem):
        return (
            f"{path}: it has the name the camera gave it, and a name becomes part of the "
            "picture's web address. Rename it after what it shows, in lowercase words "
            "joined by hyphens (IMG_0042.JPG -> reading-corner.jpg), and write the new name "
            "where a page shows it."
        )
    words = web_words(path.stem)
    return (
        f"{path}: a name becomes part of the picture's web address, which needs lowercase "
        f"letters, digits and hyphens, its ending included. Rename it {words}"
        f"{path.suffix.lower()}, and write the new name where a page shows it."
    )


def why_unreadable(error: Exception, path: Path | None = None) -> str:
    """Why a photo cannot be read, in plain words (Pillow's own after them)."""
    from sphinx_partners.images.inspect import HEIC_ADVICE, BadImageError, is_heic

    if path is not None and is_heic(path):
        return HEIC_ADVICE
    said = str(error) or type(error).__name__
    if isinstance(error, BadImageError):
        return said  # the build's own words
    if "truncated" in said.lower():
        return f"the file is cut short: it was not copied or downloaded whole ({said})"
    if isinstance(error, Image.UnidentifiedImageError):
        return "the file is not a JPEG, PNG or WebP picture, or it is damaged"
    return f"the file is damaged ({said})"


def images_in(paths: Iterable[Path]) -> Iterator[Path]:
    """The PNG, JPEG and WebP files in *paths* (files, or folders searched through)."""
    for path in paths:
        if path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(name for name in subfolders if name not in SKIP_DIRS)
            for name in sorted(files):
                if Path(name).suffix.lower() in SUFFIXES:
                    yield Path(folder, name)


def _metadata(image: Image.Image) -> tuple[str, ...]:
    found = {label for key, label in METADATA_KEYS.items() if image.info.get(key)}
    exif = image.getexif()
    if exif:
        found.add("EXIF")
        if exif.get(ExifTags.Base.GPSInfo):
            found.add("GPS position")
    if getattr(image, "text", None):  # PNG text chunks: author, software, description...
        found.add("text chunks")
    return tuple(sorted(found))


def inspect(path: Path) -> Finding:
    """What *path* needs; raise if it is not an image Pillow can read, or one that would
    take minutes to decode (a JPEG drawn in thousands of scans)."""
    with Image.open(path) as image:
        if image.format == "JPEG":
            # The build's own check; imported here, as it loads Sphinx (0.4 s a run).
            from sphinx_partners.images.inspect import check_jpeg_cost

            check_jpeg_cost(path.read_bytes())
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        return Finding(path, image.size, _metadata(image), orientation not in (1, None))


def prepare(finding: Finding) -> str:
    """Rewrite the file as it should be; say what changed."""
    # The build's own decoder; imported here, as it loads Sphinx (0.4 s a check).
    from sphinx_partners.images.processing import Recipe, decode

    data = finding.path.read_bytes()
    with Image.open(io.BytesIO(data)) as opened:
        source_format = opened.format or "PNG"
    recipe = Recipe(
        widths=(MAX_SIDE,),
        max_width=MAX_SIDE,
        quality=SOURCE_QUALITY,
        max_pixels=Image.MAX_IMAGE_PIXELS or 178_956_970,
    )
    image = decode(data, recipe)  # upright, sRGB, no metadata
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if source_format == "JPEG":
        image.convert("RGB" if image.mode != "L" else "L").save(
            out, "JPEG", quality=SOURCE_QUALITY, optimize=True, progressive=True
        )
    elif source_format == "WEBP":
        image.save(out, "WEBP", quality=SOURCE_QUALITY, method=6)
    else:
        image.save(out, "PNG", optimize=True)
    _replace(finding.path, out.getvalue())
    done = []
    if finding.metadata:
        done.append(f"removed {', '.join(finding.metadata)}")
    if image.size != finding.size:
        done.append(f"{finding.size[0]}x{finding.size[1]} -> {image.width}x{image.height}")
    if finding.rotated:
        done.append("turned upright")
    kilobytes = f"{len(data) // 1024} KB -> {len(out.getvalue()) // 1024} KB"
    return f"{finding.path}: {', '.join(done)} ({kilobytes})"


def _replace(path: Path, data: bytes) -> None:
    """Write *data* to *path* in one step: an interrupted run leaves the old file."""
    handle, name = tempfile.mkstemp(prefix=".photo-", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        temporary.chmod(path.stat().st_mode & 0o777)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _project_of(folder: Path) -> Path | None:
    """The Sphinx project *folder* is in: the nearest folder up that holds a conf.py."""
    for candidate in (folder, *folder.parents):
        if (candidate / "conf.py").is_file():
            return candidate
    return None


def _columns(count: int) -> str:
    # One photo spans the row; two or four make even rows of two; otherwise three.
    if count == 1:
        return "1"
    return "1 2 2" if count in (2, 4) else "1 2 3"


def _alt_to_write(number: int) -> str:
    ordinal = ORDINALS[number] if number < len(ORDINALS) else "NEXT"
    return f"WHAT THE {ordinal} PHOTO SHOWS"


def row_to_paste(photos: list[Path]) -> str:
    """*photos* as an image-grid to paste into a page, or what to do first.

    Empty unless the photos are one folder's, inside a Sphinx project: a row is one
    folder's photos, and its addresses start at the project's folder.
    """
    folders = {photo.parent.resolve() for photo in photos}
    project = _project_of(next(iter(folders))) if len(folders) == 1 else None
    if project is None:
        return ""
    badly_named = [photo for photo in photos if GOOD_NAME.fullmatch(photo.name) is None]
    if badly_named:
        return "\n".join(
            [
                *(rename_advice(photo) for photo in badly_named),
                "Then run this again: it prints the row of photos to paste into your page.",
            ]
        )
    folder = folders.pop()
    address = "/" + folder.relative_to(project).as_posix()
    if PLAIN_ADDRESS.fullmatch(address) is None:
        return (
            f"{folder}: the folder's name becomes part of the pictures' web address. Rename "
            "it in lowercase words joined by hyphens, then run this again."
        )
    shown = _shown_at(project, address, photos)
    said = [f"{address}/{name} is shown already, at {place}." for name, place in shown.items()]
    new = sorted(photo for photo in photos if photo.name not in shown)
    if not new:
        return "\n".join(said)  # a row to paste again would show them twice
    intro = (
        "To show these photos as a row, paste this into your page, with a blank line "
        "before and after, then replace each text in capitals (the preview names any left):"
    )
    return "\n".join([*said, f"{textwrap.fill(intro, width=88)}\n\n{image_row(address, new)}"])


def _shown_at(project: Path, address: str, photos: list[Path]) -> dict[str, str]:
    """Where a page of *project* shows each of *photos* already (``page.md:line``): a
    newcomer made one photo ready again and was offered a row to paste a second time."""
    wanted = {f"{address}/{photo.name}": photo.name for photo in photos}
    found: dict[str, str] = {}
    for page in sorted(project.rglob("*.md")):
        if "_build" in page.relative_to(project).parts:
            continue
        try:
            lines = page.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeError):
            continue
        for number, line in enumerate(lines, start=1):
            for written, name in wanted.items():
                if written in line and name not in found:
                    found[name] = f"{page.relative_to(project.parent).as_posix()}:{number}"
    return found


def image_row(
    address: str,
    photos: list[Path],
    alts: Sequence[str | None] = (),
    caption: str | None = None,
) -> str:
    """An image-grid of *photos*, in this order, at the folder *address*, with the alt
    texts and caption given; what is not given in capitals, a caption of ``""`` left out."""
    caption_line = [] if caption == "" else [f":caption: {caption or CAPTION_TO_WRITE}"]
    written = [*alts, *[None] * (len(photos) - len(alts))]
    return "\n".join(
        [
            "::::{image-grid}",
            f":columns: {_columns(len(photos))}",
            *caption_line,
            "",
            *(
                f"![{alt or _alt_to_write(number)}]({address}/{photo.name})"
                for number, (photo, alt) in enumerate(zip(photos, written, strict=True))
            ),
            "::::",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("action", choices=["prepare", "check"])
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    named = bool(args.paths)  # a folder the contributor named, not the whole site
    args.paths = args.paths or [Path("docs")]
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        parser.error(f"not found: {', '.join(map(str, missing))}")
    unreadable = 0
    findings = []
    readable = []
    for path in images_in(args.paths):
        try:
            finding = inspect(path)
        except Exception as exc:  # Pillow's plugins raise more than OSError on broken files
            print(f"{path}: it cannot be read: {why_unreadable(exc, path)}. Replace the file.")
            unreadable += 1
            continue
        readable.append(path)
        if finding.needs_work or (args.action == "check" and finding.badly_named):
            findings.append(finding)
    if args.action == "check":
        for finding in findings:
            print(finding)
        if findings:
            print(
                f"{len(findings)} photo(s) to prepare or rename before they go into the "
                "public repository: each line above says which and why."
            )
        return 1 if findings or unreadable else 0
    for finding in findings:
        try:
            print(prepare(finding))
        except (OSError, ValueError) as exc:  # ProcessingError is a ValueError
            print(f"{finding.path}: left as it is, it cannot be processed ({exc}).")
            unreadable += 1
            readable.remove(finding.path)
    if not findings and not unreadable:
        print("Every photo is ready: upright, small enough, no hidden metadata.")
    row = row_to_paste(readable) if named and readable else ""
    if row:
        print(f"\n{row}")
    return 1 if unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
