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
    # Site-wide hardening touches what other extensions and plain Markdown publish,
    # so a site turns it on knowingly; our own directives are strict either way.
    app.add_config_value("partners_harden_site", False, "env", types=frozenset({bool}))
    app.add_config_value(
        "partners_allowed_inline_scripts", (), "html", types=frozenset({tuple, list})
    )
    setup_page_settings(app)
    app.connect("build-finished", check_published_files, priority=AFTER_EVERY_WRITER)
