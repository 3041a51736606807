"""Responsive images: variants and markup, privacy, caching, -j, and bad files."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, PngImagePlugin

from conftest import parse_html, warnings_of
from sphinx_partners.images import processing as images
from sphinx_partners.images.html import grid_sizes

ROOTS = Path(__file__).parents[1] / "roots"
#: Strings planted in the sources' metadata; none may reach the output.
SECRETS = (b"SecretCamMaker", b"SN-0451-PRIVATE", b"xmp-secret-marker", b"comment-secret")
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">xmp-secret-marker</x:xmpmeta>'
ORIENTATION, GPS_IFD = 0x0112, 0x8825


def _private_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "SecretCamMaker"  # Make
    exif[0xA431] = "SN-0451-PRIVATE"  # BodySerialNumber
    exif[GPS_IFD] = {1: "N", 2: (42.0, 23.0, 15.5), 3: "W", 4: (71.0, 5.0, 58.2)}
    return exif


def _png_info() -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "comment-secret")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return info


def write_portrait_jpeg(path: Path, size: tuple[int, int] = (1200, 800)) -> None:
    """Stored on its side (top half red, bottom half blue), EXIF says: rotate 90° clockwise.

    Upright, it is a portrait with red on the right and blue on the left.
    """
    image = Image.new("RGB", size, (20, 40, 220))
    ImageDraw.Draw(image).rectangle((0, 0, size[0], size[1] // 2), fill=(220, 30, 30))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=90, exif=_private_exif(6), xmp=XMP, comment=b"comment-secret")


def write_sources(srcdir: Path) -> None:
    """The raster files test-images uses, each carrying private metadata."""
    write_portrait_jpeg(srcdir / "photos" / "portrait.jpg")
    alpha = Image.new("RGBA", (900, 600), (0, 0, 0, 0))
    ImageDraw.Draw(alpha).ellipse((100, 100, 800, 500), fill=(40, 160, 90, 255))
    alpha.save(srcdir / "photos" / "alpha.png", exif=_private_exif(), pnginfo=_png_info())
    palette = Image.new("RGB", (500, 300), "white")
    ImageDraw.Draw(palette).rectangle((50, 50, 450, 250), fill=(200, 120, 0))
    palette.convert("P").save(srcdir / "photos" / "palette.gif", comment=b"comment-secret")
    logo = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rectangle((40, 40, 360, 360), fill=(190, 30, 90, 255))
    # Under html_static_path, which Sphinx copies as it is: the copy must lose its metadata.
    logo.save(srcdir / "_static" / "logo.png", exif=_private_exif(), pnginfo=_png_info())


def published(outdir: Path) -> list[Path]:
    return sorted((outdir / "_images" / "partners").iterdir())


def all_files(outdir: Path) -> Iterator[Path]:
    return (path for path in outdir.rglob("*") if path.is_file())


@pytest.fixture
def count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count calls of the pipeline's decoder (builds must use partners_image_workers=1)."""
    calls: list[int] = []
    original = images.decode

    def counting(data: bytes, recipe: images.Recipe) -> Image.Image:
        calls.append(len(data))
        return original(data, recipe)

    monkeypatch.setattr(images, "decode", counting)
    return calls


def build(app: Any) -> None:
    write_sources(Path(app.srcdir))
    app.build()


# -- Markup ---------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="images", srcdir="images-markup")
def test_grid_images_are_pictures_with_srcset_sizes_and_dimensions(app: Any) -> None:
    build(app)
    html = parse_html(app.outdir / "index.html")
    pictures = html.select(".partners-grid picture")
    assert len(pictures) == 4
    portrait = pictures[0]
    source, img = portrait.find("source"), portrait.find("img")
    assert source["type"] == "image/webp"
    assert img["width"] == "800" and img["height"] == "1200"  # upright, as EXIF says
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    expected_sizes = "(min-width: 64em) 15.33em, (min-width: 40em) min(23em, 50vw), 100vw"
    assert img["sizes"] == source["sizes"] == expected_sizes
    webp_widths = [entry.split()[1] for entry in source["srcset"].split(", ")]
    jpeg_widths = [entry.split()[1] for entry in img["srcset"].split(", ")]
    assert webp_widths == ["320w", "480w", "640w", "800w"]
    # Every browser in use reads WebP: the JPEG is only <img src>'s width and the largest.
    assert jpeg_widths == ["800w"]
    assert all(".webp " in entry for entry in source["srcset"].split(", "))
    assert img["src"].endswith("-800.jpg") and img["alt"] == "A photo taken on its side"
    # The link opens the re-encoded full-size copy, never the original.
    assert portrait.parent.name == "a"
    assert portrait.parent["href"] == img["srcset"].split(", ")[-1].split()[0]
    assert pictures[1].find("img")["loading"] == "eager"  # {.eager}
    assert pictures[2].find("img")["src"].endswith(".png")  # GIF becomes PNG
    decorative = pictures[3]
    assert decorative.find("img")["alt"] == "" and decorative.parent.name != "a"


