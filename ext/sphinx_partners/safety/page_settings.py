"""A page may not change how it is read, nor write odd names into its metadata.

MyST lets a page's front matter override the site's parser settings: turn
``substitution`` back on (which evaluates ``{{ }}`` with an unsandboxed Jinja2, so a
page could run programs on the build machine) or bring raw HTML back with
``disable_syntax: []``. Rather than find the front matter ourselves (a second reader
disagrees with MyST on some spelling: ``\\r``, U+2028, U+0085 ... line separators),
the policy hooks MyST's own ``merge_file_level``, the one place where the settings
MyST read from a page are applied. Whatever MyST took for front matter, only the keys
in ``partners_page_myst_keys`` (``html_meta`` by default) get through.

Page metadata comes from docutils' docinfo (the front matter's fields, or a field list
at the top of a page) and other extensions write its keys into HTML unescaped
(sphinxext-opengraph writes ``og:*`` keys as attribute names), so keys must be plain
names. That is checked on the docinfo docutils built, before Sphinx collects it, and on
``env.metadata`` itself (MyST also fills it while parsing).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.errors import ExtensionError

from ..messages import Code, warn
from .site_checks import META_ATTRIBUTES, site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Letters, digits and ``_ . : -``, starting with a letter: ``og:description``.
PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*")
#: Top-level front matter keys MyST still merges as parser settings (deprecated).
TOP_LEVEL_SETTINGS = ("substitutions", "html_meta")
#: Runs after docutils built the docinfo, before Sphinx's MetadataCollector (500).
BEFORE_METADATA_COLLECTOR = 400


def is_plain_key(key: object) -> bool:
    return isinstance(key, str) and PLAIN_KEY.fullmatch(key) is not None


def line_of_key(text: str, key: str, *, top_level: bool | None = None) -> int:
    """The first line of *text* that names *key*, counted as MyST counts front matter.

    *top_level* True or False looks only at lines that are not, or are, indented.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if top_level is not None and line[:1].isspace() == top_level:
            continue
        stripped = line.lstrip(" -{,")
        if stripped.startswith((f"{key}:", f'"{key}":', f"'{key}':", f":{key}:")):
            return number
    return 1


def meta_name(meta: nodes.meta) -> str:
    """A meta tag's name as browsers and search engines match it: ASCII letters in any
    case (``Description`` is a description); a name with other letters as it is (the
    Kelvin sign's ``\u212aeywords`` lowercases to ``keywords`` in Python, not there)."""
    name = str(meta.get("name", ""))
    return name.lower() if name.isascii() else name


def misspelled_setting(key: str, allowed: Iterable[str]) -> str | None:
    """The setting a page may set that *key* is a slip of (``html-meta``, ``HTML_meta``,
    ``html_mata``), if one is close."""
    close = difflib.get_close_matches(key.lower().replace("-", "_"), list(allowed), n=1, cutoff=0.8)
    return close[0] if close else None


