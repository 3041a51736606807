"""What a page, or a file it names, may do to the build and put into the site.

Always on:

- :mod:`.page_settings`: a page cannot change how MyST reads it, nor add odd metadata;
- :mod:`.nesting`: pages nested too deeply are read as far as possible, never crash;
- :mod:`.headings`: at most ``partners_max_heading_anchors`` headings of a page get a
  MyST anchor, whose cost grows with the square of a heading's repeats;
- :mod:`.highlight_time`: a code block's colours get a bounded time (Pygments' slow
  lexers), past it the block is plain text;
- :mod:`.image_sizes`: a picture's width, height or scale too large for the writer's
  arithmetic is left out, never a crash;
- :mod:`.directive_sizes`: Sphinx's ``code-block``, ``literalinclude`` and ``hlist``
  cannot be made to list billions of line numbers or columns, nor crash on none;
- :mod:`.encoding`: a page that is not UTF-8 is kept, with the bad byte located;
- :mod:`.breaks`: a thematic break inside a block is left out, never a crash;
- :mod:`.pending`: a ``contents``, ``sectnum`` or ``target-notes`` written in
  ``{eval-rst}``, whose transform never runs there, is left out, never a crash;
- :mod:`.paths`: the one test of whether a path stays inside the source folder;
- :mod:`.catalogs`: a translation of Sphinx's or the theme's words whose placeholders
  differ from the English is named and left out, never a crash;
- :mod:`.file_names`: a file whose name holds a control character is left out, so it
  never reaches the terminal or the sitemap.

Site-wide, with ``partners_harden_site``:

- :mod:`.site_checks`: links, images and downloads with unsafe schemes or from outside
  the source folder, looping symlinks, formulas that link to script;
- :mod:`.docutils_settings`: no raw HTML or file insertion, every docutils warning
  shown, whatever a ``docutils.conf`` says;
- :mod:`.catalog_links`: a translations folder holding a symbolic link is not used
  (Sphinx writes compiled catalogs through links);
- :mod:`.compiled_catalogs`: a compiled catalog (``.mo``) that its ``.po`` does not
  give is removed, so translations come only from what a reviewer can read;
- :mod:`.build_folder`: a build folder holding files committed to the repository
  (which Sphinx would trust as its own) stops the build;
- :mod:`.static_names`: a static file of the site's folder named as the theme's (its
  stylesheet) is left out, never copied over it;
- :mod:`.template_files`: a template includes only files of the template folders;
- :mod:`.overlay_classes`: a class that lays content over the page (a stretched link
  outside its card) is taken off where it is written;
- :mod:`.markup_nodes`: markup another extension's role writes as it is (an icon's
  classes) is held to the rules of published pages where it is read;
- :mod:`.published`: the last line of defence, a check of every published file.

Always, whatever the settings: what the extension keeps between builds in the doctree
folder is read back only when signed with the user's key (:mod:`.memory_key`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .breaks import setup_breaks
from .build_folder import setup_build_folder
from .catalog_links import setup_catalog_links
from .catalogs import setup_catalogs
from .compiled_catalogs import setup_compiled_catalogs
from .directive_sizes import setup_directive_sizes
from .docutils_settings import setup_docutils_settings
from .encoding import setup_encoding
from .file_names import setup_file_names
from .highlight_time import setup_highlight_time
from .image_sizes import setup_image_sizes
from .markup_nodes import setup_markup_nodes
from .nesting import setup_nesting
from .overlay_classes import setup_overlay_classes
from .page_settings import setup_page_settings
from .pending import setup_pending
from .published import check_published_files
from .site_checks import setup_site_checks
from .static_names import setup_static_names
from .template_files import setup_template_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: After every other extension wrote its files (sphinx-sitemap, notfound, ...).
AFTER_EVERY_WRITER = 900


def setup_safety(app: Sphinx) -> None:
    setup_page_settings(app)
    setup_nesting(app)
    setup_directive_sizes(app)
    setup_highlight_time(app)
    setup_image_sizes(app)
    setup_encoding(app)
    setup_breaks(app)
    setup_pending(app)
    setup_catalogs(app)
    setup_compiled_catalogs(app)
    setup_file_names(app)
    setup_site_checks(app)
    setup_build_folder(app)
    setup_catalog_links(app)
    setup_docutils_settings(app)
    setup_markup_nodes(app)
    setup_static_names(app)
    setup_template_files(app)
    setup_overlay_classes(app)
    app.connect("build-finished", check_published_files, priority=AFTER_EVERY_WRITER)
