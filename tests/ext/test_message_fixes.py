"""Sphinx's and MyST's messages for a page in no toctree and a heading that skips a
level say what to do (a tester's finding: both named the problem in a programmer's
words, with no fix), and keep their codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_small_site

PAGES = {
    "index.md": "# Home\n\nThe start.\n",
    "lonely.md": "# Lonely\n\nText.\n\n### Too deep\n\nMore text.\n\n## Back\n\n#### Deep again\n",
}


def test_each_message_says_what_to_do(tmp_path: Path) -> None:
    _, warnings, _ = build_small_site(tmp_path, PAGES)
    ours = [w for w in warnings if "WARNING" in w]
    # (Sphinx 9 ends it with [toc.not_included]; 8.1 gives it no code.)
    lonely = [w for w in ours if "the page is in no list of pages" in w]
    assert len(lonely) == 1 and "lonely.md" in lonely[0], ours
    assert "the site's menu does not show it" in lonely[0] and "orphan: true" in lonely[0]
    headers = [w for w in ours if "[myst.header]" in w]
    assert len(headers) == 2, ours
    for line, skipped, heading in ((5, "### after #", "##"), (11, "#### after ##", "###")):
        at_line = [w for w in headers if f"lonely.md:{line}:" in w]
        assert len(at_line) == 1 and f"Write {heading} here" in at_line[0], headers
        assert f"the heading skips a level: {skipped}," in at_line[0]  # not "H1 to H3"
    assert len(ours) == 3, ours


DESCRIBED = (
    '---\nmyst:\n  html_meta:\n    "description lang=en": '
    '"A page of the test site, described in one sentence."\n---\n'
)
MENU = "# Home\n\n```{toctree}\nuntitled\nsixteen\nother\n```\n"
UNTITLED = DESCRIBED + "Text with no title above it.\n"
SIXTEEN = (DESCRIBED + "# Saved as UTF-16\n\nText.\n").encode("utf-16")


def _site(tmp_path: Path, page_rules: bool) -> list[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "sixteen.md").write_bytes(SIXTEEN)
    pages = {"index.md": DESCRIBED + MENU, "untitled.md": UNTITLED, "other.md": DESCRIBED}
    pages["other.md"] += "# Other\n"
    # A menu on every page, as themes have: Sphinx wrote the message at each of them.
    settings = f'partners_page_rules = {page_rules}\nhtml_sidebars = {{"**": ["globaltoc.html"]}}\n'
    _, warnings, _ = build_small_site(tmp_path, pages, settings)
    return [w for w in warnings if "WARNING" in w]


def test_a_page_without_a_title_is_named_once_at_the_page(tmp_path: Path) -> None:
    """Sphinx named it at the menu's toctree once for every page written (a tester's
    finding, with a page saved as UTF-16: its description and title as follow-ons)."""
    warnings = _site(tmp_path, page_rules=True)
    untitled = [w for w in warnings if "untitled.md" in w]
    assert len(untitled) == 1 and "untitled.md:1:" in untitled[0], warnings
    assert "[partners.title]" in untitled[0] and "the page has no title" in untitled[0]
    # The page that is not UTF-8: its encoding, and nothing that follows from it.
    sixteen = [w for w in warnings if "sixteen" in w]
    assert len(sixteen) == 1 and "[partners.encoding]" in sixteen[0], warnings
    assert not [w for w in warnings if "[toc.no_title]" in w], warnings
    assert len(warnings) == 2, warnings


def test_without_page_rules_sphinx_names_each_page_once(tmp_path: Path) -> None:
    warnings = _site(tmp_path, page_rules=False)
    no_title = [w for w in warnings if "[toc.no_title]" in w]
    assert len(no_title) == 2, warnings  # untitled and sixteen, once each (not 4 each)
    assert {"'untitled'" in w for w in no_title} == {True, False}


def test_a_page_in_no_toctree_is_told_the_line_to_add_and_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tester's finding: the message named no page to add it to, and no line; then
    it named the page from the source folder ("index.md"), not from where the command
    ran ("docs/index.md")."""
    monkeypatch.chdir(tmp_path)
    pages = {
        "index.md": "# Home\n\n```{toctree}\nresources/index\n```\n",
        "resources/index.md": "# Resources\n\n```{toctree}\nguide\n```\n",
        "resources/guide.md": "# Guide\n",
        "resources/family-survey.md": "# Family survey\n",
        "about.md": "# About\n",
    }
    _, warnings, _ = build_small_site(tmp_path / "docs", pages)
    lonely = [w for w in warnings if "the page is in no list of pages" in w]
    assert len(lonely) == 2, warnings
    survey = next(w for w in lonely if "family-survey.md" in w)
    assert "Add the line family-survey to the toctree of docs/resources/index.md" in survey
    about = next(w for w in lonely if "about.md" in w)
    assert "Add the line about to the toctree of docs/index.md" in about
    assert all("orphan: true" in w for w in lonely)


