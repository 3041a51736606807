"""What a piece of CSS makes a browser load, read by a CSS tokenizer (tinycss2).

A stylesheet can load other stylesheets (``@import``), pictures and fonts (``url()``,
``image-set()``): from another site, that tells it who reads the page, and a
stylesheet from elsewhere can dress the page as anything. Searching the text for
``@import`` missed ``@\\69mport``, which a browser reads as ``@import`` (a red team's
finding): the tokenizer reads escapes, comments and strings as a browser does.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import tinycss2
import webencodings
from tinycss2 import ast

#: Functions whose arguments are addresses (``url("...")`` with quotes is a function).
_ADDRESS_FUNCTIONS = frozenset({"url", "src"})
#: Blocks whose content is read on (a rule's declarations, a media query).
_BLOCKS = (ast.ParenthesesBlock, ast.SquareBracketsBlock, ast.CurlyBracketsBlock)
#: Functions whose strings are addresses of pictures.
_IMAGE_SET_FUNCTIONS = frozenset({"image-set", "-webkit-image-set"})


@dataclass(frozen=True)
class CssLoad:
    """Something a piece of CSS loads: an ``@import`` (its address, if it has one), or
    an address given to ``url()``, ``src()`` or ``image-set()``."""

    kind: str
    address: str


def loads(css: str) -> list[CssLoad]:
    """Everything *css* (a stylesheet, or a ``style`` attribute's declarations) loads."""
    return list(_loads(tinycss2.parse_component_value_list(css, skip_comments=True)))


def _nested(value: ast.Node) -> list[ast.Node] | None:
    """The values inside a block or a function, if *value* is one."""
    if isinstance(value, _BLOCKS):
        return list(value.content)
    if isinstance(value, ast.FunctionBlock):
        return list(value.arguments)
    return None


def _lists(values: list[ast.Node]) -> Iterator[list[ast.Node]]:
    """*values* and every list of values nested in it, without recursion: 20,000 nested
    parentheses in a few kilobytes of CSS exhausted Python's stack (a red team's
    finding)."""
    pending = [values]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(inner for inner in map(_nested, current) if inner is not None)


def _loads(values: list[ast.Node]) -> Iterator[CssLoad]:
    for current in _lists(values):
        pending_import = False
        for value in current:
            if isinstance(value, ast.AtKeywordToken) and value.lower_value == "import":
                pending_import = True
            elif isinstance(value, ast.URLToken):
                yield CssLoad("@import" if pending_import else "url()", value.value)
                pending_import = False
            elif isinstance(value, ast.StringToken) and pending_import:
                yield CssLoad("@import", value.value)
                pending_import = False
            elif isinstance(value, ast.FunctionBlock) and (
                value.lower_name in _ADDRESS_FUNCTIONS or value.lower_name in _IMAGE_SET_FUNCTIONS
            ):
                kind = "@import" if pending_import else f"{value.lower_name}()"
                strings = [each for each in value.arguments if isinstance(each, ast.StringToken)]
                for string in strings or [None]:
                    yield CssLoad(kind, string.value if string is not None else "")
                pending_import = False
            elif pending_import and isinstance(value, ast.LiteralToken) and value.value == ";":
                # "@import ;": an import of nothing, still an import (named, never allowed).
                yield CssLoad("@import", "")
                pending_import = False


def first_load_elsewhere(css: str, elsewhere: Callable[[str], bool]) -> CssLoad | None:
    """The first thing *css* loads from an address *elsewhere* says is not allowed, or
    any ``@import`` whose address it refuses (an import of nothing included)."""
    for load in loads(css):
        if elsewhere(load.address):
            return load
    return None


def fixed_position(css: str) -> bool:
    """Whether *css* (a ``style`` attribute's declarations or a stylesheet) pins an
    element to the window (``position: fixed``): content laid over the whole page, the
    site's own hidden under it (a fake sign-in notice, a red team's finding)."""
    return _pins(tinycss2.parse_component_value_list(css, skip_comments=True))


def _pins(values: list[ast.Node]) -> bool:
    for current in _lists(values):
        words = [value for value in current if not isinstance(value, ast.WhitespaceToken)]
        for first, second, third in zip(words, words[1:], words[2:], strict=False):
            if (
                isinstance(first, ast.IdentToken)
                and first.lower_value == "position"
                and isinstance(second, ast.LiteralToken)
                and second.value == ":"
                and _fixed_or_unknown(third)
            ):
                return True
    return False


def reorders_text(css: str) -> bool:
    """Whether *css* shows words in another order than written: ``unicode-bidi`` (an
    override turns "4410" into "0144" with no invisible character at all) or a
    ``direction`` other than ``ltr``. English and Spanish words never need either."""
    for current in _lists(tinycss2.parse_component_value_list(css, skip_comments=True)):
        words = [value for value in current if not isinstance(value, ast.WhitespaceToken)]
        for first, second, third in zip(words, words[1:], words[2:], strict=False):
            if not (
                isinstance(first, ast.IdentToken)
                and isinstance(second, ast.LiteralToken)
                and second.value == ":"
            ):
                continue
            if first.lower_value == "unicode-bidi":
                return True
            ltr = isinstance(third, ast.IdentToken) and third.lower_value == "ltr"
            if first.lower_value == "direction" and not ltr:
                return True
    return False


def _fixed_or_unknown(value: ast.Node) -> bool:
    """``fixed``, or a value known only in the browser (``var(--mode)`` set to fixed
    elsewhere: a red team's finding)."""
    if isinstance(value, ast.IdentToken):
        return bool(value.lower_value == "fixed")
    return isinstance(value, ast.FunctionBlock) and value.lower_name in {"var", "env", "attr"}


#: A stylesheet's own ``@charset`` rule, which a browser obeys where no server says.
_CHARSET_RULE = re.compile(r'@charset "([^"]*)";')


def stylesheet_text(data: bytes) -> str:
    """A stylesheet file decoded as every browser decodes it: UTF-8, with no mark or
    ``@charset`` of another kind (:class:`ValueError` otherwise, saying which)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValueError("it starts with a UTF-16 mark")
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8") from None
    declared = _CHARSET_RULE.match(text)
    if declared is not None:
        encoding = webencodings.lookup(declared.group(1))
        if encoding is None or encoding.name != "utf-8":
            raise ValueError(f"it declares the character set {declared.group(1)!r}")
    return text
