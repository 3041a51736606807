"""``scripts/photos.py``: photos get into the public repository upright, small, without metadata.

``check`` names every file that still carries hidden metadata (EXIF with the GPS
position, XMP, PNG text), is larger than the site ever shows, or is stored on its side;
``prepare`` fixes each in place and leaves every other file as it is.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from conftest import build_small_site, front_matter, warning_line

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def photos() -> ModuleType:
    spec = importlib.util.spec_from_file_location("photos", ROOT / "scripts" / "photos.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["photos"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _phone_photo(path: Path, size: tuple[int, int] = (3000, 2000)) -> None:
    """A photo as a phone stores it: on its side with a note to turn it, and a position.

    Its left third is red, so the right way up (turned 90 degrees clockwise) the top
    third is red.
    """
    image = Image.new("RGB", size, "white")
    image.paste("red", (0, 0, size[0] // 3, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "turn 90 degrees clockwise to show"
    exif[ExifTags.Base.Make] = "Phone"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (41.0, 38.0, 0.0),
    }
    image.save(path, "JPEG", exif=exif, quality=95)


def test_check_names_what_is_wrong_and_the_command_that_fixes_it(
    photos: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / "visit").mkdir(parents=True)
    (docs / "_build").mkdir()
    _phone_photo(docs / "visit" / "reading-corner.jpg")
    _phone_photo(docs / "_build" / "copy.jpg")  # build output: not a source
    Image.new("RGB", (800, 600), "teal").save(docs / "visit" / "ready.jpg")
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "A. Teacher")
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(docs / "logo.png", pnginfo=text)

    assert photos.main(["check", str(docs)]) == 1
    lines = capsys.readouterr().out.splitlines()
    photo = docs / "visit" / "reading-corner.jpg"
    assert lines[0].startswith(f"{docs / 'logo.png'}: it keeps hidden metadata (text chunks).")
    assert lines[1] == (
        f"{photo}: it keeps hidden metadata (EXIF, GPS position); it is 3000x2000 pixels, "
        "more than the 2560 needed; it is stored on its side with a note to turn it. "
        f"To make it ready, run .venv/bin/nox -s photos -- {photo}"
    )
    assert len(lines) == 3  # the two files, then the count; nothing from _build or ready.jpg
    assert lines[2].startswith("2 photo(s) to prepare or rename")


def test_prepare_turns_shrinks_and_cleans_in_place_and_only_once(
    photos: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "reading-corner.jpg"
    _phone_photo(photo)
    ready = tmp_path / "ready.png"
    Image.new("RGB", (800, 600), "teal").save(ready)
    untouched = ready.read_bytes()

    assert photos.main(["prepare", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert f"{photo}: removed EXIF, GPS position, 3000x2000 -> 1707x2560, turned upright" in said
    assert "ready.png" not in said
    assert ready.read_bytes() == untouched

    with Image.open(photo) as image:
        assert image.format == "JPEG"
        assert image.size == (1707, 2560)  # upright: taller than wide, 2560 at most
        assert not image.getexif()
        assert "exif" not in image.info
        image = image.convert("RGB")
        top, bottom = image.getpixel((850, 100)), image.getpixel((850, 2400))
    assert top[0] > 200 and top[1] < 60  # red on top: the side the phone meant
    assert bottom[0] > 200 and bottom[1] > 200

    prepared = photo.read_bytes()
    assert photos.main(["prepare", str(tmp_path)]) == 0
    assert "Every photo is ready" in capsys.readouterr().out
    assert photo.read_bytes() == prepared
    assert photos.main(["check", str(tmp_path)]) == 0


def test_a_transparent_logo_stays_a_transparent_png(photos: ModuleType, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    text = PngImagePlugin.PngInfo()
    text.add_text("Software", "An editor")
    image = Image.new("RGBA", (3000, 1000), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (0, 0, 1500, 1000))
    image.save(logo, pnginfo=text)

    assert photos.main(["prepare", str(logo)]) == 0
    with Image.open(logo) as prepared:
        assert prepared.format == "PNG"
        assert prepared.size == (2560, 853)
        assert prepared.mode == "RGBA"
        assert not getattr(prepared, "text", {})
        assert prepared.getpixel((2500, 400))[3] == 0


def test_a_broken_file_is_named_and_left_alone(
    photos: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    assert photos.main(["check", str(tmp_path)]) == 1
    assert photos.main(["prepare", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert (
        f"{broken}: it cannot be read: the file is not a JPEG, PNG or WebP picture, or it "
        "is damaged. Replace the file." in out
    )
    assert broken.read_bytes() == b"not a picture"


def test_an_iphone_photo_renamed_to_jpg_is_named_heic(
    photos: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Said to be "not a JPEG, PNG or WebP picture, or damaged" (a tester's finding)."""
    (tmp_path / "planning-wall.jpg").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00")
    assert photos.main(["check", str(tmp_path)]) == 1
    said = capsys.readouterr().out
    assert "it is in an iPhone's own photo format (HEIC), whatever its name says" in said


