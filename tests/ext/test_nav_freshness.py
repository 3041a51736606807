"""After the site's navigation changes, an incremental build equals a clean build."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from conftest import written_pages

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


def _add_page(srcdir: Path) -> None:
    (srcdir / "delta.rst").write_text("Delta\n=====\n\nA new page.\n", encoding="utf-8")
    index = srcdir / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace("   beta\n", "   beta\n   delta\n"),
        encoding="utf-8",
    )


def _retitle_page(srcdir: Path) -> None:
    alpha = srcdir / "alpha.rst"
    text = alpha.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    alpha.write_text(
        text.replace(title, "Alpha, renamed", 1).replace(
            "=" * len(title), "=" * len("Alpha, renamed"), 1
        ),
        encoding="utf-8",
    )


@pytest.mark.parametrize("edit", [_add_page, _retitle_page], ids=["add", "retitle"])
@pytest.mark.parametrize("refresh", [True, False])
def test_incremental_build_after_a_navigation_change(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, edit, refresh
) -> None:
    srcdir = shutil.copytree(rootdir / "test-nav-flat", tmp_path / "src")
    overrides = {"partners_refresh_navigation": refresh}
    app = make_app(
        "html", srcdir=srcdir, builddir=tmp_path / "incremental", confoverrides=overrides
    )
    app.build()
    edit(srcdir)
    app = make_app(
        "html", srcdir=srcdir, builddir=tmp_path / "incremental", confoverrides=overrides
    )
    app.build()
    clean = make_app("html", srcdir=srcdir, builddir=tmp_path / "clean", confoverrides=overrides)
    clean.build()

    stale = [
        page for page, html in written_pages(clean).items() if written_pages(app).get(page) != html
    ]
    if refresh:
        assert stale == []
    else:
        # Stock Sphinx: untouched pages keep the old sidebar (the reason for the setting).
        assert "beta.html" in stale


def test_generated_pages_get_the_new_navigation_too(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    """viewcode writes _modules/ pages only when the module changed: they were stale."""
    srcdir = shutil.copytree(rootdir / "test-nav-flat", tmp_path / "src")
    (srcdir / "sample.py").write_text('def greet():\n    """Say hello."""\n', "utf-8")
    (srcdir / "api.rst").write_text("API\n===\n\n.. automodule:: sample\n   :members:\n", "utf-8")
    index = srcdir / "index.rst"
    index.write_text(index.read_text("utf-8").replace("   beta\n", "   beta\n   api\n"), "utf-8")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
            'extensions += ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]\n'
        )
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "incremental")
    app.build()
    assert (app.outdir / "_modules" / "sample.html").is_file()
    _add_page(srcdir)
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "incremental")
    app.build()
    clean = make_app("html", srcdir=srcdir, builddir=tmp_path / "clean")
    clean.build()
    module_page = "_modules/sample.html"
    assert "Delta" in written_pages(clean)[module_page]
    assert written_pages(app)[module_page] == written_pages(clean)[module_page]
