"""The search index stems each word once a build and is the index Sphinx would write."""

from __future__ import annotations

import shutil
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from sphinx.search.en import SearchEnglish

from sphinx_partners import search_stems

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


@pytest.fixture
def stemmed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times English stemming worked out each word."""
    counts: Counter[str] = Counter()
    original = SearchEnglish.stem

    def counting(self: SearchEnglish, word: str) -> str:
        counts[word] += 1
        return original(self, word)

    monkeypatch.setattr(SearchEnglish, "stem", counting)
    return counts


def _build(make_app: Callable[..., SphinxTestApp], srcdir: Path, builddir: Path) -> str:
    app = make_app("html", srcdir=srcdir, builddir=builddir)
    app.build()
    return (app.outdir / "searchindex.js").read_text(encoding="utf-8")


def test_a_word_on_every_page_is_stemmed_once_and_the_index_is_unchanged(
    make_app: Callable[..., SphinxTestApp],
    rootdir: Path,
    tmp_path: Path,
    stemmed: Counter[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    srcdir = shutil.copytree(rootdir / "test-nav-flat", tmp_path / "src")
    index = _build(make_app, srcdir, tmp_path / "remembered")
    # Four pages of the flat site have a "First section": stemmed once in the build.
    assert stemmed["section"] == 1
    assert max(stemmed.values()) == 1

    stemmed.clear()
    monkeypatch.setattr(search_stems, "remember_stems", lambda app, doctree, docname: None)
    sphinx_alone = _build(make_app, srcdir, tmp_path / "sphinx-alone")
    assert stemmed["section"] == 4  # once a page: what the memory saves
    assert index == sphinx_alone
    assert '"section"' in index
