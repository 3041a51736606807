"""A misspelled option name gets a "did you mean", and the known ones in words.

MyST reports an option a directive does not have as "Unknown option key: 'locaton'
(allowed: ['class', 'eager', ...])" and drops it: a Python list, for readers who are
not programmers. The message says it in words, with the closest known name, for every
directive MyST reads.
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
            name, allowed = match["name"], re.findall(r"'([^']*)'", match["allowed"])
            close = difflib.get_close_matches(name.lower(), allowed, n=1)
            # In words, not as a Python list: "(allowed: ['class', 'eager', ...])".
            said = f"unknown option :{name}:, which was not used."
            if close:
                said += f" Did you mean :{close[0]}:?"
            said += f" The options it knows: {', '.join(f':{a}:' for a in allowed)}."
            record.msg = message[: match.start()] + said + message[match.end() :]
            record.args = ()
        elif _OUR_CAUSE in message:
            # Our words already say what is wrong with the block (a tab, a missing colon):
            # MyST's heading for them only adds jargon.
            record.msg, record.args = message.replace(_MYSTS_HEADING, ""), ()
        return True


#: MyST's heading for an options block it could not read, and the words ours end with.
_MYSTS_HEADING = "Invalid options format: "
_OUR_CAUSE = "none of the block's options could be read"


_FILTER = _SuggestOptionName()


def suggest_option_names() -> None:
    """Add the suggestion to MyST's messages (once per process; adding it again is a no-op)."""
    logging.getLogger(MYST_LOGGER).addFilter(_FILTER)
