"""Site-wide checks of what a page may point at: files inside the source folder only,
and links a browser cannot run as script.

Stock Sphinx publishes an image or ``{download}`` path with ``..`` or through a symlink
from anywhere on the build machine, copies symlinked static files, and writes any
``javascript:`` or ``data:`` URL a directive puts in a reference. These checks run on
every doctree (``doctree-read``, before Sphinx's image and download collectors copy
anything), whatever directive or role made the node. They change content the
extension did not create, so they are part of ``partners_harden_site`` (off by
default); ``partners_confine_files`` and ``partners_safe_links`` turn one on or off
on its own.
"""

from __future__ import annotations

import errno
import glob
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes

from ..alt_text import replace_by_alt_text
from ..messages import Code, located, shortened, warn
from .file_names import RENAME_HINT, SourceFolder, unsafe_characters

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Browsers ignore these characters in a URL's scheme (WHATWG URL: tab, newline, and
#: leading C0 controls and spaces), so ``java\tscript:`` is ``javascript:``.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
#: MathJax turns ``\href{url}{text}`` and ``\url{url}`` into links in the reader's browser.
_MATH_LINK_COMMAND = re.compile(r"\\(?:href|url)(?![A-Za-z])")
#: MathJax's delimiters: Sphinx writes a formula between them without escaping them, so
#: ``{math}`x\)\[...\]\(y``` ended the formula and typed another, a display one,
#: which the page's rule for formulas of the text does not keep in its box (a red team's
#: finding).
#: A backslash escaped by another (``\\[2pt]``, a line break) is no delimiter, as
#: MathJax reads it.
_MATHJAX_DELIMITER = re.compile(r"(?<!\\)(?:\\\\)*(\\[()\[\]])")
#: What may follow such a command: one plain address in braces (no macro parameter,
#: no nested braces or commands that could build a scheme at render time).
_MATH_LINK_TARGET = re.compile(r"\s*\{([^{}\\#]*)\}")
META_ATTRIBUTES = {"name", "property", "content", "lang", "dir", "scheme"}
#: The application's attribute holding the links of translations folders already named.
NAMED_CATALOG_LINKS = "_partners_named_catalog_links"
_CONFINE_HINT = "Copy the file into the site's folder and use a path inside it."


def url_scheme(uri: str) -> str | None:
    """The scheme a browser would see in *uri*, lowercased; None for a relative URL."""
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", uri).lower())
    return match.group(1) if match else None


def _is_inside(path: str | os.PathLike[str], srcdir: Path) -> bool:
    try:
        # Asks the system, which says ELOOP for a loop of links on every Python (from
        # 3.13, resolve() quietly returns a path for one).
        resolved = Path(os.path.realpath(path, strict=True))
    except (FileNotFoundError, NotADirectoryError):
        resolved = Path(os.path.realpath(path))  # a missing file: where it would be
    except (OSError, ValueError):  # symlink loops, unreadable parents, NUL
        return False
    return resolved.is_relative_to(srcdir)


def _unwrap(node: nodes.Element) -> None:
    """Replace *node* by its text content: the reader keeps the words, not the target."""
    replacement: nodes.Element = nodes.inline("", "", *node.children)
    if not isinstance(node.parent, nodes.TextElement):
        replacement = nodes.paragraph("", "", *node.children)
    node.replace_self(replacement)


def _file_escapes(app: Sphinx, uri: str) -> bool:
    """Whether *uri*, written on the current page, names a file outside the source folder."""
    srcdir = Path(app.srcdir).resolve()
    try:
        _relpath, abspath = app.env.relfn2path(uri, app.env.docname)
    except (OSError, RuntimeError, ValueError):  # it resolves: symlink loops, NUL
        return True  # what cannot be resolved cannot be shown to stay inside
    if "*" in uri:  # Sphinx globs image candidates: every match must stay inside
        pattern = glob.escape(abspath).replace(glob.escape("*"), "*")
        matches = glob.glob(pattern)  # noqa: PTH207 - Path.glob cannot take an absolute pattern
        return not _is_inside(Path(abspath).parent, srcdir) or any(
            not _is_inside(match, srcdir) for match in matches
        )
    return not _is_inside(abspath, srcdir)


