"""Sphinx configuration for the school partnerships knowledge base."""

from __future__ import annotations

import os

project = "School partnerships knowledge base"
author = "The knowledge base's contributors"
copyright = "2026, the knowledge base's contributors"  # noqa: A001 - Sphinx's name
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_partners",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
]

# -- Sources ------------------------------------------------------------------
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/_snippets/**"]
root_doc = "index"

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "substitution"]
myst_heading_anchors = 3

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = "School partnerships"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://example.org/partnerships/")
html_last_updated_fmt = "%d %B %Y"
html_show_sphinx = False
html_copy_source = False
html_theme_options = {
    "navigation_with_keys": False,
    "top_of_page_buttons": ["view", "edit"],
}

# -- Reader-facing extras -----------------------------------------------------
ogp_site_url = html_baseurl
ogp_site_name = "School partnerships knowledge base"
ogp_enable_meta_description = True
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
notfound_urls_prefix = None
