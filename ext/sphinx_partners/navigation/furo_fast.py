"""Linear-time furo navigation: resolve the site's toctree once per build, not per page.

furo's ``html-page-context`` handler asks ``context["toctree"](collapse=False, ...)``
for the whole site tree on every page and post-processes it with BeautifulSoup.
Around furo's handler we hand it an empty tree (which it passes through untouched)
and then put in its place the same HTML derived from one template per build
(see ``furo_tree``). The first page of a build is also computed furo's way and
compared; any difference, or a furo without the internals we use, turns the fast
path off with one message, and furo's own output is used. A checked template is kept
for the next build while its inputs stay the same (``saved``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any

from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder

from ..messages import WARNING_TYPE, logger
from . import saved
from .furo_tree import NavigationTemplate, UnsupportedTree, build_template

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

CONFIG_NAME = "partners_fast_navigation"
# Run just before and just after furo's own handler (priority 500).
_BEFORE_FURO, _AFTER_FURO = 499, 501
# Per-page hand-over between the two handlers; removed before templates render.
_ORIGINAL_KEY = "_partners_original_toctree"
_HTML_KEY = "_partners_navigation_html"


def setup_fast_navigation(app: Sphinx) -> None:
    """Register ``partners_fast_navigation`` and the handlers around furo's."""
    navigation = _FastNavigation()
    app.connect("builder-inited", navigation.on_builder_inited)
    app.connect("write-started", navigation.on_write_started)
    app.connect("build-finished", navigation.on_build_finished)
    app.connect("html-page-context", navigation.before_furo, priority=_BEFORE_FURO)
    app.connect("html-page-context", navigation.after_furo, priority=_AFTER_FURO)


def _furo_internals() -> tuple[Callable[[str], str], CodeType] | None:
    """furo's HTML post-processing and the code of its per-page caller, if present."""
    try:
        import furo
        from furo.navigation import get_navigation_tree
    except ImportError:
        return None
    caller = getattr(furo, "_compute_navigation_tree", None)
    if not callable(get_navigation_tree) or not isinstance(caller, FunctionType):
        return None
    return get_navigation_tree, caller.__code__


def _uses_furo(builder: Builder) -> bool:
    theme = getattr(builder, "theme", None)
    if theme is None:
        return False
    # Theme folders are paths from Sphinx 8.2 on, plain strings before.
    folders = [Path(folder) for folder in theme.get_theme_dirs()]
    return theme.name == "furo" or any(
        folder.name == "furo" and folder.parent.name == "theme" for folder in folders
    )


def _is_sphinx_toctree(helper: object) -> bool:
    # The per-page helper StandaloneHTMLBuilder.handle_page puts in the context.
    qualname = getattr(helper, "__qualname__", "")
    return isinstance(qualname, str) and qualname.startswith(
        "StandaloneHTMLBuilder.handle_page.<locals>."
    )


def _links_like_sphinx(builder: Builder) -> bool:
    # The template relativises links as Builder.get_relative_uri does (not singlehtml).
    return (
        isinstance(builder, StandaloneHTMLBuilder)
        and type(builder).get_relative_uri is Builder.get_relative_uri
    )


