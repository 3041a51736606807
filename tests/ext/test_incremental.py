"""Incremental and parallel builds show the same partners as a clean serial build.

A contributor edits a copy of a small site step by step (change a card, rename it, move
it, delete its page, restore it). After each step the incremental build must equal a
clean build of the same sources, page for page, and only the pages that show the
changed partner may be rewritten.
"""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image
from sphinx.testing.util import SphinxTestApp

from conftest import TESTS_DIR, sphinx_build

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = TESTS_DIR / "roots" / "test-directory-incremental"
# Lindsay's card after the "change" step, which the "move" step moves to its own page.
LINDSAY_CARD = """:::{partner-card} Lindsay Unified School District
:id: lindsay
:kind: district
:location: Tulare County
:::
"""
EXTRA_PAGE = "---\norphan: true\n---\n\n# Extra\n\n" + LINDSAY_CARD


def _mtimes(srcdir: Path) -> dict[str, int]:
    outdir = srcdir / "_build" / "html"
    return {path.stem: path.stat().st_mtime_ns for path in outdir.glob("*.html")}


def _build(srcdir: Path, *, fresh: bool = False, parallel: int = 0) -> set[str]:
    """Build *srcdir* into ``srcdir/_build``; return the pages that were (re)written.

    Told by the files' modification times: with ``-j`` pages are written in other
    processes, where no event handler of this test runs.
    """
    before = _mtimes(srcdir) if (srcdir / "_build").exists() else {}
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        freshenv=fresh,
        status=StringIO(),
        warning=StringIO(),
        parallel=parallel,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    after = _mtimes(srcdir)
    written = {page for page, mtime in after.items() if before.get(page) != mtime}
    return written - {"genindex", "search"}


def _pages(srcdir: Path) -> dict[str, bytes]:
    outdir = srcdir / "_build" / "html"
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*.html"))
        if path.stem not in {"genindex", "search"}
    }


def _clean_build(srcdir: Path, tmp_path: Path, step: str) -> dict[str, bytes]:
    clean = tmp_path / f"clean-{step}"
    shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns("_build"))
    _build(clean, fresh=True)
    return _pages(clean)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _change(src: Path) -> None:
    _edit(src / "cards.md", ":location: Lindsay, California", ":location: Tulare County")


def _rename(src: Path) -> None:
    _edit(src / "cards.md", "{partner-card} Summit Public Schools", "{partner-card} Summit")


def _move(src: Path) -> None:
    _edit(src / "cards.md", LINDSAY_CARD, "")
    (src / "extra.md").write_text(EXTRA_PAGE, encoding="utf-8")


def _delete(src: Path) -> None:
    (src / "extra.md").unlink()


def _restore(src: Path) -> None:
    (src / "extra.md").write_text(EXTRA_PAGE, encoding="utf-8")


def _new_logo(src: Path) -> None:
    # Same size, other pixels: the published variants get new names.
    Image.new("RGB", (120, 120), "darkorange").save(src / "_static" / "summit.png")


def _edit_prose(src: Path) -> None:
    # A card page changes, but nothing a reader sees of any partner.
    _edit(src / "cards.md", "# Cards\n", "# Cards\n\nThe partners of this site.\n")


# (step, edit, pages that must be rewritten, pages that must not be).
# ``index`` holds the toctree: Sphinx itself decides when to rewrite it, so it is left out.
STEPS: list[tuple[str, Callable[[Path], None], set[str], set[str]]] = [
    ("nothing", lambda src: None, set(), {"cards", "directory", "links", "unrelated"}),
    (
        "prose",
        _edit_prose,
        {"cards"},
        {"directory", "districts", "links", "summit-links", "unrelated"},
    ),
    (
        "change",
        _change,
        {"cards", "directory", "districts", "links"},
        {"summit-links", "unrelated"},
    ),
    (
        "rename",
        _rename,
        {"cards", "directory", "summit-links"},
        {"districts", "links", "unrelated"},
    ),
    (
        "logo",
        _new_logo,
        {"cards", "directory"},
        {"districts", "links", "unrelated"},
    ),
    (
        "move",
        _move,
        {"cards", "extra", "directory", "districts", "links"},
        {"summit-links", "unrelated"},
    ),
    (
        "delete",
        _delete,
        {"directory", "districts", "links"},
        {"cards", "summit-links", "unrelated"},
    ),
    (
        "restore",
        _restore,
        {"extra", "directory", "districts", "links"},
        {"cards", "summit-links", "unrelated"},
    ),
]


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
def test_incremental_builds_equal_clean_builds(tmp_path: Path, parallel: int) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    _build(src, parallel=parallel)

    for step, edit, rewritten, untouched in STEPS:
        edit(src)
        written = _build(src, parallel=parallel)
        assert rewritten <= written, (step, written)
        assert not untouched & written, (step, written)
        incremental = _pages(src)
        clean = _clean_build(src, tmp_path, step)
        # Sphinx leaves a deleted page's old output behind; every current page must match.
        assert clean.keys() <= incremental.keys(), step
        differing = [name for name in clean if incremental[name] != clean[name]]
        assert differing == [], step


def test_steps_change_what_readers_see(tmp_path: Path) -> None:
    """The steps above are not vacuous: each one changes the directory page."""
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    _build(src)
    seen = [_pages(src)["directory.html"]]
    for step, edit, _, _ in STEPS[2:]:
        edit(src)
        _build(src)
        page = _pages(src)["directory.html"]
        assert page != seen[-1], step
        seen.append(page)
    # Restoring the moved card shows the directory as it was after the move.
    assert seen[-1] == seen[-3]


@pytest.mark.parametrize("root", ["test-directory", "test-directory-warnings"])
def test_parallel_build_equals_serial_build(tmp_path: Path, root: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(TESTS_DIR / "roots" / root, src)
    # More pages than processes, each with a duplicate card and links, so that the
    # registry really is merged from two readers.
    for number in range(6):
        (src / f"more{number}.md").write_text(
            f"# More {number}\n\n"
            f":::{{partner-card}} Copy {number}\n:id: lindsay\n:kind: district\n:::\n\n"
            f":::{{partner-card}} Own {number}\n:id: own-{number}\n:kind: school\n:::\n\n"
            "See {partner}`lindsay`.\n",
            encoding="utf-8",
        )
    _edit(
        src / "index.md",
        "```{toctree}\n",
        "```{toctree}\n" + "".join(f"more{number}\n" for number in range(6)),
    )

    serial_pages, serial_warnings = sphinx_build(src, tmp_path / "serial")
    parallel_pages, parallel_warnings = sphinx_build(src, tmp_path / "parallel", "-j", "2")

    assert serial_pages.keys() == parallel_pages.keys()
    assert [name for name in serial_pages if serial_pages[name] != parallel_pages[name]] == []
    assert serial_warnings == parallel_warnings
    assert sum("[partners.duplicate]" in line for line in serial_warnings) >= 6
