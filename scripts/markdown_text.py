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


#: Where GitHub's Markdown makes a link of plain text (``https://...``, ``ftp://...``,
#: ``www.``, an e-mail address): a zero-width space there keeps it text.
_AUTOLINKED = re.compile(r"(:/)(/)|(?i:(www))(\.)|(@)")
_ZERO_WIDTH_SPACE = "&#8203;"


def plain(text: str) -> str:
    """*text* on one line, shown as it is in a table cell: no HTML, no Markdown, and no
    address GitHub would make a link of (a message quoting a contributor's address
    showed it as a link in the job summary: a red team's finding)."""
    text = html.escape(" ".join(text.split()), quote=False)  # no raw HTML, one line
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _AUTOLINKED.sub(
        lambda found: (
            _ZERO_WIDTH_SPACE.join(part for part in found.groups() if part)
            if found.group(5) is None
            else f"@{_ZERO_WIDTH_SPACE}"
        ),
        text,
    )


def code(text: str) -> str:
    """*text* as inline code in a table cell, whatever backticks it holds."""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"
