"""Bounds on the options that set how much Sphinx's own directives make.

A red team's finding (round 15): Sphinx lists every line number a line spec names
before it compares them with the block (``sphinx.util._lines.parse_line_num_spec``), so
``:emphasize-lines: 1-1000000000`` on a one-line ``code-block`` asked for about 40 GB,
and ``hlist``'s ``:columns: 300000`` made 300,000 columns (63 s, a 10 MB page), with no
warning; ``:columns: 0`` stopped the build with a ``ZeroDivisionError``. Round 16: a first line
number of 4,300 digits, which Pygments writes before every line.

The directives are Sphinx's own, subclassed: each reads its options as Sphinx does and
checks them before Sphinx uses them. A value past the bound gets a ``partners.limit``
warning at its line and is left out (the block is shown without highlighted lines or
with as many columns as its list has lines). What stays within the bound is Sphinx's to
read, its own warnings included.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.directives.code import CodeBlock, LiteralInclude
from sphinx.directives.other import HList
from sphinx.directives.patches import Code as CodeDirective

from ..messages import Code, warn
from ..source_lines import line_holding, source_lines
from .paths import UnsafePathError, resolve_source_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxDirective

#: Line numbers a spec may make Sphinx list (one entry per line of each range): ample
#: for ten ranges over a 100,000-line file, 8 MB of list at most.
MAX_LISTED_LINES = 1_000_000
#: The first line number a block may show: Pygments writes it before every line, so
#: a number of 4,300 digits (the most ``int()`` reads) made a 64 KB page 130 MB.
MAX_FIRST_LINE_NUMBER = 1_000_000_000
#: ``hlist`` columns past which a list must have as many lines as it asks columns.
MAX_PLAIN_COLUMNS = 12
#: An integer as Python's ``int()`` reads it: any Unicode digits, underscores between.
_INTEGER = re.compile(r"\d+(?:_\d+)*")


def lines_listed(spec: str, total: int) -> int:
    """At most how many line numbers Sphinx lists for *spec* over *total* lines.

    Every range lists at most up to its end, which is a number written in the spec or,
    left open (``5-``), the last line: so no more than the number of ranges times the
    largest of those. The spec itself is left to Sphinx to read.
    """
    largest = max([total, *(int(number) for number in _INTEGER.findall(spec))])
    return (spec.count(",") + 1) * largest


def _option_location(directive: SphinxDirective, option: str) -> str | tuple[str, int]:
    """The line that holds *option* in *directive*'s block, else the directive's."""
    source, line = directive.get_source_info()
    if source and line:
        found = line_holding(option, line, source_lines(directive.env.srcdir, source))
        if found:
            return f"{source}:{found}"
    return directive.get_location()


def _checked_line_specs(directive: SphinxDirective, total: int) -> None:
    """Leave out each line spec of *directive* that would list too many numbers."""
    for option in ("lines", "emphasize-lines"):
        spec = directive.options.get(option)
        if spec is None or lines_listed(str(spec), total) <= MAX_LISTED_LINES:
            continue
        del directive.options[option]
        warn(
            Code.LIMIT,
            "%s: :%s: %s names lines far past the last one here (line %s); Sphinx "
            "would list every number up to them, so the option is left out.",
            directive.name,
            option,
            str(spec),
            f"{total:,}",
            location=_option_location(directive, option),
            hint="Name lines of the block, such as 2,4-6.",
        )


def _checked_first_line(directive: SphinxDirective, option: str) -> None:
    """Leave out *option*, the number of a block's first line, if it is past the bound."""
    first = directive.options.get(option)
    if first is None or abs(first) <= MAX_FIRST_LINE_NUMBER:
        return
    del directive.options[option]
    digits = len(str(abs(first)))
    warn(
        Code.LIMIT,
        "%s: :%s: is a number of %s digits, which would be written before every line; "
        "the option is left out.",
        directive.name,
        option,
        f"{digits:,}",
        location=_option_location(directive, option),
        hint=f"Start the lines at a number up to {MAX_FIRST_LINE_NUMBER:,}.",
    )


class BoundedCodeBlock(CodeBlock):
    """Sphinx's ``code-block``, whose ``:emphasize-lines:`` names lines of the block."""

    def run(self) -> list[nodes.Node]:
        _checked_line_specs(self, len(self.content))
        _checked_first_line(self, "lineno-start")
        return super().run()


class BoundedCode(CodeDirective):
    """Sphinx's ``code``, whose ``:number-lines:`` is a line number within the bound."""

    def run(self) -> list[nodes.Node]:
        _checked_first_line(self, "number-lines")
        return super().run()


class BoundedLiteralInclude(LiteralInclude):
    """Sphinx's ``literalinclude``, whose ``:lines:`` and ``:emphasize-lines:`` name
    lines of the file."""

    def run(self) -> list[nodes.Node]:
        if self.state.document.settings.file_insertion_enabled:
            _checked_line_specs(self, _lines_of(self))
            _checked_first_line(self, "lineno-start")
        return super().run()


def _lines_of(directive: SphinxDirective) -> int:
    """The included file's line count, an upper bound: counted in a file of the
    project; outside it (a site that lets Sphinx read there), its size in bytes."""
    env = directive.env
    try:
        included = resolve_source_file(env, env.docname, directive.arguments[0])
        return included.path.read_bytes().count(b"\n") + 1
    except UnsafePathError:
        _relative, filename = env.relfn2path(directive.arguments[0], env.docname)
    except OSError:
        return 0  # Sphinx says the file cannot be read
    try:
        return Path(filename).stat().st_size + 1
    except OSError:
        return 0


class BoundedHList(HList):
    """Sphinx's ``hlist``, with one column at least and no more than its list fills."""

    def run(self) -> list[nodes.Node]:
        columns = self.options.get("columns", 2)
        lines = max(1, len(self.content))
        if columns < 1 or (columns > MAX_PLAIN_COLUMNS and columns > lines):
            shown = self.options["columns"] = min(max(columns, 1), lines)
            warn(
                Code.LIMIT,
                "hlist: :columns: %s cannot be shown: a list has one column at least, "
                "and no more than it has lines (%d here); it is shown in %s.",
                str(columns),
                lines,
                "one column" if shown == 1 else f"{shown} columns",
                location=_option_location(self, "columns"),
                hint="Ask for two to four columns.",
            )
        return super().run()


#: Each directive name Sphinx gives these classes.
BOUNDED: dict[str, type[Any]] = {
    "code-block": BoundedCodeBlock,
    "sourcecode": BoundedCodeBlock,
    "code": BoundedCode,
    "literalinclude": BoundedLiteralInclude,
    "hlist": BoundedHList,
}


def setup_directive_sizes(app: Sphinx) -> None:
    for name, directive in BOUNDED.items():
        app.add_directive(name, directive, override=True)
