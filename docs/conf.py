"""Sphinx configuration for the school partnerships knowledge base."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx_partners.safety.catalog_links import locale_dirs_without_links

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

project = "School partnerships knowledge base"
author = "The knowledge base's contributors"
copyright = "2026, the knowledge base's contributors"
# On Read the Docs each language is its own project (a translation of the English one,
# docs/contributing/translate.md), which says its language here.
language = os.environ.get("READTHEDOCS_LANGUAGE", "en")

# sphinxext-opengraph prints "matplotlib is not installed" when imported; the site does
# not make social cards (ogp_social_cards below), so the notice is only noise.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

# The site's own small extensions (docs/_ext/).
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_partners",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    # furo's drawers, labels and icons, clean for three accessibility checkers.
    "accessible_furo",
    # The site in English and Spanish: switcher, hreflang, untranslated text marked.
    "languages",
]

# -- Languages (docs/contributing/translate.md) --------------------------------
# Each edition: its code and its name as its readers write it. English is built at the
# site's root, every other edition in a folder named by its code (es/). A new language
# is one line here and its catalogs in docs/locales/<code>/LC_MESSAGES/.
site_languages = {"en": "English", "es": "Español"}
site_default_language = "en"
# What else an edition says in its language: the site's name, the link preview's
# picture description, the footer, the date format and the "page not found" page
# (settings that languages.py sets when it builds that edition).
site_edition_settings = {
    "es": {
        "html_title": "Asociaciones escolares",
        "ogp_site_name": "Base de conocimientos sobre asociaciones escolares",
        "ogp_image_alt": (
            "Asociaciones escolares: cómo trabajan juntos las escuelas, los distritos y sus socios"
        ),
        "copyright": "2026, quienes colaboran con la base de conocimientos",
        "html_last_updated_fmt": "%d de %B de %Y",
        "notfound_context": {
            "title": "Página no encontrada",
            "body": "<h1>Página no encontrada</h1>\n<p>No encontramos la página que busca. "
            "Puede volver a la página de inicio o usar la búsqueda.</p>",
        },
    },
}
# Guides for contributors: kept in English in every edition, with a notice saying so.
site_english_only = ["authoring/*", "contributing/*"]
# Absolute: Sphinx reads the catalogs beside conf.py, but looks for a catalog folder's
# sphinx.js (the search page's words) from the folder it was started in, the
# repository's top for `nox -s docs` and hosted builds, outside docs/.
# Sphinx compiles sphinx.po into the sphinx.mo beside it while it reads these settings,
# before any extension starts, and follows a symbolic link there: a catalog folder
# holding one is left out here already (authoring/security.md, partners.outside).
locale_dirs = locale_dirs_without_links(__file__, [str(Path(__file__).parent / "locales")])
gettext_compact = False  # one catalog per page: translators work page by page
gettext_location = False  # file paths differ per machine; the catalog is named by page
# Pictures' descriptions (alt text) are translated as text; their files stay the same.
# A paragraph without a current translation (missing, or fuzzy after the English
# changed) is marked; docs/_ext/languages.py shows it in English with a note.
translation_progress_classes = "untranslated"

# Pull requests are untrusted input: check every published file as the last line of
# defence, and keep links and files to safe schemes and this folder (authoring/security.md).
partners_harden_site = True
# No e-mail addresses on the site (CONTRIBUTING): links are to websites only, and
# with the page rules an address written in a page is named (partners.email).
partners_safe_url_schemes = ("https", "http")
# Every page says what it is about in one sentence, no template placeholder is
# published and no line holds a tab (authoring/warnings.md: partners.description,
# partners.placeholder, partners.tab).
partners_page_rules = True
# The live preview (nox -s serve) also runs the repository's own checks beside each
# build and lists what they find with the build's warnings, in the terminal and in the
# page's box: the Markdown check (tabs, raw HTML, ...) and photos not yet ready for the
# public repository. Published builds never run them (partners_preview is off).
_SCRIPTS = Path(__file__).parent.parent / "scripts"
partners_preview_checks = [
    # --beside-build: what the build names too (tabs, alt text, ...) is left to it.
    [
        sys.executable,
        str(_SCRIPTS / "check_markdown.py"),
        "--beside-build",
        str(Path(__file__).parent),
    ],
    [sys.executable, str(_SCRIPTS / "photos.py"), "check", str(Path(__file__).parent)],
]

# -- Sources ------------------------------------------------------------------
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/_snippets/**"]
root_doc = "index"

# No "substitution": MyST renders {{ }} with an unsandboxed Jinja2, so a page could run
# code on the build machine (see authoring/security.md).
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
# Raw HTML in Markdown is shown as text, never passed through (authoring/security.md);
# docutils.conf next to this file turns off the raw directive and file insertion.
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 3

# -- Source repository: "edit this page", "view source", footer link -------------
# PLACEHOLDER until the repository's address is known: replace the value below, or set the
# PARTNERS_REPOSITORY_URL environment variable (CONTRIBUTING.md, "Fill in the repository
# address"). Builds on GitHub Actions and Read the Docs find the address on their own.
REPOSITORY_URL_PLACEHOLDER = "https://github.com/OWNER/REPO"


def _repository_url() -> str:
    if url := os.environ.get("PARTNERS_REPOSITORY_URL"):
        return url.rstrip("/")
    if os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        return f"{server}/{os.environ['GITHUB_REPOSITORY']}"
    clone_url = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "")
    if clone_url.startswith("https://"):
        return clone_url.removesuffix(".git")
    return REPOSITORY_URL_PLACEHOLDER


REPOSITORY_URL = _repository_url()
REPOSITORY_BRANCH = os.environ.get("PARTNERS_REPOSITORY_BRANCH", "main")


def _last_commit_epoch() -> str | None:
    """Seconds since 1970 of the last commit, so "last updated" is the same on every build."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # not a git checkout (a tarball): Sphinx uses the build time
    return done.stdout.strip() or None


