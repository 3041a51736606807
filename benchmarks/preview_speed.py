"""How fast the live preview shows an edit: ours (``nox -s serve``) beside ``mkdocs serve``.

Copies ``docs/`` to a temporary folder, starts the preview on it exactly as
``nox -s serve`` does (``python -m sphinx_partners.serve`` with the noxfile's
SERVE_OPTIONS), and measures:

- **first start**: from starting the server until the home page is served, with the
  picture cache warm (a first build fills it, as a contributor's earlier preview did);
- **save → page**: from writing a changed page until the server returns the page with
  the change (the browser reloads at that moment), over ``--edits`` edits; the median
  is reported.

For ours, the time until the browser is told to reload (the server's websocket message)
is recorded too: the page is rewritten before that message, so both times agree.

With ``--autobuild``, the same is measured for sphinx-autobuild with the same settings
(the preview before this one: a new Python process for every build). With
``--mkdocs PYTHON``, the same pages are served by Material for MkDocs, run by that
Python (a virtual environment with ``pip install mkdocs-material``): the Markdown is the
same files, so the content volume matches, although MkDocs shows MyST's directives as
text. It is a benchmark, not a test: nothing fails on a number. Run it on an idle
machine::

    python benchmarks/preview_speed.py --edits 10 --autobuild --mkdocs /tmp/mk/bin/python
"""

from __future__ import annotations

import argparse
import ast
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: The page edited: a real page of the site, in a folder, with cards on it.
EDITED = "partners/index.md"


def _serve_options() -> list[str]:
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "SERVE_OPTIONS" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise SystemExit("noxfile.py has no SERVE_OPTIONS")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException):  # not up yet, or mid-write
        return None


def _wait(condition: Callable[[], bool], timeout: float, step: float = 0.01) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if condition():
            return time.perf_counter() - start
        time.sleep(step)
    raise TimeoutError(f"nothing after {timeout} s")


def _measure(
    command: list[str], url: str, page: Path, edits: int, reload_socket: str | None = None
) -> tuple[float, list[float], list[float]]:
    """First start, then per edit: save → changed page, and save → reload message."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait(lambda: _fetch(url) is not None, 300, 0.05)
        first_start = time.perf_counter() - start
        reloads = _ReloadListener(reload_socket) if reload_socket else None
        time.sleep(2)  # let the watcher settle after the first build
        original = page.read_text(encoding="utf-8")
        times, reload_times = [], []
        for number in range(edits):
            marker = f"Edited for the benchmark, number {number} of {edits}."
            if reloads:
                reloads.clear()
            saved = time.perf_counter()
            page.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            times.append(_wait(lambda marker=marker: marker in (_fetch(url) or ""), 120))
            if reloads:
                reload_times.append(reloads.wait() - saved)
            time.sleep(1)  # an author does not save ten times a second
        page.write_text(original, encoding="utf-8")
        return first_start, times, reload_times
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


class _ReloadListener:
    """What a browser tab does: listens on the reload websocket, notes when told."""

    def __init__(self, address: str) -> None:
        from websockets.sync.client import connect

        self.socket = connect(address, open_timeout=30)
        self.received = threading.Event()
        self.at = 0.0
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            for _ in self.socket:
                self.at = time.perf_counter()
                self.received.set()
        except ConnectionClosed:  # the server stopped at the end of the run
            pass

    def clear(self) -> None:
        self.received.clear()

    def wait(self) -> float:
        if not self.received.wait(120):
            raise TimeoutError("no reload message")
        return self.at


def _copy_and_warm(workdir: Path) -> tuple[Path, Path]:
    source = workdir / "docs"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build"))
    # The checks docs/conf.py runs beside each preview build (partners_preview_checks).
    shutil.rmtree(workdir / "scripts", ignore_errors=True)
    shutil.copytree(ROOT / "scripts", workdir / "scripts")
    out = workdir / "serve"
    shutil.rmtree(out, ignore_errors=True)
    # Warm the picture cache as a contributor's earlier preview did.
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return source, out


def ours(workdir: Path, edits: int) -> tuple[float, list[float], list[float]]:
    source, out = _copy_and_warm(workdir)
    port = _free_port()
    options = _serve_options()
    options[options.index("--port") + 1] = str(port)
    command = [sys.executable, "-m", "sphinx_partners.serve", *options, str(source), str(out)]
    url = f"http://127.0.0.1:{port}/{EDITED.replace('.md', '.html')}"
    socket_address = f"ws://127.0.0.1:{port}/websocket-reload"
    return _measure(command, url, source / EDITED, edits, socket_address)


def autobuild(workdir: Path, edits: int) -> tuple[float, list[float], list[float]]:
    """The same preview through sphinx-autobuild: a new process for every build."""
    source, out = _copy_and_warm(workdir)
    port = _free_port()
    command = [
        sys.executable, "-m", "sphinx_autobuild", "--host", "127.0.0.1", "--port", str(port),
        "-n", "-Q", "-D", "partners_preview=1", str(source), str(out),
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}/{EDITED.replace('.md', '.html')}"
    socket_address = f"ws://127.0.0.1:{port}/websocket-reload"
    return _measure(command, url, source / EDITED, edits, socket_address)


def mkdocs(workdir: Path, edits: int, python: str) -> tuple[float, list[float], list[float]]:
    site = workdir / "mkdocs"
    shutil.copytree(DOCS, site / "docs", ignore=shutil.ignore_patterns("_build", "conf.py"))
    (site / "mkdocs.yml").write_text(
        "site_name: School partnerships\ntheme:\n  name: material\n", encoding="utf-8"
    )
    port = _free_port()
    command = [
        python, "-m", "mkdocs", "serve", "-q",
        "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}/{EDITED.replace('index.md', '')}"
    return _measure(command, url, site / "docs" / EDITED, edits)


def _report(name: str, first_start: float, times: list[float], reloads: list[float]) -> str:
    reload = f"{statistics.median(reloads):.2f} s" if reloads else "(not measured)"
    return (
        f"| {name} | {first_start:.1f} s | {statistics.median(times):.2f} s | "
        f"{min(times):.2f} to {max(times):.2f} s | {reload} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--autobuild", action="store_true", help="also measure sphinx-autobuild")
    parser.add_argument(
        "--mkdocs", metavar="PYTHON", help="also measure mkdocs serve, run by this Python"
    )
    args = parser.parse_args()
    rows = [
        "| Preview | First start | Save → page (median) | Range | Save → reload message |",
        "|---|---|---|---|---|",
    ]
    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, Callable[[], tuple[float, list[float], list[float]]]]] = [
            ("ours (nox -s serve)", lambda: ours(Path(tmp), args.edits))
        ]
        if args.autobuild:
            cases.append(("sphinx-autobuild", lambda: autobuild(Path(tmp), args.edits)))
        if args.mkdocs:
            python = args.mkdocs
            cases.append(("mkdocs serve (Material)", lambda: mkdocs(Path(tmp), args.edits, python)))
        for name, run in cases:
            first, times, reloads = run()
            medians[name] = statistics.median(times)
            rows.append(_report(name, first, times, reloads))
    ours_median = medians.pop("ours (nox -s serve)")
    for name, median in medians.items():
        rows.append(f"\nSave → page, ours / {name}: {ours_median / median:.2f} times")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
