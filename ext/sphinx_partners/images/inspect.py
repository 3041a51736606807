"""Cheap checks of an image file before it enters the document tree.

They read headers only (Pillow's lazy ``open``; the first element of an SVG; a JPEG's
markers), so a decompression bomb, a huge file or a JPEG that takes minutes to decode is
refused before anything is decoded.
"""

from __future__ import annotations

import math
import warnings
import xml.etree.ElementTree as ET
import xml.parsers.expat
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..safety import styles
from .jpeg_scans import jpeg_cost_problem
from .processing import RASTER_FORMATS

#: SVG files larger than this are refused: logos and illustrations are far smaller.
MAX_SVG_BYTES = 2 * 1024 * 1024
#: SVG sizes beyond this are absurd for a picture on a page (and overflow arithmetic).
MAX_SVG_SIDE = 100_000
#: Longer numbers are not sizes: refused before float() reads them.
MAX_NUMBER_LENGTH = 32


class BadImageError(ValueError):
    """The file cannot be published as an image; the message says why."""


@dataclass(frozen=True)
class ImageInfo:
    format: str  # "SVG" or a Pillow format name
    width: int
    height: int


def inspect_image(path: Path, max_pixels: int) -> ImageInfo:
    """Identify *path* and return its format and intrinsic size, or raise BadImageError."""
    size = path.stat().st_size
    if size == 0:
        raise BadImageError("the file is empty (0 bytes)")
    if path.suffix.lower() in (".svg", ".svgz"):
        return _inspect_svg(path, size)
    return _inspect_raster(path, max_pixels)


#: The brands an HEIF file (an iPhone's HEIC photo) names at its start: ``....ftypheic``.
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})


#: What a HEIC photo is and what to do, in the same words wherever it is found (the
#: build, the photo check, the partner command).
HEIC_ADVICE = (
    "it is in an iPhone's own photo format (HEIC), whatever its name says, which not "
    "every browser shows; save it as JPEG (on the iPhone, Share, then Options: Most "
    "Compatible; on a Mac, Preview's File > Export)"
)


def is_heic(path: Path) -> bool:
    """Whether *path* is an iPhone's HEIC photo, by its name or by its first bytes (one
    renamed to .jpg is one still: a tester's finding)."""
    if path.suffix.lower() in (".heic", ".heif"):
        return True
    try:
        with path.open("rb") as handle:
            start = handle.read(12)
    except OSError:
        return False
    return start[4:8] == b"ftyp" and start[8:12] in _HEIF_BRANDS


def _inspect_raster(path: Path, max_pixels: int) -> ImageInfo:
    try:
        with warnings.catch_warnings():
            # Our own pixel limit decides; Pillow's bomb warning would only repeat it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                image_format = image.format or ""
    except Image.DecompressionBombError:
        raise BadImageError("the image has far too many pixels to be processed safely") from None
    except UnidentifiedImageError:
        if is_heic(path):
            raise BadImageError(f"{HEIC_ADVICE}, and use that file") from None
        raise BadImageError(
            "the file is not a picture the site can read (a file renamed to .png or "
            ".jpg, or a damaged one?)"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadImageError(f"the image cannot be read ({exc})") from None
    if image_format not in RASTER_FORMATS:
        raise BadImageError(
            f"{image_format or 'this'} images are not supported; use PNG, JPEG, WebP, GIF or SVG"
        )
    if width * height > max_pixels:
        raise BadImageError(
            f"the image has {width}x{height} pixels, more than the limit of {max_pixels:,} "
            "(partners_max_image_pixels); resize it before adding it"
        )
    if width < 1 or height < 1:
        raise BadImageError("the image has no pixels")
    if image_format == "JPEG":
        check_jpeg_cost(path.read_bytes())
    return ImageInfo(image_format, width, height)


def check_jpeg_cost(data: bytes) -> None:
    """Raise BadImageError for a JPEG that could take minutes to decode."""
    problem = jpeg_cost_problem(data)
    if problem is not None:
        raise BadImageError(
            f"the JPEG is {problem}: a damaged or hostile file; export the photo again as "
            "JPEG from a photo editor"
        )


def _inspect_svg(path: Path, size: int) -> ImageInfo:
    if size > MAX_SVG_BYTES:
        raise BadImageError(f"the SVG file is larger than {MAX_SVG_BYTES // 1024 // 1024} MB")
    if path.suffix.lower() == ".svgz":
        raise BadImageError("compressed SVG (.svgz) is not supported; save it as plain .svg")
    root = check_svg_content(path.read_bytes())
    width, height = _svg_size(root)
    return ImageInfo("SVG", width, height)


def check_svg_content(data: bytes) -> ET.Element:
    """The parsed SVG in *data*; :class:`BadImageError` if it could run or load anything.

    Shared by the image checks and the check of published files, so an SVG is held to
    the same rules whichever road brings it into the site.
    """
    _refuse_declarations(data)
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError) as exc:
        raise BadImageError(f"the SVG file is not well-formed XML ({exc})") from None
    if _local_name(root.tag) != "svg":
        raise BadImageError("the file does not start with an <svg> element")
    _refuse_active_svg_content(root)
    return root


