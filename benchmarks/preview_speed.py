"""How fast the live preview shows an edit: ours (``nox -s serve``) beside ``mkdocs serve``.

Copies ``docs/`` to a temporary folder, starts the preview on it exactly as
``nox -s serve`` does (sphinx-autobuild with the noxfile's SERVE_OPTIONS), and measures:

- **first start**: from starting the server until the home page is served, with the
  picture cache warm (a first build fills it, as a contributor's earlier preview did);
- **save → page**: from writing a changed page until the server returns the page with
  the change (the browser reloads at that moment), over ``--edits`` edits; the median
  is reported.

With ``--mkdocs``, the same pages are served by Material for MkDocs (installed with
``pip install mkdocs-material``): the Markdown is the same files, so the content volume
matches, although MkDocs shows MyST's directives as text. It is a benchmark, not a
test: nothing fails on a number. Run it on an idle machine::

    python benchmarks/preview_speed.py --edits 10 --mkdocs
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


def _measure(command: list[str], url: str, page: Path, edits: int) -> tuple[float, list[float]]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait(lambda: _fetch(url) is not None, 300, 0.05)
        first_start = time.perf_counter() - start
        time.sleep(2)  # let the watcher settle after the first build
        original = page.read_text(encoding="utf-8")
        times = []
        for number in range(edits):
            marker = f"Edited for the benchmark, number {number} of {edits}."
            page.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            times.append(_wait(lambda marker=marker: marker in (_fetch(url) or ""), 120))
            time.sleep(1)  # an author does not save ten times a second
        page.write_text(original, encoding="utf-8")
        return first_start, times
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def ours(workdir: Path, edits: int) -> tuple[float, list[float]]:
    source = workdir / "docs"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build"))
    out = workdir / "serve"
    # Warm the picture cache as a contributor's earlier preview did.
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    port = _free_port()
    options = _serve_options()
    options[options.index("--port") + 1] = str(port)
    command = [sys.executable, "-m", "sphinx_autobuild", *options, str(source), str(out)]
    url = f"http://127.0.0.1:{port}/{EDITED.replace('.md', '.html')}"
    return _measure(command, url, source / EDITED, edits)


def mkdocs(workdir: Path, edits: int) -> tuple[float, list[float]]:
    site = workdir / "mkdocs"
    shutil.copytree(DOCS, site / "docs", ignore=shutil.ignore_patterns("_build", "conf.py"))
    (site / "mkdocs.yml").write_text(
        "site_name: School partnerships\ntheme:\n  name: material\n", encoding="utf-8"
    )
    port = _free_port()
    command = [
        sys.executable, "-m", "mkdocs", "serve", "-q",
        "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}/{EDITED.replace('index.md', '')}"
    return _measure(command, url, site / "docs" / EDITED, edits)


def _report(name: str, first_start: float, times: list[float]) -> str:
    return (
        f"| {name} | {first_start:.1f} s | {statistics.median(times):.2f} s | "
        f"{min(times):.2f} to {max(times):.2f} s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--mkdocs", action="store_true", help="also measure mkdocs serve")
    args = parser.parse_args()
    rows = ["| Preview | First start | Save → page (median) | Range |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        first, times = ours(Path(tmp), args.edits)
        rows.append(_report("sphinx-autobuild (nox -s serve)", first, times))
        if args.mkdocs:
            first_mk, times_mk = mkdocs(Path(tmp), args.edits)
            rows.append(_report("mkdocs serve (Material)", first_mk, times_mk))
            ratio = statistics.median(times) / statistics.median(times_mk)
            rows.append(f"\nSave → page, ours / MkDocs: {ratio:.2f} times")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
