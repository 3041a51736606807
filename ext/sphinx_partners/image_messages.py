"""Sphinx's "image file not readable" gets what the author most likely meant.

Sphinx names a picture it cannot find by its path (``image file not readable:
photos/reading-corer.jpg``) and stops there; the cards and grids say more (other
capitals, a close name in the folder: ``safety.paths``). The same words are added to
Sphinx's message for a picture written in a page, so every missing picture gets its fix.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from .safety.paths import missing_file_hint

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Sphinx names a module's logger "sphinx." + the module: its image collector's.
ASSET_LOGGER = "sphinx.sphinx.environment.collectors.asset"


class _LikelyName(logging.Filter):
    def __init__(self, srcdir: Path) -> None:
        super().__init__()
        self.srcdir = srcdir

    def filter(self, record: logging.LogRecord) -> bool:
        about_a_picture = getattr(record, "type", None) == "image"
        if about_a_picture and getattr(record, "subtype", None) == "not_readable":
            arguments = record.args if isinstance(record.args, tuple) else ()
            if len(arguments) == 1 and isinstance(arguments[0], str):
                missing = (self.srcdir / arguments[0]).resolve()
                if missing.is_relative_to(self.srcdir) and not missing.exists():
                    # The path as the page gives it (Sphinx's is from the site's folder).
                    node = getattr(record, "location", None)
                    written = node.get("original_uri") if isinstance(node, nodes.Element) else None
                    hint = missing_file_hint(missing, self.srcdir, str(written or "/"))
                    if hint.startswith(" next to the page"):
                        hint = f": there is no such file{hint}"
                    record.msg = f"{record.msg}{hint.replace('%', '%%')}."
        return True


_FILTERS: dict[int, _LikelyName] = {}


def _start(app: Sphinx, *args: object) -> None:
    if id(app) not in _FILTERS:
        _FILTERS[id(app)] = _LikelyName(Path(app.srcdir).resolve())
    logging.getLogger(ASSET_LOGGER).addFilter(_FILTERS[id(app)])  # once, however often


def _stop(app: Sphinx, exception: Exception | None) -> None:
    # Only for this application: another one in the process has its own folder.
    if (found := _FILTERS.pop(id(app), None)) is not None:
        logging.getLogger(ASSET_LOGGER).removeFilter(found)


def setup_image_messages(app: Sphinx) -> None:
    # At every build's reading: one application may build more than once (test apps do).
    app.connect("env-before-read-docs", _start)
    app.connect("build-finished", _stop)
