"""Partner cards, image grids and a partner directory for Sphinx + MyST sites."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._confine import setup_confine
from ._duplicate_options import hook_myst_option_reader
from ._encoding import setup_encoding
from ._fallbacks import ReplaceUnsupportedImages
from ._guards import setup_guards
from ._image_nodes import responsive_image
from ._image_publish import setup_images
from ._log import MESSAGE_CATALOG_NAME
from ._nav_freshness import setup_nav_freshness
from ._render import visit_responsive_image_html
from .cards import setup_cards
from .config import setup_settings
from .directory import setup_directory
from .grids import setup_grids
from .navigation import setup_navigation
from .safety import setup_safety

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "partners.css"


def _add_static(app: Sphinx) -> None:
    # Only HTML builders have static files; other builders must not fail on them.
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file(STYLESHEET)


def setup(app: Sphinx) -> dict[str, Any]:
    setup_settings(app)
    hook_myst_option_reader()
    app.add_node(responsive_image, html=(visit_responsive_image_html, None))
    setup_cards(app)
    setup_directory(app)
    setup_grids(app)
    setup_images(app)
    setup_navigation(app)
    setup_nav_freshness(app)
    setup_encoding(app)
    setup_guards(app)
    setup_confine(app)
    setup_safety(app)
    app.add_post_transform(ReplaceUnsupportedImages)

    app.add_message_catalog(MESSAGE_CATALOG_NAME, str(Path(__file__).parent / "locales"))
    app.connect("builder-inited", _add_static)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
