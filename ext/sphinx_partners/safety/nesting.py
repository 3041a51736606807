"""Guards against pages nested too deeply to read, which would crash the build.

Stock Sphinx stops with a traceback and no file:line on a page nested so deeply that
parsing it, or pickling its doctree, exceeds Python's recursion limit, and MyST's
Markdown parser silently drops the rest of a page after 20 levels of quotes or lists.
A pull request gets a located warning instead, and the rest of the site still builds.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..messages import Code, located, warn
from ..tables import warn_tables
from .dropped_links import refused_links
from .headings import bounded_heading_anchors
from .page_settings import page_policy

if TYPE_CHECKING:
    from docutils.parsers import Parser
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.docutils import SphinxDirective

    from .fences import ClosedShort

#: Our directives inside our directives: more than this is refused (a card in a grid in
#: a card is already unusual; Python's stack is the hard limit).
MAX_DIRECTIVE_NESTING = 4
#: Deeper doctrees are flattened: pickling, copying and writing them recurse per level,
#: and real pages stay below 30.
MAX_DOCTREE_DEPTH = 100
#: Enough to see whether markdown-it's own limit (20) cut a page short.
UNLIMITED_MARKDOWN_NESTING = 1000
#: An opening fence of a directive (MyST backtick, tilde or colon fence).
_OPENING_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*\{")
_CLOSING_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*$")


def deepest_fence_line(text: str) -> int | None:
    """The line at which directive fences are nested deepest, for a located message."""
    stack: list[str] = []
    deepest, where = 0, None
    for number, line in enumerate(text.splitlines(), start=1):
        closing = _CLOSING_FENCE.match(line)
        if closing and stack and closing.group(1).startswith(stack[-1]):
            stack.pop()
            continue
        opening = _OPENING_FENCE.match(line)
        if opening:
            stack.append(opening.group(1))
            if len(stack) > deepest:
                deepest, where = len(stack), number
    return where


def _flatten_too_deep(document: nodes.document) -> nodes.Element | None:
    """Replace every subtree below MAX_DOCTREE_DEPTH by its text; return the first one."""
    first = None
    stack: list[tuple[nodes.Element, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        for child in list(node.children):
            if not isinstance(child, nodes.Element):
                continue
            if depth + 1 < MAX_DOCTREE_DEPTH:
                stack.append((child, depth + 1))
                continue
            first = first or located(child)
            text = child.astext()
            flat: nodes.Node = (
                nodes.Text(text)
                if isinstance(node, nodes.TextElement)
                else nodes.paragraph(text, text)
            )
            node.replace(child, flat)
    return first


def markdown_cut_line(text: str, config: Any) -> int | None:
    """The line where MyST's Markdown parser stops reading *text*, if it does."""
    return read_markdown(text, config)[0]


def read_markdown(text: str, config: Any) -> tuple[int | None, list[Any]]:
    """MyST's tokens of *text*, and the line where its parser stops reading, if it does.

    markdown-it stops at 20 levels of quotes and lists and silently drops the rest of
    the page, so a page that gets that deep is parsed again without the limit (cheap:
    tokens only), to find where.
    """
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers.mdit import create_md_parser

    parser = create_md_parser(config, SphinxRenderer)
    limited = parser.parse(text)
    # To stop, the parser must have opened a block at the last level it allows; almost
    # every page stays far below, and then nothing was dropped.
    deepest = max((token.level for token in limited), default=0)
    if deepest < parser.options["maxNesting"] - 1:
        return None, limited
    return _cut_line(parser, text, limited), limited


def markdown_lines(text: str) -> list[str]:
    """*text*'s lines as markdown-it numbers them: only CR, LF and CRLF end a line.

    ``str.splitlines`` also ends one at U+2028, a form feed and other separators, which
    would put every later line number off from the ones MyST gives.
    """
    from markdown_it.rules_core.normalize import NEWLINES_RE

    return NEWLINES_RE.split(text)


def unclosed_fences(tokens: list[Any], text: str) -> list[tuple[int, str]]:
    """(line, marker) of each top-level fence markdown-it ran to the end of the page.

    A fence without its closing marker takes in the rest of the page: the page still
    builds, but everything after the fence is inside the directive. markdown-it's token
    says where the fence ends; it is unclosed when that last line is not its marker.
    """
    lines = markdown_lines(text)
    found = []
    for token in tokens:
        if token.type not in ("fence", "colon_fence") or not token.map or token.level:
            continue
        start, end = token.map
        last = lines[end - 1].strip() if 0 < end <= len(lines) else ""
        marker = token.markup
        closed = end - start > 1 and last.startswith(marker) and not last.strip(marker[0])
        if not closed:
            found.append((start + 1, marker))
    return found


