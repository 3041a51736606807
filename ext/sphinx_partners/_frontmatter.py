"""A page's front matter may not change how MyST reads the page.

MyST lets a page's ``myst:`` front matter override the site's parser settings: turn
``substitution`` back on (which evaluates ``{{ }}`` with an unsandboxed Jinja2, so a
page could run programs on the build machine), or bring raw HTML back with
``disable_syntax: []``. Pages may only set the keys in ``partners_page_myst_keys``
(``html_meta`` by default); any other is removed before MyST reads the page, with a
located warning.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from myst_parser.config.main import TopmatterReadError, read_topmatter

from ._log import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DEFAULT_PAGE_MYST_KEYS = ("html_meta",)
#: A front matter key becomes page metadata, which other extensions write into HTML
#: unescaped (sphinxext-opengraph writes og:* keys as attribute names): plain names only.
_PLAIN_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
#: Top-level keys MyST still reads as parser settings (deprecated spellings).
_TOP_LEVEL_SETTINGS = ("substitutions", "html_meta")


def _front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter, as MyST finds it."""
    if not lines or not lines[0].startswith("---"):
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.startswith(("---", "...")):
            return index
    return None


def _line_of(lines: list[str], key: str, *, top_level: bool) -> int:
    """The first line naming *key* (indented under ``myst:`` or not), for the warning."""
    for number, line in enumerate(lines, start=1):
        if (line[:1].isspace()) == top_level:
            continue
        if line.lstrip().startswith((f"{key}:", f'"{key}":', f"'{key}':")):
            return number
    return 1


def limit_page_settings(app: Sphinx, docname: str, source: list[str]) -> None:
    """Remove parser settings a page's front matter must not change (source-read)."""
    text = source[0]
    try:
        matter = read_topmatter(text)
    except TopmatterReadError:
        return  # MyST reports malformed front matter itself
    if not isinstance(matter, dict):
        return
    allowed = set(app.config.partners_page_myst_keys)
    myst: Any = matter.get("myst", {})
    nested = [key for key in (myst if isinstance(myst, dict) else {}) if key not in allowed]
    top = [key for key in _TOP_LEVEL_SETTINGS if key in matter and key not in allowed]
    odd = [key for key in matter if not _PLAIN_KEY.match(str(key))]
    if not nested and not top and not odd:
        return
    lines = text.split("\n")
    end = _front_matter_end(lines)
    if end is None:
        return
    for key in odd:
        warn(
            "frontmatter",
            "the front matter key %r is not a plain name; it was ignored.",
            str(key),
            location=(docname, 1),
            hint="Keys are letters, digits, '_', '.', ':' and '-', such as og:description.",
        )
    for key, top_level in [*((key, False) for key in nested), *((key, True) for key in top)]:
        warn(
            "frontmatter",
            "the front matter sets the parser setting %r, which pages may not change; "
            "it was ignored.",
            key,
            location=(docname, _line_of(lines[:end], key, top_level=top_level)),
            hint="Remove it; the site's conf.py decides how pages are read "
            "(pages may set: " + ", ".join(sorted(allowed)) + ").",
        )
    kept = {key: value for key, value in matter.items() if key not in top and key not in odd}
    if isinstance(myst, dict):
        kept["myst"] = {key: value for key, value in myst.items() if key not in nested}
    # One line of JSON (valid YAML), padded, so every later line keeps its number.
    flat = json.dumps(kept, ensure_ascii=False, default=str)
    source[0] = "\n".join(["---", flat, *([""] * (end - 2)), *lines[end:]])


def setup_frontmatter(app: Sphinx) -> None:
    app.add_config_value(
        "partners_page_myst_keys", DEFAULT_PAGE_MYST_KEYS, "env", types=frozenset({tuple, list})
    )
    app.connect("source-read", limit_page_settings)
