"""The fast navigation path writes exactly the bytes furo's own path writes."""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

SITES = ["test-nav-flat", "test-nav-nested", "test-nav-hidden"]
SIDEBAR_TREE = re.compile(r'<div class="sidebar-tree">.*?</div>', re.DOTALL)


def build(
    make_app: Callable[..., SphinxTestApp],
    srcdir: Path,
    buildername: str,
    *,
    fast: bool,
    parallel: int = 0,
) -> tuple[SphinxTestApp, dict[str, str]]:
    """Build *srcdir* into its own folder; return the app and every page's HTML."""
    app = make_app(
        buildername,
        srcdir=srcdir,
        builddir=srcdir.parent / f"build-{buildername}-{fast}-{parallel}",
        confoverrides={"partners_fast_navigation": fast},
        parallel=parallel,
    )
    app.build()
    pages = {
        str(path.relative_to(app.outdir)): path.read_text(encoding="utf-8")
        for path in sorted(app.outdir.rglob("*.html"))
    }
    return app, pages


def assert_same_pages(fast: dict[str, str], furo: dict[str, str]) -> None:
    assert sorted(fast) == sorted(furo)
    for page, html in furo.items():
        # The navigation first, for a readable failure; then the whole page.
        assert SIDEBAR_TREE.findall(fast[page]) == SIDEBAR_TREE.findall(html), page
        assert fast[page] == html, page


@pytest.fixture
def site(rootdir: Path, tmp_path: Path) -> Callable[[str], Path]:
    def copy(name: str) -> Path:
        return shutil.copytree(rootdir / name, tmp_path / name)

    return copy


