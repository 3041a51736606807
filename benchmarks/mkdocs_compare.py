"""Our full build beside the parse-only floor and Material for MkDocs, in one run.

    python -m venv /tmp/mk && /tmp/mk/bin/pip install mkdocs-material
    python benchmarks/mkdocs_compare.py --pages 500 1000 --runs 3 --mkdocs /tmp/mk/bin/python

``sitegen.py`` writes the same pages twice: with our directives (six partner cards with
logos and a three-photo grid a page) and for Material for MkDocs (its grid cards and a
grid of the same pictures; MkDocs publishes pictures as they are, it makes no sizes).
After one build fills our image cache, each run builds, in turn:

- **parse only**: ``sphinx-build -b dummy`` from empty folders (reading, no writing);
- **ours**: ``sphinx-build -E -b html`` into an empty output folder, image cache warm;
- **ours, -j 2**: the same on both cores;
- **MkDocs**: ``mkdocs build`` into an empty folder.

Each is a child process measured alone (``os.wait4``): wall time, CPU time of it and the
processes it waited for, peak resident memory. Medians of ``--runs``. Nothing fails on a
number: the benchmark is the record (``benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sitegen

CASES = ("parse only", "ours", "ours, -j 2", "MkDocs")


def run(command: list[str], log: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of *command*, run alone."""
    start = time.perf_counter()
    with log.open("a", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:4]} failed; see {log}")
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(pages: int, runs: int, mkdocs_python: str, work: Path) -> dict[str, list]:
    ours, mkdocs = work / f"ours-{pages}", work / f"mkdocs-{pages}"
    for path in (ours, mkdocs):
        shutil.rmtree(path, ignore_errors=True)
    sitegen.write_site(ours, pages, "ours")
    sitegen.write_site(mkdocs, pages, "mkdocs")
    log = work / f"build-{pages}.log"
    sphinx = [sys.executable, "-m", "sphinx", "--quiet"]
    doctrees = work / f"doctrees-{pages}"
    html = work / f"html-{pages}"
    shutil.rmtree(doctrees, ignore_errors=True)
    # Fill the image cache (kept in the doctree folder) once.
    run([*sphinx, "-b", "html", "-d", str(doctrees), str(ours), str(html)], log)
    results: dict[str, list] = {case: [] for case in CASES}
    for _ in range(runs):
        floor = work / "floor"
        shutil.rmtree(floor, ignore_errors=True)
        results["parse only"].append(
            run(
                [*sphinx, "-b", "dummy", "-d", str(floor / "dt"), str(ours), str(floor / "out")],
                log,
            )
        )
        for case, jobs in (("ours", []), ("ours, -j 2", ["-j", "2"])):
            shutil.rmtree(html, ignore_errors=True)
            command = [
                *sphinx,
                "-E",
                *jobs,
                "-b",
                "html",
                "-d",
                str(doctrees),
                str(ours),
                str(html),
            ]
            results[case].append(run(command, log))
        site = work / "mkdocs-site"
        shutil.rmtree(site, ignore_errors=True)
        config = str(mkdocs / "mkdocs.yml")
        command = [mkdocs_python, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)]
        results["MkDocs"].append(run(command, log))
    return results


def report(pages: int, results: dict[str, list]) -> str:
    def median(case: str, index: int) -> float:
        return statistics.median(m[index] for m in results[case])

    lines = [
        f"{pages} pages (median of {len(results['ours'])} runs):",
        "",
        "| case | wall | CPU | peak memory |",
        "|---|---:|---:|---:|",
    ]
    for case in CASES:
        lines.append(
            f"| {case} | {median(case, 0):.1f} s | {median(case, 1):.1f} s "
            f"| {max(m[2] for m in results[case]):.0f} MiB |"
        )

    def paired(case: str, other: str) -> float:
        # Builds of one round run minutes apart, not hours: their ratio is steadier on a
        # machine whose speed drifts than the ratio of medians taken over every round.
        return statistics.median(
            mine[0] / theirs[0] for mine, theirs in zip(results[case], results[other], strict=True)
        )

    ours, floor, mkdocs = median("ours", 0), median("parse only", 0), median("MkDocs", 0)
    lines += [
        "",
        f"ours / parse only: {ours / floor:.2f} (wall), "
        f"{median('ours', 1) / median('parse only', 1):.2f} (CPU), "
        f"{paired('ours', 'parse only'):.2f} (median of each round's ratio)",
        f"ours / MkDocs: {ours / mkdocs:.2f} (wall), "
        f"{paired('ours', 'MkDocs'):.2f} (each round's); "
        f"with -j 2: {median('ours, -j 2', 0) / mkdocs:.2f}",
        f"-j 2 / serial: {median('ours, -j 2', 0) / ours:.2f} (wall)",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--mkdocs", required=True, metavar="PYTHON", help="a Python with mkdocs-material"
    )
    parser.add_argument("--workdir", type=Path)
    options = parser.parse_args()
    work = options.workdir or Path(tempfile.mkdtemp(prefix="partners-mkdocs-"))
    for pages in options.pages:
        print(report(pages, measure(pages, options.runs, options.mkdocs, work)), flush=True)
        print(flush=True)
    if not options.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
