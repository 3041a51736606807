"""A template reads only the template folders' files.

Sphinx's template loader joins a template's name to each template folder, so an
absolute name leaves them: ``{% include "/proc/self/environ" %}`` in a page template
published the build's environment, its secrets with it, on every page (a red team's
finding). The site's templates are reviewed as code, but what a template includes is
a file, and a file outside the template folders (the theme's and the site's) is never
one. Such a file is named and left out: the template gets nothing in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..messages import Code, warn
from .site_checks import site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _found_at(searchpath: list[str], template: str) -> Path | None:
    """The file Sphinx's loader would read for *template* (its name, then the legacy
    ``_t`` name of a ``.jinja`` template), if there is one."""
    names = [template]
    if template.endswith(".jinja"):
        names.append(template.removesuffix(".jinja") + "_t")
    for folder in searchpath:
        for name in names:
            candidate = Path(folder) / name
            if candidate.is_file():
                return candidate
    return None


def _confined(
    get_source: Callable[[Any, str], Any], searchpath: list[str], roots: list[Path], app: Sphinx
) -> Callable[[Any, str], Any]:
    def get_source_inside(environment: Any, template: str) -> Any:
        found = _found_at(searchpath, template)
        if found is not None and not any(found.resolve().is_relative_to(root) for root in roots):
            warn(
                Code.OUTSIDE,
                "a template asked for the file %s, outside the template folders; it was "
                "left out, and the template got nothing in its place.",
                template,
                location=f"{Path(app.confdir, *app.config.templates_path[:1])}:",
                hint="Include only templates of the site's templates folder, by a name "
                "relative to it.",
            )
            return "", str(found), lambda: True
        return get_source(environment, template)

    return get_source_inside


def confine_templates(app: Sphinx) -> None:
    """Every template loader reads inside the template folders only (builder-inited)."""
    if not site_check_enabled(app, "partners_confine_files"):
        return
    loaders = getattr(getattr(app.builder, "templates", None), "loaders", [])
    roots = [
        Path(folder).resolve() for loader in loaders for folder in getattr(loader, "searchpath", [])
    ]
    for loader in loaders:
        searchpath = list(getattr(loader, "searchpath", []))
        if searchpath:
            loader.get_source = _confined(loader.get_source, searchpath, roots, app)


def setup_template_files(app: Sphinx) -> None:
    app.connect("builder-inited", confine_templates)
