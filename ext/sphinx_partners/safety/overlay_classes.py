"""Class names that lay content over the page, only where their own component is.

A page or a translation can give an element any class (``{.name}``, a directive's
``:class:``), and some classes of the theme's and sphinx-design's stylesheets position
an element over its surroundings: ``sd-stretched-link`` stretches a link over the
nearest positioned element, which is its card inside a card and the whole page
anywhere else. ``[read more](https://evil.example/){.sd-stretched-link}``, or a
button with ``:click-parent:``, sent every click on the page to another site, and one
line of a Spanish catalog did the same on the Spanish page (a red team's finding).
furo's drawers and overlays are fixed to the window. Such a class is allowed only inside
the component it belongs to (never, for furo's); elsewhere it is named at its line and
taken off.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docutils import nodes

from ..messages import Code, warn
from .positioned import positioned_names

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Each class that lays its element over what surrounds it, and the class of the
#: component it belongs in (None: the theme's own, never in a page's content).
OVERLAY_CLASSES: dict[str, str | None] = {
    "sd-stretched-link": "sd-card",  # sphinx-design: a card's link covers the card
    "sd-card-img-overlay": "sd-card",
    # furo's, fixed or sticky to the window (its stylesheet, read with tinycss2), and the
    # classes those go with; the theme writes them around the content, never in it.
    "overlay": None,
    "sidebar-overlay": None,
    "toc-overlay": None,
    "sidebar-drawer": None,
    "toc-drawer": None,
    "skip-to-content": None,
    "back-to-top": None,
    "mobile-header": None,
    "sidebar-sticky": None,
    "toc-sticky": None,
    "sidebar-toggle": None,
    "toctree-checkbox": None,
    "sidebar-search-container": None,
}
#: The element a theme writes a page's own content in (furo's article, the basic
#: theme's body): none of the theme's own overlay classes is written inside it.
CONTENT_ROLE = "main"


#: Classes Sphinx's HTML writer gives what it writes inside a page (an admonition's
#: title, an equation's number), never in a page's doctree: refused only where content
#: is read.
WRITER_CLASSES = frozenset({"admonition-title", "topic-title", "eqno", "headerlink"})
#: Classes the stylesheets position that hide an element in a one-pixel box for screen
#: readers: they cover nothing (the extension's cards use one).
HIDING_CLASSES = frozenset({"visually-hidden", "partners-visually-hidden"})


def refused_classes(positioned: Iterable[str] = ()) -> dict[str, str | None]:
    """The classes content may not use (the container each needs, or None), the list
    above with the classes the pages' stylesheets position (:mod:`.positioned`)."""
    refused = dict.fromkeys(set(positioned) - HIDING_CLASSES)
    refused.update(OVERLAY_CLASSES)
    return refused


def misplaced_overlay(
    classes: list[str], inside: set[str], refused: dict[str, str | None] | None = None
) -> str | None:
    """The first of *classes* that lays its element over the page, given the classes of
    the element's ancestors (*inside*), if one does."""
    refused = OVERLAY_CLASSES if refused is None else refused
    for name in classes:
        if name in refused and refused[name] not in inside:
            return name
    return None


def check_overlay_classes(app: Sphinx, doctree: nodes.document) -> None:
    """Take each class that would lay content over the page off its element."""
    if not app.config.partners_harden_site:
        return
    names = positioned_names(app)
    refused = refused_classes(names.classes)
    for node in doctree.findall(nodes.Element):
        _check_ids(node, names.ids)
        classes: list[str] = node.get("classes", [])
        if not any(name in refused for name in classes):
            continue
        # A component sphinx-design made (a card), not any element given its class: a
        # span classed sd-card held a stretched link (a red team's finding).
        inside: set[str] = set()
        for parent in _ancestors(node):
            if parent.get("design_component"):
                inside.update(parent.get("classes", []))
        misplaced = []
        while (name := misplaced_overlay(classes, inside, refused)) is not None:
            misplaced.append(name)
            classes.remove(name)
        if not misplaced:
            continue
        # One message for the element, whatever number of such classes it had.
        outside_card = all(refused[name] for name in misplaced)
        warn(
            Code.PUBLISHED,
            "the class%s %s lay%s the element over %s, so every click there would go to "
            "it; %s taken off.",
            "es" if len(misplaced) > 1 else "",
            " and ".join(misplaced),
            "" if len(misplaced) > 1 else "s",
            "the whole page outside a card" if outside_card else "the page (the theme's own)",
            "they were" if len(misplaced) > 1 else "it was",
            location=node,
            hint="Give content only classes of its own; a card's link goes in its :link:.",
        )


def _check_ids(node: nodes.Element, theme_ids: set[str]) -> None:
    """An id the stylesheets style is the theme's: given to content, it brings the
    theme's rules along (``#furo-readthedocs-versions`` made a card static, and its
    stretched link covered the page: a red team's finding)."""
    ids: list[str] = node.get("ids", [])
    taken = [each for each in ids if each in theme_ids]
    if not taken:
        return
    warn(
        Code.PUBLISHED,
        "the id %s is the theme's own, which its stylesheet places; it was taken off.",
        " and ".join(taken),
        location=node,
        hint="Give the heading or the element another name.",
    )
    node["ids"] = [each for each in node["ids"] if each not in taken]


def _ancestors(node: nodes.Element) -> list[nodes.Element]:
    found = []
    parent = node.parent
    while isinstance(parent, nodes.Element):
        found.append(parent)
        parent = parent.parent
    return found


def check_resolved_overlay_classes(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    check_overlay_classes(app, doctree)


def setup_overlay_classes(app: Sphinx) -> None:
    # Once the page is resolved, after the post-transforms: sphinx-design gives a
    # dropdown's :class-body: to its element only then, and a dropdown's body classed
    # "overlay" held a stretched link over the whole window (a red team's finding).
    app.connect("doctree-resolved", check_resolved_overlay_classes, priority=900)
