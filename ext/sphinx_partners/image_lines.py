"""A picture written inline gets the line it is written on.

MyST gives a picture in a paragraph (``![alt](photo.jpg)``) the paragraph's first line,
or no line at all with ``attrs_inline`` on, so Sphinx's own warnings about it came at
the wrong line or without one (``index.md:: WARNING: image file not readable:
photo.jpg``): a contributor had a page to search, not a line to open. Each such picture
takes the line that holds its address, within its paragraph (or the paragraph's first
line, when the address is not found as written).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .messages import located
from .source_lines import line_holding, source_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class LineOfInlinePictures(SphinxTransform):
    """Give each picture written in a paragraph the line that holds its address."""

    # Early: before anything that may warn about a picture reads its line.
    default_priority = 200

    def apply(self, **kwargs: object) -> None:
        lines: dict[str, list[str]] = {}
        for image in self.document.findall(nodes.image):
            paragraph = image.parent
            while isinstance(paragraph, nodes.Inline) and isinstance(paragraph, nodes.Element):
                paragraph = paragraph.parent  # a link around the picture
            if not isinstance(paragraph, nodes.TextElement):
                continue  # a picture block (figure, image): MyST gives it its line
            # MyST gives a picture in a paragraph the paragraph's first line, or none
            # (with attrs_inline): the address is searched from there.
            start = image.line or located(paragraph).line
            source = image.source or paragraph.source or self.document.get("source", "")
            if not start or not source:
                continue
            if source not in lines:
                lines[source] = source_lines(self.env.srcdir, source)
            uri = str(image.get("uri", ""))
            image.line = line_holding(uri, start, lines[source]) or start
            image.source = source


def setup_image_lines(app: Sphinx) -> None:
    app.add_transform(LineOfInlinePictures)
