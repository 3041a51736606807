"""Every builder gets readable output from both directives, never a crash or a hole."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest
from PIL import Image
from sphinx.transforms.post_transforms.images import ImageConverter

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


class _SvgToPng(ImageConverter):
    """A stand-in for sphinx.ext.imgconverter (ImageMagick is not needed for the order)."""

    conversion_rules: ClassVar[list[tuple[str, str]]] = [("image/svg+xml", "image/png")]

    def is_available(self) -> bool:
        return True

    def convert(self, _from: str, _to: str) -> bool:
        Image.new("RGB", (8, 8), "teal").save(_to)
        return True


def test_an_image_converter_runs_before_the_alt_text_fallback(make_app, rootdir, tmp_path):
    """With a converter for SVG (sphinx.ext.imgconverter), LaTeX gets the logo as PNG."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app("latex", srcdir=srcdir)
    app.add_post_transform(_SvgToPng)
    app.build()
    text = _output_text("latex", app.outdir)
    assert "Logo of Lindsay Unified School District" not in text
    assert "logo.png" in text or ".png}" in text, text[:2000]
