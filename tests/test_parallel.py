"""``sphinx-build -j 2`` gives the same pages and warnings as a serial build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TESTS_DIR

PUBLISHED = {".html", ".css", ".png", ".jpg", ".webp", ".svg"}


def _build(srcdir: Path, outdir: Path, *extra: str) -> tuple[dict[str, bytes], list[str]]:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *extra, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.returncode == 0, result.stderr
    files = {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.suffix in PUBLISHED
    }
    return files, sorted(result.stderr.splitlines())


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

    serial_files, serial_warnings = _build(srcdir, tmp_path / "serial")
    parallel_files, parallel_warnings = _build(srcdir, tmp_path / "parallel", "-j", "2")

    assert serial_files.keys() == parallel_files.keys()
    assert [name for name in serial_files if serial_files[name] != parallel_files[name]] == []
    assert serial_warnings == parallel_warnings
