"""A site's translation of Sphinx's and the theme's words cannot stop the build.

Sphinx reads a ``sphinx.po`` from the site's catalog folders (``locale_dirs``) over its
own, for its messages and the theme's words. Those are filled in by code (``_("see %s")
% name`` in Sphinx's index, ``{% trans %}`` blocks in the templates): a translation
that drops a ``%s``, or turns it into ``%d``, raised an error in the middle of writing
and stopped the build. A catalog is content, open to every pull request, so each
translation whose placeholders differ from its English is named at its line and left
out: the words Sphinx and the theme ship (their own translation, or the English) are
used until it is mended. So is a translation that holds markup its English does not
(``<``, ``>``, ``"``): the templates write the theme's words as they are.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po
from sphinx.util import logging

from ..messages import Code, warn
from .site_checks import site_check_enabled

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: A printf-style placeholder of Python's ``%`` operator (``%s``, ``%(name)s``, ``%5.2f``).
_PLACEHOLDER = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<kind>[diouxXeEfFgGcrsa%])"
)


def placeholders(text: str) -> list[str]:
    """The placeholders *text* has, in order (``%%`` is a per cent sign, not one)."""
    return [
        f"{found['key'] or ''}{found['kind']}"
        for found in _PLACEHOLDER.finditer(text)
        if found["kind"] != "%"
    ]


#: A value of the type each conversion takes, to fill a message in as code would.
_SAMPLE = {"s": "x", "r": "x", "a": "x", "c": 1, "e": 1.0, "E": 1.0, "f": 1.0, "F": 1.0,
           "g": 1.0, "G": 1.0}  # fmt: skip


def _fills_in(english: str, translated: str) -> bool:
    """Whether *translated* takes the values code gives *english* without an error.

    Python's own ``%`` is the judge (a lone ``%``, ``%y``, ``%*s`` or a missing ``%s``
    raise there), with one value of the right type for each placeholder of the English.
    """
    wanted = list(_PLACEHOLDER.finditer(english))
    named = [found for found in wanted if found["key"] is not None]
    values: object
    if named:
        values = {found["key"]: _SAMPLE.get(found["kind"], 1) for found in named}
    else:
        values = tuple(_SAMPLE.get(found["kind"], 1) for found in wanted if found["kind"] != "%")
    try:
        english % values
    except (TypeError, ValueError, KeyError):
        return True  # not filled in by %: nothing to compare
    if not wanted:
        return True  # words code never fills in ("Search"): a "%" in them is a "%"
    try:
        translated % values
    except (TypeError, ValueError, KeyError):
        return False
    return True


#: Characters that make words markup where a template writes them as they are.
_MARKUP_CHARACTERS = ("<", ">", '"')


def markup_added(english: str, translated: str) -> list[str]:
    """The markup characters *translated* holds that its *english* does not."""
    return [each for each in _MARKUP_CHARACTERS if each in translated and each not in english]


def _translators(app: Sphinx) -> list[Any]:
    """The translator Sphinx loaded and those it falls back on."""
    chain, translator = [], getattr(app, "translator", None)
    while translator is not None and translator not in chain:
        chain.append(translator)
        translator = getattr(translator, "_fallback", None)
    return chain


def _site_lines(app: Sphinx, config: Config) -> dict[str, str]:
    """Where the site's ``sphinx.po`` files translate each message, as ``file:line``."""
    lines: dict[str, str] = {}
    for folder in config.locale_dirs:
        po = Path(app.srcdir, folder, config.language or "en", "LC_MESSAGES", "sphinx.po")
        if not po.is_file():
            continue
        try:
            with po.open("rb") as handle:
                messages = list(read_po(handle))
        except (OSError, LookupError, ValueError):
            # A charset Python does not know, bytes that are not in it: Sphinx names the
            # catalog it could not compile; a message is then named without its line.
            continue
        for message in messages:
            english = message.id[0] if isinstance(message.id, tuple) else message.id
            if english:
                lines.setdefault(str(english), f"{po}:{message.lineno}")
    return lines


def _shipped(language: str) -> dict[object, str]:
    """The translations Sphinx's own installation ships for *language* (code, trusted:
    some of its sentences hold quotes)."""
    import sphinx

    shipped = gettext.translation(
        "sphinx", Path(sphinx.__file__).parent / "locale", [language], fallback=True
    )
    return dict(getattr(shipped, "_catalog", {}))


