"""The build worker: one process that keeps Sphinx imported between builds.

Each build is ``sphinx-build -b html -n`` run in this process with a new Sphinx
application, exactly as a new ``sphinx-build`` would run it, minus starting Python and
importing Sphinx, the theme and the extensions again; the theme's compiled templates are
kept too. The server asks for a build through a pipe and gets back whether it finished.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.bccache

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from sphinx.application import Sphinx


@dataclass(frozen=True)
class Settings:
    """What the worker builds: Sphinx's folders and the settings given with ``-D``."""

    source: Path
    out: Path
    overrides: dict[str, str] = field(default_factory=dict)

    @property
    def doctrees(self) -> Path:
        return self.out / ".doctrees"  # where sphinx-build puts them by default


def say(message: str) -> None:
    print(f"[preview] {message}", file=sys.stderr, flush=True)


def _work(settings: Settings, requests: Connection) -> None:
    """Build once, then once more for every request, until told to stop."""
    # Ctrl+C in the terminal reaches every process of it: the server stops this worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        finished = _build(settings)
        try:
            requests.send(finished)
            if not finished or not requests.recv():
                return
        except (EOFError, OSError):  # the server is gone: nothing more to build for
            return


def _build(settings: Settings) -> bool:
    """One build, as ``sphinx-build -b html -n`` runs it, in this process."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    try:
        with patch_docutils(str(settings.source)), docutils_namespace():
            app = Sphinx(
                str(settings.source),
                str(settings.source),
                str(settings.out),
                str(settings.doctrees),
                "html",
                confoverrides={"nitpicky": True, "partners_preview": True, **settings.overrides},
                status=None,  # quiet: the preview report says what matters
                warning=None,
                freshenv=False,
            )
            _keep_compiled_templates(app)
            app.build()
    except Exception as error:  # an error in conf.py, an extension or a page
        _report_failure(error)
        return False
    return True


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled once for all the builds of one worker.

    Each build's new application would compile them again (0.15 s of a 0.5 s build on
    this project's site). Jinja checks each entry against its template's source, so an
    edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


def _keep_compiled_templates(app: Sphinx) -> None:
    # Sphinx's template bridge (BuiltinTemplateLoader) keeps its Jinja environment in
    # ``environment``; another bridge just compiles as usual.
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if isinstance(environment, jinja2.Environment):
        environment.bytecode_cache = _COMPILED_TEMPLATES


def _report_failure(error: BaseException) -> None:
    from sphinx.errors import SphinxError

    if isinstance(error, SphinxError):
        say(f"The build stopped: {error.category}: {error}")
    else:
        say("The build stopped on an error in code:")
        traceback.print_exception(error, file=sys.stderr)
    say("Fix it and save: the preview builds again. Until then it shows the last build.")


class BuildWorker:
    """The process that keeps Sphinx loaded, started again when it cannot go on."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connection: Connection | None = None

    def build(self) -> bool:
        """Build the site (starting a worker if none runs); whether the build finished."""
        try:
            if self.connection is None:
                self._start()
            else:
                self.connection.send(True)
            assert self.connection is not None
            finished: bool = self.connection.recv()
        except (EOFError, OSError):  # the worker died (killed, out of memory)
            say("The build worker stopped; the next change starts a new one.")
            finished = False
        if not finished:
            self.stop()
        return finished

    def _start(self) -> None:
        # "spawn" on every system: a fresh interpreter that imports the new code, and no
        # copy of this process's server threads.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self.process = context.Process(
            # Not a daemon: extensions may start processes of their own (sphinx-sitemap).
            target=_work,
            args=(self.settings, theirs),
            name="sphinx-build",
            daemon=False,
        )
        self.process.start()
        theirs.close()
        self.connection = ours

    def stop(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError):
                self.connection.send(False)
            self.connection.close()
            self.connection = None
        if self.process is not None:
            self.process.join(timeout=10)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
            self.process = None
