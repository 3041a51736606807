"""image-grid: a list of figures, each linked to its full-size file; mistakes warn."""

from __future__ import annotations

import pytest
from PIL import Image

from conftest import parse_html, warnings_at, warnings_of


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_grid_is_a_list_of_linked_figures(app) -> None:
    app.build()
    html = parse_html(app.outdir / "index.html")
    grid = html.select_one(".partners-grid")
    assert grid.name == "figure"  # it has a caption
    assert grid.select_one(":scope > figcaption").get_text() == "One illustration per district."
    items = grid.select("ul[role=list] > li")
    assert len(items) == 3
    alts = [item.select_one("figure img")["alt"] for item in items]
    assert alts == [
        "A green rectangle with a white ring",
        "A blue square with a white ring",
        "A pink logo",
    ]
    for item in items:
        link = item.select_one("figure > a")
        image = link.select_one("img")
        assert (app.outdir / link["href"]).is_file()
        assert image["width"] and image["height"]
        assert image["decoding"] == "async"
    assert [item.select_one("img")["loading"] for item in items] == ["lazy", "lazy", "eager"]
    assert items[1].select_one("figcaption").get_text(strip=True) == "The blue one"
    assert grid["class"][:4] == [
        "partners-grid",
        "partners-grid--phone-1",
        "partners-grid--tablet-2",
        "partners-grid--desktop-3",
    ]


GRID_MISTAKES = [
    (6, "alt", "image 'img/photo-a.jpg' has no alt text"),
    (13, "columns", "columns '7' was ignored"),  # the option's own line
    (17, "grid", "'Some words that belong elsewhere.' was left out"),
    (22, "grid", "image-grid has no images to show"),
    (28, "gap", "gap 'huge' was ignored"),
    (30, "path", "image 'img/nothing.jpg' cannot be used"),
]


@pytest.mark.sphinx("html", testroot="grid-errors", freshenv=True)
@pytest.mark.parametrize(("line", "code", "words"), GRID_MISTAKES)
def test_each_grid_mistake_warns_with_file_line_and_code(app, warning, line, code, words) -> None:
    app.build()
    matching = warnings_at(warning, line, code)
    assert len(matching) == 1, warnings_of(warning)
    assert words in matching[0]


@pytest.mark.sphinx("html", testroot="grid-errors", freshenv=True)
def test_grid_keeps_good_images_and_marks(app, warning) -> None:
    app.build()
    html = parse_html(app.outdir / "index.html")
    grids = html.select(".partners-grid")
    # The empty grid renders nothing; the four others keep every usable image.
    assert [len(grid.select("li")) for grid in grids] == [2, 1, 1, 3]
    # An image without alt text is kept, but without a nameless link.
    first = grids[0].select("li")[0]
    assert first.select_one("img")["alt"] == ""
    assert first.select_one("a") is None
    # The default columns apply when the option was wrong.
    assert "partners-grid--desktop-3" in grids[1]["class"]

    figures = grids[3].select("li")
    assert figures[0].select_one("figcaption strong").get_text() == "markup"
    assert figures[0].select_one("img")["alt"] == "A green rectangle with a ring"
    decorative = figures[1].select_one("img")
    assert decorative["alt"] == ""
    assert "decorative" not in decorative["class"]
    assert figures[1].select_one("a") is None
    assert figures[2].select_one("img")["loading"] == "eager"
    assert grids[3].select_one(":scope > figcaption em").get_text() == "figures"
    assert "partners-grid--phone-1" in grids[3]["class"]
    assert "partners-grid--desktop-2" in grids[3]["class"]
    # Only the one missing alt text warns: decorative images are deliberate.
    assert sum("[partners.alt]" in text for text in warnings_of(warning)) == 1


def test_a_looping_picture_is_named_as_a_loop(tmp_path) -> None:
    """Python 3.13's resolve() stopped raising on loops; the system still names them."""
    from conftest import build_small_site

    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").symlink_to("b.png")
    (tmp_path / "img" / "b.png").symlink_to("a.png")
    page = "# Loop\n\n::::{image-grid}\n![A loop](img/a.png)\n::::\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    loops = [w for w in warnings if "loop of symbolic links" in w]
    assert len(loops) == 1 and "index.md:4:" in loops[0], warnings


