"""Tasks for contributors: ``nox -s docs`` builds the site, ``nox -s tests`` tests it.

Run ``nox -l`` for the menu. Plain ``nox`` runs the quick checks (lint, docs).
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["lint", "docs"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
STRICT = ["-W", "--keep-going", "-n"]


def _install(session: nox.Session, extras: str) -> None:
    session.install("-e", f".[{extras}]")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site strictly (warnings are errors) into docs/_build/html."""
    _install(session, "docs")
    builder = session.posargs[0] if session.posargs else "html"
    out = BUILD / builder
    session.run("sphinx-build", *STRICT, "-b", builder, str(DOCS), str(out))
    session.log(f"The site is built: open {out / 'index.html'}")


@nox.session
def serve(session: nox.Session) -> None:
    """Preview the site while you edit: the browser reloads after each save."""
    _install(session, "docs")
    session.run(
        "sphinx-autobuild",
        "--host", "127.0.0.1",
        "--port", "8000",
        "--watch", str(ROOT / "ext"),
        str(DOCS),
        str(BUILD / "serve"),
        *session.posargs,
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite (browser tests need Debian's chromium)."""
    _install(session, "tests")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff for style and mistakes, mypy for the extension's types."""
    _install(session, "dev")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check external links (needs the network)."""
    _install(session, "docs")
    session.run("sphinx-build", "-b", "linkcheck", str(DOCS), str(BUILD / "linkcheck"))
