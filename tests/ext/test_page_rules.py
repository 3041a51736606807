"""Page rules (``partners_page_rules``): a page's description and leftover placeholders,
as build warnings at their line."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import (
    SMALL_CONF,
    build_project,
    build_small_site,
    parse_html,
    warning_line,
    write_catalog,
    write_project,
)

RULES = "partners_page_rules = True\n"


def _front(description: str) -> str:
    return f'---\nmyst:\n  html_meta:\n    "description lang=en": {description}\n---\n\n# Page\n'


GOOD = '"How a district and a school network set their shared goals."'


@pytest.mark.parametrize(
    ("description", "words"),
    [
        ("“How a district and a school network set their shared goals.”", "curly quotes"),
        ('"Too short."', "10 characters"),
        ('"How a district and a school network set their shared goals"', "full stop"),
        ('"How a district set its goals. Then how the network joined it."', "one sentence"),
    ],
)
def test_a_description_readers_would_misread_is_named(
    tmp_path: Path, description: str, words: str
) -> None:
    _, warnings, _ = build_small_site(tmp_path, {"index.md": _front(description)}, RULES)
    assert len(warnings) == 1, warnings
    assert "index.md:4:" in warnings[0] and warnings[0].endswith("[partners.description]")
    assert words in warnings[0]


def test_a_template_description_left_as_it_is_is_named(tmp_path: Path) -> None:
    """Of the right length, one sentence, a full stop: only its capitals give it away."""
    description = '"ONE SENTENCE THAT SAYS WHAT THIS PAGE IS ABOUT AND WHO IT HELPS."'
    _, warnings, _ = build_small_site(tmp_path, {"index.md": _front(description)}, RULES)
    assert len(warnings) == 1, warnings
    assert "index.md:4:" in warnings[0] and warnings[0].endswith("[partners.placeholder]")
    assert "'ONE SENTENCE THAT SAYS WHAT THIS PAGE IS ABOUT AND WHO IT HELPS'" in warnings[0]
    assert "one sentence of 40 to 200 characters" in warnings[0]


@pytest.mark.parametrize(
    ("key", "value", "written"),
    [
        # The content in the key's name (a red team's thirteenth round).
        ("description content=Cheap_pills_at_evil.example", "x", "Cheap_pills_at_evil.example"),
        # Names in other capitals, or set in the key (its fourteenth): browsers and
        # search engines match meta names in any case.
        ("Description", "Visit evil.example now", "Visit evil.example now"),
        ("DESCRIPTION lang=fr", "Third", "Third"),
        ("keywords name=Description", "Fourth", "Fourth"),
    ],
)
def test_a_second_description_is_named_at_its_line_and_left_out(
    tmp_path: Path, key: str, value: str, written: str
) -> None:
    """A second description skipped every rule: search engines and link previews take
    either."""
    page = (
        '---\nmyst:\n  html_meta:\n    "description lang=en": ' + GOOD + "\n"
        f'    "{key}": "{value}"\n---\n\n# Page\n'
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1, warnings
    assert "index.md:5:" in warnings[0] and warnings[0].endswith("[partners.description]")
    assert f"writes 2 descriptions; the first was kept, {written!r}" in warnings[0]
    metas = parse_html(outdir / "index.html").select("meta[name]")
    described = [meta["content"] for meta in metas if meta["name"].lower() == "description"]
    assert described == [GOOD.strip('"')]


def test_a_description_by_another_road_is_a_second_description(tmp_path: Path) -> None:
    """A docutils meta directive inside the page writes one too, at its own line."""
    page = _front(GOOD) + (
        "\n```{eval-rst}\n.. meta::\n   :DESCRIPTION: Visit evil.example now\n```\n"
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1 and "index.md:11:" in warnings[0], warnings
    assert "the first was kept, 'Visit evil.example now' left out" in warnings[0]
    metas = parse_html(outdir / "index.html").select("meta[name]")
    described = [meta["content"] for meta in metas if meta["name"].lower() == "description"]
    assert described == [GOOD.strip('"')]


def test_a_page_without_description_is_named(tmp_path: Path) -> None:
    _, warnings, _ = build_small_site(tmp_path, {"index.md": "# Page\n\nText.\n"}, RULES)
    assert len(warnings) == 1 and "index.md:1:" in warnings[0], warnings
    assert "has no description" in warnings[0] and "[partners.description]" in warnings[0]


def test_a_description_key_in_curly_quotes_is_named_as_the_cause(tmp_path: Path) -> None:
    """A word processor curls every quote: the key is then not "description" for YAML."""
    page = (
        "---\nmyst:\n  html_meta:\n"
        "    “description lang=en”: “How a district and a school network set goals.”\n"
        "---\n\n# Page\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1, warnings
    assert "index.md:4:" in warnings[0] and warnings[0].endswith("[partners.description]")
    assert "the key “description lang=en” is wrapped in curly quotes" in warnings[0]
    assert 'Type straight quotes ("…") around the key and around the text' in warnings[0]


@pytest.mark.parametrize(
    ("front_matter", "line", "words"),
    [
        (f'---\nmyst:\n\thtml_meta:\n    "description lang=en": {GOOD}\n---\n', 3, "tab"),
        (f'---\nmyst:\n  html_meta:\n  "description lang=en": [{GOOD}\n---\n', 5, "YAML says"),
        (  # curly quotes, and a colon in the text: found by a newcomer walk-through
            '---\nmyst:\n  html_meta:\n    "description lang=en": “About this site: who '
            "keeps it and where its facts come from.”\n---\n",
            4,
            "line 4 has curly quotes (“…”), which YAML does not take for quotes",
        ),
    ],
)
def test_unreadable_front_matter_is_named_at_its_line(
    tmp_path: Path, front_matter: str, line: int, words: str
) -> None:
    """MyST says only "Malformed YAML" at line 1; the rule names the cause and its line,
    instead of claiming the page has no description."""
    page = front_matter + "\n# Page\n\nText.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    # One mistake, one message: MyST's "Malformed YAML" at line 1 is left out.
    assert len(warnings) == 1 and warnings[0].endswith("[partners.description]"), warnings
    assert f"index.md:{line}:" in warnings[0] and words in warnings[0], warnings
    assert "could not be read" in warnings[0]
    if "curly" in words:
        assert 'Type straight quotes ("…")' in warnings[0]


def test_mysts_front_matter_warning_stays_where_the_rules_are_off(tmp_path: Path) -> None:
    """Only the page rules say more: without them MyST's own warning is the message."""
    page = "---\nmyst:\n\thtml_meta: {}\n---\n\n# Page\n"
    _, warnings, _ = build_small_site(tmp_path / "off", {"index.md": page})
    assert len(warnings) == 1 and "Malformed YAML [myst.topmatter]" in warnings[0], warnings


