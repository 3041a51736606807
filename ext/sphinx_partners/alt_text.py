"""What a reader who cannot see a picture gets: its alt text, or nothing if it is decorative.

- Where a picture cannot be shown, its alt text takes its place (``replace_by_alt_text``).
- A picture marked decorative (``{.decorative}``, ``:class: decorative``) gets an empty
  alt text: docutils writes a picture without ``:alt:`` with its file name as the alt
  text (``alt="_images/p.png"``), which a screen reader reads out.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The class that marks a picture a reader needs no words for.
DECORATIVE_CLASS = "decorative"


def says_something(alt: str) -> bool:
    """Whether *alt* has a character a screen reader says: not only spaces or invisible
    format characters (a zero-width space pasted between the brackets says nothing)."""
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in alt)


def replace_by_alt_text(image: nodes.image) -> None:
    """Put *image*'s alt text where it stood (a decorative image simply goes).

    Used wherever a picture cannot be shown: refused by a site-wide check, or in a
    format that cannot include it. A link around only the picture goes with it.
    """
    alt = image.get("alt", "")
    target: nodes.Element = image
    if isinstance(image.parent, nodes.reference) and len(image.parent) == 1:
        target = image.parent
    parent = target.parent
    if not alt:
        parent.remove(target)
        return
    replacement: nodes.Element = nodes.emphasis(alt, alt, classes=["partners-image-alt"])
    if not isinstance(parent, nodes.TextElement):
        replacement = nodes.paragraph("", "", replacement)
    target.replace_self(replacement)


class DecorativePicturesSayNothing(SphinxTransform):
    """An empty alt text for each picture marked decorative."""

    default_priority = 200

    def apply(self, **kwargs: object) -> None:
        for image in self.document.findall(nodes.image):
            if DECORATIVE_CLASS in image["classes"]:
                image["alt"] = ""  # as in a grid: marked decorative, it says nothing


def setup_alt_text(app: Sphinx) -> None:
    app.add_transform(DecorativePicturesSayNothing)
