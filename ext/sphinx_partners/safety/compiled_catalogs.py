"""Translations come only from catalogs a reviewer can read (``partners_confine_files``).

Sphinx compiles each ``.po`` into the ``.mo`` beside it when the ``.mo`` is missing or
older, and uses any ``.mo`` it finds. A ``.mo`` is binary (git shows "Binary files
differ"): one committed by a pull request translated the Spanish pages with words no
reviewer read, without any ``.po`` or beside an innocent one, which in a fresh clone
is no newer (a red team's finding). So before any page is read, every ``.mo`` of the
site's catalog folders is compared with what Sphinx's own ``CatalogInfo.write_mo``
compiles from its ``.po``: one without its ``.po``, or that differs, is removed with a
warning (without one when this build folder's last build left it: compiled before a
translator's edit), and Sphinx compiles the page catalogs again from their ``.po``. Sphinx loads
the theme's words (``sphinx.mo``) before any extension runs, so that translation is
loaded again from the ``.po`` as well.
"""

from __future__ import annotations

import gettext
import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.i18n import CatalogInfo

from ..messages import Code, warn
from .site_checks import site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Before the checks of the loaded theme words (catalogs.py, at the default 500).
BEFORE_CATALOG_CHECKS = 400


def _compiled(po: Path, config: Config) -> bytes | None:
    """What Sphinx compiles from *po*, or None if it cannot (Sphinx names why)."""
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copyfile(po, Path(scratch, po.name))
        catalog = CatalogInfo(scratch, po.stem, config.source_encoding)
        catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
        compiled = Path(catalog.mo_path)
        return compiled.read_bytes() if compiled.is_file() else None


def _reload(mo: Path) -> None:
    """Replace, in place, the translation gettext loaded from *mo* (and cached by its
    path) with the one Sphinx compiled again: the theme's words, loaded before any
    extension, then come from the ``.po``."""
    cached = gettext._translations  # type: ignore[attr-defined]  # gettext's own cache
    for (_class, path), loaded in list(cached.items()):
        if Path(path).resolve() != mo.resolve():
            continue
        entries = getattr(loaded, "_catalog", None)
        if isinstance(entries, dict):
            entries.clear()
            if mo.is_file():
                with mo.open("rb") as handle:
                    entries.update(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def _compiled_files(messages: Path) -> list[Path]:
    """The ``.mo`` files under *messages*: files only (a folder named ``zz.mo`` stopped
    the build: a red team's finding), a symbolic link among them."""
    if not messages.is_dir():
        return []
    return sorted(mo for mo in messages.rglob("*.mo") if mo.is_symlink() or mo.is_file())


def _read_before(language: str) -> list[str]:
    """The language folders gettext reads before *language*'s own, as it expands the
    name (``es`` reads ``es_ES.ISO8859-1``, ``es_ES`` and ``es.ISO8859-1`` first)."""
    expanded: list[str] = gettext._expand_lang(language)  # type: ignore[attr-defined]
    return [name for name in expanded if name != language]


def _remove_read_before(app: Sphinx, config: Config) -> None:
    """Sphinx compiles only ``<language>/LC_MESSAGES``, but gettext reads a ``.mo`` of
    a folder it tries first: an ``es_ES/`` one translated the Spanish pages, its words
    from no ``.po`` Sphinx reads (a red team's finding). Each such ``.mo`` is removed."""
    for folder in config.locale_dirs:
        for name in _read_before(config.language):
            messages = Path(app.srcdir, folder, name, "LC_MESSAGES")
            for mo in _compiled_files(messages):
                mo.unlink()
                warn(
                    Code.CATALOG,
                    "the compiled catalog %s is in the folder %s, which is read before %s's "
                    "own, though the build compiles no catalog there; it was removed, so "
                    "the translations come only from .po files, which a reviewer can read.",
                    mo.name,
                    name,
                    config.language,
                    location=f"{mo}:",
                    hint=f"Put the translation in {config.language}/LC_MESSAGES, as a .po file.",
                )
                if mo.stem == "sphinx":
                    _reload(mo)


def remove_unreviewable_catalogs(app: Sphinx, config: Config) -> None:
    """Remove each compiled catalog of the site that its ``.po`` does not give (config-inited)."""
    if not config.language or not site_check_enabled(app, "partners_confine_files"):
        return
    _remove_read_before(app, config)
    compiled_before = _compiled_before(app)
    for folder in config.locale_dirs:
        messages = Path(app.srcdir, folder, config.language, "LC_MESSAGES")
        for mo in _compiled_files(messages):
            po = mo.with_suffix(".po")
            own = not mo.is_symlink() and po.is_file()
            if own and _compiled(po, config) == mo.read_bytes():
                continue
            # One this build folder compiled before a translator edited the .po (a red
            # team's finding: the honest edit failed the next strict build). File times
            # cannot tell: a fresh clone writes a committed .mo before its .po.
            earlier = own and _digest(mo) in compiled_before
            mo.unlink()
            if earlier:
                _compile_again(mo, config)
                continue
            why = "differs from what its .po compiles to" if po.is_file() else "has no .po"
            warn(
                Code.CATALOG,
                "the compiled catalog %s %s; it was removed, so the translations come "
                "only from .po files, which a reviewer can read.",
                mo.name,
                why,
                location=f"{mo}:",
                hint="Commit the .po file only: the build compiles it.",
            )
            if po.is_file():
                _compile_again(mo, config)
            elif mo.stem == "sphinx":
                _reload(mo)


def _compile_again(mo: Path, config: Config) -> None:
    """Compile *mo* from its ``.po`` now if it is the theme's words, which Sphinx loaded
    before any extension ran (the page catalogs Sphinx compiles itself, once missing)."""
    if mo.stem == "sphinx":
        CatalogInfo(str(mo.parent), "sphinx", config.source_encoding).write_mo(
            config.language, config.gettext_allow_fuzzy_translations
        )
        _reload(mo)


def _record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "partners-compiled-catalogs.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _compiled_before(app: Sphinx) -> set[str]:
    """The digests of the ``.mo`` files this build folder's last build left."""
    try:
        digests = json.loads(_record(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return (
        {each for each in digests if isinstance(each, str)} if isinstance(digests, list) else set()
    )


def remember_compiled_catalogs(app: Sphinx, exception: Exception | None) -> None:
    """After a build, the digest of each ``.mo`` it used: all compiled from their
    ``.po`` by now (build-finished)."""
    config = app.config
    if exception is not None or not config.language:
        return
    if not site_check_enabled(app, "partners_confine_files"):
        return
    digests = sorted(
        _digest(mo)
        for folder in config.locale_dirs
        for mo in _compiled_files(Path(app.srcdir, folder, config.language, "LC_MESSAGES"))
        if not mo.is_symlink()
    )
    try:
        _record(app).parent.mkdir(parents=True, exist_ok=True)
        _record(app).write_text(json.dumps(digests), encoding="utf-8")
    except OSError:
        pass  # only a warning less next time


def setup_compiled_catalogs(app: Sphinx) -> None:
    app.connect("config-inited", remove_unreviewable_catalogs, priority=BEFORE_CATALOG_CHECKS)
    app.connect("build-finished", remember_compiled_catalogs)