def test_a_good_page_gives_no_warning(tmp_path: Path) -> None:
    page = _front(GOOD) + "\nThe CPRL and the USA team met in NEW YORK.\n\n`CODE LIKE THIS ONE`\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert warnings == []


def _picture(path: Path, size: tuple[int, int]) -> None:
    from PIL import Image

    path.parent.mkdir(exist_ok=True)
    Image.new("RGB", size, "teal").save(path)


def test_template_placeholders_are_named_where_they_are(tmp_path: Path) -> None:
    _picture(tmp_path / "img" / "a.png", (30, 20))
    page = _front(GOOD) + (
        "\n"  # line 8
        ":::{partner-card} FULL NAME OF THE ORGANIZATION\n"  # line 9
        ":no-index:\n"
        ":url: https://WWW.EXAMPLE.ORG/\n"
        ":::\n"
        "\n"
        "![WHAT THE PHOTO SHOWS](img/a.png)\n"  # line 14
        "\n"
        "```text\n"
        "CODE IN CAPITALS IS NOT A PLACEHOLDER\n"
        "```\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    found = [w for w in warnings if w.endswith("[partners.placeholder]")]
    assert len(found) == 3 and len(warnings) == 3, warnings
    assert any("'FULL NAME OF THE ORGANIZATION'" in w and "index.md:9:" in w for w in found)
    assert any("WWW.EXAMPLE.ORG" in w for w in found)
    assert any("'WHAT THE PHOTO SHOWS'" in w and "index.md:14:" in w for w in found)


def test_placeholders_in_options_are_named_at_the_option_line(tmp_path: Path) -> None:
    """The guide's card and row templates, pasted with nothing replaced: each placeholder
    at the line to change, with the fix for its place, and a name repeated in the card's
    link text named once."""
    _picture(tmp_path / "img" / "logo.png", (300, 300))
    page = _front(GOOD) + (
        "\n"  # line 8
        ":::{partner-card} FULL NAME OF THE ORGANIZATION\n"  # line 9
        ":id: valley\n"
        ":kind: district\n"
        ":logo: /img/logo.png\n"  # line 12
        ":logo-alt: WHAT THE LOGO SHOWS\n"
        ":location: TOWN, STATE, COUNTRY\n"  # line 14
        ":url: https://www.example.org/\n"
        ":::\n"
        "\n"
        "::::{image-grid}\n"  # line 18
        ":columns: 1 2 3\n"
        ":caption: ONE SENTENCE ABOUT THE ROW\n"  # line 20
        "\n"
        "![A teal square](img/logo.png)\n"
        "::::\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    lines = {
        warning.split("'")[1]: warning_line(warning)
        for warning in warnings
        if warning.endswith("[partners.placeholder]")
    }
    assert len(warnings) == len(lines) == 4, warnings
    assert lines == {
        "FULL NAME OF THE ORGANIZATION": 9,
        "WHAT THE LOGO SHOWS": 13,
        "TOWN, STATE, COUNTRY": 14,
        "ONE SENTENCE ABOUT THE ROW": 20,
    }
    hints = {warning.split("'")[1]: warning for warning in warnings}
    assert "Write the real name or title in its place." in hints["FULL NAME OF THE ORGANIZATION"]
    assert "the alt text is what a reader" in hints["WHAT THE LOGO SHOWS"]
    assert "or leave the line out" in hints["TOWN, STATE, COUNTRY"]


def test_a_placeholder_in_an_included_file_is_named_in_that_file(tmp_path: Path) -> None:
    page = _front(GOOD) + "\nAbove.\n\n```{include} part.md\n```\n"
    part = "Some words.\n\nMore words on one line,\nand [TITLE OF THE DOCUMENT](https://x.org/).\n"
    conf = RULES + 'exclude_patterns = ["part.md"]\n'  # only included, not a page
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page, "part.md": part}, conf)
    assert len(warnings) == 1 and "part.md:4:" in warnings[0], warnings
    assert warnings[0].endswith("[partners.placeholder]")