def _check_catalogs(app: Sphinx, config: Config) -> None:
    # Every entry Sphinx loaded, from a .po it compiled or a .mo as it was committed,
    # the site's or Sphinx's own: one that would raise is left out either way.
    where = _site_lines(app, config)
    shipped = _shipped(config.language or "en")
    markup_refused = site_check_enabled(app, "partners_safe_links")
    from ..text_direction import DIRECTION_CONTROLS, direction_names

    directions_refused = bool(config.partners_page_rules)
    for translator in _translators(app):
        entries = getattr(translator, "_catalog", None)
        if not isinstance(entries, dict):
            continue
        for key, translated in list(entries.items()):
            english = key[0] if isinstance(key, tuple) else key  # (msgid, n): a plural
            if not english or not isinstance(english, str) or not isinstance(translated, str):
                continue
            added = markup_added(english, translated)
            if markup_refused and added and shipped.get(key) != translated:
                # The templates write the theme's words as they are, unescaped: a
                # translation holding markup put a script on every page of the language
                # (a red team's finding), and a quote ends the attribute it stands in.
                del entries[key]
                logger.warning(
                    "the translation %r of %r holds %s, which the theme writes into every "
                    "page as markup; the words Sphinx and the theme ship are used until it "
                    "is mended. Write the words alone (for quotes, « » or “ ”).",
                    translated,
                    english,
                    " ".join(added),
                    location=where.get(english),
                    type="i18n",
                    subtype="markup",
                )
                continue
            reordering = directions_refused and DIRECTION_CONTROLS.search(translated)
            if reordering and not DIRECTION_CONTROLS.search(english):
                # The theme writes its words on every page of the language: "Volver
                # arriba" showed as "Volver abirra" (a red team's finding).
                del entries[key]
                warn(
                    Code.DIRECTION,
                    "the translation %r of %r holds %s, invisible characters that change the "
                    "order in which the words after them are shown; the words Sphinx and the "
                    "theme ship are used until it is mended.",
                    translated,
                    english,
                    direction_names(translated),
                    location=where.get(english),
                    hint="Delete them: retype the translation.",
                )
                continue
            if _fills_in(english, translated):
                continue
            del entries[key]  # gettext now gives what Sphinx or the theme ship
            logger.warning(
                "the translation %r of %r has the placeholders %s where the English has "
                "%s; the words Sphinx and the theme ship are used until they match. Keep "
                "each %%s (or %%(name)s) of the English in the translation.",
                translated,
                english,
                " ".join(f"%{each}" for each in placeholders(translated)) or "none",
                " ".join(f"%{each}" for each in placeholders(english)) or "none",
                location=where.get(english),
                type="i18n",
                subtype="placeholders",
            )


#: A text line of a catalog: a keyword (``msgstr``, ``msgstr[0]``...) or none, then the
#: rest of the line, which the PO format wants to be one C string and nothing after it.
_TEXT_LINE = re.compile(
    r"(?P<keyword>(?:msgctxt|msgid|msgid_plural|msgstr)(?:\[\d+\])?\s+)?(?P<text>.*)"
)
_ONE_STRING = re.compile(r'"(?:[^"\\]|\\.)*"\s*')
#: What Babel makes of a text that is not one string, and the way out.
_NOT_ONE_STRING = {
    "opening": "the text on this line does not start with a double quote, so its first "
    "character is lost",
    "closing": "the text on this line does not end with a double quote, so its last "
    "character is lost",
    "inside": "this line goes on after the double quote that ends its text (a double "
    "quote inside a translation ends it), so the translation is read wrong",
}


def quote_problem(line: str) -> str | None:
    """What is wrong with *line* of a catalog as one quoted text, if anything.

    Babel reads such a line without an error, cutting the first and the last character
    off whatever is there: ``msgstr "Hola.`` gives "Hola", ``msgid "Hello.`` no longer
    matches its English and the page stays untranslated. Every text line is checked
    against the format's own rule (one string in double quotes, ``\\"`` inside).
    """
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None  # a blank line or a comment (a fuzzy flag, an old entry)
    match = _TEXT_LINE.fullmatch(stripped)
    if match is None or (match["keyword"] is None and not stripped.startswith('"')):
        return None  # not a text line: Babel's own reading names it (abort_invalid)
    text = match["text"]
    if not text.startswith('"'):
        return _NOT_ONE_STRING["opening"]
    string = _ONE_STRING.match(text)
    if string is None:
        return _NOT_ONE_STRING["closing"]
    return None if string.end() == len(text) else _NOT_ONE_STRING["inside"]


