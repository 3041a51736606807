"""A link to a page or heading that does not exist: one message, at the link's own line,
with the page or heading the author most likely meant (a tester's finding: MyST's
"'myst' cross-reference target not found" came at the line where the link's paragraph
starts, and named nothing to put in its place)."""

from __future__ import annotations

from pathlib import Path

from conftest import build_small_site

INDEX = """\
# Home

A first paragraph that runs
over two lines, and then [the about page](abuot.md)
ends here, with [a guide](guide/intro.md) and [one more](guide/intor.md).

## Getting started

Start [here](#getting-stated).

```{toctree}
about
guide/intro
```
"""
ABOUT = "# About\n\nBack [home](index.md), to [its start](#getting-startd).\n"
INTRO = """\
# Intro

See
[the about page](../abot.md), [a heading](#nowhere-at-all) or [x](<nothere>).
"""


def _warnings(tmp_path: Path) -> list[str]:
    pages = {"index.md": INDEX, "about.md": ABOUT, "guide/intro.md": INTRO}
    # Headings at levels 1 to 3 can be linked to with "#", as on the site (docs/conf.py).
    _, warnings, _ = build_small_site(tmp_path, pages, "myst_heading_anchors = 3\n")
    return [w for w in warnings if "WARNING" in w]


def test_each_missing_page_at_its_line_with_the_likely_page(tmp_path: Path) -> None:
    warnings = _warnings(tmp_path)
    expected = {
        ("index.md:4:", "'abuot.md'", "Did you mean 'about.md'?"),
        ("index.md:5:", "'guide/intor.md'", "Did you mean 'guide/intro.md'?"),
        # From a page in a folder: the page it meant, as a link from that folder.
        ("intro.md:4:", "'../abot.md'", "Did you mean '../about.md'?"),
    }
    for place, target, hint in expected:
        found = [w for w in warnings if place in w and target in w]
        assert len(found) == 1 and hint in found[0], (place, warnings)
        assert "a link to a page the site does not have" in found[0]
        assert "[myst.xref_missing]" in found[0]  # still MyST's, to silence as before


def test_a_missing_heading_at_its_line_with_the_likely_heading(tmp_path: Path) -> None:
    warnings = _warnings(tmp_path)
    close = [w for w in warnings if "getting-startd'" in w]
    # A heading of another page, written as a link from this one.
    assert len(close) == 1 and "about.md:3:" in close[0], warnings
    assert "Did you mean 'index.md#getting-started'?" in close[0]
    assert "does not have: '#getting-startd'." in close[0]  # as written, with its #
    # A heading of this page: "#" and its name.
    here = [w for w in warnings if "getting-stated'" in w]
    assert len(here) == 1 and "index.md:9:" in here[0], warnings
    assert "Did you mean '#getting-started'?" in here[0]
    # Nothing close: how a heading is named instead.
    for target in ("#nowhere-at-all'", "'nothere'"):
        found = [w for w in warnings if target in w]
        assert len(found) == 1 and "intro.md:4:" in found[0], warnings
        assert "A heading is named by #" in found[0]
    assert len(warnings) == 7, warnings


def test_a_percent_sign_in_a_link_is_shown_as_written(tmp_path: Path) -> None:
    """The message is not %-formatted: a "%" in the target showed doubled ("%%25")."""
    pages = {"index.md": "# Home\n\nSee [the figures](100%.md).\n"}
    _, warnings, _ = build_small_site(tmp_path, pages)
    missing = [w for w in warnings if "[myst.xref_missing]" in w]
    assert len(missing) == 1 and "'100%25.md'" in missing[0], warnings
    assert "%%" not in missing[0]


def test_the_likely_page_is_found_from_the_site_s_folder(tmp_path: Path) -> None:
    """A tester's finding: from reflections/learned.md, '../reflection/index.md' was
    taken for '../partners/index.md' (compared as written, the page of the same folder
    is 'index.md' and lost to another folder's); a far name got a page as unlike it."""
    pages = {
        "index.md": "# Home\n\n```{toctree}\nreflections/index\npartners/index\n"
        "resources/index\n```\n",
        "reflections/index.md": "# Reflections\n\n```{toctree}\nlearned\n```\n",
        "reflections/learned.md": (
            "# Learned\n\nBack to [the reflections](../reflection/index.md).\n\n"
            "And [the survey](../resources/family-survey.md).\n"
        ),
        "partners/index.md": "# Partners\n",
        "resources/index.md": "# Resources\n",
    }
    _, warnings, _ = build_small_site(tmp_path, pages)
    missing = [w for w in warnings if "[myst.xref_missing]" in w]
    near = [w for w in missing if "'../reflection/index.md'" in w]
    assert len(near) == 1 and "Did you mean 'index.md'?" in near[0], missing
    far = [w for w in missing if "family-survey" in w]
    assert len(far) == 1 and "Did you mean" not in far[0], missing
    assert "A page is named by its file's path from this page's folder." in far[0]


