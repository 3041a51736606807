"""The last line of defence: every file the build publishes is checked, whatever wrote it.

Input checks stand at each door we know (our directives, links, images, front matter),
but markup can reach a page by roads nobody checked: another extension's role, a
theme feature, a MyST attribute. So once the HTML builder has written everything
(``build-finished``), each published file is read as a browser reads it (an HTML5
parser, lexbor) and held to an allow-list:

- no event-handler attribute (``on...``) anywhere, no ``javascript:``, ``vbscript:``
  or other unsafe scheme in a URL attribute (``data:image/*`` only where an image is
  loaded);
- no ``<script>`` other than the theme's and Sphinx's own: a file under ``_static/``
  that did not come from the site's source folder, one registered by ``conf.py`` or an
  extension, Sphinx's search index, or an inline script written verbatim in the
  theme's templates (or listed in ``partners_allowed_inline_scripts``);
- no ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``, frames, or ``<meta
  http-equiv>`` (unless the theme's templates write that ``http-equiv``);
- no script inside an SVG or a formula, nor one that loads from ``href``;
- nothing loaded from another site by CSS (read by a CSS tokenizer: :mod:`.styles`) or
  a ``<link>`` code did not register, no ``<style>`` outside the head, and no
  ``position: fixed`` laid over a page;
- an HTML file from the source folder only as every browser decodes it
  (:mod:`.markup_encoding`);
- no scripted SVG, HTML or XML file among the published files (``_images``,
  ``_downloads``, static files from the source folder, extra files), and no file under
  another name that starts like such markup, unless a server sends that kind as
  something a browser never opens as a document (``INERT_SUFFIXES``);
- a static template from the source folder (``furo.js_t``) is content, under the name
  Sphinx writes it as (``furo.js``), even over a theme's file;
- no script translated in a catalog folder (``sphinx.js``, which Sphinx would publish as
  ``_static/translations.js``): only the one Sphinx itself ships;
- no link in the search index that would run: a page named ``javascript:...``;
- no picture, under any name, that claims more pixels than
  ``partners_max_image_pixels`` (round 18: a plain Markdown image is published as it
  is), and no JPEG that a reader's browser could take minutes to decode:
  drawn in too many scans, or coded in a way cameras do not use
  (:mod:`..images.jpeg_scans`).

A page with a violation is rewritten without the offending attribute or element, and
a published file with one is removed; each gives a located warning
(``partners.published``). The check is part of ``partners_harden_site``.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import html
import json
import os
import posixpath
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

from PIL import Image
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..images.inspect import (
    BadImageError,
    check_svg_content,
    check_xml_content,
)
from ..images.jpeg_scans import is_jpeg, jpeg_cost_problem
from ..link_deceit import misleading_link, web_address
from ..messages import WARNING_TYPE, Code, logger, warn
from ..text_direction import without_direction_controls
from . import styles
from .markup_encoding import NotPlainUtf8, browser_text
from .memory_key import sign, verified
from .overlay_classes import (
    CONTENT_ROLE,
    OVERLAY_CLASSES,
    WRITER_CLASSES,
    misplaced_overlay,
    refused_classes,
)
from .positioned import positioned_names
from .site_checks import url_scheme

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Attributes whose value a browser loads or follows as a URL.
URL_ATTRIBUTES = frozenset(
    {
        "action",
        "archive",
        "background",
        "cite",
        "codebase",
        "data",
        "dynsrc",
        "formaction",
        "href",
        "icon",
        "imagesrcset",
        "longdesc",
        "lowsrc",
        "manifest",
        "ping",
        "poster",
        "profile",
        "src",
        "srcset",
        "usemap",
        "xlink:href",
    }
)
#: Attributes that load an image, where a ``data:image/...`` URL is harmless.
IMAGE_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "poster"})
#: Elements whose image attributes load an image (and nothing else).
IMAGE_ELEMENTS = frozenset({"img", "source", "video", "input", "link"})
#: Elements removed with everything inside them.
#: (``<template>``: a browser attaches one with ``shadowrootmode`` to the page, content and
#: all, where a parser that keeps templates apart, as lexbor does, never looks.)
REMOVED_WITH_CONTENT = frozenset(
    {"script", "iframe", "object", "applet", "frameset", "noembed", "template"}
)
#: Elements removed (their content, if any, is kept as it is checked like the rest).
REMOVED = frozenset({"embed", "base", "frame", "portal"})
#: Attributes of SVG animation that could set a link or a handler later.
ANIMATED_NAMES = ("href", "xlink:href")
#: Published files read as HTML (a browser renders them as documents).
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml"})
#: Published files a browser opens as XML documents (the types a web server gives
#: these names are XML ones), where XHTML, SVG or MathML elements are live.
XML_SUFFIXES = frozenset(
    {".xhtml", ".xht", ".xhtm", ".xml", ".xsl", ".xslt", ".rdf", ".mml", ".atom", ".rss",
     ".xsd", ".xul", ".kml", ".gpx", ".dae", ".opml", ".xbl", ".owl", ".wsdl", ".smil",
     ".xspf", ".xliff", ".xlf"}
)  # fmt: skip
#: Published files a web server sends with a type a browser never reads as a document
#: (nor sniffs into one). Any other file a pull request can publish is read: if it
#: starts like markup, it is held to the rules of an XML file or of an HTML file.
INERT_SUFFIXES = frozenset(
    {".txt", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp", ".tif",
     ".tiff", ".pdf", ".css", ".js", ".mjs", ".json", ".map", ".woff", ".woff2", ".ttf",
     ".otf", ".eot", ".zip", ".gz", ".tar", ".csv", ".mp3", ".mp4", ".webm", ".ogg",
     ".wav", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".inv", ".doctree"}
)  # fmt: skip
#: Files of the site's folder a browser shows as text, where characters that reorder
#: the words shown would show ("4410" as "0144"); pages are swept where they are checked.
SHOWN_AS_TEXT = frozenset({".txt", ".csv", ".svg", ".css", ".json", ".md"}) | XML_SUFFIXES
#: Published files that are never safe to serve from the site's address.
REFUSED_SUFFIXES = frozenset({".svgz", ".mht", ".mhtml"})
#: Pages Sphinx's HTML builder writes from templates alone.
THEME_PAGES = ("search.html", "genindex.html")
#: Folders of published files (not pages): images, downloads, static files.
FILE_FOLDERS = ("_static/", "_downloads/", "_images/")
#: What Sphinx keeps for itself in its doctree folder (which may be in the output, as
#: ``.doctrees``): read by no browser. Anything else there is checked, since a page or
#: file of the site can be written there too (``docs/.doctrees/x.md``).
PRIVATE_SUFFIXES = frozenset({".doctree", ".pickle"})
_SRCSET_SPLIT = re.compile(r",\s+|,(?=\S)")


@dataclass
class Finding:
    """One unsafe thing in a file: what it is, and the text to look for in the source."""

    what: str
    clue: str = ""
    #: How to fix it, where the general advice does not fit.
    hint: str = ""


@dataclass
class ScriptPolicy:
    """Which scripts a page may load: from code and the theme, never from content."""

    #: Output-relative paths (``_static/furo.js``) and absolute URLs registered by code.
    sources: set[str] = field(default_factory=set)
    #: Output-relative paths published from the site's own source folder (untrusted).
    from_source_tree: set[str] = field(default_factory=set)
    #: Inline script texts, stripped, written by the theme or registered by code.
    inline: set[str] = field(default_factory=set)
    #: The site's own path on its host (``/partnerships/``), for root-relative URLs.
    site_paths: tuple[str, ...] = ("/",)
    #: Classes content may not use (the component each needs, or None): the known ones
    #: and those the pages' stylesheets position (:mod:`.overlay_classes`).
    refused_classes: dict[str, str | None] = field(default_factory=lambda: dict(OVERLAY_CLASSES))
    #: Ids the pages' stylesheets style, which content may not take.
    theme_ids: frozenset[str] = frozenset()
    #: Sources allowed only after one of some inline scripts in the same page: MathJax
    #: after its settings, which Sphinx writes before it on a page with a formula.
    #: Loaded on another page (an octicon's unescaped class wrote its tag), MathJax read
    #: the page's text with its own defaults and made links that ran script (a red
    #: team's finding).
    after_inline: dict[str, frozenset[str]] = field(default_factory=dict)

    def allows_source(self, page: str, src: str, seen_inline: Set[str] = frozenset()) -> bool:
        """Whether *page* may load *src*, after the inline scripts *seen_inline*."""
        remote = url_scheme(src) is not None or src.startswith("//")
        path = src.split("?", 1)[0] if remote else self.resolve(page, src)
        if path is None:
            return False
        needed = self.after_inline.get(path)
        if needed is not None:
            return bool(needed & seen_inline)
        if remote or path in self.sources:
            return path in self.sources
        # The theme's and extensions' static files, never one from the source folder.
        return path.startswith("_static/") and path not in self.from_source_tree

    def resolve(self, page: str, url: str) -> str | None:
        """*url*, written in the output file *page*, as a path relative to the output.

        None for a root-relative URL outside the site's own path (another site on the
        same host).
        """
        # As a browser reads it: no tab or newline, no spaces around, "\\" as "/".
        cleaned = _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE)).replace("\\", "/")
        joined = urlsplit(urljoin(f"http://{_HOST}/{page}", cleaned))
        if joined.netloc != _HOST:
            return None  # "//host/..." or "\\host\\...": another site
        path = posixpath.normpath(unquote(joined.path))  # "%2e%2e" is ".." to a browser
        if not cleaned.startswith("/"):
            return path.lstrip("/")
        prefix = next((each for each in self.site_paths if (path + "/").startswith(each)), None)
        if prefix is None:
            return None
        return posixpath.normpath(path[len(prefix) :] or ".")


_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
#: A host no page is served from, to resolve a page's URLs as a browser does.
_HOST = "site.invalid"


def _unsafe_url(tag: str, name: str, value: str, safe_schemes: frozenset[str]) -> bool:
    urls = [value]
    if name in ("srcset", "imagesrcset"):
        urls = [part.strip().split(" ", 1)[0] for part in _SRCSET_SPLIT.split(value)]
    for url in urls:
        scheme = url_scheme(url)
        if scheme is None or scheme in safe_schemes:
            continue
        image_data = re.match(r"\s*data:image/", url, re.IGNORECASE) is not None
        if scheme == "data" and tag in IMAGE_ELEMENTS and name in IMAGE_ATTRIBUTES and image_data:
            continue
        return True
    return False


_DATA_IMAGE = re.compile(r"data:image/[^,]*,", re.IGNORECASE)


def _data_image_problem(name: str, value: str) -> str | None:
    """What makes a picture written into an image attribute as a ``data:`` URL (each
    of a ``srcset``'s) unsafe to show, or None: a JPEG that takes a browser minutes to
    decode (browsers decode by what the bytes hold, whatever type the URL names), or an
    SVG the rules of SVG files refuse (round 17: one held such a JPEG)."""
    # A srcset's URLs each run to a space (a data: URL holds commas); a src is one URL,
    # whose spaces a browser leaves out of its base64.
    for url in value.split() if name in ("srcset", "imagesrcset") else [value.strip()]:
        header = _DATA_IMAGE.match(url)
        if header is None:
            continue
        payload = url[header.end() :]
        try:
            if ";base64" in header.group(0).lower():
                data = base64.b64decode(re.sub(r"\s", "", payload), validate=False)
            else:
                data = unquote_to_bytes(payload)
        except (binascii.Error, ValueError):
            continue  # no picture a browser can decode either
        costly = jpeg_cost_problem(data)
        if costly is not None:
            return f"whose JPEG is {costly}"
        if header.group(0).lower().startswith("data:image/svg"):
            try:
                check_svg_content(data)
            except BadImageError as refused:
                return f"whose SVG is refused: {refused}"
    return None


#: Where a form sends what a reader typed.
FORM_TARGETS = frozenset({"action", "formaction"})
#: An address with a scheme, or protocol-relative (browsers read ``\`` as ``/``).
_OTHER_SITE = re.compile(r"^[\x00-\x20]*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})")


def _leaves_the_site(url: str) -> bool:
    # As a browser reads it: a tab or a newline anywhere is dropped ("/\t/host").
    return _OTHER_SITE.match(_TAB_OR_NEWLINE.sub("", url)) is not None


def _named_target(target: str) -> bool:
    """A browsing context by name (``target="w"``): the site it opens gets this tab as
    its opener, which only ``_blank`` withholds (a red team's finding)."""
    return target.strip().lower() not in {"", "_blank", "_self", "_parent", "_top"}


_NOSCRIPT_TAG = re.compile(r"<(/?)noscript", re.IGNORECASE)
#: The start of an element a browser reads as text.
_TEXT_ONLY_START = re.compile(
    r"<(script|style|textarea|title|xmp|iframe|noframes)\b", re.IGNORECASE
)


def _text_only_elements(text: str) -> Iterator[tuple[str, str]]:
    """Each element a browser reads as text (RCDATA and RAWTEXT: no tags inside), its
    name and its text as written, up to its end tag or the end of the file.

    A scan, not one regular expression: ``<(xmp)\b[^>]*>`` looked for the tag's ``>``
    to the end of the file from each ``<xmp`` of a megabyte of them, without one, and
    took minutes (a red team's finding). (``<noembed>`` is read as text by every
    reader, and stands for ``<noscript>`` in ``_check_noscript``.)
    """
    lowered = text.lower()
    position = 0
    while (start := _TEXT_ONLY_START.search(text, position)) is not None:
        tag = start.group(1).lower()
        tag_end = text.find(">", start.end())
        if tag_end < 0:
            return  # no tag ends after this one: nothing more is read as text
        close = lowered.find(f"</{tag}", tag_end + 1)
        yield tag, text[tag_end + 1 : close if close >= 0 else len(text)]
        if close < 0:
            return
        position = close + 2 + len(tag)


#: Of those, the ones lexbor writes again with ``&lt;`` for ``<`` (the others' text is
#: written as it is, so they are taken out).
_ESCAPED_WHEN_WRITTEN = frozenset({"textarea", "title"})
_TAG_START = re.compile(r"<[A-Za-z/!?]")


class _Auditor:
    """Finds unsafe markup in one HTML file, read as a browser reads it, and takes it out.

    The file is parsed by lexbor, an HTML5 parser (selectolax's ``LexborHTMLParser``):
    the same tree a browser builds, with its rules for SVG and MathML inside HTML, raw
    text elements and broken markup. A parser that reads otherwise (Python's own reads
    everything in a ``<style>`` as text, where a browser reads an ``<svg>``'s
    ``<style>`` as markup) would pass what the browser then runs.
    """

    def __init__(
        self,
        page: str,
        scripts: ScriptPolicy | None,
        safe_schemes: frozenset[str],
        allowed_meta: set[str],
        in_page: bool | None = None,
    ) -> None:
        self.page = page
        self.scripts = scripts
        #: Held to a page's rules (no <style> in the body, nothing pinned over it).
        self.in_page = scripts is not None if in_page is None else in_page
        self.safe_schemes = safe_schemes
        self.allowed_meta = allowed_meta
        self.findings: list[Finding] = []
        self._removed: list[LexborNode] = []
        self._dropped: list[tuple[LexborNode, str]] = []
        self._seen_inline: set[str] = set()

    def fixed(self, text: str) -> str:
        """*text* without what is unsafe in it (itself if nothing is)."""
        tree = LexborHTMLParser(text)
        root = tree.root
        if root is None:
            return text
        for node in root.traverse():
            self._check(node)
        if _NOSCRIPT_TAG.search(text):
            self._check_noscript(text, root)
        self._check_text_only(text, root)
        if not self.findings:
            return text
        removed = {node.mem_id for node in self._removed}
        for node, name in self._dropped:
            # An element the parser cloned (a link reopened around a nested one) may
            # share its attributes with the first, in selectolax before 1.0.
            if node.mem_id not in removed and name in node.attributes:
                del node.attrs[name]  # type: ignore[attr-defined,unused-ignore]
        for node in self._removed:
            if not _has_ancestor_in(node, removed):
                node.decompose()
        return tree.html or ""

    def _check(self, node: LexborNode) -> None:
        tag = (node.tag or "").lower()
        if tag.startswith(("-", "#")):
            return  # text, comments, the doctype
        values = {name.lower(): value or "" for name, value in node.attributes.items()}
        if tag == "script":
            if not self._script_allowed(node, values):
                loaded = next((values[name] for name in SCRIPT_SOURCES if name in values), "")
                clue = loaded or node.text(deep=True).strip()[:40] or "<script"
                self._remove(node, Finding("a <script> element", clue))
            return
        if tag == "style" and self._style_refused(node):
            return
        if tag == "link" and self._link_refused(node, values):
            return
        if tag == "bdo" and not self.in_page:
            # A file of the site's folder: <bdo dir=rtl> showed "4410" as "0144".
            self._remove(node, Finding("a <bdo> element, which shows words in another order"))
            return
        if tag in REMOVED_WITH_CONTENT or tag in REMOVED:
            self._remove(node, Finding(f"an <{tag}> element", values.get("src", f"<{tag}")))
            return
        equiv = values.get("http-equiv")
        if tag == "meta" and equiv is not None and equiv.strip().lower() not in self.allowed_meta:
            self._remove(node, Finding("a <meta http-equiv> tag", equiv))
            return
        if tag == "meta" and self._meta_refused(node, values):
            return
        animated = values.get("attributename", "").strip().lower()
        if tag in ("animate", "set") and (animated in ANIMATED_NAMES or animated.startswith("on")):
            self._remove(node, Finding(f"an SVG <{tag}> that changes a link", f"<{tag}"))
            return
        if tag == "a" and not self.in_page and "href" in values:
            self._check_link_words(node, values["href"])
        if self.in_page and "class" in values:
            self._check_overlay_class(node, values["class"])
        if self.scripts is not None and values.get("id") in self.scripts.theme_ids:
            self._check_theme_id(node, values["id"])
        for name, value in node.attributes.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                finding = Finding(f"the event handler attribute {lowered}", value or name)
            elif lowered in URL_ATTRIBUTES and _unsafe_url(
                tag, lowered, value or "", self.safe_schemes
            ):
                # A data: URL is named by its type only: its bytes may be a file's.
                clue = (value or "").split(",", 1)[0]
                finding = Finding(f"a {url_scheme(value or '')}: URL in {lowered}", clue)
            elif lowered in IMAGE_ATTRIBUTES and (
                problem := _data_image_problem(lowered, value or "")
            ):
                # A picture written into the page (a file of the site's folder): round 16.
                clue = (value or "").split(",", 1)[0]
                finding = Finding(f"a data: URL in {lowered} {problem}", clue)
            elif lowered in FORM_TARGETS and _leaves_the_site(value or ""):
                # A static site receives no form: one that sends elsewhere is a page
                # asking readers for what another site collects (a password).
                finding = Finding(f"a form that sends to another site ({lowered})", value or "")
            elif lowered == "style" and (problem := self._style_attribute_problem(value or "")):
                finding = Finding(problem, value or "")
            elif lowered == "dir" and not self.in_page and _right_to_left(value or ""):
                finding = Finding("a dir attribute that shows words in another order", name)
            elif lowered == "rel" and "opener" in (value or "").lower().split():
                # The opened site could then send this tab to a page of its own.
                finding = Finding("rel=opener, which lets the opened site change this tab", name)
            elif lowered == "target" and _named_target(value or ""):
                # Only _blank keeps the opened site from this tab (noopener by default).
                finding = Finding(
                    "a named target, which lets the opened site change this tab", value or ""
                )
            else:
                continue
            self.findings.append(finding)
            self._dropped.append((node, name))

    def _check_link_words(self, node: LexborNode, href: str) -> None:
        """A link of a file that is not a page (an HTML file of the site's folder, which
        no page rule reads) whose words show another site's address, or whose address
        misleads (``link_deceit``): it loses its address (a red team's finding)."""
        address = web_address(href)
        if address is None:
            return
        try:
            deceit = misleading_link(node.text(deep=True), address)
        except ValueError:  # no address urlsplit can read: the browser's problem
            return
        if deceit is not None:
            self.findings.append(Finding(f"a link that {deceit}", address))
            self._dropped.append((node, "href"))

    def _check_noscript(self, text: str, root: LexborNode) -> None:
        """A browser runs scripts, so it reads a ``<noscript>`` as text up to the first
        ``</noscript``, wherever that stands (in a value, an end tag, a name); lexbor,
        which runs none, reads it as markup. Both read a ``<noembed>`` as text, so the
        page with its ``noscript`` tags renamed is what the browser reads: if that shows
        anything the page itself did not, every ``<noscript>`` is taken out."""
        as_browser = _Auditor(
            self.page, self.scripts, self.safe_schemes, self.allowed_meta, self.in_page
        )
        as_browser.fixed(_NOSCRIPT_TAG.sub(r"<\1noembed", text))
        known = {(finding.what, finding.clue) for finding in self.findings}
        known.add(("an <noembed> element", "<noembed"))  # the renamed tags themselves
        if any((finding.what, finding.clue) not in known for finding in as_browser.findings):
            for node in root.css("noscript"):
                self._remove(
                    node, Finding("a <noscript> that a browser reads otherwise", "<noscript")
                )

    def _check_text_only(self, text: str, root: LexborNode) -> None:
        """A tag written inside an element browsers read as text (``<textarea>``,
        ``<script>``...): text to lexbor and to today's browsers, but markup to a parser
        that places the element inside an SVG or MathML, where no element is text only.
        ``<svg></p><textarea><script>`` is a ``<script>`` to a reader that keeps the
        ``<textarea>`` in the SVG (the rule that ends an SVG at ``</p>`` is recent): found
        by a fuzz test. A ``<textarea>`` or ``<title>`` is written again from lexbor's
        tree, where its ``<`` is ``&lt;`` for every reader; any other such element is
        taken out, but for the inline scripts the theme writes."""
        marked: set[str] = set()
        for tag, inside in _text_only_elements(text):
            tag_start = _TAG_START.search(inside)
            if tag_start is None or (tag == "script" and self._inline_allowed(inside)):
                continue
            clue = inside[tag_start.start() : tag_start.start() + 40]
            if tag in _ESCAPED_WHEN_WRITTEN:
                self.findings.append(Finding(f"a tag written inside a <{tag}>", clue))
            else:
                marked.add(tag)
        taken_out = {node.mem_id for node in self._removed}  # a script not allowed at all
        for tag in sorted(marked):
            for node in root.css(tag):
                inside = node.text(deep=True)
                if node.mem_id in taken_out:
                    continue
                if _TAG_START.search(inside) and not (
                    tag == "script" and self._inline_allowed(inside)
                ):
                    self._remove(node, Finding(f"a tag written inside a <{tag}>", inside[:40]))

    def _inline_allowed(self, inside: str) -> bool:
        return self.scripts is not None and inside.strip() in self.scripts.inline

    def _remove(self, node: LexborNode, finding: Finding) -> None:
        self.findings.append(finding)
        self._removed.append(node)

    def _script_allowed(self, node: LexborNode, values: dict[str, str]) -> bool:
        if self.scripts is None:
            return False  # a file that is not a page: no script at all
        if _ancestor_tag(node, FOREIGN_ROOTS) is not None:
            # An SVG script loads its code from href: with an allowed inline text, it
            # passed as that text (a red team's finding). No theme writes one.
            return False
        loaded = [name for name in SCRIPT_SOURCES if name in values]
        if loaded:
            return loaded == ["src"] and self.scripts.allows_source(
                self.page, values["src"], self._seen_inline
            )
        body = node.text(deep=True).strip()
        allowed = self._inline_allowed(body)
        if allowed:
            self._seen_inline.add(body)  # in document order: what runs before the rest
        return allowed

    def _style_refused(self, node: LexborNode) -> bool:
        """A ``<style>`` in a page's body (only the theme writes one, in the head), or
        one that loads anything from another site."""
        css = node.text(deep=True)
        if self.in_page and _ancestor_tag(node, _HEAD) is None:
            self._remove(node, Finding("a <style> element in the page", css.strip()[:40]))
            return True
        if not self.in_page and styles.reorders_text(css):
            self._remove(node, Finding("a <style> that shows words in another order", "<style"))
            return True
        load = next((each for each in styles.loads(css) if _css_load_refused(each)), None)
        if load is None:
            return False
        self._remove(node, Finding(_load_finding(load), load.address or "@import"))
        return True

    def _style_attribute_problem(self, declarations: str) -> str | None:
        load = next((each for each in styles.loads(declarations) if _css_load_refused(each)), None)
        if load is not None:
            return f"a style attribute {_load_finding(load).removeprefix('a stylesheet ')}"
        if not self.in_page and styles.reorders_text(declarations):
            return "a style attribute that shows words in another order (unicode-bidi, direction)"
        if self.in_page and styles.fixed_position(declarations):
            # Laid over the whole window, content can pass for the site (a sign-in box).
            return "a style attribute that lays its element over the page (position: fixed)"
        return None

    def _meta_refused(self, node: LexborNode, values: dict[str, str]) -> bool:
        """A page's metadata that changes what the browser does: its referrer policy
        (front matter set ``unsafe-url``, which sends the page's address, query and
        all, to every site it links to: a red team's finding), or a viewport that stops
        readers from zooming (WCAG 1.4.4)."""
        name = values.get("name", "").strip().lower()
        content = values.get("content", "").lower().replace(" ", "")
        if name == "referrer":
            what = "a <meta name=referrer>, which would change what other sites are told"
        elif name == "viewport" and _ZOOM_LOCKED.search(content):
            what = "a <meta name=viewport> that stops readers from zooming"
        else:
            return False
        self._remove(node, Finding(what, name))
        return True

    def _check_theme_id(self, node: LexborNode, name: str) -> None:
        """An id the stylesheets style, inside the page's content: the theme's rules
        for it come along (a card made static): the element loses it."""
        for parent in _element_ancestors(node):
            if (parent.attributes.get("role") or "").strip() == CONTENT_ROLE:
                self.findings.append(Finding(f"the id {name}, which is the theme's own", name))
                self._dropped.append((node, "id"))
                return

    def _check_overlay_class(self, node: LexborNode, classes: str) -> None:
        """A class that lays its element over the page outside its component (a stretched
        link outside a card, the theme's overlay inside the page's content) takes the
        element's classes off."""
        refused = self.scripts.refused_classes if self.scripts else OVERLAY_CLASSES
        names = [name for name in classes.split() if name in refused]
        if not names:
            return
        inside: set[str] = set()
        in_content = False
        for parent in _element_ancestors(node):
            inside.update((parent.attributes.get("class") or "").split())
            in_content |= (parent.attributes.get("role") or "").strip() == CONTENT_ROLE
        if not in_content:  # the theme's own, around the content
            names = [name for name in names if refused[name]]
        name = misplaced_overlay(names, inside, refused)
        if name is not None:
            what = f"the class {name}, which lays its element over the page"
            self.findings.append(Finding(what, name))
            self._dropped.append((node, "class"))

    def _link_refused(self, node: LexborNode, values: dict[str, str]) -> bool:
        """A ``<link>`` that loads a stylesheet, a script or a font from another site,
        unless code registered it or the theme's templates write it as it is."""
        rels = set(values.get("rel", "").lower().split())
        href = values.get("href", "")
        if rels & LOADING_RELS and (
            self.scripts is None or (self.in_page and _ancestor_tag(node, _HEAD) is None)
        ):
            # The theme links its files in a page's head; one in the text came with
            # content, and a file of the site's folder loads none (a stylesheet named
            # .txt, read as one in a page without a doctype: a red team's finding).
            where = "in the page" if self.in_page else "in a file that is not a page"
            what = f"a <link rel={values.get('rel', '').strip()}> {where}"
            self._remove(node, Finding(what, href))
            return True
        if not rels & LOADING_RELS or not _leaves_the_site(href) or url_scheme(href) == "data":
            return False
        if self.scripts is not None and href.split("?", 1)[0] in self.scripts.sources:
            return False
        what = f"a <link rel={values.get('rel', '').strip()}> to another site"
        self._remove(node, Finding(what, href))
        return True


#: Attributes from which a ``<script>`` loads its code (``href``: an SVG script).
SCRIPT_SOURCES = ("src", "href", "xlink:href")
_HEAD = frozenset({"head"})
#: A viewport that keeps readers from zooming in (``user-scalable=no``, a maximum scale
#: under 2): WCAG 1.4.4 wants text resized to 200 %.
_ZOOM_LOCKED = re.compile(r"user-scalable=(?:no|0)|maximum-scale=(?:0|1)(?:\.\d*)?(?:[,;]|$)")
#: Elements inside which a browser reads markup as SVG or MathML, not HTML.
FOREIGN_ROOTS = frozenset({"svg", "math"})
#: Link relations that make the browser fetch the address (``dns-prefetch`` and
#: ``preconnect`` only reach the host, which tells it who reads the page).
LOADING_RELS = frozenset(
    {"stylesheet", "preload", "prefetch", "modulepreload", "prerender", "dns-prefetch",
     "preconnect", "icon", "apple-touch-icon", "manifest", "import", "subresource"}
)  # fmt: skip


def _css_load_refused(load: styles.CssLoad) -> bool:
    """Content's CSS may load pictures and fonts from the site and ``data:``, nothing
    from another site, and no stylesheet at all: an ``@import`` of the site's own
    ``.txt`` file was read as a stylesheet by a page without a doctype (a red team's
    finding), and no page of the theme's imports one."""
    if load.kind == "@import":
        return True
    if _data_image_problem("src", load.address) is not None:
        return True  # a picture written into the CSS (round 17)
    return _leaves_the_site(load.address) and url_scheme(load.address) != "data"


def _load_finding(load: styles.CssLoad) -> str:
    if load.kind == "@import":
        return "a stylesheet that imports another (@import)"
    problem = _data_image_problem("src", load.address)
    if problem is not None:
        return f"a stylesheet with a data: URL {problem}"
    return f"a stylesheet that loads from another site ({load.kind})"


def _element_ancestors(node: LexborNode) -> Iterator[LexborNode]:
    """The elements around *node*, not the document (whose attributes selectolax before
    1.0 crashes on reading: found by the compatibility run)."""
    parent = node.parent
    while parent is not None and not (parent.tag or "-").startswith(("-", "#")):
        yield parent
        parent = parent.parent


def _ancestor_tag(node: LexborNode, tags: frozenset[str]) -> str | None:
    for parent in _element_ancestors(node):
        tag = (parent.tag or "").lower()
        if tag in tags:
            return tag
    return None


def _has_ancestor_in(node: LexborNode, removed: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in removed:
            return True
        parent = parent.parent
    return False


def _right_to_left(direction: str) -> bool:
    """A ``dir`` value that can show words right to left (``rtl``, or ``auto`` with a
    right-to-left letter first): anything but ``ltr``."""
    return direction.strip().lower() not in ("ltr", "")


def audit_html(
    text: str,
    page: str,
    scripts: ScriptPolicy | None,
    safe_schemes: Iterable[str],
    allowed_meta: set[str] | None = None,
    *,
    in_page: bool | None = None,
) -> tuple[str, list[Finding]]:
    """The safe version of the HTML *text* published at *page*, and what was taken out.

    *scripts* None means no script is allowed at all: the file is not a page, or
    *in_page* says that the text is a piece of one (held to a page's other rules). A
    file with nothing unsafe is returned as it is; one with something unsafe is written
    again from its parsed tree, which is then checked again until nothing is found.
    """
    schemes = frozenset(safe_schemes)
    findings: list[Finding] = []
    for _round in range(5):
        auditor = _Auditor(page, scripts, schemes, allowed_meta or set(), in_page)
        fixed = auditor.fixed(text)
        findings += auditor.findings
        if not auditor.findings:
            return text, findings
        text = fixed
    return html.escape(text), findings  # still unsafe after five rounds: show it as text


_TEMPLATE_SCRIPT = re.compile(r"<script(?:\s[^>]*)?>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_TEMPLATE_LINK_HREF = re.compile(r"<link\s[^>]*href=[\"']((?:https?:)?//[^\"'\s]+)", re.IGNORECASE)
_TEMPLATE_HTTP_EQUIV = re.compile(r"<meta\s[^>]*http-equiv=[\"']?([\w-]+)", re.IGNORECASE)


def _template_text(source: str) -> str:
    """What of a template reaches a page as written, read by Jinja's own lexer: its
    comments left out (a script in ``{# ... #}`` was allowed on every page: a red team's
    finding), each expression or statement a ``{%%}`` mark that no allowed script holds.
    A template Jinja cannot read gives nothing."""
    import jinja2

    parts: list[str] = []
    try:
        for _line, kind, value in jinja2.Environment().lex(source):
            if kind == "data":
                parts.append(value)
            elif kind in ("variable_begin", "block_begin", "linestatement_begin"):
                parts.append("{%%}")
    except jinja2.TemplateSyntaxError:
        return ""
    return "".join(parts)


def _template_markup(app: Sphinx) -> tuple[set[str], set[str], set[str]]:
    """Inline scripts, http-equiv names and the addresses of other sites a ``<link>``
    loads, written verbatim in the theme's templates.

    Templates are code (a theme's package, the site's ``templates_path``), reviewed as
    code; a script with Jinja inside is not known verbatim, so it is reported and a
    maintainer allows it with ``partners_allowed_inline_scripts``.
    """
    inline: set[str] = set()
    http_equiv: set[str] = set()
    links: set[str] = set()
    templates = getattr(app.builder, "templates", None)
    for folder in getattr(templates, "pathchain", []):
        for path in sorted(Path(folder).rglob("*.html")):
            if "static" in path.relative_to(folder).parts:
                continue
            text = _template_text(path.read_text(encoding="utf-8", errors="replace"))
            for body in _TEMPLATE_SCRIPT.findall(text):
                if "{{" not in body and "{%" not in body and body.strip():
                    inline.add(body.strip())
            http_equiv.update(name.lower() for name in _TEMPLATE_HTTP_EQUIV.findall(text))
            links.update(
                href.split("?", 1)[0]
                for href in _TEMPLATE_LINK_HREF.findall(text)
                if "{%%}" not in href
            )
    return inline, http_equiv, links


def _source_tree_files(app: Sphinx) -> dict[str, Path]:
    """The static and extra files copied from the source folder: their output-relative
    paths, and the file each comes from."""
    from sphinx.util.matching import Matcher

    srcdir = Path(app.srcdir).resolve()
    confdir = Path(app.confdir)
    copied: dict[str, Path] = {}
    # What Sphinx leaves out as it copies each kind (a file the extension left out, a
    # static file named as the theme's, is the theme's own in the output).
    patterns = list(app.config.exclude_patterns)
    roots = (
        (app.config.html_static_path, "_static/", Matcher([*patterns, "**/.*"])),
        (app.config.html_extra_path, "", Matcher(patterns)),
    )
    for entries, prefix, excluded in roots:
        for entry in entries:
            root = (confdir / entry).resolve()
            if not root.is_relative_to(srcdir):
                continue  # a theme's or an extension's folder: code, reviewed as code
            if root.is_file():
                copied |= dict.fromkeys(_published_names(prefix, Path(root.name)), root)
                continue
            # Through linked folders too, as Sphinx copies them (os.walk, followlinks).
            for folder, _subfolders, files in os.walk(root, followlinks=True):
                relative = Path(folder).relative_to(root).as_posix()
                for name in files:
                    if excluded(posixpath.join(relative, name)):
                        continue
                    path = Path(folder, name)
                    names = _published_names(prefix, path.relative_to(root))
                    copied |= dict.fromkeys(names, path)
    return copied


def _published_names(prefix: str, relative: Path) -> set[str]:
    """The names a static file is published under: a template (``furo.js_t``,
    ``page.svg.jinja``) is written without its ending, over the theme's file of that
    name if there is one."""
    names = {prefix + relative.as_posix()}
    lowered = relative.name.lower()
    for ending in ("_t", ".jinja"):
        if lowered.endswith(ending):
            names.add(prefix + relative.with_name(relative.name[: -len(ending)]).as_posix())
    return names


def _mathjax_sources(app: Sphinx) -> set[str]:
    """Where pages load MathJax from: ``mathjax_path``, in ``_static`` unless it is an
    address, as Sphinx's ``add_js_file`` places it (a site may host MathJax itself)."""
    mathjax = getattr(app.config, "mathjax_path", None)
    if not mathjax or "sphinx.ext.mathjax" not in app.extensions:
        return set()
    path = str(mathjax).split("?", 1)[0]
    return {path if "://" in path else posixpath.join("_static", path)}


def _mathjax_inline(app: Sphinx) -> set[str]:
    """The configuration scripts sphinx.ext.mathjax adds to pages with math, as it does.

    It adds them while each page is written (in -j workers too), so they are computed
    here from the same settings.
    """
    if "sphinx.ext.mathjax" not in app.extensions:
        return set()
    config = app.config
    bodies = set()
    if getattr(config, "mathjax2_config", None):
        bodies.add(f"MathJax.Hub.Config({json.dumps(config.mathjax2_config)})")
    for name in ("mathjax3_config", "mathjax4_config"):
        if getattr(config, name, None):
            bodies.add(f"window.MathJax = {json.dumps(getattr(config, name))}")
    config_path = getattr(config, "mathjax_config_path", None)
    if config_path:
        path = Path(app.confdir, config_path)
        if path.is_file():
            bodies.add(path.read_text(encoding="utf-8"))
    return {body.strip() for body in bodies}


def script_policy(
    app: Sphinx, template_inline: set[str], template_links: Set[str] = frozenset()
) -> ScriptPolicy:
    """The scripts (and stylesheets) pages of this build may load (main process, after
    writing)."""
    site_paths = {"/"}
    for url in (app.config.html_baseurl, getattr(app.config, "notfound_urls_prefix", None)):
        if url:
            path = urlsplit(str(url)).path or "/"
            site_paths.add(path if path.endswith("/") else f"{path}/")
    policy = ScriptPolicy(
        from_source_tree=set(_source_tree_files(app)),
        # Longest first: /partnerships/ before /.
        site_paths=tuple(sorted(site_paths, key=len, reverse=True)),
    )
    registered = [
        *((filename, attributes) for filename, attributes in app.registry.js_files),
        *((script, {}) for script in app.config.html_js_files),
        *((filename, {}) for filename, _attributes in app.registry.css_files),
        *((stylesheet, {}) for stylesheet in app.config.html_css_files),
    ]
    for filename, attributes in registered:
        name = filename[0] if isinstance(filename, tuple) else filename
        if name:
            name = str(name).split("?", 1)[0]
            is_url = url_scheme(name) is not None or name.startswith("//")
            policy.sources.add(name if is_url else name.lstrip("/"))
            if "://" not in name:  # Sphinx's add_js_file and add_css_file put it in _static
                policy.sources.add(posixpath.join("_static", name).lstrip("/"))
        body = attributes.get("body") if isinstance(attributes, dict) else None
        if body:
            policy.inline.add(str(body).strip())
    settings = frozenset(_mathjax_inline(app))
    if settings:  # (without settings of the site's, Sphinx loads MathJax alone)
        policy.after_inline |= dict.fromkeys(_mathjax_sources(app), settings)
    else:
        policy.sources |= _mathjax_sources(app)
    policy.inline |= settings
    positioned = positioned_names(app)
    policy.refused_classes = refused_classes(positioned.classes - WRITER_CLASSES)
    policy.theme_ids = frozenset(positioned.ids)
    policy.sources.add("searchindex.js")  # written by Sphinx's HTML builder itself
    policy.inline |= template_inline
    policy.sources |= template_links
    policy.inline |= {script.strip() for script in app.config.partners_allowed_inline_scripts}
    return policy


@dataclass
class _Origins:
    """Where a published file came from, to point a warning at a source line."""

    app: Sphinx
    pages: dict[str, str]
    files: dict[str, tuple[str, str]]
    #: Static and extra files from the source folder, by where they are published.
    static: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def of(cls, app: Sphinx) -> _Origins:
        env = app.env
        pages = {}
        for docname in env.all_docs:
            try:
                pages[app.builder.get_target_uri(docname).split("#", 1)[0] or docname] = docname
            except Exception:  # a builder without target URIs
                continue
            pages.setdefault(f"{docname}.html", docname)
        files: dict[str, tuple[str, str]] = {}
        for folder, known in ((app.builder.imagedir, env.images), ("_downloads", env.dlfiles)):
            for source, (docnames, unique) in known.items():
                if docnames:
                    files[f"{folder}/{unique}"] = (sorted(docnames)[0], str(source))
        return cls(app, pages, files, _source_tree_files(app))

    def location(self, published: str, clue: str) -> str | tuple[str, int | None]:
        """The page (and line, where the clue is found) that wrote *published*."""
        docname = self.pages.get(published)
        if docname is None and published in self.files:
            docname, clue = self.files[published][0], Path(self.files[published][1]).name
        if docname is None and published in self.static:
            return f"{self.static[published]}:"  # a file of the source folder, as it is
        if docname is None:
            return f"{Path(self.app.outdir) / published}:"  # written by no page
        source = Path(self.app.env.doc2path(docname))
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return (docname, None)
        needle = clue.strip()[:60]
        if needle:
            for number, line in enumerate(text.splitlines(), start=1):
                if needle in line:
                    return (docname, number)
        return (docname, None)


def _report(origins: _Origins, published: str, findings: list[Finding], action: str) -> None:
    """One warning per kind of problem in a file, at the first place it occurs."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.what, []).append(finding)
    for what, each in grouped.items():
        count = f" ({len(each)} times)" if len(each) > 1 else ""
        warn(
            Code.PUBLISHED,
            "%s%s in %s: %s.",
            what,
            count,
            published,
            action,
            location=origins.location(published, each[0].clue),
            hint=each[0].hint
            or "Only text, links and images a browser cannot run as script are published; "
            "remove it from the page or the file.",
        )


class _NotWrittenByPages:
    """Findings in pages that no page's source wrote (a theme's word translated into
    markup, a theme's script replaced): the same on every page, so named once, with
    the number of pages, instead of once a page."""

    def __init__(self) -> None:
        self.pages: dict[tuple[str, str], list[str]] = {}

    def report(self, origins: _Origins, published: str, findings: list[Finding]) -> None:
        located = []
        for finding in findings:
            where = origins.location(published, finding.clue)
            if isinstance(where, tuple) and where[1] is not None:
                located.append(finding)
                continue
            key = (finding.what, finding.clue.split("?", 1)[0].rsplit("/", 1)[-1])
            pages = self.pages.setdefault(key, [])
            if published not in pages:
                pages.append(published)
        if located:
            _report(origins, published, located, "it was removed from the page")

    def report_the_rest(self, origins: _Origins) -> None:
        for (what, clue), pages in self.pages.items():
            others = len(pages) - 1
            more = f" and {others} other page{'s' if others > 1 else ''}" if others else ""
            warn(
                Code.PUBLISHED,
                "%s in %s%s: it was removed from every one. No page wrote it: the theme did, "
                "with a translation of its words or a file of the static folder (%s).",
                what,
                pages[0],
                more,
                clue,
                location=origins.location(pages[0], clue),
                hint="Look for it in the catalogs (sphinx.po) and the static folder.",
            )


#: Beside the doctrees: what earlier builds found clean, so an incremental build reads
#: again only the files that changed (a clean build starts with none).
CLEAN_MEMORY = "partners-published-clean.json"


class _CleanMemory:
    """Files found clean before, by a hash of their bytes and of everything the check
    of them depends on (path, page or not, the script and scheme policy): the same
    inputs give the same verdict, so such a file need not be read again."""

    def __init__(self, app: Sphinx, policy: object) -> None:
        self.path = Path(app.doctreedir) / CLEAN_MEMORY
        self.policy = hashlib.blake2b(repr(policy).encode(), digest_size=16).digest()
        try:
            # Only a list this user's builds signed: the doctree folder may come from a
            # pull request, whose list would name its own script as clean.
            data = verified(self.path.read_bytes())
            self.before = set(json.loads(data)) if data is not None else set()
        except (OSError, ValueError, TypeError):
            self.before = set()
        self.now: set[str] = set()

    def key(self, published: str, role: str, data: bytes) -> str:
        digest = hashlib.blake2b(self.policy, digest_size=16)
        for part in (published.encode(), role.encode(), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def was_clean(self, key: str) -> bool:
        if key in self.before:
            self.now.add(key)
            return True
        return False

    def save(self) -> None:
        signed = sign(json.dumps(sorted(self.now)).encode())
        if signed is None:
            return  # no key to sign it with: every file is read again next time
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(signed)


#: Where Sphinx's HTML builder writes the translations of its own scripts' words.
TRANSLATIONS_SCRIPT = "_static/translations.js"


def _sphinx_own_translations(language: str) -> list[Path]:
    """The ``sphinx.js`` files Sphinx's own installation has for *language*."""
    import sphinx

    package = Path(sphinx.__file__).parent
    return [
        package / "locale" / language / "LC_MESSAGES" / "sphinx.js",
        Path(sys.prefix, "share", "sphinx", "locale", language, "sphinx.js"),
    ]


def _check_translations_script(
    app: Sphinx, outdir: Path, scripts: ScriptPolicy, origins: _Origins
) -> None:
    """Sphinx publishes the ``sphinx.js`` of a catalog folder (``locale_dirs``) as a
    script of every page. A catalog is content, open to every pull request, and a
    script is code: only the file Sphinx itself ships for the language is published."""
    published = outdir / TRANSLATIONS_SCRIPT
    if not published.is_file():
        return
    data = published.read_bytes()
    own = _sphinx_own_translations(str(app.config.language or "en"))
    if any(path.is_file() and path.read_bytes() == data for path in own):
        return
    # Its <script> elements go from every page with the file (the policy then refuses it).
    scripts.from_source_tree.add(TRANSLATIONS_SCRIPT)
    finding = Finding("a script from a catalog folder (sphinx.js)", "sphinx.js")
    _report(origins, TRANSLATIONS_SCRIPT, [finding], "the file was not published")
    published.unlink()


_SEARCH_INDEX = re.compile(r"\ASearch\.setIndex\((.*)\)\s*\Z", re.DOTALL)


def _sphinx_s_own(path: Path, doctreedir: Path) -> bool:
    """Whether *path* is one of Sphinx's own files in its doctree folder."""
    return path.suffix in PRIVATE_SUFFIXES and path.resolve().is_relative_to(doctreedir)


def _check_copied_sources(app: Sphinx, outdir: Path, origins: _Origins) -> None:
    """Every picture and download Sphinx copied came from inside the source folder.

    The checks of pages stand where a file is named; Sphinx may still copy another (a
    picture's language variant, ``photo.en.png``, chosen by its collector): a copy whose
    source resolves outside the folder, through a link, is removed.
    """
    srcdir = Path(app.srcdir).resolve()
    copied = [
        (source, f"_images/{entry[1]}") for source, entry in getattr(app.env, "images", {}).items()
    ]
    copied += [
        (source, f"_downloads/{entry[1]}")
        for source, entry in getattr(app.env, "dlfiles", {}).items()
    ]
    for source, published in copied:
        target = outdir / published
        if not target.is_file():
            continue
        try:
            inside = Path(os.path.realpath(srcdir / source, strict=True)).is_relative_to(srcdir)
        except (OSError, ValueError):
            inside = False
        if not inside:
            finding = Finding("a copy of a file outside the source folder", source)
            _report(origins, published, [finding], "the file was not published")
            target.unlink()


def _check_search_index(outdir: Path, origins: _Origins) -> None:
    """The search page links each result as its page's name plus ``.html``, written by
    script from ``searchindex.js``, where the check of pages never sees it: a page
    named ``javascript:...`` would give a link that runs. Such a name is written as
    a path (``./javascript:...``), which leads to the page itself."""
    path = outdir / "searchindex.js"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    match = _SEARCH_INDEX.match(text)
    try:
        index = json.loads(match.group(1)) if match else None
    except ValueError:
        index = None
    if not isinstance(index, dict) or not isinstance(index.get("docnames"), list):
        return  # not the format this check knows: Sphinx's own, unchanged
    docnames = index["docnames"]
    unsafe = [n for n, name in enumerate(docnames) if isinstance(name, str) and url_scheme(name)]
    if not unsafe:
        return
    for number in unsafe:
        name = docnames[number]
        docnames[number] = f"./{name}"
        warn(
            Code.PUBLISHED,
            "the page's name %s starts like a %s: link, so its search results would run it; "
            "they link to ./%s instead.",
            name,
            url_scheme(name),
            name,
            location=(name, None) if name in origins.pages.values() else f"{path}:",
            hint="Rename the file without a colon.",
        )
    path.write_text(
        f"Search.setIndex({json.dumps(index, separators=(',', ':'), sort_keys=True)})",
        encoding="utf-8",
    )


def _starts_like_markup(data: bytes) -> bool:
    """Whether *data* begins, after a byte-order mark and any number of spaces, with
    ``<``: what a browser needs to read a file as a page, an XML document or an SVG.
    (Browsers sniff the first 1,445 bytes, spaces skipped; reading 1,024 let a page
    after 1,100 spaces through: a red team's finding. Spaces are not counted here.)"""
    for mark, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(mark):
            text = data[len(mark) :].decode(encoding, errors="ignore")
            return text.lstrip().startswith("<")
    if data[:2] in (b"<\x00", b"\x00<"):
        return True  # UTF-16 without a mark
    return data.lstrip(b" \t\n\r\x0b\x0c").startswith(b"<")


def _unsafe_markup_file(data: bytes, published: str, schemes: frozenset[str]) -> Finding | None:
    """What makes a file of markup under a name no rule knows unsafe, if anything.

    A server may send it as XML, as HTML, or with no type (a browser then sniffs it as
    a page), so it must be safe both ways: well-formed XML with nothing live in it, and
    a page with nothing unsafe. Markup that is not well-formed XML is refused: a browser
    reads what comes before the mistake, and knows entities (``&nbsp;`` after an XHTML
    doctype) that stop a parser without a DTD early, before a script it does not see (a
    red team's finding).
    """
    name = Path(published).name
    try:
        check_xml_content(data)
    except BadImageError as error:
        reason = str(error).removesuffix(", which is not allowed").removeprefix("the file ")
        if reason.startswith("is not well-formed XML"):
            return Finding(f"a file of markup that {reason}, which a browser could run", name)
        return Finding(f"a file of markup a browser could run as XML ({reason})", name)
    try:
        text = browser_text(data)
    except NotPlainUtf8 as error:
        return Finding(f"a file of markup a browser could read otherwise ({error})", name)
    _, findings = audit_html(text, published, None, schemes)
    if findings:
        return Finding(f"a file a browser could run as a page ({findings[0].what})", name)
    return None


#: What a whole-file check says of each kind of file it refuses.
_REFUSED_FILE = {"xml": "an XML file a browser could run", "svg": "a scripted SVG"}


def _check_whole_file(
    path: Path,
    published: str,
    kind: str,
    check: Callable[[bytes], object],
    memory: _CleanMemory,
    origins: _Origins,
) -> None:
    """Hold an XML or SVG file to *check*; one that fails is not published."""
    data = path.read_bytes()
    key = memory.key(published, kind, data)
    if memory.was_clean(key):
        return
    try:
        check(data)
    except BadImageError as error:
        reason = str(error).removesuffix(", which is not allowed")
        finding = Finding(f"{_REFUSED_FILE[kind]} ({reason})", path.name)
        _report(origins, published, [finding], "the file was not published")
        path.unlink()
    else:
        memory.now.add(key)


def stylesheet_problem(data: bytes) -> str | None:
    """What a stylesheet from the site's folder may not do, if it does: load anything
    from another site, or lay something over the page (``position: fixed``)."""
    try:
        css = styles.stylesheet_text(data)
    except ValueError as error:
        return f"a stylesheet a browser could read otherwise ({error})"
    load = next((each for each in styles.loads(css) if _css_load_refused(each)), None)
    if load is not None:
        return f"{_load_finding(load)} ({load.address!r})"
    if styles.fixed_position(css):
        return "a stylesheet that lays something over the page (position: fixed)"
    return None


def _check_stylesheet(path: Path, published: str, memory: _CleanMemory, origins: _Origins) -> None:
    data = path.read_bytes()
    key = memory.key(published, "css", data)
    if memory.was_clean(key):
        return
    problem = stylesheet_problem(data)
    if problem is None:
        memory.now.add(key)
        return
    _report(origins, published, [Finding(problem, path.name)], "the file was not published")
    path.unlink()


def check_published_files(app: Sphinx, exception: Exception | None) -> None:
    """Check every file the HTML builder published (build-finished)."""
    if app.builder.format != "html" or not app.config.partners_harden_site:
        return
    if exception is None:
        _check_published_files(app)
        return
    # A build that stopped has written some pages (the preview serves them, and they
    # may hold what made it stop): they are checked all the same.
    try:
        _check_published_files(app)
    except Exception as error:  # the build's own error is the one to report
        logger.warning(
            "sphinx-partners: the pages written before the build stopped were not all "
            "checked (%s); do not publish or serve them.",
            error,
            type=WARNING_TYPE,
            subtype=Code.PUBLISHED,
        )


@dataclass
class _Run:
    """One check of the published files: the policy, and what it found so far."""

    outdir: Path
    scripts: ScriptPolicy
    schemes: frozenset[str]
    allowed_meta: set[str]
    pages: set[str]
    memory: _CleanMemory
    origins: _Origins
    not_written_by_pages: _NotWrittenByPages = field(default_factory=_NotWrittenByPages)
    checked: int = 0
    #: partners_max_image_pixels: the most pixels a published picture may claim.
    max_pixels: int = 40_000_000

    def refuse(self, path: Path, published: str, finding: Finding) -> None:
        _report(self.origins, published, [finding], "the file was not published")
        path.unlink()

    def check(self, path: Path, published: str) -> None:
        """Check one file; a file the check cannot finish is not published."""
        try:
            self._check(path, published)
        except Exception as error:
            # A file the check could not read to its end (a stylesheet nested 20,000
            # deep crashed it, and the files after it went unchecked: a red team's
            # finding) is never published unread.
            reason = f"{type(error).__name__}: {error}"[:200]
            finding = Finding(f"a file the check could not read to its end ({reason})", path.name)
            if path.exists():
                self.refuse(path, published, finding)

    def _check(self, path: Path, published: str) -> None:
        suffix = path.suffix.lower()
        costly = _costly_jpeg(path)
        if costly is not None:
            # Whatever its name: a browser decodes an <img> by what the file holds.
            what = f"a JPEG {costly}"
            fix = "Export the picture again as JPEG from a photo editor."
            self.refuse(path, published, Finding(what, path.name, fix))
            return
        oversized = _oversized_picture(path, self.max_pixels)
        if oversized is not None:
            # A plain Markdown image is published as it is (round 18: 20,000 x 20,000
            # pixels in 389 KB took a reader's browser 2 GB).
            fix = "Make the picture smaller (python scripts/photos.py prepare) and replace it."
            self.refuse(path, published, Finding(oversized, path.name, fix))
            return
        # A static file of the theme or an extension is code; any other file may not be.
        contributed = (
            not published.startswith("_static/") or published in self.scripts.from_source_tree
        )
        if suffix in REFUSED_SUFFIXES:
            self.refuse(path, published, Finding(f"a {suffix} file", path.name))
        elif contributed and suffix in SHOWN_AS_TEXT and self._reorders(path, published):
            return
        elif suffix in HTML_SUFFIXES and published.startswith("_downloads/"):
            # A download is meant to be saved, but the browser would open an HTML file
            # as a page of the site, with the site's address: it is not published.
            self.refuse(path, published, Finding("an HTML file offered as a download", path.name))
        elif suffix in HTML_SUFFIXES:
            self.checked += 1
            self._check_html(path, published, suffix)
        elif suffix in XML_SUFFIXES:
            self.checked += 1
            _check_whole_file(path, published, "xml", check_xml_content, self.memory, self.origins)
        elif suffix == ".svg" and contributed:
            self.checked += 1
            _check_whole_file(path, published, "svg", check_svg_content, self.memory, self.origins)
        elif suffix == ".css" and contributed:
            # A stylesheet of the site's folder is content, loaded on every page when it
            # is the site's (or replaces the theme's: a red team's finding).
            self.checked += 1
            _check_stylesheet(path, published, self.memory, self.origins)
        elif suffix not in INERT_SUFFIXES and suffix != ".svg" and contributed:
            # A name no rule knows: a web server may send it as a document, or none,
            # and a browser sniffs markup. What starts like markup is held to the rules.
            data = path.read_bytes()
            if not _starts_like_markup(data):
                return
            self.checked += 1
            key = self.memory.key(published, "other", data)
            if self.memory.was_clean(key):
                return
            unsafe = _unsafe_markup_file(data, published, self.schemes)
            if unsafe is None:
                self.memory.now.add(key)
                return
            self.refuse(path, published, unsafe)

    def _reorders(self, path: Path, published: str) -> bool:
        """Whether a text file of the site's folder holds characters that reorder the
        words shown (an SVG's ``&#x202E;4410`` showed 0144): it is then not published."""
        _, reordering = without_direction_controls(path.read_bytes().decode("utf-8", "replace"))
        if reordering:
            what = f"invisible characters that reorder the words shown ({reordering})"
            self.refuse(path, published, Finding(what, path.name))
        return bool(reordering)

    def _check_html(self, path: Path, published: str, suffix: str) -> None:
        is_page = published in self.pages or (
            suffix == ".html"
            and not published.startswith(FILE_FOLDERS)
            and published not in self.scripts.from_source_tree
        )
        data = path.read_bytes()
        key = self.memory.key(published, "page" if is_page else "file", data)
        if self.memory.was_clean(key):
            return
        if is_page:
            text = data.decode("utf-8", errors="replace")  # Sphinx wrote it
        else:
            try:
                text = browser_text(data)
            except NotPlainUtf8 as error:
                what = f"an HTML file a browser could read otherwise ({error})"
                self.refuse(path, published, Finding(what, path.name))
                return
        text, reordering = without_direction_controls(text)
        scripts = self.scripts if is_page else None
        fixed, findings = audit_html(text, published, scripts, self.schemes, self.allowed_meta)
        if reordering:
            what = f"invisible characters that reorder the words shown ({reordering})"
            findings.append(Finding(what))
        if not findings:
            self.memory.now.add(key)
        elif is_page:
            self.not_written_by_pages.report(self.origins, published, findings)
            path.write_text(fixed, encoding="utf-8")
        else:
            _report(self.origins, published, findings, "the file was not published")
            path.unlink()


#: How the pictures a browser decodes begin, whatever their name says: those whose
#: signature says "picture" (a picture the check cannot read is not published) ...
_PICTURE_STARTS = (b"\x89PNG\r\n\x1a\n", b"GIF8", b"\xff\xd8\xff")
#: ... and those whose first bytes other files share (a text file may start "BM").
_MAYBE_PICTURE_STARTS = (b"BM", b"II*\x00", b"MM\x00*")


def _is_webp_or_avif(start: bytes) -> bool:
    return (start[:4] == b"RIFF" and start[8:12] == b"WEBP") or start[4:12] in (
        b"ftypavif",
        b"ftypavis",
    )


def _oversized_picture(path: Path, max_pixels: int) -> str | None:
    """What a picture claims, if more pixels than *max_pixels*, read from its header and
    never decoded; a file that starts as a picture but that the check cannot read is
    refused too, as browsers read more than Pillow does (round 19: a PNG with one bad
    chunk checksum, Pillow's error, was decoded by Chromium at 400 million pixels)."""
    with path.open("rb") as handle:
        start = handle.read(32)
    certain = start.startswith(_PICTURE_STARTS) or _is_webp_or_avif(start)
    if not certain and not start.startswith(_MAYBE_PICTURE_STARTS):
        return None
    if start.startswith(b"\x89PNG") and start[12:16] == b"IHDR":
        # The size a browser reads, whatever the chunks after it hold.
        width, height = int.from_bytes(start[16:20], "big"), int.from_bytes(start[20:24], "big")
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(path) as picture:
                    width, height = picture.size
        except Image.DecompressionBombError:
            return "a picture with far too many pixels to be shown safely"
        except Exception as error:
            if not certain:
                return None  # no picture after all: its other checks apply
            return f"a picture the check cannot read ({type(error).__name__})"
    if width * height <= max_pixels:
        return None
    return (
        f"a picture of {width}x{height} pixels, more than the limit of {max_pixels:,} "
        "(partners_max_image_pixels)"
    )


def _costly_jpeg(path: Path) -> str | None:
    """Why the JPEG *path* holds could take a browser minutes to decode, or None."""
    with path.open("rb") as handle:
        if not is_jpeg(handle.read(3)):
            return None
    return jpeg_cost_problem(path.read_bytes())


def _check_published_files(app: Sphinx) -> None:
    started = time.perf_counter()
    outdir = Path(app.outdir)
    template_inline, allowed_meta, template_links = _template_markup(app)
    scripts = script_policy(app, template_inline, template_links)
    origins = _Origins.of(app)
    _check_translations_script(app, outdir, scripts, origins)
    _check_search_index(outdir, origins)
    _check_copied_sources(app, outdir, origins)
    schemes = frozenset(app.config.partners_safe_url_schemes)
    memory = _CleanMemory(
        app,
        (
            sorted(scripts.sources),
            sorted((source, sorted(bodies)) for source, bodies in scripts.after_inline.items()),
            sorted(scripts.from_source_tree),
            sorted(scripts.inline),
            sorted(schemes),
            sorted(allowed_meta),
            sorted((name, str(container)) for name, container in scripts.refused_classes.items()),
            sorted(scripts.theme_ids),
        ),
    )
    pages = set(origins.pages) | set(THEME_PAGES)
    run = _Run(outdir, scripts, schemes, allowed_meta, pages, memory, origins)
    run.max_pixels = app.config.partners_max_image_pixels
    doctreedir = Path(app.doctreedir).resolve()
    for path in sorted(outdir.rglob("*")):
        if path.is_file() and not _sphinx_s_own(path, doctreedir):
            run.check(path, path.relative_to(outdir).as_posix())
    run.not_written_by_pages.report_the_rest(origins)
    memory.save()
    logger.verbose(
        "sphinx-partners: checked %d published files in %.2f s",
        run.checked,
        time.perf_counter() - started,
    )