def test_a_placeholder_line_counts_lines_as_myst_does(tmp_path: Path) -> None:
    """A line separator (U+2028) or a form feed earlier in the page ends no line for
    MyST; counting it as one would put the placeholder a line off."""
    page = _front(GOOD) + (
        "\nOne\u2028sentence with a separator, and\x0c a form feed.\n\n"  # line 9
        "More words on one line,\nand [TITLE OF THE DOCUMENT](https://x.org/).\n"  # 12
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1 and "index.md:12:" in warnings[0], warnings


def test_the_rules_are_off_unless_a_site_turns_them_on(tmp_path: Path) -> None:
    page = "# FULL NAME OF THE ORGANIZATION\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert warnings == []


CARD = ":::{partner-card} Riverside Schools\n:id: riverside\n:kind: district\n:::\n"


def test_a_tab_is_named_once_at_its_line(tmp_path: Path) -> None:
    """A tab MyST reads past is still a mistake in the guide's eyes: named at its line.
    Where it broke something, the warning that says what it broke is the only one."""
    harmless = _front(GOOD) + "\n" + CARD.replace(":kind:", "\t:kind:")
    broken_options = _front(GOOD) + "\n" + CARD.replace(":kind: ", ":kind:\t")
    broken_options = broken_options.replace("riverside", "riverside-two")
    broken_front = _front(GOOD).replace("  html_meta:", "\thtml_meta:") + "\n" + CARD
    broken_front = broken_front.replace("riverside", "riverside-three")
    pages = {"harmless.md": harmless, "options.md": broken_options, "front.md": broken_front}
    pages["index.md"] = _front(GOOD) + "\n```{toctree}\nharmless\noptions\nfront\n```\n"
    outdir, warnings, _ = build_small_site(tmp_path, pages, RULES)

    harmless_warnings = [w for w in warnings if "harmless.md" in w]
    assert len(harmless_warnings) == 1, warnings
    assert "harmless.md:11:" in harmless_warnings[0]
    assert harmless_warnings[0].endswith("Replace the tab with spaces. [partners.tab]")
    assert "district" in (outdir / "harmless.html").read_text(encoding="utf-8")

    options_warnings = [w for w in warnings if "options.md" in w]
    assert len(options_warnings) == 1 and "[partners.tab]" not in options_warnings[0], warnings
    assert "tab character, so none of the block's options could be read" in options_warnings[0]

    front_warnings = [w for w in warnings if "front.md" in w and "[myst.topmatter]" not in w]
    assert len(front_warnings) == 1 and "front.md:3:" in front_warnings[0], warnings
    assert "[partners.description]" in front_warnings[0] and "tab" in front_warnings[0]


def test_a_tab_is_not_named_where_the_page_rules_are_off(tmp_path: Path) -> None:
    page = _front(GOOD) + "\n" + CARD.replace(":kind:", "\t:kind:")
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert not [w for w in warnings if "[partners.tab]" in w], warnings


def test_a_tab_is_named_at_the_line_myst_counts(tmp_path: Path) -> None:
    """A line separator (U+2028) or a form feed inside a paragraph ends no line for MyST;
    the tab below them is named at the line MyST and an editor show."""
    page = _front(GOOD) + "\nOne\u2028two\x0cthree.\n\nA\ttab here.\n"  # the tab: line 11
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    tabs = [w for w in warnings if "[partners.tab]" in w]
    assert len(tabs) == 1 and "index.md:11:" in tabs[0], warnings


# -- alt text ------------------------------------------------------------------------

PICTURES = (
    "\nSome text\nand ![](pixel.png) in a sentence.\n"  # line 10
    "\n![](pixel.png)\n"  # 12
    "\n![Two teachers at a table](pixel.png) and ![](pixel.png){.decorative}\n"  # 14
    "\n:::{figure} pixel.png\nA legend is not alt text.\n:::\n"  # 16
    "\n```{image} pixel.png\n:alt: A class in the garden\n```\n"  # 20
    "\n:::{image-grid}\n![](pixel.png)\n:::\n"  # 25: the grid says so itself
)


def test_a_picture_without_alt_text_is_named_at_its_line(tmp_path: Path) -> None:
    """Each picture a reader who cannot see it would get nothing for (or its file name,
    which docutils writes for a figure without :alt:), once, at the line it is on."""
    _picture(tmp_path / "pixel.png", (8, 6))
    conf = RULES + 'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n'
    _, warnings, _ = build_small_site(tmp_path, {"index.md": _front(GOOD) + PICTURES}, conf)
    named = sorted((warning_line(w), w.rpartition("[")[2]) for w in warnings)
    assert named == [
        (10, "partners.alt]"),
        (12, "partners.alt]"),
        (16, "partners.alt]"),
        (25, "partners.alt]"),
    ], warnings
    assert all("Describe what it shows" in w for w in warnings if "image-grid" not in w)


def test_a_missing_inline_picture_is_named_at_its_line(tmp_path: Path) -> None:
    """Sphinx's own warning about a picture written in a paragraph had no line
    (``index.md:: WARNING: image file not readable``): it gets the line of its address."""
    page = "# Page\n\nSome words on one line,\nand ![A class](missing.png) on the next.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1 and "index.md:4: WARNING: image file not readable" in warnings[0], (
        warnings
    )


BROKEN_PATHS = (
    "\n:::{partner-card} Riverside Schools\n:id: riverside\n:kind: district\n"  # 9
    ":logo: missing-logo.png\n:logo-alt: WHAT THE LOGO SHOWS\n:::\n"  # 12, 13
    "\n::::{image-grid}\n:caption: ONE SENTENCE ABOUT THE ROW\n"  # 16, 17
    "\n![WHAT THE FIRST PHOTO SHOWS](gone.jpg)\n"  # 19
    '![WHAT THE SECOND PHOTO SHOWS](gone-too.jpg "A TITLE LEFT AS WRITTEN")\n::::\n'  # 20
)