class _FastNavigation:
    """One per application; what it learns while writing is reset for every build."""

    def __init__(self) -> None:
        # Decided once the builder exists: furo's transform and its per-page caller.
        self.furo: tuple[Callable[[str], str], CodeType] | None = None
        # Per build.
        self.active = False
        self.templates: dict[tuple[tuple[str, Any], ...], NavigationTemplate] = {}
        self.verified = False
        self.noted_replaced = False
        # Templates checked against furo, in this build or in the one that saved them.
        self.trusted: set[tuple[tuple[str, Any], ...]] = set()
        self.fingerprint: str | None = None
        self.saved: saved.Templates = {}

    def on_builder_inited(self, app: Sphinx) -> None:
        self.furo = None
        if not app.config[CONFIG_NAME] or not _uses_furo(app.builder):
            return
        if not _links_like_sphinx(app.builder):
            return
        self.furo = _furo_internals()
        if self.furo is None:
            self._fall_back(
                "this furo lacks furo.navigation.get_navigation_tree or "
                "furo._compute_navigation_tree"
            )

    def on_write_started(self, app: Sphinx, builder: Builder) -> None:
        # The toctree may have changed since the last build: start afresh.
        self.active = self.furo is not None
        self.templates = {}
        self.verified = False
        self.noted_replaced = False
        self.trusted = set()
        self.fingerprint = saved.fingerprint(app, builder, _furo_version()) if self.active else None
        self.saved = saved.load(app, self.fingerprint) if self.fingerprint else {}

    def on_build_finished(self, app: Sphinx, exception: BaseException | None) -> None:
        if exception is None and self.active and self.fingerprint and self.trusted:
            templates = {key: self.templates[key].parts() for key in self.trusted}
            saved.save(app, self.fingerprint, templates)

    def before_furo(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: Any,
    ) -> None:
        if not self.active or "toctree" not in context:
            return
        original = context["toctree"]
        if not _is_sphinx_toctree(original):
            # Another extension (e.g. sphinx-notfound-page) made its own: furo's path.
            self._note_replaced(app, pagename)
            return
        assert self.furo is not None
        furo_caller = self.furo[1]

        def toctree(**kwargs: Any) -> str:
            # Only furo's own call gets "", which furo's post-processing returns as is.
            if (
                self.active
                and sys._getframe(1).f_code is furo_caller
                and kwargs.get("collapse") is False
                and _HTML_KEY not in context
            ):
                html = self._navigation(app, pagename, kwargs, original)
                if html is not None:
                    context[_HTML_KEY] = html
                    return ""
            return original(**kwargs)  # type: ignore[no-any-return]

        context["toctree"] = toctree
        context[_ORIGINAL_KEY] = original

    def after_furo(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: Any,
    ) -> None:
        if _ORIGINAL_KEY not in context:
            return
        context["toctree"] = context.pop(_ORIGINAL_KEY)
        html = context.pop(_HTML_KEY, None)
        if html is not None:
            context["furo_navigation_tree"] = html
        elif self.active and "furo_version" in context:
            # furo ran but never asked us: it builds its tree some new way, and its
            # own result stands.
            self._fall_back("furo no longer asks for the tree from _compute_navigation_tree")

    def _navigation(
        self,
        app: Sphinx,
        pagename: str,
        kwargs: dict[str, Any],
        original: Callable[..., str],
    ) -> str | None:
        assert self.furo is not None
        transform = self.furo[0]
        key = tuple(sorted(kwargs.items()))
        try:
            if key not in self.templates:
                builder = app.builder
                assert isinstance(builder, StandaloneHTMLBuilder)
                if key in self.saved:
                    self.templates[key] = NavigationTemplate.from_parts(builder, self.saved[key])
                    self.trusted.add(key)
                else:
                    self.templates[key] = build_template(builder, kwargs, transform)
            html = self.templates[key].render(pagename)
        except UnsupportedTree as exc:
            self._fall_back(str(exc))
            return None
        except Exception as exc:  # a speed-up must never break a build
            self._fall_back(f"{type(exc).__name__}: {exc}")
            return None
        if not self.verified:
            # Once per build, check against furo's own result for this page; a template
            # kept from the last build was checked there, with the same inputs.
            self.verified = True
            if key not in self.trusted:
                if html != transform(original(**kwargs)):
                    self._fall_back(f"its navigation for {pagename!r} differs from furo's")
                    return None
                self.trusted.add(key)
        return html

    def _note_replaced(self, app: Sphinx, pagename: str) -> None:
        # Pages that are not documents (404 pages, search) are expected; say it once for
        # a document, in case Sphinx's own helper is no longer recognised.
        if self.noted_replaced or pagename not in app.env.all_docs:
            return
        self.noted_replaced = True
        logger.info(
            "sphinx-partners: toctree() of %r is not Sphinx's own; furo's (slower) path "
            "draws the navigation of such pages.",
            pagename,
            type=WARNING_TYPE,
            subtype="navigation",
        )

    def _fall_back(self, reason: str) -> None:
        self.active = False
        logger.info(
            "sphinx-partners: fast navigation is off, using furo %s's own (slower) path: %s. "
            "Set partners_fast_navigation = False to silence this.",
            _furo_version(),
            reason,
            type=WARNING_TYPE,
            subtype="navigation",
        )


def _furo_version() -> str:
    try:
        import furo
    except ImportError:
        return "(not installed)"
    return str(getattr(furo, "__version__", "(unknown version)"))
