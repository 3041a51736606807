"""A static file of the site's folder never takes the place of the theme's own.

Sphinx copies the theme's static files first, then the site's ``html_static_path``
over them: ``docs/_static/styles/furo.css`` replaced furo's stylesheet on every page,
with an import from another site and a notice laid over the page, and the check of
published files, which holds the site's own scripts apart from the theme's, read no
stylesheet (a red team's finding). A file the theme or an extension publishes under
the same name is code; the site's file of that name is left out, named, before
anything is copied.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..messages import Code, warn
from .file_names import SourceFolder
from .site_checks import _files_as_sphinx_copies, _shown, site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _published_name(relative: Path) -> str:
    """The name Sphinx publishes a static file under (a template without its ending)."""
    name = relative.as_posix()
    lowered = name.lower()
    for ending in ("_t", ".jinja"):
        if lowered.endswith(ending):
            return name[: -len(ending)]
    return name


def _names_under(roots: list[Path]) -> dict[str, Path]:
    names: dict[str, Path] = {}
    for root in roots:
        for path in _files_as_sphinx_copies(root):
            names.setdefault(_published_name(path.relative_to(root)), path)
    return names


def exclude_static_replacing_code(app: Sphinx) -> None:
    """Leave out the site's static files named as the theme's or an extension's
    (builder-inited, after the extensions added their folders)."""
    if not site_check_enabled(app, "partners_confine_files") or app.builder.format != "html":
        return
    folder = SourceFolder(app, app.config)
    srcdir = folder.srcdir
    theme = getattr(app.builder, "theme", None)
    theme_dirs = [Path(each) / "static" for each in (theme.get_theme_dirs() if theme else [])]
    site_roots: list[Path] = []
    code_roots = list(theme_dirs)
    for entry in app.config.html_static_path:
        root = (Path(app.confdir) / entry).resolve()
        (site_roots if root.is_relative_to(srcdir) else code_roots).append(root)
    code = _names_under(code_roots)
    for name, path in sorted(_names_under(site_roots).items()):
        if name not in code:
            continue
        warn(
            Code.OUTSIDE,
            "the static file %s has the name of a file the theme or an extension publishes "
            "(_static/%s), which it would replace on every page; it was left out.",
            _shown(path, srcdir),
            name,
            location=f"{path}:",
            hint="Give it a name of its own, and load it from conf.py (html_css_files).",
        )
        folder.leave_out(path)


def setup_static_names(app: Sphinx) -> None:
    # After the extensions' own builder-inited handlers, which add their static folders.
    app.connect("builder-inited", exclude_static_replacing_code, priority=900)
