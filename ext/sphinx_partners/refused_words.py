"""The words of what a card or grid left out, kept for the page rules to read.

A card whose logo is not found leaves the logo out, and its ``:logo-alt:`` with it; a
grid whose pictures are missing leaves them out, with their alt texts, and its caption
when nothing is left. A template's placeholder in those words was named only once the
path was fixed: one more round for the contributor, who should see every problem at
once. The directive keeps the words, with the line they are on, on the page's document;
the page rules read them with the rest of the page (``doctree-read``), and they are
taken off before the doctree is stored, whether the page rules are on or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

_KEY = "partners_refused_words"


@dataclass(frozen=True)
class RefusedWords:
    text: str
    source: str
    line: int | None
    #: What the words were: "alt" (a picture's alt text) or "text".
    kind: str


def keep_refused_words(
    document: nodes.document, text: str, source: str, line: int | None, kind: str = "text"
) -> None:
    """Keep *text*, left out of the page with what it belonged to."""
    if text.strip():
        kept: list[RefusedWords] = document.setdefault(_KEY, [])
        kept.append(RefusedWords(text, source, line, kind))


def take_refused_words(document: nodes.document) -> list[RefusedWords]:
    """The words kept on *document*, taken off it."""
    words: list[RefusedWords] = document.attributes.pop(_KEY, [])
    return words
