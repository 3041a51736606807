"""The last line of defence: every file the build publishes is checked, whatever wrote it.

Input checks stand at each door we know (our directives, links, images, front matter),
but markup can reach a page by roads nobody checked: another extension's role, a
theme feature, a MyST attribute. So once the HTML builder has written everything
(``build-finished``), each published file is read with Python's HTML parser and held
to an allow-list:

- no event-handler attribute (``on...``) anywhere, no ``javascript:``, ``vbscript:``
  or other unsafe scheme in a URL attribute (``data:image/*`` only where an image is
  loaded);
- no ``<script>`` other than the theme's and Sphinx's own: a file under ``_static/``
  that did not come from the site's source folder, one registered by ``conf.py`` or an
  extension, Sphinx's search index, or an inline script written verbatim in the
  theme's templates (or listed in ``partners_allowed_inline_scripts``);
- no ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``, frames, or ``<meta
  http-equiv>`` (unless the theme's templates write that ``http-equiv``);
- no scripted SVG or HTML file among the published files (``_images``, ``_downloads``,
  static files from the source folder, extra files).

A page with a violation is rewritten without the offending attribute or element, and
a published file with one is removed; each gives a located warning
(``partners.published``). The check is part of ``partners_harden_site``.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..images.inspect import BadImageError, check_svg_content
from ..messages import Code, logger, warn
from .site_checks import url_scheme

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Attributes whose value a browser loads or follows as a URL.
URL_ATTRIBUTES = frozenset(
    {
        "action",
        "archive",
        "background",
        "cite",
        "codebase",
        "data",
        "dynsrc",
        "formaction",
        "href",
        "icon",
        "imagesrcset",
        "longdesc",
        "lowsrc",
        "manifest",
        "ping",
        "poster",
        "profile",
        "src",
        "srcset",
        "usemap",
        "xlink:href",
    }
)
#: Attributes that load an image, where a ``data:image/...`` URL is harmless.
IMAGE_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "poster"})
#: Elements whose image attributes load an image (and nothing else).
IMAGE_ELEMENTS = frozenset({"img", "source", "video", "input", "link"})
#: Elements removed with everything inside them.
REMOVED_WITH_CONTENT = frozenset({"script", "iframe", "object", "applet", "frameset", "noembed"})
#: Elements removed (their content, if any, is kept as it is checked like the rest).
REMOVED = frozenset({"embed", "base", "frame", "portal"})
#: Attributes of SVG animation that could set a link or a handler later.
ANIMATED_NAMES = ("href", "xlink:href")
#: Published files read as HTML (a browser renders them as documents).
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml"})
#: Published files that are never safe to serve from the site's address.
REFUSED_SUFFIXES = frozenset({".svgz", ".mht", ".mhtml"})
#: Pages Sphinx's HTML builder writes from templates alone.
THEME_PAGES = ("search.html", "genindex.html")
#: Folders of published files (not pages): images, downloads, static files.
FILE_FOLDERS = ("_static/", "_downloads/", "_images/")
#: Folders of the output that Sphinx keeps for itself and never serves as pages.
PRIVATE_FOLDERS = (".doctrees",)
_NEWLINE = re.compile("\n")
_SRCSET_SPLIT = re.compile(r",\s+|,(?=\S)")


@dataclass
class Finding:
    """One unsafe thing in a file: what it is, and the text to look for in the source."""

    what: str
    clue: str = ""


@dataclass
class _Edit:
    start: int
    end: int
    replacement: str


@dataclass
class ScriptPolicy:
    """Which scripts a page may load: from code and the theme, never from content."""

    #: Output-relative paths (``_static/furo.js``) and absolute URLs registered by code.
    sources: set[str] = field(default_factory=set)
    #: Output-relative paths published from the site's own source folder (untrusted).
    from_source_tree: set[str] = field(default_factory=set)
    #: Inline script texts, stripped, written by the theme or registered by code.
    inline: set[str] = field(default_factory=set)
    #: The site's own path on its host (``/partnerships/``), for root-relative URLs.
    site_paths: tuple[str, ...] = ("/",)

    def allows_source(self, page: str, src: str) -> bool:
        if url_scheme(src) is not None or src.startswith("//"):
            return src.split("?", 1)[0] in self.sources
        path = self.resolve(page, src)
        if path is None:
            return False
        if path in self.sources:
            return True
        return path.startswith("_static/") and path not in self.from_source_tree

    def resolve(self, page: str, url: str) -> str | None:
        """*url*, written in the output file *page*, as a path relative to the output.

        None for a root-relative URL outside the site's own path (another site on the
        same host).
        """
        path = unquote(urlsplit(url).path)
        if path.startswith("/"):
            prefix = next((each for each in self.site_paths if path.startswith(each)), None)
            if prefix is None:
                return None
            return posixpath.normpath(path[len(prefix) :])
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def _unsafe_url(tag: str, name: str, value: str, safe_schemes: frozenset[str]) -> bool:
    urls = [value]
    if name in ("srcset", "imagesrcset"):
        urls = [part.strip().split(" ", 1)[0] for part in _SRCSET_SPLIT.split(value)]
    for url in urls:
        scheme = url_scheme(url)
        if scheme is None or scheme in safe_schemes:
            continue
        image_data = re.match(r"\s*data:image/", url, re.IGNORECASE) is not None
        if scheme == "data" and tag in IMAGE_ELEMENTS and name in IMAGE_ATTRIBUTES and image_data:
            continue
        return True
    return False


class _Auditor(HTMLParser):
    """Finds unsafe markup in one HTML file and the edits that take it out."""

    def __init__(
        self,
        text: str,
        page: str,
        scripts: ScriptPolicy | None,
        safe_schemes: frozenset[str],
        allowed_meta: set[str],
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.page = page
        self.scripts = scripts
        self.safe_schemes = safe_schemes
        self.allowed_meta = allowed_meta
        self.findings: list[Finding] = []
        self.edits: list[_Edit] = []
        self._line_starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]
        #: An element being removed with its content: (name, start offset, depth).
        self._removing: tuple[str, int, str] | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _start_tag_span(self) -> tuple[int, int]:
        start = self._offset()
        return start, start + len(self.get_starttag_text() or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_tag(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_tag(tag, attrs, closed=True)

    def _check_tag(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        if self._removing is not None:
            return
        start, end = self._start_tag_span()
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            if self._script_allowed(values.get("src")):
                return
            clue = values.get("src", "") or "<script"
            self.findings.append(Finding("a <script> element", clue))
            if closed:
                self.edits.append(_Edit(start, end, ""))
            else:
                self._removing = (tag, start, clue)
            return
        if tag in REMOVED_WITH_CONTENT and not closed:
            self.findings.append(Finding(f"an <{tag}> element", values.get("src", f"<{tag}")))
            self._removing = (tag, start, "")
            return
        if tag in REMOVED_WITH_CONTENT or tag in REMOVED:
            self.findings.append(Finding(f"an <{tag}> element", values.get("src", f"<{tag}")))
            self.edits.append(_Edit(start, end, ""))
            return
        equiv = values.get("http-equiv")
        if tag == "meta" and equiv is not None and equiv.strip().lower() not in self.allowed_meta:
            self.findings.append(Finding("a <meta http-equiv> tag", equiv))
            self.edits.append(_Edit(start, end, ""))
            return
        if tag in ("animate", "set") and (
            values.get("attributename", "").strip().lower() in ANIMATED_NAMES
            or values.get("attributename", "").strip().lower().startswith("on")
        ):
            self.findings.append(Finding(f"an SVG <{tag}> that changes a link", f"<{tag}"))
            self.edits.append(_Edit(start, end, ""))
            return
        kept, dropped = [], []
        for name, value in attrs:
            if name.startswith("on"):
                dropped.append(Finding(f"the event handler attribute {name}", value or name))
            elif name in URL_ATTRIBUTES and _unsafe_url(tag, name, value or "", self.safe_schemes):
                scheme = url_scheme(value or "")
                dropped.append(Finding(f"a {scheme}: URL in {name}", value or ""))
            else:
                kept.append((name, value))
        if dropped:
            self.findings.extend(dropped)
            rebuilt = "".join(
                f" {name}" if value is None else f' {name}="{html.escape(value)}"'
                for name, value in kept
            )
            self.edits.append(_Edit(start, end, f"<{tag}{rebuilt}{' /' if closed else ''}>"))

    def handle_endtag(self, tag: str) -> None:
        if self._removing is not None:
            name, start, _ = self._removing
            if tag == name:
                self._removing = None
                self.edits.append(_Edit(start, self._end_tag_end(), ""))
        # Other end tags stay: a stray </iframe> is harmless, and an allowed
        # script's </script> must stay or the rest of the page would become script.

    def _end_tag_end(self) -> int:
        start = self._offset()
        close = self.text.find(">", start)
        return len(self.text) if close < 0 else close + 1

    def handle_data(self, data: str) -> None:
        if self._removing is not None and self._removing[0] == "script" and data.strip():
            # The script's first words are the best clue to its line in the source.
            name, start, clue = self._removing
            if clue == "<script":
                self._removing = (name, start, data.strip()[:40])
                self.findings[-1].clue = data.strip()[:40]

    def _script_allowed(self, src: str | None) -> bool:
        if self.scripts is None:
            return False  # a file that is not a page: no script at all
        if src is not None:
            return self.scripts.allows_source(self.page, src)
        body = self._script_body()
        return body is not None and body.strip() in self.scripts.inline

    def _script_body(self) -> str | None:
        start = self._start_tag_span()[1]
        close = self.text.lower().find("</script", start)
        return None if close < 0 else self.text[start:close]

    def close_and_fix(self) -> str:
        self.feed(self.text)
        self.close()
        if self._removing is not None:  # never closed: remove to the end
            self.edits.append(_Edit(self._removing[1], len(self.text), ""))
        if not self.edits:
            return self.text
        pieces, position = [], 0
        for edit in sorted(self.edits, key=lambda each: each.start):
            if edit.start < position:
                continue  # inside a larger removal
            pieces += [self.text[position : edit.start], edit.replacement]
            position = edit.end
        pieces.append(self.text[position:])
        return "".join(pieces)


def audit_html(
    text: str,
    page: str,
    scripts: ScriptPolicy | None,
    safe_schemes: Iterable[str],
    allowed_meta: set[str] | None = None,
) -> tuple[str, list[Finding]]:
    """The safe version of the HTML *text* published at *page*, and what was taken out.

    *scripts* None means the file is not a page, where no script is allowed at all.
    The result is checked again until nothing is found (removing one element can join
    the text around it into another).
    """
    schemes = frozenset(safe_schemes)
    findings: list[Finding] = []
    for _round in range(5):
        auditor = _Auditor(text, page, scripts, schemes, allowed_meta or set())
        fixed = auditor.close_and_fix()
        findings += auditor.findings
        if not auditor.findings:
            return text, findings
        text = fixed
    return html.escape(text), findings  # still unsafe after five rounds: show it as text


_TEMPLATE_SCRIPT = re.compile(r"<script(?:\s[^>]*)?>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_TEMPLATE_HTTP_EQUIV = re.compile(r"<meta\s[^>]*http-equiv=[\"']?([\w-]+)", re.IGNORECASE)


def _template_markup(app: Sphinx) -> tuple[set[str], set[str]]:
    """Inline scripts and http-equiv names written verbatim in the theme's templates.

    Templates are code (a theme's package, the site's ``templates_path``), reviewed as
    code; a script with Jinja inside is not known verbatim, so it is reported and a
    maintainer allows it with ``partners_allowed_inline_scripts``.
    """
    inline: set[str] = set()
    http_equiv: set[str] = set()
    templates = getattr(app.builder, "templates", None)
    for folder in getattr(templates, "pathchain", []):
        for path in sorted(Path(folder).rglob("*.html")):
            if "static" in path.relative_to(folder).parts:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for body in _TEMPLATE_SCRIPT.findall(text):
                if "{{" not in body and "{%" not in body and body.strip():
                    inline.add(body.strip())
            http_equiv.update(name.lower() for name in _TEMPLATE_HTTP_EQUIV.findall(text))
    return inline, http_equiv


def _source_tree_files(app: Sphinx) -> set[str]:
    """Output-relative paths of the static and extra files copied from the source folder."""
    srcdir = Path(app.srcdir).resolve()
    confdir = Path(app.confdir)
    copied: set[str] = set()
    roots = ((app.config.html_static_path, "_static/"), (app.config.html_extra_path, ""))
    for entries, prefix in roots:
        for entry in entries:
            root = (confdir / entry).resolve()
            if not root.is_relative_to(srcdir):
                continue  # a theme's or an extension's folder: code, reviewed as code
            if root.is_file():
                copied.add(prefix + root.name)
                continue
            for path in root.rglob("*"):
                if path.is_file():
                    copied.add(prefix + path.relative_to(root).as_posix())
    return copied


def _mathjax_sources(app: Sphinx) -> set[str]:
    mathjax = getattr(app.config, "mathjax_path", None)
    if not mathjax or "sphinx.ext.mathjax" not in app.extensions:
        return set()
    return {str(mathjax).split("?", 1)[0]}


def _mathjax_inline(app: Sphinx) -> set[str]:
    """The configuration scripts sphinx.ext.mathjax adds to pages with math, as it does.

    It adds them while each page is written (in -j workers too), so they are computed
    here from the same settings.
    """
    if "sphinx.ext.mathjax" not in app.extensions:
        return set()
    config = app.config
    bodies = set()
    if getattr(config, "mathjax2_config", None):
        bodies.add(f"MathJax.Hub.Config({json.dumps(config.mathjax2_config)})")
    for name in ("mathjax3_config", "mathjax4_config"):
        if getattr(config, name, None):
            bodies.add(f"window.MathJax = {json.dumps(getattr(config, name))}")
    config_path = getattr(config, "mathjax_config_path", None)
    if config_path:
        path = Path(app.confdir, config_path)
        if path.is_file():
            bodies.add(path.read_text(encoding="utf-8"))
    return {body.strip() for body in bodies}


def script_policy(app: Sphinx, template_inline: set[str]) -> ScriptPolicy:
    """The scripts pages of this build may load (main process, after writing)."""
    site_paths = {"/"}
    for url in (app.config.html_baseurl, getattr(app.config, "notfound_urls_prefix", None)):
        if url:
            path = urlsplit(str(url)).path or "/"
            site_paths.add(path if path.endswith("/") else f"{path}/")
    policy = ScriptPolicy(
        from_source_tree=_source_tree_files(app),
        # Longest first: /partnerships/ before /.
        site_paths=tuple(sorted(site_paths, key=len, reverse=True)),
    )
    registered = [
        *((filename, attributes) for filename, attributes in app.registry.js_files),
        *((script, {}) for script in app.config.html_js_files),
    ]
    for filename, attributes in registered:
        name = filename[0] if isinstance(filename, tuple) else filename
        if name:
            name = str(name).split("?", 1)[0]
            is_url = url_scheme(name) is not None or name.startswith("//")
            policy.sources.add(name if is_url else name.lstrip("/"))
            if not url_scheme(name) and "/" not in name:
                policy.sources.add(f"_static/{name}")
        body = attributes.get("body") if isinstance(attributes, dict) else None
        if body:
            policy.inline.add(str(body).strip())
    policy.sources |= _mathjax_sources(app)
    policy.inline |= _mathjax_inline(app)
    policy.sources.add("searchindex.js")  # written by Sphinx's HTML builder itself
    policy.inline |= template_inline
    policy.inline |= {script.strip() for script in app.config.partners_allowed_inline_scripts}
    return policy


@dataclass
class _Origins:
    """Where a published file came from, to point a warning at a source line."""

    app: Sphinx
    pages: dict[str, str]
    files: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, app: Sphinx) -> _Origins:
        env = app.env
        pages = {}
        for docname in env.all_docs:
            try:
                pages[app.builder.get_target_uri(docname).split("#", 1)[0] or docname] = docname
            except Exception:  # a builder without target URIs
                continue
            pages.setdefault(f"{docname}.html", docname)
        files: dict[str, tuple[str, str]] = {}
        for folder, known in ((app.builder.imagedir, env.images), ("_downloads", env.dlfiles)):
            for source, (docnames, unique) in known.items():
                if docnames:
                    files[f"{folder}/{unique}"] = (sorted(docnames)[0], str(source))
        return cls(app, pages, files)

    def location(self, published: str, clue: str) -> str | tuple[str, int | None]:
        """The page (and line, where the clue is found) that wrote *published*."""
        docname = self.pages.get(published)
        if docname is None and published in self.files:
            docname, clue = self.files[published][0], Path(self.files[published][1]).name
        if docname is None:
            return f"{Path(self.app.outdir) / published}:"  # written by no page
        source = Path(self.app.env.doc2path(docname))
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return (docname, None)
        needle = clue.strip()[:60]
        if needle:
            for number, line in enumerate(text.splitlines(), start=1):
                if needle in line:
                    return (docname, number)
        return (docname, None)


def _report(origins: _Origins, published: str, findings: list[Finding], action: str) -> None:
    """One warning per kind of problem in a file, at the first place it occurs."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.what, []).append(finding)
    for what, each in grouped.items():
        count = f" ({len(each)} times)" if len(each) > 1 else ""
        warn(
            Code.PUBLISHED,
            "%s%s in %s: %s.",
            what,
            count,
            published,
            action,
            location=origins.location(published, each[0].clue),
            hint="Only text, links and images a browser cannot run as script are published; "
            "remove it from the page or the file.",
        )


