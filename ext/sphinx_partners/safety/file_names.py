"""File names a build can print and publish: no control characters, nothing undecodable.

A file's name reaches the terminal (Sphinx's progress lines print each page, picture and
download by name, at a level no warning filter sees), the sitemap and the pages' URLs.
A name holding an escape sequence retitled the terminal and coloured what followed; one
holding a control character that XML forbids stopped the build in the sitemap, naming
no file. No page or picture needs such a name, so before Sphinx looks for pages, every
file and folder of the source folder whose name holds one is left out of the site, with
a warning that shows the name with its characters escaped; a picture or download whose
path holds one is left out where the page names it.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import Matcher

from ..messages import Code, warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Control characters, lone surrogates (bytes of a name that are not UTF-8, as Python
#: reads them) and the line and paragraph separators, which end a line where printed.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
#: What a warning says to do.
RENAME_HINT = "Rename it with letters, digits and hyphens only: our-visit.jpg."


def unsafe_characters(name: str) -> bool:
    """Whether *name* holds a character no published name may hold."""
    return any(unicodedata.category(char) in _UNSAFE_CATEGORIES for char in name)


def _pattern(name: str) -> str:
    """A pattern of Sphinx's ``exclude_patterns`` for *name*: each character that is
    unsafe, or a wildcard there, stands as ``?`` (one character), since an escaped
    bracket becomes a regular expression Python warns about."""
    return "".join("?" if unsafe_characters(char) or char in "*?[]!" else char for char in name)


class SourceFolder:
    """The files and folders of a site's source folder that Sphinx may read or copy, and
    the way to leave one out of the site before it does (config-inited)."""

    def __init__(self, app: Sphinx, config: Config) -> None:
        self.config = config
        self.srcdir = Path(app.srcdir).resolve()
        self.static_roots = [
            (Path(app.confdir) / entry).resolve()
            for entry in (*config.html_static_path, *config.html_extra_path)
        ]
        self._left_out: set[Path] = set()

    def entries(self) -> Iterator[Path]:
        """Each file and folder, a folder before what it holds; not in folders that
        ``exclude_patterns`` (``_build`` and the like) or :meth:`leave_out` leave out."""
        excluded = Matcher(self.config.exclude_patterns)
        for root, dirs, files in os.walk(self.srcdir):
            relative = Path(root).relative_to(self.srcdir)
            dirs[:] = [name for name in dirs if not excluded((relative / name).as_posix())]
            for name in sorted((*dirs, *files)):
                yield Path(root, name)
            dirs[:] = [name for name in dirs if Path(root, name) not in self._left_out]

    def leave_out(self, path: Path) -> None:
        """Leave *path* (and all it holds) out of the pages and the static files."""
        self._left_out.add(path)
        for base in (self.srcdir, *self.static_roots):
            if path.is_relative_to(base):
                pattern = _pattern(path.relative_to(base).as_posix())
                # Static files are matched as "./name" at the top of their folder.
                for each in (pattern, f"./{pattern}"):
                    self.config.exclude_patterns.extend([each, f"{each}/**"])


def exclude_unsafe_names(app: Sphinx, config: Config) -> None:
    """Leave out of the site every file and folder whose name holds a control character
    (config-inited: before Sphinx finds pages and copies static files)."""
    folder = SourceFolder(app, config)
    for path in folder.entries():
        if not unsafe_characters(path.name):
            continue
        warn(
            Code.FILENAME,
            "the name %r holds a control character or bytes that are not UTF-8; the "
            "file was left out of the site.",
            path.name,
            location=f"{path.parent}:",  # its folder: the name itself is not printable
            hint=RENAME_HINT,
        )
        folder.leave_out(path)


def setup_file_names(app: Sphinx) -> None:
    # Before the check of symbolic links (500), which walks the same folders.
    app.connect("config-inited", exclude_unsafe_names, priority=400)
