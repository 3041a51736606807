"""Thematic breaks (``---``, ``***``) inside blocks, where docutils cannot place them.

Markdown allows a break anywhere, but docutils only inside the page or a section.
docutils before 0.22 stops the whole build on a break that opens a card, note or list
item (an ``assert`` in its ``Transitions`` transform); 0.22 keeps it with a warning.
Running just before that transform, we take such breaks out with one located warning,
the same on every docutils version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.transforms import Transform
from docutils.transforms.misc import Transitions

from ..messages import Code, located, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class MisplacedBreaks(Transform):
    """Take out breaks whose parent is neither the page nor a section."""

    default_priority = Transitions.default_priority - 1

    def apply(self, **kwargs: object) -> None:
        for transition in list(self.document.findall(nodes.transition)):
            parent = transition.parent
            if parent is None or isinstance(parent, nodes.document | nodes.section):
                continue
            warn(
                Code.BREAK,
                "a thematic break (---, *** or ___) inside %s was left out: a break can only "
                "separate parts of the page itself.",
                _block_name(parent),
                location=located(transition),
                hint="Remove the line, or close the block before the break.",
            )
            parent.remove(transition)


def _block_name(parent: nodes.Element) -> str:
    classes: list[str] = parent["classes"]
    ours = next((c for c in classes if c.startswith("partners-")), None)
    if ours is not None:
        return "a " + ours.removeprefix("partners-").split("__")[0].replace("-", " ")
    return f"a {parent.tagname.replace('_', ' ')}"


def setup_breaks(app: Sphinx) -> None:
    app.add_transform(MisplacedBreaks)