#: Beside the doctrees: what earlier builds found clean, so an incremental build reads
#: again only the files that changed (a clean build starts with none).
CLEAN_MEMORY = "partners-published-clean.json"


class _CleanMemory:
    """Files found clean before, by a hash of their bytes and of everything the check
    of them depends on (path, page or not, the script and scheme policy): the same
    inputs give the same verdict, so such a file need not be read again."""

    def __init__(self, app: Sphinx, policy: object) -> None:
        self.path = Path(app.doctreedir) / CLEAN_MEMORY
        self.policy = hashlib.blake2b(repr(policy).encode(), digest_size=16).digest()
        try:
            self.before = set(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            self.before = set()
        self.now: set[str] = set()

    def key(self, published: str, role: str, data: bytes) -> str:
        digest = hashlib.blake2b(self.policy, digest_size=16)
        for part in (published.encode(), role.encode(), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def was_clean(self, key: str) -> bool:
        if key in self.before:
            self.now.add(key)
            return True
        return False

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(sorted(self.now)), encoding="utf-8")


def check_published_files(app: Sphinx, exception: Exception | None) -> None:
    """Check every file the HTML builder published (build-finished)."""
    if exception is not None or app.builder.format != "html" or not app.config.partners_harden_site:
        return
    started = time.perf_counter()
    outdir = Path(app.outdir)
    template_inline, allowed_meta = _template_markup(app)
    scripts = script_policy(app, template_inline)
    origins = _Origins.of(app)
    schemes = frozenset(app.config.partners_safe_url_schemes)
    pages = set(origins.pages) | set(THEME_PAGES)
    memory = _CleanMemory(
        app,
        (
            sorted(scripts.sources),
            sorted(scripts.from_source_tree),
            sorted(scripts.inline),
            sorted(schemes),
            sorted(allowed_meta),
        ),
    )
    checked = 0
    for path in sorted(outdir.rglob("*")):
        published = path.relative_to(outdir).as_posix()
        if not path.is_file() or published.startswith(PRIVATE_FOLDERS):
            continue
        suffix = path.suffix.lower()
        if suffix in REFUSED_SUFFIXES:
            finding = Finding(f"a {suffix} file", path.name)
            _report(origins, published, [finding], "the file was not published")
            path.unlink()
        elif suffix in HTML_SUFFIXES and published.startswith("_downloads/"):
            # A download is meant to be saved, but the browser would open an HTML file
            # as a page of the site, with the site's address: it is not published.
            finding = Finding("an HTML file offered as a download", path.name)
            _report(origins, published, [finding], "the file was not published")
            path.unlink()
        elif suffix in HTML_SUFFIXES:
            checked += 1
            is_page = published in pages or (
                suffix == ".html"
                and not published.startswith(FILE_FOLDERS)
                and published not in scripts.from_source_tree
            )
            data = path.read_bytes()
            key = memory.key(published, "page" if is_page else "file", data)
            if memory.was_clean(key):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            fixed, findings = audit_html(
                text, published, scripts if is_page else None, schemes, allowed_meta
            )
            if not findings:
                memory.now.add(key)
                continue
            if is_page:
                _report(origins, published, findings, "it was removed from the page")
                path.write_text(fixed, encoding="utf-8")
            else:
                _report(origins, published, findings, "the file was not published")
                path.unlink()
        elif suffix == ".svg" and (
            not published.startswith("_static/") or published in scripts.from_source_tree
        ):
            checked += 1
            data = path.read_bytes()
            key = memory.key(published, "svg", data)
            if memory.was_clean(key):
                continue
            try:
                check_svg_content(data)
                memory.now.add(key)
            except BadImageError as error:
                reason = str(error).removesuffix(", which is not allowed")
                finding = Finding(f"a scripted SVG ({reason})", path.name)
                _report(origins, published, [finding], "the file was not published")
                path.unlink()
    memory.save()
    logger.verbose(
        "sphinx-partners: checked %d published files in %.2f s",
        checked,
        time.perf_counter() - started,
    )
