"""A link to a partner no card has: named at its own line, with the likely id.

Sphinx names a dangling ``{partner}`` link with the domain's fixed words, at the line
its paragraph starts on (MyST gives inline markup the paragraph's line). The link is
given the line that holds it (``link_messages.py``), and the warning the id of the
closest card ("Did you mean 'bedford'?"). A card whose options MyST could not read (a
tab in them) is not registered; links to the id it was meant to have are not named
unknown: MyST's warning at that card is the one message for the one mistake.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from sphinx.util import logging

from .domain import PartnersDomain, partners_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.domains import Domain

logger = logging.getLogger(__name__)


def _unknown_partner(app: Sphinx, domain: Domain, node: nodes.Element) -> bool | None:
    """warn-missing-reference: name an unknown partner id, or say nothing while a card's
    id is unknown. True: Sphinx adds no warning of its own."""
    if not isinstance(domain, PartnersDomain):
        return None
    partners = partners_domain(app.env)
    target = str(node.get("reftarget", ""))
    if target in partners.meant_ids():
        return True  # its card's options were not read: MyST named that, at its line
    close = difflib.get_close_matches(target, sorted(partners.partners), n=1)
    hint = (
        f"Did you mean {close[0]!r}?"
        if close
        else "Check the spelling against the card's :id: option."
    )
    if any(mark in target for mark in " {`"):
        # An id has none: the link's closing backtick is missing, so it ran on.
        first = target.split()[0] if target.split() else target
        meant = f" ({{partner}}`{first}`)" if first in partners.partners else ""
        hint = (
            "An id has no spaces or braces: the link's closing backtick (`) is likely "
            f"missing, so the link ran on to the next one. Put a backtick after the id{meant}."
        )
    logger.warning(
        "unknown partner id %r: no partner-card has this id. %s",
        target,
        hint,
        location=node,
        type="ref",
        subtype="partner",
    )
    return True


def setup_unknown_ids(app: Sphinx) -> None:
    app.connect("warn-missing-reference", _unknown_partner)
