"""The one place that decides whether a path an author wrote may be published.

Everything a directive reads from disk goes through :func:`resolve_source_file`, so a
pull request cannot make the build read, copy or publish a file from outside the source
folder (``..``, absolute paths, symlinks pointing elsewhere, URLs).
"""

from __future__ import annotations

import difflib
import errno
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..build_memo import remembered

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class SourceFile:
    """A file inside the source folder, as Sphinx and the file system know it."""

    #: The path relative to the source folder, with ``/`` separators.
    relpath: str
    #: The absolute, resolved path on disk.
    path: Path


class UnsafePathError(ValueError):
    """The path cannot be used; the message says why and how to fix it."""


def _refuse_loops(path: str) -> None:
    """Name a loop of symbolic links as such (resolve() raises RuntimeError for one
    before Python 3.13 and nothing from 3.13 on; the system says ELOOP either way)."""
    try:
        os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePathError("the path is a loop of symbolic links") from exc


def resolve_source_file(env: BuildEnvironment, docname: str, uri: str) -> SourceFile:
    """Resolve *uri* as written in *docname* to a readable file inside the source folder.

    Relative paths are relative to the page, paths starting with ``/`` to the source
    folder (Sphinx's convention). Raise :class:`UnsafePathError` otherwise.
    """
    if not uri or not uri.strip():
        raise UnsafePathError("the path is empty")
    if any(ord(char) < 32 or ord(char) == 127 for char in uri):
        raise UnsafePathError("the path contains control characters")
    if _SCHEME.match(uri) or uri.startswith("//"):
        raise UnsafePathError(
            "it is a URL, but a file in the repository is expected "
            "(download the file, add it next to the page and use its path)"
        )
    # The answer depends only on the path and, for a relative one, the page's folder:
    # worked out once a build for all pages that name the file (see build_memo.py).
    written = ("" if uri.startswith("/") else posixpath.dirname(docname), uri)
    return remembered(
        env, "source files", written, lambda: _resolve(env, docname, uri), UnsafePathError
    )


def missing_file_hint(missing: Path, srcdir: Path, uri: str = "/") -> str:
    """What the author most likely meant by a path to no file, inside the source folder:
    the same name with other capitals (found on a Mac, not on the web server), a close
    name in the same folder, or, for a path written without a leading ``/`` (*uri*),
    the same path from the site's folder."""
    from_site = (srcdir / uri).resolve()  # looked at only inside the source folder
    if not uri.startswith("/") and from_site.is_relative_to(srcdir) and from_site.is_file():
        return (
            f" next to the page, but /{uri} does (a path that starts with / begins in "
            "the site's folder)"
        )
    # "docs/_static/logo.png", the path from the repository: the site's folder is docs/.
    first, _, rest = uri.lstrip("/").partition("/")
    inside = (srcdir / rest).resolve()
    if first == srcdir.name and rest and inside.is_relative_to(srcdir) and inside.is_file():
        return f"; write /{rest}: paths start in the site's folder ({first}/), not above it"
    try:
        names = sorted(entry.name for entry in missing.parent.iterdir())
    except OSError:  # the folder is not there either
        return " (check the spelling and the folder)"
    same = [name for name in names if name.lower() == missing.name.lower()]
    if same:
        return f"; the folder has {same[0]!r}: capitals matter on the web server"
    close = difflib.get_close_matches(missing.name, names, n=1)
    if close:
        return f"; the folder has {close[0]!r}, a close name"
    return " (check the spelling and the folder)"


def _resolve(env: BuildEnvironment, docname: str, uri: str) -> SourceFile:
    srcdir = Path(env.srcdir).resolve()
    try:
        # relfn2path resolves too: a symlink loop fails in either call.
        relpath, abspath = env.relfn2path(uri, docname)
        _refuse_loops(abspath)
        resolved = Path(abspath).resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # unreadable parents, loops before 3.13
        # relfn2path itself resolves, so a loop fails there: name it for the author.
        base = Path(env.srcdir) if uri.startswith("/") else Path(env.doc2path(docname)).parent
        _refuse_loops(str(base / uri.lstrip("/")))
        raise UnsafePathError(f"the path cannot be resolved ({exc.__class__.__name__})") from exc
    if not resolved.is_relative_to(srcdir):
        raise UnsafePathError(
            "it points outside the source folder; only files inside the site's folder "
            "can be published"
        )
    if not resolved.is_file():
        raise UnsafePathError("the file does not exist" + missing_file_hint(resolved, srcdir, uri))
    return SourceFile(relpath=relpath.replace("\\", "/"), path=resolved)
