"""Two messages of Sphinx and MyST that name a problem get its fix.

- ``toc.not_included``: Sphinx says "document isn't included in any toctree", which a
  reader who is not a programmer cannot act on (what is a toctree?), and the page is
  missing from the site's menu. The message says so, and the two ways out.
- ``myst.header``: MyST says "Non-consecutive header level increase; H1 to H3"; the
  message adds which heading to write instead (``##``).

The codes stay Sphinx's and MyST's, so ``suppress_warnings`` works as before.
"""

from __future__ import annotations

import logging
import re

from .option_names import MYST_LOGGER

#: Sphinx names a module's logger "sphinx." + the module: its environment's, which
#: checks that every page is in a toctree.
ENVIRONMENT_LOGGER = "sphinx.sphinx.environment"
_LEVELS = re.compile(r"H(?P<above>\d) to H(?P<here>\d)")

NOT_INCLUDED_FIX = (
    ": no page lists it, so the site's menu does not show it. Add its name to the "
    "toctree of the page that should list it, or write 'orphan: true' in its front "
    "matter if only links lead to it."
)


def _fix(record: logging.LogRecord) -> str | None:
    kind = (getattr(record, "type", None), getattr(record, "subtype", None))
    if kind == ("toc", "not_included"):
        return NOT_INCLUDED_FIX
    if kind == ("myst", "header"):
        levels = _LEVELS.search(logging.LogRecord.getMessage(record))
        if levels:
            one_below = "#" * (int(levels["above"]) + 1)
            return (
                f". The heading after an H{levels['above']} is one level below it: write "
                f"{one_below} here, or add a {one_below} heading between them."
            )
    return None


class _AddFix(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        fix = _fix(record)
        if fix is not None:
            # The message as logged, without the location Sphinx's record puts in front.
            record.msg = logging.LogRecord.getMessage(record) + fix
            record.args = ()
        return True


_FILTER = _AddFix()


def add_fixes_to_messages() -> None:
    """Once per process (adding the filter again is a no-op)."""
    for name in (ENVIRONMENT_LOGGER, MYST_LOGGER):
        logging.getLogger(name).addFilter(_FILTER)
