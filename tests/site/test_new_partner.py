"""``scripts/new_partner.py`` (``nox -s partner``): a partner's logo put in place and made
ready, and its card printed with what only the contributor knows left in capitals."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, PngImagePlugin

from conftest import assert_each_at_its_text, build_small_site, front_matter, warning_line

ROOT = Path(__file__).resolve().parents[2]
FRONT = front_matter("The partners of a small site, to try a card as the script prints it.")
FRONT += "\n# Partners\n\n"
#: What the written card and row leave in capitals, and a writing of each.
TO_WRITE = {
    "KIND OF PARTNER": "district",
    "TOWN AND STATE": "Valley Town, California",
    "WHAT THE LOGO SHOWS": "Green oak tree above the words Valley Schools",
    "https://WWW.EXAMPLE.ORG/": "https://valley.example.org/",
    "YEAR": "2018",
    "ONE TO THREE SENTENCES: who": "A district of six schools: who",
    "ONE SENTENCE ABOUT THE WHOLE ROW, OR LEAVE THIS LINE OUT": "A visit in spring.",
    "WHAT THE FIRST PHOTO SHOWS": "Two teachers planning at a wall",
    "WHAT THE SECOND PHOTO SHOWS": "Students reading on cushions",
}
#: The card printed, not added to a page (the tests of the card itself).
PRINT = ("--print", "--docs")


@pytest.fixture(scope="module")
def new_partner() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))  # it imports photos.py beside it
    spec = importlib.util.spec_from_file_location(
        "new_partner", ROOT / "scripts" / "new_partner.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as an import would: its dataclasses look it up
    spec.loader.exec_module(module)
    return module


def _logo_with_metadata(path: Path) -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "A. Designer")
    Image.new("RGBA", (3000, 3000), (0, 90, 0, 255)).save(path, pnginfo=text)


def _printed_card(said: str) -> str:
    return said[said.index(":::{partner-card}") : said.index("\n:::\n") + 5]


def test_the_card_names_everything_left_to_write_and_builds_clean_once_written(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    logo = tmp_path / "Logo FINAL.png"
    _logo_with_metadata(logo)
    assert new_partner.main(["Valley Unified School District", str(logo), *PRINT, str(docs)]) == 0
    said = capsys.readouterr().out
    placed = docs / "_static" / "partners" / "valley-unified-school-district.png"
    with Image.open(placed) as image:  # in place under the id, ready for the repository
        assert image.size == (2560, 2560) and not getattr(image, "text", {})
    assert "write {partner}`valley-unified-school-district` there." in said

    page = FRONT + _printed_card(said)  # the card from line 8
    _, warnings, _ = build_small_site(docs, {"index.md": page}, "partners_page_rules = True\n")
    codes = sorted(warning.rsplit("[", 1)[1].rstrip("]") for warning in warnings)
    assert codes == ["partners.kind"] + ["partners.placeholder"] * 4 + ["partners.since"], warnings
    assert_each_at_its_text(warnings, page)  # each at the line that holds what to write
    # The card's sentences are asked for, not offered to leave out (a newcomer read
    # "leave the line out" as "a card needs no description").
    story = next(w for w in warnings if "ONE TO THREE SENTENCES" in w)
    assert "Write in its place one to three sentences, in your own words" in story
    assert "leave the line out" not in story

    for placeholder, value in TO_WRITE.items():  # (the card's; the row's are not there)
        page = page.replace(placeholder, value)
    _, warnings, _ = build_small_site(docs, {"index.md": page}, "partners_page_rules = True\n")
    assert warnings == []


def test_a_logo_already_in_place_is_never_replaced(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another partner's logo under the same id stays; an id used on another card is
    named by the build, at that card's :id: line."""
    docs = tmp_path / "docs"
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"/>')
    assert new_partner.main(["Hill Schools", str(logo), *PRINT, str(docs)]) == 0
    placed = docs / "_static" / "partners" / "hill-schools.svg"
    assert placed.read_bytes() == logo.read_bytes()  # an SVG as it is: the build checks it
    assert new_partner.main(["Hill Schools", str(logo), *PRINT, str(docs)]) == 1
    assert "already exists: another card's logo, or this one's from an earlier run. Choose" in (
        capsys.readouterr().out
    )
    # The logo put in place by hand first, then named to the command: nothing to do.
    assert new_partner.main(["Hill Schools", str(placed), *PRINT, str(docs)]) == 0
    assert f"Logo: {placed}, an SVG, which the build checks before" in capsys.readouterr().out


