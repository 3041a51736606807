"""One build of the real site, served on loopback, and one Chromium for every browser test.

The build and the browser are session-scoped: each test only opens a fresh context (its
own viewport, colour scheme and cookie jar), which costs milliseconds.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
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


def _source_pages() -> list[str]:
    """Every page the site has, as a path relative to the site root, known before building.

    Collection needs the list before the session build runs; a test compares it with
    what the build wrote, so a page can't slip through unvisited.
    """
    pages = []
    for source in sorted(DOCS_DIR.rglob("*.md")):
        relative = source.relative_to(DOCS_DIR)
        if relative.parts[0].startswith("_") or "_snippets" in relative.parts:
            continue
        pages.append(relative.with_suffix(".html").as_posix())
    return pages


SOURCE_PAGES = _source_pages()
PAGES = [*SOURCE_PAGES, *GENERATED_PAGES, "404.html"]


def _site_prefix() -> str:
    """The URL path the site is published under: where the 404 page points its links."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    namespace = eval_config_file(DOCS_DIR / "conf.py", Tags())
    return namespace.get("notfound_urls_prefix") or "/"


class _QuietSiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the site under its published prefix; unknown paths get the 404 page.

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


@dataclass
class Site:
    """The built site and where it is served."""

    root: Path
    base_url: str
    origin: str
    prefix: str

    def url(self, page: str) -> str:
        return self.base_url + page


def _build(outdir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-d",
            str(outdir / ".doctrees"),
            str(DOCS_DIR),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"The site did not build:\n{result.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real docs/ built once per session (the strict build is tested in test_site.py)."""
    outdir = tmp_path_factory.mktemp("site") / "html"
    _build(outdir)
    return outdir


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[Site]:
    """The built site served on 127.0.0.1, on a port the OS picks, in a thread."""
    prefix = _site_prefix()
    handler = functools.partial(
        type("SiteHandler", (_QuietSiteHandler,), {"prefix": prefix}), directory=str(built_site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield Site(built_site, origin + prefix, origin, prefix)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _no_browser(reason: str) -> None:
    # Locally a missing browser is a skip; in CI it would hide every browser test.
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once per session through Playwright."""
    if not CHROMIUM.is_file():
        _no_browser(f"{CHROMIUM} is missing: install it with `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("Playwright is missing: install the tests extra (`pip install -e .[tests]`)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class OpenedPage:
    """A page opened in its own context, with every response it got."""

    page: Any
    context: Any
    responses: list[tuple[str, int]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _expected_status(page: str) -> int:
    return 404 if page.startswith("missing/") else 200


@pytest.fixture
def open_page(browser: Any, site: Site) -> Iterator[Callable[..., OpenedPage]]:
    """Open a site page at a viewport width and colour scheme, in a fresh context."""
    contexts: list[Any] = []

    def _open(page: str, *, width: int = 1280, scheme: str = "light") -> OpenedPage:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        contexts.append(context)
        opened = OpenedPage(context.new_page(), context)
        opened.page.on(
            "response", lambda response: opened.responses.append((response.url, response.status))
        )
        opened.page.on("requestfailed", lambda request: opened.failed.append(request.url))
        response = opened.page.goto(site.url(page), wait_until="load")
        assert response is not None and response.status == _expected_status(page), page
        return opened

    yield _open
    for context in contexts:
        context.close()


SETTLE_TRANSITIONS = """
async () => { await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))); }
"""


class ReusedPage:
    """One tab that several tests share: it only navigates when the page changes.

    Tests parametrized by width or colour scheme resize the viewport or switch the
    colour scheme instead of loading the page again; the tests are ordered page by page.
    """

    def __init__(self, browser: Any, site: Site) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.site = site
        self.current: str | None = None
        self._done: set[str] = set()

    def once(self, step: str, run: Callable[[Any], object]) -> None:
        """Run a preparation step (inject a script, load lazy images) once per page load."""
        if step not in self._done:
            run(self.page)
            self._done.add(step)

    def show(self, page: str, *, width: int = 1280, scheme: str = "light") -> Any:
        self.page.set_viewport_size({"width": width, "height": 800})
        self.page.emulate_media(color_scheme=scheme)
        # Colours fade to the new scheme (CSS transitions): measure the end, not the fade.
        self.page.evaluate(SETTLE_TRANSITIONS)
        if page != self.current:
            response = self.page.goto(self.site.url(page), wait_until="load")
            assert response is not None and response.status == _expected_status(page), page
            self.current = page
            self._done.clear()
        return self.page


@pytest.fixture(scope="session")
def reused_page(browser: Any, site: Site) -> Iterator[ReusedPage]:
    reused = ReusedPage(browser, site)
    yield reused
    reused.context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) or "open_page" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.browser)
