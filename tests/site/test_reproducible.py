"""The same sources give the same site, byte for byte.

Builds of a copy of ``docs/`` are shared by the tests (they take most of the time):
a clean serial build, compared with the run's strict build of ``docs/`` itself (the
``real_site`` every module reads: another clean build, from another folder), one clean
``-j 2`` build, and an incremental rebuild of the first after edits to two pages,
compared with a clean build of the edited sources. ``SOURCE_DATE_EPOCH`` fixes the
dates Sphinx would take from the clock: the last commit's, as ``docs/conf.py`` sets it
for the site's own build.

Sphinx's ``searchindex.js`` loses the index entries of unchanged pages after an
incremental build (sphinx-doc/sphinx#12599); ``docs/conf.py`` reads those pages again,
and the incremental comparison includes the search index. sphinx-sitemap lists only the
pages an incremental build writes (jdillard/sphinx-sitemap#13); published builds are
clean builds, so ``sitemap.xml`` is compared between clean builds only.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DOCS_DIR, RealSite

EPOCH = "1700000000"
#: The page edited for the incremental build, and a partner whose card it changes:
#: the pages that show or link to the partner must be rewritten too.
EDITED_PAGE = "partners/index.md"
#: Written by Sphinx for its own bookkeeping, not published content.
NOT_CONTENT = (".doctrees/", ".buildinfo.bak")


@dataclass
class Builds:
    first: dict[str, bytes]
    second: dict[str, bytes]
    parallel: dict[str, bytes]
    incremental: dict[str, bytes]
    clean_after_edit: dict[str, bytes]
    incremental_log: str


def _last_commit_epoch() -> str | None:
    """The date ``docs/conf.py`` gives the site's build (None outside a git checkout)."""
    done = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],
        cwd=DOCS_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    epoch = done.stdout.strip() if done.returncode == 0 else ""
    return epoch or None


def _build(srcdir: Path, outdir: Path, *extra: str, epoch: str = EPOCH) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *extra, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result.stdout


def _with_pictures_of(built: Path, outdir: Path) -> Path:
    """*outdir*, with the picture cache of the build in *built* (in its doctree folder)."""
    cache = Path(".doctrees") / "partners-images"
    shutil.copytree(built / cache, outdir / cache)
    return outdir


def _files(outdir: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(outdir.rglob("*")):
        name = path.relative_to(outdir).as_posix()
        if path.is_file() and not name.startswith(NOT_CONTENT):
            files[name] = path.read_bytes()
    return files


def _edit(srcdir: Path) -> None:
    """Change a partner's card and the text of one page, as a pull request would."""
    page = srcdir / EDITED_PAGE
    text = page.read_text(encoding="utf-8")
    edited = text.replace(":location:", ":location: Edited,", 1)
    assert edited != text, "the partners page has no card with a location any more"
    page.write_text(edited + "\nA sentence added by the edit.\n", encoding="utf-8")
    about = srcdir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nAnother edit.\n", "utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, real_site: RealSite) -> Builds:
    base = tmp_path_factory.mktemp("reproducible")
    srcdir = base / "docs"
    shutil.copytree(DOCS_DIR, srcdir, ignore=shutil.ignore_patterns("_build"))
    epoch = _last_commit_epoch()
    build = functools.partial(_build, epoch=epoch or EPOCH)
    build(srcdir, base / "first")
    first = _files(base / "first")
    # Another build from nothing, pictures included, must give the same bytes: the
    # run's build of docs/ (dated by the same commit), or, outside a git checkout, one
    # more here.
    second = base / "second"
    if epoch is not None and real_site.returncode["english"] == 0:
        second = real_site.english
    else:
        build(srcdir, second)
    # The other clean builds start with the pictures the first one made: they compare
    # how pages are written, not how pictures are made again.
    build(srcdir, _with_pictures_of(base / "first", base / "parallel"), "-j", "2")
    _edit(srcdir)
    log = build(srcdir, base / "first")  # incremental: reuses first's environment
    build(srcdir, _with_pictures_of(base / "first", base / "clean-after-edit"))
    return Builds(
        first,
        _files(second),
        _files(base / "parallel"),
        _files(base / "first"),
        _files(base / "clean-after-edit"),
        log,
    )


def _differences(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


def test_two_clean_builds_are_byte_identical(builds: Builds) -> None:
    assert any(name.endswith(".html") for name in builds.first)
    assert "searchindex.js" in builds.first
    assert _differences(builds.first, builds.second) == []


def test_parallel_build_equals_serial_build(builds: Builds) -> None:
    assert _differences(builds.first, builds.parallel) == []


def test_incremental_build_equals_clean_build(builds: Builds) -> None:
    # The edit really was picked up, and not by rebuilding everything.
    assert "reading sources... [" in builds.incremental_log
    assert b"A sentence added by the edit." in builds.incremental["partners/index.html"]
    # sitemap.xml lists only the pages an incremental build writes (sphinx-sitemap#13):
    # published builds are clean builds, where it is complete (compared above).
    differences = _differences(builds.incremental, builds.clean_after_edit)
    assert [name for name in differences if name != "sitemap.xml"] == []


def test_incremental_build_reads_only_the_edited_pages(builds: Builds) -> None:
    reading = [line for line in builds.incremental_log.splitlines() if "reading sources" in line]
    read = " ".join(reading)
    assert "about" in read and "partners/index" in read
    assert "phases/exploring-fit" not in read  # an unrelated page is not read again


def test_sitemap_is_the_same_with_and_without_j2_at_many_pages(tmp_path: Path) -> None:
    """sphinx-sitemap lists pages in the order they are written; -j 2 changes it at 100+."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        "import runpy\n"
        f"_site = runpy.run_path({str(DOCS_DIR / 'conf.py')!r})\n"
        'extensions = ["myst_parser", "sphinx_sitemap"]\n'
        'html_theme = "basic"\nhtml_baseurl = "https://example.org/"\n'
        'sitemap_url_scheme = "{link}"\n'
        'setup = _site["setup"]\n',  # the site's own hooks
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Home\n\n```{toctree}\n:glob:\np*\n```\n", "utf-8")
    for number in range(120):
        (srcdir / f"p{number}.md").write_text(f"# Page {number}\n", encoding="utf-8")
    _build(srcdir, tmp_path / "serial")
    _build(srcdir, tmp_path / "parallel", "-j", "2")
    serial = (tmp_path / "serial" / "sitemap.xml").read_bytes()
    assert serial.count(b"<url>") == 123  # the pages, genindex and search
    assert (tmp_path / "parallel" / "sitemap.xml").read_bytes() == serial
