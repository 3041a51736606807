"""Every setting of the extension, in one place, each with a check of its value.

Sphinx checks a setting's type only, so ``partners_image_quality = 500`` or
``partners_logo_widths = []`` used to reach the image code and stop the build with an
"Extension error". Here each setting has a validator; :func:`check_settings` runs them
all at ``config-inited`` and replaces a bad value by the default, with a warning at the
line of ``conf.py`` that sets it (``partners.config``), naming what is accepted.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .messages import Code, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Kinds of partner a card may name, with the label readers see.
DEFAULT_KINDS = {
    "district": "Public school district",
    "charter-network": "Charter school network",
    "school": "School",
    "nonprofit": "Non-profit organization",
    "research": "Research center",
    "funder": "Funder",
    "consortium": "Consortium",
    "project": "Project",
}
#: Images with more pixels are refused before decoding (Pillow only warns below 2x its own).
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
#: Widths made of each grid image: phones (1x, 2x), tablets and desktops pick among them.
DEFAULT_IMAGE_WIDTHS = (320, 480, 640, 800, 1200, 1600)
#: Widths made of each card logo: its 3.5rem box on 1x, 2x and 3x screens.
DEFAULT_LOGO_WIDTHS = (56, 112, 168)
#: Schemes a published link or image may use (site-wide hardening).
DEFAULT_SAFE_SCHEMES = ("http", "https", "mailto", "tel")
#: The MyST settings a page's front matter may set.
DEFAULT_PAGE_MYST_KEYS = ("html_meta",)
#: The meta tags a page may write (``html_meta``): what search engines show. Not a
#: site-ownership token (google-site-verification) nor robots, which are the site's.
DEFAULT_PAGE_META_NAMES = ("description", "keywords", "author")
#: Page metadata keys (front matter) the page may not set: the link preview's, which
#: sphinxext-opengraph takes from them over the site's settings (og:url, og:image...).
DEFAULT_PAGE_METADATA_REFUSED = ("og:", "ogp_")
#: Entries all the directories of one page may list together: far more partners than a
#: real site has, far fewer than a page of directories could multiply them into.
DEFAULT_MAX_DIRECTORY_ENTRIES = 5_000
#: Headings of one page MyST gives anchors to: real pages hold a few dozen, and MyST's
#: work grows with the square of a heading's repeats.
DEFAULT_MAX_HEADING_ANCHORS = 1_000
#: A CSS length: what ``sizes`` in the grid's ``<img>`` can hold.
_CSS_LENGTH = re.compile(r"[0-9]+(\.[0-9]+)?(px|em|rem|vw|ch)")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")
_KIND = re.compile(r"[a-z0-9][a-z0-9-]*")
_SEQUENCE = frozenset({tuple, list})


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("True or False")
    return value


def _boolean_or_unset(value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise ValueError("True, False, or None (follow partners_harden_site)")
    return value


def _integer(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"a whole number from {low:,} to {high:,}")
        return value

    return check


def _widths(low: int, high: int) -> Callable[[Any], tuple[int, ...]]:
    def check(value: Any) -> tuple[int, ...]:
        if not isinstance(value, tuple | list) or not value:
            raise ValueError(f"a list of one or more widths in pixels, from {low} to {high}")
        if any(isinstance(each, bool) or not isinstance(each, int) for each in value):
            raise ValueError(f"a list of one or more widths in pixels, from {low} to {high}")
        if not all(low <= each <= high for each in value):
            raise ValueError(f"a list of one or more widths in pixels, from {low} to {high}")
        return tuple(sorted(set(value)))

    return check


def _css_length(value: Any) -> str:
    if not isinstance(value, str) or not _CSS_LENGTH.fullmatch(value.strip()):
        raise ValueError("a CSS length such as 46em, 720px or 60rem")
    return value.strip()


def _names(pattern: re.Pattern[str], what: str) -> Callable[[Any], tuple[str, ...]]:
    def check(value: Any) -> tuple[str, ...]:
        if not isinstance(value, tuple | list) or not all(
            isinstance(each, str) and pattern.fullmatch(each) for each in value
        ):
            raise ValueError(what)
        return tuple(value)

    return check


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, tuple | list) or not all(isinstance(each, str) for each in value):
        raise ValueError("a list of strings")
    return tuple(value)


def _commands(value: Any) -> tuple[tuple[str, ...], ...]:
    message = 'a list of commands, each a list of strings, such as [["python", "check.py"]]'
    if not isinstance(value, tuple | list):
        raise ValueError(message)
    for command in value:
        if not isinstance(command, tuple | list) or not command:
            raise ValueError(message)
        if not all(isinstance(each, str) and each for each in command):
            raise ValueError(message)
    return tuple(tuple(command) for command in value)


def _kinds(value: Any) -> dict[str, str]:
    if (
        not isinstance(value, Mapping)
        or not value
        or not all(isinstance(key, str) and _KIND.fullmatch(key) for key in value)
        or not all(isinstance(label, str) and label.strip() for label in value.values())
    ):
        raise ValueError(
            "a mapping of lowercase kind names (letters, digits, '-') to the labels "
            "readers see, such as {'district': 'Public school district'}"
        )
    return dict(value)


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, when it forces a rebuild, and its check."""

    name: str
    default: Any
    rebuild: Literal["", "env", "html"]
    types: frozenset[type]
    check: Callable[[Any], Any]


