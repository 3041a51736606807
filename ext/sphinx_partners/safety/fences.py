"""Blocks (``:::{note}``, ```` ```{note} ````) that MyST ends where the author did not.

MyST ends a colon block at the first line of colons that can close it, whatever was
opened inside it. So a block left open before another with as many colons (a ``:::{note}``
before a ``:::{partner-card}``) ends at the card's closing line, and holds the card; and a
``::::{image-grid}`` closed with ``:::`` is never closed at all, holding the rest of the
page. A card or a grid left open before a heading holds the heading too (made a bold
line). These pages build without a word. Each block's text is read again by MyST's own
parser (only when it holds a line of colons, or, in a card or a grid, a heading), and
the line where the closing line is missing is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .nesting import read_markdown

#: A line that opens a colon block, or one of colons alone (a closing line).
_COLON_LINE = re.compile(r"^ {0,3}:{3,}", re.MULTILINE)
#: Blocks inside blocks are read this deep, no deeper (each level reads its text again).
_MAX_DEPTH = 4


@dataclass(frozen=True)
class EndedEarly:
    """A colon block (opened at *line*) that holds, at *inner_line*, a block opened with
    as many colons (MyST ended the outer one at the closing line meant for the inner),
    or a heading, which a card or a grid never holds (*inner_opening* is empty)."""

    line: int
    opening: str  # ":::{note}"
    inner_line: int
    inner_opening: str


#: The extension's blocks: a heading inside one means its closing line is missing.
_HOLD_NO_HEADING = ("{partner-card}", "{image-grid}")
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)", re.MULTILINE)


@dataclass(frozen=True)
class ClosedShort:
    """A colon block (opened at *line*) whose closing line, at *close_line*, has fewer
    colons: it closes nothing, and the block runs to the end of the page, or to the
    line *ends_at* where a later line of as many colons closes it."""

    line: int
    opening: str
    close_line: int
    close: str
    ends_at: int | None = None


def _opening(token: Any) -> str:
    return f"{token.markup}{token.info.split()[0] if token.info.strip() else ''}"


def blocks_ended_early(
    tokens: list[Any], config: Any, unclosed_lines: set[int]
) -> list[EndedEarly | ClosedShort]:
    """Every colon block of the page's *tokens* that holds a block opened with as many
    colons, or a heading, and the line of that; or that holds a line of fewer colons
    alone, meant to close it, and is closed later by another block's closing line
    (``::::{partner-card}`` closed with ``:::`` holds the row of photos after it). Blocks
    never closed, opened at one of *unclosed_lines*, are left out: that they are never
    closed is the one message."""
    tops = [token for token in tokens if not token.map or token.map[0] + 1 not in unclosed_lines]
    return _scan(tops, config, 1, 0)


def closed_short(tokens: list[Any], config: Any, unclosed_lines: set[int]) -> list[ClosedShort]:
    """For each top-level block never closed (opened at one of *unclosed_lines*), the
    first line of fewer colons among its own lines: the closing line meant for it."""
    found = []
    for token in tokens:
        if token.type != "colon_fence" or not token.map or token.map[0] + 1 not in unclosed_lines:
            continue
        if not _COLON_LINE.search(token.content):
            continue
        _, inner = read_markdown(token.content, config)
        short = _bare_colons(inner, len(token.markup))
        if short is not None:
            line, colons = short
            found.append(
                ClosedShort(token.map[0] + 1, _opening(token), token.map[0] + 2 + line, colons)
            )
    return found


def _bare_colons(tokens: list[Any], length: int) -> tuple[int, str] | None:
    """The first line of colons alone (fewer than *length*) at the top of *tokens*: MyST
    reads it as a block with no name that opens there."""
    for token in tokens:
        nameless = token.type == "colon_fence" and not token.info.strip()
        if nameless and token.map and not token.level and len(token.markup) < length:
            return token.map[0], token.markup
    return None


def _is_directive(token: Any) -> bool:
    """A block of colons with a name, or of backticks with a directive (```{note}): the
    blocks whose text MyST reads as Markdown (a code block's is never read)."""
    info = str(token.info).strip()
    if token.type == "colon_fence":
        return bool(info)  # a line of colons alone is read as a block with no name
    return token.type == "fence" and info.startswith("{")


def _scan(
    tokens: list[Any], config: Any, first_line: int, depth: int
) -> list[EndedEarly | ClosedShort]:
    found: list[EndedEarly | ClosedShort] = []
    for token in tokens:
        if not _is_directive(token) or not token.map or token.level:
            continue
        ours = token.info.strip().startswith(_HOLD_NO_HEADING)
        fence_line = re.search(rf"(?m)^ {{0,3}}{re.escape(token.markup[0])}{{3,}}", token.content)
        worth_reading = fence_line or (ours and _HEADING_LINE.search(token.content))
        if depth >= _MAX_DEPTH or not worth_reading:
            continue
        content_line = first_line + token.map[0] + 1  # the page line of its first line
        _, inner = read_markdown(token.content, config)
        short = _bare_colons(inner, len(token.markup)) if token.markup[0] == ":" else None
        if short is not None:
            line, colons = short
            opened, ends_at = first_line + token.map[0], first_line + token.map[1] - 1
            found.append(ClosedShort(opened, _opening(token), content_line + line, colons, ends_at))
            continue  # what follows inside it comes from that one mistake
        wrong = next((each for each in inner if _ends_it(each, token, ours)), None)
        if wrong is not None:
            inner_opening = "" if wrong.type == "heading_open" else _opening(wrong)
            found.append(
                EndedEarly(
                    first_line + token.map[0],
                    _opening(token),
                    content_line + wrong.map[0],
                    inner_opening,
                )
            )
            continue  # what follows inside it comes from that one mistake
        found += _scan(inner, config, content_line, depth + 1)
    return found


def _ends_it(inner: Any, outer: Any, ours: bool) -> bool:
    """Whether *inner*, read at the top of *outer*'s text, shows where *outer*'s closing
    line is missing: a block with as many colons, or a heading in a card or a grid."""
    if not inner.map or inner.level:
        return False
    if inner.type == "heading_open":
        return ours
    return (
        _is_directive(inner)
        and inner.markup[0] == outer.markup[0]
        and len(inner.markup) >= len(outer.markup)
    )