@pytest.mark.sphinx("html", testroot="images", srcdir="images-logos")
def test_raster_logo_has_1x_2x_3x_variants_and_svg_passes_through(app: Any) -> None:
    build(app)
    html = parse_html(app.outdir / "index.html")
    raster, vector = html.select("img.partners-card__logo")
    assert raster["sizes"] == "3.5rem"
    # The fallback: <img src>'s width (112) and the largest; WebP has all three.
    assert [entry.split()[1] for entry in raster["srcset"].split(", ")] == ["112w", "168w"]
    assert raster.parent.name == "picture"
    assert raster["width"] == raster["height"] == "168"
    assert vector.get("srcset") is None and vector["src"] == "_images/logo.svg"
    svg = (app.srcdir / "logos" / "logo.svg").read_bytes()
    assert (app.outdir / "_images" / "logo.svg").read_bytes() == svg


@pytest.mark.sphinx("html", testroot="images", srcdir="images-files")
def test_variants_exist_with_the_right_formats_and_sizes(app: Any) -> None:
    build(app)
    html = parse_html(app.outdir / "index.html")
    referenced = set()
    for element in html.select("picture source, picture img, img.partners-card__logo"):
        for entry in element.get("srcset", "").split(", "):
            if entry:
                uri, width = entry.split()
                referenced.add(uri)
                with Image.open(app.outdir / uri) as image:
                    assert image.width == int(width[:-1])
                    expected = {"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}[uri.rsplit(".")[-1]]
                    assert image.format == expected
    assert {f"_images/partners/{path.name}" for path in published(app.outdir)} == referenced
    with Image.open(next(p for p in published(app.outdir) if p.name.endswith("-800.jpg"))) as im:
        assert im.size == (800, 1200)
        right, left = im.getpixel((700, 600)), im.getpixel((100, 600))
        assert right[0] > 150 > right[2] and left[2] > 150 > left[0]  # rotated upright
    for name in ("alpha", "logo"):
        webp = next(
            p for p in published(app.outdir) if p.name.startswith(name) and ".webp" in p.name
        )
        with Image.open(webp) as image:
            assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0  # alpha kept


@pytest.mark.sphinx("html", testroot="images", srcdir="images-originals")
def test_originals_are_not_published(app: Any) -> None:
    build(app)
    names = {path.name for path in all_files(app.outdir) if path.parent.name != "_static"}
    assert not names & {"portrait.jpg", "alpha.png", "palette.gif", "logo.png"}


@pytest.mark.sphinx("html", testroot="images", srcdir="images-static-copy")
def test_a_static_picture_stays_at_its_address_without_metadata(app: Any) -> None:
    """The site may link to a _static picture it also shows in a card or grid."""
    build(app)
    copy = Path(app.outdir) / "_static" / "logo.png"
    assert copy.is_file()
    data = copy.read_bytes()
    assert not [secret for secret in SECRETS if secret in data]
    assert data in {path.read_bytes() for path in published(app.outdir)}
    with Image.open(copy) as image:
        assert image.format == "PNG" and not image.getexif()


@pytest.mark.sphinx("epub", testroot="images", srcdir="images-epub")
def test_epub_gets_cleaned_copies_without_webp(app: Any) -> None:
    build(app)
    html = parse_html(app.outdir / "index.xhtml")
    assert html.select("picture") == []
    grid_images = html.select(".partners-grid img")
    assert grid_images[0]["src"].endswith("-800.jpg") and ".webp" not in str(html)
    assert not list((app.outdir / "_images" / "partners").glob("*.webp"))
    assert not (app.outdir / "_images" / "portrait.jpg").exists()


def test_an_epub_built_as_sphinx_build_does_packs_no_image_cache(tmp_path: Path) -> None:
    """``sphinx-build -b epub src out`` keeps the doctrees, and the cache, in ``out``."""
    import zipfile

    srcdir, outdir = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOTS / "test-images", srcdir)
    write_sources(srcdir)
    _sphinx_build(srcdir, outdir, "-b", "epub")
    cache = list((outdir / ".doctrees").rglob("*.webp"))
    assert cache, "the test builds no cache inside the output folder"
    with zipfile.ZipFile(next(outdir.glob("*.epub"))) as epub:
        names = epub.namelist()
    assert not [name for name in names if ".doctrees" in name], names
    assert any(name.startswith("_images/partners/") for name in names)


