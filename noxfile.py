"""Tasks for contributors: ``nox -s docs`` builds the site, ``nox -s tests`` tests it.

Run ``nox -l`` for the menu. Plain ``nox`` runs the quick check before a pull request
(``check``: lint, then the strict build with the page rules).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

nox.options.sessions = ["check"]
nox.options.reuse_existing_virtualenvs = True
# uv when it is installed beside nox (the README installs "nox[uv]"): it sets up a
# session's environment in seconds where pip takes half a minute. Plain venv and pip
# otherwise.
nox.options.default_venv_backend = "uv|venv"
# pip compiles what it installs to bytecode; uv does not unless asked. Without it every
# Python process (a test run starts dozens of sphinx-build processes) compiles Sphinx,
# docutils, Pygments... again, about 1.2 s each, wherever PYTHONDONTWRITEBYTECODE keeps
# Python from saving what it compiled (as in containers and CI images).
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
sys.path.insert(0, str(ROOT / "scripts"))  # the sessions' helpers (build_folder.py)
#: Warnings are errors, and every page is read again (-E): Sphinx reports a page's
#: warnings only when it reads the page, so a strict build over the last one's
#: environment said "build succeeded" over a mistake left in a page that had not changed
#: since. The resized pictures, kept in the doctree folder, are not made again.
STRICT = ["-W", "--keep-going", "-n", "-E"]
#: The preview's options (``python -m sphinx_partners.serve``): only this machine can
#: see it. It keeps Sphinx loaded between builds, builds nitpicky, and shows the
#: warnings that would fail the strict build through the extension's report: one
#: summary of every problem in the site after each build, and a panel on each page
#: with problems, instead of Sphinx's own output.
SERVE_OPTIONS = ("--host", "127.0.0.1", "--port", "8000")
#: What ``lint`` runs; the test suite and pre-commit run the same commands. The Python
#: checks, then the site's (which ``check`` runs beside the build, as the preview does).
PYTHON_CHECKS = (
    ("ruff", "check", "."),
    ("ruff", "format", "--check", "."),
    ("mypy",),
)
SITE_CHECKS = (
    ("python", "scripts/check_markdown.py", "docs"),
    ("python", "scripts/photos.py", "check", "docs"),
)


def _install(session: nox.Session, extras: str) -> None:
    session.install("-e", f".[{extras}]")


def _guard_build_folder(session: nox.Session) -> None:
    """Stop before a build writes into docs/_build if a pull request planted a link or
    a committed file there (scripts/build_folder.py)."""
    from build_folder import planted  # scripts/, on the path below

    problem = planted(BUILD, ROOT)
    if problem:
        session.error(problem.rstrip("."))  # (nox ends the line with its own)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site strictly (warnings are errors) into docs/_build/html.

    Every edition: English at the root, Spanish in es/. One: ``nox -s docs -- es``.
    """
    _guard_build_folder(session)
    _install(session, "docs")
    languages = _editions(session)
    # One edition only: ``nox -s docs -- es`` (or ``-- en``); another builder:
    # ``nox -s docs -- linkcheck``.
    only = (
        session.posargs[0] if session.posargs and session.posargs[0] in {"en", *languages} else None
    )
    builder = session.posargs[0] if session.posargs and only is None else "html"
    out = BUILD / builder
    # Every warning is also kept in a file: CI turns it into annotations and a summary
    # (scripts/ci_report.py).
    warnings = BUILD / f"{builder}-warnings.txt"
    editions = languages if builder == "html" and only != "en" else []
    if only is not None and only != "en":
        editions = [only]
    # Each build checks every file in its own folder (partners_harden_site), so another
    # edition's pages must not be there while it runs: they join the site afterwards.
    for language in editions:
        shutil.rmtree(out / language, ignore_errors=True)
    if only in (None, "en"):
        session.run(
            "sphinx-build", *STRICT, "-w", str(warnings), "-b", builder, str(DOCS), str(out)
        )  # fmt: skip
    for language in editions:
        edition = BUILD / "editions" / language
        doctrees = BUILD / "editions" / f"{language}-doctrees"
        # Resized pictures are the same in every language: start from the English ones.
        pictures = out / ".doctrees" / "partners-images"
        if pictures.is_dir():
            shutil.copytree(pictures, doctrees / "partners-images", dirs_exist_ok=True)
        session.run(
            "sphinx-build", *STRICT, "-w", str(BUILD / f"html-{language}-warnings.txt"),
            "-b", "html", "-D", f"language={language}", "-d", str(doctrees),
            str(DOCS), str(edition),
        )  # fmt: skip
        shutil.copytree(edition, out / language, ignore=shutil.ignore_patterns(".buildinfo"))
        session.log(f"The {language} edition is built: open {out / language / 'index.html'}")
    if only in (None, "en"):  # (one other edition alone: its line above says where)
        session.log(f"The site is built: open {out / 'index.html'}")


