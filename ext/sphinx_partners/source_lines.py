"""The line of a page that holds a text: where a node the parser left without a line is.

A node knows the line its paragraph or directive starts at; what is inside it (a picture
written inline, a link on the paragraph's second line, a card's option) often does not.
Warnings about such a thing go to the line that holds its text, found in the file the
node's line counts in (the page, or a file it includes), read only inside the project
and counted as MyST counts lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line

from .safety.nesting import markdown_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: What is written as code: its words are not read as the page's.
CODE = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.math_block)


def source_lines(srcdir: str | Path, source: str) -> list[str]:
    """The lines of *source*, a file of the project in *srcdir* (nothing outside it)."""
    path = Path(source).resolve()
    if not path.is_relative_to(Path(srcdir).resolve()):
        return []
    try:
        # Counted as MyST counts them, so that line numbers agree (not str.splitlines).
        return markdown_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError):
        return []


def line_holding(text: str, start: int | None, lines: list[str]) -> int | None:
    """The line that holds *text*, from *start* to the end of its block (a blank line).

    Not found (text the parser changed, a translated page): None, and the caller keeps
    the node's own line.
    """
    if not start or not text:
        return None
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        if text in line:
            return number
        if number > start and not line.strip():
            return None
    return None


def inside_code(node: nodes.Node) -> bool:
    """Whether *node* is written as code (its words are shown, not read)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, CODE):
            return True
        parent = parent.parent
    return False


def place_of_words(
    app: Sphinx, node: nodes.Node, written: str, read: dict[str, list[str]]
) -> str | None:
    """``file:line`` of the line that holds *written*, from *node*'s own line on (a
    paragraph's node knows its first line only); None where the node has no place.
    *read* keeps each file's lines for the next call."""
    source, start = get_source_line(node)
    if not source:
        return None
    if source not in read:
        read[source] = source_lines(app.srcdir, source)
    line = line_holding(written, start, read[source]) or start
    return f"{source}:{line}" if line else None
