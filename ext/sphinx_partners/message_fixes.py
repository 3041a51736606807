"""Messages of Sphinx and MyST that name a problem get its fix, and are said once.

- ``toc.not_included``: Sphinx says "document isn't included in any toctree", which a
  reader who is not a programmer cannot act on (what is a toctree? which one?), and the
  page is missing from the site's menu. The message says so, and the two ways out: the
  line to add to the toctree of the nearest index page above it, or ``orphan: true``.
- ``myst.header``: MyST says "Non-consecutive header level increase; H1 to H3"; the
  message says it with the marks a contributor types (``###`` after ``#``), and which
  heading to write instead (``##``).
- ``myst.role_unknown``: MyST says "Unknown interpreted text role" at the first line
  of the paragraph; the message names the role as typed, says that the words in its
  backticks are left out of the page, suggests the role meant, and points at the line
  that has it.
- ``toc.no_title``: Sphinx names a page without a title at the toctree that lists it,
  once for every page whose menu it writes (eight messages on a site of eight pages).
  It is said once; with ``partners_page_rules`` not at all, as the page rules name the
  page itself (``partners.title``, or ``partners.encoding`` for a page that is not
  UTF-8 and reads as nothing).

The codes stay Sphinx's and MyST's, so ``suppress_warnings`` works as before.
"""

from __future__ import annotations

import difflib
import logging
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.locale import __

from .catalog_lines import translation_holding
from .messages import Code, note_translation_warning, shown_path
from .option_names import MYST_LOGGER
from .printable import add_to_print_handlers
from .safety.nesting import markdown_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Sphinx names a module's logger "sphinx." + the module: its environment's, which
#: checks that every page is in a toctree.
ENVIRONMENT_LOGGER = "sphinx.sphinx.environment"
#: ... and its toctree adapter's, which writes the menus.
TOCTREE_LOGGER = "sphinx.sphinx.environment.adapters.toctree"
#: Sphinx's words for it, as its console translation has them.
NOT_INCLUDED = __("document isn't included in any toctree")
_LEVELS = re.compile(r"H(?P<above>\d) to H(?P<here>\d)")


def _in_words(record: logging.LogRecord) -> str | None:
    """MyST's "Non-consecutive header level increase; H1 to H3", said with the marks a
    contributor types, and what to type instead."""
    kind = (getattr(record, "type", None), getattr(record, "subtype", None))
    if kind != ("myst", "header"):
        return None
    # The message as logged, without the location Sphinx's record puts in front.
    levels = _LEVELS.search(logging.LogRecord.getMessage(record))
    if levels is None:
        return None
    above, here = int(levels["above"]), int(levels["here"])
    one_below = "#" * (above + 1)
    return (
        f"the heading skips a level: {'#' * here} after {'#' * above}, so the page's "
        f"contents and a screen reader's list of headings miss a level. Write {one_below} "
        f"here, or add a {one_below} heading between them."
    )