def _cut_line(parser: Any, text: str, limited: list[Any]) -> int | None:
    parser.options["maxNesting"] = UNLIMITED_MARKDOWN_NESTING
    try:
        full = parser.parse(text)
    except RecursionError:
        full = []
    if len(full) == len(limited):
        return None
    # The first block the two readings disagree on is where the limit cut in.
    for cut, whole in zip(limited, full, strict=False):
        if (cut.type, cut.map) != (whole.type, whole.map):
            return int((whole.map or cut.map or [0])[0]) + 1
    deepest = max(limited, key=lambda token: token.level, default=None)
    return int(deepest.map[0]) + 1 if deepest is not None and deepest.map else 1


#: The lines of the page's fences that are never closed, while the page is parsed.
_UNCLOSED_KEY = "partners_unclosed_fences"


def opened_unclosed(directive: Any) -> bool:
    """Whether *directive*'s fence is never closed: its content is then the rest of the
    page, and what it finds there that it cannot hold follows from that one mistake,
    which the ``partners.fence`` warning names (one mistake, one message)."""
    # By file and line: a directive of a file the page includes has lines of its own.
    return directive.get_source_info() in directive.state.document.get(_UNCLOSED_KEY, ())


def _where(document: nodes.document, line: int | None) -> str:
    source = document.get("source", "")
    return f"{source}:{line}" if line else source


def _guarded(parser_class: type[Parser]) -> type[Parser]:
    """A subclass of *parser_class* whose pages cannot exhaust Python's stack."""

    from myst_parser.parsers.sphinx_ import MystParser

    markdown = issubclass(parser_class, MystParser)

    class GuardedParser(parser_class):  # type: ignore[valid-type,misc]
        def parse(self, inputstring: str, document: nodes.document) -> None:
            myst_config = getattr(document.settings.env, "myst_config", None)
            cut, tokens = read_markdown(inputstring, myst_config) if markdown else (None, [])
            unclosed = unclosed_fences(tokens, inputstring)
            # For the directive of such a fence, whose content is the rest of the page.
            page = document.get("source", "")
            document[_UNCLOSED_KEY] = {(page, line) for line, _ in unclosed}
            _warn_fences(document, tokens, myst_config, unclosed)
            config = getattr(getattr(document.settings, "env", None), "config", None)
            if markdown and getattr(config, "partners_page_rules", False):
                warn_tables(page, tokens, markdown_lines(inputstring))
            # Like every partners.scheme check, on sites that ask for it.
            hardened = markdown and bool(getattr(config, "partners_harden_site", False))
            for line, address in refused_links(inputstring, myst_config) if hardened else []:
                warn(
                    Code.SCHEME,
                    "the link to %r is shown as plain text: Markdown never makes a link "
                    "of a javascript:, vbscript:, file: or data: address.",
                    address[:80],
                    location=_where(document, line),
                    hint="Link to an https:// address, or write the text without a link.",
                )
            if cut is not None:
                warn(
                    Code.NESTING,
                    "quotes or lists are nested more than 20 levels deep; Markdown stops "
                    "reading the page here, and the text after it is lost.",
                    location=_where(document, cut),
                    hint="Nest directives, lists and quotes a few levels deep at most.",
                )
            anchors = bounded_heading_anchors(document, tokens) if markdown else nullcontext()
            try:
                with page_policy(document, inputstring), anchors:
                    super().parse(inputstring, document)
            except RecursionError:
                # Parse nothing, so the parser's transforms find their settings, and
                # keep the page's text readable rather than losing it.
                del document[:]
                super().parse("", document)
                document += nodes.literal_block(inputstring, inputstring)
                warn(
                    Code.NESTING,
                    "the page nests blocks too deeply to be read; it is shown as plain text.",
                    location=_where(document, deepest_fence_line(inputstring)),
                    hint="Nest directives, lists and quotes a few levels deep at most.",
                )
                return
            finally:
                document.attributes.pop(_UNCLOSED_KEY, None)  # never stored
            first = _flatten_too_deep(document)
            if first is not None:
                warn(
                    Code.NESTING,
                    "blocks are nested more than %d levels deep; the deepest ones are "
                    "shown as plain text.",
                    MAX_DOCTREE_DEPTH,
                    location=_where(document, first.line),
                    hint="Nest directives, lists and quotes a few levels deep at most.",
                )

    GuardedParser.__name__ = GuardedParser.__qualname__ = f"Guarded{parser_class.__name__}"
    return GuardedParser


