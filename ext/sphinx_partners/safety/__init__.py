"""What a page, or a file it names, may put into the site.

- :mod:`.page_settings`: a page cannot change how MyST reads it, nor add odd metadata.
- :mod:`.published`: the last line of defence, a check of every published file
  (part of ``partners_harden_site``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .page_settings import setup_page_settings
from .published import check_published_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: After every other extension wrote its files (sphinx-sitemap, notfound, ...).
AFTER_EVERY_WRITER = 900


def setup_safety(app: Sphinx) -> None:
    setup_page_settings(app)
    app.connect("build-finished", check_published_files, priority=AFTER_EVERY_WRITER)
