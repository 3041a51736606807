"""One message for one changed link in a translation.

A translator who changes a link (``{partner} `summit``` with a space, ``{partner}`sumit```)
got two messages at the same catalog line: Sphinx's "inconsistent references"
(``i18n.inconsistent_references``), said while it translates the page, and the one
that names the cause, said later ("written apart from its backticks", "unknown partner
id 'sumit'. Did you mean 'summit'?"). One is kept:

- While the page is read, Sphinx's message is held back (a filter on its i18n logger)
  until the extension's checks of the page have run (``doctree-read``, last). Where one
  of them named the translation's link itself (``LINK_CODES``), that message says more
  and Sphinx's is dropped; otherwise Sphinx's is given then, and its paragraph marked.
- While pages are written, a link of a marked paragraph that leads nowhere is not said
  again (``ref``: an unknown partner, page or term; MyST's ``xref_missing``) where the
  held message showed its target beside the English one. (Sphinx lists a Markdown
  link by its source text, which it has none of: that link's own message says which.)

A record held in a parallel reading process is given in that process, before it ends,
so nothing is lost; the mark travels with the doctree.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.util import logging as sphinx_logging

from .catalog_lines import PAGE_LINKS
from .messages import Code, translations_warned
from .printable import add_to_print_handlers

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The extension's messages that name a translation's link itself.
LINK_CODES = frozenset({Code.ROLE, Code.URL, Code.SCHEME, Code.EMAIL})
#: The attribute of a paragraph whose translation's links differ, said once.
LINKS_DIFFER = "partners_links_differ"
#: After every check of the page (they run at priority 90 to 600).
FLUSH_PRIORITY = 990
_I18N_LOGGER = f"{sphinx_logging.NAMESPACE}.sphinx.transforms.i18n"
#: Messages about a link that leads nowhere, said while pages are written.
_UNRESOLVED = {("ref", None), ("myst", "xref_missing")}


class _HoldLinkDifferences(logging.Filter):
    """Sphinx's message about a translation's links, kept until the page is read."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[tuple[tuple[str, int], logging.LogRecord]] = []

    def filter(self, record: logging.LogRecord) -> bool:
        node = getattr(record, "location", None)
        if (
            getattr(record, "subtype", None) != "inconsistent_references"
            or getattr(record, "partners_released", False)
            or not isinstance(node, nodes.Element)
        ):
            return True
        source, line = get_source_line(node)
        if source is None or line is None:
            return True
        self.held.append(((source, line), record))
        return False

    def release(self, logger: logging.Logger) -> None:
        """Give what no link message of the extension explains (see the module)."""
        held, self.held = self.held, []
        if not held:
            return
        explained = translations_warned(LINK_CODES)
        given: set[tuple[tuple[str, int], str]] = set()
        for place, record in held:
            said = (place, str(record.msg))
            if place in explained or said in given:  # (Sphinx's two passes say it twice)
                continue
            given.add(said)
            paragraph = record.location  # type: ignore[attr-defined]
            page_links = _page_links(paragraph)
            setattr(record, PAGE_LINKS, page_links)
            # What it shows of the links, for the check of later messages below.
            paragraph[LINKS_DIFFER] = " ".join([record.getMessage(), *page_links])
            record.partners_released = True
            logger.handle(record)


class _SaidAlready(logging.Filter):
    """A link of a marked paragraph that leads nowhere: said by the held message."""

    def filter(self, record: logging.LogRecord) -> bool:
        kind = getattr(record, "type", None)
        if record.levelno < logging.WARNING or kind not in {"ref", "myst"}:
            return True
        subtype = None if kind == "ref" else getattr(record, "subtype", None)
        node = getattr(record, "location", None)
        if (kind, subtype) not in _UNRESOLVED or not isinstance(node, nodes.Node):
            return True
        target = node.get("reftarget") if isinstance(node, nodes.Element) else None
        around: nodes.Node | None = node
        while around is not None:
            if isinstance(around, nodes.Element) and around.get(LINKS_DIFFER):
                # Said already only where the held message showed this link's target
                # (Sphinx lists a Markdown link as '': its own message says which).
                shown = str(around[LINKS_DIFFER])
                return not (target and any(each in shown for each in _written(target)))
            around = around.parent
        return True


def _written(target: object) -> tuple[str, str, str]:
    """How a link's source text ends with *target*: a role's, ``{partner}`fnd``` or
    ``{partner}`the fund <fnd>``` as Sphinx lists it; a page link's as shown,
    ``[words](page.md)``."""
    return f"`{target}`", f"<{target}>`", f"]({target})"


def _page_links(paragraph: nodes.Element) -> list[str]:
    """The Markdown page links of a translated paragraph, as written: Sphinx lists each
    as '' (it has no source text), so its message could not say which link differs."""
    return [
        f"[{link.astext()}]({link['reftarget']})"
        for link in paragraph.findall(addnodes.pending_xref)
        if link.get("reftype") == "myst" and link.get("reftarget")
    ]


_HOLD = _HoldLinkDifferences()


def _release(app: Sphinx, doctree: nodes.document) -> None:
    _HOLD.release(logging.getLogger(_I18N_LOGGER))


def _guard_handlers(app: Sphinx, *_args: object) -> None:
    add_to_print_handlers(_SaidAlready, first=True)  # before Sphinx counts the warning


def setup_translation_links(app: Sphinx) -> None:
    logger = logging.getLogger(_I18N_LOGGER)
    if _HOLD not in logger.filters:
        logger.addFilter(_HOLD)
    app.connect("doctree-read", _release, priority=FLUSH_PRIORITY)
    app.connect("config-inited", _guard_handlers)
    app.connect("builder-inited", _guard_handlers)
