"""Partner cards, image grids and a partner directory for Sphinx + MyST sites."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .alt_text import setup_alt_text
from .build_memo import setup_build_memo
from .cards import setup_cards
from .catalog_lines import setup_catalog_lines
from .config import setup_settings
from .directory import setup_directory
from .email_addresses import setup_email_addresses
from .grids import setup_grids
from .image_lines import setup_image_lines
from .image_messages import setup_image_messages
from .images import setup_images
from .link_messages import setup_link_messages
from .message_fixes import setup_message_fixes
from .messages import MESSAGE_CATALOG_NAME, forget_translation_warnings
from .navigation import setup_navigation
from .option_names import suggest_option_names
from .page_rules import setup_page_rules
from .page_titles import setup_page_titles
from .preview import setup_preview
from .printable import setup_printable_messages
from .repeated_options import hook_myst_option_reader
from .safety import setup_safety
from .search_stems import setup_search_stems
from .text_direction import setup_text_direction
from .translation_links import setup_translation_links

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "partners.css"


def _add_static(app: Sphinx) -> None:
    # Only HTML builders have static files; other builders must not fail on them.
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file(STYLESHEET)


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_settings(app)  # every setting, checked at config-inited
    setup_build_memo(app)  # facts about source files, worked out once a build
    setup_safety(app)  # page settings, nesting, encoding, site-wide checks
    hook_myst_option_reader()  # options given twice
    suggest_option_names()  # "did you mean" for a misspelled option name
    setup_message_fixes(app)  # a page in no toctree or without a title, a skipped level
    setup_cards(app)
    setup_grids(app)
    setup_directory(app)
    setup_images(app)
    setup_image_lines(app)  # a picture written inline: warnings at its line
    setup_alt_text(app)  # a decorative picture says nothing, not its file name
    setup_image_messages(app)  # a picture not found: what was likely meant
    setup_link_messages(app)  # a link that leads nowhere: its line, what was likely meant
    setup_catalog_lines(app)  # a translation's problem at its line in the catalog
    setup_printable_messages(app)  # warnings print as text, never as terminal control
    app.connect("env-before-read-docs", forget_translation_warnings)
    setup_navigation(app)
    setup_page_rules(app)  # descriptions and placeholders (partners_page_rules)
    setup_text_direction(app)  # invisible characters that reorder words (the same rules)
    setup_email_addresses(app)  # with the page rules, where mailto: is not a safe scheme
    setup_translation_links(app)  # one message for a translation's changed link
    setup_preview(app)  # the preview's report of every problem (nox -s serve)
    setup_search_stems(app)  # each word of the search index stemmed once a build
    setup_page_titles(app)  # each page title rendered to HTML once a build
    app.add_message_catalog(MESSAGE_CATALOG_NAME, str(Path(__file__).parent / "locales"))
    app.connect("builder-inited", _add_static)
    return {
        "version": __version__,
        # 5: images carry their profile and columns (the image layer no longer looks
        # up the grid around them); image state in one typed attribute.
        # 6: a partner remembers the line of its :id: option (a duplicate is named there).
        "env_version": 6,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