class _AddFix(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        said = _in_words(record)
        if said is not None:
            record.msg, record.args = said, ()
        return True


_FILTER = _AddFix()


def add_fixes_to_messages() -> None:
    """Once per process (adding the filter again is a no-op)."""
    logging.getLogger(MYST_LOGGER).addFilter(_FILTER)


def _listing_page(env: BuildEnvironment, docname: str) -> str:
    """The index page of the nearest folder above *docname* that has a toctree (the
    site's root page at the top): where a toctree would list it. (An index page without
    one was named, and the contributor found no toctree there to add the line to.)"""
    folder = posixpath.dirname(docname)
    while True:
        index = posixpath.join(folder, "index") if folder else env.config.root_doc
        if index in env.found_docs and index != docname and env.toctree_includes.get(index):
            return index
        if not folder:
            return str(env.config.root_doc)
        folder = posixpath.dirname(folder)


def _caption_of_neighbours(env: BuildEnvironment, index: str, docname: str) -> str | None:
    """The caption of *index*'s toctree that lists the pages of *docname*'s folder, if it
    has one: a root page lists each area under a caption, and the line goes there."""
    from sphinx import addnodes

    folder = posixpath.dirname(docname)
    try:
        doctree = env.get_doctree(index)
    except Exception:  # no doctree to read (a failed page): the file alone is named
        return None
    for toctree in doctree.findall(addnodes.toctree):
        entries: list[tuple[str | None, str]] = toctree.get("entries", [])
        listed = [entry for _title, entry in entries if entry]
        if toctree.get("caption") and any(posixpath.dirname(e) == folder for e in listed):
            return str(toctree["caption"])
    return None


class _NotIncluded(logging.Filter):
    """``toc.not_included`` in words, with the line to add and where."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (getattr(record, "type", None), getattr(record, "subtype", None))
        # Sphinx 8.1 gives this message no type (9 does): known by its words then.
        untyped = kind == (None, None) and str(record.msg) == str(NOT_INCLUDED)
        docname = getattr(record, "location", None)
        if not (kind == ("toc", "not_included") or untyped) or not isinstance(docname, str):
            return True
        env = self.app.env
        if docname not in env.found_docs:
            return True  # not a page's name: leave Sphinx's words
        index = _listing_page(env, docname)
        entry = posixpath.relpath(docname, posixpath.dirname(index) or ".")
        listing = shown_path(env.doc2path(index))
        caption = _caption_of_neighbours(env, index, docname)
        which = f" (the one with the caption {caption!r})" if caption else ""
        record.msg = (
            "the page is in no list of pages (toctree), so the site's menu does not show "
            f"it. Add the line {entry} to the toctree of {listing}{which} (or of the page "
            "that should list it), or write 'orphan: true' in its front matter if only "
            "links lead to it."
        )
        record.args = ()
        return True


class _NoTitleOnce(logging.Filter):
    """One build's ``toc.no_title`` messages: each said once, or none (page rules on)."""

    def __init__(self, page_rules: bool) -> None:
        super().__init__()
        self.page_rules = page_rules
        self.said: set[tuple[str, str | None, int | None]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (getattr(record, "type", None), getattr(record, "subtype", None))
        if kind != ("toc", "no_title"):
            return True
        if self.page_rules:
            return False  # the page itself is named, at its first line
        location = getattr(record, "location", None)
        where = get_source_line(location) if isinstance(location, nodes.Node) else (None, None)
        key = (logging.LogRecord.getMessage(record), *where)
        if key in self.said:
            return False
        self.said.add(key)
        return True


_ROLE_NAME = re.compile(r'role "(?P<name>[^"]+)"')


def known_roles(env: BuildEnvironment) -> set[str]:
    """The roles a page can use: docutils' and those Sphinx and extensions registered,
    and the standard domain's (``doc``, ``ref``, ``term``...)."""
    from docutils.parsers.rst import roles

    names = set(getattr(roles, "_roles", {})) | set(getattr(roles, "_role_registry", {}))
    return {str(name) for name in names | set(env.get_domain("std").roles)}


class _UnknownRole(logging.Filter):
    """``myst.role_unknown`` at the role's own line, with what it did and "did you mean".

    MyST names an unknown role at the first line of its paragraph ("Unknown interpreted
    text role "partnr"."), and the words in its backticks are left out of the page.
    """

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        self.said: set[tuple[str, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (getattr(record, "type", None), getattr(record, "subtype", None))
        found = _ROLE_NAME.search(str(record.msg)) if kind == ("myst", "role_unknown") else None
        if found is None:
            return True
        name = found["name"]
        close = difflib.get_close_matches(name, self._known_roles(), n=1, cutoff=0.7)
        meant = f" Did you mean {{{close[0]}}}?" if close else ""
        record.msg = (
            f"{{{name}}} is not a role this site has, so the words in its backticks are "
            f"left out of the page.{meant} Check its spelling, or write the words without "
            f"{{{name}}} in front."
        )
        record.args = ()
        location = getattr(record, "location", None)
        if isinstance(location, tuple) and len(location) == 2:
            location = self._place_of(location[0], location[1], name)
            record.location = location
        # Sphinx reads a translation twice (its i18n transform's two passes): said once.
        said = (str(location), record.msg)
        if said in self.said:
            return False
        self.said.add(said)
        if isinstance(location, str):
            # The role's own message: Sphinx's "links differ" would only repeat it.
            note_translation_warning(location, record.msg, Code.ROLE)
        return True

    def _place_of(self, docname: object, line: object, name: str) -> object:
        """The role's line in the page or, when the page does not have it there, the
        translation that does (MyST names the English page's first line then)."""
        found = self._line_of(docname, line, name)
        if found is not None or not isinstance(docname, str):
            return (docname, found if found is not None else line)
        source = str(self.app.env.doc2path(docname))
        return translation_holding(source, f"{{{name}}}`") or (docname, line)

    def _known_roles(self) -> list[str]:
        return sorted(known_roles(self.app.env))

    def _line_of(self, docname: object, line: object, name: str) -> int | None:
        # The first line from the paragraph's on that has the role: MyST's tokens of a
        # paragraph's words carry no lines of their own. None: the page has it nowhere.
        if not isinstance(docname, str) or not isinstance(line, int):
            return None
        try:
            text = self.app.env.doc2path(docname).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return line
        lines = markdown_lines(text)
        for number in range(line, len(lines) + 1):
            if f"{{{name}}}`" in lines[number - 1]:
                return number
        return None


class _SourcePathLocation(logging.Filter):
    """A location given as (the page's file, line) where Sphinx expects (its name,
    line): Sphinx's directives ask the state machine for their place, which MyST gives
    as the file's path, and Sphinx then printed ``index.md.rst:8``, a file that does not
    exist (a red team's finding: CI marked no line of the pull request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if (
            isinstance(location, tuple)
            and len(location) == 2
            and isinstance(location[0], str)
            and Path(location[0]).is_absolute()
            and Path(location[0]).is_file()
        ):
            path, line = location
            record.location = f"{path}:{line}" if line else f"{path}:"
        return True


def _guard_handlers(app: Sphinx, *_args: object) -> None:
    # Before Sphinx's own filter turns the pair into a path.
    add_to_print_handlers(_SourcePathLocation, first=True)


_APP_FILTERS: dict[int, list[tuple[str, logging.Filter]]] = {}


def _start(app: Sphinx, *args: object) -> None:
    _stop(app, None)  # a build said nothing yet: new filters, with nothing said
    _APP_FILTERS[id(app)] = [
        (TOCTREE_LOGGER, _NoTitleOnce(app.config.partners_page_rules)),
        (ENVIRONMENT_LOGGER, _NotIncluded(app)),
        (MYST_LOGGER, _UnknownRole(app)),
    ]
    for name, each in _APP_FILTERS[id(app)]:
        logging.getLogger(name).addFilter(each)


def _stop(app: Sphinx, exception: Exception | None) -> None:
    # Only for this application: another one in the process has its own pages.
    for name, each in _APP_FILTERS.pop(id(app), []):
        logging.getLogger(name).removeFilter(each)


def setup_message_fixes(app: Sphinx) -> None:
    add_fixes_to_messages()
    app.connect("config-inited", _guard_handlers)
    app.connect("builder-inited", _guard_handlers)
    # At every build's reading: one application may build more than once (test apps and
    # the preview do).
    app.connect("env-before-read-docs", _start)
    app.connect("build-finished", _stop)
