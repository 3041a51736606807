"""furo's navigation tree, computed once per build and specialised per page.

furo resolves the global toctree for every page and re-parses the HTML with
BeautifulSoup, so writing is quadratic in pages. Between two pages the tree only
differs in relative links and in which entries are "current". So we resolve and
render it once, with marker tokens where those differences go, let furo's own
``get_navigation_tree`` process that, and cut the result into literal text and
*slots*. A page's copy is then a list copy, a few slot overrides and a join.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils.nodes import Element
    from sphinx.builders.html import StandaloneHTMLBuilder

# Private-use characters: they cannot occur in docnames, classes or URLs, and they
# pass unchanged through docutils' writer and BeautifulSoup.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}([ch])(\\d+){_CLOSE}")
# A docname no page can have: nothing in the tree is "current" for it.
_NOBODY = f"{_OPEN}nobody{_CLOSE}"
# Characters that docutils or BeautifulSoup would escape in an attribute value.
_UNSAFE_URI = re.compile(r"[&<>\"'\n\r\t\v\f]")
# Sphinx 9 takes the build's tags as an argument; Sphinx 8 reads them off the builder,
# which our stand-in passes through.
_TAKES_TAGS = "tags" in inspect.signature(global_toctree_for_doc).parameters
_SLOT_OR_CHECKBOX = re.compile(
    r' class="([^"]*' + _OPEN + r"c\d+" + _CLOSE + r'[^"]*)"'
    r'| href="(' + _OPEN + r"h\d+" + _CLOSE + r'[^"]*)"'
    r'|<input [^>]*class="toctree-checkbox"[^>]*/>'
)
_ATTRIBUTE_NAME = re.compile(r" ([\w-]+)=")


class UnsupportedTree(Exception):
    """The tree has a shape this model does not reproduce exactly; use furo's path."""


class _LinkRecorder:
    """Stands in for the builder during resolution: marks links instead of relativising."""

    def __init__(self, builder: StandaloneHTMLBuilder) -> None:
        self._builder = builder
        self.targets: list[str] = []

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        self.targets.append(to)
        return f"{_OPEN}h{len(self.targets) - 1}{_CLOSE}"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._builder, name)


@dataclass(frozen=True)
class _ClassSlot:
    """A class attribute of an element that may become "current" on some page."""

    node: int
    plain: str
    current: str
    current_page: str  # furo marks the last current <li> in document order
    is_li: bool
    has_children: bool  # furo gave this <li> a checkbox
    checkbox: int | None = None  # piece index of a <li>'s ``checked`` slot


@dataclass(frozen=True)
class _HrefSlot:
    """An internal link: relative to the page, ``#`` when it is the page itself."""

    target_uri: str
    suffix: str  # the anchor, as furo serialised it


