"""Text a contributor wrote, shown as text in a Markdown table of CI's job summary.

A build's message quotes an option's value or a file's name: in the summary it must not
become a link, a picture that reports who reads it, HTML or a cell of its own.
"""

from __future__ import annotations

import html
import re

#: What makes Markdown of text in a table cell: emphasis, links and pictures (brackets,
#: "!"), code, strikethrough, the cell's end. HTML is escaped apart.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]!~|])")


def plain(text: str) -> str:
    """*text* on one line, shown as it is in a table cell."""
    text = html.escape(" ".join(text.split()), quote=False)  # no raw HTML, one line
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """*text* as inline code in a table cell, whatever backticks it holds."""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"
