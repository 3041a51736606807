"""The live preview that keeps Sphinx loaded (``python -m sphinx_partners.serve``).

Its promise has two halves: a save shows in the browser quickly, because one worker
process keeps its Sphinx application between builds; and what it shows is what a new
``sphinx-build`` would have written, problems included. The second half is checked here
by building the same edits both ways and comparing every page.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import watchfiles
from websockets.sync.client import connect

from conftest import (
    PROBLEM_SITE,
    free_port,
    parse_html,
    sphinx_build,
    wait_until,
    write_project,
)
from sphinx_partners.serve import BuildWorker, Settings, Watcher, parse_arguments

CONF = (
    'extensions = ["myst_parser", "sphinx_partners"]\n'
    'myst_enable_extensions = ["colon_fence"]\n'
    'html_theme = "furo"\n'
    'project = "Serve test"\n'
)
INDEX, BAD, GOOD = (PROBLEM_SITE[name] for name in ("index.md", "bad.md", "good.md"))
PREVIEW_SETTINGS = {"partners_preview": "1"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "src", CONF, PROBLEM_SITE)


@pytest.fixture
def same_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both builds stamp the same date, so that their pages can be compared byte for byte.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture
def worker(project: Path, same_dates: None) -> Iterator[BuildWorker]:
    builds = BuildWorker(Settings(project, project.parent / "preview", PREVIEW_SETTINGS))
    yield builds
    builds.stop()


# -- what counts as a change -------------------------------------------------------------


def test_changes_that_rebuild_and_those_that_do_not(tmp_path: Path) -> None:
    # A site kept under a folder that is ignored inside a site (a test's ``.nox``).
    source = tmp_path / ".nox" / "site"
    settings = Settings(source, source / "_build" / "serve")
    watcher = Watcher(settings, [tmp_path / "ext"])
    added = watchfiles.Change.modified

    def wanted(path: Path) -> bool:
        return watcher.wanted(added, str(path))

    assert wanted(source / "index.md")
    assert wanted(source / "images" / "photo.jpg")
    assert wanted(tmp_path / "ext" / "cards.py")
    assert not wanted(source / "_build" / "serve" / "index.html")  # its own output
    assert not wanted(source / "_build" / "html" / "index.html")  # nox -s docs's
    assert not wanted(source / ".git" / "index")
    assert not wanted(source / "__pycache__" / "conf.cpython-311.pyc")
    assert not wanted(source / ".index.md.swp")  # an editor's swap file


def test_code_settings_and_translations_load_sphinx_again(tmp_path: Path) -> None:
    source = tmp_path / "docs"
    watcher = Watcher(Settings(source, tmp_path / "out"), [tmp_path / "ext"])
    for path in ("conf.py", "_ext/languages.py", "locales/es/LC_MESSAGES/index.po", "_ext/A.PY"):
        assert watcher.needs_new_worker([source / path]), path
    assert watcher.needs_new_worker([tmp_path / "ext" / "static" / "partners.css"])
    assert not watcher.needs_new_worker([source / "index.md", source / "images" / "a.png"])


def test_translations_written_again_unchanged_do_not_load_sphinx_again(tmp_path: Path) -> None:
    """``nox -s docs`` compiles the catalogs again, to the same bytes: no change."""
    source = tmp_path / "docs"
    catalog = source / "locales" / "es" / "LC_MESSAGES" / "index.mo"
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(b"compiled catalog")
    (source / "conf.py").write_text("project = 'P'\n", encoding="utf-8")
    watcher = Watcher(Settings(source, tmp_path / "out"), [])
    catalog.write_bytes(b"compiled catalog")
    assert not watcher.needs_new_worker([catalog])
    catalog.write_bytes(b"a new translation")
    assert watcher.needs_new_worker([catalog])
    assert not watcher.needs_new_worker([catalog])  # the new Sphinx has loaded it
    (source / "conf.py").write_text("project = 'Q'\n", encoding="utf-8")
    assert watcher.needs_new_worker([source / "conf.py"])
    catalog.unlink()
    assert watcher.needs_new_worker([catalog])


def test_a_temporary_file_written_and_gone_is_not_shown(tmp_path: Path) -> None:
    """``sed -i`` and the photo tool write a file beside the real one and rename it."""
    page, temporary = tmp_path / "index.md", tmp_path / "sed3kz1Fu"
    page.write_text("# Page\n", encoding="utf-8")
    gone = tmp_path / "old-page.md"  # deleted by the author: still a change
    change = watchfiles.Change
    changes = {
        (change.added, str(temporary)),
        (change.modified, str(temporary)),
        (change.deleted, str(temporary)),
        (change.modified, str(page)),
        (change.deleted, str(gone)),
    }
    assert Watcher.lasting(changes) == [page, gone]
    assert Watcher.lasting({(change.added, str(temporary)), (change.deleted, str(temporary))}) == []


def test_settings_are_given_as_sphinx_build_gives_them() -> None:
    arguments = parse_arguments(["-D", "language=es", "-D", "a=b=c", "docs", "out"])
    assert arguments.overrides == [("language", "es"), ("a", "b=c")]
    with pytest.raises(SystemExit):
        parse_arguments(["-D", "language", "docs", "out"])


# -- the worker builds what sphinx-build builds ----------------------------------------


def _pages(outdir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*.html"))
    }


def _summaries(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("sphinx-partners preview")]


@pytest.mark.slow
def test_each_build_gives_the_pages_a_new_sphinx_build_gives(
    worker: BuildWorker, project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert worker.build()
    process = worker.process
    # Edits of every kind: a page's text, a new page in the navigation, a mistake fixed.
    (project / "good.md").write_text(GOOD + "\nMore words.\n", encoding="utf-8")
    assert worker.build()
    (project / "new.md").write_text("# New page\n\nNew.\n", encoding="utf-8")
    (project / "index.md").write_text(INDEX.replace("good\n", "good\nnew\n"), encoding="utf-8")
    assert worker.build()
    assert worker.process is process  # one application did every build

    fresh = project.parent / "fresh"
    sphinx_build(project, fresh, "-n", "-D", "partners_preview=1")
    preview, clean = _pages(project.parent / "preview"), _pages(fresh)
    assert preview.keys() == clean.keys()
    for page, text in clean.items():
        assert preview[page] == text, page
    # Every page's sidebar lists the new page, as in a clean build.
    links = parse_html(project.parent / "preview" / "bad.html").select(".sidebar-tree a")
    assert "New page" in [link.get_text() for link in links]


@pytest.mark.slow
def test_a_problem_is_listed_once_after_every_build_until_fixed(
    worker: BuildWorker, project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert worker.build()
    first = capfd.readouterr().err
    assert _summaries(first) == ["sphinx-partners preview: 1 problem in the site:"], first
    # Another page changes: the bad page is not read again, its problem stays listed,
    # once (a report started inside a build must not count a warning twice).
    (project / "good.md").write_text(GOOD + "\nMore.\n", encoding="utf-8")
    assert worker.build()
    second = capfd.readouterr().err
    assert _summaries(second) == ["sphinx-partners preview: 1 problem in the site:"], second
    assert len([line for line in second.splitlines() if "bad.md:7:" in line]) == 1, second
    panel = parse_html(project.parent / "preview" / "bad.html").select_one(
        "aside.partners-preview-panel"
    )
    assert panel is not None and "Line 7:" in panel.get_text()

    (project / "bad.md").write_text(BAD.replace("spaceship", "district"), encoding="utf-8")
    assert worker.build()
    assert _summaries(capfd.readouterr().err) == [
        "sphinx-partners preview: no problems in the site."
    ]


@pytest.mark.slow
def test_a_broken_conf_is_reported_and_the_next_save_builds_again(
    worker: BuildWorker, project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert worker.build()
    worker.stop()  # as the server does when conf.py changes
    (project / "conf.py").write_text(CONF + "html_theme_options = {\n", encoding="utf-8")
    assert not worker.build()
    err = capfd.readouterr().err
    assert "[preview] The build stopped:" in err and "conf.py" in err, err
    assert "Fix it and save" in err
    (project / "conf.py").write_text(CONF.replace("Serve test", "Renamed"), encoding="utf-8")
    assert worker.build()
    assert "Renamed" in (project.parent / "preview" / "good.html").read_text(encoding="utf-8")


# -- the server --------------------------------------------------------------------------


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_the_server_reloads_the_page_after_a_save(project: Path, tmp_path: Path) -> None:
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "sphinx_partners.serve", "--port", str(port),
             str(project), str(tmp_path / "out")],
            stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )  # fmt: skip
        try:

            def log_says(text: str, times: int = 1) -> bool:
                return log_path.read_text(encoding="utf-8").count(text) >= times

            assert wait_until(lambda: log_says("Open http://"), 120, process), log_path.read_text()
            assert wait_until(lambda: _listening(port), 30, process), log_path.read_text()
            with connect(f"ws://127.0.0.1:{port}/websocket-reload", open_timeout=30) as browser:
                time.sleep(0.5)  # the watcher starts with the server
                (project / "good.md").write_text(GOOD + "\nSaved while served.\n")
                assert browser.recv(timeout=60) == "refresh"
            page = (tmp_path / "out" / "good.html").read_text(encoding="utf-8")
            assert "Saved while served." in page
            # The problem of a page not touched is still in the terminal's summary.
            assert log_says("sphinx-partners preview: 1 problem in the site:", 2)
            assert log_says("[preview] Changed: good.md")
            # conf.py changes: Sphinx is loaded again and the new setting shows.
            (project / "conf.py").write_text(CONF.replace("Serve test", "Renamed"))
            assert wait_until(lambda: log_says("Built in", 3), 120, process), log_path.read_text()
            assert log_says("loading Sphinx again")
            assert "Renamed" in (tmp_path / "out" / "good.html").read_text(encoding="utf-8")
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    output = log_path.read_text(encoding="utf-8")
    assert "Traceback" not in output, output
    assert "Running Sphinx" not in output and "MdParserConfig" not in output  # quiet


@pytest.mark.slow
def test_a_port_in_use_is_named_with_the_way_out(project: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sphinx_partners.serve", "--port", str(port),
             str(project), str(tmp_path / "out")],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        again = subprocess.run(
            [sys.executable, "-m", "sphinx_partners.serve", "--port", str(port),
             "--start-command", ".venv/bin/nox -s serve -- --port {port}",
             str(project), str(tmp_path / "out")],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert f"Nothing can be served at 127.0.0.1:{port}" in result.stderr, result.stderr
    assert f"choose another port: --port {port + 1}" in result.stderr
    # Started by nox, the whole command (a newcomer typed "--port" alone to nox, which
    # refused it).
    assert f"choose another port: .venv/bin/nox -s serve -- --port {port + 1}" in again.stderr
    assert "Open http://" not in result.stderr  # never an address that does not answer
    assert "Traceback" not in result.stderr


def _within(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_the_preview_stops_when_the_command_that_started_it_is_killed(
    project: Path, tmp_path: Path
) -> None:
    """Ctrl+C stops the whole process group; a ``kill`` of nox alone left the server,
    its build worker and the port behind (a tester found five such previews)."""
    port = free_port()
    log_path = tmp_path / "serve.log"
    launcher = (  # as nox: starts the preview and waits for it
        "import subprocess, sys\n"
        f"child = subprocess.Popen([sys.executable, '-m', 'sphinx_partners.serve', '--port',"
        f" '{port}', {str(project)!r}, {str(tmp_path / 'out')!r}])\n"
        "print(child.pid, flush=True)\n"
        "child.wait()\n"
    )
    with log_path.open("w") as log:
        parent = subprocess.Popen(
            [sys.executable, "-c", launcher], stdout=subprocess.PIPE, stderr=log, text=True,
            start_new_session=True,
        )  # fmt: skip
        try:
            assert parent.stdout is not None
            server = int(parent.stdout.readline())
            assert wait_until(lambda: _listening(port), 120, parent), log_path.read_text()
            parent.kill()  # nox gone, without a word to its children
            parent.wait(timeout=30)
            assert _within(lambda: not _alive(server), 30), log_path.read_text()
            assert _within(lambda: not _listening(port), 10)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(parent.pid, signal.SIGKILL)
            if parent.stdout is not None:
                parent.stdout.close()
    assert "the preview has stopped" in log_path.read_text(encoding="utf-8")