def _nox_as_typed() -> str:
    """The nox command as the contributor typed it: ``.venv/bin/nox`` from the
    repository's folder (a nox elsewhere, by its full path)."""
    command = Path(sys.argv[0]).absolute()
    try:
        return command.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(command)


def _editions(session: nox.Session) -> list[str]:
    """The site's published languages other than English (site_languages in docs/conf.py)."""
    codes = session.run("python", "scripts/translations.py", "editions", silent=True)
    return str(codes).split()


@nox.session
def translations(session: nox.Session) -> None:
    """Bring every language's catalogs up to date with the English pages, then report.

    Only the report: ``nox -s translations -- status`` (``-- status --markdown`` for CI).
    Guide:
    docs/contributing/translate.md.
    """
    _install(session, "docs")
    if session.posargs:
        session.run("python", "scripts/translations.py", *session.posargs)
        return
    session.run("python", "scripts/translations.py", "update")
    session.run("python", "scripts/translations.py", "status")


@nox.session
def serve(session: nox.Session) -> None:
    """Preview the site at http://127.0.0.1:8000 while you edit: the page reloads on save.

    Stop it with Ctrl+C. Another port: ``nox -s serve -- --port 8001``. The Spanish
    edition, for translators: ``nox -s serve -- es``.
    """
    _guard_build_folder(session)
    _install(session, "docs")
    # The doctrees (and resized pictures) of the last preview are kept: the report
    # (partners_preview) remembers every page's problems between starts.
    given = session.posargs
    language = (
        given[0] if given and given[0][:1].isalpha() and given[0] in _editions(session) else None
    )
    given = given[1:] if language else given
    # Each edition in a folder of its own: switching would otherwise read every page again.
    out = BUILD / (f"serve-{language}" if language else "serve")
    edition = ("-D", f"language={language}") if language else ()
    # Only the defaults not given: the command nox prints shows the port that is used.
    defaults = [
        part
        for flag, value in zip(SERVE_OPTIONS[::2], SERVE_OPTIONS[1::2], strict=True)
        if not any(arg == flag or arg.startswith(f"{flag}=") for arg in given)
        for part in (flag, value)
    ]
    session.run(
        "python", "-m", "sphinx_partners.serve", *defaults,
        # The advice when the port is taken: this command, as the contributor types it.
        "--start-command", f"{_nox_as_typed()} -s serve -- {language or ''} --port {{port}}",
        # docs/conf.py's partners_preview_checks add the Markdown and photo checks to
        # each build's list of problems. The extension's code: a change there loads Sphinx again.
        "--watch", str(ROOT / "ext"),
        *edition, str(DOCS), str(out),
        *given,
    )  # fmt: skip


#: One worker per core; a module's tests stay on one worker, so each test root and each
#: site build of a module is built once. One more worker than cores was tried on the
#: 2-core machine: 4 min 51 s, 5 min 56 s and 6 min 37 s against 5 min 40 s, 5 min 46 s
#: and 5 min 58 s with two, no better on average; four workers, 5 min 42 s.
PARALLEL = ("-n", "auto", "--dist", "loadscope")


