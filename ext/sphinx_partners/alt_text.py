"""What a reader gets where a picture cannot be shown: its alt text, in its place."""

from __future__ import annotations

from docutils import nodes


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
