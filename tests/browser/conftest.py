"""The real site (and a test root of unusual combinations), built once, served on
loopback, and one Chromium for every browser test.

Builds, servers and the browser are session-scoped: a test opens a fresh context (its own
viewport, colour scheme and cookie jar) or reuses one tab, which costs milliseconds.

A page is named by its path in the site (``partners/index.html``); a page of another
site carries the site's name (``combinations:grids.html``).
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import RealSite, publish

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
# The extension in combinations the site's pages don't use, with the real theme.
COMBINATIONS_DIR = REPO_ROOT / "tests" / "roots" / "test-browser-combinations"
# One page of cards, a grid and a directory, built with each theme in THEMES.
THEMES_DIR = REPO_ROOT / "tests" / "roots" / "test-themes"
THEMES = ("furo", "alabaster", "sphinx_rtd_theme", "pydata_sphinx_theme", "sphinx_book_theme")
#: Debian's Chromium builds, lightest first. ``chromium-headless-shell`` is the same Blink
#: without the browser's user interface (the headless mode Playwright itself defaults
#: to): the browser tests took 27 % less CPU with it than with ``chromium`` (issue 13).
CHROMIUM_BUILDS = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
# BROWSER.md: what works with Debian's Chromium on these machines.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (320, 375, 768, 1280)
SCHEMES = ("light", "dark")
# Pages Sphinx writes that have no source file.
GENERATED_PAGES = ("genindex.html", "search.html")


def by_page(pages: list[str]) -> Any:
    """A module-scoped ``page`` fixture over *pages*.

    pytest groups tests by module-scoped parameters, so every test of one page runs
    before the next page: with ``reused_page`` each page loads once per module.
    """

    @pytest.fixture(scope="module", params=pages)
    def page(request: pytest.FixtureRequest) -> str:
        return str(request.param)

    return page


def _source_pages(srcdir: Path) -> list[str]:
    """Every page a project has, as a path in the built site, known before building.

    Collection needs the list before the session build runs; a test compares it with
    what the build wrote, so a page can't slip through unvisited.
    """
    pages = []
    for source in sorted(srcdir.rglob("*.md")):
        relative = source.relative_to(srcdir)
        if relative.parts[0].startswith("_") or "_snippets" in relative.parts:
            continue
        pages.append(relative.with_suffix(".html").as_posix())
    return pages


SOURCE_PAGES = _source_pages(DOCS_DIR)
PAGES = [*SOURCE_PAGES, *GENERATED_PAGES, "404.html"]
# The Spanish edition (docs/_ext/languages.py): the reader pages, one guide kept in
# English, and the Spanish search page; served at es/ inside the English site.
SPANISH_PAGES = [
    f"es:{page}"
    for page in [*SOURCE_PAGES, "search.html"]
    if not page.startswith(("authoring/", "contributing/")) or page == "authoring/index.html"
]
COMBINATION_PAGES = [f"combinations:{page}" for page in _source_pages(COMBINATIONS_DIR)]
# What the accessibility, layout, keyboard and loading tests visit.
BROWSER_PAGES = [*PAGES, *COMBINATION_PAGES]


def _site_prefix() -> str:
    """The URL path the site is published under: where the 404 page points its links."""
    import runpy

    namespace = runpy.run_path(str(DOCS_DIR / "conf.py"))
    return namespace.get("notfound_urls_prefix") or "/"


class _QuietSiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a site under its published prefix; unknown paths get its 404 page.

    That is what a static host does, and it lets a test open a missing page at any depth.
    """

    prefix = "/"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        url_path = urllib.parse.urlsplit(path).path
        if not url_path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + url_path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _SiteServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser cancels what a page no longer needs when a test moves on (an image
        # still loading): a connection it closed is not a problem worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Site:
    """A built site and where it is served."""

    root: Path
    base_url: str
    origin: str
    prefix: str

    def url(self, page: str) -> str:
        return self.base_url + page


def _build(srcdir: Path, outdir: Path, *options: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(outdir / ".doctrees"),
         *options, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"{srcdir.name} did not build:\n{result.stderr}", pytrace=False)


def _serve(root: Path, prefix: str) -> Iterator[Site]:
    """Serve *root* under *prefix* on 127.0.0.1, on a port the OS picks, in a thread."""
    handler = functools.partial(
        type("SiteHandler", (_QuietSiteHandler,), {"prefix": prefix}), directory=str(root)
    )
    server = _SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield Site(root, origin + prefix, origin, prefix)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def built_site(real_site: RealSite) -> Path:
    """The real docs/, English (its strictness is tested in test_site.py)."""
    real_site.assert_built()
    return real_site.english


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[Site]:
    """The real site, served under the path it is published at."""
    yield from _serve(built_site, _site_prefix())


@pytest.fixture(scope="session")
def spanish_site(real_site: RealSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The English site with the Spanish edition in es/, as ``nox -s docs`` publishes it."""
    real_site.assert_built()
    published = publish(real_site, tmp_path_factory.mktemp("published") / "html")
    for served in _serve(published, _site_prefix()):
        yield Site(served.root, served.base_url + "es/", served.origin, served.prefix)


@pytest.fixture(scope="session")
def combinations_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    outdir = tmp_path_factory.mktemp("combinations") / "html"
    _build(COMBINATIONS_DIR, outdir)
    yield from _serve(outdir, "/")


@pytest.fixture(scope="session")
def theme_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    """The themes root built with a theme when a test first asks for it (``furo:...``)."""
    servers: list[Iterator[Site]] = []

    class _Lazy(dict[str, Site]):
        def __missing__(self, theme: str) -> Site:
            outdir = tmp_path_factory.mktemp(theme) / "html"
            _build(THEMES_DIR, outdir, "-D", f"html_theme={theme}")
            server = _serve(outdir, "/")
            servers.append(server)
            self[theme] = next(server)
            return self[theme]

    yield _Lazy()
    for server in servers:
        next(server, None)  # shut it down


class Sites:
    """Where a page is served; the other sites are built only if a test needs them."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def site_of(self, page: str) -> Site:
        name = page.partition(":")[0] if ":" in page else "docs"
        if name in THEMES:
            themed: Site = self._request.getfixturevalue("theme_sites")[name]
            return themed
        fixture = {"docs": "site", "combinations": "combinations_site", "es": "spanish_site"}[name]
        site: Site = self._request.getfixturevalue(fixture)
        return site

    def url(self, page: str) -> str:
        return self.site_of(page).url(page.rpartition(":")[2])


@pytest.fixture(scope="session")
def sites(request: pytest.FixtureRequest) -> Sites:
    return Sites(request)


def _no_browser(reason: str) -> None:
    # Locally a missing browser is a skip; in CI it would hide every browser test.
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once per session through Playwright."""
    chromium_path = next((path for path in CHROMIUM_BUILDS if path.is_file()), None)
    if chromium_path is None:
        _no_browser(
            "Chromium is missing: install it with "
            "`apt-get install chromium-headless-shell` (or `chromium`)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("Playwright is missing: install the tests extra (`pip install -e .[tests]`)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


#: How long no request may be in flight before the page counts as settled. Playwright's
#: "networkidle" waits 500 ms after the last one; on loopback a request that a page's
#: script starts once another has ended follows within milliseconds.
QUIET_MS = 100


@dataclass
class OpenedPage:
    """A page opened in its own context, with every response it got."""

    page: Any
    context: Any
    responses: list[tuple[str, int]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    in_flight: set[Any] = field(default_factory=set)

    def watch(self) -> None:
        # Playwright wraps each handler: it takes Python functions, not built-in methods.
        self.page.on("request", lambda request: self.in_flight.add(request))
        self.page.on("requestfinished", lambda request: self.in_flight.discard(request))
        self.page.on(
            "response", lambda response: self.responses.append((response.url, response.status))
        )
        self.page.on("requestfailed", self._failed)

    def _failed(self, request: Any) -> None:
        self.in_flight.discard(request)
        self.failed.append(request.url)

    def settle(self, timeout_ms: int = 10_000) -> None:
        """Wait until no request has been in flight for QUIET_MS."""
        quiet = waited = 0
        while quiet < QUIET_MS:
            assert waited < timeout_ms, f"requests still running: {[r.url for r in self.in_flight]}"
            self.page.wait_for_timeout(20)  # lets Playwright deliver the request events
            waited += 20
            quiet = 0 if self.in_flight else quiet + 20


def _expected_status(page: str) -> int:
    return 404 if page.startswith("missing/") else 200


@pytest.fixture
def open_page(browser: Any, sites: Sites) -> Iterator[Callable[..., OpenedPage]]:
    """Open a page at a viewport width and colour scheme, in a fresh context."""
    contexts: list[Any] = []

    def _open(page: str, *, width: int = 1280, scheme: str = "light") -> OpenedPage:
        context = browser.new_context(
            viewport={"width": width, "height": 800}, color_scheme=scheme, **STILL
        )
        contexts.append(context)
        opened = OpenedPage(context.new_page(), context)
        opened.watch()
        response = opened.page.goto(sites.url(page), wait_until="load")
        assert response is not None and response.status == _expected_status(page), page
        return opened

    yield _open
    for context in contexts:
        context.close()


#: The tests look at pages at rest: asking for reduced motion, as some readers do, the
#: site's drawers open without sliding (site.css), so no test waits for an animation.
#: ``test_keyboard.py`` checks that the drawers do slide for everyone else.
STILL = {"reduced_motion": "reduce"}

SETTLE_TRANSITIONS = """
async () => { await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))); }
"""


class ReusedPage:
    """One tab that several tests share: it only navigates when the page changes.

    Tests parametrized by width or colour scheme resize the viewport or switch the
    colour scheme instead of loading the page again; ``by_page`` orders them page by page.
    """

    def __init__(self, browser: Any, sites: Sites, init_scripts: Sequence[str] = ()) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, **STILL)
        # Scripts every page of this tab runs before its own: sent to the browser once.
        for script in init_scripts:
            self.context.add_init_script(script=script)
        self.page = self.context.new_page()
        self.sites = sites
        self.current: str | None = None
        self._view: tuple[int, str] = (1280, "light")
        self._done: set[str] = set()

    def once(self, step: str, run: Callable[[Any], object]) -> None:
        """Run a preparation step (inject a script, load lazy images) once per page load."""
        if step not in self._done:
            run(self.page)
            self._done.add(step)

    def show(
        self, page: str, *, width: int = 1280, scheme: str = "light", fresh: bool = False
    ) -> Any:
        """*page* at *width* in *scheme*; *fresh*: loaded again even if it is already shown
        (nothing focused, nothing scrolled), still quicker than a new context."""
        if (width, scheme) != self._view:
            # Three round trips to the browser: only when the view changes.
            self.page.set_viewport_size({"width": width, "height": 800})
            self.page.emulate_media(color_scheme=scheme)
            # Colours fade to the new scheme (CSS transitions): measure the end, not the fade.
            self.page.evaluate(SETTLE_TRANSITIONS)
            self._view = (width, scheme)
        if page != self.current or fresh:
            response = self.page.goto(self.sites.url(page), wait_until="load")
            assert response is not None and response.status == _expected_status(page), page
            self.current = page
            self._done.clear()
        return self.page


@pytest.fixture(scope="session")
def reused_page(browser: Any, sites: Sites) -> Iterator[ReusedPage]:
    reused = ReusedPage(browser, sites)
    yield reused
    reused.context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"browser", "open_page", "reused_page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
