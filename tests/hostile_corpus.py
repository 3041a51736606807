"""A corpus of hostile and careless input, and the checks every page built from it gets.

The corpus is written into a copy of ``tests/roots/test-hostile``.

Each :class:`Case` is one page. A block of a page may name the warning code it must
produce (``partners.url``); the test then finds that warning with a line inside the
block. Files outside the source folder hold :data:`SECRET`, which must never reach the
output. Images are made here, cheaply: a "bomb" is a valid header that claims billions
of pixels, never the pixels themselves.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

#: Only files outside the source folder contain this; it must not appear in the output.
SECRET = "partners-secret-7f3a9c"


@dataclass
class Block:
    text: str
    #: The warning code (``type.subtype``) a line of this block must carry; "any": a
    #: located warning of any code; None: no check.
    code: str | None = None


@dataclass
class Case:
    name: str
    blocks: list[Block]
    #: Raw bytes for pages that are not valid UTF-8 (then blocks are ignored).
    raw: bytes | None = None
    #: Line spans of the blocks, filled in by :meth:`render`.
    spans: list[tuple[int, int]] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"# Case {self.name}", ""]
        self.spans = []
        for block in self.blocks:
            start = len(lines) + 1
            block_lines = block.text.strip("\n").split("\n")
            lines += [*block_lines, ""]
            self.spans.append((start, start + len(block_lines) - 1))
        return "\n".join(lines) + "\n"


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims *width* x *height* pixels: a header, one tiny IDAT, no pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def gif_header(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b";"


SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 10 10">'
)
HOSTILE_SVGS = {
    "script": f"{SVG_OPEN}<script>alert(1)</script></svg>",
    "onload": SVG_OPEN.replace("<svg ", '<svg onload="alert(1)" ') + "</svg>",
    "foreign": f"{SVG_OPEN}<foreignObject><div>x</div></foreignObject></svg>",
    "external": f'{SVG_OPEN}<image href="https://evil.example/x.png"/></svg>',
    "xlink-file": f'{SVG_OPEN}<image xlink:href="file:///etc/passwd"/></svg>',
    "js-link": f'{SVG_OPEN}<a href="javascript:alert(1)"><rect/></a></svg>',
    "set-href": f'{SVG_OPEN}<a><set attributeName="href" to="javascript:alert(1)"/>'
    "<rect/></a></svg>",
    "animate-href": f'{SVG_OPEN}<a><animate attributeName="xlink:href" '
    'values="javascript:alert(1)"/><rect/></a></svg>',
    "entities": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + f"{SVG_OPEN}<desc>&b;</desc></svg>",
    "xxe": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f"{SVG_OPEN}<desc>&x;</desc></svg>",
    "xslt": '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?>'
    f"{SVG_OPEN}</svg>",
    "css-import": f"{SVG_OPEN}<style>@import url(https://evil.example/x.css);</style></svg>",
    "latin1": (f"{SVG_OPEN}<desc>caf\xe9</desc></svg>"),
    "not-svg": '<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>',
    "broken": f"{SVG_OPEN}<rect",
}


def write_files(srcdir: Path, outside: Path) -> None:
    """Secrets outside the source folder, links to them inside it, and broken images."""
    outside.mkdir(parents=True, exist_ok=True)
    secret_svg = f"{SVG_OPEN}<desc>{SECRET}</desc><rect width='10' height='10'/></svg>"
    (outside / "secret.svg").write_text(secret_svg, encoding="utf-8")
    good_png = (srcdir / "_static" / "logo.png").read_bytes()
    # A valid PNG with the secret in a text chunk after the header.
    (outside / "secret.png").write_bytes(good_png[:-12] + _text_chunk(SECRET) + good_png[-12:])
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (srcdir / "_static" / "leak.svg").symlink_to(outside / "secret.svg")
    (srcdir / "img" / "leak.png").symlink_to(outside / "secret.png")
    (srcdir / "leak-page.md").symlink_to(outside / "secret.md")
    (srcdir / "leakdir").symlink_to(outside)
    (srcdir / "img" / "loop-a.png").symlink_to("loop-b.png")
    (srcdir / "img" / "loop-b.png").symlink_to("loop-a.png")

    img = srcdir / "img"
    (img / "empty.png").write_bytes(b"")
    photo_png = (img / "photo-b.png").read_bytes()
    (img / "truncated.png").write_bytes(photo_png[: len(photo_png) // 2])
    photo_jpg = (img / "photo-a.jpg").read_bytes()
    (img / "truncated.jpg").write_bytes(photo_jpg[: len(photo_jpg) // 3])
    (img / "text.png").write_text("this is not an image\n", encoding="utf-8")
    (img / "svg.png").write_text(f"{SVG_OPEN}</svg>", encoding="utf-8")
    (img / "png.jpg").write_bytes(photo_png)  # mislabelled but valid: published as what it is
    (img / "bomb.png").write_bytes(png_header(60_000, 60_000))
    (img / "over-limit.png").write_bytes(png_header(7_000, 7_000))
    (img / "bomb.gif").write_bytes(gif_header(65_535, 65_535))
    (img / "zero.png").write_bytes(png_header(0, 10))
    for name, text in HOSTILE_SVGS.items():
        encoding = "latin-1" if name == "latin1" else "utf-8"
        (img / f"{name}.svg").write_bytes(text.encode(encoding))


def _text_chunk(text: str) -> bytes:
    data = b"Comment\x00" + text.encode()
    return (
        struct.pack(">I", len(data))
        + b"tEXt"
        + data
        + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    )


def card(name: str, *options: str, body: str = "") -> str:
    lines = [f":::{{partner-card}} {name}", *options]
    if body:
        lines += ["", body]
    return "\n".join([*lines, ":::"])


def grid(*images: str, options: tuple[str, ...] = ()) -> str:
    return "\n".join(["::::{image-grid}", *options, "", *images, "::::"])


def nested(depth: int, directive: str, argument: str = "") -> str:
    opening = [":" * (depth + 3 - level) + f"{{{directive}}}{argument}" for level in range(depth)]
    closing = [":" * (depth + 3 - level) for level in reversed(range(depth))]
    return "\n".join([*opening, "deep", *closing])


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "   javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&#x3A;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "\x01javascript:alert(1)",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>",
    "//evil.example/path",
    "file:///etc/passwd",
    "https:javascript:alert(1)",
    "mailto:javascript:alert(1)",
    "ftp://example.org/",
]

OUTSIDE_PATHS = [
    "../outside/secret.svg",
    "/../outside/secret.svg",
    "img/../../outside/secret.svg",
    "_static/leak.svg",
    "leakdir/secret.svg",
    "/etc/passwd",
    "https://example.org/logo.png",
    "file:///etc/passwd",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "%2e%2e/outside/secret.svg",
]

BAD_IMAGES = [
    "img/missing.png",
    "img/empty.png",
    "img/text.png",
    "img/svg.png",
    "img/bomb.png",
    "img/over-limit.png",
    "img/bomb.gif",
    "img/zero.png",
    "img/truncated.png",
    "img/truncated.jpg",
    *(f"img/{name}.svg" for name in HOSTILE_SVGS),
]


def cases() -> list[Case]:
    markup = [
        card(
            '<script>alert("name")</script> & "quotes" {{ 7*7 }}',
            ":id: x\"><script>alert('id')</script>",
            ":kind: <b>district</b>",
            ":location: x\"><img src=x onerror=alert('location')> {{ 7*7 }}",
            ":logo: /_static/logo.svg",
            ":logo-alt: x\" onload=\"alert('alt')",
            ":url: https://example.org/",
            ":url-text: </a><script>alert('text')</script>{{ 7*7 }}",
            ":since: <i>2016</i>",
            ':class: x"><script>',
            body="Body {{ 7*7 }} <script>alert('body')</script> <img src=x onerror=alert(1)>",
        ),
        grid(
            "![\"><img src=x onerror=alert('alt')>]"
            "(img/photo-b.png \"<script>alert('t')</script>\")",
            options=(":caption: <script>alert('caption')</script> {{ 7*7 }}", ':class: x"><x'),
        ),
    ]
    return [
        Case(
            "urls",
            [
                Block(card(f"Bad url {n}", f":url: {url}"), "any")
                for n, url in enumerate(HOSTILE_URLS)
            ],
        ),
        Case(
            "markup",
            [
                Block(markup[0], "partners.kind"),
                Block(markup[1]),
                # A value that starts with a quote is a YAML string to MyST: it warns.
                Block(card("Quoted", ':location: "><img src=x onerror=alert(1)>'), "any"),
            ],
        ),
        Case(
            "logo-paths",
            [
                Block(card(f"Path {n}", f":logo: {path}"), "partners.path")
                for n, path in enumerate(OUTSIDE_PATHS)
            ],
        ),
        Case(
            "site-paths",
            [
                Block("![secret](../outside/secret.png)", "partners.outside"),
                Block("![secret](img/leak.png)", "partners.outside"),
                Block("![secret](leakdir/secret.png)", "partners.outside"),
                Block("![loop](img/loop-a.png)", "partners.outside"),
                Block("{download}`secret <../outside/secret.txt>`", "partners.outside"),
                Block(":::{figure} ../outside/secret.svg\nA caption\n:::", "partners.outside"),
                Block("![data](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)"),
                Block("```{include} ../outside/secret.md\n```", "any"),
                Block("```{literalinclude} ../outside/secret.txt\n```"),
                Block("```{csv-table} t\n:file: ../outside/secret.txt\n```", "any"),
                Block("```{raw} html\n<script>alert(1)</script>\n```", "any"),
                Block("<script>alert('html block')</script>\n\n<a href='javascript:x'>y</a>"),
                Block("```{eval-rst}\n`rst <javascript:alert(1)>`_\n```", "partners.scheme"),
                Block("```{toctree}\nClick <javascript://%0aalert(1)>\n```", "partners.scheme"),
            ],
        ),
        Case(
            "grid-images",
            [
                Block(
                    grid(f"![Bad image {n}]({path})"),
                    "partners.image" if path != "img/missing.png" else "partners.path",
                )
                for n, path in enumerate(BAD_IMAGES)
            ]
            # A PNG named .jpg is still a good picture: published as what it is.
            + [Block(grid("![Mislabelled but valid](img/png.jpg)"))],
        ),
        Case(
            "grid-urls",
            [
                Block(grid("![x](javascript:alert(1))"), "partners.grid"),
                Block(grid("![x](data:image/png;base64,iVBORw0KGgo=)"), "partners.path"),
                Block(grid("![x](https://example.org/x.png)"), "partners.path"),
                Block(grid("![x](../outside/secret.png)"), "partners.path"),
                Block(grid("![x](img/leak.png)"), "partners.path"),
            ],
        ),
        Case(
            "logo-images",
            [
                Block(
                    card(f"Logo {n}", f":logo: {path}"),
                    "partners.image" if path != "img/missing.png" else "partners.path",
                )
                for n, path in enumerate(BAD_IMAGES)
            ],
        ),
        Case(
            "options",
            [
                Block(card("Unknown option", ":onclick: alert(1)"), "myst.directive_option"),
                Block(card("Twice", ":url: https://a.example", ":url: javascript:alert(1)")),
                Block(card("Empty url", ":url:"), "partners.url"),
                Block(card("Empty kind", ":kind:"), "partners.kind"),
                Block(card("Empty since", ":since:"), "partners.since"),
                Block(card("Empty logo", ":logo:")),
                Block(card("Empty id", ":id:")),
                Block(card("Bad year", ":since: 99999"), "partners.since"),
                Block(":::{partner-card}\n:::", "any"),
                Block(card("No body")),
                Block("::::{image-grid}\n::::", "partners.grid"),
                Block(grid("![](img/photo-b.png)"), "partners.alt"),
                Block(
                    grid("![x](img/photo-b.png)", options=(":columns: 0 99 -1",)),
                    "partners.columns",
                ),
                Block(grid("![x](img/photo-b.png)", options=(":gap: huge",)), "partners.gap"),
                Block(grid("Just text, no image."), "partners.grid"),
            ],
        ),
        Case(
            "directory",
            [
                Block(":::{partner-directory}\n:kind: <script>alert(1)</script>\n:::", "any"),
                Block(
                    ":::{partner-directory}\n:ids: javascript:alert(1) ../x\n:::", "partners.filter"
                ),
                Block(':::{partner-directory}\n:sort: "><img src=x onerror=alert(1)>\n:::', "any"),
                Block(":::{partner-directory}\n:layout: <b>\n:group-by: \"'\n:::", "any"),
            ],
        ),
        Case(
            "roles",
            [
                Block("See {partner}`javascript:alert(1)`.", "ref.partner"),
                Block('See {partner}`"><script>alert(1)</script>`.', "ref.partner"),
                Block("See {partner}`Click <javascript:alert(1)>`.", "ref.partner"),
                Block("See {partner}`x <../../etc/passwd>` and {partner}``.", "ref.partner"),
            ],
        ),
        Case("nesting-notes", [Block(nested(200, "note"), "partners.nesting")]),
        Case("nesting-cards", [Block(nested(40, "partner-card", " Nested"), "partners.nesting")]),
        Case("nesting-grids", [Block(nested(40, "image-grid"), "partners.nesting")]),
        Case(
            "nesting-quotes",
            [
                Block(">" * 19 + " nineteen quotes are fine"),
                Block(">" * 400 + " deep quote", "partners.nesting"),
                Block("".join("  " * level + f"- item {level}\n" for level in range(30))),
            ],
        ),
        Case("stars", [Block("*" * 400), Block("x" + "*" * 400 + "x"), Block("_" * 400)]),
        Case("not-utf8", [], raw=b"# Not UTF-8\n\nline three\ncaf\xe9 au lait\n"),
        Case(
            "replacement-character",
            [
                Block("`caf\ufffd` in code is fine."),
                Block("caf\ufffd au lait", "partners.encoding"),
            ],
        ),
        Case("utf16", [], raw="# UTF-16\n\ntext\n".encode("utf-16")),
        Case(
            "keeps-content",
            [
                Block(card("Good Alpha", ":kind: school")),
                Block(card("Good Beta", ":url: https://beta.example")),
                Block(
                    card(
                        "Bad Gamma",
                        ":kind: nonsense",
                        ":url: javascript:alert(1)",
                        ":logo: img/missing.png",
                        ":since: soon",
                        body="Gamma's body survives.",
                    ),
                    "partners.url",
                ),
                Block(card("Good Delta", ":location: Delta town")),
                Block(
                    grid(
                        "![Good photo one](img/photo-b.png)",
                        "![Broken](img/missing.png)",
                        "![Good photo two](img/photo-a.jpg)",
                    ),
                    "partners.path",
                ),
                Block("Text after the bad card stays."),
            ],
        ),
    ]


# -- what every built page is checked for ----------------------------------------------

SPHINX_SCRIPTS = {
    "documentation_options.js",
    "doctools.js",
    "sphinx_highlight.js",
    "searchtools.js",
    "language_data.js",
    "searchindex.js",
}
#: The basic theme's one inline script (it shows the search box).
SPHINX_INLINE_SCRIPT = "document.getElementById('searchbox').style.display = \"block\""
_WARNING = re.compile(
    r"^(?P<file>[^\n]*?):(?P<line>\d*): (?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<code>[\w.-]+)\])?$",
    re.MULTILINE,
)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}


@dataclass
class Warning_:
    file: str
    line: int | None
    level: str
    message: str
    code: str | None


def parse_warnings(text: str) -> list[Warning_]:
    return [
        Warning_(
            match["file"],
            int(match["line"]) if match["line"] else None,
            match["level"],
            match["message"],
            match["code"],
        )
        for match in _WARNING.finditer(text)
    ]


def page_scripts(soup: BeautifulSoup) -> set[str]:
    """The scripts of a page: inline ones by their text, others by their file name."""
    return {
        (script.string or "").strip() or script.get("src", "").rsplit("/", 1)[-1].split("?")[0]
        for script in soup.find_all("script")
    }


def unsafe_markup(soup: BeautifulSoup, theme_scripts: set[str] | None = None) -> list[str]:
    """Every element, attribute and URL in *soup* a browser could run as script.

    Only Sphinx's and the theme's own scripts (*theme_scripts*: see :func:`page_scripts`;
    the basic theme's by default) may appear.
    """
    allowed = {*SPHINX_SCRIPTS, SPHINX_INLINE_SCRIPT, *(theme_scripts or ())}
    found = []
    for element in soup.find_all(True):
        name = element.name.lower()
        if name == "script":
            if page_scripts(BeautifulSoup(str(element), "html.parser")) - allowed:
                found.append(str(element)[:120])
        elif name in ("iframe", "object", "embed", "base", "frame", "frameset") or (
            name == "meta" and element.get("http-equiv")
        ):
            found.append(str(element)[:120])
        for attribute, value in element.attrs.items():
            values = value if isinstance(value, list) else [value]
            if attribute.lower().startswith("on"):
                found.append(f"{name} {attribute}={value!r}")
            if attribute.lower() in URL_ATTRIBUTES:
                for each in values:
                    for url in each.split(",") if attribute == "srcset" else [each]:
                        cleaned = _IGNORED_IN_SCHEME.sub("", url).lower()
                        if cleaned.startswith(("javascript:", "vbscript:", "data:")):
                            found.append(f"{name} {attribute}={url[:60]!r}")
            if attribute.lower() == "style" and "javascript:" in str(value).lower():
                found.append(f"{name} style={value!r}")
    return found


def secret_leaks(outdir: Path) -> list[str]:
    """Files of the build (doctrees included) that hold a byte of the outside files."""
    return [
        str(path.relative_to(outdir))
        for path in outdir.rglob("*")
        if path.is_file() and SECRET.encode() in path.read_bytes()
    ]