def _compile_our_code(session: nox.Session) -> None:
    """Compile the extension and the scripts to bytecode once, before the tests start
    a hundred Python processes that import them: where PYTHONDONTWRITEBYTECODE is set
    (containers, CI images) each compiled its 14,000 lines again, 0.25 s a process.
    Python still reads bytecode there; it only does not write it."""
    session.run("python", "-m", "compileall", "-q", "ext", "scripts", "docs/_ext", silent=True)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite (browser tests need Debian's chromium).

    One test file, in one process: ``nox -s tests -- tests/ext/test_cards.py -n 0``.
    """
    _install(session, "tests,themes")
    _compile_our_code(session)
    session.run("pytest", *PARALLEL, *session.posargs)


#: The compatibility matrix: (Python, dependency versions). "lowest" pins every direct
#: dependency to the lower bound pyproject.toml declares (scripts/lowest_requirements.py);
#: "newest" takes the newest releases pip finds for that Python. Left out, and why:
#: - lowest on 3.13: Pillow 10.3, our floor, has no wheels for 3.13 (11.0 is the first)
#:   and Sphinx 8.1 predates 3.13; users on 3.13 get newer releases anyway.
#: - 3.12: between the two ends, on the same releases as 3.13's newest.
COMPAT = [("3.11", "lowest"), ("3.11", "newest"), ("3.13", "newest")]


@nox.session
@nox.parametrize(
    ("python", "versions"), COMPAT, ids=[f"{python}-{versions}" for python, versions in COMPAT]
)
def compat(session: nox.Session, versions: str) -> None:
    """The suite without a browser (lint included), on the lowest or newest versions.

    One combination: ``nox -s "compat(3.11-lowest)"``.
    """
    if versions == "lowest":
        session.install("packaging")
        # The lint tools stay free: they judge our code, users never install them.
        pins = session.run(
            "python", "scripts/lowest_requirements.py", "tests", "--except", "lint", silent=True
        )
        constraints = Path(session.create_tmp()) / "lowest.txt"
        constraints.write_text(str(pins), encoding="utf-8")
        session.install("-c", str(constraints), "-e", ".[tests]")
    elif session.venv_backend == "uv":
        session.install("--upgrade", "-e", ".[tests]")  # uv's --upgrade: every package
    else:
        session.install("--upgrade", "--upgrade-strategy", "eager", "-e", ".[tests]")
    session.run(
        "python",
        "-c",
        "import sphinx, myst_parser, docutils, PIL; "
        "print('Sphinx', sphinx.__version__, '| MyST-Parser', myst_parser.__version__, "
        "'| docutils', docutils.__version__, '| Pillow', PIL.__version__)",
    )
    _compile_our_code(session)
    session.run("pytest", *PARALLEL, "-m", "not browser", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff for Python, mypy for the extension's types, the Markdown and the photos."""
    _install(session, "lint")
    for command in (*PYTHON_CHECKS, *SITE_CHECKS):
        session.run(*command)


@nox.session
def check(session: nox.Session) -> None:
    """The quick check before a pull request: every problem, in one list by line.

    The Python checks, then the strict build with the Markdown and photo checks beside
    it (scripts/quick_check.py): each step runs whatever the one before found. The build
    applies the page rules (descriptions, placeholders, quotes, fences, alt text), so
    this catches what CI's checks catch without a browser.
    """
    _guard_build_folder(session)
    _install(session, "docs,lint")
    first = [arg for command in PYTHON_CHECKS for arg in ("--first", " ".join(command))]
    session.run("python", "scripts/quick_check.py", *first)


@nox.session
def photos(session: nox.Session) -> None:
    """Get new photos ready for the public repository, and print the row to paste.

    In place: upright, at most 2,560 pixels, no hidden metadata (GPS position, camera,
    owner).

    ``nox -s photos`` works on every picture under ``docs/`` that needs it (the others
    are left alone); ``nox -s photos -- docs/_static/photos/visit`` on one folder or file.
    """
    _install(session, "docs")
    # Without a folder: every picture under docs/; with one, the row to paste is printed.
    session.run("python", "scripts/photos.py", "prepare", *session.posargs)


@nox.session
def partner(session: nox.Session) -> None:
    """Add a partner's card to the partners page, with its logo and a row of photos.

    ``nox -s partner`` asks for everything, each answer checked as the build checks it,
    then checks the site as ``check`` does and offers to commit the card on a branch of
    its own. ``nox -s partner -- "Full Name" path/to/logo.png --photos path/to/folder
    --story words``: the logo and photos are put in place and made ready, like the
    photos, and the card and its row are added at the end of the story whose title has
    those words (``--id`` a shorter id, ``--print`` to print the card instead,
    ``--no-questions`` to ask nothing and leave what only you know in capitals).
    """
    _install(session, "docs")  # its check guards docs/_build itself (quick_check.py)
    session.run("python", "scripts/new_partner.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks, an hour or more (for developers; not a test).

    Responsive images against sphinx-design, then every build side by side (stock furo,
    ours, the parse-only floor, Material for MkDocs; JPEG and PNG photos). Arguments go to
    the build benchmark: ``nox -s bench -- --pages 500``.
    """
    _install(session, "tests")
    session.install("mkdocs-material>=9.5")
    session.run("python", "benchmarks/images/bench_images.py")
    session.run("python", "benchmarks/build_speed.py", "--mkdocs", "python", *session.posargs)


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check external links (needs the network)."""
    _install(session, "docs")
    session.run("sphinx-build", "-b", "linkcheck", str(DOCS), str(BUILD / "linkcheck"))


#: Lighthouse from npm, pinned: scores move between releases.
LIGHTHOUSE_NPM = "lighthouse@12.8.2"


@nox.session
def lighthouse(session: nox.Session) -> None:
    """Lighthouse scores (mobile) of the main pages, with Debian's chromium; needs npm.

    Reports go to docs/_build/lighthouse/; fails below the site's targets (see
    scripts/lighthouse.py). Other pages: ``nox -s lighthouse -- about.html``.
    """
    _guard_build_folder(session)
    _install(session, "docs")
    npm_dir = ROOT / ".nox" / "lighthouse-npm"
    session.run(
        "npm",
        "install",
        "--prefix",
        str(npm_dir),
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        LIGHTHOUSE_NPM,
        external=True,
    )
    site = BUILD / "lighthouse" / "html"
    session.run("sphinx-build", *STRICT, "-q", "-b", "html", str(DOCS), str(site))
    session.run(
        "python",
        str(ROOT / "scripts" / "lighthouse.py"),
        str(site),
        *session.posargs,
        "--lighthouse",
        str(npm_dir / "node_modules" / ".bin" / "lighthouse"),
        "--out",
        str(BUILD / "lighthouse"),
    )
