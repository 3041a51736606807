"""Rewrite every page when the site's navigation changes.

Sphinx rewrites only the pages it re-reads and their toctree parents. Every page's
sidebar shows the whole site tree, so after a page is added, removed, retitled or moved
in a toctree, the untouched pages would keep a stale sidebar until a clean build (and
so would pages other extensions generate, such as viewcode's ``_modules/``). With
the navigation resolved once per build (``navigation.py``) rewriting them all is cheap,
and an incremental build then gives the pages a clean build gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

CONFIG_NAME = "partners_refresh_navigation"

# The toctree options that change what a sidebar shows; ids and sources do not.
_TOCTREE_KEYS = (
    "entries",
    "includefiles",
    "caption",
    "hidden",
    "maxdepth",
    "titlesonly",
    "numbered",
    "includehidden",
    "glob",
)


def setup_freshness(app: Sphinx) -> None:
    freshness = _NavigationFreshness()
    app.connect("env-before-read-docs", freshness.remember)
    app.connect("env-get-updated", freshness.all_pages_if_changed)


def navigation_signature(env: BuildEnvironment) -> tuple[object, ...]:
    """What every page's sidebar is made of: the toctrees and the titles of pages."""
    toctrees = {}
    for docname, toc in env.tocs.items():
        if entries := [
            tuple(repr(node.get(key)) for key in _TOCTREE_KEYS)
            for node in toc.findall(addnodes.toctree)
        ]:
            toctrees[docname] = entries
    # Only pages some toctree lists appear in a sidebar; an orphan page may come and go.
    listed = {env.config.root_doc}.union(*env.toctree_includes.values())
    titles = {
        docname: (
            docname in env.found_docs,
            # The title as a node, markup included: a sidebar shows ``code`` or *emphasis*.
            str(env.titles[docname]) if docname in env.titles else None,
            # A page's own :tocdepth: limits how deep its entries go.
            env.metadata.get(docname, {}).get("tocdepth"),
        )
        for docname in listed
    }
    return (sorted(toctrees.items()), sorted(titles.items()))


class _NavigationFreshness:
    """The navigation before this build read its pages (both events run in the main process)."""

    def __init__(self) -> None:
        self.before: tuple[object, ...] | None = None

    def remember(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self.before = navigation_signature(env)

    def all_pages_if_changed(self, app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
        before, self.before = self.before, None
        if app.builder.format != "html" or not app.config[CONFIG_NAME] or before is None:
            return ()
        if before == navigation_signature(env):
            return ()
        _forget_generated_pages(app)
        return sorted(env.found_docs)


#: Folders of pages that extensions generate at write time, not from documents:
#: sphinx.ext.viewcode writes ``_modules/`` only where the page is older than its module.
GENERATED_PAGE_FOLDERS = ("_modules",)


def _forget_generated_pages(app: Sphinx) -> None:
    """Delete generated pages, so their extension writes them again with the new sidebar."""
    outdir = Path(app.outdir)
    for folder in GENERATED_PAGE_FOLDERS:
        for page in (outdir / folder).rglob(f"*{app.builder.out_suffix}"):  # type: ignore[attr-defined]
            page.unlink(missing_ok=True)
