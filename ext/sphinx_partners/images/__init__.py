"""Responsive images: pictures in grids and card logos, resized, stripped and published.

- :mod:`.nodes`: the ``responsive_image`` node, and the check a directive makes of its file;
- :mod:`.inspect`: cheap header checks (size, format, active SVG content);
- :mod:`.processing`: decoding and encoding with Pillow (sizes, WebP, no metadata);
- :mod:`.cache`: results by content hash, made in a pool of processes;
- :mod:`.publish`: which pages use which images, and copying their variants;
- :mod:`.html`: the ``<picture>`` a page shows; :mod:`.fallbacks`: other builders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .fallbacks import ReplaceUnsupportedImages
from .html import visit_responsive_image_html
from .nodes import responsive_image
from .publish import setup_publishing

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_images(app: Sphinx) -> None:
    app.add_node(responsive_image, html=(visit_responsive_image_html, None))
    setup_publishing(app)
    app.add_post_transform(ReplaceUnsupportedImages)