@dataclass
class NavigationTemplate:
    """furo's navigation HTML for a build, with slots for what differs per page."""

    builder: StandaloneHTMLBuilder
    pieces: list[str | _ClassSlot | _HrefSlot | None]  # None: a checkbox's ``checked``
    parents: dict[int, int]  # marked node -> its marked parent
    current_refs: dict[str, list[int]]  # docname -> nodes of links making it current
    class_slots: dict[int, int] = field(default_factory=dict)  # node -> piece index
    self_links: dict[str, list[int]] = field(default_factory=dict)  # uri -> piece indexes
    _bases: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, piece in enumerate(self.pieces):
            if isinstance(piece, _ClassSlot):
                self.class_slots[piece.node] = index
            elif isinstance(piece, _HrefSlot):
                self.self_links.setdefault(piece.target_uri, []).append(index)

    def parts(self) -> tuple[Any, ...]:
        """What the template is made of, without the builder: kept between builds."""
        return (self.pieces, self.parents, self.current_refs)

    @classmethod
    def from_parts(
        cls, builder: StandaloneHTMLBuilder, parts: tuple[Any, ...]
    ) -> NavigationTemplate:
        pieces, parents, current_refs = parts
        return cls(builder, pieces, parents, current_refs)

    def render(self, pagename: str) -> str:
        """Return exactly what furo would put in ``furo_navigation_tree`` for *pagename*."""
        page_uri = self.builder.get_target_uri(pagename)
        out = list(self._base(page_uri[: page_uri.rfind("/") + 1]))
        for index in self.self_links.get(page_uri, ()):
            # Sphinx's relative URI to the page itself is "", which its writer makes "#".
            suffix = cast(_HrefSlot, self.pieces[index]).suffix
            out[index] = f' href="{suffix or "#"}"'
        last_li = -1
        for node in self._current_nodes(pagename):
            index = self.class_slots.get(node, -1)
            if index < 0:  # an element Sphinx does not render, like compact_paragraph
                continue
            slot = cast(_ClassSlot, self.pieces[index])
            out[index] = slot.current
            if slot.checkbox is not None:
                out[slot.checkbox] = ' checked=""'
            if slot.is_li:
                last_li = max(last_li, index)
        if last_li >= 0:
            out[last_li] = cast(_ClassSlot, self.pieces[last_li]).current_page
        return "".join(out)

    def _current_nodes(self, pagename: str) -> set[int]:
        # Sphinx marks every ancestor of a link to the page itself as "current".
        current: set[int] = set()
        for node in self.current_refs.get(pagename, ()):
            while node not in current:
                current.add(node)
                if node not in self.parents:
                    break
                node = self.parents[node]
        return current

    def _base(self, directory: str) -> list[str]:
        # Links from every page of a directory agree, except a page's links to itself.
        if directory not in self._bases:
            if len(self._bases) >= 8:  # dirhtml: one directory per page, keep few
                self._bases.pop(next(iter(self._bases)))
            base = list(self._unlinked)
            for index in self._links:
                link = cast(_HrefSlot, self.pieces[index])
                # A base no page has, in the page's directory: never the "self" case.
                href = relative_uri(directory + _NOBODY, link.target_uri) + link.suffix
                base[index] = f' href="{href or "#"}"'
            self._bases[directory] = base
        return self._bases[directory]

    @cached_property
    def _unlinked(self) -> list[str]:
        # Every piece as on any page but the links, which depend on the page's directory.
        unlinked = []
        for piece in self.pieces:
            if isinstance(piece, _ClassSlot):
                piece = piece.plain
            unlinked.append(piece if isinstance(piece, str) else "")
        return unlinked

    @cached_property
    def _links(self) -> list[int]:
        return [index for index, piece in enumerate(self.pieces) if isinstance(piece, _HrefSlot)]


def build_template(
    builder: StandaloneHTMLBuilder,
    toctree_kwargs: dict[str, Any],
    furo_transform: Callable[[str], str],
) -> NavigationTemplate:
    """Resolve the global toctree once and cut furo's HTML for it into slots."""
    _check_supported(builder)
    recorder = _LinkRecorder(builder)
    kwargs = _normalise(toctree_kwargs)
    if _TAKES_TAGS:
        kwargs["tags"] = builder.tags
    tree = global_toctree_for_doc(
        builder.env, _NOBODY, cast("StandaloneHTMLBuilder", recorder), **kwargs
    )
    parents, current_refs = _mark(tree, recorder.targets)
    uris = {target: builder.get_target_uri(target) for target in recorder.targets}
    html = furo_transform(builder.render_partial(tree)["fragment"])
    pieces = _cut(html, recorder.targets, uris)
    return NavigationTemplate(builder, pieces, parents, current_refs)


def _normalise(kwargs: dict[str, Any]) -> dict[str, Any]:
    # The same defaults as StandaloneHTMLBuilder._get_local_toctree.
    kwargs = dict(kwargs)
    kwargs.setdefault("includehidden", False)
    if kwargs.get("maxdepth") == "":
        kwargs.pop("maxdepth")
    return kwargs


def _check_supported(builder: StandaloneHTMLBuilder) -> None:
    # Sphinx copies a page's (or its ancestors') own toc differently when it holds
    # `only` blocks; the single resolution here cannot follow that.
    for docname, toc in builder.env.tocs.items():
        if any(True for _ in toc.findall(addnodes.only)):
            raise UnsupportedTree(f"the table of contents of {docname!r} has 'only' blocks")


def _mark(tree: Element | None, targets: list[str]) -> tuple[dict[int, int], dict[str, list[int]]]:
    """Put a class marker on every ancestor of an internal link; index them."""
    if tree is None:
        return {}, {}
    ids: dict[int, int] = {}  # id(node) -> marker number
    parents: dict[int, int] = {}
    current_refs: dict[str, list[int]] = {}

    def number(node: Element) -> int:
        if id(node) not in ids:
            ids[id(node)] = len(ids)
            node["classes"].append(f"{_OPEN}c{ids[id(node)]}{_CLOSE}")
        return ids[id(node)]

    for ref in tree.findall(nodes.reference):
        match = _MARKER.match(ref["refuri"])
        if match is None:  # an external link: never "current", never relative
            continue
        docname = targets[int(match.group(2))]
        if not ref["anchorname"]:
            current_refs.setdefault(docname, []).append(number(ref))
        node: Element = ref
        while node.parent is not None:
            parent = cast("Element", node.parent)
            seen = id(parent) in ids
            parents[number(node)] = number(parent)
            if seen:
                break
            node = parent
    return parents, current_refs


