"""What the build prints stays text: each message on its own lines, no terminal control.

A warning quotes what a contributor wrote (an option's value, a file name, a catalog's
words). Printed as it is, an escape sequence in it retitles the terminal, hides a link
behind other words or sends the cursor back over the real message; a newline starts a
line that reads as a message of its own (``docs/x.md:1: WARNING: ...``, ``build
succeeded.``). So every warning Sphinx prints (to the terminal and to the ``-w`` file
that CI and the quick check read) shows its control characters as escapes (``\\x1b``)
and indents the lines after its first.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from sphinx.util import logging as sphinx_logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: C0 controls but tab and newline, DEL, C1 controls (a terminal obeys some), the line
#: and paragraph separators (Python's ``splitlines`` ends a line at them), and the
#: direction marks and overrides (they turn the text after them around on screen).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
#: How the lines after a message's first are indented.
CONTINUATION = "\n    "


def printable(text: str) -> str:
    """*text* with control characters as escapes and its later lines indented."""
    shown = _CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode(), text)
    return shown.replace("\n", CONTINUATION)


class _Printable(logging.Filter):
    """Applied by the handlers Sphinx prints with, after Sphinx's own filters (which
    put the location into words): warnings only, as Sphinx colours its own status."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        message = logging.LogRecord.getMessage(record)  # without Sphinx's location
        shown = printable(message)
        if shown != message:
            record.msg, record.args = shown, ()
        location = getattr(record, "location", None)
        if isinstance(location, str):
            # A location is one line: a newline in a file's name is shown, not obeyed.
            record.location = printable(location).replace(CONTINUATION, "\\n")
        return True


def add_to_print_handlers(filter_type: type[logging.Filter], *, first: bool = False) -> None:
    """Give each handler Sphinx prints with one *filter_type* filter, after its own (or,
    *first*, before them: before Sphinx counts a warning, raises it with -W or puts its
    location into words). Sphinx makes its handlers for each application: call it when
    one is made (config-inited) and when its builder starts (builder-inited)."""
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if not any(isinstance(each, filter_type) for each in handler.filters):
            if first:
                handler.filters.insert(0, filter_type())
            else:
                handler.addFilter(filter_type())


def _guard_handlers(app: Sphinx, *_args: object) -> None:
    add_to_print_handlers(_Printable)


def setup_printable_messages(app: Sphinx) -> None:
    app.connect("config-inited", _guard_handlers)
    app.connect("builder-inited", _guard_handlers)
