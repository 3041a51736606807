"""The partner registry (a Sphinx domain), ``partner-directory`` and ``{partner}``.

- :mod:`.domain`: partners registered by their cards, the role, the directory directive
  and the post-transform that fills it;
- :mod:`.render`: the directory's markup (compact cards, lists, groups);
- :mod:`.unknown_ids`: a link to an id no card has, named at its line with the likely id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .domain import setup_directory as _setup_domain
from .unknown_ids import setup_unknown_ids

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_directory(app: Sphinx) -> None:
    _setup_domain(app)
    setup_unknown_ids(app)


__all__ = ["setup_directory"]
