"""Options as MyST reads them: an option written twice is warned, a tab is named.

MyST reads a directive's options with ``options_to_tokens`` and keeps the last value of
a key written twice, without a word. The key tokens MyST read carry their lines, so a
thin wrapper around that reader notes repeated keys, and our directives report them at
the repeated option's line. Nothing is re-parsed here: the tokens are MyST's own.
When MyST cannot read a block because of a tab, its error ("expected key to start at
column 0") is given the words that say so.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .messages import Code, warn

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective


@dataclass(frozen=True)
class _Repeated:
    """What MyST read of one options block (lines counted within the block)."""

    block: str
    #: (key, line of its first value, line of the value that replaced it)
    keys: tuple[tuple[str, int, int], ...]
    #: key -> line of the value MyST kept, so a warning about it points there
    lines: tuple[tuple[str, int], ...] = ()


#: What MyST's reader last read, in this thread; our directive reads and clears it.
_last_read: ContextVar[_Repeated | None] = ContextVar("partners_repeated", default=None)
#: The last options block MyST could not read at all (a directive then runs without
#: any of its options): the directive it belongs to reads and clears it.
_lost_block: ContextVar[str | None] = ContextVar("partners_lost_options", default=None)
#: The lines (their text) whose tab MyST's error now names, since the page began: the
#: page rules' own tab warning leaves them out (one mistake, one message).
_named_tabs: ContextVar[frozenset[str]] = ContextVar("partners_named_tabs", default=frozenset())


def take_named_tab_lines() -> frozenset[str]:
    """The text of each line whose tab an option error named, forgotten once taken."""
    named = _named_tabs.get()
    _named_tabs.set(frozenset())
    return named


def _noting_repeats(options_to_tokens: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(options_to_tokens)
    def read(text: str, *args: Any, **kwargs: Any) -> Any:
        try:
            tokens, state = options_to_tokens(text, *args, **kwargs)
        except Exception as error:
            _lost_block.set(text)
            raise _named_cause(error, text) from error
        first: dict[str, int] = {}
        repeated = []
        for key, _value in tokens:
            if key.value in first:
                repeated.append((key.value, first[key.value], key.start.line))
            else:
                first[key.value] = key.start.line
        kept = {key.value: key.start.line for key, _value in tokens}
        _last_read.set(_Repeated(text, tuple(repeated), tuple(kept.items())))
        return tokens, state

    read.partners_noting = True  # type: ignore[attr-defined]
    return read


#: Characters an editor puts where a space was typed, invisible, which stop MyST's reader.
_INVISIBLE = {"\t": "a tab character", "\xa0": "a non-breaking space (U+00A0)"}
#: An option line with one of them right after its name's colon (MyST hands its reader
#: the lines without their first colon).
_AFTER_NAME = re.compile(r"^:?[A-Za-z][\w-]*:[\t\xa0]")


def _has_invisible(line: str) -> bool:
    return any(char in line for char in _INVISIBLE)


def _named_cause(error: Exception, text: str) -> Exception:
    """MyST's error, or the same error saying what a tab or a non-breaking space did
    (its words are cryptic), at the line that holds it (a non-breaking space after a
    key's colon is found only on the next line)."""
    mark = getattr(error, "problem_mark", None)
    lines = text.splitlines()
    line = getattr(mark, "line", None)
    if not isinstance(line, int) or not 0 <= line < len(lines):
        return error
    unclosed = _key_without_colon(str(error), lines, line)
    if unclosed is not None and mark is not None:
        number, key, value = unclosed
        problem = (
            f"the option :{key} has no colon after its name, so none of the block's "
            f"options could be read and all of them were ignored; write :{key}: {value}"
        ).rstrip()
        return type(error)(problem, type(mark)(index=mark.index, line=number, column=0))
    for number in (line, line - 1):
        found = next((char for char in _INVISIBLE if number >= 0 and char in lines[number]), None)
        if found is not None:
            break
    else:
        return error
    # Another option with such a character right after its name's colon is broken too
    # (the reader stops at the first it cannot read, or a line or two later): the
    # first is named, all are counted.
    broken = sorted(
        {number}
        | {n for n, text in enumerate(lines) if _AFTER_NAME.match(text)}
        | {n for n in (line - 1, line) if n >= number and _has_invisible(lines[n])}
    )
    number = broken[0]
    found = next(char for char in _INVISIBLE if char in lines[number])
    others = len(broken) - 1
    more = f" (and {others} more option line{'s' * (others > 1)} below)" if others else ""
    problem = (
        f"this line has {_INVISIBLE[found]}{more}, so none of the block's options could be "
        "read and all of them were ignored; write ':key: value' with plain spaces only"
    )
    _named_tabs.set(_named_tabs.get() | {lines[n].strip() for n in broken})
    if number != line and mark is not None:
        mark = type(mark)(index=mark.index, line=number, column=0)
    return type(error)(problem, mark)


#: An option line whose name has lost its closing colon: ``:location Valley Town`` (MyST
#: hands its reader the lines without their first colon).
_NAME_WITHOUT_COLON = re.compile(r"^:?(?P<key>[A-Za-z][\w-]*)(?:\s+(?P<value>.*))?$")


def _key_without_colon(said: str, lines: list[str], line: int) -> tuple[int, str, str] | None:
    """(line, name, value) of the option line that lacks its colon, if that is what
    MyST's reader stopped at ("expected ':' after key", which it says a line late)."""
    if "expected ':' after key" not in said:
        return None
    for number in (line, line - 1):
        if 0 <= number < len(lines):
            found = _NAME_WITHOUT_COLON.match(lines[number].strip())
            if found is not None:
                return number, found["key"], found["value"] or ""
    return None


def hook_myst_option_reader() -> None:
    """Wrap the option reader MyST's directive parser calls (once per process)."""
    from myst_parser.parsers import directives as myst_directives

    reader = getattr(myst_directives, "options_to_tokens", None)
    if reader is not None and not getattr(reader, "partners_noting", False):
        setattr(myst_directives, "options_to_tokens", _noting_repeats(reader))  # noqa: B010


#: Where each option of a directive stands in the page, once warn_repeated_options read it.
_OPTION_LINES = "_partners_option_lines"


def option_location(directive: SphinxDirective, key: str) -> tuple[str, int] | str:
    """The page and line of option *key*, for a warning about it; else the directive's."""
    line = getattr(directive, _OPTION_LINES, {}).get(key)
    if line is None:
        return directive.get_location()
    return (directive.env.docname, line)


def option_line(directive: SphinxDirective, key: str) -> int:
    """The line of option *key*, for a node made from its value; else the directive's."""
    line: int | None = getattr(directive, _OPTION_LINES, {}).get(key)
    return directive.lineno if line is None else line


def lost_options(directive: SphinxDirective) -> dict[str, str] | None:
    """None if MyST read *directive*'s options; else the options meant (MyST ran the
    directive without any, and warned at the line): MyST's own reader on the block with
    its tabs as spaces, or nothing if that fails too. Call first thing in ``run``.

    What was meant is never used as an option: it only tells which partner a card was
    for, so that links to it are not named unknown because of the one mistake.
    """
    block = _lost_block.get()
    _lost_block.set(None)
    if block is None or not all(line.strip() in directive.block_text for line in block.split("\n")):
        return None  # none lost, or another directive's
    from myst_parser.parsers.options import TokenizeError, options_to_tokens

    try:
        tokens, _state = options_to_tokens(block.replace("\t", " ").replace("\xa0", " "))
    except TokenizeError:
        return {}
    return {key.value: value.value if value else "" for key, value in tokens}


def warn_repeated_options(directive: SphinxDirective) -> None:
    """Warn about each option *directive* was given twice (call first thing in ``run``).

    It also notes where each option stands, for :func:`option_location`.
    """
    found = _last_read.get()
    _last_read.set(None)
    if found is None:
        return
    if not all(line.strip() in directive.block_text for line in found.block.splitlines()):
        return  # what MyST read last belongs to another directive
    # MyST's option block starts on the line after the directive's, or after its "---".
    body = directive.block_text.split("\n", 1)[1] if "\n" in directive.block_text else ""
    start = directive.lineno + (2 if body.startswith("---") else 1)
    setattr(directive, _OPTION_LINES, {key: start + line for key, line in found.lines})
    for key, first_line, line in found.keys:
        warn(
            Code.OPTION,
            "%s: the option :%s: is given twice (lines %d and %d); the second value is used.",
            directive.name,
            key,
            start + first_line,
            start + line,
            location=(directive.env.docname, start + line),
            hint="Keep one of the two lines.",
        )
