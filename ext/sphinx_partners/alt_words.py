"""Alt text that says nothing a reader needs: the file's name, or "Photo of ...".

A picture's alt text is what a reader who cannot see it gets. Two mistakes pass every
check that only asks whether there is one: the file's name (``reading-corner.jpg``,
what an editor or a converter fills in), and words that say it is a picture ("Photo of
two teachers"), which a screen reader has just said ("image"). The same rule judges the
pictures of a page in the build (``partners_page_rules``) and the site's tests, so the
two cannot disagree.
"""

from __future__ import annotations

import posixpath
import re

#: Names a picture file has.
_PICTURE_FILE = re.compile(r"^[\w .,()-]+\.(?:png|jpe?g|gif|svg|webp|avif|tiff?|bmp)$", re.I)
#: Words that say what a screen reader has just said: it is a picture.
_SAYS_PICTURE = re.compile(
    r"^(?:an?\s+|the\s+)?(?:photo(?:graph)?|picture|image|pic|screenshot|graphic)s?\s+"
    r"(?:of|showing|shows)\b",
    re.I,
)


#: Alt text that is only a word for a picture ("Photo", "image 3"), or a camera's name
#: for its file (``IMG_4012``, ``DSC01234``, ``PXL_20240315_101112``).
_ONLY_A_PICTURE = re.compile(
    r"^(?:an?\s+|the\s+)?(?:photo(?:graph)?|picture|image|pic|screenshot|graphic|logo|"
    r"foto|imagen)s?(?:\s*\d+)?\.?$",
    re.I,
)
_CAMERA_NAME = re.compile(
    r"^(?:(?:IMG|DSC|DSCN|DCIM|PXL|MVIMG|GOPR|P)[_-]?\d[\d_-]*"
    # A computer's name for a screenshot: "Screenshot 2024-05-01 at 10.12.33".
    r"|(?:Screenshot|Screen Shot|Captura de pantalla)\b.*\d{4}.*)$",
    re.I,
)


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def alt_problem(alt: str, uri: str) -> tuple[str, str] | None:
    """What is wrong with *alt*, the alt text of the picture at *uri*, and the fix; None
    if nothing this rule knows."""
    words = " ".join(alt.split())
    stem = posixpath.splitext(posixpath.basename(uri.split("?", 1)[0]))[0]
    if _PICTURE_FILE.match(words) or (stem and _plain(words) == _plain(stem)):
        return (
            f"its alt text {words!r} is the file's name, which tells a reader who cannot "
            "see the picture nothing",
            "Describe what it shows, in a short sentence: ![Three teachers at a table](photo.jpg).",
        )
    if _ONLY_A_PICTURE.match(words) or _CAMERA_NAME.match(words):
        return (
            f"its alt text {words!r} only says it is a picture, or gives the camera's name "
            "for it, which tells a reader who cannot see it nothing",
            "Describe what it shows, in a short sentence: ![Three teachers at a table](photo.jpg).",
        )
    if _SAYS_PICTURE.match(words):
        return (
            f"its alt text {words!r} starts by saying it is a picture, which a screen "
            "reader has just said",
            "Start with what it shows: 'Two teachers planning at a wall', not 'Photo of "
            "two teachers'.",
        )
    return None
