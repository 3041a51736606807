"""The search index stems each word once a build, not once a page.

Sphinx's ``IndexBuilder.feed`` remembers stems in a cache it makes anew for every page,
so a word used on every page is stemmed on every page: at 1,000 pages that was about
2 s of a 36-s build (``benchmarks/README.md``). A stem depends only on the word, so the
language object Sphinx chose for the index gets one memory for the whole build, and the
index it writes is the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx


class RememberedStems(dict[str, str]):
    """``stem(word)`` of the search language, each word worked out once."""

    def __init__(self, stem: Callable[[str], str]) -> None:
        super().__init__()
        self._stem = stem

    def __missing__(self, word: str) -> str:
        stemmed = self[word] = self._stem(word)
        return stemmed

    def __call__(self, word: str) -> str:
        return self[word]


def remember_stems(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give the build's search language one stem memory (pages are indexed after this)."""
    # The HTML builder makes its indexer in prepare_writing, after "write-started";
    # "doctree-resolved" is the first event that sees it, before any page is indexed.
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or isinstance(indexer.lang.stem, RememberedStems):
        return
    indexer.lang.stem = RememberedStems(indexer.lang.stem)


def setup_search_stems(app: Sphinx) -> None:
    app.connect("doctree-resolved", remember_stems)
