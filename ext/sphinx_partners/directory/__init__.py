"""The partner registry (a Sphinx domain), ``partner-directory`` and ``{partner}``.

- :mod:`.domain`: partners registered by their cards, the role, the directory directive
  and the post-transform that fills it;
- :mod:`.render`: the directory's markup (compact cards, lists, groups).
"""

from __future__ import annotations

from .domain import setup_directory

__all__ = ["setup_directory"]