def test_attributes_without_attrs_inline_name_the_missing_setting(tmp_path) -> None:
    """Without MyST's attrs_inline, ``{.decorative}`` is text: say which setting reads it."""
    from conftest import build_small_site

    (tmp_path / "img").mkdir()
    for name in ("a", "b"):
        Image.new("RGB", (60, 40), "teal").save(tmp_path / "img" / f"{name}.png")
    page = (
        "# Grid\n\n::::{image-grid}\n"
        "![](img/a.png){.decorative}\n"
        "![Two chairs](img/b.png){.eager}\n"
        "::::\n"
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 2, warnings  # one per image: no "no alt text", no "left out"
    for attributes, line, found in zip(
        ("{.decorative}", "{.eager}"), (4, 5), warnings, strict=True
    ):
        assert f"index.md:{line}:" in found, found  # each image at its own line
        assert attributes in found and "attrs_inline" in found and "[partners.grid]" in found
    # The pictures are still published, and the stray text is not.
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert html.count("<img") == 2 and "{." not in html


def test_attributes_with_attrs_inline_give_no_warning(tmp_path) -> None:
    from conftest import build_small_site

    (tmp_path / "img").mkdir()
    Image.new("RGB", (60, 40), "teal").save(tmp_path / "img" / "a.png")
    page = "# Grid\n\n::::{image-grid}\n![](img/a.png){.decorative}\n::::\n"
    conf = 'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n'
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, conf)
    assert warnings == []


def test_each_image_of_a_paragraph_is_named_at_its_own_line(tmp_path) -> None:
    """Images on consecutive lines are one paragraph, and MyST gives each the paragraph's
    line; a newcomer's renamed photo was reported a line above the one to fix."""
    from conftest import build_small_site

    page = (
        "# Visit\n\n::::{image-grid}\n:columns: 1 2 3\n\n"
        "![A garden](garden.png)\\\n"  # line 6, then a hard break (backslash)
        "![A library](library.png)  \n"  # line 7: missing; a hard break (two spaces)
        '![](corridor.png "Caption")\n'  # line 8: no alt text, and missing
        "::::\n"
    )
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "garden.png")
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    library = [w for w in warnings if "library.png" in w]
    corridor = [w for w in warnings if "corridor.png" in w]
    assert len(library) == 1 and "index.md:7:" in library[0], warnings
    assert corridor and all("index.md:8:" in w for w in corridor), warnings
    # The same page with Windows line endings.
    crlf = tmp_path / "crlf"
    crlf.mkdir()
    Image.new("RGB", (40, 30), "teal").save(crlf / "garden.png")
    _, warnings, _ = build_small_site(crlf, {"index.md": page.replace("\n", "\r\n")})
    assert any("index.md:7:" in w and "library.png" in w for w in warnings), warnings