def _check_lines(app: Sphinx, config: Config) -> None:
    """A line of a catalog that is neither a keyword, a quoted text nor a comment (a
    translation's second line without its quotes): Babel, which Sphinx compiles the
    catalog with, printed "WARNING: Problem on line 72" without the file, left the
    translations after it out, and the strict build succeeded. A text that has lost one
    of its quotes, or has one too many, Babel reads without a word and gets wrong. Each
    is named at its line."""
    for folder in config.locale_dirs:
        messages = Path(app.srcdir, folder, config.language or "en", "LC_MESSAGES")
        for po in sorted(messages.rglob("*.po")) if messages.is_dir() else ():
            unreadable = None
            try:
                with po.open("rb") as handle:
                    catalog = read_po(handle, abort_invalid=True)
                text = po.read_text(encoding="utf-8")
                _check_header(po, catalog, text)
            except PoFileError as error:
                header = _header(po)
                if header is not None and _check_header(po, header, _text(po)):
                    continue  # a charset that garbles the rest: its lines follow from it
                unreadable = error.lineno + 1  # Babel counts from 0
                logger.warning(
                    "this line of the catalog is not a msgid, a msgstr, a text between "
                    "double quotes or a comment (#), so the translations around it are "
                    "lost. Put a translation's every line between double quotes.",
                    location=f"{po}:{unreadable}",
                    type="i18n",
                    subtype="catalog_line",
                )
                text = po.read_text(encoding="utf-8", errors="replace")
            except (OSError, LookupError, ValueError):
                continue  # a charset Python does not know: Sphinx names the catalog
            # Lines as Babel counts them: it reads the file's bytes, line by line, so only
            # a newline ends one (str.splitlines also ends one at U+2028 and form feeds).
            for number, line in enumerate(text.split("\n"), start=1):
                problem = quote_problem(line) if number != unreadable else None
                if problem is not None:
                    logger.warning(
                        "%s. Put each line's text between two double quotes, and write "
                        '\\" for a double quote inside it.',
                        problem,
                        location=f"{po}:{number}",
                        type="i18n",
                        subtype="catalog_line",
                    )


def _header(po: Path) -> Catalog | None:
    """The catalog's header entry alone (up to the first blank line), read by Babel: a
    header whose charset garbles the rest can still be read so."""
    first = re.split(rb"\r?\n[ \t]*\r?\n", po.read_bytes(), maxsplit=1)[0]
    try:
        return read_po(io.BytesIO(first), abort_invalid=True)
    except (PoFileError, LookupError, ValueError):
        return None


def _text(po: Path) -> str:
    return po.read_text(encoding="utf-8", errors="replace")


def _check_header(po: Path, catalog: Catalog, text: str) -> bool:
    """A header line that makes Python's gettext refuse the compiled catalog: Sphinx
    then uses none of its translations, without a word, and the strict build succeeded
    (a red team's finding). Python reads ``Plural-Forms`` as a small C expression, and
    a compiled catalog as bytes in its charset, which must write ASCII as ASCII."""
    problems: list[tuple[str, str]] = []
    try:
        gettext.c2py(catalog.plural_expr)
    except (ValueError, RecursionError, SyntaxError):
        problems.append(
            ("Plural-Forms:", f"its Plural-Forms formula {catalog.plural_expr!r} cannot be read")
        )
    with contextlib.suppress(LookupError):  # one Python does not know: Sphinx names it
        if "a".encode(catalog.charset) != b"a":
            problems.append(
                ("charset=", f"its charset {catalog.charset!r} is not one gettext can read")
            )
    for header, problem in problems:
        line = next((n for n, each in enumerate(text.split("\n"), start=1) if header in each), 1)
        logger.warning(
            "%s, so none of the catalog's translations is used. Copy the header line from "
            'another catalog of the language ("Plural-Forms: nplurals=2; plural=(n != 1);", '
            '"Content-Type: text/plain; charset=UTF-8").',
            problem,
            location=f"{po}:{line}",
            type="i18n",
            subtype="catalog_line",
        )
    return bool(problems)


def setup_catalogs(app: Sphinx) -> None:
    app.connect("config-inited", _check_catalogs)
    app.connect("config-inited", _check_lines)