def _warn_fences(
    document: nodes.document, tokens: list[Any], config: Any, unclosed: list[tuple[int, str]]
) -> None:
    """Name each block MyST does not end where its author meant, once, where it is wrong."""
    from .fences import ClosedShort, blocks_ended_early, closed_short

    opened = {line for line, _marker in unclosed}
    short = {each.line: each for each in closed_short(tokens, config, opened)}
    for line, marker in unclosed:
        if line in short:
            _warn_closed_short(document, short[line])
            continue
        warn(
            Code.FENCE,
            "the block opened here with %s is never closed; everything after it, to "
            "the end of the page, is inside it.",
            marker,
            location=_where(document, line),
            hint=f"Add a line with {marker} where the block ends.",
        )
    for early in blocks_ended_early(tokens, config, opened):
        colons = early.opening.split("{", 1)[0]
        if isinstance(early, ClosedShort):
            _warn_closed_short(document, early)
            continue
        if not early.inner_opening:  # a heading inside a card or a grid
            warn(
                Code.FENCE,
                "%s (line %d) is not closed before this heading, which it now holds (a "
                "heading inside it becomes a bold line), with what follows.",
                early.opening,
                early.line,
                location=_where(document, early.inner_line),
                hint=f"Add a line with {colons} above the heading, at the end of its text.",
            )
            continue
        warn(
            Code.FENCE,
            "%s (line %d) is not closed before %s opens here, so it takes this block "
            "in: the page shows this one inside it, and both end at this one's closing "
            "line.",
            early.opening,
            early.line,
            early.inner_opening,
            location=_where(document, early.inner_line),
            hint=f"Add a line with {colons} above this one, at the end of its text (to put "
            f"the inner block inside it, open it with one more: {colons[0]}{colons}).",
        )


def _warn_closed_short(document: nodes.document, wrong: ClosedShort) -> None:
    """One message, at the closing line with too few colons, for the block it meant to
    close: that block runs on to the end of the page, or to a later line of as many."""
    up_to = f"to line {wrong.ends_at}" if wrong.ends_at else "to the end of the page"
    warn(
        Code.FENCE,
        "this %s closes nothing: the block opened with %s (line %d) needs a closing line "
        "with as many colons, so what follows, %s, is inside it.",
        wrong.close,
        wrong.opening,
        wrong.line,
        up_to,
        location=_where(document, wrong.close_line),
        hint=f"Write {wrong.opening.split('{', 1)[0]} here.",
    )


def guard_parsers(app: Sphinx, config: Config) -> None:
    """Wrap every registered source parser (config-inited: all extensions are set up)."""
    for parser_class in set(app.registry.source_parsers.values()):
        if not parser_class.__name__.startswith("Guarded"):
            app.add_source_parser(_guarded(parser_class), override=True)


def nested_content(directive: SphinxDirective, *, text_allowed: bool = True) -> list[nodes.Node]:
    """Parse *directive*'s body, refusing more than MAX_DIRECTIVE_NESTING of ours.

    Too deep, the body is kept as plain text where text is allowed (a card's body), so
    it stays readable with nothing more to recurse into; otherwise it is left out.
    """
    document = directive.state.document
    depth = getattr(document, "partners_nesting", 0)
    if depth >= MAX_DIRECTIVE_NESTING:
        warn(
            Code.NESTING,
            "%s is nested more than %d levels deep in partner-card and image-grid "
            "directives; its body is %s.",
            directive.name,
            MAX_DIRECTIVE_NESTING,
            "shown as plain text" if text_allowed else "left out",
            location=directive.get_location(),
            hint="Put cards and grids side by side instead of inside each other.",
        )
        text = "\n".join(directive.content)
        return [nodes.literal_block(text, text)] if text_allowed else []
    document.partners_nesting = depth + 1  # type: ignore[attr-defined]
    try:
        return directive.parse_content_to_nodes()
    finally:
        document.partners_nesting = depth  # type: ignore[attr-defined]


def setup_nesting(app: Sphinx) -> None:
    app.connect("config-inited", guard_parsers)