@pytest.fixture
def resolutions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Pages for which the HTML builder resolved the global toctree."""
    import sphinx.builders.html

    calls: list[str] = []
    resolve = sphinx.builders.html.global_toctree_for_doc

    def counted(env: Any, docname: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(docname)
        return resolve(env, docname, *args, **kwargs)

    monkeypatch.setattr(sphinx.builders.html, "global_toctree_for_doc", counted)
    return calls


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
@pytest.mark.parametrize("name", SITES)
def test_fast_navigation_is_byte_identical(
    make_app: Callable[..., SphinxTestApp],
    site: Callable[[str], Path],
    resolutions: list[str],
    name: str,
    buildername: str,
) -> None:
    srcdir = site(name)
    fast_app, fast = build(make_app, srcdir, buildername, fast=True)
    # furo's way is taken once, to check the first page.
    assert len(resolutions) == 1
    _, furo = build(make_app, srcdir, buildername, fast=False)
    assert len(resolutions) > len(fast)

    assert_same_pages(fast, furo)
    assert "fast navigation is off" not in fast_app.status.getvalue()
    # Pages really have a navigation tree, with a current page where one is listed.
    assert any("current-page" in html for html in furo.values())


def test_parallel_write_is_byte_identical(
    make_app: Callable[..., SphinxTestApp], site: Callable[[str], Path]
) -> None:
    srcdir = site("test-nav-nested")
    _, fast = build(make_app, srcdir, "html", fast=True, parallel=2)
    _, furo = build(make_app, srcdir, "html", fast=False)
    assert_same_pages(fast, furo)


def test_rebuild_after_adding_a_page(
    make_app: Callable[..., SphinxTestApp], site: Callable[[str], Path]
) -> None:
    # A new build gets a new template: the rewritten pages list the new page.
    srcdir = site("test-nav-hidden")
    for fast in (True, False):
        build(make_app, srcdir, "html", fast=fast)
    (srcdir / "notes" / "three.rst").write_text("Note three\n==========\n", encoding="utf-8")
    index = srcdir / "notes" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   three\n", encoding="utf-8")
    pages = [build(make_app, srcdir, "html", fast=fast)[1] for fast in (True, False)]

    assert_same_pages(*pages)
    assert 'href="three.html"' in pages[0]["notes/index.html"]


def test_falls_back_when_furo_lacks_internals(
    make_app: Callable[..., SphinxTestApp],
    site: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import furo.navigation

    srcdir = site("test-nav-nested")
    _, furo_pages = build(make_app, srcdir, "html", fast=False)
    # A furo release without the function we call (furo itself keeps its own reference).
    monkeypatch.delattr(furo.navigation, "get_navigation_tree")
    app, pages = build(make_app, srcdir, "html", fast=True)

    status = app.status.getvalue()
    assert status.count("fast navigation is off") == 1
    assert "get_navigation_tree" in status
    assert_same_pages(pages, furo_pages)


def test_falls_back_when_furo_stops_asking(
    make_app: Callable[..., SphinxTestApp],
    site: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import furo

    srcdir = site("test-nav-nested")
    _, furo_pages = build(make_app, srcdir, "html", fast=False)
    # A furo release that asks for the tree from somewhere else: we never answer it.
    original = furo._compute_navigation_tree

    def restructured(context: dict[str, Any]) -> str:
        return original(context)  # type: ignore[no-any-return]

    monkeypatch.setattr(furo, "_compute_navigation_tree", restructured)
    app, pages = build(make_app, srcdir, "html", fast=True)

    status = app.status.getvalue()
    assert status.count("fast navigation is off") == 1
    assert "no longer asks" in status
    assert_same_pages(pages, furo_pages)


def test_falls_back_when_furo_output_differs(
    make_app: Callable[..., SphinxTestApp],
    site: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import furo

    # A furo release whose post-processing the template does not understand.
    def changed(toctree_html: str) -> str:
        return toctree_html.replace("toctree-l1", "level-1")

    monkeypatch.setattr(furo, "get_navigation_tree", changed)
    monkeypatch.setattr(furo.navigation, "get_navigation_tree", changed)
    srcdir = site("test-nav-flat")
    app, pages = build(make_app, srcdir, "html", fast=True)
    _, furo_pages = build(make_app, srcdir, "html", fast=False)

    assert app.status.getvalue().count("fast navigation is off") == 1
    assert 'class="level-1' in pages["alpha.html"]
    assert_same_pages(pages, furo_pages)


def test_steps_aside_for_only_blocks(
    make_app: Callable[..., SphinxTestApp], site: Callable[[str], Path]
) -> None:
    # Sphinx copies a page's own toc differently when it has `only` blocks.
    srcdir = site("test-nav-only")
    app, pages = build(make_app, srcdir, "html", fast=True)
    _, furo_pages = build(make_app, srcdir, "html", fast=False)

    status = app.status.getvalue()
    assert status.count("fast navigation is off") == 1
    assert "'only' blocks" in status
    assert_same_pages(pages, furo_pages)


def test_leaves_a_replaced_toctree_helper_alone(
    make_app: Callable[..., SphinxTestApp], site: Callable[[str], Path]
) -> None:
    # Like sphinx-notfound-page's 404 page: that page's own helper draws its tree.
    srcdir = site("test-nav-replaced")
    app, pages = build(make_app, srcdir, "html", fast=True)
    _, furo_pages = build(make_app, srcdir, "html", fast=False)

    assert 'href="/site/more.html"' in pages["other.html"]
    assert 'href="/site/' not in pages["more.html"]
    assert "is not Sphinx's own" in app.status.getvalue()
    assert_same_pages(pages, furo_pages)


def test_theme_folders_given_as_strings_are_understood() -> None:
    """Sphinx before 8.2 gives theme folders as strings (``.name`` stopped the build)."""
    from types import SimpleNamespace

    from sphinx_partners.navigation.furo_fast import _uses_furo

    def builder(name: str, folders: list[str]) -> object:
        theme = SimpleNamespace(name=name, get_theme_dirs=lambda: folders)
        return SimpleNamespace(theme=theme)

    assert not _uses_furo(builder("alabaster", ["/site-packages/alabaster"]))
    assert _uses_furo(builder("child", ["/x/child", "/site-packages/furo/theme/furo"]))
