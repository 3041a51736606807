"""A live preview that keeps Sphinx loaded: ``python -m sphinx_partners.serve SOURCE OUT``.

sphinx-autobuild starts a new Python for every save, which imports Sphinx, the theme and
every extension and compiles the theme's templates again: on a site of a few dozen pages
that is most of the wait. Here one *build worker* process (``worker.py``) keeps all of
that loaded and runs each build in it, with a new Sphinx application each time, as a new
``sphinx-build`` would run it, so a save shows in a few tenths of a second and the pages
are the ones ``sphinx-build`` writes.

A loaded worker cannot take up new code or translations: a change to a ``.py`` file
(``conf.py``, a local extension), to a message catalog or to anything outside the
source folder (``--watch``) starts a new worker. So does a build that stopped on an
error. The browser side (``server.py``) is sphinx-autobuild's reload script, injected
the same way, so a page reloads itself when its build is done.

The build is Sphinx's HTML build with ``nitpicky`` and this extension's preview report
(``partners_preview``) on: after each build the terminal lists every problem still in
the site, and each page with problems shows them in a panel.
"""

from .server import IGNORED_FOLDERS, NEEDS_NEW_WORKER, Preview, Watcher, main, parse_arguments
from .worker import BuildWorker, Settings

__all__ = [
    "IGNORED_FOLDERS",
    "NEEDS_NEW_WORKER",
    "BuildWorker",
    "Preview",
    "Settings",
    "Watcher",
    "main",
    "parse_arguments",
]
