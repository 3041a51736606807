"""Readable output for builders that cannot show an image of ours (LaTeX and SVG)."""

from __future__ import annotations

import mimetypes
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import responsive_image


class ReplaceUnsupportedImages(SphinxPostTransform):
    """Replace an image the builder cannot include with its alt text.

    LaTeX, for example, cannot include SVG: the reader of the PDF gets the
    description instead of a hole (or a failed LaTeX run).
    """

    default_priority = 190  # before Sphinx's own image post-transforms (ImageConverter: 200)

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.format == "html":
            return
        supported = self.app.builder.supported_image_types
        for image in list(self.document.findall(responsive_image)):
            if not image.get("alt"):
                # Decorative: nothing to say where it cannot be shown as it is.
                if not supported:
                    image.parent.remove(image)
                continue
            if not supported:
                continue  # text-like builders print "[image: alt]" themselves
            mimetype = mimetypes.guess_type(image["uri"])[0]
            if mimetype in supported:
                continue
            alt = image["alt"]
            replacement: nodes.Element = nodes.emphasis(alt, alt, classes=["partners-image-alt"])
            if not isinstance(image.parent, nodes.TextElement):
                replacement = nodes.paragraph("", "", replacement)
            image.replace_self(replacement)
