"""Keep the site's translations in step with the English pages, and report on them.

    python scripts/translations.py update      # new English text -> every language's .po
    python scripts/translations.py status      # per page: translated, fuzzy, missing
    python scripts/translations.py status --markdown   # the same, as a Markdown table
    python scripts/translations.py editions    # the languages built besides English

``update`` extracts the English text with Sphinx's gettext builder and merges it into
``docs/locales/<code>/LC_MESSAGES/<page>.po`` with sphinx-intl, for every language folder
in ``docs/locales``. A paragraph whose English changed becomes *fuzzy*: the site then
shows it in English with a note until a translator updates it. Pages kept in English
(``site_english_only`` in docs/conf.py) get no catalogs.

``status`` reads the catalogs with Babel (which Sphinx itself uses): a language folder
not yet in ``site_languages`` is reported as not published.
"""

from __future__ import annotations

import argparse
import runpy
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import PoFileError, read_po, write_po
from markdown_text import code

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _settings(docs: Path) -> dict[str, object]:
    return runpy.run_path(str(docs / "conf.py"), run_name="conf")


def _english_only(page: str, patterns: list[str]) -> bool:
    return any(fnmatch(page, pattern) for pattern in patterns)


def languages(docs: Path) -> list[str]:
    """Every language with a folder of catalogs, published or not."""
    locales = docs / "locales"
    return sorted(path.name for path in locales.iterdir() if (path / "LC_MESSAGES").is_dir())


def _add_theme_strings(pot: Path, docs: Path) -> None:
    """furo's own words (and sphinx-basic-ng's, which furo builds on) join ours.

    Sphinx's gettext builder reads only the site's templates_path; Sphinx ships Spanish
    for its own words, but not for the theme's ("Back to top", "Skip to content").
    """
    import furo
    import jinja2
    import sphinx_basic_ng

    with pot.open("rb") as handle:
        catalog = read_po(handle)
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    for package in (furo, sphinx_basic_ng):
        folder = Path(package.__file__).parent / "theme"
        for template in sorted(folder.rglob("*.html")):
            source = template.read_text(encoding="utf-8")
            for line, _function, message in environment.extract_translations(source):
                if isinstance(message, str) and message.strip():
                    where = (template.relative_to(folder.parent).as_posix(), line)
                    catalog.add(message, locations=[where])
    # The site's own extensions say a few words too (drawer buttons, untranslated notes).
    for module in sorted((docs / "_ext").glob("*.py")):
        for line, message, _comments, _context in extract_from_file("python", module):
            if isinstance(message, str):
                catalog.add(message, locations=[(f"_ext/{module.name}", line)])
    with pot.open("wb") as handle:
        write_po(handle, catalog, width=0)


def extract(docs: Path, templates: Path) -> list[str]:
    """The English text of every translated page, as .pot files under *templates*."""
    # Its warnings are the strict build's to report; printed here they would join the
    # status report, which CI writes into the job summary as Markdown.
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "gettext", str(docs), str(templates)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"extracting the English text failed (status {done.returncode})")
    _add_theme_strings(templates / "sphinx.pot", docs)
    patterns = list(_settings(docs).get("site_english_only", []))  # type: ignore[call-overload]
    pages = []
    for pot in sorted(templates.rglob("*.pot")):
        page = pot.relative_to(templates).with_suffix("").as_posix()
        if _english_only(page, patterns):
            pot.unlink()
        else:
            pages.append(page)
    return pages


