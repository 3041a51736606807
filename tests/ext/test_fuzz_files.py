"""Generated SVGs and image headers: refused with a reason, or safe, and always quick.

The SVG oracle is the check of published files (``check_svg_content``) run a second
way: an SVG the image checks accept must hold nothing a browser could run, read by
an independent reader (BeautifulSoup with Python's HTML parser; the extension reads
SVG with ElementTree).
Image headers are random bytes behind real signatures: reading them must give an
image or a :class:`BadImageError`, never another exception, in bounded time.
"""

from __future__ import annotations

import struct
import time
import warnings
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from hypothesis import given
from hypothesis import strategies as st

from conftest import fuzz
from sphinx_partners.images.inspect import BadImageError, inspect_image

SVG_FRAGMENTS = [
    "<rect width='1' height='1'/>",
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<a href='javascript:alert(1)'><text>x</text></a>",
    "<a xlink:href='java&#x09;script:alert(1)'><text>x</text></a>",
    "<image href='https://example.org/x.png'/>",
    "<use href='#a'/>",
    "<g onload='alert(1)'/>",
    "<g ONCLICK='alert(1)'/>",
    "<animate attributeName='href' to='javascript:alert(1)'/>",
    "<set attributeName='xlink:href' to='javascript:alert(1)'/>",
    "<set attributeName='onclick' to='alert(1)'/>",
    "<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>x</div></foreignObject>",
    "<style>@import url(https://example.org/x.css);</style>",
    "<style>rect{fill:red}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<title>&lt;script&gt;</title>",
    "<g id='a'/>",
    "&amp;",
    "<",
    "</g>",
]
ATTRIBUTES = st.sampled_from(
    [
        "",
        " width='10' height='10'",
        " viewBox='0 0 10 10'",
        " viewBox='0 0 1e400 10'",
        " viewBox='0 0 nan 10'",
        " width='" + "9" * 50 + "'",
        " onload='alert(1)'",
    ]
)
PROLOGUES = st.sampled_from(
    [
        "",
        "<?xml version='1.0'?>",
        "<!DOCTYPE svg [<!ENTITY x 'y'>]>",
        "<?xml-stylesheet href='x.xsl'?>",
    ]
)


def _runnable(svg: str) -> list[str]:
    """What a browser could run in *svg*, read independently of the extension."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(svg, "html.parser")
    found = []
    for element in soup.find_all(True):
        name = element.name.lower()
        if name in ("script", "foreignobject", "iframe", "embed", "object"):
            found.append(name)
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                found.append(attribute)
            if attribute.lower().endswith("href") and not text.strip().startswith("#"):
                found.append(f"{attribute}={text[:30]}")
            if attribute.lower() == "attributename" and (
                "href" in text.lower() or text.lower().startswith("on")
            ):
                found.append(f"animates {text}")
    return found


@fuzz(300)
@given(
    prologue=PROLOGUES,
    attributes=ATTRIBUTES,
    body=st.lists(st.sampled_from(SVG_FRAGMENTS), max_size=12).map("".join),
)
def test_an_accepted_svg_can_run_nothing(
    prologue: str, attributes: str, body: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    svg = (
        f"{prologue}<svg xmlns='http://www.w3.org/2000/svg' "
        f"xmlns:xlink='http://www.w3.org/1999/xlink'{attributes}>{body}</svg>"
    )
    path = tmp_path_factory.mktemp("svg") / "logo.svg"
    path.write_text(svg, encoding="utf-8")
    started = time.perf_counter()
    try:
        inspect_image(path, 40_000_000)
    except BadImageError:
        return
    finally:
        assert time.perf_counter() - started < 2
    assert _runnable(svg) == [], svg


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


SIGNATURES = {
    "png": lambda tail: b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", tail[:13]) + tail[13:],
    "gif": lambda tail: b"GIF89a" + tail,
    "jpg": lambda tail: b"\xff\xd8\xff\xe0" + tail,
    "webp": lambda tail: b"RIFF" + tail[:4] + b"WEBPVP8 " + tail[4:],
}


@fuzz(300)
@given(kind=st.sampled_from(sorted(SIGNATURES)), tail=st.binary(min_size=13, max_size=200))
def test_any_image_header_gives_an_image_or_a_reason(
    kind: str, tail: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path: Path = tmp_path_factory.mktemp("img") / f"picture.{kind}"
    path.write_bytes(SIGNATURES[kind](tail))
    started = time.perf_counter()
    try:
        info = inspect_image(path, 40_000_000)
    except BadImageError:
        pass
    else:
        assert info.width > 0 and info.height > 0
        assert info.width * info.height <= 40_000_000
    assert time.perf_counter() - started < 2
