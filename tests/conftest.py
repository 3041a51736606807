"""Shared fixtures: Sphinx's test kit, test roots, and helpers to read what was built."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from filelock import FileLock, Timeout
from hypothesis import HealthCheck, settings
from PIL import Image

pytest_plugins = ("sphinx.testing.fixtures",)

# Tests read Sphinx's messages as text. nox and CI runners may ask for colours
# (FORCE_COLOR); NO_COLOR wins in Sphinx, here and in every sphinx-build a test starts.
os.environ.pop("FORCE_COLOR", None)
os.environ["NO_COLOR"] = "1"

TESTS_DIR = Path(__file__).parent
REPO_ROOT = TESTS_DIR.parent
DOCS_DIR = REPO_ROOT / "docs"


@dataclass(frozen=True)
class RealSite:
    """docs/ built strictly (``-W --keep-going -n``), as ``nox -s docs`` builds it."""

    english: Path
    spanish: Path
    #: What each edition's build printed on stderr ("english", "spanish"): nothing when
    #: it is clean; and its exit status.
    stderr: dict[str, str]
    returncode: dict[str, int]

    def assert_built(self) -> None:
        """Every page is there (a warning still fails ``test_site.py``, not every reader)."""
        for edition in (self.english, self.spanish):
            if not (edition / "index.html").is_file():
                pytest.fail(f"docs/ did not build:\n{self.stderr}", pytrace=False)


def _run_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder of this test run that every pytest-xdist worker sees (each worker's own
    temporary folder is inside the run's)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / name


#: The editions of docs/ and the options that make each.
EDITIONS = {"english": (), "spanish": ("-D", "language=es")}


def _build_edition(root: Path, edition: str) -> dict[str, Any]:
    """Build *edition* into *root* unless a worker already has: its exit status, stderr."""
    record = root / f"{edition}.json"
    with FileLock(root / f"{edition}.lock"):
        if not record.is_file():
            doctrees = root / f"{edition}-doctrees"
            english_pictures = root / "english-doctrees" / "partners-images"
            english_done = (root / "english.json").is_file()  # not a cache half written
            if edition != "english" and english_done and english_pictures.is_dir():
                # Resized pictures are the same in every language (as nox -s docs).
                shutil.copytree(english_pictures, doctrees / "partners-images")
            done = subprocess.run(
                [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b",
                 "html", "-d", str(doctrees), *EDITIONS[edition], str(DOCS_DIR),
                 str(root / edition)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            build = {"returncode": done.returncode, "stderr": done.stderr}
            record.write_text(json.dumps(build), encoding="utf-8")
    built: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
    return built


def _editions_in_order(root: Path) -> list[str]:
    """English first, unless another worker is building it: then the Spanish edition
    meanwhile (resizing the pictures itself), on the core that would wait."""
    try:
        with FileLock(root / "english.lock", timeout=0):
            return list(EDITIONS)
    except Timeout:
        return list(reversed(EDITIONS))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> RealSite:
    """The real site, both editions, built once per test run and shared by every module
    and worker that reads it: each edition is built by the first worker that needs it."""
    root = _run_folder(tmp_path_factory, "real-site")
    root.mkdir(exist_ok=True)
    builds = {edition: _build_edition(root, edition) for edition in _editions_in_order(root)}
    return RealSite(
        root / "english",
        root / "spanish",
        stderr={edition: build["stderr"] for edition, build in builds.items()},
        returncode={edition: build["returncode"] for edition, build in builds.items()},
    )


def written_pages(app: Any) -> dict[str, str]:
    """The HTML pages an application wrote, by path (the index and search pages aside)."""
    return {
        str(path.relative_to(app.outdir)): path.read_text(encoding="utf-8")
        for path in sorted(app.outdir.rglob("*.html"))
        if path.name not in {"genindex.html", "search.html"}
    }


def publish(site: RealSite, published: Path) -> Path:
    """The site as it is published: English at the root, Spanish in es/."""
    shutil.copytree(site.english, published)
    shutil.copytree(site.spanish, published / "es")
    return published


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>/`` projects."""
    return TESTS_DIR / "roots"


