"""A problem in a translation is named at its line in the catalog, where it is fixed.

Sphinx reads each translated text as a small document of its own, named after the
English text's place (``about.md:20:<translated>``), so a link to a missing page in a
Spanish paragraph was named at ``about.md:20:<translated>:1``: a line of the English
page, where nothing is wrong, while the translator works in
``locales/es/LC_MESSAGES/about.po``. Its warnings about a translation whose links
differ from the English (``i18n.inconsistent_references``) were at the English line too.

Just before Sphinx translates a page (its ``Locale`` transform), ``CatalogLines`` notes
where each text it will translate (Sphinx's own ``extract_messages``) has its
translation: the ``msgstr`` line of its entry in the page's catalog, read with Babel. A
filter on the handlers Sphinx prints with then names that line, and the English text's
place in words. The notes live in the process that reads the page: a parallel build
(``-j``) hands a worker's warnings to the main process, which has none, and they keep
Sphinx's location there.
"""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from .messages import TRANSLATED_PLACE
from .printable import add_to_print_handlers

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The record attribute with a translated paragraph's page links as written
#: (``[words](page.md)``), set by translation_links.py.
PAGE_LINKS = "partners_page_links"
_ENGLISH = re.compile(r"(?P<source>.+):(?P<line>\d+)")
#: The lists in Sphinx's message about a translation's references.
_REFERENCE_LISTS = re.compile(r"original: (?P<en>\[.*\]), translated: (?P<tr>\[.*\])", re.DOTALL)
#: A message and the `` [type.subtype]`` Sphinx ends it with, if it does.
_CODE = re.compile(r"(.*?)((?: \[[\w.-]+\])?)", re.DOTALL)
#: (English source file, line) -> (catalog, line of its translation, the page's path from
#: the site's folder), for the pages this process read since the build started reading.
_TRANSLATION_LINES: dict[tuple[str, int], tuple[Path, int, str]] = {}
#: (catalog, size, modification time) -> its msgstr lines, for this build.
_CATALOGS_READ: dict[tuple[Path, int, int], dict[str, int]] = {}


class CatalogLines(SphinxTransform):
    """Note the catalog line of each translation of the page (see the module)."""

    default_priority = 19  # before Sphinx's Locale (20), which parses the translations

    def apply(self, **kwargs: object) -> None:
        if not self.config.language or not self.config.locale_dirs:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        catalogs = [
            Path(self.env.srcdir, folder, self.config.language, "LC_MESSAGES", f"{domain}.po")
            for folder in self.config.locale_dirs
        ]
        catalogs = [path for path in catalogs if path.is_file()]
        if not catalogs:  # nothing to translate this page (every page of an English build)
            return
        # Sphinx takes a text's translation from the first catalog that has one.
        lines: dict[str, tuple[Path, int]] = {}
        for catalog in reversed(catalogs):
            lines |= {message: (catalog, line) for message, line in _read(catalog).items()}
        source = self.document["source"]
        page = self.env.doc2path(self.env.docname, base=False).as_posix()
        for node, message in extract_messages(self.document):
            if message in lines and node.line:
                _TRANSLATION_LINES[(source, node.line)] = (*lines[message], page)


def msgstr_lines(catalog: Path) -> dict[str, int]:
    """Each English text translated in *catalog* and the line its translation starts on."""
    try:
        with catalog.open("rb") as handle:
            # What Sphinx uses: a translation written, not marked fuzzy.
            entries = [
                entry
                for entry in read_po(handle)
                if entry.id and entry.string and not entry.fuzzy and entry.lineno
            ]
        # Lines as Babel numbers them: only a newline ends one (not U+2028).
        text = catalog.read_text(encoding="utf-8").split("\n")
    except Exception:  # a broken catalog is Sphinx's to report (and safety/catalogs.py's)
        return {}
    found: dict[str, int] = {}
    for entry in entries:
        # Babel gives the line of ``msgid``; its text may run over several lines.
        line: int = entry.lineno or 1
        while line <= len(text) and not text[line - 1].startswith("msgstr"):
            line += 1
        if isinstance(entry.id, str) and line <= len(text):
            found[entry.id] = line
    return found