def update(docs: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        templates = Path(scratch) / "gettext"
        extract(docs, templates)
        for language in languages(docs):
            subprocess.run(
                [sys.executable, "-m", "sphinx_intl", "update", "-p", str(templates),
                 "-d", str(docs / "locales"), "-l", language, "-w", "0"],
                check=True,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
    # No source locations: they name this machine's folders, which differ on the next one.
    # No obsolete entries: a changed paragraph already carries its old translation, fuzzy.
    for po in sorted((docs / "locales").rglob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        catalog.obsolete.clear()  # text the English pages no longer have
        with po.open("wb") as handle:
            write_po(handle, catalog, width=0, no_location=True)
    print(f"Catalogs updated for: {', '.join(languages(docs))}")


@dataclass
class PageStatus:
    page: str
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    #: Why the catalog could not be read, if it could not.
    unreadable: str | None = None

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing


def page_status(docs: Path, language: str, templates: Path, pages: list[str]) -> list[PageStatus]:
    statuses = []
    for page in pages:
        status = PageStatus(page)
        with (templates / f"{page}.pot").open("rb") as handle:
            wanted = {message.id for message in read_po(handle) if message.id}
        po = docs / "locales" / language / "LC_MESSAGES" / f"{page}.po"
        found = {}
        if po.is_file():
            try:
                found = _read_catalog(po)
            except PoFileError as error:
                status.unreadable = (
                    f"the entry at line {error.lineno + 1} (a msgid without its msgstr, or "
                    "a line of text outside double quotes)"
                )
            except LookupError:
                status.unreadable = (
                    "its header names a charset Python does not know (copy the header line "
                    '"Content-Type: text/plain; charset=UTF-8" from another catalog)'
                )
            except ValueError:
                status.unreadable = "its text is not in the charset its header names (UTF-8)"
        for message_id in wanted:
            message = found.get(message_id)
            if message is None or not message.string:
                status.missing += 1
            elif message.fuzzy:
                status.fuzzy += 1
            else:
                status.translated += 1
        statuses.append(status)
    return statuses


def _read_catalog(po: Path) -> dict[object, Message]:
    """A catalog's messages, read strictly: Babel, reading leniently, printed each
    mistake to the output with the text as written, and CI sends this command's output
    to the job summary, where a catalog's text became headings and links (a red team's
    finding)."""
    with po.open("rb") as handle:
        return {
            message.id: message for message in read_po(handle, abort_invalid=True) if message.id
        }


def status(docs: Path, markdown: bool) -> int:
    published = dict(_settings(docs).get("site_languages", {}))  # type: ignore[call-overload]
    with tempfile.TemporaryDirectory() as scratch:
        templates = Path(scratch) / "gettext"
        pages = extract(docs, templates)
        report = {
            language: page_status(docs, language, templates, pages) for language in languages(docs)
        }
    lines = []
    for language, statuses in report.items():
        translated = sum(item.translated for item in statuses)
        total = sum(item.total for item in statuses)
        state = "published" if language in published else "not published yet"
        share = f"{100 * translated // total}%" if total else "-"
        lines.append(
            f"## {code(language) if markdown else language}: {translated} of {total} texts "
            f"translated ({share}, {state})"
        )
        lines.append("")
        lines.append("| Page | Translated | Fuzzy (English changed) | Missing |")
        lines.append("|---|---:|---:|---:|")
        lines.extend(
            f"| {code(item.page)} | {item.translated} | {item.fuzzy} | {item.missing} |"
            if item.unreadable is None
            else f"| {code(item.page)} | the catalog cannot be read: {item.unreadable} | | |"
            for item in statuses
        )
        lines.append("")
    text = "\n".join(lines)
    if not markdown:
        text = text.replace("## ", "").replace("|---|---:|---:|---:|\n", "")
    print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DOCS, help="the site's source folder")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="merge new English text into every .po file")
    report = commands.add_parser("status", help="per page: translated, fuzzy, missing")
    report.add_argument("--markdown", action="store_true", help="a Markdown table (for CI)")
    commands.add_parser("editions", help="the published languages besides the default one")
    arguments = parser.parse_args(argv)
    if arguments.command == "editions":
        settings = _settings(arguments.docs)
        default = settings.get("site_default_language", "en")
        print(" ".join(code for code in settings.get("site_languages", {}) if code != default))  # type: ignore[attr-defined]
        return 0
    if arguments.command == "update":
        update(arguments.docs)
        return 0
    return status(arguments.docs, arguments.markdown)


if __name__ == "__main__":
    raise SystemExit(main())
