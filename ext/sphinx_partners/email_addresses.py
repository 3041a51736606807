"""No e-mail address on a site that allows no ``mailto:`` links (``partners.email``).

A site that leaves ``mailto`` out of ``partners_safe_url_schemes`` publishes no e-mail
address: addresses of people attract spam and go stale, and a reader should reach an
organization through its website. With the page rules on (``partners_page_rules``),
an address is named where it is written, once: as a ``mailto:`` link (made plain
text here, before the site checks would refuse the link again) or as words in a
sentence. Code is not read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from docutils import nodes

from .catalog_lines import translated_place
from .messages import Code, located, warn
from .safety.site_checks import url_scheme
from .source_lines import inside_code, place_of_words

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Something@domain.ending, as an e-mail address is written in a sentence.
EMAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
EMAIL_HINT = (
    "Leave the address out, or link to the organization's website (https://...) where "
    "readers find how to reach it."
)
#: Before the site checks (priority 100), which would refuse the link with other words.
PRIORITY = 90


def publishes_no_email(app: Sphinx) -> bool:
    config = app.config
    return bool(config.partners_page_rules) and "mailto" not in config.partners_safe_url_schemes


def check_email_addresses(app: Sphinx, doctree: nodes.document) -> None:
    """Name each e-mail address of a page just read (doctree-read)."""
    if not publishes_no_email(app):
        return
    named: set[int] = set()  # the text of a link already named, by identity
    read: dict[str, list[str]] = {}

    def place(node: nodes.Element, written: str) -> str | nodes.Element:
        # A translation's words are named at the catalog's line.
        return translated_place(node) or place_of_words(app, node, written, read) or located(node)

    for reference in list(doctree.findall(nodes.reference)):
        uri = str(reference.get("refuri", ""))
        if url_scheme(uri) != "mailto" or inside_code(reference):
            continue
        warn(
            Code.EMAIL,
            "the link to %r was made plain text: this site publishes no e-mail addresses.",
            uri,
            location=place(reference, uri.partition(":")[2] or uri),
            hint=EMAIL_HINT,
        )
        named.update(id(text) for text in reference.findall(nodes.Text))
        words: nodes.Element = nodes.inline("", "", *reference.children)
        if not isinstance(reference.parent, nodes.TextElement):
            words = nodes.paragraph("", "", *words.children)
        reference.replace_self(words)
    for text in doctree.findall(nodes.Text):
        if id(text) in named or "@" not in text or inside_code(text):
            continue
        for found in EMAIL_ADDRESS.finditer(str(text)):
            warn(
                Code.EMAIL,
                "%r is an e-mail address: this site publishes none.",
                found.group(0),
                location=place(cast(nodes.Element, text.parent), found.group(0)),
                hint=EMAIL_HINT,
            )


def setup_email_addresses(app: Sphinx) -> None:
    app.connect("doctree-read", check_email_addresses, priority=PRIORITY)