def test_sizes_follow_columns_and_content_width() -> None:
    assert (
        grid_sizes((1, 1, 1), "46em")
        == "(min-width: 64em) 46em, (min-width: 40em) min(46em, 100vw), 100vw"
    )
    assert grid_sizes((2, 2, 4), "40rem") == (
        "(min-width: 64em) 10rem, (min-width: 40em) min(20rem, 50vw), 50vw"
    )


# -- Privacy --------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="images", srcdir="images-privacy")
def test_no_metadata_survives_in_any_output_file(app: Any) -> None:
    build(app)
    srcdir = Path(app.srcdir)
    sources = [*srcdir.glob("photos/*"), srcdir / "_static" / "logo.png"]
    assert all(any(s in p.read_bytes() for s in SECRETS) for p in sources)  # the test can fail
    for path in all_files(app.outdir):
        data = path.read_bytes()
        assert not [secret for secret in SECRETS if secret in data], path
    for path in published(app.outdir):
        with Image.open(path) as image:
            exif = image.getexif()
            assert len(exif) == 0 and not exif.get_ifd(GPS_IFD), path
            assert not {"xmp", "exif", "icc_profile", "comment"} & set(image.info), path


# -- Caching --------------------------------------------------------------------------


@pytest.mark.sphinx(
    "html", testroot="images", srcdir="images-cache", confoverrides={"partners_image_workers": 1}
)
def test_unchanged_images_are_not_decoded_again(
    app: Any, make_app: Callable[..., Any], count_decodes: list[int]
) -> None:
    build(app)
    # portrait, alpha (one grid result, shared by two items), palette, and the logo.
    assert len(count_decodes) == 4
    first_html = (app.outdir / "index.html").read_text()
    count_decodes.clear()
    app.build()  # nothing changed
    assert count_decodes == []
    again = make_app("html", srcdir=app.srcdir, confoverrides={"partners_image_workers": 1})
    again.build(force_all=True)  # a new process, every page written again
    assert count_decodes == []
    assert (app.outdir / "index.html").read_text() == first_html


@pytest.mark.sphinx(
    "html", testroot="images", srcdir="images-change", confoverrides={"partners_image_workers": 1}
)
def test_a_changed_image_is_processed_again(app: Any, count_decodes: list[int]) -> None:
    build(app)
    before = {path.name for path in published(app.outdir)}
    count_decodes.clear()
    portrait = Path(app.srcdir) / "photos" / "portrait.jpg"
    write_portrait_jpeg(portrait, (1500, 1000))
    later = portrait.stat().st_mtime + 10
    os.utime(portrait, (later, later))
    app.build()
    assert len(count_decodes) == 1
    html = parse_html(app.outdir / "index.html")
    img = html.select_one(".partners-grid img")
    assert img["width"] == "1000" and img["height"] == "1500"
    after = {path.name for path in published(app.outdir)}
    assert img["src"].rsplit("/", 1)[-1] in after - before
    # The old photo's variants are gone; the others stay.
    assert {name for name in before - after if not name.startswith("portrait-")} == set()
    assert not [name for name in after & before if name.startswith("portrait-")]


# -- Parallel builds ------------------------------------------------------------------


def _sphinx_build(srcdir: Path, outdir: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *args, str(srcdir), str(outdir)],
        check=True,
        capture_output=True,
    )


def _tree(outdir: Path) -> dict[str, bytes]:
    keep = ("_images", ".html")
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in all_files(outdir)
        if path.suffix == ".html" or path.relative_to(outdir).parts[0] in keep
    }


