"""Docutils settings a page's reading depends on, kept safe (``partners_harden_site``).

Sphinx reads every page with docutils settings from its own defaults, then from any
``docutils.conf`` docutils finds: beside ``conf.py``, in the folder the build was
started in, the user's and the machine's. A pull request can add or change the first
two (a red team turned ``file_insertion_enabled`` back on and published ``/etc/passwd``
with an ``include``; ``report_level: 5`` dropped failed blocks without a word). So:

- the settings are set safe as the build starts: no ``raw`` (with ``partners_safe_links``),
  no ``include``, ``literalinclude`` or ``csv-table :file:`` (with
  ``partners_confine_files``), on any site that hardens, whether or not it has a
  ``docutils.conf``;
- a configuration file that undoes one of them, hides docutils' warnings
  (``report_level`` above 2) or turns them into a traceback (``halt_level`` below 5)
  stops the build before any page is read, naming the file: docutils reads those
  files for each page, after these settings, so nothing else could keep them.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.frontend import OptionParser
from docutils.parsers.rst import Parser as RstParser
from docutils.readers import standalone
from sphinx.errors import ConfigError

from .site_checks import site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Docutils' own level for warnings, and Sphinx's for stopping (never: it reports).
WARNING_LEVEL = 2
NEVER_HALT = 5


def _required(app: Sphinx) -> dict[str, Any]:
    required: dict[str, Any] = {}
    if site_check_enabled(app, "partners_safe_links"):
        required["raw_enabled"] = False
    if site_check_enabled(app, "partners_confine_files"):
        required["file_insertion_enabled"] = False
    return required


def _effective(app: Sphinx) -> tuple[Any, list[str]]:
    """The settings a page is read with, and the configuration files docutils reads."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # OptionParser, docutils 0.21+
        parser = OptionParser(
            components=(standalone.Reader, RstParser),
            defaults=app.env.settings,
            read_config_files=True,
        )
        files = [str(path) for path in parser.get_standard_config_files() if Path(path).is_file()]
        return parser.get_default_values(), files


def keep_docutils_settings_safe(app: Sphinx) -> None:
    """Set the safe settings; stop if a configuration file undoes one (builder-inited)."""
    required = _required(app)
    if not required:
        return
    app.env.settings.update(required)
    values, files = _effective(app)
    problems = [
        f"{key}: {getattr(values, key)}"
        for key, wanted in required.items()
        if getattr(values, key, wanted) != wanted
    ]
    if getattr(values, "report_level", WARNING_LEVEL) > WARNING_LEVEL:
        problems.append(f"report_level: {values.report_level} (docutils' warnings hidden)")
    if getattr(values, "halt_level", NEVER_HALT) < NEVER_HALT:
        problems.append(f"halt_level: {values.halt_level} (a warning stops the build)")
    if problems:
        raise ConfigError(
            f"a docutils configuration file ({', '.join(files) or 'docutils.conf'}) sets "
            f"{'; '.join(problems)}. A hardened site reads no page so: raw HTML and file "
            "insertion stay off, and every warning is shown. Remove those lines."
        )


def setup_docutils_settings(app: Sphinx) -> None:
    app.connect("builder-inited", keep_docutils_settings_safe)
