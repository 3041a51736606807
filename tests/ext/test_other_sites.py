"""On another furo site, without ``partners_harden_site``, the extension changes nothing
but what it adds: its stylesheet.

The site below holds what the site-wide checks would change (a ``file://`` link, an
image and a download from outside the source folder, a refresh meta tag, a formula
with a link): built with and without the extension, every page and file must be the
same bytes, apart from the stylesheet (and its ``<link>``) and the extension's version
in the search index.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from conftest import sphinx_build

CONF = """\
extensions = ["myst_parser", "sphinx.ext.mathjax"{partners}]
myst_enable_extensions = ["colon_fence", "dollarmath"]
html_theme = "furo"
suppress_warnings = ["image.not_readable"]
"""
INDEX = """\
# Another site

```{toctree}
guide
```

A [file link](file:///etc/hostname) and [a script link](javascript:void(0)).

![A picture from outside](../outside/picture.png)

{download}`A file from outside <../outside/notes.txt>`

$$\\href{javascript:alert(1)}{x}$$
"""
GUIDE = """\
---
myst:
  html_meta:
    "http-equiv=refresh": "0; url=https://example.org/new-guide"
---

# Guide

Moved.
"""
#: What the extension adds: its stylesheet, and its env version in the search index.
ADDED = re.compile(
    rb'[ \t]*<link rel="stylesheet" type="text/css" href="[./]*_static/partners\.css[^"]*" />\n?'
    rb'|, ?"sphinx_partners": ?\d+'  # Sphinx before 8.2 writes spaces
)


def _build(base: Path, name: str, *, partners: bool) -> dict[str, bytes]:
    srcdir, outdir = base / name, base / f"{name}-html"
    srcdir.mkdir()
    extra = ', "sphinx_partners"' if partners else ""
    (srcdir / "conf.py").write_text(CONF.format(partners=extra), encoding="utf-8")
    (srcdir / "index.md").write_text(INDEX, encoding="utf-8")
    (srcdir / "guide.md").write_text(GUIDE, encoding="utf-8")
    sphinx_build(srcdir, outdir)  # as CI builds; every file is compared, not only pages
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts and path.name != ".buildinfo"
    }


def test_without_hardening_the_site_is_unchanged_but_for_the_stylesheet(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    Image.new("RGB", (30, 20), "teal").save(outside / "picture.png")
    (outside / "notes.txt").write_text("notes\n", encoding="utf-8")
    without = _build(tmp_path, "plain", partners=False)
    with_partners = _build(tmp_path, "partners", partners=True)
    assert "_static/partners.css" in with_partners
    assert b'http-equiv="refresh"' in without["guide.html"]  # the test can fail
    assert set(with_partners) - {"_static/partners.css"} == set(without)
    changed = [
        name for name, data in without.items() if ADDED.sub(b"", with_partners[name]) != data
    ]
    assert changed == []
