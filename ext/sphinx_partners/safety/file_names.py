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


def exclude_unsafe_names(app: Sphinx, config: Config) -> None:
    """Leave out of the site every file and folder whose name holds a control character
    (config-inited: before Sphinx finds pages and copies static files)."""
    srcdir = Path(app.srcdir).resolve()
    static_roots = [
        (Path(app.confdir) / entry).resolve()
        for entry in (*config.html_static_path, *config.html_extra_path)
    ]
    excluded = Matcher(config.exclude_patterns)  # _build and the like: not published
    for root, dirs, files in os.walk(srcdir):
        relative = Path(root).relative_to(srcdir)
        dirs[:] = [name for name in dirs if not excluded((relative / name).as_posix())]
        for name in sorted((*dirs, *files)):
            if not unsafe_characters(name):
                continue
            path = Path(root, name)
            warn(
                Code.FILENAME,
                "the name %r holds a control character or bytes that are not UTF-8; the "
                "file was left out of the site.",
                name,
                location=f"{root}:",  # its folder: the name itself is not printable
                hint=RENAME_HINT,
            )
            for base in (srcdir, *static_roots):
                if path.is_relative_to(base):
                    pattern = _pattern(path.relative_to(base).as_posix())
                    # Static files are matched as "./name" at the top of their folder.
                    for each in (pattern, f"./{pattern}"):
                        config.exclude_patterns.extend([each, f"{each}/**"])
        dirs[:] = [name for name in dirs if not unsafe_characters(name)]


def setup_file_names(app: Sphinx) -> None:
    # Before the check of symbolic links (500), which walks the same folders.
    app.connect("config-inited", exclude_unsafe_names, priority=400)
