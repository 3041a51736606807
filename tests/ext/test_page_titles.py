"""Page titles are rendered once a build, and every page is the HTML Sphinx would write."""

from __future__ import annotations

import shutil
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from conftest import warnings_of
from sphinx_partners import page_titles

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the HTML builder really rendered each title, by its text."""
    counts: Counter[str] = Counter()
    original = StandaloneHTMLBuilder.render_partial

    def counting(self: StandaloneHTMLBuilder, node: nodes.Node | None) -> dict[str, str]:
        if isinstance(node, nodes.title):
            counts[node.astext()] += 1
        return original(self, node)

    monkeypatch.setattr(StandaloneHTMLBuilder, "render_partial", counting)
    return counts


def _build(make_app: Callable[..., SphinxTestApp], srcdir: Path, builddir: Path) -> dict[str, str]:
    app = make_app("html", srcdir=srcdir, builddir=builddir)
    app.build()
    # A second application in one process says its nodes are registered again.
    warnings = warnings_of(app.warning)
    assert [line for line in warnings if "is already registered" not in line] == []
    return {
        page.relative_to(app.outdir).as_posix(): page.read_text(encoding="utf-8")
        for page in sorted(app.outdir.rglob("*.html"))
    }


def test_each_title_is_rendered_once_and_every_page_is_unchanged(
    make_app: Callable[..., SphinxTestApp],
    rootdir: Path,
    tmp_path: Path,
    rendered: Counter[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    srcdir = shutil.copytree(rootdir / "test-page-titles", tmp_path / "src")
    remembered = _build(make_app, srcdir, tmp_path / "remembered")
    formula_title = "The area r^2"
    text_titles = {t: n for t, n in rendered.items() if t != formula_title}
    assert set(text_titles) == {
        "Titles of every kind",
        "A plain title",
        "The guide and its parts",
        "Deeper H2O",
    }
    assert set(text_titles.values()) == {1}
    # Math is no text or inline formatting: rendered every time, as Sphinx does (on its
    # page, its previous and its next at least).
    assert rendered[formula_title] >= 3

    rendered.clear()
    monkeypatch.setattr(page_titles, "remember_titles", lambda app: None)
    sphinx_alone = _build(make_app, srcdir, tmp_path / "sphinx-alone")
    assert rendered["The guide and its parts"] > 1  # once a page that shows it: saved
    assert remembered == sphinx_alone

    # What the comparison covers: the neighbours' titles with their markup.
    page = BeautifulSoup(remembered["guide/formula.html"], "html.parser")
    assert page.select_one(".prev-page .title").decode_contents() == (
        'The <code class="docutils literal notranslate"><span class="pre">guide</span>'
        "</code> and its <strong>parts</strong>"
    )
    assert page.select_one(".next-page .title").decode_contents() == ("Deeper H<sub>2</sub>O")


def test_a_render_the_builder_refills_is_remembered_as_it_was() -> None:
    """Sphinx 8's ``render_partial`` returns its publisher's own parts, which the next
    render overwrites: what is remembered must be a copy."""
    shared: dict[str, str] = {}

    def refilling(node: nodes.Node | None) -> dict[str, str]:
        assert node is not None
        shared.update(title=node.astext(), fragment="")
        return shared

    first, second = nodes.title("", "First"), nodes.title("", "Second")
    remember = page_titles.RememberedTitles(refilling, lambda: [first, second])
    assert remember(first)["title"] == "First"
    assert remember(second)["title"] == "Second"
    assert remember(first)["title"] == "First"


def test_a_title_node_that_is_no_page_title_is_rendered_every_time() -> None:
    """Another extension may render a title node of its own, change it and render it
    again: only the titles Sphinx keeps for the pages are remembered."""
    renders: list[str] = []

    def render(node: nodes.Node | None) -> dict[str, str]:
        assert node is not None
        renders.append(node.astext())
        return {"title": node.astext(), "fragment": ""}

    page_title, own = nodes.title("", "A page"), nodes.title("", "Before")
    remember = page_titles.RememberedTitles(render, lambda: [page_title])
    assert remember(own)["title"] == "Before"
    own[0] = nodes.Text("After")
    assert remember(own)["title"] == "After"
    assert remember(page_title)["title"] == remember(page_title)["title"] == "A page"
    assert renders == ["Before", "After", "A page"]
