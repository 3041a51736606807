"""Every build benchmark side by side: stock furo + sphinx-design, ours, the parse-only
floor and Material for MkDocs, on generated sites with JPEG and with PNG photos.

    python -m venv /tmp/mk && /tmp/mk/bin/pip install mkdocs-material
    python benchmarks/build_speed.py --pages 500 1000 --runs 3 --mkdocs /tmp/mk/bin/python
    nox -s bench     # the image benchmark, then this with MkDocs installed for it

Each ``--photos`` format (default: ``jpeg`` and ``png``) is a site of its own. Every
build is a child process measured alone, and starts from empty output and doctree
folders, except where a case says otherwise. Per site it reports the median wall time
of ``--runs`` builds, their CPU time (steadier than wall time on a shared machine), the
peak resident memory of the build's processes, the parse-only floor (``-b dummy``), our
image work (a clean build minus one whose image cache is warm), our build with the
cache warm on two cores (``-j 2``), MkDocs building the same content (with
``--mkdocs``), and one incremental case: add a page to a built site and build again.
Nothing fails on a number: ``benchmarks/README.md`` keeps the record.
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
from dataclasses import dataclass, field
from pathlib import Path

import sitegen

STOCK_SINGLE_RUN_ABOVE = 200  # stock furo is quadratic: above this size, build it once
FALLBACK_MESSAGE = "fast navigation is off"


@dataclass(frozen=True)
class Measure:
    wall: float  # seconds
    cpu: float  # user + system seconds of the build and every process it waited for
    peak_mib: float  # largest resident set of any of those processes
    load: float  # the machine's 1-minute load average when the build ended


@dataclass
class Case:
    runs: list[Measure] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(m.wall for m in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(m.cpu for m in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(m.peak_mib for m in self.runs)


def sphinx_build(args: list[str], log: Path) -> Measure:
    """Run sphinx-build in a child process and measure that child alone."""
    return measured([sys.executable, "-m", "sphinx", "--quiet", *args], log)


def mkdocs_build(python: str, site: Path, build: Path, log: Path) -> Measure:
    """``mkdocs build`` of *site* into an empty folder, measured like a Sphinx build."""
    shutil.rmtree(build, ignore_errors=True)
    config = str(site / "mkdocs.yml")
    return measured([python, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(build)], log)


def measured(command: list[str], log: Path) -> Measure:
    """Run *command* in a child process and measure that child alone."""
    start = time.perf_counter()
    with log.open("a", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        # wait4 gives this child's own usage, where getrusage(RUSAGE_CHILDREN) would
        # keep the largest memory of every build so far.
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[2]} failed ({process.returncode}); see {log}")
    cpu = usage.ru_utime + usage.ru_stime
    return Measure(wall, cpu, usage.ru_maxrss / 1024, os.getloadavg()[0])


def clean_build(src: Path, builder: str, build: Path, log: Path) -> Measure:
    shutil.rmtree(build, ignore_errors=True)
    return sphinx_build(["-b", builder, str(src), str(build / "out"), "-d", str(build / "dt")], log)


@dataclass
class SizeResult:
    pages: int
    photos: str
    stock: Case = field(default_factory=Case)
    ours: Case = field(default_factory=Case)
    ours_warm_images: Case = field(default_factory=Case)
    ours_parallel: Case = field(default_factory=Case)  # -j 2, image cache warm
    mkdocs: Case = field(default_factory=Case)
    floor: Case = field(default_factory=Case)
    incremental_ours: Case = field(default_factory=Case)
    incremental_stock: Case = field(default_factory=Case)

    @property
    def loads(self) -> list[float]:
        cases = (self.stock, self.ours, self.ours_warm_images, self.floor)
        return [m.load for case in cases for m in case.runs]

    @property
    def image_work(self) -> float:
        return max(self.ours.wall - self.ours_warm_images.wall, 0.0)


def measure_size(
    pages: int, photos: str, runs: int, stock_runs: int, work: Path, mkdocs: str | None
) -> SizeResult:
    result = SizeResult(pages, photos)
    root = work / f"{pages}-{photos}"
    shutil.rmtree(root, ignore_errors=True)
    flavours = ("ours", "stock", "mkdocs") if mkdocs else ("ours", "stock")
    sites = {flavour: root / flavour for flavour in flavours}
    for flavour, src in sites.items():
        sitegen.write_site(src, pages, flavour, photos)
    log = root / "build.log"
    ours, stock = sites["ours"], sites["stock"]

    # Interleaved, so that a busy spell on a shared machine slows both alike.
    for run in range(max(runs, stock_runs)):
        if run < runs:
            result.floor.runs.append(clean_build(ours, "dummy", root / "b-floor", log))
            result.ours.runs.append(clean_build(ours, "html", root / "b-ours", log))
            # The same clean build, but the image cache (in the doctree folder) is warm.
            build = root / "b-ours"
            shutil.rmtree(build / "out")
            args = ["-E", "-b", "html", str(ours), str(build / "out"), "-d", str(build / "dt")]
            result.ours_warm_images.runs.append(sphinx_build(args, log))
            shutil.rmtree(build / "out")
            result.ours_parallel.runs.append(sphinx_build(["-j", "2", *args], log))
            if mkdocs:
                result.mkdocs.runs.append(mkdocs_build(mkdocs, sites["mkdocs"], root / "b-mk", log))
        if run < stock_runs:
            result.stock.runs.append(clean_build(stock, "html", root / "b-stock", log))

    for flavour, case in (("ours", result.incremental_ours), ("stock", result.incremental_stock)):
        build = root / f"b-{flavour}"
        sitegen.add_page(sites[flavour], flavour, photos)
        args = ["-b", "html", str(sites[flavour]), str(build / "out"), "-d", str(build / "dt")]
        case.runs.append(sphinx_build(args, log))

    if FALLBACK_MESSAGE in log.read_text(encoding="utf-8"):
        print(f"warning: fast navigation fell back at {pages} pages; see {log}", file=sys.stderr)
    return result


def table(results: list[SizeResult], runs: int) -> str:
    """The results as a Markdown table, then the ratios the issue asks about."""
    lines = [
        "| pages | photos | stock furo | ours | ours, images cached | parse only (`-b dummy`) "
        "| our image work | (ours - images) / parse only | stock / ours "
        "| add one page: ours / stock | peak memory: ours (images cached) / stock |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        stock_runs = len(r.stock.runs)
        stock = f"{r.stock.wall:.1f} s" + (" (1 run)" if stock_runs == 1 < runs else "")
        lines.append(
            f"| {r.pages} | {r.photos} | {stock} | {r.ours.wall:.1f} s "
            f"| {r.ours_warm_images.wall:.1f} s "
            f"| {r.floor.wall:.1f} s | {r.image_work:.1f} s "
            f"| {r.ours_warm_images.wall / r.floor.wall:.2f} "
            f"| {r.stock.wall / r.ours.wall:.1f}x "
            f"| {r.incremental_ours.wall:.1f} s / {r.incremental_stock.wall:.1f} s "
            f"| {r.ours.peak_mib:.0f} ({r.ours_warm_images.peak_mib:.0f}) "
            f"/ {r.stock.peak_mib:.0f} MiB |"
        )
    lines += [
        "",
        "CPU time (user + system, median), steadier than wall time on a shared machine:",
        "",
        "| pages | photos | stock furo | ours | ours, images cached | parse only | stock / ours "
        "| load average during builds |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.pages} | {r.photos} | {r.stock.cpu:.1f} s | {r.ours.cpu:.1f} s "
            f"| {r.ours_warm_images.cpu:.1f} s | {r.floor.cpu:.1f} s "
            f"| {r.stock.cpu / r.ours.cpu:.1f}x | {min(r.loads):.1f}-{max(r.loads):.1f} |"
        )
    return "\n".join(lines + beside_mkdocs(results))


def beside_mkdocs(results: list[SizeResult]) -> list[str]:
    """Our build (image cache warm), serial and on two cores, beside the floor and MkDocs."""
    lines = [
        "",
        "Image cache warm, beside the parse-only floor and Material for MkDocs (wall):",
        "",
        "| pages | photos | parse only | ours | ours, `-j 2` | MkDocs | ours / parse only "
        "| ours / MkDocs | `-j 2` / MkDocs | `-j 2` / serial |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ours, parallel = r.ours_warm_images.wall, r.ours_parallel.wall
        mkdocs = r.mkdocs.wall if r.mkdocs.runs else None
        mk = "not run" if mkdocs is None else f"{mkdocs:.1f} s"
        lines.append(
            f"| {r.pages} | {r.photos} | {r.floor.wall:.1f} s | {ours:.1f} s "
            f"| {parallel:.1f} s | {mk} | {ours / r.floor.wall:.2f} "
            f"| {'-' if mkdocs is None else f'{ours / mkdocs:.2f}'} "
            f"| {'-' if mkdocs is None else f'{parallel / mkdocs:.2f}'} "
            f"| {parallel / ours:.2f} |"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--runs", type=int, default=3, help="builds per case (median)")
    parser.add_argument(
        "--stock-runs",
        type=int,
        help="builds of stock furo per size "
        f"(default: --runs, but 1 above {STOCK_SINGLE_RUN_ABOVE} pages)",
    )
    parser.add_argument(
        "--photos",
        nargs="+",
        choices=sorted(sitegen.PHOTO_SUFFIXES),
        default=["jpeg", "png"],
        help="the photos' format: each is a site of its own (default: both)",
    )
    parser.add_argument(
        "--mkdocs",
        metavar="PYTHON",
        help="a Python with mkdocs-material: also build the same content with MkDocs",
    )
    parser.add_argument("--workdir", type=Path, help="where sites are built (default: a temp dir)")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    options = parser.parse_args(argv)

    work = options.workdir or Path(tempfile.mkdtemp(prefix="partners-bench-"))
    results = []
    for pages in options.pages:
        stock_runs = options.stock_runs or (options.runs if pages <= STOCK_SINGLE_RUN_ABOVE else 1)
        for photos in options.photos:
            print(
                f"{pages} pages, {photos} photos: {options.runs} runs, stock furo {stock_runs}..."
            )
            sys.stdout.flush()
            results.append(
                measure_size(pages, photos, options.runs, stock_runs, work, options.mkdocs)
            )
            print(table(results[-1:], options.runs), flush=True)
    text = table(results, options.runs)
    print(f"\n{text}")
    if options.output:
        options.output.write_text(text + "\n", encoding="utf-8")
    if not options.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
