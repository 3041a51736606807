"""What a page's transforms left unfinished is taken out, never handed to the writer.

Some reStructuredText directives (``contents``, ``sectnum``, ``target-notes``) leave a
``pending`` node for a transform to replace. Written inside MyST's ``{eval-rst}`` block,
that transform never runs on the page, and Sphinx's HTML writer stopped the whole build
at the node ("unknown node type: pending"): no page of the site was written (a red
team's finding, round 16). Their MyST forms work, so the warning names them. Round 17:
footnotes that docutils numbers or marks itself (``[#]_``, ``[*]_``) stay unlinked
there, and the writer stopped at the reference (``KeyError: 'refid'``).
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
    """After every transform of the page has run, take out what none finished."""

    # After docutils' and Sphinx's own (the last, doctree-read, runs at 880).
    default_priority = 990

    def apply(self, **kwargs: Any) -> None:
        pending = list(self.document.findall(nodes.pending))
        # Footnotes numbered or marked by docutils ([#]_, [*]_) get their number and
        # link from a transform of the whole page, which {eval-rst} never reaches:
        # without it, the writer stopped at the reference (round 17).
        unlinked = [
            reference
            for reference in self.document.findall(nodes.footnote_reference)
            if "refid" not in reference
        ]
        if not pending and not unlinked:
            return
        lines = source_lines(self.env.srcdir, self.document.get("source", ""))
        seen: dict[str, int] = {}
        for node in pending:
            transform = getattr(node.transform, "__name__", "").lower()
            directive = _DIRECTIVES.get(transform, transform or "directive")
            seen[directive] = seen.get(directive, 0) + 1
            written = _WRITTEN.get(directive, rf"\.\.\s+{re.escape(directive)}::")
            self._left_out(
                f"a {directive} block", _nth_line(written, seen[directive], lines), CONTENTS
            )
            node.parent.remove(node)
        for number, reference in enumerate(unlinked, 1):
            self._left_out(
                "an automatically numbered footnote ([#]_ or [*]_)",
                _nth_line(r"\[[#*]\]_", number, lines),
                "Give it a name ([#note]_ and .. [#note]), or use MyST's footnotes ([^note]).",
            )
            reference.parent.remove(reference)
        for footnote in list(self.document.findall(nodes.footnote)):
            numbered = any(isinstance(child, nodes.label) for child in footnote.children)
            if footnote.get("auto") and not numbered:
                footnote.replace_self(footnote.children)  # its text stays, as paragraphs

    def _left_out(self, what: str, line: int | None, hint: str) -> None:
        warn(
            Code.BLOCK,
            "%s written inside {eval-rst} cannot be made on a Markdown page; it is left out.",
            what,
            location=(self.env.docname, line),
            hint=hint,
        )


CONTENTS = "Write it as a MyST directive, such as ```{contents}."


def _nth_line(written: str, nth: int, lines: list[str]) -> int | None:
    """The line of the *nth* place *written* (a pattern) is found on the page (inside
    ``{eval-rst}``, a node knows only its line in the block, or none)."""
    pattern = re.compile(written)
    found = [number for number, line in enumerate(lines, 1) for _ in pattern.finditer(line)]
    return found[nth - 1] if len(found) >= nth else None


#: The directive behind each transform that is left pending.
_DIRECTIVES = {"contents": "contents", "sectnumber": "sectnum", "targetnotes": "target-notes"}
#: How each is written, its other names too.
_WRITTEN = {"sectnum": r"\.\.\s+(?:sectnum|section-numbering)::"}


def setup_pending(app: Sphinx) -> None:
    app.add_transform(LeftoverPending)
