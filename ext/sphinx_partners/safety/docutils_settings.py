"""Docutils settings a page's reading depends on, kept safe (``partners_harden_site``).

Sphinx reads every page with docutils settings from its own defaults, then from the
``docutils.conf`` beside ``conf.py`` (``sphinx-build`` points docutils at it), a file a
pull request can change. Red teams turned ``file_insertion_enabled`` back on there and
published ``/etc/passwd`` with an ``include``; hid docutils' warnings with
``report_level: 5``; and wrote a file anywhere the build could with
``record_dependencies`` (docutils opens it while it reads the settings), reaching code
execution through a ``.pth`` file. So, on a site that hardens:

- the settings are set safe as the build starts: no ``raw`` (with ``partners_safe_links``),
  no ``include``, ``literalinclude`` or ``csv-table :file:`` (with
  ``partners_confine_files``), whether or not the site has a ``docutils.conf``;
- a configuration file docutils would read may set only those two, off; anything else
  stops the build before any page is read, naming the file and the settings. The
  files are read as the INI files they are, never through docutils' own reading, whose
  checks of some settings already act on them.
"""

from __future__ import annotations

import configparser
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.frontend import OptionParser
from sphinx.errors import ConfigError

from .site_checks import site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def _required(app: Sphinx) -> dict[str, Any]:
    required: dict[str, Any] = {}
    if site_check_enabled(app, "partners_safe_links"):
        required["raw_enabled"] = False
    if site_check_enabled(app, "partners_confine_files"):
        required["file_insertion_enabled"] = False
    return required


def _config_files() -> list[Path]:
    """The configuration files docutils would read for a page: ``DOCUTILSCONFIG`` (which
    sphinx-build sets to the one beside conf.py), or its standard ones."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # OptionParser, docutils 0.21+
        parser = OptionParser(components=(), read_config_files=False)  # reads nothing
        listed = parser.get_standard_config_files()
    return [Path(path).expanduser() for path in listed if Path(path).expanduser().is_file()]


def _settings_in(path: Path) -> dict[str, str]:
    """Every setting *path* gives, in any section, by docutils' name for it."""
    reader = configparser.RawConfigParser(interpolation=None, strict=False)
    try:
        reader.read(path, encoding="utf-8")
    except (OSError, UnicodeError, configparser.Error):
        return {"(a line that is not a setting)": ""}
    return {
        key.lower().replace("-", "_"): value
        for section in reader.sections()
        for key, value in reader.items(section)
    }


def _as_boolean(value: str) -> bool | None:
    """Docutils' reading of a yes/no setting (the same words as configparser's)."""
    return configparser.RawConfigParser.BOOLEAN_STATES.get(value.strip().lower())


def refuse_unsafe_config_files(app: Sphinx, config: Config) -> None:
    """Stop if a configuration file docutils would read sets anything but the safe
    settings (config-inited: Sphinx's HTML builder reads those files as it starts, and
    docutils opens a ``record_dependencies`` file as it reads them)."""
    required = _required(app)
    if not required:
        return
    for path in _config_files():
        problems = [
            f"{key}: {value}"
            for key, value in _settings_in(path).items()
            if key not in required or _as_boolean(value) is not required[key]
        ]
        if problems:
            raise ConfigError(
                f"{path} sets {'; '.join(problems)}. A hardened site takes from a docutils "
                "configuration file only raw_enabled: false and file_insertion_enabled: "
                "false: other settings can write or read files anywhere, or hide "
                "warnings. Remove those lines."
            )


def keep_docutils_settings_safe(app: Sphinx) -> None:
    """Set the safe settings for every page, with or without a docutils.conf
    (builder-inited: the environment's settings exist from then)."""
    app.env.settings.update(_required(app))


def setup_docutils_settings(app: Sphinx) -> None:
    app.connect("config-inited", refuse_unsafe_config_files)
    app.connect("builder-inited", keep_docutils_settings_safe)
