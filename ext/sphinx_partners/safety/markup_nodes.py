"""Markup another extension writes into a page as it is, checked at its line.

A role may write HTML as it is: sphinx-design's ``{octicon}`` and material icons put
their third field, the icon's classes, into the ``<svg>`` without escaping it (a ``raw``
node up to sphinx-design 0.6, an ``sd_icon`` carrying the markup from 0.7). Through it
``{octicon}`rocket;1em;x"><svg><script href=...>...``` wrote a script the check of
published pages took for one of the theme's, and ``x"></svg><link rel="stylesheet"
href="_static/notes.css">`` a stylesheet of the site's own that laid a fake sign-in
notice over the page (red teams, fourth and fifth rounds).

So an icon must be the picture an icon role writes, nothing more: one ``<svg>`` with
the attributes the roles give it, class names of letters, digits, ``-`` and ``_``, and
shapes inside. Any other piece of markup written as it is (a ``raw`` node of another
extension) is held to the rules of the check of published pages (:mod:`.published`).
Either way, one that breaks them is named at its line and left out of the page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from selectolax.lexbor import LexborHTMLParser

from ..messages import Code, warn
from .published import audit_html
from .site_checks import site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The attributes sphinx-design's icon roles give their ``<svg>`` (and a label's).
ICON_ATTRIBUTES = frozenset(
    {"version", "width", "height", "class", "viewbox", "aria-hidden", "aria-label", "role",
     "xmlns", "fill", "focusable"}
)  # fmt: skip
#: What an icon is drawn with, and the attributes a shape takes.
ICON_SHAPES = frozenset({"path", "g", "circle", "ellipse", "rect", "line", "polyline", "polygon"})
SHAPE_ATTRIBUTES = frozenset(
    {"d", "fill", "fill-rule", "clip-rule", "fill-opacity", "opacity", "transform", "cx",
     "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "points",
     "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin"}
)  # fmt: skip
#: A class name as a stylesheet writes one.
_CLASS_NAME = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")


def icon_problem(markup: str) -> str | None:
    """What makes *markup* more than an icon's picture, if anything."""
    body = LexborHTMLParser(f"<body>{markup}</body>").body
    parts = [
        child
        for child in (body.iter(include_text=True) if body is not None else ())
        if child.tag != "-text" or (child.text() or "").strip()
    ]
    if len(parts) != 1 or parts[0].tag != "svg":
        return "more than one picture, or markup beside it"
    svg = parts[0]
    for name in svg.attributes:
        if name.lower() not in ICON_ATTRIBUTES:
            return f"the attribute {name}"
    odd = [
        name
        for name in (svg.attributes.get("class") or "").split()
        if not _CLASS_NAME.fullmatch(name)
    ]
    if odd:
        return f"the class {odd[0]!r}"
    # (traverse's own arguments are named differently before selectolax 1.0: none given)
    for node in svg.traverse():
        if node.mem_id == svg.mem_id or node.tag == "-text":
            continue
        if node.tag not in ICON_SHAPES:
            return f"a <{node.tag}> element"
        for name in node.attributes:
            if name.lower() not in SHAPE_ATTRIBUTES:
                return f"the attribute {name} of a <{node.tag}>"
    if (svg.text(deep=True) or "").strip():
        return "text"
    return None


def _markup(node: nodes.Node) -> tuple[str, bool] | None:
    """The HTML *node* writes as it is, and whether it is an icon, if it is such a node."""
    if isinstance(node, nodes.raw):
        if "html" not in node.get("format", "").split():
            return None
        text = node.astext()
        return text, text.lstrip().startswith("<svg")  # sphinx-design 0.6's icons
    if isinstance(node, nodes.Element) and isinstance(node.get("svg"), str):
        return str(node["svg"]), True  # sphinx-design's icon node (sd_icon)
    return None


def check_markup_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Leave out each piece of markup written as it is that could be more than it says."""
    if not site_check_enabled(app, "partners_safe_links"):
        return
    schemes = app.config.partners_safe_url_schemes
    docname = app.env.docname
    for node in list(doctree.findall(nodes.Element)):
        found = _markup(node)
        if found is None or node.parent is None:
            continue
        markup, icon = found
        _fixed, findings = audit_html(markup, docname, None, schemes, in_page=True)
        problem = findings[0].what if findings else icon_problem(markup) if icon else None
        if problem is None:
            continue
        if icon:
            warn(
                Code.PUBLISHED,
                "this icon's markup holds %s, so part of the role's text was read as "
                "markup: the icon was left out.",
                problem,
                location=node,
                hint="An icon's third field holds class names only (letters, digits, - and "
                "_), with spaces between them: {octicon}`rocket;1em;sd-text-primary`.",
            )
        else:
            warn(
                Code.PUBLISHED,
                "this piece of HTML, written into the page as it is, holds %s: it was left out.",
                problem,
                location=node,
                hint="Write the content in Markdown.",
            )
        node.parent.remove(node)


def setup_markup_nodes(app: Sphinx) -> None:
    # After the roles and directives ran (while reading), before the page is saved.
    app.connect("doctree-read", check_markup_nodes)
