"""Markup another extension writes into a page as it is, checked at its line.

A role may write HTML as it is: sphinx-design's ``{octicon}`` puts its third field,
the icon's classes, into the ``<svg>`` without escaping it (a ``raw`` node up to
sphinx-design 0.6, an ``sd_icon`` carrying the markup from 0.7). ``{octicon}`rocket;1em;
x"><svg><script href=...>...``` wrote a script the check of published pages then took
for one of the theme's (a red team's finding). Each such piece of markup is held, where
it is read, to the rules of the check of published pages (:mod:`.published`): one with
anything unsafe in it is named at its line and left out of the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..messages import Code, warn
from .published import audit_html
from .site_checks import site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _markup(node: nodes.Node) -> str | None:
    """The HTML *node* writes as it is, if it is such a node."""
    if isinstance(node, nodes.raw):
        return node.astext() if "html" in node.get("format", "").split() else None
    if isinstance(node, nodes.Element) and isinstance(node.get("svg"), str):
        return str(node["svg"])  # sphinx-design's icon node (sd_icon)
    return None


def check_markup_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Leave out each piece of markup written as it is that holds anything unsafe."""
    if not site_check_enabled(app, "partners_safe_links"):
        return
    schemes = app.config.partners_safe_url_schemes
    docname = app.env.docname
    for node in list(doctree.findall(nodes.Element)):
        markup = _markup(node)
        if markup is None or node.parent is None:
            continue
        _fixed, findings = audit_html(markup, docname, None, schemes, in_page=True)
        if not findings:
            continue
        warn(
            Code.PUBLISHED,
            "this %s writes %s into the page as it is: it was left out.",
            "icon" if isinstance(node.get("svg"), str) else "piece of HTML",
            findings[0].what,
            location=node,
            hint="A role's options hold words, sizes and class names (letters, digits, - "
            "and _), never quotes or markup.",
        )
        node.parent.remove(node)


def setup_markup_nodes(app: Sphinx) -> None:
    # After the roles and directives ran (while reading), before the page is saved.
    app.connect("doctree-read", check_markup_nodes)
