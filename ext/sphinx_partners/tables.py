"""Markdown tables that did not come out as tables, found in MyST's own tokens.

Two slips pass every check and show on the page: a table written without its line of
dashes (``|---|---|``), which Markdown reads as a paragraph of pipes; and a sentence
written right under a table, without a blank line, which Markdown reads as one more
row of it (a row whose line has no ``|``). Named on sites with ``partners_page_rules``.
"""

from __future__ import annotations

from typing import Any

from .messages import Code, warn


def warn_tables(source: str, tokens: list[Any], lines: list[str]) -> None:
    """Warn about each table slip among *tokens*, MyST's tokens of the page at *source*
    (*lines*: its lines, as markdown-it counts them)."""
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.map and index + 1 < len(tokens):
            rows = tokens[index + 1].content.split("\n")
            if len(rows) >= 2 and all(_looks_like_a_row(row) for row in rows):
                warn(
                    Code.TABLE,
                    "these lines look like a table, but Markdown shows them as a paragraph "
                    "of | signs: a table needs a line of dashes under its first row.",
                    location=f"{source}:{token.map[0] + 1}",
                    hint="Add a line such as |---|---| (one --- per column) under the first row.",
                )
        elif token.type == "tr_open" and token.map and "|" not in _line(lines, token.map[0]):
            warn(
                Code.TABLE,
                "this line follows the table without a blank line, so Markdown made it "
                "one more row of the table.",
                location=f"{source}:{token.map[0] + 1}",
                hint="Leave a blank line between the table and the text after it.",
            )


def _looks_like_a_row(line: str) -> bool:
    text = line.strip()
    return len(text) >= 2 and text.startswith("|") and text.endswith("|")


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else "|"  # unknown: no warning
