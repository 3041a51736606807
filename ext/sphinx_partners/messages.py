"""One way to warn: with a location, a filterable code and a hint on how to fix it."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.locale import get_translation
from sphinx.util import logging

MESSAGE_CATALOG_NAME = "sphinx_partners"
#: Translate text that readers see in the built site.
_ = get_translation(MESSAGE_CATALOG_NAME)

WARNING_TYPE = "partners"


class Code(StrEnum):
    """Every warning subtype the extension gives (``partners.<code>``).

    Each has an entry with an example in ``docs/authoring/warnings.md``; the tests
    check the guide and this list against each other, and build every example.
    """

    def __new__(cls, value: str, meaning: str) -> Code:
        code = str.__new__(cls, value)
        code._value_ = value
        code.__doc__ = meaning
        return code

    ALT = "alt", "A picture in a card or grid has no alt text."
    BLOCK = "block", "A reStructuredText block that cannot be made on a Markdown page."
    BOLD = "bold", "A ** that starts or ends bold has no partner, so it shows as two stars."
    BREAK = "break", "A thematic break (---) inside a card, grid or other block."
    CATALOG = "catalog", "A compiled translation (.mo) has no .po, or differs from it."
    COLUMNS = "columns", "A grid's :columns: is not one to six columns per breakpoint."
    COMMITTED = "committed", "The build's folder holds files committed to the repository."
    CONFIG = "config", "A setting in conf.py has a value the extension cannot use."
    DESCRIPTION = "description", "A page has no description, or one a reader gets wrong."
    DIRECTION = "direction", "Invisible characters reorder how a page's words are shown."
    DIRECTORY = "directory", "A partner-directory option has a value it does not know."
    DUPLICATE = "duplicate", "Two cards register the same partner id."
    EMAIL = "email", "An e-mail address on a site whose safe URL schemes leave out mailto:."
    EMPTY = "empty", "A partner-directory selects no partner."
    ENCODING = "encoding", "A page is not UTF-8, or holds U+FFFD where a letter was lost."
    FENCE = "fence", "A ::: or ``` block is opened and never closed."
    FILENAME = "filename", "A file's name holds a control character, so it was left out."
    FILTER = "filter", "A partner-directory option names no kind or partner that exists."
    FRONTMATTER = "frontmatter", "Front matter sets a parser setting or an odd metadata key."
    GAP = "gap", "A grid's :gap: is not one of the gaps it knows."
    GRID = "grid", "A grid holds something other than pictures, or nothing."
    ID = "id", "A card's :id: is not a valid id."
    IMAGE = "image", "A picture cannot be read, is too large, or is not a picture."
    KIND = "kind", "A card's :kind: is not one of the site's partner kinds."
    LIMIT = "limit", "A page goes past a bound: partners listed, or headings with anchors."
    NESTING = "nesting", "Blocks are nested too deeply to be read in full."
    OPTION = "option", "An option is given twice, or written as text without its colon."
    OUTSIDE = "outside", "A file, picture or symbolic link leads outside the source folder."
    PATH = "path", "A card's logo or a grid's picture path cannot be used."
    PLACEHOLDER = "placeholder", "A template's placeholder in capitals is still in a page."
    QUOTES = "quotes", "A card's or grid's words are wrapped in quotes, which the page shows."
    PUBLISHED = "published", "The check of the built site took out what could run as script."
    ROLE = "role", "A role such as {partner} is written apart from its backticks."
    SCHEME = "scheme", "A link, picture, meta tag or formula uses an unsafe address."
    SINCE = "since", "A card's :since: is not a year."
    TAB = "tab", "A page has a tab character, which MyST may read as something else."
    TABLE = "table", "A table lacks its line of dashes, or text under it became a row."
    TITLE = "title", "A page has no title (#), or a second one where a heading (##) was meant."
    URL = "url", "A card's :url: or a page's link is not an address a browser can reach."


logger = logging.getLogger("sphinx_partners")


#: Longer values are cut in messages (the one rule for every message): a 1 MB option must
#: not make a 1 MB warning. Long enough for our own composed advice (a list of kinds).
MAX_VALUE_IN_MESSAGE = 300


def located(node: nodes.Element) -> nodes.Element:
    """*node*, or the closest node around it that knows its line (directives forget some).

    Tried in order: *node*, then each ancestor with the first of its descendants that
    has a line (a card's image has none, but the card's title does).
    """
    around: nodes.Element | None = node
    while around is not None:
        for candidate in around.findall(nodes.Element):
            if candidate.line:
                return candidate
        around = around.parent if isinstance(around.parent, nodes.Element) else None
    return node


def shortened(value: Any) -> Any:
    """*value*, cut to MAX_VALUE_IN_MESSAGE characters if it is a longer string."""
    if isinstance(value, str) and len(value) > MAX_VALUE_IN_MESSAGE:
        return f"{value[:MAX_VALUE_IN_MESSAGE]}... ({len(value):,} characters)"
    return value


def warn(
    code: Code,
    message: str,
    *args: Any,
    location: Any,
    hint: str = "",
) -> None:
    """Emit one warning of type ``partners`` and subtype *code* at *location*.

    *location* is a node, a ``(docname, line)`` pair or a ``"file:line"`` string.

    Sphinx appends ``[partners.<code>]`` to the message; the authoring guide has
    an entry for every code, so a contributor can search for it.
    """
    text = message % tuple(shortened(arg) for arg in args) if args else message
    if hint:
        text = f"{text} {hint}"
    if _given_before_in_translation(location, text, code):
        return
    logger.warning("%s", text, location=location, type=WARNING_TYPE, subtype=code)


#: Sphinx reads each translated text twice (its i18n transform's two passes), so a
#: warning about a translation would come twice: this build's, each given once, with
#: its code.
_TRANSLATION_WARNINGS: dict[tuple[str, str], Code] = {}
#: Where Sphinx reads a translation: ``<English source>:<line>:<translated>[:<line>]``.
TRANSLATED_PLACE = re.compile(r"(?P<source>.+):(?P<line>\d+):<translated>(?::\d+)?")


def _given_before_in_translation(location: Any, text: str, code: Code) -> bool:
    if isinstance(location, nodes.Node):
        source, line = get_source_line(location)
        where = f"{source}:{line}"
    else:
        where = str(location)
    if "<translated>" not in where:
        return False
    if (where, text) in _TRANSLATION_WARNINGS:
        return True
    _TRANSLATION_WARNINGS[where, text] = code
    return False


def note_translation_warning(where: str, text: str, code: Code) -> None:
    """A message about a translation that was not given by :func:`warn` (another
    logger's, reworded by a filter), for :func:`translations_warned`."""
    if "<translated>" in where:
        _TRANSLATION_WARNINGS.setdefault((where, text), code)


def translations_warned(codes: frozenset[Code]) -> set[tuple[str, int]]:
    """The English texts (source, line) whose translation got a warning of *codes*."""
    places = set()
    for (where, _text), code in _TRANSLATION_WARNINGS.items():
        found = TRANSLATED_PLACE.fullmatch(where)
        if code in codes and found is not None:
            places.add((found["source"], int(found["line"])))
    return places


def forget_translation_warnings(*_args: object) -> None:
    """At each build's reading: a translation still wrong is named again."""
    _TRANSLATION_WARNINGS.clear()


def shown_path(path: Path) -> str:
    """*path* as the reader of the terminal opens it: from the folder the build was
    started in (``docs/index.md`` from the repository) where it is inside it, else as it
    is; a link as itself, not where it leads."""
    try:
        return Path.cwd().joinpath(path).relative_to(Path.cwd()).as_posix()
    except (OSError, ValueError):
        return path.as_posix()