@pytest.mark.parametrize("rules", [True, False], ids=["rules on", "rules off"])
def test_placeholders_behind_a_broken_path_are_named_at_once(tmp_path: Path, rules: bool) -> None:
    """A logo or picture not found is left out with its words; a placeholder in them was
    named only once the path was fixed, one more round for the contributor."""
    conf = SMALL_CONF + (RULES if rules else "")
    write_project(tmp_path, conf, {"index.md": _front(GOOD) + BROKEN_PATHS})
    _, warnings, app = build_project(tmp_path)
    placeholders = sorted(
        (warning_line(w), w.split("'")[1]) for w in warnings if "[partners.placeholder]" in w
    )
    expected = [
        (13, "WHAT THE LOGO SHOWS"),
        (17, "ONE SENTENCE ABOUT THE ROW"),
        (19, "WHAT THE FIRST PHOTO SHOWS"),
        (20, "TITLE LEFT AS WRITTEN"),
        (20, "WHAT THE SECOND PHOTO SHOWS"),
    ]
    assert placeholders == (expected if rules else []), warnings
    assert sum("[partners.path]" in w for w in warnings) == 3, warnings
    # The words served the page rules only: the stored doctree does not carry them.
    assert "partners_refused_words" not in app.env.get_doctree("index").attributes


def test_sphinxs_missing_picture_message_says_what_was_meant(tmp_path: Path) -> None:
    """Sphinx's "image file not readable" gets the likely name, as cards and grids do."""
    _picture(tmp_path / "photos" / "reading-corner.jpg", (8, 6))
    page = (
        "# Page\n\n![A corner](photos/reading-corer.jpg)\n\n![A class](photos/Reading-Corner.jpg)\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 2, warnings
    assert warnings[0].endswith(
        "index.md:3: WARNING: image file not readable: photos/reading-corer.jpg; the folder "
        "has 'reading-corner.jpg', a close name. [image.not_readable]"
    )
    assert "index.md:5:" in warnings[1] and "capitals matter on the web server." in warnings[1]


def test_an_application_building_again_still_says_each_mistake_once(tmp_path: Path) -> None:
    """One application may build more than once (Sphinx's test applications do): what
    the first build left out or added (MyST's line-1 "Malformed YAML", the likely picture
    name) holds in the next builds too; the second build said both again."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    from conftest import warnings_of

    _picture(tmp_path / "photos" / "reading-corner.jpg", (8, 6))
    broken = "---\nmyst:\n\thtml_meta: {}\n---\n\n# Page\n\n![A corner](photos/reading-corer.jpg)\n"
    write_project(tmp_path, SMALL_CONF + RULES, {"index.md": broken})
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=tmp_path, status=StringIO(), warning=warning)
    try:
        for build in ("first", "second"):
            warning.seek(0)
            warning.truncate()
            (tmp_path / "index.md").write_text(broken + f"\n{build} build.\n", encoding="utf-8")
            app.build()
            found = warnings_of(warning)
            assert len(found) == 2, (build, found)
            assert "[partners.description]" in found[0] or "[partners.description]" in found[1]
            assert not any("Malformed YAML" in w for w in found), (build, found)
            assert any("the folder has 'reading-corner.jpg'" in w for w in found), (build, found)
    finally:
        app.cleanup()


def test_an_alt_text_of_invisible_characters_says_nothing(tmp_path: Path) -> None:
    """A zero-width space or a no-break space between the brackets is no alt text: named
    as missing, in a page and in a grid (a screen reader would say nothing)."""
    _picture(tmp_path / "pixel.png", (8, 6))
    page = (
        _front(GOOD)
        + "\n![\u200b](pixel.png)\n"  # line 9
        + "\n![\u00a0](pixel.png)\n"  # 11
        + "\n::::{image-grid}\n![\u200b\u2060](pixel.png)\n::::\n"  # 14
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    named = sorted((warning_line(w), w.rpartition("[")[2]) for w in warnings)
    assert named == [(9, "partners.alt]"), (11, "partners.alt]"), (14, "partners.alt]")], warnings


def test_alt_text_that_is_the_file_name_or_says_picture_is_named(tmp_path: Path) -> None:
    """Both passed every check that asks only whether there is alt text, while the
    site's tests failed (found by a tester); in a grid, a card or the page alike."""
    from PIL import Image

    tmp_path.mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "reading-corner.png")
    page = (
        _front(GOOD)
        + "\n"
        + "![reading-corner.png](reading-corner.png)\n\n"  # 9
        + "::::{image-grid}\n![Photo of two teachers at a wall](reading-corner.png)\n::::\n\n"  # 12
        + ":::{partner-card} A\n:logo: reading-corner.png\n:logo-alt: Reading corner\n:::\n\n"
        + "![Two teachers planning at a wall](reading-corner.png)\n"  # fine
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    alt = sorted((warning_line(w), w) for w in warnings if w.endswith("[partners.alt]"))
    assert [line for line, _ in alt] == [9, 12, 16], warnings
    assert "is the file's name" in alt[0][1] and "is the file's name" in alt[2][1]
    assert "starts by saying it is a picture" in alt[1][1]
    assert len(warnings) == 3, warnings


@pytest.mark.parametrize(
    "alt",
    [
        "IMG_4012",
        "Photo",
        "image",
        "Picture 3",
        "DSC01234",
        "logo",
        "Screenshot 2024-05-01 at 10.12.33",
    ],
)
def test_alt_text_that_only_says_picture_or_the_camera_s_name_is_named(
    tmp_path: Path, alt: str
) -> None:
    """Passed everywhere (a tester's finding): a screen reader says "image, IMG_4012"."""
    from PIL import Image

    tmp_path.mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "visit.png")
    page = _front(GOOD) + f"\n::::{{image-grid}}\n![{alt}](visit.png)\n::::\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1 and warnings[0].endswith("[partners.alt]"), warnings
    assert warning_line(warnings[0]) == 10
    assert "only says it is a picture, or gives the camera's name for it" in warnings[0]


