"""Characters that reorder how text is shown, named and taken out (``partners.direction``).

Unicode's embedding, override and isolate controls (U+202A to U+202E, U+2066 to U+2069)
and its direction marks (U+200E, U+200F, U+061C) are invisible and change the order in
which a browser shows the text after them: a page, a card or a translation can then
read differently from the lines a reviewer sees in the pull request (the "Trojan
Source" trick; GitHub only warns). A site in English and Spanish never needs them.
They are taken out of the page's source as Sphinx reads it, before MyST sees it, so
that none reaches a card's options, a link's address or what other pages show of it (a
partner's name in a directory), with one warning for each line that held them; out of
the text and alt text a translation brings (its catalog's line is named) before Sphinx
collects the titles; and a translation of the theme's words that holds one is left
out (:mod:`.safety.catalogs`).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from docutils import nodes

from .catalog_lines import translated_place
from .messages import Code, located, warn
from .safety.nesting import markdown_lines
from .source_lines import place_of_words

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The explicit embeddings, overrides and isolates of the Unicode bidirectional algorithm,
#: and its invisible marks: a right-to-left mark between two numbers swaps them
#: ("10<U+200F>500" shows as 50010, a red team's finding).
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: The same characters written as HTML character references (``&#x202E;``, ``&rlm;``).
_DIRECTION_REFERENCES = re.compile(
    r"&#(?:[xX]0*(?:202[a-eA-E]|206[6-9]|200[eEfF]|61[cC])|0*(?:823[4-8]|829[4-7]|820[67]|1564));?"
    r"|&(?:lrm|rlm);"
)
#: Before Sphinx's collectors (500) read the page's titles for the navigation.
BEFORE_COLLECTORS = 400


def direction_names(text: str) -> str:
    """The direction controls *text* holds, as code points (``U+202E, U+2066``)."""
    found = sorted({f"U+{ord(char):04X}" for char in DIRECTION_CONTROLS.findall(text)})
    return ", ".join(found)


def without_direction_controls(markup: str) -> tuple[str, str]:
    """*markup* (a published HTML file) without the direction controls, written as
    characters or as character references, and the names of those it held ("" for
    none): the last line of defence, for roads the page's checks do not read (a
    translated caption of the navigation, a theme's template)."""
    if not DIRECTION_CONTROLS.search(markup) and not _DIRECTION_REFERENCES.search(markup):
        return markup, ""
    referenced = [html.unescape(each) for each in _DIRECTION_REFERENCES.findall(markup)]
    names = direction_names(markup + "".join(referenced))
    return DIRECTION_CONTROLS.sub("", _DIRECTION_REFERENCES.sub("", markup)), names


def take_out_of_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Take the direction controls out of a page's text as Sphinx reads it (source-read);
    no line ending is touched, so every line keeps its number."""
    if not app.config.partners_page_rules or not DIRECTION_CONTROLS.search(source[0]):
        return
    for number, line in enumerate(markdown_lines(source[0]), start=1):
        if DIRECTION_CONTROLS.search(line):
            _warn(direction_names(line), (docname, number))
    source[0] = DIRECTION_CONTROLS.sub("", source[0])


def check_text_direction(app: Sphinx, doctree: nodes.document) -> None:
    """Take the direction controls out of the text and alt text a translation brings
    into *doctree* (doctree-read); the page's own were taken out of its source."""
    if not app.config.partners_page_rules:
        return
    read: dict[str, list[str]] = {}
    for text in list(doctree.findall(nodes.Text)):
        if not DIRECTION_CONTROLS.search(text) or text.parent is None:
            continue
        element = text.parent
        written = next(line for line in str(text).split("\n") if DIRECTION_CONTROLS.search(line))
        where = (
            translated_place(element)
            or place_of_words(app, element, written, read)
            or located(element)
        )
        _warn(direction_names(text), where)
        element.replace(text, nodes.Text(DIRECTION_CONTROLS.sub("", text)))
    for image in doctree.findall(nodes.image):
        alt = image.get("alt", "")
        if DIRECTION_CONTROLS.search(alt):
            _warn(direction_names(alt), translated_place(image) or located(image))
            image["alt"] = DIRECTION_CONTROLS.sub("", alt)


def _warn(names: str, where: object) -> None:
    warn(
        Code.DIRECTION,
        "the text holds %s, invisible characters that change the order in which the "
        "words after them are shown, so readers see something other than what is "
        "written (and reviewed); they were taken out.",
        names,
        location=where,
        hint="Delete them: retype the words around them, or paste them as plain text.",
    )


def setup_text_direction(app: Sphinx) -> None:
    app.connect("source-read", take_out_of_source)
    app.connect("doctree-read", check_text_direction, priority=BEFORE_COLLECTORS)