# Sphinx dates pages with SOURCE_DATE_EPOCH when it is set (reproducible builds); default
# it to the last commit, which also works in shallow clones (CI, Read the Docs).
if "SOURCE_DATE_EPOCH" not in os.environ and (_epoch := _last_commit_epoch()):
    os.environ["SOURCE_DATE_EPOCH"] = _epoch

# GitHub's mark (Octicons, MIT), as furo's documentation shows it in the footer.
_GITHUB_MARK = (
    '<svg stroke="currentColor" fill="currentColor" stroke-width="0" viewBox="0 0 16 16" '
    'aria-hidden="true"><path fill-rule="evenodd" d="'
    "M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 "
    "0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-"
    ".68-.52-.01-.53.63-.01 "
    "1.08.58 1.23.82.72 1.21 1.87.87 "
    "2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 "
    "0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 "
    "1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 "
    "2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 "
    "1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0 0 16 "
    "8c0-4.42-3.58-8-8-8z"
    '"></path></svg>'
)

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = "School partnerships"
# _static holds content (pictures, logos), open to every pull request; the site's own
# stylesheet and script are code, with the extensions they go with (docs/_ext/static),
# copied after it so that no file of _static can take their place.
html_static_path = ["_static", "_ext/static"]
html_css_files = ["site.css"]
# Template overrides: the tab title, names for furo's landmarks (docs/_templates/).
templates_path = ["_templates"]
html_favicon = "_static/favicon.svg"
# Where the site is published: set by Read the Docs, by the GitHub Pages workflow
# (PARTNERS_BASE_URL), or the placeholder below for local builds.
html_baseurl = (
    os.environ.get("PARTNERS_BASE_URL")
    or os.environ.get("READTHEDOCS_CANONICAL_URL")
    or "https://example.org/partnerships/"
).rstrip("/") + "/"
# Where the editions are: the English one at the site's address and each other one in a
# folder below it (languages.py); on Read the Docs, at /<language>/<version>/.
site_root_url = html_baseurl
site_editions_layout = "folders"
if os.environ.get("READTHEDOCS"):
    site_editions_layout = "readthedocs"
    site_editions_version = os.environ.get("READTHEDOCS_VERSION", "latest")
    site_root_url = html_baseurl.removesuffix(f"{language}/{site_editions_version}/")
html_last_updated_fmt = "%d %B %Y"
html_show_sphinx = False
html_copy_source = False
html_theme_options = {
    "navigation_with_keys": False,
    "top_of_page_buttons": ["view", "edit"],
    "source_repository": f"{REPOSITORY_URL}/",
    "source_branch": REPOSITORY_BRANCH,
    "source_directory": "docs/",
    "footer_icons": [
        {
            "name": "Source repository",
            "url": REPOSITORY_URL,
            "class": "",
            "html": _GITHUB_MARK,
        },
    ],
}

# The link at the foot of each page, named in Spanish in the Spanish edition.
site_edition_settings["es"]["html_theme_options"] = {
    **html_theme_options,
    "footer_icons": [
        {**icon, "name": "Repositorio del sitio"} for icon in html_theme_options["footer_icons"]
    ],
}

# -- Reader-facing extras -----------------------------------------------------
ogp_site_url = html_baseurl
ogp_site_name = "School partnerships knowledge base"
ogp_enable_meta_description = True
# One link-preview picture for every page, relative to the site's address.
ogp_image = "_static/og-image.png"
ogp_image_alt = "School partnerships: how schools, districts and their partners work together"
ogp_social_cards = {"enable": False}
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
# The editions' alternates are written by _with_every_edition below (sphinx-sitemap would
# take every catalog folder, unpublished ones included, for a published language).
sitemap_locales = [None]
# The 404 page is served at any depth, so its links start from the site's own path.
notfound_urls_prefix = urlsplit(html_baseurl).path.rstrip("/") + "/"


# -- Incremental builds -------------------------------------------------------
def _reread_pages_with_index_entries(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    # sphinx-doc/sphinx#12599: an incremental build keeps the search words of the pages
    # it does not rewrite but drops their index entries (the glossary's terms), so the
    # search box would stop finding them. Read those few pages again with the others.
    if not (added or changed or removed):
        return []
    entries = env.get_domain("index").data.get("entries", {})
    return sorted(name for name, found in entries.items() if found and name not in changed)


def _sort_sitemap(app: Sphinx, exception: Exception | None) -> None:
    # sphinx-sitemap lists pages in the order they were written, which `-j 2` changes;
    # sorted by address, the same sources give the same sitemap.xml.
    path = Path(app.outdir) / app.config.sitemap_filename
    if exception is not None or not path.is_file():
        return
    from xml.etree import ElementTree

    ElementTree.register_namespace("", "http://www.sitemaps.org/schemas/sitemap/0.9")
    ElementTree.register_namespace("xhtml", "http://www.w3.org/1999/xhtml")
    tree = ElementTree.parse(path)
    root = tree.getroot()
    root[:] = sorted(root, key=lambda url: url.findtext("{*}loc") or "")
    tree.write(path, encoding="utf-8", xml_declaration=True)


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", _reread_pages_with_index_entries)
    # After sphinx-sitemap writes the file (priority 500).
    app.connect("build-finished", _sort_sitemap, priority=600)
