"""``sphinx-build -j 2`` gives the same pages and warnings as a serial build."""

from __future__ import annotations

import shutil

import pytest

from conftest import TESTS_DIR, sphinx_build


@pytest.mark.parametrize("root", ["test-basic", "test-grid-errors"])
def test_parallel_build_equals_serial_build(tmp_path, root) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(TESTS_DIR / "roots" / root, srcdir)
    # Several pages, so that two processes really share the reading and writing.
    page = (srcdir / "index.md").read_text(encoding="utf-8")
    for number in range(8):
        # Each copy names its own partners, so no id is registered twice.
        copy = (
            page.replace("# ", f"# Copy {number}: ", 1)
            .replace(":id: ", f":id: c{number}-")
            .replace("{partner-card} ", f"{{partner-card}} Copy {number} ")
        )
        (srcdir / f"copy{number}.md").write_text(copy, encoding="utf-8")
    toctree = "\n```{toctree}\n" + "\n".join(f"copy{n}" for n in range(8)) + "\n```\n"
    (srcdir / "index.md").write_text(page + toctree, encoding="utf-8")

    serial_files, serial_warnings = sphinx_build(srcdir, tmp_path / "serial")
    parallel_files, parallel_warnings = sphinx_build(srcdir, tmp_path / "parallel", "-j", "2")

    assert serial_files.keys() == parallel_files.keys()
    assert [name for name in serial_files if serial_files[name] != parallel_files[name]] == []
    assert serial_warnings == parallel_warnings
