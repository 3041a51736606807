"""Readable output for builders that cannot show an image of ours (LaTeX and SVG)."""

from __future__ import annotations

import mimetypes
from typing import Any

from sphinx.transforms.post_transforms import SphinxPostTransform

from ..alt_text import replace_by_alt_text
from .nodes import responsive_image


class ReplaceUnsupportedImages(SphinxPostTransform):
    """Replace an image the builder cannot include with its alt text.

    LaTeX, for example, cannot include SVG: the reader of the PDF gets the
    description instead of a hole (or a failed LaTeX run).
    """

    # After Sphinx's own ImageConverter (200): what sphinx.ext.imgconverter can turn into
    # a format the builder takes (an SVG logo into PNG for LaTeX) is kept as a picture.
    default_priority = 210

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
            replace_by_alt_text(image)