@dataclass
class PagePolicy:
    """What one page may set, and where to report what it may not."""

    allowed: frozenset[str]
    source: str
    text: str

    def _refuse(self, key: str, *, top_level: bool) -> None:
        location = f"{self.source}:{line_of_key(self.text, key, top_level=top_level)}"
        meant = misspelled_setting(key, self.allowed)
        if meant is not None:  # html-meta for html_meta: the page's description is lost
            warn(
                Code.FRONTMATTER,
                "the front matter has %r, a misspelling of %s, so it was ignored with "
                "everything under it (the page's description too).",
                key,
                meant,
                location=location,
                hint=f"Write {meant}: in its place.",
            )
            return
        warn(
            Code.FRONTMATTER,
            "the front matter sets the parser setting %r, which pages may not change; "
            "it was ignored.",
            key,
            location=location,
            hint="Remove it; the site's conf.py decides how pages are read "
            "(pages may set: " + ", ".join(sorted(self.allowed)) + ").",
        )

    def limit(self, topmatter: dict[str, Any]) -> dict[str, Any]:
        """The part of *topmatter* MyST may merge into the page's settings."""
        kept: dict[str, Any] = {}
        myst = topmatter.get("myst")
        if isinstance(myst, dict):
            kept["myst"] = {}
            for key, value in myst.items():
                if not isinstance(key, str):
                    self._refuse_structure("a key under myst", "myst", top_level=True)
                elif key in self.allowed:
                    kept["myst"][key] = self._plain_meta(value) if key == "html_meta" else value
                else:
                    self._refuse(key, top_level=False)
        elif myst is not None:
            kept["myst"] = myst  # not a mapping: MyST says so, and it sets nothing
        for key in TOP_LEVEL_SETTINGS:
            if key not in topmatter:
                continue
            if key in self.allowed:
                value = topmatter[key]
                kept[key] = self._plain_meta(value) if key == "html_meta" else value
            else:
                self._refuse(key, top_level=True)
        return kept

    def _plain_meta(self, meta: object) -> object:
        """*meta* (``html_meta``) with only its values of one line of text. MyST writes
        each value with ``str()``: a list of YAML aliases, 700 bytes in the page, grew
        to gigabytes there and stopped the build (a red team's fourteenth round). A list
        or a mapping is never written out, so it is named by its key alone."""
        if not isinstance(meta, dict):
            return meta  # not a mapping: MyST says so, and writes nothing
        plain: dict[str, Any] = {}
        for key, value in meta.items():
            if not isinstance(key, str):
                self._refuse_structure("a key under html_meta", "html_meta", top_level=False)
            elif isinstance(value, (dict, list, set, tuple)):
                self._refuse_structure(f"the value of {key!r}", key, top_level=False)
            else:
                plain[key] = value
        return plain

    def _refuse_structure(self, what: str, key: str, *, top_level: bool) -> None:
        warn(
            Code.FRONTMATTER,
            "%s is a list or a mapping, not one line of text; it was left out.",
            what,
            location=f"{self.source}:{line_of_key(self.text, key, top_level=top_level)}",
            hint='Write one line of text between straight quotes, such as "word, word".',
        )


#: The policy of the page being parsed in this thread or process; None outside our
#: parser (another Sphinx project in the same process is left alone).
_current_policy: ContextVar[PagePolicy | None] = ContextVar("partners_page_policy", default=None)


@contextmanager
def page_policy(document: nodes.document, text: str) -> Iterator[None]:
    """Apply the site's page-settings policy while MyST parses *text* into *document*."""
    config = document.settings.env.config
    policy = PagePolicy(
        allowed=frozenset(config.partners_page_myst_keys),
        source=document.get("source", ""),
        text=text,
    )
    token = _current_policy.set(policy)
    try:
        yield
    finally:
        _current_policy.reset(token)


MergeFileLevel = Callable[[Any, dict[str, Any], Callable[..., None]], Any]


def _guarded_merge(merge_file_level: MergeFileLevel) -> MergeFileLevel:
    @functools.wraps(merge_file_level)
    def merge(config: Any, topmatter: dict[str, Any], warning: Callable[..., None]) -> Any:
        policy = _current_policy.get()
        if policy is not None:
            topmatter = policy.limit(topmatter)
        return merge_file_level(config, topmatter, warning)

    merge.partners_guarded = True  # type: ignore[attr-defined]
    return merge


def hook_myst_page_settings() -> None:
    """Put the policy into MyST's Sphinx parser, where it merges a page's settings.

    If MyST ever reads page settings some other way, the build stops here rather
    than run with the door open.
    """
    from myst_parser.parsers import sphinx_ as myst_sphinx_parser

    current = getattr(myst_sphinx_parser, "merge_file_level", None)
    uses_it = "merge_file_level" in myst_sphinx_parser.MystParser.parse.__code__.co_names
    if current is None or not uses_it:
        raise ExtensionError(
            "sphinx-partners cannot check page settings with this version of MyST-Parser "
            "(MystParser.parse no longer calls merge_file_level); pages could turn parser "
            "settings back on. Use a MyST-Parser version the extension supports."
        )
    if not getattr(current, "partners_guarded", False):
        setattr(myst_sphinx_parser, "merge_file_level", _guarded_merge(current))  # noqa: B010


def _docinfo(doctree: nodes.document) -> nodes.docinfo | None:
    """The docinfo Sphinx will collect, found as Sphinx's MetadataCollector finds it."""
    index = doctree.first_child_not_matching_class(nodes.PreBibliographic)  # type: ignore[arg-type]
    if index is None or not isinstance(doctree[index], nodes.docinfo):
        return None
    return doctree[index]  # type: ignore[return-value]


def _refuse_key(key: str, source: str, text: str) -> None:
    warn(
        Code.FRONTMATTER,
        "the page metadata key %r is not a plain name; it was ignored.",
        key,
        location=f"{source}:{line_of_key(text, key)}",
        hint="Keys are letters, digits, '_', '.', ':' and '-', such as og:description.",
    )


