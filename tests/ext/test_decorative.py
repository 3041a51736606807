"""A picture marked decorative says nothing to a screen reader, however it is written.

docutils writes a picture without ``:alt:`` with its file name as the alt text: an
``{image}`` or ``{figure}`` with ``:class: decorative`` was read out as
"underscore images slash p dot png".
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from conftest import build_small_site, parse_html

PAGE = (
    "# Page\n\n```{image} p.png\n:class: decorative\n```\n\n"
    "![](p.png){.decorative}\n\n![A class at work](p.png){.decorative}\n\n"
    ":::{figure} p.png\n:class: decorative\nA legend.\n:::\n\n"
    "![A class at work](p.png)\n"
)


def test_a_decorative_picture_has_an_empty_alt_text(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    Image.new("RGB", (20, 10), "teal").save(tmp_path / "p.png")
    conf = 'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n'
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": PAGE}, conf)
    assert warnings == []
    pictures = parse_html(outdir / "index.html").select("img")
    alts = [(picture.get("alt"), "decorative" in picture.get("class", [])) for picture in pictures]
    assert alts == [("", True)] * 4 + [("A class at work", False)], alts