def _cut(
    html: str, targets: list[str], uris: dict[str, str]
) -> list[str | _ClassSlot | _HrefSlot | None]:
    """Split furo's HTML at the markers into literal text and slots."""
    pieces: list[str | _ClassSlot | _HrefSlot | None] = []
    position = 0
    open_li: tuple[int, int] | None = None  # (tag start, piece index) of the last marked <li>
    for match in _SLOT_OR_CHECKBOX.finditer(html):
        pieces.append(html[position : match.start()])
        tag_start = html.rfind("<", 0, match.start())
        if match.group(1) is not None:
            slot = _class_slot(match.group(1), is_li=html.startswith("<li ", tag_start))
            if slot.is_li:
                open_li = (tag_start, len(pieces))
            pieces.append(slot)
        elif match.group(2) is not None:
            pieces.append(_href_slot(match.group(2), targets, uris))
        else:
            head, tail = _split_for_checked(match.group(0))
            pieces.append(head)
            # furo puts a <li>'s checkbox right after its first child, the link.
            if open_li is not None and open_li[0] == _last_li_start(html, match.start()):
                li = cast(_ClassSlot, pieces[open_li[1]])
                pieces[open_li[1]] = replace(li, checkbox=len(pieces))
                pieces.append(None)
            pieces.append(tail)
        position = match.end()
    pieces.append(html[position:])
    _check_cut(pieces)
    return pieces


def _split_for_checked(tag: str) -> tuple[str, str]:
    """Where BeautifulSoup would write a ``checked`` attribute in this <input> tag."""
    names = [(m.start(), m.group(1)) for m in _ATTRIBUTE_NAME.finditer(tag)]
    cut = len(tag) - len("/>")
    # BeautifulSoup's default formatter sorts attributes; otherwise it is appended.
    if [name for _, name in names] == sorted(name for _, name in names):
        cut = next((start for start, name in names if name > "checked"), cut)
    return tag[:cut], tag[cut:]


def _last_li_start(html: str, end: int) -> int:
    return max(html.rfind("<li ", 0, end), html.rfind("<li>", 0, end))


def _check_cut(pieces: list[str | _ClassSlot | _HrefSlot | None]) -> None:
    if any(_OPEN in piece for piece in pieces if isinstance(piece, str)):
        raise UnsupportedTree("a marker survived in an unexpected place")
    for piece in pieces:
        if isinstance(piece, _ClassSlot) and piece.has_children != (piece.checkbox is not None):
            raise UnsupportedTree("a list item's checkbox was not where furo puts it")


def _class_slot(value: str, *, is_li: bool) -> _ClassSlot:
    tokens = value.split(" ")
    markers = [(i, m) for i, m in enumerate(map(_MARKER.fullmatch, tokens)) if m is not None]
    if len(markers) != 1 or "current" in tokens:
        raise UnsupportedTree(f"unexpected classes {value!r}")
    index, marker = markers[0]
    current = [*tokens[:index], "current", *tokens[index + 1 :]]
    return _ClassSlot(
        node=int(marker.group(2)),
        plain=_class_attribute(tokens[:index] + tokens[index + 1 :]),
        current=_class_attribute(current),
        current_page=_class_attribute([*current, "current-page"]),
        is_li=is_li,
        has_children=is_li and "has-children" in tokens,
    )


def _class_attribute(classes: list[str]) -> str:
    return f' class="{" ".join(classes)}"' if classes else ""


def _href_slot(value: str, targets: list[str], uris: dict[str, str]) -> _HrefSlot:
    match = _MARKER.match(value)
    assert match is not None  # the pattern only matches values starting with a marker
    uri = uris[targets[int(match.group(2))]]
    suffix = value[match.end() :]
    if _UNSAFE_URI.search(uri):
        raise UnsupportedTree(f"a link target needs escaping: {uri!r}")
    return _HrefSlot(uri, suffix)