def test_a_broken_logo_is_named_and_not_left_in_the_site(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not a picture")
    assert new_partner.main(["Hill Schools", str(logo), *PRINT, str(docs)]) == 1
    assert f"{logo}: the logo cannot be used" in capsys.readouterr().out
    assert not (docs / "_static").exists()


#: A partners page of two stories; a heading in a code block is no section (MyST reads
#: the page, not a search for "##").
STORIES = (
    FRONT
    + "## The first story\n\n:::{partner-card} Alpha\n:id: alpha\n:::\n\n"  # 9 to 13
    + "```markdown\n## Not a heading\n```\n\n"  # 15 to 17
    + "## The second story\n\n:::{partner-card} Beta\n:id: beta\n:::\n"  # 19 to 23
)


def _photos_from_a_phone(folder: Path) -> None:
    """Two photos as a contributor names them: one with its GPS position and too large."""
    folder.mkdir()
    exif = Image.Exif()
    exif[0x8825] = {2: (40.0, 26.0, 0.0)}  # GPSInfo: a latitude
    Image.new("RGB", (3000, 2000), "teal").save(folder / "Reading Corner.JPEG", exif=exif)
    Image.new("RGB", (300, 200), "olive").save(folder / "planning-wall.png")


def test_the_card_and_its_photos_go_at_the_end_of_their_story_ready_to_write_in(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One command for the contributor's whole start: the logo and photos made ready in
    the site, the card and its row written where they belong; the build then names each
    text in capitals at its line, and nothing once they are written."""
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    logo = tmp_path / "logo.png"
    _logo_with_metadata(logo)
    _photos_from_a_phone(tmp_path / "visit")
    argv = ["Valley Schools", str(logo), "--photos", str(tmp_path / "visit"), "--story", "FIRST"]
    assert new_partner.main([*argv, "--docs", str(docs)]) == 0
    said = capsys.readouterr().out
    assert "Photos: 2 photos copied to" in said and "1 made ready" in said
    assert 'lines 19 to 37, at the end of "The first story"' in " ".join(said.split())

    photos = docs / "_static" / "photos" / "valley-schools"
    assert sorted(path.name for path in photos.iterdir()) == [
        "planning-wall.png",
        "reading-corner.jpg",
    ]
    with Image.open(photos / "reading-corner.jpg") as image:
        assert image.size == (2560, 1707) and not image.getexif()
    page = (docs / "partners" / "index.md").read_text(encoding="utf-8")
    lines = page.splitlines()
    assert lines[18] == ":::{partner-card} Valley Schools" and lines[36] == "::::"
    assert (
        lines[28:31] == [":::", "", "::::{image-grid}"]
        and lines[14:18] == STORIES.splitlines()[14:18]
    )
    assert "![WHAT THE FIRST PHOTO SHOWS](/_static/photos/valley-schools/planning-wall.png)" in page
    assert lines[37:] == STORIES.splitlines()[17:]
    assert (
        page.replace(page[page.index(":::{partner-card} Valley") : page.index("## The second")], "")
        == STORIES
    )

    conf = "partners_page_rules = True\n"
    home = FRONT + "```{toctree}\npartners/index\n```\n"
    _, warnings, _ = build_small_site(docs, {"index.md": home}, conf)
    found = sorted(
        (warning_line(w, "index.md"), w.rsplit("[", 1)[1]) for w in warnings if "partners/" in w
    )
    assert [line for line, _ in found] == [21, 22, 24, 25, 26, 28, 33, 35, 36], warnings
    assert_each_at_its_text([w for w in warnings if "partners/" in w], page)
    for placeholder, value in TO_WRITE.items():
        page = page.replace(placeholder, value)
    (docs / "partners" / "index.md").write_text(page, encoding="utf-8")
    _, warnings, _ = build_small_site(docs, {}, conf)
    assert warnings == []


def test_a_partner_of_no_story_goes_under_other_partners(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    assert new_partner.main(["Gamma", "--docs", str(docs)]) == 0
    first = " ".join(capsys.readouterr().out.split())
    assert 'under a new heading "Other partners" at the end of the page' in first
    # Where the contributor can move it (a newcomer did not know where to see them).
    stories = 'The page\'s stories: "The first story"; "The second story". For a partner'
    assert stories in first
    assert new_partner.main(["Delta", "--docs", str(docs)]) == 0
    page = (docs / "partners" / "index.md").read_text(encoding="utf-8")
    assert page.count("## Other partners") == 1
    assert page.index("## Other partners") < page.index(":id: gamma") < page.index(":id: delta")
    assert page.index(":id: beta") < page.index("## Other partners")
    assert 'at the end of "Other partners"' in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--story", "third"], 'no story on the partners page has the words "third". Its '
         'stories: "The first story"; "The second story".'),
        (["--story", "story"], 'more than one story has the words "story"'),
        (["--id", "beta"], "partners/index.md:22: a card already has the id 'beta'."),
        # The same partner under another id: one card per partner (a tester's finding).
        (["--name", "  ALPHA "], "partners/index.md:11: the partner already has a card"),
        # Words match whole words of a title ("the" was found inside "their").
        (["--story", "firs"], 'no story on the partners page has the words "firs"'),
        # Photos put in the site by hand keep their names: a camera's is named.
        (["--photos", "camera"], "IMG_0042.jpg: it has the name the camera gave it"),
    ],
)  # fmt: skip
def test_nothing_is_changed_when_the_card_cannot_be_placed(
    new_partner: ModuleType,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    said: str,
) -> None:
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    camera = docs / "_static" / "photos" / "visit"
    camera.mkdir(parents=True)
    Image.new("RGB", (30, 20)).save(camera / "IMG_0042.jpg")
    logo = tmp_path / "logo.png"
    _logo_with_metadata(logo)
    options = [str(camera) if option == "camera" else option for option in options]
    name = options.pop(options.index("--name") + 1) if "--name" in options else "Valley"
    options = [option for option in options if option != "--name"]
    assert new_partner.main([name, str(logo), *options, "--docs", str(docs)]) == 1
    assert said in " ".join(capsys.readouterr().out.split())
    assert (docs / "partners" / "index.md").read_text(encoding="utf-8") == STORIES
    files = {path for path in docs.rglob("*") if path.is_file()}  # (git keeps no folders)
    assert files == {docs / "partners" / "index.md", camera / "IMG_0042.jpg"}


def test_a_file_the_site_cannot_show_stops_the_row_before_anything_is_copied(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An iPhone's HEIC photo or a video beside the photos was left out without a word:
    the row lacked a photo, and running again met the folder already copied."""
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    _photos_from_a_phone(tmp_path / "visit")
    (tmp_path / "visit" / "IMG_4012.HEIC").write_bytes(b"\0\0\0\x18ftypheic")
    (tmp_path / "visit" / "clip.mov").write_bytes(b"video")
    (tmp_path / "visit" / ".DS_Store").write_bytes(b"a folder's settings")  # hidden: no word
    (tmp_path / "visit" / "more").mkdir()  # was left out without a word
    argv = ["Valley", "--photos", str(tmp_path / "visit"), "--docs", str(docs)]
    assert new_partner.main(argv) == 1
    said = capsys.readouterr().out.splitlines()
    assert said[1].endswith("IMG_4012.HEIC: it is in an iPhone's own photo format (HEIC), "
                            "whatever its name says, which not every browser shows; save it "
                            "as JPEG (on the iPhone, Share, then Options: Most Compatible; on "
                            "a Mac, Preview's File > Export), then remove this one.")  # fmt: skip
    assert said[0].endswith("clip.mov: not a photo the site can show (JPEG, PNG or WebP). "
                            "Move it out of the folder.")  # fmt: skip
    assert said[2].endswith(
        "more: a folder inside the photos' folder; a row takes the photos of one folder. "
        "Move its photos out of it, or run this for it separately."
    )
    assert said[3:] == ["Then run this again."]
    assert not (docs / "_static").exists()
    assert (docs / "partners" / "index.md").read_text(encoding="utf-8") == STORIES


def test_a_broken_photo_is_named_and_none_is_left_in_the_site(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    _photos_from_a_phone(tmp_path / "visit")
    (tmp_path / "visit" / "school-entrance.jpg").write_bytes(b"not a picture")
    assert (
        new_partner.main(["Valley", "--photos", str(tmp_path / "visit"), "--docs", str(docs)]) == 1
    )
    said = capsys.readouterr().out
    assert (
        f"{tmp_path / 'visit' / 'school-entrance.jpg'}: this photo cannot be used: the file "
        "is not a JPEG, PNG or WebP picture, or it is damaged. Replace it" in said
    )
    assert not (docs / "_static").exists()
    assert (docs / "partners" / "index.md").read_text(encoding="utf-8") == STORIES


def test_photos_named_by_a_camera_are_named_after_the_partner_in_the_order_taken(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Renaming each photo was the contributor's longest step (a newcomer's finding);
    a name of the photo's own words is kept, made safe for a web address."""
    _photos_from_a_phone(tmp_path / "visit")
    # A Spanish name loses its accents only; one of no Latin letters is numbered.
    for name in ("IMG_4013.JPG", "IMG_4012.JPG", "Niños en clase.jpg", "\u5199\u771f.jpg"):
        Image.new("RGB", (30, 20)).save(tmp_path / "visit" / name)
    docs = tmp_path / "docs"
    argv = ["Valley", "--photos", str(tmp_path / "visit"), *PRINT, str(docs)]
    assert new_partner.main(argv) == 0
    row = [line for line in capsys.readouterr().out.splitlines() if line.startswith("![")]
    assert row == [
        "![WHAT THE FIRST PHOTO SHOWS](/_static/photos/valley/valley-1.jpg)",
        "![WHAT THE SECOND PHOTO SHOWS](/_static/photos/valley/valley-2.jpg)",
        "![WHAT THE THIRD PHOTO SHOWS](/_static/photos/valley/ninos-en-clase.jpg)",
        "![WHAT THE FOURTH PHOTO SHOWS](/_static/photos/valley/planning-wall.png)",
        "![WHAT THE FIFTH PHOTO SHOWS](/_static/photos/valley/reading-corner.jpg)",
        "![WHAT THE SIXTH PHOTO SHOWS](/_static/photos/valley/valley-3.jpg)",
    ]
    with Image.open(docs / "_static" / "photos" / "valley" / "valley-1.jpg") as first:
        assert first.size == (30, 20)  # IMG_4012, taken first


def test_the_site_gets_the_files_only_once_every_one_is_ready(
    new_partner: ModuleType,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A running preview rebuilt while the command worked: a photo copied but not yet
    prepared was listed "with hidden metadata", then "no problems" before the card was
    written (a newcomer's finding). The site's folder now stays as it was until all is
    ready, then gets the files and the card together."""
    import photos

    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    logo = tmp_path / "logo.png"
    _logo_with_metadata(logo)
    _photos_from_a_phone(tmp_path / "visit")
    seen = []
    prepare = photos.prepare

    def watched(finding: object) -> str:
        seen.append(sorted(path for path in docs.rglob("*") if path.is_file()))
        return prepare(finding)

    monkeypatch.setattr(photos, "prepare", watched)
    argv = ["Valley", str(logo), "--photos", str(tmp_path / "visit"), "--docs", str(docs)]
    assert new_partner.main(argv) == 0
    assert len(seen) == 2  # the logo and the large photo
    assert all(files == [docs / "partners" / "index.md"] for files in seen), seen
    assert len([path for path in docs.rglob("*") if path.is_file()]) == 4


def test_photos_already_in_the_site_change_only_once_all_are_ready(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder inside the site was made ready photo by photo, in place: a broken photo
    left the ones before it changed, and a running preview rebuilt at each (a tester's
    findings)."""
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    visit = docs / "_static" / "photos" / "visit"
    visit.mkdir(parents=True)
    Image.new("RGB", (3000, 2000), "teal").save(visit / "a-good.jpg")
    (visit / "b-bad.jpg").write_bytes(b"not a picture")
    before = (visit / "a-good.jpg").read_bytes()
    argv = ["Valley", "--photos", str(visit), "--docs", str(docs)]
    assert new_partner.main(argv) == 1
    assert f"{visit / 'b-bad.jpg'}: this photo cannot be used" in capsys.readouterr().out
    assert (visit / "a-good.jpg").read_bytes() == before
    assert (docs / "partners" / "index.md").read_text(encoding="utf-8") == STORIES

    (visit / "b-bad.jpg").unlink()
    Image.new("RGB", (300, 200), "olive").save(visit / "b-small.jpg")
    small = (visit / "b-small.jpg").read_bytes()
    assert new_partner.main(argv) == 0
    with Image.open(visit / "a-good.jpg") as image:
        assert image.size == (2560, 1707)
    assert (visit / "b-small.jpg").read_bytes() == small  # ready as it was: untouched
    assert "/_static/photos/visit/a-good.jpg)" in (docs / "partners" / "index.md").read_text()


def test_with_print_the_page_is_checked_too(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--print copied the files and skipped the page's checks: a partner already on the
    page got a second card to paste (a tester's finding)."""
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    assert new_partner.main(["Beta", "--print", "--docs", str(docs)]) == 1
    assert "index.md:21: the partner already has a card" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        new_partner.main(["Gamma", "--print", "--story", "first", "--docs", str(docs)])
    assert "with --print, you place it" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        new_partner.main(["Gamma", "--story", "  ", "--docs", str(docs)])
    assert "--story needs words" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        new_partner.main(["Gamma", str(tmp_path / "logo.png"), "--docs", str(docs)])
    assert "logo.png: no such file" in capsys.readouterr().err


def test_a_page_with_windows_line_endings_keeps_them(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page saved with CRLF line endings (a Windows editor) came back with LF on every
    line: the pull request changed the whole page."""
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    page = docs / "partners" / "index.md"
    page.write_bytes(STORIES.replace("\n", "\r\n").encode("utf-8"))
    assert new_partner.main(["Gamma", "--story", "first", "--docs", str(docs)]) == 0
    written = page.read_bytes()
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert written.startswith(STORIES.split("```")[0].replace("\n", "\r\n").encode("utf-8"))
    assert b":::{partner-card} Gamma\r\n:id: gamma\r\n" in written


@pytest.mark.parametrize(
    ("written", "said"),
    [
        # The logo's path with a space, not in quotes: the path to write, in quotes.
        (["Valley", "{dir}/Harbor", "Logo.png"], "the path '{dir}/Harbor Logo.png' has a space"),
        (["Valley", "--photos", "{dir}/summer", "visit"], "the path '{dir}/summer visit' has"),
        # The name without quotes: the rule, with an example.
        (["Valley", "Unified", "School"], "the words 'School' were not understood"),
    ],
    ids=["logo", "photos", "name"],
)
def test_words_the_command_cannot_place_are_said_as_a_missing_quote(
    new_partner: ModuleType,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    written: list[str],
    said: str,
) -> None:
    """A newcomer's mistake: argparse said "unrecognized arguments: Logo.png", naming a
    script they never ran, and they were stuck."""
    _logo_with_metadata(tmp_path / "Harbor Logo.png")
    (tmp_path / "summer visit").mkdir()
    argv = [word.format(dir=tmp_path) for word in written]
    with pytest.raises(SystemExit):
        new_partner.main([*argv, *PRINT, str(tmp_path)])
    error = capsys.readouterr().err
    assert said.format(dir=tmp_path) in error, error
    assert "unrecognized arguments" not in error


def test_links_committed_in_the_site_are_not_read_or_written_through(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A red team's fourteenth round: a partners page committed as a link to a file
    outside the repository was read, and its text written into the page, ready to
    commit; a linked logo folder took the logo outside the site."""
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET_TOKEN=abc\n", encoding="utf-8")
    (docs / "partners" / "index.md").symlink_to(secret)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 300), "darkgreen").save(logo)
    assert new_partner.main(["Valley Schools", str(logo), "--docs", str(docs)]) == 1
    said = " ".join(capsys.readouterr().out.split())
    assert "it is a link, not the page itself" in said and "Nothing was changed." in said
    assert (docs / "partners" / "index.md").is_symlink() and "SECRET" not in said

    (docs / "partners" / "index.md").unlink()
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (docs / "_static").mkdir()
    (docs / "_static" / "partners").symlink_to(elsewhere)
    assert new_partner.main(["Valley Schools", str(logo), "--docs", str(docs)]) == 1
    said = " ".join(capsys.readouterr().out.split())
    assert "a link (to somewhere outside the site's folder?) is on the way" in said
    assert list(elsewhere.iterdir()) == []
    assert (docs / "partners" / "index.md").read_text(encoding="utf-8") == STORIES