def site_check_enabled(app: Sphinx, name: str) -> bool:
    """A site-wide check's own setting, or ``partners_harden_site`` where it is unset."""
    value = getattr(app.config, name)
    return bool(app.config.partners_harden_site if value is None else value)


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Refuse files outside the source folder and unsafe URL schemes (doctree-read)."""
    safe = set(app.config.partners_safe_url_schemes)
    check_links = site_check_enabled(app, "partners_safe_links")
    confine = site_check_enabled(app, "partners_confine_files")
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        scheme = url_scheme(uri)
        if confine and image.get("loading") == "embed":
            # Docutils reads an embedded picture from the folder the build was started
            # in, not the output's: through a link there it published /proc/self/environ
            # (a red team's finding).
            warn(
                Code.OUTSIDE,
                "image %r: ':loading: embed' was not used: it reads the picture from the "
                "folder the build runs in, which can be outside the source folder.",
                uri,
                location=located(image),
                hint="Leave out :loading: embed; the picture is published as a file.",
            )
            del image["loading"]
        if unsafe_characters(uri):  # Sphinx would print it copying the file
            warn(
                Code.FILENAME,
                "image %r was left out: its path holds a control character.",
                uri,
                location=located(image),
                hint=RENAME_HINT,
            )
            replace_by_alt_text(image)
        elif scheme is not None and check_links and scheme not in safe - {"mailto", "tel"}:
            warn(
                Code.SCHEME,
                "image %r was left out: %s: images cannot be published.",
                uri,
                scheme,
                location=located(image),
                hint="Use an image file inside the site's folder or an https:// address.",
            )
            replace_by_alt_text(image)
        elif scheme is None and confine and _file_escapes(app, uri):
            warn(
                Code.OUTSIDE,
                "image %r was left out: it points outside the source folder.",
                uri,
                location=located(image),
                hint=_CONFINE_HINT,
            )
            replace_by_alt_text(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        scheme = url_scheme(target) if "://" in target else None  # Sphinx's test for a URL
        if unsafe_characters(target):
            warn(
                Code.FILENAME,
                "download %r was left out: its path holds a control character.",
                target,
                location=located(download),
                hint=RENAME_HINT,
            )
            _unwrap(download)
        elif scheme is not None and check_links and scheme not in safe:
            warn(
                Code.SCHEME,
                "download %r was left out: %s: links are not allowed.",
                target,
                scheme,
                location=located(download),
                hint="Link to an https:// address or to a file of the site.",
            )
            _unwrap(download)
        elif scheme is None and confine and _file_escapes(app, target):
            warn(
                Code.OUTSIDE,
                "download %r was left out: it points outside the source folder.",
                target,
                location=located(download),
                hint=_CONFINE_HINT,
            )
            _unwrap(download)
    if check_links:
        _check_references(doctree, safe)


def _check_references(doctree: nodes.document, safe: set[str]) -> None:
    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        scheme = url_scheme(uri)
        if scheme is not None and scheme not in safe:
            warn(
                Code.SCHEME,
                "the link to %r was left out: %s: links are not allowed.",
                uri,
                scheme,
                location=located(reference),
                hint="Link to an https:// address or to a page of the site.",
            )
            _unwrap(reference)
    for found in list(doctree.findall(_is_math)):
        math = cast(nodes.Element, found)
        tex = math.astext()
        delimiter = _MATHJAX_DELIMITER.search(tex)
        problem = _unsafe_math_link(tex, safe)
        if delimiter is not None:
            warn(
                Code.SCHEME,
                "the formula was shown as code: it holds %s, which MathJax reads as the end "
                "or the start of a formula, so the rest would be typed as a formula of its "
                "own, outside this one (and outside its box).",
                delimiter.group(1),
                location=located(math),
                hint="Write the formula without \\( \\) \\[ \\]: the role or the block "
                "gives it its delimiters.",
            )
        elif problem is not None:
            warn(
                Code.SCHEME,
                "the formula was shown as code: %s.",
                problem,
                location=located(math),
                hint="Link to an https:// address with \\href{https://...}{text}, or leave "
                "the link out of the formula.",
            )
        else:
            continue
        text = math.astext()
        code: nodes.Element = (
            nodes.literal_block(text, text)
            if isinstance(math, nodes.math_block)
            else nodes.literal(text, text)
        )
        math.replace_self(code)
    for toctree in doctree.findall(addnodes.toctree):
        # Sphinx turns an entry with "://" into a link: javascript://%0a... would run.
        kept = []
        for title, ref in toctree["entries"]:
            scheme = url_scheme(ref)
            if scheme is not None and scheme not in safe:
                warn(
                    Code.SCHEME,
                    "the toctree entry %r was left out: %s: links are not allowed.",
                    ref,
                    scheme,
                    location=located(toctree),
                    hint="Link to an https:// address or to a page of the site.",
                )
            else:
                kept.append((title, ref))
        toctree["entries"] = kept
    for meta in list(doctree.findall(nodes.meta)):
        # Sphinx marks what its translation step did (``translated``); that is its own
        # bookkeeping, not the page's, and no reader needs it in the HTML.
        meta.attributes.pop("translated", None)
        # http-equiv refresh redirects readers and other values change how the page
        # behaves; event handlers have no place on a meta tag.
        odd = sorted(set(meta.non_default_attributes()) - META_ATTRIBUTES)
        if odd:
            warn(
                Code.SCHEME,
                "the meta tag with %s was left out.",
                ", ".join(odd),
                location=located(meta),
                hint="Pages may set meta tags with name, property, content and lang only.",
            )
            meta.parent.remove(meta)


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, nodes.math | nodes.math_block)


def _unsafe_math_link(tex: str, safe: set[str]) -> str | None:
    """Why a formula's link could run script in MathJax, or None when it cannot."""
    for command in _MATH_LINK_COMMAND.finditer(tex):
        target = _MATH_LINK_TARGET.match(tex, command.end())
        if target is None:
            return "its \\href or \\url is not followed by a plain address in braces"
        scheme = url_scheme(target.group(1))
        if scheme is not None and scheme not in safe:
            return f"it links to {shortened(target.group(1))!r}: {scheme}: links are not allowed"
    return None


