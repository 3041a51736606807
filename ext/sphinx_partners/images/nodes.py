"""Validate an image an author wrote and annotate its node with what we learned."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..build_memo import remembered
from ..messages import Code, warn
from ..safety.paths import UnsafePathError, resolve_source_file
from .inspect import BadImageError, ImageInfo, inspect_image

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.environment import BuildEnvironment


class responsive_image(nodes.image):
    """An image we render ourselves in HTML (sizes, lazy loading, variants).

    Other builders find no visitor for it and use their ``visit_image``.
    """


def _inspected(env: BuildEnvironment, path: Path) -> ImageInfo:
    """inspect_image(), once a build for each version of the file (see build_memo.py)."""
    max_pixels = env.config.partners_max_image_pixels
    try:
        stat = path.stat()
    except OSError:
        return inspect_image(path, max_pixels)  # its own message for what went wrong
    key = (path, max_pixels, stat.st_size, stat.st_mtime_ns)
    return remembered(
        env, "image headers", key, lambda: inspect_image(path, max_pixels), BadImageError
    )


def check_image(
    env: BuildEnvironment,
    image: nodes.image,
    *,
    what: str,
    location: Any,
) -> bool:
    """Check *image*'s file; on success record its size and format on the node.

    On failure warn (``partners.path`` or ``partners.image``) and return False: the
    caller leaves the image out. *what* names the image in the message.
    """
    uri = image.get("uri", "")
    try:
        source = resolve_source_file(env, env.docname, uri)
    except UnsafePathError as exc:
        warn(Code.PATH, "%s %r cannot be used: %s.", what, uri, str(exc), location=location)
        return False
    try:
        info = _inspected(env, source.path)
    except BadImageError as exc:
        warn(
            Code.IMAGE,
            "%s %r was left out: %s.",
            what,
            uri,
            str(exc),
            location=location,
            hint="Replace the file with a working PNG, JPEG, WebP or SVG image.",
        )
        return False
    # Give Sphinx the source-relative path, so nothing re-resolves it differently.
    image["uri"] = "/" + source.relpath
    image["partners_format"] = info.format
    image["partners_width"] = info.width
    image["partners_height"] = info.height
    return True
