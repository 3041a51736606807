"""The site in several languages: one edition per language, the same pages in each.

The English edition is built at the site's root and each other edition in a folder named
by its language code (``es/``), from the same sources with Sphinx's gettext catalogs
(``docs/locales/<code>/LC_MESSAGES/``). This extension gives every page:

- a language switcher that links to the same page in each other edition;
- ``<link rel="alternate" hreflang>`` for every edition, so search engines pair them;
- in a translated edition, the English text of any paragraph whose translation is missing
  or out of date (fuzzy), marked ``lang="en"`` and followed by a short visible note, so a
  reader never gets a stale translation without being told;
- on the pages the site keeps in English on purpose (``site_english_only``), one notice
  at the top and ``lang="en"`` on the article.

Adding a language is one entry in ``site_languages`` plus its catalogs.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Nodes that get the visible "not yet translated" note: whole blocks of text a reader
#: reads (a heading gets ``lang="en"`` only; a note inside it would join the contents).
_NOTED = (nodes.paragraph,)


def edition_prefix(config: Any, language: str) -> str:
    """Where an edition lives, relative to the site's root.

    ``folders`` (GitHub Pages, any static host): the default edition at the root, each
    other one in a folder named by its code. ``readthedocs``: every edition is its own
    Read the Docs project, served at ``/<code>/<version>/``.
    """
    if config.site_editions_layout == "readthedocs":
        return f"{language}/{config.site_editions_version}/"
    return "" if language == config.site_default_language else f"{language}/"


class MarkEnglishText(SphinxTransform):
    """In a translated edition, say which text is still English and why.

    Runs after Sphinx's ``AddTranslationClasses`` (950), which marks a node
    ``translated = False`` when its catalog has no current translation for it: a missing
    entry, or a fuzzy one after the English changed.
    """

    default_priority = 955

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if language == self.config.site_default_language or self.env.docname is None:
            return
        if any(fnmatch(self.env.docname, pattern) for pattern in self.config.site_english_only):
            self._mark_page_english()
            return
        for node in self.document.findall(nodes.Element):
            # Sphinx translates a picture's alt text but never records that it did, so a
            # picture cannot be told apart here; the status report counts its alt text.
            if isinstance(node, nodes.meta | nodes.image):
                continue
            if node.get("translated") is not False or not node.astext().strip():
                continue
            node["classes"].append("language-en")
            if isinstance(node, _NOTED):
                note = nodes.inline(
                    "",
                    " " + str(_("(In English: the translation of this part is on its way.)")),
                    classes=["untranslated-note", f"language-{language}"],
                )
                node += note

    def _mark_page_english(self) -> None:
        for section in self.document.findall(nodes.section):
            if isinstance(section.parent, nodes.document):
                section["classes"].append("language-en")
        notice = nodes.paragraph(
            "",
            str(_("This page is written for contributors and is only available in English.")),
            classes=["english-only-notice", f"language-{self.config.language}"],
        )
        self.document.insert(0, notice)


def _relabel_translated_meta(app: Sphinx, doctree: nodes.document) -> None:
    """A translated description says its language (the English page wrote lang=en).

    Sphinx marks a translated meta tag only once the transforms are done, so this runs
    when the page has been read, before sphinx-partners drops that mark (priority 100).
    """
    if app.config.language == app.config.site_default_language:
        return
    for meta in doctree.findall(nodes.meta):
        if meta.get("translated") and meta.get("lang"):
            meta["lang"] = app.config.language


def _add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    if pagename == "404":
        return  # served at any address: relative links to another edition would break
    here = config.language
    target = app.builder.get_target_uri(pagename)
    base = config.site_root_url or config.html_baseurl
    # From this page back to the site's root: up out of the page's folders, then out of
    # this edition's folder.
    to_root = relative_uri(target, "") + "../" * edition_prefix(config, here).count("/")
    editions = []
    for code, name in config.site_languages.items():
        prefix = edition_prefix(config, code)
        editions.append(
            {
                "code": code,
                "name": name,
                "url": to_root + prefix + target,
                "absolute": base + prefix + target,
                "current": code == here,
            }
        )
    context["site_editions"] = editions
    links = [
        f'<link rel="alternate" hreflang="{edition["code"]}" href="{edition["absolute"]}">'
        for edition in editions
    ]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{base + target}">')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)


def _mark_english_pages_in_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """In a translated edition, the sidebar's links to English-only pages say so."""
    tree = context.get("furo_navigation_tree")
    if app.config.language == app.config.site_default_language or not tree:
        return
    for docname in app.env.found_docs:
        if any(fnmatch(docname, pattern) for pattern in app.config.site_english_only):
            uri = app.builder.get_relative_uri(pagename, docname)
            tree = tree.replace(f'href="{uri}"', f'href="{uri}" lang="en" hreflang="en"')
    context["furo_navigation_tree"] = tree


def setup(app: Sphinx) -> dict[str, bool]:
    #: Every edition: language code -> the language's own name, as its readers write it.
    app.add_config_value("site_languages", {"en": "English"}, "html", types=[dict])
    app.add_config_value("site_default_language", "en", "html", types=[str])
    #: The default edition's address (``html_baseurl`` changes per edition).
    app.add_config_value("site_root_url", "", "html", types=[str])
    #: How the editions are laid out on the host: "folders" or "readthedocs".
    app.add_config_value("site_editions_layout", "folders", "html", types=[str])
    app.add_config_value("site_editions_version", "latest", "html", types=[str])
    #: Pages kept in English in every edition (glob patterns of document names).
    app.add_config_value("site_english_only", [], "env", types=[list])
    app.add_transform(MarkEnglishText)
    app.connect("doctree-read", _relabel_translated_meta, priority=50)
    app.connect("html-page-context", _add_language_links)
    # After furo and sphinx-partners have put the navigation tree in the context.
    app.connect("html-page-context", _mark_english_pages_in_navigation, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