def _symlink_problem(path: Path, srcdir: Path) -> str | None:
    """Why Sphinx must not follow the symlink *path*, or None if it may.

    A link to its own folder or one above it would make Sphinx read the same pages
    again under ever longer names (up to the system's 40 links); a loop between links
    cannot be resolved at all (Python 3.13 no longer raises on it in ``resolve``, so
    ``realpath(strict=True)`` asks the system).
    """
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a loop of links"
        return None if _is_inside(path, srcdir) else "points outside the source folder"
    if not target.is_relative_to(srcdir):
        return "points outside the source folder"
    if target.is_dir() and Path(os.path.realpath(path.parent)).is_relative_to(target):
        return "points to its own folder or a folder above it, which would repeat every page"
    return None


def _is_static_template(name: str) -> bool:
    """Sphinx's own test: a static file whose name ends in ``_t`` or ``.jinja`` is a
    Jinja template, rendered while it is copied."""
    lowered = name.lower()
    return lowered.endswith(("_t", ".jinja"))


def _files_as_sphinx_copies(root: Path) -> list[Path]:
    """The files under *root*, through linked folders too, as Sphinx copies a static
    folder (``rglob`` does not enter a linked folder: a template in one was published,
    a red team's finding). A folder already seen through another link is not entered
    again."""
    if not root.is_dir():
        return []
    found: list[Path] = []
    seen: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        found += [Path(folder, name) for name in files if Path(folder, name).is_file()]
    return found


def _shown(path: Path, srcdir: Path) -> str:
    return path.relative_to(srcdir).as_posix() if path.is_relative_to(srcdir) else str(path)


def exclude_static_templates(app: Sphinx, config: Config) -> None:
    """Leave out the site's static files that Sphinx would render as templates
    (config-inited). Jinja's ``{% include "/etc/passwd" %}`` in ``_static/notes.txt_t``
    published any file of the build machine, with no warning (a red team's finding); a
    template is code, and a static folder is open to every pull request. The theme's own
    templates are not in the site's folders and stay."""
    if not site_check_enabled(app, "partners_confine_files"):
        return
    folder = SourceFolder(app, config)
    roots = [(Path(app.confdir) / entry).resolve() for entry in config.html_static_path]
    templates = sorted(
        path
        for root in roots
        for path in _files_as_sphinx_copies(root)
        if _is_static_template(path.name)
    )
    for path in templates:
        warn(
            Code.OUTSIDE,
            "the static file %s would be rendered as a template (its name ends in %s), "
            "which can copy any file of the build machine into the site; it was left out.",
            _shown(path, folder.srcdir),
            "'_t'" if path.name.lower().endswith("_t") else "'.jinja'",
            location=f"{path}:",  # a file without a line, as Sphinx writes one
            hint="Rename it without the ending, or write what it should hold in the file itself.",
        )
        folder.leave_out(path)


