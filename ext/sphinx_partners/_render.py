"""HTML for the images in our nodes: sized, lazy, and linked to the full-size file."""

from __future__ import annotations

import posixpath
import urllib.parse
from typing import TYPE_CHECKING

from docutils import nodes

from ._image_nodes import responsive_image

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


def published_uri(translator: HTML5Translator, node: nodes.image) -> str:
    """The image's URI relative to the page being written, as Sphinx's visit_image does."""
    uri: str = node["uri"]
    if uri in translator.builder.images:
        return posixpath.join(
            translator.builder.imgpath, urllib.parse.quote(translator.builder.images[uri])
        )
    return uri


def _links_to_full_size(node: nodes.image) -> bool:
    from .grids import image_grid_item  # grids imports this module's node

    # A link needs a name: a decorative image (empty alt) gets no link.
    return isinstance(node.parent, image_grid_item) and bool(node.get("alt"))


def visit_responsive_image_html(self: HTML5Translator, node: responsive_image) -> None:
    src = published_uri(self, node)
    attributes = {
        "src": src,
        "alt": node.get("alt", ""),
        "width": str(node["partners_width"]),
        "height": str(node["partners_height"]),
        "loading": "eager" if node.get("partners_eager") else "lazy",
        "decoding": "async",
    }
    image_tag = self.emptytag(node, "img", "", **attributes)
    if _links_to_full_size(node):
        link = self.starttag(nodes.Element(), "a", "", href=src, CLASS="partners-grid__link")
        image_tag = f"{link}{image_tag}</a>"
    self.body.append(image_tag + "\n")
    raise nodes.SkipNode
