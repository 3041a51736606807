"""HTML for the images in our nodes: sized, lazy, responsive, linked to the full-size file.

A processed raster image becomes ``<picture>`` with a WebP ``<source>`` and an ``<img>``
in the original format, both with ``srcset`` and ``sizes``; the browser downloads the
one variant that fits the slot the CSS gives the image. SVG and anything not processed
keep a plain ``<img>`` pointing at Sphinx's copy.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .nodes import responsive_image
from .publish import FALLBACK_WIDTH, PUBLISH_DIR, profile_of

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

#: Breakpoints of partners.css: tablet layout from 40em, desktop layout from 64em.
TABLET_MIN, DESKTOP_MIN = "40em", "64em"
#: A card logo's box in partners.css: 1x, 2x and 3x screens pick different widths.
LOGO_SIZE = "3.5rem"
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(em|rem|px)\s*$")


def published_uri(translator: HTML5Translator, node: nodes.image) -> str:
    """The image's URI relative to the page being written, as Sphinx's visit_image does."""
    uri: str = node["uri"]
    if uri in translator.builder.images:
        return posixpath.join(
            translator.builder.imgpath, urllib.parse.quote(translator.builder.images[uri])
        )
    return uri


#: The columns of a grid image that does not say (a grid stamps its own on each image).
ONE_COLUMN = (1, 1, 1)


def _links_to_full_size(node: nodes.image) -> bool:
    # A link needs a name: a decorative image (empty alt) gets no link.
    return node.get("partners_profile") == "grid" and bool(node.get("alt"))


def _number(value: float) -> str:
    return f"{value:.4g}"


def grid_sizes(columns: tuple[int, int, int], content_width: str) -> str:
    """``sizes`` for a grid image: one column's width at each breakpoint.

    The page's content is at most *content_width* wide (furo: 46em), so on a desktop a
    column is never wider than its share of that, however wide the window.
    """
    phone, tablet, desktop = columns
    match = _LENGTH.match(content_width)
    if match is None:
        raise ValueError(f"partners_image_content_width {content_width!r} is not a length")
    width, unit = float(match.group(1)), match.group(2)
    entries = [
        (f"(min-width: {DESKTOP_MIN})", f"{_number(width / desktop)}{unit}"),
        (
            f"(min-width: {TABLET_MIN})",
            f"min({_number(width / tablet)}{unit}, {_number(100 / tablet)}vw)",
        ),
        ("", f"{_number(100 / phone)}vw"),
    ]
    # Drop a breakpoint that says the same as the next one.
    kept = [entry for i, entry in enumerate(entries[:-1]) if entry[1] != entries[i + 1][1]]
    kept.append(entries[-1])
    return ", ".join(f"{query} {size}".strip() for query, size in kept)


def _sizes(translator: HTML5Translator, node: responsive_image) -> str:
    if profile_of(node) == "logo":
        return LOGO_SIZE
    phone, tablet, desktop = node.get("partners_columns", ONE_COLUMN)
    return grid_sizes((phone, tablet, desktop), translator.config.partners_image_content_width)


def _variant_uri(translator: HTML5Translator, file: str) -> str:
    return _published_variant(translator.builder.imgpath, file)


@lru_cache(maxsize=8192)
def _published_variant(imgpath: str, file: str) -> str:
    # A site shows the same pictures on many pages, from few folders: 8 URIs a picture,
    # 64,728 at 1,000 benchmark pages, of a few hundred distinct ones.
    return posixpath.join(imgpath, PUBLISH_DIR, urllib.parse.quote(file))


def _srcset(translator: HTML5Translator, variants: list[dict[str, Any]]) -> str:
    return ", ".join(f"{_variant_uri(translator, v['file'])} {v['width']}w" for v in variants)


def _picture(translator: HTML5Translator, node: responsive_image) -> tuple[str, str]:
    """The ``<picture>`` element for a processed image, and the full-size copy's URI."""
    variants: list[dict[str, Any]] = node["partners_variants"]
    webp = [v for v in variants if v["format"] == "WEBP"]
    fallback = [v for v in variants if v["format"] != "WEBP"] or webp
    sizes = _sizes(translator, node)
    wanted = FALLBACK_WIDTH[profile_of(node)]
    src = next((v for v in fallback if v["width"] >= wanted), fallback[-1])
    image_tag = translator.emptytag(
        node,
        "img",
        "",
        src=_variant_uri(translator, src["file"]),
        srcset=_srcset(translator, fallback),
        sizes=sizes,
        **_common_attributes(node),
    )
    full_size = _variant_uri(translator, fallback[-1]["file"])
    if not webp or fallback is webp:
        return image_tag, full_size
    source_tag = translator.emptytag(
        nodes.Element(),
        "source",
        "",
        type="image/webp",
        srcset=_srcset(translator, webp),
        sizes=sizes,
    )
    return f"<picture>{source_tag}{image_tag}</picture>", full_size


def _common_attributes(node: responsive_image) -> dict[str, str]:
    return {
        "alt": node.get("alt", ""),
        "width": str(node["partners_width"]),
        "height": str(node["partners_height"]),
        "loading": "eager" if node.get("partners_eager") else "lazy",
        "decoding": "async",
    }


def visit_responsive_image_html(self: HTML5Translator, node: responsive_image) -> None:
    if node.get("partners_variants"):
        image_tag, full_size = _picture(self, node)
    else:
        full_size = published_uri(self, node)
        image_tag = self.emptytag(node, "img", "", src=full_size, **_common_attributes(node))
    if _links_to_full_size(node):
        link = self.starttag(nodes.Element(), "a", "", href=full_size, CLASS="partners-grid__link")
        image_tag = f"{link}{image_tag}</a>"
    self.body.append(image_tag + "\n")
    raise nodes.SkipNode
