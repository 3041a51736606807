"""A link to a page or heading that does not exist: at its own line, with the likely one.

MyST names a link it cannot resolve as "'myst' cross-reference target not found:
'abuot.md'", at the line its paragraph starts on (inline markup has no line of its own
in docutils), and stops there. Each link, a ``{partner}`` link too, is given the line
that holds its target within its paragraph, and MyST's message says what was not found
and the page or heading the author most likely meant, written as a link from that page
("Did you mean '../about.md'?").
"""

from __future__ import annotations

import difflib
import logging
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from .source_lines import line_holding, source_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Sphinx names a module's logger "sphinx." + the module: MyST's reference resolver's.
MYST_REFS_LOGGER = "sphinx.myst_parser.sphinx_ext.myst_refs"


class LineOfLinks(SphinxTransform):
    """Give each MyST link and ``{partner}`` link the line that holds its target."""

    # After MyST's ResolveAnchorIds (879), which makes a "#..." link it cannot find on
    # its page into a cross-reference; before the references are resolved and warned
    # about (post-transforms).
    default_priority = 880

    def apply(self, **kwargs: object) -> None:
        lines: dict[str, list[str]] = {}
        for node in self.document.findall(addnodes.pending_xref):
            ours = node.get("refdomain") == "partners" or node.get("reftype") == "myst"
            # A link to a heading ("#...") has no place of its own: its paragraph's.
            source, line = get_source_line(node)
            if not ours or not source or not line:
                continue
            if source not in lines:
                lines[source] = source_lines(self.env.srcdir, source)
            found = line_holding(str(node["reftarget"]), line, lines[source])
            node.source, node.line = source, found or line


def _as_link(env: BuildEnvironment, docname: str, from_doc: str) -> str:
    """*docname*'s file, written as a link from *from_doc* ("../about.md")."""
    path = env.doc2path(docname, base=False).as_posix()
    return posixpath.relpath(path, posixpath.dirname(from_doc) or ".")


def _slugs(env: BuildEnvironment, docname: str) -> list[str]:
    return list(env.metadata.get(docname, {}).get("myst_slugs", {}))


def _likely_page(env: BuildEnvironment, target: str, from_doc: str) -> str | None:
    """The page *target* most likely meant, written as a link from *from_doc*.

    Compared as paths from the site's folder: from a page, "../aproach/index.md" is
    "aproach/index.md", close to "approach/index.md". (Compared as written, a link to a
    page of the same folder has lost its folder's name, "index.md", and the closest
    link was another folder's: "../phases/index.md", a tester's finding.)
    """
    meant = posixpath.normpath(
        target.lstrip("/") if target.startswith("/") else
        posixpath.join(posixpath.dirname(from_doc), target)
    )  # fmt: skip
    # In small letters: "ABOUT.md" is about.md in other capitals (a web server tells
    # them apart, so the link needs the file's own).
    paths = {
        env.doc2path(docname, base=False).as_posix().lower(): docname for docname in env.found_docs
    }
    close = difflib.get_close_matches(meant.lower(), sorted(paths), n=1, cutoff=0.8)
    return _as_link(env, paths[close[0]], from_doc) if close else None


def _likely_heading(env: BuildEnvironment, target: str, from_doc: str) -> str | None:
    """A heading of this page or a label ("#getting-started"), else another page's
    heading, written as a link from this page ("index.md#getting-started")."""
    here = {*_slugs(env, from_doc), *env.domaindata.get("std", {}).get("labels", {})}
    close = difflib.get_close_matches(target, sorted(here), n=1)
    if close:
        return f"#{close[0]}"
    elsewhere = {
        slug: docname
        for docname in sorted(env.found_docs, reverse=True)  # the first page wins
        if docname != from_doc
        for slug in _slugs(env, docname)
    }
    close = difflib.get_close_matches(target, sorted(elsewhere), n=1)
    if close:
        return f"{_as_link(env, elsewhere[close[0]], from_doc)}#{close[0]}"
    return None