@pytest.mark.slow
def test_parallel_build_gives_the_same_files_as_serial(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-images", srcdir)
    write_sources(srcdir)
    page = (srcdir / "index.md").read_text().replace("# Images", "# Images {n}")
    for number in range(1, 8):  # Sphinx reads in parallel from six pages on
        (srcdir / f"page{number}.md").write_text(
            ":orphan:\n\n"
            + page.replace("{n}", str(number))
            .replace("(photos/", "(/photos/")
            .replace(":logo: logos", ":logo: /logos")
            .replace(":id: raster", f":id: raster{number}")
            .replace(":id: vector", f":id: vector{number}")
        )
    _sphinx_build(srcdir, tmp_path / "serial", "-j", "1", "-d", str(tmp_path / "d1"))
    _sphinx_build(srcdir, tmp_path / "parallel", "-j", "2", "-d", str(tmp_path / "d2"))
    serial, parallel = _tree(tmp_path / "serial"), _tree(tmp_path / "parallel")
    assert any(name.startswith("_images/partners/") for name in serial)
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []


def test_concurrent_writers_of_one_result_both_succeed(tmp_path: Path) -> None:
    from sphinx_partners.images import cache as _image_cache

    source = tmp_path / "photo.jpg"
    write_portrait_jpeg(source, (400, 300))
    recipe = images.Recipe(widths=(100, 200), max_width=400, quality=80, max_pixels=10**6)
    digest = images.content_digest(source.read_bytes())
    job = _image_cache.Job(_image_cache.result_key(digest, recipe), source, digest, "JPEG", recipe)
    first = _image_cache.run_job(job, tmp_path / "cache")
    # A second process finishing the same result later finds the folder taken.
    second = _image_cache.run_job(job, tmp_path / "cache")
    assert first == second
    assert list((tmp_path / "cache").rglob(".tmp-*")) == []


# -- Bad images -----------------------------------------------------------------------


def _write_bad_sources(srcdir: Path) -> None:
    good = io.BytesIO()
    Image.effect_noise((600, 400), 40).convert("RGB").save(good, "JPEG", quality=90)
    (srcdir / "good.jpg").write_bytes(good.getvalue())
    (srcdir / "empty.png").write_bytes(b"")
    (srcdir / "truncated.jpg").write_bytes(good.getvalue()[: len(good.getvalue()) * 2 // 3])
    (srcdir / "notes.png").write_text("These are my notes, not a picture.\n")
    (srcdir / "bomb.png").write_bytes(png_header_only(30_000, 30_000))
    logo = io.BytesIO()
    Image.new("RGB", (300, 300), "teal").save(logo, "PNG")
    (srcdir / "truncated-logo.png").write_bytes(logo.getvalue()[:-40])


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims *width* x *height* pixels: a bomb in 60 bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


@pytest.mark.sphinx("html", testroot="images-bad", confoverrides={"partners_image_workers": 1})
def test_bad_images_are_reported_with_file_and_line_and_left_out(
    app: Any, warning: Any, count_decodes: list[int]
) -> None:
    _write_bad_sources(Path(app.srcdir))
    app.build()
    found = warnings_of(warning)
    expected = {
        5: ("missing.jpg", "partners.path"),
        7: ("empty.png", "partners.image"),
        9: ("truncated.jpg", "partners.image"),
        11: ("notes.png", "partners.image"),
        13: ("bomb.png", "partners.image"),
        21: ("truncated-logo.png", "partners.image"),  # the card's :logo: line
    }
    for line, (name, code) in expected.items():
        matching = [w for w in found if f"index.md:{line}:" in w and name in w]
        assert len(matching) == 1, (name, found)
        assert matching[0].endswith(f"[{code}]")
    assert len(found) == len(expected)
    # A file that stopped before its end says so in words, Pillow's after them.
    assert "truncated.jpg' was left out: the file is cut short, so the image cannot be " in (
        next(w for w in found if "truncated.jpg" in w)
    )
    # Only the good image and the two decoded-then-refused files were ever decoded.
    assert sorted(count_decodes) == sorted(
        (Path(app.srcdir) / name).stat().st_size
        for name in ("good.jpg", "truncated.jpg", "truncated-logo.png")
    )
    html = parse_html(app.outdir / "index.html")
    assert [img["alt"] for img in html.select(".partners-grid img")] == ["A good photo"]
    assert html.select(".partners-card img") == []
    assert {path.name.split("-")[0] for path in published(app.outdir)} == {"good"}


@pytest.mark.parametrize(
    ("side", "message"),
    [(10_000, "more than the limit of 40,000,000"), (30_000, "far too many pixels")],
)
def test_decode_refuses_too_many_pixels_before_decoding(side: int, message: str) -> None:
    # The header check at read time refuses these first; decode checks again, because
    # the file may have changed in between.
    recipe = images.Recipe(widths=(320,), max_width=1600, quality=80, max_pixels=40_000_000)
    with pytest.raises(images.ProcessingError, match=message):
        images.decode(png_header_only(side, side), recipe)


@pytest.mark.sphinx("html", testroot="images-bad", srcdir="images-bad-again")
def test_bad_images_warn_again_on_a_rebuild(app: Any, warning: Any) -> None:
    _write_bad_sources(Path(app.srcdir))
    app.build()
    warning.truncate(0)
    warning.seek(0)
    app.build()
    # A file refused at decode time is refused from the cache, without decoding.
    assert any("index.md:9:" in w and "truncated.jpg" in w for w in warnings_of(warning))


RECIPE = images.Recipe(widths=(320, 640), max_width=1600, quality=80, max_pixels=40_000_000)


def test_a_tall_image_is_published_without_webp_where_webp_cannot_hold_it(tmp_path: Path) -> None:
    """libwebp stops at 16,383 pixels a side: those variants keep their fallback only."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 17_000), "teal").save(buffer, "PNG")
    manifest = images.process_image(buffer.getvalue(), "PNG", RECIPE, tmp_path)
    by_width: dict[int, set[str]] = {}
    for variant in manifest["variants"]:
        by_width.setdefault(variant["width"], set()).add(variant["format"])
        assert (tmp_path / variant["file"]).is_file()
    assert by_width == {320: {"WEBP"}, 640: {"PNG"}}
    assert manifest["height"] == 17_000


def test_a_tall_webp_gets_a_png_where_webp_cannot_hold_it() -> None:
    assert images.variant_formats(640, 17_000, "WEBP") == ["PNG"]
    assert images.variant_formats(640, 1_000, "WEBP") == ["WEBP"]


@pytest.mark.parametrize(
    "failure", [KeyError("bad tag"), ZeroDivisionError("rational"), TypeError("exif")]
)
def test_any_pillow_failure_is_this_image_s_warning(
    failure: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Malformed EXIF makes Pillow raise more than OSError; none may stop the build."""

    def broken(_image: Image.Image) -> Image.Image:
        raise failure

    monkeypatch.setattr(images.ImageOps, "exif_transpose", broken)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    with pytest.raises(images.ProcessingError, match="cannot be decoded"):
        images.decode(buffer.getvalue(), RECIPE)


def test_an_encoder_failure_is_this_image_s_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_image: Image.Image, image_format: str, _quality: int) -> bytes:
        raise ValueError(f"{image_format} encoder limit")

    monkeypatch.setattr(images, "encode", broken)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    with pytest.raises(images.ProcessingError, match="cannot be saved as WEBP"):
        images.process_image(buffer.getvalue(), "PNG", RECIPE, tmp_path)


def test_an_unexpected_failure_in_a_worker_becomes_an_error_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_partners.images import cache as _image_cache

    def broken(*_args: Any) -> dict[str, Any]:
        raise RuntimeError("surprise")

    monkeypatch.setattr(images, "process_image", broken)
    source = tmp_path / "a.png"
    Image.new("RGB", (40, 30), "teal").save(source)
    data = source.read_bytes()
    job = _image_cache.Job(
        key="k",
        source=source,
        source_format="PNG",
        digest=images.content_digest(data),
        recipe=RECIPE,
    )
    manifest = _image_cache.run_job(job, tmp_path / "cache")
    assert "RuntimeError: surprise" in manifest["error"]


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ('width="1e400" height="10"', "absurd size"),
        ('viewBox="0 0 inf 10"', "absurd size"),
        ('viewBox="0 0 10 nan"', "absurd size"),
        ('width="100001" height="10"', "absurd size"),
        ('width="' + "1" * 40 + '" height="10"', "size of 40 characters"),
        ('viewBox="0 0 ' + "9" * 200_000 + ' 10"', "size of 200,000 characters"),
        ('width="' + "1" * 200_000 + 'x" height="10"', "no size"),
    ],
)
def test_absurd_svg_sizes_are_refused_quickly(
    attributes: str, message: str, tmp_path: Path
) -> None:
    import time

    from sphinx_partners.images.inspect import BadImageError, inspect_image

    path = tmp_path / "logo.svg"
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}></svg>', "utf-8")
    started = time.perf_counter()
    with pytest.raises(BadImageError, match=message):
        inspect_image(path, 40_000_000)
    assert time.perf_counter() - started < 1


