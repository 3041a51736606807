"""``scripts/new_partner.py`` (``nox -s partner``): a partner's logo put in place and made
ready, and its card printed with what only the contributor knows left in capitals."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, PngImagePlugin

from conftest import assert_each_at_its_text, build_small_site, front_matter

ROOT = Path(__file__).resolve().parents[2]
FRONT = front_matter("The partners of a small site, to try a card as the script prints it.")
FRONT += "\n# Partners\n\n"


@pytest.fixture(scope="module")
def new_partner() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))  # it imports photos.py beside it
    spec = importlib.util.spec_from_file_location(
        "new_partner", ROOT / "scripts" / "new_partner.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
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
    assert new_partner.main(["Valley Unified School District", str(logo), "--docs", str(docs)]) == 0
    said = capsys.readouterr().out
    placed = docs / "_static" / "partners" / "valley-unified-school-district.png"
    with Image.open(placed) as image:  # in place under the id, ready for the repository
        assert image.size == (2560, 2560) and not getattr(image, "text", {})
    assert "Other pages link to the card with {partner}`valley-unified-school-district`." in said

    page = FRONT + _printed_card(said)  # the card from line 8
    _, warnings, _ = build_small_site(docs, {"index.md": page}, "partners_page_rules = True\n")
    codes = sorted(warning.rsplit("[", 1)[1].rstrip("]") for warning in warnings)
    assert codes == ["partners.kind"] + ["partners.placeholder"] * 4 + ["partners.since"], warnings
    assert_each_at_its_text(warnings, page)  # each at the line that holds what to write

    for placeholder, value in {
        "KIND OF PARTNER": "district",
        "TOWN AND STATE": "Valley Town, California",
        "WHAT THE LOGO SHOWS": "Green oak tree above the words Valley Schools",
        "https://WWW.EXAMPLE.ORG/": "https://valley.example.org/",
        "YEAR": "2018",
        "ONE TO THREE SENTENCES: who": "A district of six schools: who",
    }.items():
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
    assert new_partner.main(["Hill Schools", str(logo), "--docs", str(docs)]) == 0
    placed = docs / "_static" / "partners" / "hill-schools.svg"
    assert placed.read_bytes() == logo.read_bytes()  # an SVG as it is: the build checks it
    assert new_partner.main(["Hill Schools", str(logo), "--docs", str(docs)]) == 1
    assert "already exists: another partner may have this id" in capsys.readouterr().out
    # The logo put in place by hand first, then named to the command: nothing to do.
    assert new_partner.main(["Hill Schools", str(placed), "--docs", str(docs)]) == 0
    assert f"Logo: {placed}, already in place (the build checks an SVG" in capsys.readouterr().out


def test_a_broken_logo_is_named_and_not_left_in_the_site(
    new_partner: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not a picture")
    assert new_partner.main(["Hill Schools", str(logo), "--docs", str(docs)]) == 1
    assert f"{logo}: the logo cannot be used" in capsys.readouterr().out
    assert list((docs / "_static" / "partners").iterdir()) == []