#: ``ci`` (the default) keeps property tests quick; ``HYPOTHESIS_PROFILE=long`` runs a
#: campaign fifty times larger, on demand.
FUZZ_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")


def fuzz(examples_in_ci: int) -> settings:
    """Hypothesis settings for a property test: *examples_in_ci*, or 50x in ``long``."""
    examples = examples_in_ci * (50 if FUZZ_PROFILE == "long" else 1)
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def warnings_of(warning_stream: object) -> list[str]:
    """The warning lines of a build, without colour codes."""
    from sphinx.util.console import strip_colors

    text = strip_colors(warning_stream.getvalue())  # type: ignore[attr-defined]
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


#: conf.py of the small projects tests write: MyST with colon fences and the extension.
SMALL_CONF = (
    'extensions = ["myst_parser", "sphinx_partners"]\n'
    'myst_enable_extensions = ["colon_fence"]\n'
    'html_theme = "basic"\n'
)


def build_project(srcdir: Path) -> tuple[Path, list[str], Any]:
    """Build the Sphinx project in *srcdir* once (HTML); return the output folder, the
    warning lines and the application's config (the environment goes with ``config``)."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        return Path(app.outdir), warnings_of(app.warning), app
    finally:
        app.cleanup()


def build_small_site(
    srcdir: Path, pages: dict[str, str], conf_extra: str = ""
) -> tuple[Path, list[str], Any]:
    """Write a small project (``SMALL_CONF`` + *conf_extra*) and build it once.

    Returns the output folder, the warning lines and the application's config.
    """
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(SMALL_CONF + conf_extra, encoding="utf-8")
    for name, text in pages.items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)  # "guide/intro.md"
        (srcdir / name).write_text(text, encoding="utf-8")
    outdir, warnings, app = build_project(srcdir)
    return outdir, warnings, app.config


def warnings_at(warning_stream: object, line: int, code: str) -> list[str]:
    """The warnings of a build at ``index.md:<line>`` that end in ``[partners.<code>]``."""
    return [
        text
        for text in warnings_of(warning_stream)
        if f"index.md:{line}:" in text and text.endswith(f"[partners.{code}]")
    ]


def write_catalog(
    srcdir: Path,
    entries: dict[str, str] | str,
    name: str = "index",
    *,
    folder: str = "locales",
    charset: str = "UTF-8",
    language: str = "es",
) -> Path:
    """A catalog ``<folder>/<language>/LC_MESSAGES/<name>.po`` in *srcdir* (Spanish by
    default): a header of three lines, a blank line, then *entries* (msgid -> msgstr),
    or the catalog's text as written from line 5 on, to write what a translator can get
    wrong."""
    path = srcdir / folder / language / "LC_MESSAGES" / f"{name}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n'
    if isinstance(entries, str):
        body = "\n" + entries
    else:
        body = "".join(f'\nmsgid "{key}"\nmsgstr "{value}"\n' for key, value in entries.items())
    path.write_text(header + body, encoding="utf-8")
    return path


def front_matter(description: str) -> str:
    """A page's front matter (five lines) giving it *description*, as the guide writes it."""
    return f'---\nmyst:\n  html_meta:\n    "description lang=en": "{description}"\n---\n'


def warning_line(warning: str, page: str = "index.md") -> int:
    """The line a warning names in *page*."""
    return int(warning.split(f"{page}:")[1].split(":")[0])


def assert_each_at_its_text(warnings: list[str], page_text: str) -> None:
    """Each warning names a line that holds one of the values it quotes."""
    lines = page_text.splitlines()
    for warning in warnings:
        line = lines[warning_line(warning) - 1]
        quoted = re.findall(r"'([^']*)'", warning.split("WARNING: ", 1)[1])
        assert any(value in line for value in quoted), (warning, line)


#: Output files compared between builds (pages, styles and published images).
PUBLISHED_SUFFIXES = frozenset({".html", ".css", ".png", ".jpg", ".webp", ".svg"})