def _links_differ(said: str, page_links: list[str] | None = None) -> str:
    """Sphinx's "inconsistent ... references in translated message. original: [...],
    translated: [...]" in words. It compares the links' targets but lists their source
    text, which a Markdown link has none of (``['']`` and ``['']``): such lists go, and
    the translation's page links are shown as written instead (*page_links*, which
    translation_links.py reads from the translated paragraph)."""
    lists = _REFERENCE_LISTS.search(said)
    parts = []
    if lists is not None:
        try:
            english, translated = (ast.literal_eval(lists[name]) for name in ("en", "tr"))
        except (ValueError, SyntaxError):
            english = translated = None
        if english != translated and (any(english or ()) or any(translated or ())):
            parts.append(
                f"the English: {_as_written(english)}; the translation: {_as_written(translated)}"
            )
    if page_links:
        parts.append(f"the translation's page links: {', '.join(page_links)}")
    shown = f" ({'; '.join(parts)})" if parts else ""
    return (
        "the translation's links are not the English text's: a link's address, a "
        f"partner's id or a term differs, or a link is missing or added{shown}. Keep each "
        "link of the English text, to the same page, partner or term; translate only its "
        "words"
    )


def _as_written(links: object) -> str:
    """Sphinx's list of links as a contributor writes them: ``{partner}`summit```, not
    the reST ``:partner:`summit```; a link without source text (Markdown's) as "a link"."""
    if not isinstance(links, list):
        return str(links)
    said = [_REST_ROLE.sub(r"{\1}`", str(link)) if link else "a link" for link in links]
    return ", ".join(said) or "none"


_REST_ROLE = re.compile(r"^:([\w:-]+):`")


def _read(catalog: Path) -> dict[str, int]:
    """``msgstr_lines`` of *catalog*, read once a build: with ``gettext_compact`` one
    catalog serves many pages."""
    stat = catalog.stat()
    key = (catalog, stat.st_size, stat.st_mtime_ns)
    if key not in _CATALOGS_READ:
        _CATALOGS_READ[key] = msgstr_lines(catalog)
    return _CATALOGS_READ[key]


def _forget(*_args: object) -> None:
    _TRANSLATION_LINES.clear()
    _CATALOGS_READ.clear()


def translation_holding(source: str, fragment: str) -> str | None:
    """Where, as Sphinx names a translation's place, the translation that holds
    *fragment* of a text of page *source* is read; None if no translation of it does.
    For a message that names the English page (MyST's, while it reads a translation)."""
    for (english_source, english_line), (catalog, line, _page) in _TRANSLATION_LINES.items():
        if english_source != source:
            continue
        try:
            lines = catalog.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeError):
            continue
        entry = []  # the msgstr's lines, to the blank line that ends the entry
        for text in lines[line - 1 :]:
            if not text.strip():
                break
            entry.append(text)
        if fragment in "".join(entry):
            return f"{english_source}:{english_line}:<translated>:1"
    return None


def translated_place(node: nodes.Node) -> str | None:
    """Where *node*'s words were written if Sphinx translated them: it keeps the English
    paragraph, with the translation's words in it, marked ``translated``. The place is
    given as Sphinx names a translation's, which the filter below names at the catalog's
    line; None for words of the page itself."""
    around: nodes.Node | None = node
    while around is not None:
        if isinstance(around, nodes.Element) and around.get("translated"):
            if around.source and around.line:
                return f"{around.source}:{around.line}:<translated>:1"
            return None
        around = around.parent
    return None


class _AtCatalogLine(logging.Filter):
    """Applied by the handlers Sphinx prints with, after Sphinx's own filters (which put
    the location into words)."""

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if record.levelno < logging.WARNING or not isinstance(location, str):
            return True
        translated = TRANSLATED_PLACE.fullmatch(location)
        about_links = getattr(record, "type", None) == "i18n"
        english = translated or (_ENGLISH.fullmatch(location) if about_links else None)
        if english is None:
            return True
        found = _TRANSLATION_LINES.get((english["source"], int(english["line"])))
        if found is None:
            return True
        catalog, line, page = found
        # Sphinx has put the message's code at its end already: it stays last.
        message = logging.LogRecord.getMessage(record)
        found_code = _CODE.fullmatch(message)
        said, code = found_code.groups() if found_code else (message, "")
        if getattr(record, "subtype", None) == "inconsistent_references":
            said = _links_differ(said, getattr(record, PAGE_LINKS, None))
        elif code == " [partners.scheme]":  # the fix for an author: write another address
            said += " In a translation, keep the English text's address as it is."
        record.msg = f"{said} (the translation of {page}, line {english['line']}){code}"
        record.args = ()
        record.location = f"{catalog}:{line}"
        # The page it belongs to, for the preview's list: a catalog is no page.
        record.partners_translated_page = english["source"]
        return True


def _guard_handlers(app: Sphinx, *_args: object) -> None:
    # Set up before printable.py, so that its filter, which makes the location
    # printable, comes after this one.
    add_to_print_handlers(_AtCatalogLine)


def setup_catalog_lines(app: Sphinx) -> None:
    app.add_transform(CatalogLines)
    app.connect("env-before-read-docs", _forget)
    app.connect("config-inited", _guard_handlers)
    app.connect("builder-inited", _guard_handlers)