def test_a_second_title_is_named_once_at_its_line(tmp_path: Path) -> None:
    """Two ``#`` titles passed every check: the second part of the page was left out of
    its contents and the menu (found by a tester)."""
    page = _front(GOOD) + "\nText.\n\n# A second title\n\nMore.\n\n# A third one\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1 and warnings[0].endswith("[partners.title]"), warnings
    assert warning_line(warnings[0]) == 11 and "'A second title'" in warnings[0]


def test_a_picture_is_quoted_as_the_page_gives_it(tmp_path: Path) -> None:
    """Sphinx keeps a local picture's address relative to the site's folder: the message
    quoted '_static/a.png' for '/_static/a.png' (a tester's finding)."""
    (tmp_path / "_static").mkdir(parents=True)
    _picture(tmp_path / "_static" / "pixel.png", (8, 6))
    _picture(tmp_path / "pixel.png", (8, 6))
    page = _front(GOOD) + "\n![](/_static/pixel.png)\n\n![pixel.png](pixel.png)\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    alt = sorted((warning_line(w), w) for w in warnings if w.endswith("[partners.alt]"))
    assert [line for line, _ in alt] == [9, 11], warnings
    assert "the picture '/_static/pixel.png' has no alt text" in alt[0][1]
    assert "the picture 'pixel.png': its alt text 'pixel.png' is the file's name" in alt[1][1]


def test_the_fix_for_a_missing_title_suggests_one_from_the_file_name(tmp_path: Path) -> None:
    untitled = _front(GOOD).replace("# Page\n", "Text with no title above it.\n")
    pages = {"index.md": _front(GOOD), "family-survey.md": untitled}
    _, warnings, _ = build_small_site(tmp_path, pages, RULES + "\nsuppress_warnings = ['toc']\n")
    titles = [w for w in warnings if w.endswith("[partners.title]")]
    assert len(titles) == 1 and "family-survey.md:1:" in titles[0], warnings
    assert "such as # Family survey." in titles[0]


def test_a_bold_never_closed_is_named_at_its_line(tmp_path: Path) -> None:
    """'**To be filled in:' never closed published two stars, and every check passed (a
    tester's finding); bold closed as it should and stars in code say nothing."""
    page = (
        _front(GOOD)
        + "\n**To be filled in: the name.\n"  # 9
        + "\nA **bold ** word.\n"  # 11
        + "\n- an item **x\n"  # 13
        + "\nFine: **bold**, `**code**`, $2**3$ and\n\n```\n**a block**\n```\n"
    )
    _, warnings, _ = build_small_site(
        tmp_path,
        {"index.md": page},
        # MathJax from the site itself: a CDN's would be named (partners.outside).
        RULES + 'myst_enable_extensions = ["dollarmath"]\nmathjax_path = "mj/tex-chtml.js"\n',
    )
    named = sorted((warning_line(w), w.rpartition("[")[2]) for w in warnings)
    assert named == [(9, "partners.bold]"), (11, "partners.bold]"), (13, "partners.bold]")]
    assert "'**To be filled in: the name.': a ** here has no partner" in warnings[0]


