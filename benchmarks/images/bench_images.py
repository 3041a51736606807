"""Responsive images against sphinx-design: bytes a phone downloads, build times, memory.

    python benchmarks/images/bench_images.py --pages 12 --runs 3

Generates two sites with the same content, each page a grid of three 1600x1067 photos
and six partner cards with raster logos: "ours" with ``image-grid`` and
``partner-card``, "theirs" with sphinx-design's ``grid`` and ``grid-item-card``
(``:img-top:``). Both use furo. Then it measures

- the image bytes a phone (375 CSS px wide, DPR 2) downloads for one page: computed
  from ``srcset``/``sizes`` as a browser picks, and, when Debian's Chromium is there,
  fetched by headless Chromium (Playwright) from a local server, scrolled to the end;
- a cold build (empty output, doctree and image cache) and a warm rebuild (nothing
  changed), as median wall time, CPU time (above wall time: several cores worked) and
  peak memory of the build's processes.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from PIL import Image, ImageDraw, ImageFilter

PHOTO_SIZE = (1600, 1067)
LOGO_SIZE = (512, 512)
LOGOS = 6
PHONE_WIDTH, PHONE_DPR = 375, 2
ROOT_FONT_PX = 16
CHROMIUM = Path("/usr/bin/chromium")
CONF = """\
project = "Image benchmark"
extensions = {extensions!r}
myst_enable_extensions = ["colon_fence", "attrs_inline"]
html_theme = "furo"
"""


# -- The generated sites ----------------------------------------------------------------


def photo(seed: int) -> Image.Image:
    """A photo-like picture: smooth light, shapes, and texture at several scales.

    Pure noise would vanish when resized (and flatter us); this keeps detail at every
    size, so a JPEG of it weighs what a real 1600x1067 photo does (about 350 KB).
    """
    rnd = random.Random(seed)
    width, height = PHOTO_SIZE
    light = Image.linear_gradient("L").resize(PHOTO_SIZE)
    top = [rnd.randrange(60, 200) for _ in range(3)]
    bottom = [rnd.randrange(20, 160) for _ in range(3)]
    bands = [
        light.point(lambda v, a=a, b=b: a + (b - a) * v // 255)
        for a, b in zip(top, bottom, strict=True)
    ]
    image = Image.merge("RGB", bands)
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(4, 120)
        draw.ellipse((x - r, y - r // 2, x + r, y + r // 2), fill=_colour(rnd))
    image = image.filter(ImageFilter.GaussianBlur(1.5))
    for scale, amount in ((8, 0.18), (3, 0.14), (1, 0.06)):
        size = (width // scale + 1, height // scale + 1)
        grain = Image.effect_noise(size, 60).resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
        image = Image.blend(image, grain.convert("RGB"), amount)
    return image


def _colour(rnd: random.Random) -> tuple[int, int, int]:
    return (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))


def logo(seed: int) -> Image.Image:
    rnd = random.Random(1000 + seed)
    image = Image.new("RGBA", LOGO_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, 496, 496), fill=(*_colour(rnd), 255))
    draw.rectangle((140, 140, 372, 372), fill=(*_colour(rnd), 255))
    draw.text((200, 240), f"L{seed}", fill=(255, 255, 255, 255), font_size=64)
    return image


def write_assets(folder: Path, pages: int) -> None:
    (folder / "photos").mkdir(parents=True)
    (folder / "logos").mkdir()
    for page in range(1, pages + 1):
        for number in range(1, 4):
            seed = page * 10 + number
            photo(seed).save(folder / "photos" / f"p{page}-{number}.jpg", quality=88)
    for number in range(1, LOGOS + 1):
        logo(number).save(folder / "logos" / f"logo{number}.png")


def ours_page(page: int) -> str:
    photos = "\n".join(
        f"![Photo {number} of page {page}: people at work](/photos/p{page}-{number}.jpg)"
        for number in range(1, 4)
    )
    cards = "\n".join(
        f":::{{partner-card}} Partner {page}-{number}\n:id: p{page}-{number}\n:kind: school\n"
        f":logo: /logos/logo{number}.png\n\nA school that works with us.\n:::\n"
        for number in range(1, LOGOS + 1)
    )
    return f"# Page {page}\n\n::::{{image-grid}}\n:columns: 1 2 3\n\n{photos}\n::::\n\n{cards}"


def theirs_page(page: int) -> str:
    photos = "\n".join(
        f":::{{grid-item-card}}\n:img-top: /photos/p{page}-{number}.jpg\n"
        f":img-alt: Photo {number} of page {page}: people at work\n:::\n"
        for number in range(1, 4)
    )
    cards = "\n".join(
        f":::{{grid-item-card}} Partner {page}-{number}\n:img-top: /logos/logo{number}.png\n"
        f":img-alt: Logo of Partner {page}-{number}\n\nA school that works with us.\n:::\n"
        for number in range(1, LOGOS + 1)
    )
    return (
        f"# Page {page}\n\n::::{{grid}} 1 2 3 3\n\n{photos}::::\n\n"
        f"::::{{grid}} 1 2 2 2\n\n{cards}::::\n"
    )


def write_site(folder: Path, assets: Path, pages: int, flavour: str) -> None:
    shutil.copytree(assets, folder)
    extensions = ["myst_parser", "sphinx_partners" if flavour == "ours" else "sphinx_design"]
    (folder / "conf.py").write_text(CONF.format(extensions=extensions))
    page_of = ours_page if flavour == "ours" else theirs_page
    toc = "\n".join(f"page{page}" for page in range(1, pages + 1))
    (folder / "index.md").write_text(f"# Benchmark\n\n```{{toctree}}\n{toc}\n```\n")
    for page in range(1, pages + 1):
        (folder / f"page{page}.md").write_text(page_of(page))


# -- Builds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float  # user + system of the build and the processes it waited for
    peak_mib: float


def sphinx_build(src: Path, build: Path, log: Path) -> Measure:
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(build / "html")]
    command += ["-d", str(build / "doctrees")]
    start = time.perf_counter()
    with log.open("a", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"sphinx-build failed; see {log}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def cold_builds(src: Path, build: Path, runs: int) -> list[Measure]:
    """Builds from nothing: no output, no doctrees, no image cache."""
    cold = []
    for _ in range(runs):
        shutil.rmtree(build, ignore_errors=True)
        cold.append(sphinx_build(src, build, build.parent / f"{build.name}.log"))
    return cold


def warm_builds(work: Path, runs: int) -> dict[str, list[Measure]]:
    """Rebuilds with nothing changed, ours and theirs in turn, so load on a shared
    machine falls on both alike."""
    warm: dict[str, list[Measure]] = {"ours": [], "theirs": []}
    for _ in range(runs):
        for flavour, measures in warm.items():
            build = work / f"build-{flavour}"
            measures.append(sphinx_build(work / flavour, build, work / "warm.log"))
    return warm


# -- What a phone downloads -----------------------------------------------------------------


def _length_px(value: str, viewport: int) -> float:
    """Evaluate the lengths our ``sizes`` use: vw, em, rem, px, and min(a, b)."""
    value = value.strip()
    if value.startswith("min("):
        return min(_length_px(part, viewport) for part in value[4:-1].split(","))
    number, unit = re.fullmatch(r"([0-9.]+)(vw|em|rem|px)", value).groups()  # type: ignore[union-attr]
    scale = {"vw": viewport / 100, "em": ROOT_FONT_PX, "rem": ROOT_FONT_PX, "px": 1}[unit]
    return float(number) * scale


def slot_width(sizes: str, viewport: int) -> float:
    """The slot width a browser reads from *sizes* at a *viewport* CSS px wide."""
    for entry in re.split(r",\s*(?![^()]*\))", sizes):
        media = re.match(r"\(min-width:\s*([0-9.]+)em\)\s*(.*)", entry)
        if media is None:
            return _length_px(entry, viewport)
        if viewport >= float(media.group(1)) * ROOT_FONT_PX:
            return _length_px(media.group(2), viewport)
    return viewport


def pick(srcset: str, needed: float) -> str:
    """The candidate a browser takes: the narrowest at least *needed* px, else the widest."""
    candidates = sorted(
        (int(width[:-1]), uri) for uri, width in (item.split() for item in srcset.split(", "))
    )
    return next((uri for width, uri in candidates if width >= needed), candidates[-1][1])


def computed_phone_bytes(page: Path) -> int:
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    total = 0
    for img in html.select("article img"):
        picture = img.parent if img.parent is not None and img.parent.name == "picture" else None
        source = picture.find("source", type="image/webp") if picture else None
        element = source if isinstance(source, Tag) else img
        if element.get("srcset"):
            needed = slot_width(str(element["sizes"]), PHONE_WIDTH) * PHONE_DPR
            uri = pick(str(element["srcset"]), needed)
        else:
            uri = str(img["src"])
        total += (page.parent / uri).stat().st_size
    return total


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def browser_phone_bytes(site: Path, page: str) -> int | None:
    """Image bytes headless Chromium downloads for *page*, scrolled to the end."""
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import Response, sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    total = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
            )
            context = browser.new_context(
                viewport={"width": PHONE_WIDTH, "height": 740},
                device_scale_factor=PHONE_DPR,
                is_mobile=True,
                has_touch=True,
            )
            sizes: list[int] = []
            page_handle = context.new_page()

            def count(response: Response) -> None:
                if response.request.resource_type == "image":
                    sizes.append(len(response.body()))

            page_handle.on("response", count)
            port = server.server_address[1]
            page_handle.goto(f"http://127.0.0.1:{port}/{page}", wait_until="networkidle")
            height = page_handle.evaluate("document.body.scrollHeight")
            for y in range(0, height + 740, 370):
                page_handle.evaluate(f"window.scrollTo(0, {y})")
                page_handle.wait_for_timeout(100)
            page_handle.wait_for_load_state("networkidle")
            total = sum(sizes)
            browser.close()
    finally:
        server.shutdown()
    return total


# -- Report -----------------------------------------------------------------------------


def _median(measures: list[Measure], field: str) -> float:
    return statistics.median(float(getattr(m, field)) for m in measures)


def report(results: dict[str, dict[str, float]], pages: int, runs: int) -> str:
    ours, theirs = results["ours"], results["theirs"]
    rows = [
        ("Phone (375 px, DPR 2): image bytes of one page, computed", "computed", "kb"),
        ("Phone (375 px, DPR 2): image bytes of one page, headless Chromium", "browser", "kb"),
        ("Cold build: wall time (s)", "cold_wall", "s"),
        ("Cold build: CPU time (s)", "cold_cpu", "s"),
        ("Warm rebuild, nothing changed: wall time (s)", "warm_wall", "s"),
        ("Warm rebuild, nothing changed: CPU time (s)", "warm_cpu", "s"),
        ("Peak memory of a cold build (MiB)", "cold_peak", "mib"),
        ("Peak memory of a warm rebuild (MiB)", "warm_peak", "mib"),
    ]
    lines = [
        f"{pages} pages, each a grid of three 1600x1067 JPEG photos and six cards with "
        f"512x512 PNG logos; median of {runs} cold builds and {runs * 3} warm "
        f"rebuilds (taken in turns); {os.cpu_count()} cores; load average at the end "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        "| Measure | sphinx-partners | sphinx-design | ours / theirs |",
        "|---|---:|---:|---:|",
    ]
    for label, key, unit in rows:
        mine, other = ours.get(key), theirs.get(key)
        if mine is None or other is None:
            continue
        ratio = f"{mine / other:.2f}" if other else "-"
        if unit == "kb":
            lines.append(f"| {label} | {mine / 1024:,.0f} KB | {other / 1024:,.0f} KB | {ratio} |")
        else:
            lines.append(f"| {label} | {mine:.2f} | {other:.2f} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="keep the sites here")
    parser.add_argument("--no-browser", action="store_true")
    options = parser.parse_args()
    work = options.work or Path(tempfile.mkdtemp(prefix="bench-images-"))
    shutil.rmtree(work, ignore_errors=True)
    assets = work / "assets"
    write_assets(assets, options.pages)
    results: dict[str, dict[str, float]] = {}
    for flavour in ("ours", "theirs"):
        src = work / flavour
        write_site(src, assets, options.pages, flavour)
        cold = cold_builds(src, work / f"build-{flavour}", options.runs)
        site = work / f"build-{flavour}" / "html"
        results[flavour] = {
            "cold_wall": _median(cold, "wall"),
            "cold_cpu": _median(cold, "cpu"),
            "cold_peak": max(m.peak_mib for m in cold),
            "computed": computed_phone_bytes(site / "page1.html"),
        }
        fetched = None if options.no_browser else browser_phone_bytes(site, "page1.html")
        if fetched is not None:
            results[flavour]["browser"] = fetched
    for flavour, warm in warm_builds(work, options.runs * 3).items():
        results[flavour]["warm_wall"] = _median(warm, "wall")
        results[flavour]["warm_cpu"] = _median(warm, "cpu")
        results[flavour]["warm_peak"] = max(m.peak_mib for m in warm)
        print(flavour, results[flavour], file=sys.stderr)
    print(report(results, options.pages, options.runs))


if __name__ == "__main__":
    main()
