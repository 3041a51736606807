"""The checked navigation template is kept between builds while its inputs stay the same."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import PlantedPickle, written_pages
from sphinx_partners.navigation import furo_fast, saved

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages for which a build made the template (and so checked it against furo)."""
    calls: list[str] = []
    original = furo_fast.build_template

    def counting(builder, kwargs, transform):
        calls.append(builder.name)
        return original(builder, kwargs, transform)

    monkeypatch.setattr(furo_fast, "build_template", counting)
    return calls


def _built_once(make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path) -> Path:
    """The flat test site, copied and built once into ``tmp_path/build``."""
    srcdir = shutil.copytree(rootdir / "test-nav-flat", tmp_path / "src")
    make_app("html", srcdir=srcdir, builddir=tmp_path / "build").build()
    return srcdir


def _edit_text(srcdir: Path) -> None:
    beta = srcdir / "beta.rst"
    beta.write_text(beta.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")


def _title_markup(srcdir: Path) -> None:
    """The same title text, now in italics: the sidebars must show the italics."""
    alpha = srcdir / "alpha.rst"
    title, underline, *rest = alpha.read_text(encoding="utf-8").splitlines()
    lines = [f"*{title}*", underline[0] * (len(title) + 2), *rest]
    alpha.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "made_again"), [(_edit_text, False), (_title_markup, True)], ids=["text", "title"]
)
def test_a_build_reuses_the_template_only_while_the_navigation_is_the_same(
    make_app: Callable[..., SphinxTestApp],
    rootdir: Path,
    tmp_path: Path,
    made: list[str],
    edit,
    made_again: bool,
) -> None:
    srcdir = _built_once(make_app, rootdir, tmp_path)
    assert made == ["html"]
    assert (tmp_path / "build" / "doctrees" / saved.FILE_NAME).is_file()

    edit(srcdir)
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "build")
    app.build()
    assert made == (["html", "html"] if made_again else ["html"])
    clean = make_app("html", srcdir=srcdir, builddir=tmp_path / "clean")
    clean.build()
    assert written_pages(app) == written_pages(clean)
    if made_again:
        assert "<em>Page alpha" in (app.outdir / "beta.html").read_text(encoding="utf-8")


def test_a_changed_setting_makes_the_template_again(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, made: list[str]
) -> None:
    """Links end in .htm: every sidebar link changes with the setting."""
    srcdir = _built_once(make_app, rootdir, tmp_path)
    overrides = {"html_link_suffix": ".htm"}
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "build", confoverrides=overrides)
    app.build()
    assert made == ["html", "html"]
    assert 'href="beta.htm"' in (app.outdir / "alpha.html").read_text(encoding="utf-8")


def test_a_damaged_saved_template_is_made_again(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, made: list[str]
) -> None:
    srcdir = _built_once(make_app, rootdir, tmp_path)
    (tmp_path / "build" / "doctrees" / saved.FILE_NAME).write_bytes(b"not a pickle")
    _edit_text(srcdir)
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "build")
    app.build()
    assert made == ["html", "html"]
    assert "fast navigation is off" not in app.status.getvalue() + app.warning.getvalue()


def test_a_saved_template_this_user_did_not_sign_is_never_unpickled(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, made: list[str]
) -> None:
    """A red team's finding: a pull request can commit the doctree folder, and its
    pickle ran code in the build (os.system, as root in CI)."""
    import pickle

    srcdir = _built_once(make_app, rootdir, tmp_path)
    marker = tmp_path / "ran"
    (tmp_path / "build" / "doctrees" / saved.FILE_NAME).write_bytes(
        pickle.dumps(PlantedPickle(marker))
    )
    _edit_text(srcdir)
    make_app("html", srcdir=srcdir, builddir=tmp_path / "build").build()
    assert not marker.exists()
    assert made == ["html", "html"]  # made again, not read