class _Refused(Exception):
    """Raised by a handler to stop the XML parser at the first declaration refused."""


def _refuse_declarations(data: bytes) -> None:
    """Entity declarations and stylesheet instructions, found by the XML parser itself.

    Searching the bytes for ``<!ENTITY`` misses them in a file saved as UTF-16, which
    the parser reads all the same; expat reads the file's encoding as a browser does.
    """

    def entity(*_args: object) -> None:
        # Entity declarations serve no purpose in a picture and enable expansion attacks.
        raise _Refused("the file declares XML entities (<!ENTITY>), which is not allowed")

    def instruction(target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            # An XSLT or CSS stylesheet from elsewhere could add script when it is opened.
            raise _Refused("the file loads a stylesheet (<?xml-stylesheet?>), which is not allowed")

    parser = xml.parsers.expat.ParserCreate()
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise BadImageError(str(refused)) from None
    except (xml.parsers.expat.ExpatError, ValueError, LookupError) as exc:
        if _unreadable_encoding(exc):
            # A browser reads Shift_JIS, GBK, Big5...: a file the check cannot read as the
            # browser does is refused, never taken for something else.
            raise BadImageError(
                f"the file is in an encoding this check cannot read ({exc}); save it as UTF-8"
            ) from None
        raise BadImageError(f"the file is not well-formed XML ({exc})") from None


#: What expat reports when it cannot read the encoding a file declares.
_ENCODING_ERRORS = frozenset(
    xml.parsers.expat.errors.codes[message]
    for message in (
        xml.parsers.expat.errors.XML_ERROR_UNKNOWN_ENCODING,
        xml.parsers.expat.errors.XML_ERROR_INCORRECT_ENCODING,
    )
)


def _unreadable_encoding(error: Exception) -> bool:
    """Whether *error* says the file's declared encoding could not be read (an unknown
    name, or a multi-byte encoding, which Python's expat does not read), not a mistake
    in the markup."""
    if isinstance(error, LookupError):
        return True
    if isinstance(error, xml.parsers.expat.ExpatError):
        return error.code in _ENCODING_ERRORS
    return "encoding" in str(error)


#: Namespaces whose elements a browser renders, and runs, in an XML document.
ACTIVE_NAMESPACES = {
    "http://www.w3.org/1999/xhtml": "XHTML",
    "http://www.w3.org/2000/svg": "SVG",
    "http://www.w3.org/1998/Math/MathML": "MathML",
    "http://www.w3.org/1999/XSL/Transform": "XSLT",
    "http://www.w3.org/2001/XInclude": "XInclude",
}
#: A sitemap lists a page's other languages as XHTML ``<link>`` elements: inert.
INERT_XHTML = frozenset({"link"})


def check_xml_content(data: bytes) -> None:
    """:class:`BadImageError` if the XML document in *data* could run anything when a
    browser opens it (a sitemap, a feed, a data file published beside the pages).

    A browser shows an XML file as a document: elements of XHTML, SVG or MathML in it
    are live, scripts and handlers included, and a stylesheet instruction can turn the
    whole file into a page.
    """
    _refuse_declarations(data)
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError) as exc:
        raise BadImageError(f"the file is not well-formed XML ({exc})") from None
    for element in root.iter():
        _refuse_active_xml_element(element)


def _refuse_active_xml_element(element: ET.Element) -> None:
    tag = str(element.tag)
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    name = _local_name(tag)
    language = ACTIVE_NAMESPACES.get(namespace)
    if language is not None and not (language == "XHTML" and name in INERT_XHTML):
        raise BadImageError(f"the file holds {language} markup (<{name}>), which is not allowed")
    for attribute in element.attrib:
        if _local_name(attribute).lower().startswith("on"):
            raise BadImageError(
                f"the file has an event handler attribute ({_local_name(attribute)}), "
                "which is not allowed"
            )


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