def test_a_photo_cut_short_is_said_in_words(photos: ModuleType) -> None:
    """A copy or download that stopped halfway: Pillow says "image file is truncated (3
    bytes not processed)", which the partner command printed as it was."""
    whole = io.BytesIO()
    Image.new("RGB", (400, 300), "red").save(whole, "JPEG")
    cut = Image.open(io.BytesIO(whole.getvalue()[: len(whole.getvalue()) // 2]))
    with pytest.raises(OSError) as raised:
        cut.load()
    assert photos.why_unreadable(raised.value).startswith(
        "the file is cut short: it was not copied or downloaded whole (image file is truncated"
    )


def test_the_site_photos_are_ready(photos: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """Every picture in docs/ is ready for the public repository (what CI and nox check)."""
    assert photos.main(["check", str(ROOT / "docs")]) == 0, capsys.readouterr().out


def test_a_photo_named_as_the_phone_named_it_is_to_be_renamed(
    photos: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ready in every other way, ``IMG_0042.JPG`` is named; ``prepare`` never renames."""
    photo = tmp_path / "IMG_0042.JPG"
    Image.new("RGB", (800, 600), "teal").save(photo, "JPEG")
    assert photos.main(["check", str(tmp_path)]) == 1
    said = capsys.readouterr().out
    assert f"{photo}: it has the name the camera gave it" in said
    straight_from_the_phone = tmp_path / "more" / "IMG_0043.JPG"
    straight_from_the_phone.parent.mkdir()
    _phone_photo(straight_from_the_phone)
    assert photos.main(["check", str(straight_from_the_phone)]) == 1
    said = capsys.readouterr().out  # both at once: what prepare fixes, and the name
    assert "it keeps hidden metadata (EXIF, GPS position)" in said
    assert "Its name too: it has the name the camera gave it" in said
    # The command comes last, with nothing after it to copy by mistake.
    assert said.splitlines()[0].endswith(
        f"run .venv/bin/nox -s photos -- {straight_from_the_phone}"
    )
    assert "Rename it after what it shows, in lowercase words joined by hyphens" in said
    assert photos.main(["prepare", str(tmp_path)]) == 0
    assert photo.exists()


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("PXL_20240501_093012.jpg", "the name the camera gave it"),
        (
            "garden-beds.JPG",
            "Rename it garden-beds.jpg, and write the new name where",
        ),  # only the ending was left
        ("Garden Beds 2.jpeg", "Rename it garden-beds-2.jpeg, and write"),
    ],
)
def test_the_advice_to_rename_says_what_is_wrong_with_the_name(
    photos: ModuleType, tmp_path: Path, name: str, advice: str
) -> None:
    assert advice in photos.rename_advice(tmp_path / name)


def _site_with_photos(root: Path, names: list[str]) -> Path:
    """A Sphinx project (a conf.py) with phone photos in one of its folders."""
    folder = root / "_static" / "photos" / "valley-visit"
    folder.mkdir(parents=True)
    (root / "conf.py").write_text("", encoding="utf-8")
    for name in names:
        _phone_photo(folder / name)
    return folder


def test_prepare_prints_the_row_to_paste_and_the_build_asks_for_what_is_left(
    photos: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The row has the photos' real addresses; each text left to write is in capitals, so
    pasted as it is every one of them is named at its own line, and filled in it is clean."""
    site = tmp_path / "site"
    folder = _site_with_photos(site, ["school-entrance.jpg", "reading-corner.jpg"])
    assert photos.main(["prepare", str(folder)]) == 0
    said = capsys.readouterr().out
    row = said[said.index("::::{image-grid}") :].strip()
    assert row.splitlines() == [
        "::::{image-grid}",
        ":columns: 1 2 2",
        ":caption: ONE SENTENCE ABOUT THE WHOLE ROW, OR LEAVE THIS LINE OUT",
        "",
        "![WHAT THE FIRST PHOTO SHOWS](/_static/photos/valley-visit/reading-corner.jpg)",
        "![WHAT THE SECOND PHOTO SHOWS](/_static/photos/valley-visit/school-entrance.jpg)",
        "::::",
    ]
    page = (
        front_matter("A visit to the valley's schools, in photos taken that spring.")
        + "\n# Visit\n\n"
        + row
        + "\n"
    )  # the row from line 9
    _, warnings, _ = build_small_site(site, {"index.md": page}, "partners_page_rules = True\n")
    assert len(warnings) == 3, warnings
    assert all(w.endswith("[partners.placeholder]") for w in warnings), warnings
    assert sorted(warning_line(w) for w in warnings) == [11, 13, 14]

    filled = page.replace(
        ":caption: ONE SENTENCE ABOUT THE WHOLE ROW, OR LEAVE THIS LINE OUT\n", ""
    )
    filled = filled.replace("WHAT THE FIRST PHOTO SHOWS", "Students reading on cushions")
    filled = filled.replace("WHAT THE SECOND PHOTO SHOWS", "A mural of a river by the door")
    _, warnings, _ = build_small_site(site, {"index.md": filled}, "partners_page_rules = True\n")
    assert warnings == []

    # Made ready again, shown already: where, and no row to paste a second time (a
    # newcomer's finding); a new photo of the folder gets a row of its own.
    assert photos.main(["prepare", str(folder)]) == 0
    said = capsys.readouterr().out
    assert (
        "/_static/photos/valley-visit/reading-corner.jpg is shown already, at site/index.md:"
        in said
    )
    assert "::::{image-grid}" not in said
    Image.new("RGB", (64, 48), "teal").save(folder / "garden.jpg")
    assert photos.main(["prepare", str(folder)]) == 0
    said = capsys.readouterr().out
    row = said[said.index("::::{image-grid}") :]
    assert "garden.jpg" in row and "reading-corner.jpg" not in row


def test_prepare_prints_no_row_for_the_whole_site_or_outside_a_project(
    photos: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    folder = _site_with_photos(tmp_path / "docs", ["reading-corner.jpg"])
    monkeypatch.chdir(tmp_path)
    assert photos.main(["prepare"]) == 0  # every picture under docs/: not one row
    assert "image-grid" not in capsys.readouterr().out

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    _phone_photo(outside / "reading-corner.jpg")
    assert photos.main(["prepare", str(outside)]) == 0
    assert "image-grid" not in capsys.readouterr().out
    assert folder.is_dir()


def test_prepare_asks_for_names_before_it_prints_a_row(
    photos: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _site_with_photos(tmp_path, ["IMG_2041.JPG", "reading-corner.jpg"])
    assert photos.main(["prepare", str(folder)]) == 0
    said = capsys.readouterr().out
    assert f"{folder / 'IMG_2041.JPG'}: it has the name the camera gave it" in said
    assert "Then run this again: it prints the row of photos to paste" in said
    assert "image-grid" not in said
    (folder / "IMG_2041.JPG").rename(folder / "planning-wall.jpg")
    assert photos.main(["prepare", str(folder)]) == 0
    said = capsys.readouterr().out
    assert ":columns: 1 2 2" in said
    assert "(/_static/photos/valley-visit/planning-wall.jpg)" in said
