"""The real site builds strictly: warnings are errors, references are checked."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DOCS_DIR


@pytest.mark.slow
def test_docs_build_strictly(tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-b",
            "html",
            str(DOCS_DIR),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    assert (tmp_path / "html" / "index.html").is_file()
