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
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from docutils import nodes
from markupsafe import escape
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Nodes that get the visible "not yet translated" note: whole blocks of text a reader
#: reads, a paragraph or a picture's caption (a photo row may have one for each photo);
#: a heading gets ``lang="en"`` only (a note inside it would join the contents).
_NOTED = (nodes.paragraph, nodes.caption)


def edition_prefix(config: Any, language: str) -> str:
    """Where an edition lives, relative to the site's root.

    ``folders`` (GitHub Pages, any static host): the default edition at the root, each
    other one in a folder named by its code. ``readthedocs``: every edition is its own
    Read the Docs project, served at ``/<code>/<version>/``.
    """
    if config.site_editions_layout == "readthedocs":
        return f"{language}/{config.site_editions_version}/"
    return "" if language == config.site_default_language else f"{language}/"


def _place_edition(app: Sphinx, config: Config) -> None:
    """A translated edition says its own addresses and words (``site_edition_settings``).

    Runs before the other extensions read the addresses (canonical links, link previews,
    the 404 page's links), which they do when the build starts.
    """
    if config.language == config.site_default_language:
        return
    for name, value in config.site_edition_settings.get(config.language, {}).items():
        setattr(config, name, value)
    if config.site_editions_layout == "readthedocs":
        return  # Read the Docs gives each edition its own address already
    config.html_baseurl = config.site_root_url + edition_prefix(config, config.language)
    if "ogp_site_url" in config:
        config.ogp_site_url = config.html_baseurl
    if "notfound_urls_prefix" in config:
        config.notfound_urls_prefix = urlsplit(config.html_baseurl).path


#: Where ``KeepEnglishAlt`` keeps a picture's alt text as the page wrote it.
_ENGLISH_ALT = "site_english_alt"


class KeepEnglishAlt(SphinxTransform):
    """Keep each picture's alt text as written, before Sphinx translates it.

    Sphinx marks every picture ``translated = False``, whether its alt text was
    translated or not (its first pass over the messages marks them, its second replaces
    the alt text without a mark): comparing the text after translation with the text
    before is the only way to tell.
    """

    default_priority = 15  # before Sphinx's Locale (20)

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == self.config.site_default_language:
            return
        for image in self.document.findall(nodes.image):
            image[_ENGLISH_ALT] = image.get("alt", "")


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
            if isinstance(node, nodes.image):
                if node.get("alt", "").strip() and node["alt"] == node.get(_ENGLISH_ALT):
                    node["classes"].append("language-en")  # the alt text is read in English
                continue
            if isinstance(node, nodes.meta):
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
    here, default = config.language, config.site_default_language
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
    alternates = [(edition["code"], edition["absolute"]) for edition in editions]
    alternates.append(("x-default", base + edition_prefix(config, default) + target))
    # A page's address comes from its file name, which a contributor chooses: escaped.
    links = [
        f'<link rel="alternate" hreflang="{escape(code)}" href="{escape(href)}">'
        for code, href in alternates
    ]
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


_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_XHTML = "{http://www.w3.org/1999/xhtml}"


def _list_every_edition_in_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """The default edition's sitemap.xml lists each page in every edition, each entry
    naming the others, as the pages' own ``hreflang`` links do (search engines read the
    sitemap at the site's root only)."""
    config = app.config
    if exception is not None or config.language != config.site_default_language:
        return
    path = Path(app.outdir) / getattr(config, "sitemap_filename", "sitemap.xml")
    if len(config.site_languages) < 2 or not path.is_file():
        return
    ElementTree.register_namespace("", _SITEMAP[1:-1])
    ElementTree.register_namespace("xhtml", _XHTML[1:-1])
    tree = ElementTree.parse(path)
    root = tree.getroot()
    base = config.site_root_url or config.html_baseurl
    home = edition_prefix(config, config.site_default_language)
    listed = []
    for url in root:
        link = (url.findtext(f"{_SITEMAP}loc") or "").removeprefix(base + home)
        addresses = {
            code: base + edition_prefix(config, code) + link for code in config.site_languages
        }
        addresses_and_default = [*addresses.items(), ("x-default", base + home + link)]
        for address in addresses.values():
            entry = ElementTree.Element(f"{_SITEMAP}url")
            ElementTree.SubElement(entry, f"{_SITEMAP}loc").text = address
            for code, alternate in addresses_and_default:
                ElementTree.SubElement(
                    entry, f"{_XHTML}link", rel="alternate", hreflang=code, href=alternate
                )
            listed.append(entry)
    root[:] = sorted(listed, key=lambda url: url.findtext(f"{_SITEMAP}loc") or "")
    tree.write(path, encoding="utf-8", xml_declaration=True)


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
    #: Settings each translated edition changes: {code: {setting: value}}.
    app.add_config_value("site_edition_settings", {}, "env", types=[dict])
    app.connect("config-inited", _place_edition, priority=100)
    app.add_transform(KeepEnglishAlt)
    app.add_transform(MarkEnglishText)
    app.connect("doctree-read", _relabel_translated_meta, priority=50)
    app.connect("html-page-context", _add_language_links)
    # After sphinx-sitemap writes the file (500) and the site sorts it (600).
    app.connect("build-finished", _list_every_edition_in_sitemap, priority=650)
    # After furo and sphinx-partners have put the navigation tree in the context.
    app.connect("html-page-context", _mark_english_pages_in_navigation, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
