"""furo's navigation, worked out once per build, and kept fresh on every page.

- :mod:`.furo_fast`: the site's navigation tree resolved once, each page given its copy;
- :mod:`.furo_tree`: the template of furo's tree and the check that it still matches;
- :mod:`.freshness`: every page rewritten when the navigation changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .freshness import setup_freshness
from .furo_fast import setup_fast_navigation

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_navigation(app: Sphinx) -> None:
    setup_fast_navigation(app)
    setup_freshness(app)
