"""Keep the checked navigation template between builds, in the doctree folder.

At 1,000 pages, making the template (about 0.7 s) and checking it against furo's own
result (about 0.6 s) are most of a build after a one-page edit. Both depend only on the
site's toctrees and page titles, the settings and the versions of Sphinx, furo and this
extension, so a build in which none of these changed takes the template its
predecessor made and checked, instead of making and checking it again. The file is
signed with the user's key (``safety/memory_key.py``): one this user's builds did not
write is never unpickled.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx

from ..safety.memory_key import sign, verified
from .freshness import navigation_signature

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

FILE_NAME = "partners-navigation.pickle"

#: A template's parts by its toctree arguments (furo asks with one set per build).
Templates = dict[tuple[tuple[str, Any], ...], tuple[Any, ...]]


def fingerprint(app: Sphinx, builder: Builder, furo_version: str) -> str | None:
    """What the templates of this build depend on, or None if it cannot be known."""
    from .. import __version__

    build_info = getattr(builder, "build_info", None)
    config_hash = getattr(build_info, "config_hash", None)
    if not config_hash:
        return None
    inputs = (
        __version__,
        furo_version,
        sphinx.__version__,
        builder.name,
        config_hash,
        getattr(build_info, "tags_hash", ""),
        navigation_signature(app.env),
    )
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def load(app: Sphinx, expected: str) -> Templates:
    """The templates a build with the same fingerprint kept, or none."""
    path = Path(app.doctreedir) / FILE_NAME
    try:
        data = verified(path.read_bytes())
        # Only what this user's builds signed is unpickled: the doctree folder may come
        # from a pull request (safety/memory_key.py).
        saved = pickle.loads(data) if data is not None else None
    except Exception:  # missing, or written by another version: make them again
        return {}
    if not isinstance(saved, dict) or saved.get("fingerprint") != expected:
        return {}
    templates = saved.get("templates")
    return templates if isinstance(templates, dict) else {}


def save(app: Sphinx, key: str, templates: Templates) -> None:
    """Keep *templates* for the next build (written whole, then renamed into place)."""
    path = Path(app.doctreedir) / FILE_NAME
    partial = path.with_name(f"{FILE_NAME}.{os.getpid()}")
    signed = sign(pickle.dumps({"fingerprint": key, "templates": templates}))
    if signed is None:
        return  # no key to sign it with: the next build makes them again
    try:
        partial.write_bytes(signed)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)  # the next build makes them again: no harm