def test_a_page_in_other_capitals_is_a_page_and_its_likely_name_is_found(
    tmp_path: Path,
) -> None:
    """'About.MD' was taken for a heading ('Did you mean about.md#about?') and 'ABOUT.md'
    got no suggestion: found trying other spellings than a misplaced letter."""
    pages = {
        "index.md": "# Home\n\n```{toctree}\nabout\n```\n\nSee [A](ABOUT.md), [B](About.MD).\n",
        "about.md": "# About\n",
    }
    _, warnings, _ = build_small_site(tmp_path, pages)
    missing = [w for w in warnings if "[myst.xref_missing]" in w]
    assert len(missing) == 2, warnings
    for target in ("'ABOUT.md'", "'About.MD'"):
        [found] = [w for w in missing if target in w]
        assert "a link to a page the site does not have" in found
        assert "Did you mean 'about.md'?" in found


def test_a_missing_heading_of_a_page_that_exists_is_said_so(tmp_path: Path) -> None:
    """'[the goals](guide/intro.md#no-such-heading)' was "a link to a page the site does
    not have: 'guide/intro'. Did you mean 'guide/intro.md'?": what was written (a
    tester's finding). The page is there; its heading is not."""
    index = (
        "# Home\n\n```{toctree}\nguide/intro\n```\n\n"
        "Read [the goals](guide/intro.md#the-goal) and [more](guide/intro.md#zzzz).\n"
    )
    intro = "# Intro\n\n## The goals\n\nText.\n"
    pages = {"index.md": index, "guide/intro.md": intro}
    _, warnings, _ = build_small_site(tmp_path, pages, "myst_heading_anchors = 3\n")
    assert len(warnings) == 2, warnings
    assert (
        "index.md:7: WARNING: the page 'guide/intro.md' has no heading 'the-goal'. Did "
        in (warnings[0])
    )
    assert "Did you mean 'guide/intro.md#the-goals'?" in warnings[0]
    assert "has no heading 'zzzz'. Open guide/intro.md and copy the heading's words" in warnings[1]


def test_a_term_the_glossary_lacks_gets_the_likely_term(tmp_path: Path) -> None:
    """ "term not in glossary: 'personalised learning'", with the glossary's
    "personalized learning" one letter away (a tester's finding)."""
    index = (
        "# Home\n\nWe follow {term}`personalised learning` and {term}`zzz`.\n\n"
        "```{glossary}\nPersonalized learning\n  Learning shaped around each student.\n```\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": index})
    assert len(warnings) == 2, warnings
    assert (
        "index.md:3: WARNING: the glossary has no term 'personalised learning'. Did you mean "
        "{term}`Personalized learning`? [ref.term]" in warnings[0]
    )
    assert "no term 'zzz'. Use a term the glossary lists, or add it there." in warnings[1]


def test_a_picture_path_from_the_wrong_folder_gets_the_path_to_write(tmp_path: Path) -> None:
    """'docs/_static/logo.png' (the path from the repository) and '_static/logo.png' on a
    page in a folder: "the file does not exist (check the spelling and the folder)",
    though the spelling was right (a tester's findings)."""
    from PIL import Image

    docs = tmp_path / "docs"
    (docs / "_static").mkdir(parents=True)
    Image.new("RGB", (32, 32), "teal").save(docs / "_static" / "logo.png")
    pages = {
        "index.md": "# Home\n\n```{toctree}\npartners/index\n```\n",
        "partners/index.md": (
            "# Partners\n\n![A logo](_static/logo.png)\n\n"
            ":::{partner-card} Summit\n:logo: docs/_static/logo.png\n:::\n"
        ),
    }
    _, warnings, _ = build_small_site(docs, pages)
    assert len(warnings) == 2, warnings
    logo = next(w for w in warnings if "[partners.path]" in w)
    assert "write /_static/logo.png: paths start in the site's folder (docs/)" in logo
    page = next(w for w in warnings if "[image.not_readable]" in w)
    assert "there is no such file next to the page, but /_static/logo.png does" in page
