"""One way to warn: with a location, a filterable code and a hint on how to fix it."""

from __future__ import annotations

from typing import Any

from sphinx.locale import get_translation
from sphinx.util import logging

MESSAGE_CATALOG_NAME = "sphinx_partners"
#: Translate text that readers see in the built site.
_ = get_translation(MESSAGE_CATALOG_NAME)
#: Translate console messages (Sphinx's convention: ``__``).
__ = get_translation(MESSAGE_CATALOG_NAME, "console")

WARNING_TYPE = "partners"

logger = logging.getLogger("sphinx_partners")


#: Longer values are cut in messages: a 1 MB option must not make a 1 MB warning.
MAX_VALUE_IN_MESSAGE = 1000


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_VALUE_IN_MESSAGE:
        return f"{value[:80]}... ({len(value):,} characters)"
    return value


def warn(
    code: str,
    message: str,
    *args: Any,
    location: Any,
    hint: str = "",
) -> None:
    """Emit one warning of type ``partners`` and subtype *code* at *location*.

    *location* is a node, a ``(docname, line)`` pair or a ``"file:line"`` string.

    Sphinx appends ``[partners.<code>]`` to the message; the authoring guide has
    an entry for every code, so a contributor can search for it.
    """
    text = message % tuple(_shortened(arg) for arg in args) if args else message
    if hint:
        text = f"{text} {hint}"
    logger.warning("%s", text, location=location, type=WARNING_TYPE, subtype=code)
