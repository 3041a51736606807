"""Markdown links that markdown-it refused: said, at their line.

markdown-it never makes a link or picture of a ``javascript:``, ``vbscript:``, ``file:``
or ``data:`` address (its ``validateLink``); it leaves ``[text](address)`` in the page as
plain text, without a word. A page that names such a scheme is read once more by the
same parser with every address allowed, and each link that the real reading refused is
reported. Nothing is re-implemented: the links are markdown-it's, and so is the rule.
"""

from __future__ import annotations

import re
from typing import Any

#: A page with none of these words and no character reference (markdown-it decodes
#: ``&#106;avascript:`` and ``javascript&colon;`` before it judges) has no link it refuses.
_REFUSED_SCHEMES = re.compile(r"(?i)(javascript|vbscript|file|data)\s*:|&")


def refused_links(text: str, config: Any) -> list[tuple[int, str]]:
    """(line, address) of each Markdown link or picture markdown-it showed as text."""
    if not _REFUSED_SCHEMES.search(text):
        return []
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers.mdit import create_md_parser

    parser = create_md_parser(config, SphinxRenderer)
    allowed = parser.validateLink
    # Read every address, to see which ones the real reading refused.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    found = []
    for block in parser.parse(text):
        line = (block.map or [0])[0] + 1
        for token in block.children or []:
            # A paragraph's words carry no lines of their own: count its line breaks.
            line += token.type in ("softbreak", "hardbreak")
            address = token.attrGet("href") or token.attrGet("src")
            if token.type in ("link_open", "image") and address and not allowed(str(address)):
                found.append((line, str(address)))
    return found