def test_a_picture_not_found_gets_the_likely_name(tmp_path) -> None:
    """The message says what was most likely meant: other capitals (a Mac finds the
    file, the web server does not), a close name in the folder, or the path from the
    site's folder. Nothing outside the source folder is looked at."""
    from conftest import build_small_site

    photos = tmp_path / "site" / "photos"
    photos.mkdir(parents=True)
    for name in ("reading-corner.jpg", "Garden.JPG"):
        Image.new("RGB", (20, 10), "teal").save(photos / name, "JPEG")
    (tmp_path / "outside.jpg").write_bytes(b"")
    page = (
        "# Page\n\n::::{image-grid}\n"
        "![A reading corner](photos/reading-corer.jpg)\n"  # 4: a letter missing
        "![A garden](photos/garden.jpg)\n"  # 5: capitals
        "![A reading corner](pictures/reading-corner.jpg)\n"  # 6: no such folder
        "![A file outside](../outside.jpg)\n"  # 7: outside: said, not looked for
        "![Nothing like it](photos/zzz.png)\n"  # 8
        "::::\n"
    )
    (tmp_path / "site" / "sub").mkdir()
    sub_page = "# Sub\n\n::::{image-grid}\n![A reading corner](photos/reading-corner.jpg)\n::::\n"
    _, warnings, _ = build_small_site(
        tmp_path / "site",
        {"index.md": page + "\n```{toctree}\nsub/index\n```\n", "sub/index.md": sub_page},
    )
    said = {int(w.split(".md:")[1].split(":")[0]): w for w in warnings if "/site/index.md:" in w}
    assert "does not exist; the folder has 'reading-corner.jpg', a close name." in said[4]
    assert "the folder has 'Garden.JPG': capitals matter on the web server." in said[5]
    assert "the file does not exist (check the spelling and the folder)" in said[6]
    assert "points outside the source folder" in said[7]
    assert "check the spelling and the folder" in said[8]
    sub = [w for w in warnings if "sub/index.md:4:" in w]
    assert len(sub) == 1, warnings
    assert "does not exist next to the page, but /photos/reading-corner.jpg does" in sub[0]


def test_a_picture_markdown_reads_as_text_is_named_with_its_cause(tmp_path) -> None:
    """Curly quotes around a caption, or a space in a path: Markdown sees no picture, and
    the warning says which of the two, at the picture's own line (a newcomer's curly
    caption was called a space in the path, at the line above)."""
    from conftest import build_small_site

    for name in ("garden", "library"):
        Image.new("RGB", (40, 30), "teal").save(tmp_path / f"{name}.png")
    page = (
        "# Visit\n\n::::{image-grid}\n:columns: 1 2 3\n\n"
        "![A garden](garden.png)\n"  # line 6
        "![A library](library.png \u201cOur library\u201d)\n"  # 7: curly quotes
        "![A corridor](our corridor.png)\n"  # 8: a space in the path
        "A sentence that runs\n"  # 9: one sentence on two lines, one warning
        "over two lines.\n"
        "::::\n"
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 3, warnings
    curly, space, sentence = warnings
    assert "index.md:9:" in sentence and "can only hold images" in sentence, sentence
    assert "'A sentence that runs over two lines.' was left out" in sentence, sentence
    assert "index.md:7:" in curly and "curly (\u201c\u201d)" in curly, curly
    assert 'as plain ones: ![alt](photo.jpg "caption")' in curly and "[partners.grid]" in curly
    assert "index.md:8:" in space and "'our corridor.png' has a space" in space, space
    assert "Rename the file with hyphens" in space
    assert (outdir / "index.html").read_text(encoding="utf-8").count("<img") == 1


def test_a_picture_without_its_exclamation_mark_is_named_as_a_link(tmp_path) -> None:
    """``[alt](photo.png)`` in a grid is a link to the picture: it was "text left out" at
    the line above (found by a tester); the warning names the missing ``!``."""
    from conftest import build_small_site

    Image.new("RGB", (40, 30), "teal").save(tmp_path / "a.png")
    page = "# Visit\n\n::::{image-grid}\n![A class](a.png)\n[A second class](a.png)\n::::\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1 and "index.md:5:" in warnings[0], warnings
    assert "a link to a picture, not a picture" in warnings[0]
    assert "Add ! at the start of the line" in warnings[0]


def test_a_path_with_a_space_names_the_photo_as_it_was_renamed(tmp_path) -> None:
    """A newcomer wrote the photo's original name, 'Reading Corner.JPG': the photo command
    had renamed it reading-corner.jpg, and the message said to rename it."""
    from conftest import build_small_site

    (tmp_path / "visit").mkdir()
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "visit" / "reading-corner.jpg")
    page = "# Visit\n\n::::{image-grid}\n![A reading corner](visit/Reading Corner.JPG)\n::::\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1, warnings
    assert "index.md:4:" in warnings[0] and "has a space" in warnings[0]
    assert "The file is named 'visit/reading-corner.jpg'" in warnings[0]
    assert "Rename the file" not in warnings[0]
