"""A picture's width, height and scale within what a page can show, so the writer can
work them out.

docutils' HTML writer turns a picture's size into a number of pixels: a ``width`` of
310 digits (``![...](logo.png){width=1000...0px}``, or an ``image`` directive's
``:width:``, ``:height:`` or ``:scale:``) stopped the whole build with an
``OverflowError`` (a red team's finding, round 17). Such a size is left out, with a
``partners.limit`` warning: the picture keeps its own size.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..messages import Code, located, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Widths and heights a page can show, in any unit (100,000 px is 26 m of screen).
MAX_SIZE = 100_000
#: Percent a picture may be scaled by.
MAX_SCALE = 10_000
_NUMBER = re.compile(r"\s*([0-9]*)")


def _too_large(value: Any, bound: int) -> bool:
    digits = _NUMBER.match(str(value))
    whole = digits.group(1).lstrip("0") if digits else ""
    return len(whole) > len(str(bound)) or (whole != "" and int(whole) > bound)


class ImageSizes(SphinxTransform):
    """Leave out each size of a picture past the bound, whatever road it came by."""

    default_priority = 990

    def apply(self, **kwargs: Any) -> None:
        for image in self.document.findall(nodes.image):
            for option, bound in (("width", MAX_SIZE), ("height", MAX_SIZE), ("scale", MAX_SCALE)):
                if option not in image or not _too_large(image[option], bound):
                    continue
                digits = len(_NUMBER.match(str(image[option])).group(1))  # type: ignore[union-attr]
                del image[option]
                warn(
                    Code.LIMIT,
                    "the picture %r has a %s of %s digits, more than a page can show; it "
                    "keeps its own size.",
                    image.get("uri", ""),
                    option,
                    f"{digits:,}",
                    location=located(image),
                    hint=f"Give a {option} up to {bound:,}"
                    + (" percent." if option == "scale" else ", such as 300px or 50%."),
                )


def setup_image_sizes(app: Sphinx) -> None:
    app.add_transform(ImageSizes)
