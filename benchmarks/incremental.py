"""Incremental builds of a large site: one page's text edited, and one page added.

Usage: ``python benchmarks/incremental.py [--pages 1000] [--edits 5] [--workdir DIR]``.

Generates the build benchmark's site (``sitegen.py``, "ours"), builds it once, then
measures, each the median of ``--edits`` runs:

- **edit, sphinx-build**: one page's text changed, then ``sphinx-build -b html`` again
  (a new process, as CI or ``nox -s docs`` would run it);
- **edit, preview worker**: the same edit built by the live preview's worker
  (``sphinx_partners.serve``), which keeps Sphinx imported between builds;
- **add a page** (once): a new page in the first section's toctree, so every page's
  navigation changes and every page is written again (``sphinx-build``).

Wall time and the child's CPU time are reported. It is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sitegen

from sphinx_partners.serve import BuildWorker, Settings


def _sphinx_build(src: Path, out: Path) -> tuple[float, float]:
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"sphinx-build failed on {src}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def _edit(page: Path, number: int) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(f"{text}\nAn edited sentence, number {number}.\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        src, out = work / "site", work / "out"
        names = sitegen.write_site(src, args.pages, "ours")
        page = src / f"{names[len(names) // 2]}.md"
        first = _sphinx_build(src, out)
        print(f"{args.pages} pages, first build: {first[0]:.1f} s wall, {first[1]:.1f} s CPU")

        by_process = []
        for number in range(args.edits):
            _edit(page, number)
            by_process.append(_sphinx_build(src, out))
        sitegen.add_page(src, "ours")
        added = [_sphinx_build(src, out)]
        # The worker builds with the preview's settings (nitpicky, the report): its
        # first build reads every page again, like any change of settings.
        worker = BuildWorker(Settings(src.resolve(), out.resolve()))
        try:
            worker.build()  # starting the worker, and the first build with its settings
            by_worker = []
            for number in range(args.edits):
                _edit(page, 100 + number)
                start = time.perf_counter()
                worker.build()
                by_worker.append(time.perf_counter() - start)
        finally:
            worker.stop()

    def median(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s"

    print("| Case | Wall (median) | CPU (median) |")
    print("|---|---:|---:|")
    print(
        f"| edit one page, sphinx-build | {median([w for w, _ in by_process])} | "
        f"{median([c for _, c in by_process])} |"
    )
    print(f"| edit one page, preview worker | {median(by_worker)} | |")
    print(
        f"| add a page (every page written), sphinx-build | {median([w for w, _ in added])} | "
        f"{median([c for _, c in added])} |"
    )


if __name__ == "__main__":
    main()