def limit_page_metadata(app: Sphinx, doctree: nodes.document) -> None:
    """Drop metadata keys that are not plain names (doctree-read, before collection)."""
    docname = app.env.docname
    source = doctree.get("source", "") or str(app.env.doc2path(docname))
    odd_fields = []
    docinfo = _docinfo(doctree)
    if docinfo is not None:
        odd_fields = [
            field for field in docinfo.findall(nodes.field) if not is_plain_key(field[0].astext())
        ]
    metadata = app.env.metadata.get(docname, {})
    if site_check_enabled(app, "partners_safe_links"):
        _drop_refused_keys(app, doctree, docinfo, metadata, source)
        _drop_refused_meta(app, doctree, source)
    odd_keys = {key for key in metadata if not is_plain_key(key)}
    if not odd_fields and not odd_keys:
        return
    text = _read(source)
    for field in odd_fields:
        # The name as written: smart quotes have changed the text by now.
        name = cast(nodes.field_name, field[0])
        _refuse_key(name.rawsource or name.astext(), source, text)
        field.parent.remove(field)
    if not odd_fields:
        # Another road into the metadata than the docinfo (MyST fills it from the
        # front matter too, so the docinfo's warning already covers those keys).
        for key in sorted(odd_keys, key=str):
            _refuse_key(str(key), source, text)
    for key in [key for key in metadata if not is_plain_key(key)]:
        del metadata[key]


def _drop_refused_keys(
    app: Sphinx,
    doctree: nodes.document,
    docinfo: nodes.docinfo | None,
    metadata: dict[str, Any],
    source: str,
) -> None:
    """Keys the page may not set (``partners_page_metadata_refused``): the link
    preview's, which sphinxext-opengraph takes over the site's (``og:url`` to another
    site, ``og:image`` from it: a red team's finding)."""
    refused = tuple(app.config.partners_page_metadata_refused)
    if not refused:
        return
    fields = [] if docinfo is None else list(docinfo.findall(nodes.field))
    keys = {str(key) for key in metadata} | {field[0].astext() for field in fields}
    # A key that is not a plain name is refused as such below (one message for it).
    named = sorted(key for key in keys if key.startswith(refused) and is_plain_key(key))
    if not named:
        return
    text = _read(source)
    for key in named:
        warn(
            Code.FRONTMATTER,
            "the page metadata key %r was ignored: the link preview is the site's.",
            key,
            location=f"{source}:{line_of_key(text, key)}",
            hint="Remove it; the site's settings (ogp_* in conf.py) make every page's preview.",
        )
        metadata.pop(key, None)
    for field in fields:
        if field[0].astext() in named:
            field.parent.remove(field)


def _drop_refused_meta(app: Sphinx, doctree: nodes.document, source: str) -> None:
    """A meta tag the page may not write (``html_meta``): another name than the site
    allows (a site-ownership token, robots) or a property (a link preview's og:url over
    the site's): a red team's finding."""
    allowed = set(app.config.partners_page_meta_names)
    refused = [
        meta
        for meta in doctree.findall(nodes.meta)
        # One with an attribute no meta tag may have is the site check's (one message).
        if not set(meta.non_default_attributes()) - META_ATTRIBUTES - {"translated"}
        and ("property" in meta.attributes or meta_name(meta) not in allowed)
    ]
    if not refused:
        return
    text = _read(source)
    for meta in refused:
        if "property" in meta.attributes:
            written, keys = f"property {meta['property']}", [f"property={meta['property']}"]
        else:
            name = str(meta.get("name", ""))
            written, keys = f"name {name}", [f"name={name}", name]
        line = max(line_of_key(text, key, top_level=False) for key in keys)
        warn(
            Code.FRONTMATTER,
            "the meta tag with %s was left out: a page may write only %s.",
            written,
            ", ".join(sorted(allowed)) or "none",
            location=f"{source}:{line}",
            hint="Site ownership, search engines' robots and link previews are the site's "
            "settings (conf.py), not a page's.",
        )
        meta.parent.remove(meta)


def _read(source: str) -> str:
    """The page's text for finding a key's line ("" if it cannot be read)."""
    try:
        return Path(source).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def setup_page_settings(app: Sphinx) -> None:
    hook_myst_page_settings()
    app.connect("doctree-read", limit_page_metadata, priority=BEFORE_METADATA_COLLECTOR)