#: Elements no picture needs, each able to run or load a document.
REFUSED_IN_SVG = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "frame", "frameset", "applet",
     "portal", "base", "meta", "link"}
)  # fmt: skip
#: Attributes that load a document or a script, on any element (``href`` is checked apart).
LOADING_ATTRIBUTES = frozenset(
    {"src", "srcdoc", "data", "action", "formaction", "codebase", "archive", "background"}
)


def _refuse_active_svg_content(root: ET.Element) -> None:
    # An SVG opened directly (its full-size link) runs scripts on our origin.
    for element in root.iter():
        tag = str(element.tag)
        name = _local_name(tag)
        namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
        if ACTIVE_NAMESPACES.get(namespace) in ("XHTML", "MathML", "XSLT", "XInclude"):
            # An XHTML <frame src="javascript:..."> runs with the site's address.
            raise BadImageError(
                f"the SVG contains {ACTIVE_NAMESPACES[namespace]} markup (<{name}>), "
                "which is not allowed"
            )
        # XML names are case-sensitive, but an SVG pasted into HTML is not: either way.
        if name.lower() in REFUSED_IN_SVG:
            raise BadImageError(f"the SVG contains a <{name}> element, which is not allowed")
        if name.lower() == "style":
            _refuse_css_loads("".join(element.itertext()))
        for attribute, value in element.attrib.items():
            attribute_name = _local_name(attribute).lower()
            if attribute_name == "style" or "(" in value:
                _refuse_css_loads(value)  # style="...", fill="url(...)", filter="url(...)"
            if attribute_name.startswith("on"):
                raise BadImageError(
                    f"the SVG has an event handler attribute ({attribute_name}), "
                    "which is not allowed"
                )
            if attribute_name in LOADING_ATTRIBUTES:
                raise BadImageError(
                    f"the SVG has a {attribute_name} attribute, which is not allowed"
                )
            if attribute_name == "href" and not value.strip().startswith("#"):
                raise BadImageError(
                    "the SVG links to another file or address, which is not allowed"
                )
        # <set>/<animate> can give a link a javascript: href, or add a handler, later.
        animated = element.get("attributeName", "").strip().lower().rsplit(":", 1)[-1]
        if animated == "href" or animated.startswith("on"):
            raise BadImageError(
                f"the SVG animates the {animated} attribute of an element, which is not allowed"
            )


def _refuse_css_loads(css: str) -> None:
    """A picture's CSS may point inside the picture (``url(#gradient)``) and load
    nothing: an ``@import`` or an address elsewhere is refused, read by a CSS tokenizer
    (``@\\69mport`` is an ``@import`` to a browser: a red team's finding)."""
    for load in styles.loads(css):
        if load.kind == "@import":
            raise BadImageError("the SVG's style imports another stylesheet, which is not allowed")
        if not load.address.strip().startswith("#"):
            raise BadImageError(
                f"the SVG's style loads {load.address or 'a file'!r} ({load.kind}), "
                "which is not allowed"
            )


def _svg_size(root: ET.Element) -> tuple[int, int]:
    width = _svg_length(root.get("width"))
    height = _svg_length(root.get("height"))
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(view_box) == 4:
        box_width = _svg_number(view_box[2]) or 0.0
        box_height = _svg_number(view_box[3]) or 0.0
        if box_width > 0 and box_height > 0:
            if width is None and height is None:
                width, height = box_width, box_height
            elif width is None:
                width = height * box_width / box_height if height else box_width
            else:
                height = width * box_height / box_width
    if not width or not height:
        raise BadImageError(
            "the SVG has no size: give its <svg> element a viewBox (or width and height)"
        )
    return max(1, round(width)), max(1, round(height))


def _svg_length(value: str | None) -> float | None:
    """A width or height in pixels; None for other units (``100%``, ``10cm``)."""
    if value is None:
        return None
    text = value.strip()
    text = text.removesuffix("px").rstrip()
    if not text or not all(char in "0123456789.eE+-" for char in text):
        return None
    return _svg_number(text)


def _svg_number(text: str) -> float | None:
    """A positive size read from *text* without regular expressions (nothing backtracks).

    None where *text* is no number; :class:`BadImageError` for infinite, NaN or absurd
    values, which could only be meant to break whatever does arithmetic with them.
    """
    if len(text) > MAX_NUMBER_LENGTH:
        raise BadImageError(f"the SVG gives a size of {len(text):,} characters")
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number) or number > MAX_SVG_SIDE:
        raise BadImageError(
            f"the SVG gives an absurd size ({text}); sizes up to {MAX_SVG_SIDE:,} are accepted"
        )
    return number if number > 0 else None