def sphinx_build(srcdir: Path, outdir: Path, *extra: str) -> tuple[dict[str, bytes], list[str]]:
    """Run ``sphinx-build -b html`` as CI does; return the published files and warnings."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *extra, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.returncode == 0, result.stderr
    files = {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.suffix in PUBLISHED_SUFFIXES
    }
    return files, sorted(result.stderr.splitlines())


def guide_project(
    srcdir: Path, page: str, *, cards_for_links: bool = False, settings: str = ""
) -> None:
    """A project with the files the guide's examples name, with *page* as its index.

    With *cards_for_links*, another page has a card for each partner the page links to
    without describing it, as the real site does.
    """
    (srcdir / "photos").mkdir(parents=True)
    (srcdir / "_static" / "partners").mkdir(parents=True)
    Image.new("RGB", (64, 48), "teal").save(srcdir / "photos" / "class.jpg")
    (srcdir / "_static" / "partners" / "lindsay.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10">'
        '<circle cx="5" cy="5" r="4"/></svg>\n',
        encoding="utf-8",
    )
    (srcdir / "_static" / "partners" / "broken.png").write_text("not a picture\n")
    (srcdir / "_static" / "partners" / "scripted.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
        '<circle cx="5" cy="5" r="4"/></svg>\n',
        encoding="utf-8",
    )
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_partners"]\n'
        'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n'
        'html_theme = "basic"\n'
        "partners_harden_site = True\n"  # as the site: the guide's examples are its own
        "partners_page_rules = True\n"
        # Small, so that the guide's example of partners.limit fits on a page.
        "partners_max_directory_entries = 4\n" + settings,
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text(page, encoding="utf-8")
    if cards_for_links:
        described = set(re.findall(r"^:id:\s*(\S+)", page, re.M))
        targets = re.findall(r"\{partner\}`([^`]*)`", page)
        linked = {re.sub(r".*<(.*)>$", r"\1", target) for target in targets}
        cards = "".join(
            f":::{{partner-card}} {partner}\n:id: {partner}\n:::\n\n"
            for partner in sorted(linked - described)
        )
        front = (
            "---\norphan: true\nmyst:\n  html_meta:\n"
            '    "description lang=en": "The cards of the partners the example links to."\n---\n'
        )
        (srcdir / "other.md").write_text(f"{front}\n# Other\n\n{cards}")


# -- a small project whose pages have one problem (the preview's tests) ----------------

PROBLEM_SITE = {
    "index.md": "# Home\n\n```{toctree}\nbad\ngood\n```\n",
    "bad.md": "# Bad\n\nIntro.\n\n:::{partner-card} Riverside\n:no-index:\n:kind: spaceship\n:::\n",
    "good.md": "# Good\n\nFine.\n",
}


def write_project(srcdir: Path, conf: str, pages: dict[str, str]) -> Path:
    """A Sphinx project in *srcdir*: ``conf.py`` and the pages, by file name."""
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in pages.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    return srcdir


# -- servers started by a test ---------------------------------------------------------


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(
    condition: Callable[[], bool],
    seconds: float,
    process: subprocess.Popen[str],
    step: float = 0.1,
) -> bool:
    """Whether *condition* came true within *seconds*; False at once if *process* ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(step)
    return False


#: A card left open before the next card, another before a heading (found by a tester
#: on the partners page: the strict build passed and published the cards nested).
CARD_LEFT_OPEN = """\
# Partners

:::{partner-card} Alpha District
:id: alpha

Alpha text.

:::{partner-card} Beta District
:id: beta

Beta text.
:::

:::{partner-card} Gamma District
:id: gamma

Gamma text.

## Second story

:::{partner-card} Delta District
:id: delta

Delta text.
:::

Last words.
"""


class PlantedPickle:
    """A pickle that writes "ran" to *marker* when it is read: what a doctree folder a
    pull request committed could hold (tests of what the build trusts there)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[Path, str]]:
        return (Path.write_text, (self.marker, "ran"))