#: What MathJax may read and make: only formulas Sphinx wrote (class ``math``), and
#: links only to safe addresses (its ``ui/safe`` extension).
MATHJAX_SAFETY: dict[str, Any] = {
    "loader": {"load": ["ui/safe"]},
    "options": {"ignoreHtmlClass": ".*", "processHtmlClass": "math"},
}


def harden_mathjax(app: Sphinx, config: Config) -> None:
    """MathJax, as Sphinx loads it, typesets every ``$$...$$`` and ``\\(...\\)`` in
    the page's text, not only formulas, and makes ``\\href{javascript:...}`` and
    ``\\mmlToken{mi}[href=...]`` into links that run script (a red team's finding;
    the published files hold no such link, MathJax makes it in the reader's browser).
    Its configuration (config-inited) now reads only Sphinx's formulas and loads its
    ``ui/safe`` filter; a site's own MathJax settings are kept, with the filter added."""
    if not site_check_enabled(app, "partners_safe_links"):
        return
    names = [name for name in ("mathjax3_config", "mathjax4_config") if name in config]
    given = [name for name in names if getattr(config, name)]
    for name in given or names[-1:]:  # the site's, or the one of Sphinx's MathJax
        settings = dict(getattr(config, name) or {})
        loader = dict(settings.get("loader") or {})
        loaded = list(loader.get("load") or [])
        loader["load"] = [*loaded, "ui/safe"] if "ui/safe" not in loaded else loaded
        options = dict(settings.get("options") or {})
        for key, value in MATHJAX_SAFETY["options"].items():
            options.setdefault(key, value)
        setattr(config, name, {**settings, "loader": loader, "options": options})


def exclude_escaping_symlinks(app: Sphinx, config: Config) -> None:
    """Leave out symlinks that lead outside the source folder or loop (config-inited).

    Sphinx follows symlinks when it finds pages (right after config-inited, before
    builder-inited) and copies static files; excluding them keeps their targets out of
    the site, and keeps two looping links from making the search for pages exponential.
    """
    if not site_check_enabled(app, "partners_confine_files"):
        return
    folder = SourceFolder(app, config)
    # A link of a translations folder is named by catalog_links.py, with what it did.
    named: set[Path] = getattr(app, NAMED_CATALOG_LINKS, set())
    for path in folder.entries():
        if not path.is_symlink() or path in named:
            continue
        problem = _symlink_problem(path, folder.srcdir)
        if problem is None:
            continue
        warn(
            Code.OUTSIDE,
            "the symlink %s %s; it was left out of the site.",
            path.relative_to(folder.srcdir).as_posix(),
            problem,
            location=f"{path}:",  # a file without a line, as Sphinx writes one
            hint=_CONFINE_HINT
            if "outside" in problem
            else "Remove the link; link to the files themselves, not to a folder above.",
        )
        folder.leave_out(path)


def check_chosen_pictures(app: Sphinx, doctree: nodes.document) -> None:
    """The files Sphinx chose for each picture stay inside the source folder (doctree-read,
    after Sphinx's image collector).

    Sphinx does not always copy the file a page names: in a site with a ``language`` it
    takes ``photo.en.png`` for ``photo.png`` when there is one, and ``photo.*`` is any
    picture of that name. The path the page wrote was inside; a ``photo.en.png`` linked
    to ``/proc/self/environ`` published the build's environment (found by testing as an
    attacker). The files it chose (``candidates``) are checked here, where it chose them.
    """
    if not site_check_enabled(app, "partners_confine_files"):
        return
    for image in list(doctree.findall(nodes.image)):
        candidates: dict[str, str] = image.get("candidates", {})
        chosen = [path for key, path in candidates.items() if key != "?" and path]
        outside = next((path for path in chosen if _file_escapes(app, "/" + path)), None)
        if outside is None:
            continue
        warn(
            Code.OUTSIDE,
            "image %r was left out: Sphinx would publish %r for it, which points outside "
            "the source folder.",
            image.get("original_uri") or image.get("uri", ""),
            outside,
            location=located(image),
            hint=_CONFINE_HINT,
        )
        replace_by_alt_text(image)


def setup_site_checks(app: Sphinx) -> None:
    app.connect("config-inited", exclude_escaping_symlinks)
    app.connect("config-inited", exclude_static_templates)
    app.connect("config-inited", harden_mathjax)
    # Before Sphinx's collectors (priority 500), which copy images and downloads.
    app.connect("doctree-read", check_doctree, priority=100)
    # And after them: the picture files they chose, which may not be those named.
    app.connect("doctree-read", check_chosen_pictures, priority=600)
