"""No symbolic link in a translations folder (``partners_confine_files``).

Sphinx compiles each catalog (``index.po``) into the file beside it (``index.mo``),
following a symbolic link there: a pull request's ``index.mo`` linked to
``../../../../x.pth`` made the build write a file of its choosing outside ``docs/``,
before any check could warn (a red team's finding). Nothing in a translations folder
needs a link, so a folder of ``locale_dirs`` that holds one is not used for this build,
with a warning naming each link (``partners.outside``).

Sphinx compiles its own words' catalog (``sphinx.po``) while it reads the settings,
before any extension is set up: a site's ``conf.py`` closes that door too by writing
``locale_dirs = locale_dirs_without_links(__file__, ["locales"])``; what it leaves out
is said when the extension starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..messages import Code, warn
from .site_checks import NAMED_CATALOG_LINKS, site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: What ``locale_dirs_without_links`` left out, by the folder of its conf.py.
_LEFT_OUT_BY_CONF: dict[Path, list[tuple[str, list[Path]]]] = {}
#: Before Sphinx's builder compiles the catalogs (it does when the build starts).
PRIORITY = 60


def links_in(folder: Path) -> list[Path]:
    """Every symbolic link in *folder*, itself included, links not followed."""
    if folder.is_symlink():
        return [folder]
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        found += [Path(root, name) for name in (*dirs, *files) if Path(root, name).is_symlink()]
    return sorted(found)


def _split(base: Path, entries: list[str]) -> tuple[list[str], list[tuple[str, list[Path]]]]:
    kept, left_out = [], []
    for entry in entries:
        links = links_in(base / entry)
        if links:
            left_out.append((entry, links))
        else:
            kept.append(entry)
    return kept, left_out


def locale_dirs_without_links(conf_file: str, locale_dirs: list[str]) -> list[str]:
    """For ``conf.py``: its *locale_dirs* without those that hold a symbolic link."""
    confdir = Path(conf_file).resolve().parent
    kept, left_out = _split(confdir, list(locale_dirs))
    _LEFT_OUT_BY_CONF[confdir] = left_out
    return kept


def refuse_linked_catalogs(app: Sphinx, config: Config) -> None:
    """Leave out of this build each translations folder with a link (config-inited)."""
    confdir, srcdir = Path(app.confdir).resolve(), Path(app.srcdir).resolve()
    left_out = _LEFT_OUT_BY_CONF.pop(confdir, [])  # conf.py's, said now
    if site_check_enabled(app, "partners_confine_files"):
        # Sphinx reads locale_dirs from the source folder.
        config.locale_dirs, found = _split(srcdir, list(config.locale_dirs))
        left_out += found
    named: set[Path] = getattr(app, NAMED_CATALOG_LINKS, set())
    for entry, links in left_out:
        named.update(links)
        for link in links:
            warn(
                Code.OUTSIDE,
                "%s is a symbolic link, in the translations folder %r: Sphinx would "
                "write the compiled catalog wherever it leads. The folder's translations "
                "were not used.",
                link.relative_to(srcdir).as_posix() if link.is_relative_to(srcdir) else link,
                entry,
                location=f"{link}:",  # a file without a line, as Sphinx writes one
                hint="Remove the link and put the catalog itself in the folder.",
            )
    setattr(app, NAMED_CATALOG_LINKS, named)  # the check of links leading outside names them not


def setup_catalog_links(app: Sphinx) -> None:
    app.connect("config-inited", refuse_linked_catalogs, priority=PRIORITY)