def _written_with_hash(srcdir: Path, node: addnodes.pending_xref, target: str) -> bool:
    """Whether the link's line has the target as "#target" (MyST drops the "#")."""
    source, line = get_source_line(node)
    lines = source_lines(srcdir, source) if source else []
    return bool(line and line <= len(lines) and f"#{target}" in lines[line - 1])


class _LikelyTarget(logging.Filter):
    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        node: Any = getattr(record, "location", None)
        missing = getattr(record, "subtype", None) == "xref_missing"
        if not missing or not isinstance(node, addnodes.pending_xref):
            return True
        env, target = self.app.env, str(node.get("reftarget", ""))
        docname = str(node.get("refdoc") or env.docname)
        # "About.MD" is a page's name in other capitals, not a heading's.
        suffixes = tuple(suffix.lower() for suffix in self.app.config.source_suffix)
        heading = str(node.get("reftargetid") or "")
        if heading and target in env.found_docs:
            # The page is there; the heading is not ("local id not found in doc").
            page = _as_link(env, target, docname)
            said = f"the page {page!r} has no heading {heading!r}."
            close = difflib.get_close_matches(heading, sorted(_slugs(env, target)), n=1)
            likely = f"{page}#{close[0]}" if close else None
            fix = (
                f" Open {page} and copy the heading's words: in small letters, joined by -"
                " (## Our team is #our-team)."
            )
        elif "/" in target or target.lower().endswith(suffixes):
            said = f"a link to a page the site does not have: {target!r}."
            likely = _likely_page(env, target, docname)
            fix = " A page is named by its file's path from this page's folder."
        else:
            srcdir = Path(self.app.srcdir)
            written = f"#{target}" if _written_with_hash(srcdir, node, target) else target
            said = f"a link to a heading or page the site does not have: {written!r}."
            likely = _likely_heading(env, target, docname)
            fix = (
                " A heading is named by # and its words in small letters, joined by -;"
                " on another page, by the page's file and the same: about.md#our-team."
            )
        # No arguments left: the message is not %-formatted ('my%20page.md' stays so).
        record.msg, record.args = said + (f" Did you mean {likely!r}?" if likely else fix), ()
        return True


#: Sphinx's reference resolver's logger, which names a {term} the glossary lacks.
RESOLVER_LOGGER = "sphinx.sphinx.transforms.post_transforms"


class _LikelyTerm(logging.Filter):
    """``ref.term`` ("term not in glossary: 'personalised learning'") with the term of
    the glossary most likely meant, written as a link to it."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        node: Any = getattr(record, "location", None)
        kind = (getattr(record, "type", None), getattr(record, "subtype", None))
        if kind != ("ref", "term") or not isinstance(node, addnodes.pending_xref):
            return True
        target = str(node.get("reftarget", ""))
        terms = {
            name.lower(): name
            for name, _display, objtype, *_rest in self.app.env.get_domain("std").get_objects()
            if objtype == "term"
        }
        close = difflib.get_close_matches(target.lower(), sorted(terms), n=1, cutoff=0.8)
        said = f"the glossary has no term {target!r}."
        if close:
            said += f" Did you mean {{term}}`{terms[close[0]]}`?"
        else:
            said += " Use a term the glossary lists, or add it there."
        record.msg, record.args = said, ()
        return True


_FILTERS: dict[int, list[tuple[str, logging.Filter]]] = {}


def _start(app: Sphinx, *args: object) -> None:
    if id(app) not in _FILTERS:
        _FILTERS[id(app)] = [
            (MYST_REFS_LOGGER, _LikelyTarget(app)),
            (RESOLVER_LOGGER, _LikelyTerm(app)),
        ]
    for name, each in _FILTERS[id(app)]:
        logging.getLogger(name).addFilter(each)  # once, however often


def _stop(app: Sphinx, exception: Exception | None) -> None:
    # Only for this application: another one in the process has its own pages.
    for name, each in _FILTERS.pop(id(app), []):
        logging.getLogger(name).removeFilter(each)


def setup_link_messages(app: Sphinx) -> None:
    app.add_transform(LineOfLinks)
    # At every build's reading: one application may build more than once (test apps do).
    app.connect("env-before-read-docs", _start)
    app.connect("build-finished", _stop)
