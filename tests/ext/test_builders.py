"""Every builder gets readable output from both directives, never a crash or a hole."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import warnings_of

NAMES = ["Lindsay Unified School District", "Summit Public Schools", "Transcend"]
CAPTIONS = ["The blue one", "One illustration per district."]
ALTS = ["A green rectangle with a white ring", "A blue square with a white ring"]


def _output_text(builder: str, outdir: Path) -> str:
    patterns = {
        "html": "index.html",
        "dirhtml": "index.html",
        "singlehtml": "index.html",
        "text": "index.txt",
        "man": "*.1",
        "texinfo": "*.texi",
        "latex": "*.tex",
        "gettext": "*.pot",
    }
    if builder == "epub":
        (epub,) = outdir.glob("*.epub")
        with zipfile.ZipFile(epub) as archive:
            return archive.read("index.xhtml").decode()
    return "\n".join(path.read_text(encoding="utf-8") for path in outdir.glob(patterns[builder]))


@pytest.mark.parametrize(
    ("builder", "shows_alt_text"),
    [
        ("html", True),
        ("dirhtml", True),
        ("singlehtml", True),
        ("epub", True),
        ("text", True),
        ("man", True),
        ("texinfo", True),
        ("gettext", True),
        # LaTeX has no alt text for included graphics; the SVG logo, which LaTeX
        # cannot include, is replaced by its description instead.
        ("latex", False),
    ],
)
def test_every_builder_renders_cards_and_grids(
    make_app, rootdir, tmp_path, builder, shows_alt_text
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    text = _output_text(builder, app.outdir)
    for expected in NAMES + CAPTIONS + (ALTS if shows_alt_text else []):
        assert expected in text, (builder, expected)
    if builder == "latex":
        assert "Logo of Lindsay Unified School District" in text
        assert "logo.svg" not in text
    unexpected = [
        line
        for line in warnings_of(app._warning)
        if "epub.unknown_project_files" not in line  # the test kit keeps doctrees in outdir
    ]
    assert unexpected == []