def test_plain_svg_sizes_still_read() -> None:
    from sphinx_partners.images.inspect import _svg_length

    assert _svg_length(" 120px ") == 120
    assert _svg_length("1.5e2") == 150
    assert _svg_length("100%") is None
    assert _svg_length("-5") is None


def test_a_photograph_saved_as_png_gets_a_jpeg_fallback(tmp_path: Path) -> None:
    """An opaque photo exported as PNG: JPEG beside WebP (a tenth of the bytes); a flat
    graphic and anything transparent stay PNG."""
    import io

    from sphinx_partners.images.processing import Recipe, process_image

    recipe = Recipe(widths=(320, 640), max_width=640, quality=80, max_pixels=10**7)
    photo = Image.merge("RGB", [Image.effect_noise((640, 427), sigma) for sigma in (40, 60, 80)])
    flat = Image.new("RGB", (640, 427), "white")
    ImageDraw.Draw(flat).rectangle((40, 40, 600, 90), fill=(230, 236, 245))
    clear = Image.new("RGBA", (640, 427), (0, 0, 0, 0))
    for name, image, expected in (
        ("photo", photo, "JPEG"),
        ("flat", flat, "PNG"),
        ("clear", clear, "PNG"),
    ):
        data = io.BytesIO()
        image.save(data, "PNG")
        folder = tmp_path / name
        folder.mkdir()
        manifest = process_image(data.getvalue(), "PNG", recipe, folder)
        assert manifest["fallback"] == expected, name
        formats = {variant["format"] for variant in manifest["variants"]}
        assert formats == {"WEBP", expected}, name


