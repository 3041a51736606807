"""The preview's report: every problem still in the site, after every rebuild.

An incremental build re-reads only the pages that changed, and Sphinx prints only the
warnings of what it re-read: a live preview said "build succeeded" over a mistake in a
page it had not touched. With ``partners_preview`` on (``nox -s serve`` turns it on),
every warning is kept per page in a small file beside the doctrees, replaced when its
page is read or written again, and after each build:

- the terminal gets one summary of every problem anywhere in the site, or "no problems";
- each page written gets a panel at its top listing its own problems with their lines
  (an ``aside`` with a heading, read by screen readers as a named region).

The site's own checks (``partners_preview_checks``, :mod:`.preview_checks`) run beside
each build, and what they find is listed with the build's warnings.

Published builds leave the setting off: they never carry the panel.
"""

from __future__ import annotations

import copy
import html
import io
import json
import logging
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging as sphinx_logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.console import strip_colors
from sphinx.util.i18n import docname_to_domain

from .preview_checks import RunningChecks, start_checks
from .printable import printable

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: Beside the doctrees: deleted with them, so a clean build starts a clean report.
REPORT_FILE = "partners-preview.json"
#: Where a warning with no page goes.
SITE = ""


@dataclass
class Problem:
    """One warning as the reader saw it, and when it was made."""

    text: str  # "path:line: WARNING: message [type.subtype]"
    line: int | None
    #: "read": replaced when the page is read again; "write": when it is written again;
    #: "check": Sphinx checks every page again on every build (a page in no toctree);
    #: "tool": found by one of the site's own checks, which run on every build.
    phase: str
    build: int
    #: What the page's box shows: the text without its file and line (a check's finding).
    message: str = ""


