"""A JPEG drawn in thousands of scans is refused before anything decodes it.

A red team's finding (round 15): a progressive JPEG can repeat a nearly empty scan, and
the decoder walks every block of the picture on each one, so a 1.3 MB file took 68 s
to decode in an image grid; published as a plain image, readers' browsers pay it.
"""

from __future__ import annotations

import base64
import io
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from PIL import Image

from conftest import REPO_ROOT, build_small_site
from hostile_corpus import png_header
from sphinx_partners.images.jpeg_scans import MAX_JPEG_SCANS, jpeg_cost_problem, jpeg_scans

HARDENED = "partners_harden_site = True\n"


def _progressive(size: tuple[int, int] = (64, 48), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG", progressive=True, **save)
    return out.getvalue()


def scan_bomb(repeats: int) -> bytes:
    """A small progressive JPEG whose last scan is repeated *repeats* more times."""
    data = _progressive()
    last_scan = data.rindex(b"\xff\xda")
    assert data.endswith(b"\xff\xd9")
    return data[:-2] + data[last_scan:-2] * repeats + data[-2:]


def test_scans_are_counted_along_the_markers() -> None:
    baseline = io.BytesIO()
    Image.new("RGB", (64, 48)).save(baseline, "JPEG")
    assert jpeg_scans(baseline.getvalue()) == 1
    assert jpeg_scans(_progressive()) == 10  # libjpeg's progression for colour
    assert jpeg_scans(scan_bomb(90)) == 100
    assert jpeg_scans(scan_bomb(500)) == MAX_JPEG_SCANS + 1  # it stops counting there
    assert jpeg_scans(b"\x89PNG\r\n\x1a\n") == 0
    assert jpeg_cost_problem(_progressive()) is None
    assert "more than 100 scans" in str(jpeg_cost_problem(scan_bomb(91)))


def arithmetic(data: bytes) -> bytes:
    """*data*, a baseline JPEG, marked as arithmetic-coded (SOF9): the markers say so."""
    return data.replace(b"\xff\xc0", b"\xff\xc9", 1)


def test_codings_no_camera_writes_are_refused() -> None:
    """Round 16: with arithmetic coding, 100 scans of a 7 KB file took 13 s to decode."""
    baseline = io.BytesIO()
    Image.new("RGB", (64, 48)).save(baseline, "JPEG")
    assert jpeg_cost_problem(baseline.getvalue()) is None
    assert "arithmetic" in str(jpeg_cost_problem(arithmetic(baseline.getvalue())))
    lossless = baseline.getvalue().replace(b"\xff\xc0", b"\xff\xc3", 1)
    assert "lossless" in str(jpeg_cost_problem(lossless))


def test_a_scan_marker_inside_metadata_is_not_a_scan() -> None:
    """A comment or an EXIF thumbnail (a JPEG of its own) may hold the bytes FF DA."""
    comment = b"\xff\xda" * 200
    assert jpeg_scans(_progressive(comment=comment)) == 10
    thumbnail = io.BytesIO()
    Image.new("RGB", (16, 16)).save(thumbnail, "JPEG")
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    with_thumbnail = _progressive(exif=exif.tobytes() + thumbnail.getvalue() * 40)
    assert jpeg_scans(with_thumbnail) == 10


def test_a_scan_bomb_is_refused_in_a_grid_and_not_published_as_a_plain_image(
    tmp_path: Path,
) -> None:
    srcdir = tmp_path / "site"
    (srcdir / "img").mkdir(parents=True)
    (srcdir / "img" / "bomb.jpg").write_bytes(scan_bomb(2_000))
    # Under another name too: a browser decodes an <img> by what the file holds.
    (srcdir / "img" / "bomb.png").write_bytes(scan_bomb(2_000))
    baseline = io.BytesIO()
    Image.new("RGB", (64, 48)).save(baseline, "JPEG")
    (srcdir / "img" / "arithmetic.jpg").write_bytes(arithmetic(baseline.getvalue()))
    page = (
        "# Photos\n\n"
        ":::{image-grid}\n![A grey square](img/bomb.jpg)\n![A square](img/arithmetic.jpg)\n:::\n\n"
        "![A grey square](img/bomb.png)\n\n{download}`The photo <img/bomb.jpg>`\n"
    )
    outdir, warnings, _ = build_small_site(srcdir, {"index.md": page}, HARDENED)
    refused = [line for line in warnings if "[partners.image]" in line]
    assert len(refused) == 2 and "index.md:4:" in refused[0], warnings
    assert f"drawn in more than {MAX_JPEG_SCANS} scans" in refused[0]
    assert "index.md:5:" in refused[1] and "arithmetic" in refused[1]
    unpublished = [line for line in warnings if "[partners.published]" in line]
    assert len(unpublished) == 2, warnings
    assert "index.md:8: WARNING: a JPEG drawn in more than 100 scans" in unpublished[1]
    assert all("Export the picture again as JPEG" in line for line in unpublished)
    published = [path for path in outdir.rglob("*") if path.is_file()]
    assert [path for path in published if jpeg_scans(path.read_bytes()) > 10] == []


def test_a_scan_bomb_written_into_a_file_of_the_site_s_folder_is_not_published(
    tmp_path: Path,
) -> None:
    """Round 16: an HTML file of ``_static`` held one as a ``data:`` URL (Chromium took
    136 s to show it); a srcset's, and one whose base64 has spaces, are found too."""
    srcdir = tmp_path / "site"
    (srcdir / "_static").mkdir(parents=True)
    encoded = base64.b64encode(scan_bomb(2_000)).decode()
    spaced = " ".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    files = {
        "map.html": f'<p>A map</p><img alt="" src="data:image/jpeg;base64,{encoded}">',
        "set.html": f'<img alt="" srcset="pic.jpg 1x, data:image/png;base64,{encoded} 2x">',
        "spaced.html": f'<img alt="" src="data:image/jpeg;base64,{spaced}">',
        # Round 17: in CSS, and inside an SVG written as a data: URL.
        "styled.html": f'<div style="background: url(data:image/jpeg;base64,{encoded})"></div>',
        "sheet.html": f"<style>p {{ background: url('data:image/jpeg;base64,{encoded}') }}</style>",
        "svg.html": '<img alt="" src="data:image/svg+xml,'
        + quote(
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/jpeg;base64,'
            + encoded
            + '"/></svg>'
        )
        + '">',
    }
    for name, text in files.items():
        (srcdir / "_static" / name).write_text(text, encoding="utf-8")
    kept = base64.b64encode(_progressive()).decode()
    (srcdir / "_static" / "fine.html").write_text(
        f'<img alt="" src="data:image/jpeg;base64,{kept}">', encoding="utf-8"
    )
    outdir, warnings, _ = build_small_site(
        srcdir, {"index.md": "# Home\n"}, HARDENED + 'html_static_path = ["_static"]\n'
    )
    unpublished = sorted(line for line in warnings if "[partners.published]" in line)
    assert len(unpublished) == 6, warnings
    named = [line.split(" in _static/")[1].split(":")[0] for line in unpublished]
    assert sorted(named) == sorted(files), unpublished
    assert sum("whose JPEG is drawn in more than 100 scans" in line for line in unpublished) == 5
    assert "whose SVG is refused" in next(line for line in unpublished if "svg.html" in line)
    assert sorted(path.name for path in (outdir / "_static").glob("*.html")) == ["fine.html"]


def test_a_plain_picture_past_the_pixel_limit_is_not_published(tmp_path: Path) -> None:
    """Round 18: a plain Markdown image is published as it is, and 20,000 x 20,000
    pixels in 389 KB took a reader's browser 2 GB; cards and grids refused it."""
    srcdir = tmp_path / "site"
    srcdir.mkdir()
    (srcdir / "map.png").write_bytes(png_header(8_000, 8_000))
    (srcdir / "huge.png").write_bytes(png_header(20_000, 20_000))
    (srcdir / "small.png").write_bytes(png_header(800, 600))
    page = (
        "# Maps\n\n![A map of the garden](map.png)\n\n![A map of the town](huge.png)\n\n"
        "![A small map](small.png)\n"
    )
    outdir, warnings, _ = build_small_site(srcdir, {"index.md": page}, HARDENED)
    unpublished = sorted(line for line in warnings if "[partners.published]" in line)
    assert len(unpublished) == 2, warnings
    assert (
        "index.md:3: WARNING: a picture of 8000x8000 pixels, more than the limit of "
        in (unpublished[0])
    )
    assert "index.md:5: WARNING: a picture of 20000x20000 pixels" in unpublished[1]
    assert sorted(path.name for path in (outdir / "_images").iterdir()) == ["small.png"]


def test_a_picture_the_check_cannot_read_is_not_published(tmp_path: Path) -> None:
    """Round 19: Pillow refused a PNG with one bad chunk checksum, or a metadata chunk
    inflating past 1 MB, and Chromium decoded it at 400 million pixels; an AVIF was not
    looked at at all. The size comes from the PNG's header; what cannot be read is out."""
    srcdir = tmp_path / "site"
    srcdir.mkdir()
    good = png_header(20_000, 20_000)
    bad_chunk = b"\x00\x00\x00\x03tEXta\x00b\x00\x00\x00\x01"  # a wrong checksum
    (srcdir / "text.png").write_bytes(good[:33] + bad_chunk + good[33:])
    (srcdir / "photo.png").write_bytes(b"\x00\x00\x00\x1cftypavif" + b"\x00" * 40)
    (srcdir / "notes.txt").write_text("BM is how this note starts.\n", encoding="utf-8")
    page = (
        "# Maps\n\n![A map of the garden](text.png)\n\n![A photo of the garden](photo.png)"
        "\n\n{download}`Notes <notes.txt>`\n"
    )
    outdir, warnings, _ = build_small_site(srcdir, {"index.md": page}, HARDENED)
    unpublished = sorted(line for line in warnings if "[partners.published]" in line)
    assert len(unpublished) == 2, warnings
    assert "index.md:3: WARNING: a picture of 20000x20000 pixels" in unpublished[0]
    assert "index.md:5: WARNING: a picture the check cannot read" in unpublished[1]
    assert not (outdir / "_images").exists() or list((outdir / "_images").iterdir()) == []
    assert [path.name for path in (outdir / "_downloads").rglob("*.txt")] == ["notes.txt"]


def test_the_photo_check_names_a_scan_bomb(tmp_path: Path) -> None:
    (tmp_path / "bomb.jpg").write_bytes(scan_bomb(2_000))
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "photos.py"), "check", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"bomb.jpg: it cannot be read: the JPEG is drawn in more than {MAX_JPEG_SCANS}" in (
        done.stdout
    )