def test_an_iphone_photo_in_heic_is_named_with_the_way_out(tmp_path: Path) -> None:
    """A HEIC photo in a grid: "the file is not an image Pillow can read" (a tester's
    finding), words about a library the contributor never met."""
    from conftest import build_small_site

    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
    (tmp_path / "visit.heic").write_bytes(heic)
    (tmp_path / "renamed.jpg").write_bytes(heic)  # renamed: still HEIC (a tester's finding)
    page = (
        "# Photos\n\n::::{image-grid}\n![Two teachers at a table](visit.heic)\n"
        "![A reading corner](renamed.jpg)\n::::\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 2, warnings
    assert all("it is in an iPhone's own photo format (HEIC)" in w for w in warnings)
    assert not [w for w in warnings if "Pillow" in w]


def test_a_manifest_naming_a_file_outside_its_folder_is_made_again(tmp_path: Path) -> None:
    """A red team's finding: the picture cache lives in the doctree folder, which a pull
    request can commit; a variant named 'A/../../../x' was copied outside the output
    folder, then the build stopped with a traceback."""
    import json

    from conftest import build_small_site

    site = tmp_path / "site"
    site.mkdir()
    Image.new("RGB", (400, 300), "teal").save(site / "photo.png")
    page = "# Home\n\n::::{image-grid}\n![A teal square](photo.png)\n::::\n"
    build_small_site(site, {"index.md": page})
    (manifest_path,) = site.rglob("manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    (manifest_path.parent / "A").mkdir()
    manifest["variants"][0]["file"] = "A/../../../../../../../../escaped.webp"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    shutil.rmtree(site / "_build" / "html")
    for pickled in site.rglob("environment.pickle"):
        pickled.unlink()  # read again, as with -E

    outdir, warnings, _ = build_small_site(site, {})
    assert warnings == []
    assert not list(tmp_path.rglob("escaped.webp"))
    assert not (Path("/") / "escaped.webp").exists()
    published = parse_html(outdir / "index.html").select("picture source, picture img")
    for element in published:
        for address in (element.get("srcset") or element.get("src") or "").split(","):
            assert (outdir / address.split()[0]).is_file(), address


def test_a_cached_variant_that_is_a_link_is_made_again(tmp_path: Path) -> None:
    """A committed picture cache whose variant links to a file elsewhere would publish
    that file as a picture."""
    from conftest import build_small_site

    site = tmp_path / "site"
    site.mkdir()
    Image.new("RGB", (400, 300), "teal").save(site / "photo.png")
    (tmp_path / "secret.txt").write_text("not for the site")
    page = "# Home\n\n::::{image-grid}\n![A teal square](photo.png)\n::::\n"
    build_small_site(site, {"index.md": page})
    (manifest_path,) = site.rglob("manifest.json")
    for variant in manifest_path.parent.glob("*.webp"):
        variant.unlink()
        variant.symlink_to(tmp_path / "secret.txt")
    shutil.rmtree(site / "_build" / "html")
    for pickled in site.rglob("environment.pickle"):
        pickled.unlink()

    outdir, warnings, _ = build_small_site(site, {})
    assert warnings == []
    for published in outdir.rglob("*.webp"):
        assert b"not for the site" not in published.read_bytes(), published
