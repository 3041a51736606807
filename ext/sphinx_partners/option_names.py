"""A misspelled option name gets a "did you mean".

MyST reports an option a directive does not have as "Unknown option key: 'locaton'
(allowed: [...])" and drops it. Its message already names the key and the allowed
ones; the closest allowed name is added to it, for every directive MyST reads.
"""

from __future__ import annotations

import difflib
import logging
import re

#: The logger MyST's warnings come from (``myst_parser.warnings_``, through Sphinx's).
MYST_LOGGER = "sphinx.myst_parser.warnings_"
_UNKNOWN = re.compile(r"Unknown option key: '(?P<name>[^']*)' \(allowed: \[(?P<allowed>[^\]]*)\]\)")


class _SuggestOptionName(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # The message as logged, without the location Sphinx's record puts in front.
        message = logging.LogRecord.getMessage(record)
        match = _UNKNOWN.search(message)
        if match:
            allowed = re.findall(r"'([^']*)'", match["allowed"])
            close = difflib.get_close_matches(match["name"].lower(), allowed, n=1)
            if close:
                record.msg = f"{message}. Did you mean :{close[0]}:?"
                record.args = ()
        return True


_FILTER = _SuggestOptionName()


def suggest_option_names() -> None:
    """Add the suggestion to MyST's messages (once per process; adding it again is a no-op)."""
    logging.getLogger(MYST_LOGGER).addFilter(_FILTER)