def test_an_index_page_without_a_toctree_is_not_named_as_the_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's menu lists resources/... in the root page's toctree, and
    resources/index.md has none: the message sent a tester there to add the line."""
    monkeypatch.chdir(tmp_path)  # pages are named from where the build was started
    pages = {
        "index.md": (
            "# Home\n\n```{toctree}\n:caption: About\nabout\n```\n\n"
            "```{toctree}\n:caption: Resources\nresources/index\nresources/guide\n```\n"
        ),
        "about.md": "# About\n",
        "resources/index.md": "# Resources\n\nA list of links, no toctree.\n",
        "resources/guide.md": "# Guide\n",
        "resources/family-survey.md": "# Family survey\n",
    }
    _, warnings, _ = build_small_site(tmp_path, pages)
    lonely = [w for w in warnings if "the page is in no list of pages" in w]
    assert len(lonely) == 1, warnings
    assert (
        "Add the line resources/family-survey to the toctree of index.md (the one with the "
        "caption 'Resources')" in lonely[0]
    )


def test_an_unknown_role_is_named_at_its_own_line_with_the_role_meant(tmp_path: Path) -> None:
    """MyST named the paragraph's first line, "Unknown interpreted text role", and the
    words in the backticks vanished from the page ("See the  network")."""
    page = "# Home\n\nSee the network of\nthe {partnr}`summit` schools, and\n{zzz}`x` too.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 2, warnings
    assert (
        "index.md:4: WARNING: {partnr} is not a role this site has, so the words in its "
        in (warnings[0])
    )
    assert "Did you mean {partner}?" in warnings[0]
    assert warnings[0].endswith("[myst.role_unknown]")
    assert "index.md:5: WARNING: {zzz} is not a role" in warnings[1]
    assert "Did you mean" not in warnings[1]


def test_a_title_of_a_picture_only_is_no_title(tmp_path: Path) -> None:
    """'# ![](logo.png)' gives the menu no words for the page, which Sphinx then leaves
    out as it does a page without a title: found trying another way than a missing #."""
    from PIL import Image

    tmp_path.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), "teal").save(tmp_path / "logo.png")
    pages = {
        "index.md": DESCRIBED + "# Home\n\n```{toctree}\npictured\n```\n",
        "pictured.md": DESCRIBED + "# ![](logo.png)\n\nText.\n",
    }
    settings = 'partners_page_rules = True\nhtml_sidebars = {"**": ["globaltoc.html"]}\n'
    _, warnings, _ = build_small_site(tmp_path, pages, settings)
    titles = [w for w in warnings if "[partners.title]" in w]
    assert len(titles) == 1 and "pictured.md:1:" in titles[0], warnings
    assert not [w for w in warnings if "[toc.no_title]" in w], warnings


def test_a_sphinx_directive_s_warning_names_the_page_that_exists(tmp_path: Path) -> None:
    """Sphinx's code-block named 'index.md.rst:8' (MyST gives a directive's place as the
    file's path, which Sphinx takes for a page's name): a file that does not exist, so
    CI marked no line (a red team's finding)."""
    page = "# Home\n\n```{code-block} python\n:emphasize-lines: 99\n\nprint(1)\n```\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1, warnings
    assert f"{tmp_path}/index.md:3: WARNING: line number spec is out of range" in warnings[0]