def test_a_role_written_apart_from_its_backticks_is_named(tmp_path: Path) -> None:
    """'{partner} `summit`' showed '{partner}' and the id as code, with no warning (a
    tester's finding); braces around a word that is no role are the author's."""
    page = (
        _front(GOOD)
        + "\nThe network\nof {partner} `summit` schools, and {term}alone.\n\n"
        + "A {placeholder} in braces, and `{partner}` in code.\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert [warning_line(w) for w in warnings] == [10, 10], warnings
    assert all(w.endswith("[partners.role]") for w in warnings)
    assert "{partner} is written apart from its backticks" in warnings[0]


def test_a_misspelled_html_meta_is_one_message_with_the_setting_meant(tmp_path: Path) -> None:
    """'html-meta:' for 'html_meta:': "the page has no description... write one" at line
    1 beside the refused setting at line 3 (a tester's finding), though the description
    is there."""
    page = (
        '---\nmyst:\n  html-meta:\n    "description lang=en": "A page about how partners '
        'share their plans with families."\n---\n# Home\n\nText.\n'
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1, warnings
    assert (
        "index.md:3: WARNING: the front matter has 'html-meta', a misspelling of html_meta"
        in (warnings[0])
    )
    assert "Write html_meta: in its place." in warnings[0]
    assert warnings[0].endswith("[partners.frontmatter]")


# -- e-mail addresses (partners.email) -------------------------------------------------

NO_EMAIL = RULES + 'partners_safe_url_schemes = ("https", "http")\n'


def test_every_e_mail_address_is_named_once_at_its_line(tmp_path: Path) -> None:
    page = (
        _front(GOOD)
        + "\nWrite to jane.doe@valley-schools.org for the form,\n"
        + "or [the office](mailto:office@example.org), or <info@example.org>.\n\n"
        + ":::{partner-card} Valley Schools\n:id: valley\n:url: mailto:hello@example.org\n\n"
        + "Contact ann@example.org.\n:::\n\n`code@example.org` is code.\n"
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page}, NO_EMAIL)
    found = sorted(
        (warning_line(warning), warning.split("'")[1])
        for warning in warnings
        if warning.endswith("[partners.email]")
    )
    assert len(found) == len(warnings), warnings
    assert found == [
        (9, "jane.doe@valley-schools.org"),
        (10, "mailto:info@example.org"),
        (10, "mailto:office@example.org"),
        (14, "Valley Schools"),  # the card's message names the card, then its url
        (16, "ann@example.org"),
    ], warnings
    assert "'mailto:hello@example.org' was not used" in warnings[0] or any(
        "'mailto:hello@example.org' was not used" in warning for warning in warnings
    )
    page_html = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    # The links are plain text, the card has none.
    assert not page_html.select('a[href^="mailto:"]')


def test_a_site_that_publishes_e_mail_addresses_keeps_them(tmp_path: Path) -> None:
    page = _front(GOOD) + "\nWrite to [the office](mailto:office@example.org).\n"
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert warnings == []
    page_html = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page_html.select('a[href^="mailto:office"]')  # Sphinx writes @ as %40


# -- characters that reorder the words shown ---------------------------------------------

RLO, LRI = "\u202e", "\u2066"


def test_characters_that_reorder_words_are_named_and_taken_out(tmp_path: Path) -> None:
    """U+202E shows the words after it reversed: the page would read differently from
    the lines reviewed. Named at each line, in a title (which the navigation repeats),
    text, code and alt text, and taken out of the published page."""
    page = (
        _front(GOOD).replace("# Page", f"# Family {RLO}nights")
        + f"\nCall extension {RLO}4410 or {LRI}4411.\n"
        + f"\n```text\ncode {RLO}here\n```\n"
        + f"\n![A {RLO}garden](missing.png)\n"
    )
    pages = {"index.md": _front(GOOD) + "\n```{toctree}\nfamily\n```\n", "family.md": page}
    outdir, warnings, _ = build_small_site(tmp_path, pages, RULES)
    ours = [w for w in warnings if "[partners.direction]" in w]
    assert [warning_line(w, "family.md") for w in ours] == [7, 9, 12, 15], warnings
    assert "holds U+202E, U+2066, invisible characters" in ours[1]
    for name in ("family.html", "index.html"):
        html = (outdir / name).read_text(encoding="utf-8")
        assert RLO not in html and LRI not in html, name
    family = BeautifulSoup((outdir / "family.html").read_text(encoding="utf-8"), "html.parser")
    assert family.title is not None and family.title.string.startswith("Family nights")
    assert "Call extension 4410 or 4411." in family.get_text()


def test_characters_that_reorder_words_reach_no_card_link_or_directory(tmp_path: Path) -> None:
    """Taken out of the page's source, not only its text: a card's name reaches the
    directory and every link to the partner, its address an href (a red team's road)."""
    card = (
        f":::{{partner-card}} Harbor {RLO}Schools\n:id: harbor\n:kind: district\n"
        f":location: Harbor {RLO}Town\n:url: https://example.org/{RLO}x\n:::\n"
    )
    page = (
        _front(GOOD)
        + "\n"
        + card
        + f"\nSee {{partner}}`harbor`, [a {RLO}link](https://example.org/"
        f"a{RLO}b).\n\n:::{{partner-directory}}\n:::\n"
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    ours = [w for w in warnings if "[partners.direction]" in w]
    assert [warning_line(w) for w in ours] == [9, 12, 13, 16], warnings
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert RLO not in html and "%E2%80%AE" not in html.upper()
    assert html.count("Harbor Schools") >= 3  # the card, the link and the directory


def test_characters_that_reorder_words_stay_where_the_rules_are_off(tmp_path: Path) -> None:
    page = _front(GOOD) + f"\nCall extension {RLO}4410.\n"
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert not [w for w in warnings if "[partners.direction]" in w]
    assert RLO in (outdir / "index.html").read_text(encoding="utf-8")


def test_a_translation_that_reorders_words_is_named_at_its_catalog_line(tmp_path: Path) -> None:
    page = _front(GOOD) + "\nCall extension 4410.\n"
    srcdir = write_project(tmp_path / "src", SMALL_CONF + RULES, {"index.md": page})
    catalog = write_catalog(srcdir, {"Call extension 4410.": f"Llame a la extensión {RLO}4410."})
    conf = 'language = "es"\nlocale_dirs = ["locales"]\n'
    (srcdir / "conf.py").write_text(SMALL_CONF + RULES + conf, encoding="utf-8")
    outdir, warnings, _ = build_project(srcdir)
    ours = [w for w in warnings if "[partners.direction]" in w]
    assert len(ours) == 1 and ours[0].startswith(f"{catalog}:6:")  # its msgstr, warnings
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "Llame a la extensión 4410." in html and RLO not in html


def test_a_right_to_left_mark_between_numbers_is_taken_out(tmp_path: Path) -> None:
    """A red team's finding: one invisible right-to-left mark swaps two numbers
    ("10" U+200F "500" shows as 50010); so does the Arabic letter mark, U+061C."""
    page = _front(GOOD) + "\nThe fee is \u200f10\u200f500 dollars, room \u061c12\u061c34.\n"
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    ours = [w for w in warnings if "[partners.direction]" in w]
    assert len(ours) == 1 and "holds U+061C, U+200F," in ours[0], warnings
    assert "The fee is 10500 dollars, room 1234." in (outdir / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("link", "words"),
    [
        (
            "[https://www.grants.gov/apply](https://evil.example/apply)",
            "shows the address 'https://www.grants.gov/apply' but leads to evil.example",
        ),
        (
            "[the application form](https://xn--grnts-5ve.gov/apply)",
            "mixes alphabets ('gr\u0430nts'), as a look-alike does",
        ),
        (  # the address among words (a red team's eleventh round)
            "[the form at https://www.grants.gov/apply.](https://evil.example/apply)",
            "shows the address 'https://www.grants.gov/apply' but leads to evil.example",
        ),
        (  # a bare host, as sites name themselves (left by the eleventh round)
            "[Grants.gov/apply](https://grants.gov.evil.example/apply)",
            "shows the address 'Grants.gov/apply' but leads to grants.gov.evil.example",
        ),
        (
            "[the form on grants.gov](https://evilgrants.gov/apply)",
            "shows the address 'grants.gov' but leads to evilgrants.gov",
        ),
        # A red team's twelfth round: the address written so that the check did not read
        # it, in capitals, under a country's ending, with invisible characters, other
        # dots or full-width letters; a name before @; a look-alike under another ending.
        ("[GRANTS.GOV](https://evil.example/)", "shows the address 'GRANTS.GOV'"),
        ("[paypal.co.uk](https://evil.example/)", "shows the address 'paypal.co.uk'"),
        ("[sat.gob.mx](https://evil.example/)", "shows the address 'sat.gob.mx'"),
        ("[grants\u200b.gov](https://evil.example/)", "shows the address 'grants.gov'"),
        ("[www\u3002grants\uff0egov](https://evil.example/)", "shows the address 'www.grants.gov'"),
        (
            "[\uff47\uff52\uff41\uff4e\uff54\uff53.gov](https://evil.example/)",
            "shows the address 'grants.gov'",
        ),
        (
            "<https://www.grants.gov@evil.example/>",
            "writes 'www.grants.gov' before an @, which a reader takes for the site's name, "
            "but leads to evil.example",
        ),
        ("[the store](https://xn--80ak6aa92e.io/)", "under the ending .io"),
        # The thirteenth round: a Cyrillic letter, an invisible joiner or a Lisu dot in
        # the words; two links to one place that read as one address; an address in
        # capitals or without its scheme; a Latin letter that passes for another.
        ("[gr\u0430nts.gov](https://evil.example/)", "shows the address 'gr\u0430nts.gov'"),
        ("[grants\u034f.gov](https://evil.example/)", "shows the address 'grants.gov'"),
        ("[grants\ua4f8gov](https://evil.example/)", "shows the address 'grants.gov'"),
        ("[grants.](https://evil.example/)[gov](https://evil.example/)", "'grants.gov'"),
        ("[x](https://\u0261rants.gov/)", "a letter that passes for another"),
        (  # an address in the title a reader reads on hover
            '[Apply](https://evil.example/ "https://www.grants.gov/apply")',
            "shows the address 'https://www.grants.gov/apply'",
        ),
        (
            "[grants.gov](https://web.archive.org/web/2020/https://evil.example/?grants.gov)",
            "shows the address 'grants.gov' but leads to web.archive.org",
        ),
        # The fifteenth round: another's sub-domain of a host where anyone can have one
        # (the Public Suffix List's), not only of the fourteen hosts once listed here.
        (
            "[https://school-partnerships.readthedocs.io/](https://school-login.readthedocs.io/)",
            "shows the address 'https://school-partnerships.readthedocs.io/' but leads to "
            "school-login.readthedocs.io",
        ),
        (
            "[https://partners-portal.onrender.com](https://evil-portal.onrender.com/)",
            "but leads to evil-portal.onrender.com",
        ),
        (  # the sixteenth round: shared hosts the Public Suffix List leaves out
            "[https://school-partners.wordpress.com/](https://school-login.wordpress.com/)",
            "but leads to school-login.wordpress.com",
        ),
        (
            "[https://contoso.sharepoint.com/x](https://contoso-partners.sharepoint.com/x)",
            "but leads to contoso-partners.sharepoint.com",
        ),
        (  # all Cyrillic under .com, which Firefox shows as written: "apple.com"
            "[the store](https://xn--80ak6aa92e.com/)",
            "written in another alphabet ('\u0430\u0440\u0440\u04cf\u0435') under the ending .com",
        ),
    ],
)
def test_a_link_that_misleads_about_where_it_leads_is_named(
    tmp_path: Path, link: str, words: str
) -> None:
    """A red team's finding: link text showing one address on a link to another site,
    and a host that imitates another site's with a letter of another alphabet."""
    page = _front(GOOD) + f"\nApply with {link}.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    ours = [w for w in warnings if "[partners.url]" in w]
    assert len(ours) == 1 and warning_line(ours[0]) == 9 and words in ours[0], warnings


@pytest.mark.parametrize(
    "page",
    [
        # In the contents: made into a link only when the page is written, after the checks.
        "```{toctree}\nApply at www.grants.gov <https://evil.example/apply>\n```\n",
        # A block whose text is shown as written, but whose links are links.
        "```{parsed-literal}\nApply at [www.grants.gov](https://evil.example/apply)\n```\n",
    ],
)
def test_a_misleading_link_is_named_by_whatever_road_it_takes(tmp_path: Path, page: str) -> None:
    """A red team's twelfth round: links the check never saw."""
    _, warnings, _ = build_small_site(tmp_path, {"index.md": _front(GOOD) + "\n" + page}, RULES)
    ours = [w for w in warnings if "[partners.url]" in w]
    assert len(ours) == 1 and "shows the address 'www.grants.gov'" in ours[0], warnings
    assert warning_line(ours[0]) in (9, 10), ours


@pytest.mark.parametrize(
    ("card", "named"),
    [
        (  # a stretched link in a card (the thirteenth round)
            ":::{card} Apply on grants.gov\nThe official site.\n\n"
            "[Open](https://evil.example/8){.sd-stretched-link}\n:::\n",
            "shows the address 'grants.gov'",
        ),
        (  # a card's address in its words, not its title: no false alarm
            ":::{card} Apply for a grant\n:link: https://www.grants.gov/\n\n"
            "You need a SAM.gov registration first.\n:::\n",
            None,
        ),
        (  # sphinx-design's links written without their scheme
            "```{button-link} //evil.example/\ngrants.gov\n```\n",
            "shows the address 'grants.gov'",
        ),
    ],
)
def test_a_card_or_button_link_is_read_as_a_reader_reads_it(
    tmp_path: Path, card: str, named: str | None
) -> None:
    conf = (
        RULES
        + 'extensions.append("sphinx_design")\nmyst_enable_extensions.append("attrs_inline")\n'
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": _front(GOOD) + "\n" + card}, conf)
    ours = [w for w in warnings if "[partners.url]" in w]
    if named is None:
        assert ours == [], warnings
    else:
        assert len(ours) == 1 and named in ours[0], warnings


def test_a_link_laid_over_a_card_is_read_with_the_card_s_words(tmp_path: Path) -> None:
    """A sphinx-design card whose whole area is a link has no words of its own: a
    reader takes the card's (a red team's twelfth round)."""
    page = ":::{card} https://www.grants.gov/apply\n:link: https://evil.example/\n\nApply.\n:::\n"
    conf = RULES + 'extensions.append("sphinx_design")\n'
    _, warnings, _ = build_small_site(tmp_path, {"index.md": _front(GOOD) + "\n" + page}, conf)
    ours = [w for w in warnings if "[partners.url]" in w]
    assert len(ours) == 1 and "shows the address 'https://www.grants.gov/apply'" in ours[0]


def test_a_card_whose_link_words_show_another_address_is_named(tmp_path: Path) -> None:
    """A red team's finding: a card's :url-text: showing one site's address on a link to
    another (the card adds the partner's name to the link's words, hidden)."""
    card = (
        ":::{partner-card} Harbor Schools\n:id: harbor\n:kind: district\n"
        ":url: https://evil.example/\n:url-text: https://www.grants.gov\n:::\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": _front(GOOD) + "\n" + card}, RULES)
    ours = [w for w in warnings if "[partners.url]" in w]
    assert len(ours) == 1 and "shows the address 'https://www.grants.gov'" in ours[0], warnings


def test_links_that_show_their_own_address_are_not_named(tmp_path: Path) -> None:
    page = _front(GOOD) + (
        "\n[www.grants.gov](https://grants.gov/), [https://example.org/a](https://example.org/b),"
        " [report.pdf](https://example.org/report.pdf), [españa](https://espa\u00f1a.example/),"
        " [https://[x](https://example.org/c), [Grants.gov](https://www.grants.gov/),"
        " [the data on Data.gov](https://catalog.data.gov/dataset/x),"
        " [notes.md and run.sh](https://example.org/notes),"
        " [write to info@school.org](https://example.org/contact),"
        " [education.gov.au](https://www.education.gov.au/), [unam.edu.mx](https://www.unam.edu.mx/),"
        " [grants.gov, archived](https://web.archive.org/web/2020/https://www.grants.gov/),"
        # The thirteenth round's false alarms: two sites named, one led to; names that
        # look like addresses; a sibling sub-domain; all of a government's domain.
        " [Register at SAM.gov before you apply on Grants.gov](https://www.grants.gov/a),"
        " [Build the form with ASP.NET](https://learn.microsoft.com/aspnet/core/),"
        " [Abra Terminal.app en su Mac](https://support.apple.com/es-es/guide/terminal/),"
        " [Wikipedia (en.wikipedia.org)](https://en.m.wikipedia.org/wiki/Community_school),"
        " [Secretaría de Educación Pública (sep.gob.mx)](https://www.gob.mx/sep),"
        " [Socket.IO, report.es, data.de and 4.1.es](https://example.org/notes),"
        ' [the guide](https://example.org/guide "https://example.org/guide"),'
        " [\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1](https://\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1.gr/),"
        " [пример](https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/),"
        # The fifteenth round: a site on a shared host, and one at a numeric address; the
        # sixteenth: a government's site under a suffix of its own (service.gov.uk).
        " [www.gov.uk/renew-adult-passport](https://www.passport.service.gov.uk/filter),"
        " [www.school.wordpress.com](https://school.wordpress.com/about/),"
        " [https://school.readthedocs.io](https://school.readthedocs.io/en/latest/),"
        " [www.school.github.io](https://school.github.io/), [http://192.0.2.1/](http://192.0.2.1/a).\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert [w for w in warnings if "[partners.url]" in w] == []


def test_a_picture_from_another_website_is_named_and_left_out(tmp_path: Path) -> None:
    """A red team's twelfth round: the site promises to load nothing from elsewhere, and
    a tracking pixel, as a picture or a figure, was published as it was."""
    page = _front(GOOD) + (
        "\n![A map of the district](https://tracker.example/p.png?who=reader)\n\n"
        "```{figure} https://tracker.example/fig.png\n:alt: A chart\n\nThe chart.\n```\n"
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    ours = [w for w in warnings if "[partners.outside]" in w]
    assert [warning_line(w) for w in ours] == [9, 11], warnings
    assert all("is loaded from another website" in w for w in ours)
    assert [w for w in warnings if "[partners.alt]" in w] == []
    html = parse_html(outdir / "index.html")
    assert [img.get("src") for img in html.find_all("img")] == []
    assert "A map of the district" in (outdir / "index.html").read_text(encoding="utf-8")


def test_a_formula_that_would_load_mathjax_from_elsewhere_is_named(tmp_path: Path) -> None:
    """A red team's thirteenth round: a formula made each reader's browser ask
    cdn.jsdelivr.net for MathJax, its fonts and speech data."""
    page = _front(GOOD) + "\nThe share is {math}`x/2`.\n\n```{math}\na^2\n```\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    ours = [w for w in warnings if "[partners.outside]" in w]
    assert len(ours) == 1 and warning_line(ours[0]) == 9, warnings
    assert "load MathJax from another website (cdn.jsdelivr.net)" in ours[0]
    local = RULES + 'mathjax_path = "mathjax/tex-chtml.js"\n'
    _, warnings, _ = build_small_site(tmp_path / "local", {"index.md": page}, local)
    assert [w for w in warnings if "[partners.outside]" in w] == [], warnings