SETTINGS: tuple[Setting, ...] = (
    Setting("partners_kinds", DEFAULT_KINDS, "env", frozenset({dict}), _kinds),
    Setting(
        "partners_max_image_pixels",
        DEFAULT_MAX_IMAGE_PIXELS,
        "env",
        frozenset({int}),
        _integer(1, 500_000_000),
    ),
    Setting("partners_image_widths", DEFAULT_IMAGE_WIDTHS, "env", _SEQUENCE, _widths(16, 8192)),
    Setting("partners_logo_widths", DEFAULT_LOGO_WIDTHS, "env", _SEQUENCE, _widths(16, 1024)),
    Setting("partners_image_max_width", 2560, "env", frozenset({int}), _integer(16, 16_383)),
    Setting("partners_image_quality", 80, "env", frozenset({int}), _integer(1, 100)),
    Setting("partners_image_content_width", "46em", "env", frozenset({str}), _css_length),
    Setting("partners_image_workers", 0, "", frozenset({int}), _integer(0, 256)),
    Setting("partners_fast_navigation", True, "html", frozenset({bool}), _boolean),
    Setting("partners_refresh_navigation", True, "html", frozenset({bool}), _boolean),
    Setting("partners_harden_site", False, "env", frozenset({bool}), _boolean),
    Setting("partners_preview", False, "html", frozenset({bool}), _boolean),
    Setting("partners_preview_checks", (), "", _SEQUENCE, _commands),
    Setting("partners_page_rules", False, "env", frozenset({bool}), _boolean),
    Setting(
        "partners_confine_files",
        None,
        "env",
        frozenset({bool, type(None)}),
        _boolean_or_unset,
    ),
    Setting("partners_safe_links", None, "env", frozenset({bool, type(None)}), _boolean_or_unset),
    Setting(
        "partners_safe_url_schemes",
        DEFAULT_SAFE_SCHEMES,
        "env",
        _SEQUENCE,
        _names(_SCHEME, "a list of lowercase URL schemes, such as ('https', 'mailto')"),
    ),
    Setting("partners_allowed_inline_scripts", (), "html", _SEQUENCE, _texts),
    Setting(
        "partners_page_myst_keys",
        DEFAULT_PAGE_MYST_KEYS,
        "env",
        _SEQUENCE,
        _names(re.compile(r"[a-z_]+"), "a list of MyST setting names, such as ('html_meta',)"),
    ),
    Setting(
        "partners_page_meta_names",
        DEFAULT_PAGE_META_NAMES,
        "env",
        _SEQUENCE,
        _names(re.compile(r"[a-z][a-z0-9_.:-]*"), "a list of meta names, such as ('description',)"),
    ),
    Setting(
        "partners_page_metadata_refused",
        DEFAULT_PAGE_METADATA_REFUSED,
        "env",
        _SEQUENCE,
        _names(
            re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*"), "a list of key beginnings, such as ('og:',)"
        ),
    ),
    Setting(
        "partners_max_directory_entries",
        DEFAULT_MAX_DIRECTORY_ENTRIES,
        "env",
        frozenset({int}),
        _integer(1, 1_000_000),
    ),
    Setting("partners_highlight_block_seconds", 2, "", frozenset({int}), _integer(1, 3_600)),
    Setting("partners_highlight_build_seconds", 120, "", frozenset({int}), _integer(1, 86_400)),
    Setting(
        "partners_max_heading_anchors",
        DEFAULT_MAX_HEADING_ANCHORS,
        "env",
        frozenset({int}),
        _integer(1, 100_000),
    ),
)


def _assignment_lines(conf_py: Path) -> dict[str, int]:
    """The line of ``conf.py`` that sets each name (the last one wins, as in Python)."""
    try:
        tree = ast.parse(conf_py.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return {}
    lines: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                lines[target.id] = node.lineno
    return lines


def check_settings(app: Sphinx, config: Config) -> None:
    """Replace every bad setting by its default, with a located warning (config-inited)."""
    conf_py = Path(app.confdir) / "conf.py"
    lines: dict[str, int] | None = None
    for setting in SETTINGS:
        value = getattr(config, setting.name)
        try:
            checked = setting.check(value)
        except (ValueError, TypeError) as error:
            if lines is None:
                lines = _assignment_lines(conf_py)
            line = lines.get(setting.name)
            warn(
                Code.CONFIG,
                "%s = %r is not accepted: it must be %s. The default, %r, is used.",
                setting.name,
                value,
                str(error),
                setting.default,
                location=f"{conf_py}:{line}" if line else f"{conf_py}:",
                hint="Correct the value in conf.py, or remove the line to use the default.",
            )
            checked = setting.default
        setattr(config, setting.name, checked)


def setup_settings(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=setting.types)
    # Before every other handler reads a setting (the default priority is 500).
    app.connect("config-inited", check_settings, priority=100)
