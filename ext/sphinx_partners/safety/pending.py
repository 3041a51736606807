"""A docutils ``pending`` node left in a page is taken out, never handed to the writer.

Some reStructuredText directives (``contents``, ``sectnum``, ``target-notes``) leave a
``pending`` node for a transform to replace. Written inside MyST's ``{eval-rst}`` block,
that transform never runs on the page, and Sphinx's HTML writer stopped the whole build
at the node ("unknown node type: pending"): no page of the site was written (a red
team's finding, round 16). Their MyST forms work, so the warning names them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..messages import Code, warn
from ..source_lines import source_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class LeftoverPending(SphinxTransform):
    """After every transform of the page has run, take out what none replaced."""

    # After docutils' and Sphinx's own (the last, doctree-read, runs at 880).
    default_priority = 990

    def apply(self, **kwargs: Any) -> None:
        left = list(self.document.findall(nodes.pending))
        if not left:
            return
        source = self.document.get("source", "")
        lines = source_lines(self.env.srcdir, source)
        seen: dict[str, int] = {}
        for pending in left:
            transform = getattr(pending.transform, "__name__", "").lower()
            directive = _DIRECTIVES.get(transform, transform or "directive")
            seen[directive] = seen.get(directive, 0) + 1
            line = _nth_line_of(directive, seen[directive], lines)
            warn(
                Code.BLOCK,
                "a %s block written inside {eval-rst} cannot be made on a Markdown page; "
                "it is left out.",
                directive,
                location=f"{source}:{line}" if line else source,
                hint="Write it as a MyST directive, such as ```{contents}.",
            )
            pending.parent.remove(pending)


def _nth_line_of(directive: str, nth: int, lines: list[str]) -> int | None:
    """The line of the *nth* ``.. directive::`` of the page (inside ``{eval-rst}``, the
    node knows only its line in the block)."""
    written = re.compile(rf"\s*\.\.\s+{re.escape(directive)}::")
    found = [number for number, line in enumerate(lines, 1) if written.match(line)]
    return found[nth - 1] if len(found) >= nth else None


#: The directive behind each transform that is left pending.
_DIRECTIVES = {"contents": "contents", "sectnumber": "sectnum", "targetnotes": "target-notes"}


def setup_pending(app: Sphinx) -> None:
    app.add_transform(LeftoverPending)