class _Report:
    """The problems of every page, loaded from and saved to REPORT_FILE."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.path = Path(app.doctreedir) / REPORT_FILE
        self.pages: dict[str, list[Problem]] = {}
        self.build = 1
        #: Whether an earlier report was found: without one, every page is read again,
        #: or the problems of pages read by an earlier build would go unlisted.
        self.found = False
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            self.build = int(saved["build"]) + 1
            self.pages = {
                docname: [Problem(**problem) for problem in problems]
                for docname, problems in saved["pages"].items()
                if docname in app.env.all_docs or docname == SITE
            }
            self.found = True
        except (OSError, ValueError, KeyError, TypeError):
            pass  # first build, or an unreadable report: start afresh
        # Site-wide and consistency warnings, and the site's checks, come again each build
        # that writes; one that finds nothing to write (Sphinx 8's "no targets are out of
        # date") keeps the last build's, which nothing has fixed.
        self.site_before = self.pages.pop(SITE, [])
        self.wrote = False
        for docname in self.pages:
            self.pages[docname] = [p for p in self.pages[docname] if p.phase not in _EACH_BUILD]
        self.written: set[str] = set()
        self.checks: RunningChecks | None = None
        self.checks_added = False
        self.handler: logging.Handler | None = None

    def take_held_back(self) -> None:
        """The warnings Sphinx holds back while it writes (``pending_warnings``), taken
        now: let out after the last page, they came too late for any page's box (a link
        to an unknown partner was listed in the terminal, not in its page's box)."""
        if self.handler is None:
            return
        for held in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
            if isinstance(held, sphinx_logging.MemoryHandler):
                for record in list(held.buffer):
                    if getattr(record, _SEEN, False):
                        continue
                    # A copy: the filters write the record's location and code into it,
                    # which Sphinx's own handler does again when it lets the record out.
                    self.handler.handle(copy.copy(record))
                    setattr(record, _SEEN, True)  # not added again when let out

    def forget(self, docname: str, phase: str) -> None:
        kept = [p for p in self.pages.get(docname, []) if p.phase != phase or p.build == self.build]
        self.pages[docname] = kept

    def add(self, record: logging.LogRecord, phase: str | None = None) -> None:
        location = getattr(record, "location", None)
        docname, line = SITE, None
        if isinstance(location, str):
            path, _, number = location.rpartition(":")
            if not number.isdigit():
                path, number = location, ""
            docname = self.app.env.path2doc(path) or SITE
            line = int(number) if number else None
        translated = getattr(record, "partners_translated_page", None)
        message = ""
        if docname == SITE and isinstance(translated, str):
            # A problem of a page's translation, named at its catalog's line: it belongs
            # to the page (listed until the page is read or written again, not only in
            # the build that read it), and its box names the catalog.
            docname = self.app.env.path2doc(translated) or SITE
            catalog = Path(location.rpartition(":")[0]) if isinstance(location, str) else None
            if catalog is not None and catalog.is_relative_to(self.app.srcdir):
                catalog = catalog.relative_to(self.app.srcdir)
            said = strip_colors(record.getMessage()).partition(": WARNING: ")[2]
            message = f"the translation catalog {catalog}, line {line}: {said}"
            line = None
        phase = phase or _PHASES.get(self.app.phase, "read")
        if phase == "write" and docname not in self.written and docname != SITE:
            self.written.add(docname)
            self.forget(docname, "write")
        text = strip_colors(record.getMessage())
        problem = Problem(text, line, phase, self.build, message)
        self.pages.setdefault(docname, []).append(problem)

    def add_check_findings(self) -> None:
        """Add what the site's checks found (waiting for them), once a build."""
        if self.checks is None or self.checks_added:
            return
        self.checks_added = True
        for finding in self.checks.findings():
            docname = self.app.env.path2doc(str(finding.path)) or SITE
            where = f"{finding.path}:{finding.line}" if finding.line else str(finding.path)
            text = f"{where}: {finding.message}"
            problem = Problem(text, finding.line, "tool", self.build, finding.message)
            self.pages.setdefault(docname, []).append(problem)

    def problems(self, docname: str) -> list[Problem]:
        # Every finding, also one at a line the build warned about: another mistake
        # can share its line (a check leaves out what the build names itself).
        return sorted(self.pages.get(docname, []), key=lambda p: (p.line or 0, p.text))

    def translation_problems(self, docname: str) -> list[Problem]:
        """The problems named in the catalogs that translate *docname*, for its box.

        They are the site's (a catalog is no page) and listed once in the terminal; a
        translated page's box names each with its catalog and line.
        """
        config = self.app.config
        domain = docname_to_domain(docname, config.gettext_compact)
        catalogs = {
            Path(self.app.srcdir, folder, config.language, "LC_MESSAGES", f"{domain}.po")
            for folder in config.locale_dirs
        }
        found = []
        for problem in self.pages.get(SITE, []):
            where, marker, message = problem.text.partition(": WARNING: ")
            path, _, line = where.rpartition(":")
            if marker and line.isdigit() and Path(path) in catalogs:
                shown = Path(path).relative_to(self.app.srcdir).as_posix()
                said = f"the translation catalog {shown}, line {line}: {message}"
                found.append(Problem(problem.text, None, problem.phase, problem.build, said))
        return found

    def keep_site_problems_if_nothing_was_written(self) -> None:
        """A build that wrote nothing ran no check of a written file (the file the last
        build took out stays out, unchanged in the source): the last build's site-wide
        problems stand, or the preview said "no problems" over them."""
        if self.wrote:
            return
        now = self.pages.setdefault(SITE, [])
        said = {problem.text for problem in now}
        now.extend(problem for problem in self.site_before if problem.text not in said)

    def every_problem(self) -> list[Problem]:
        return [problem for docname in sorted(self.pages) for problem in self.problems(docname)]

    def save(self) -> None:
        data = {
            "build": self.build,
            "pages": {d: [asdict(p) for p in ps] for d, ps in self.pages.items() if ps},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


class _TranslateOnce(sphinx_logging.WarningLogRecordTranslator):
    """Sphinx's translator of a warning's location into file:line, for a record no
    handler of Sphinx's has translated yet (each pass adds the code again)."""

    def filter(self, record: sphinx_logging.SphinxWarningLogRecord) -> bool:  # type: ignore[override]
        if isinstance(record, sphinx_logging.SphinxWarningLogRecord):
            return True
        return super().filter(record)


class _ReportHandler(sphinx_logging.WarningStreamHandler):
    """Sees every warning as Sphinx's own warning handler does.

    Being a WarningStreamHandler, it is set aside with Sphinx's while warnings are held
    back (``pending_warnings`` while reading), and sees them once when they are let out.
    """

    def __init__(self, app: Sphinx, report: _Report) -> None:
        super().__init__(sphinx_logging.SafeEncodingWriter(io.StringIO()))  # never written
        self.setLevel(logging.WARNING)
        # The filters of Sphinx's warning handler: shown or not, placed at file:line
        # (Sphinx's handler, added first, usually placed it already).
        self.addFilter(sphinx_logging.WarningSuppressor(app))
        # A filter, in Sphinx's order: the filters added after it for every handler
        # Sphinx prints with (catalog_lines.py relocates a translation's problem) read
        # the location as file:line. (With Sphinx's output off, as in the preview, no
        # handler of Sphinx's has put it into words before.)
        self.addFilter(_TranslateOnce(app))
        self.addFilter(sphinx_logging.OnceFilter())
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        # Added while Sphinx held warnings back (a second build in one process starts
        # the report inside that), it sees a warning when made and again when let out.
        if getattr(record, _SEEN, False):
            return
        setattr(record, _SEEN, True)
        self.report.add(record, self.phase)

    #: The phase of what it is handed now (None: the build's own phase).
    phase: str | None = None


class _SetupWarnings(logging.Handler):
    """Keeps a copy of each warning made while the application is set up.

    The report starts when the builder is ready, after the settings are read and the
    ``config-inited`` handlers have run: what they found (a catalog line of a
    translation, a setting Sphinx ignores) was printed by Sphinx, which the preview
    keeps quiet, and never listed: the preview said "no problems" over it.
    """

    #: More than any site makes while it is set up; a bound on what is kept.
    LIMIT = 1000

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.LIMIT:
            self.records.append(copy.copy(record))


_SEEN = "_partners_preview_seen"


#: Problems every build finds again: forgotten when a build starts.
_EACH_BUILD = frozenset({"check", "tool", "setup"})
#: The warnings of the application's set-up: it is set up once for its builds.
_SETUP_KEY = "_partners_preview_setup"
_SETUP_HANDLER_KEY = "_partners_preview_setup_handler"
_PHASES = {
    BuildPhase.CONSISTENCY_CHECK: "check",
    BuildPhase.RESOLVING: "write",
    BuildPhase.WRITING: "write",
}
_REPORT_KEY = "_partners_preview_report"


def _report(app: Sphinx) -> _Report | None:
    report: _Report | None = getattr(app, _REPORT_KEY, None)
    return report


def _start(app: Sphinx) -> None:
    if not app.config.partners_preview or _report(app) is not None:
        return
    report = _Report(app)
    setattr(app, _REPORT_KEY, report)
    report.handler = handler = _ReportHandler(app, report)
    handler.phase = "setup"
    for record in _setup_warnings(app):
        handler.handle(copy.copy(record))
    handler.phase = None
    logging.getLogger(sphinx_logging.NAMESPACE).addHandler(handler)
    report.checks = start_checks(app)  # they run while Sphinx reads


def _keep_setup_warnings(app: Sphinx) -> None:
    """From the extension's set-up on: the settings are not read yet."""
    logger = logging.getLogger(sphinx_logging.NAMESPACE)
    # One application is set up at a time: one whose set-up failed left its own.
    for stale in [h for h in logger.handlers if isinstance(h, _SetupWarnings)]:
        logger.removeHandler(stale)
    handler = _SetupWarnings()
    setattr(app, _SETUP_HANDLER_KEY, handler)
    logger.addHandler(handler)


def _setup_warnings(app: Sphinx) -> list[logging.LogRecord]:
    """The set-up's warnings, once the set-up is over (the handler is then removed)."""
    handler: _SetupWarnings | None = getattr(app, _SETUP_HANDLER_KEY, None)
    if handler is not None:
        logging.getLogger(sphinx_logging.NAMESPACE).removeHandler(handler)
        delattr(app, _SETUP_HANDLER_KEY)
        setattr(app, _SETUP_KEY, handler.records)
    records: list[logging.LogRecord] = getattr(app, _SETUP_KEY, [])
    return records


def _end_setup(app: Sphinx) -> None:
    # Without the preview, nothing is kept; with it, the report takes them when it starts.
    if not app.config.partners_preview:
        _setup_warnings(app)
        setattr(app, _SETUP_KEY, [])


def _add_check_findings(app: Sphinx, *args: object) -> None:
    # Before the first page is written, so that its box lists them.
    report = _report(app)
    if report is not None:
        report.wrote = True
        report.add_check_findings()


def _read_all_without_report(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    # The first event of every build: a preview that keeps Sphinx loaded
    # (sphinx_partners.serve) builds again with the same application.
    _start(app)
    report = _report(app)
    if report is not None:
        _remove_pages_of(app, removed)
        for docname in removed:  # a deleted page's problems go with it
            report.pages.pop(docname, None)
    if report is None or report.found:
        return []
    return sorted(set(env.all_docs) - added - changed - removed)


def _remove_pages_of(app: Sphinx, docnames: set[str]) -> None:
    """Remove the written page of each deleted source from the preview's output.

    Sphinx leaves it there, so the preview (which builds over its last output) would go
    on serving a page the site no longer has; a published build is a clean one.
    """
    get_outfilename = getattr(app.builder, "get_outfilename", None)
    if get_outfilename is None:
        return
    outdir = Path(app.outdir).resolve()
    for docname in docnames:
        page = Path(get_outfilename(docname)).resolve()
        if page.is_relative_to(outdir):
            page.unlink(missing_ok=True)


def _page_read_again(app: Sphinx, env: Any, docname: str) -> None:
    report = _report(app)
    if report is not None:
        report.forget(docname, "read")


def _page_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    report = _report(app)
    if report is not None and docname not in report.written:
        report.written.add(docname)
        report.forget(docname, "write")


def _add_panel(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    report = _report(app)
    if report is None or "body" not in context:
        return
    report.take_held_back()
    problems = report.problems(pagename) + report.translation_problems(pagename)
    context["body"] = panel_html(problems) + context["body"]


def panel_html(problems: list[Problem]) -> str:
    """The preview panel of one page: what is wrong, at which line, and the fix."""
    if not problems:
        return ""
    items = "".join(
        "<li>"
        + (f"<strong>Line {problem.line}:</strong> " if problem.line else "")
        + html.escape(_without_location(problem))
        + "</li>"
        for problem in problems
    )
    count = len(problems)
    title = f"{count} problem{'s' if count > 1 else ''} on this page"
    return (
        '<aside class="partners-preview-panel" aria-labelledby="partners-preview-title">'
        # Not a heading: the page's own h1 stays its first heading.
        f'<p class="partners-preview-panel__title" id="partners-preview-title">'
        f"<strong>{title}</strong></p>"
        "<p>Only this preview shows this box; the published site never does. "
        "Fix each line below and save: the box goes when the page is right.</p>"
        f"<ul>{items}</ul></aside>"
    )


def _without_location(problem: Problem) -> str:
    # "path:12: WARNING: message" -> "message": the panel says the line itself.
    if problem.message:
        return problem.message
    _, marker, message = problem.text.partition(": WARNING: ")
    return message if marker else problem.text


def _summarise(app: Sphinx, exception: Exception | None) -> None:
    report = _report(app)
    if report is None:
        return
    report.add_check_findings()  # a build that wrote nothing has not added them yet
    report.keep_site_problems_if_nothing_was_written()
    logger = logging.getLogger(sphinx_logging.NAMESPACE)
    for handler in [h for h in logger.handlers if isinstance(h, _ReportHandler)]:
        logger.removeHandler(handler)
    report.save()
    delattr(app, _REPORT_KEY)  # the next build (same application) starts a new one
    print(summary_text(report.every_problem(), exception), file=sys.stderr, flush=True)


def summary_text(problems: list[Problem], stopped: BaseException | None = None) -> str:
    """What the terminal shows after each preview build.

    A build that stopped never says "no problems": what it found before it stopped is
    listed, and the error that stopped it follows.
    """
    if stopped is not None:
        head = "sphinx-partners preview: the build stopped with an error (below)"
        if not problems:
            return f"{head}; no problem was found before it stopped."
        count = len(problems)
        lines = [f"{head}; {count} problem{'s' if count > 1 else ''} found before it stopped:"]
        return "\n".join([*lines, *(f"  {printable(problem.text)}" for problem in problems)])
    if not problems:
        return "sphinx-partners preview: no problems in the site."
    count = len(problems)
    lines = [f"sphinx-partners preview: {count} problem{'s' if count > 1 else ''} in the site:"]
    lines += [f"  {printable(problem.text)}" for problem in problems]
    return "\n".join(lines)


def setup_preview(app: Sphinx) -> None:
    _keep_setup_warnings(app)
    # After every other handler of the settings (the catalogs' checks among them).
    app.connect("config-inited", lambda app, config: _end_setup(app), priority=999)
    # Before the handlers Sphinx prints with get their filters (printable.py,
    # catalog_lines.py), so that the report's handler gets them too.
    app.connect("builder-inited", _start, priority=100)
    app.connect("env-get-outdated", _read_all_without_report)
    app.connect("env-purge-doc", _page_read_again)
    app.connect("doctree-resolved", _page_written)
    app.connect("write-started", _add_check_findings)
    app.connect("html-page-context", _add_panel)
    # After the check of published files (priority 900), whose findings it lists too:
    # before, the preview said "no problems" over a script it had taken out (a red
    # team's finding).
    app.connect("build-finished", _summarise, priority=950)
