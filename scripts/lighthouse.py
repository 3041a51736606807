"""Run Lighthouse (mobile preset) on a built site and check it against the site's targets.

Usage: ``python scripts/lighthouse.py SITE_DIR --lighthouse BIN --out DIR [PAGE ...]``.
``nox -s lighthouse`` installs the pinned npm package, builds the site and runs this.

The site is served on 127.0.0.1 (a port the OS picks) with gzip, as any static host
does, and audited with Debian's Chromium (``CHROME_PATH``). One JSON report per page goes
to DIR; a table of scores, LCP, page weight and the image audits is printed, and the exit
status is 1 if a page misses a target:

* accessibility, best practices and SEO 100; performance at least 95;
* largest contentful paint under 2.5 s (the score alone is lenient for static pages:
  blocking time and layout shift are perfect on loopback);
* no failing ``unsized-images`` audit and no failing image-delivery audit.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MAIN_PAGES = (
    "index.html",
    "partners/index.html",
    "approach/index.html",
    "phases/index.html",
    "resources/index.html",
    "reflections/index.html",
    "glossary.html",
    "about.html",
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORES = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
MAX_LCP_MS = 2500
# Lighthouse counts an audit as passed from a score of 0.9.
PASSED = 0.9
IMAGE_AUDITS = (
    "unsized-images",
    "image-delivery-insight",
    "uses-responsive-images",
    "modern-image-formats",
    "uses-optimized-images",
    "offscreen-images",
)
# BROWSER.md: Debian's Chromium on these machines; Lighthouse needs the new headless mode.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files quietly, gzipped when the browser accepts it, like a static host."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = mimetypes.guess_type(path.name)[0] or ""
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts_gzip and kind.startswith(COMPRESSIBLE)):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site on http://127.0.0.1:<free port>/, until the block ends."""
    handler = functools.partial(_StaticHostHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_lighthouse(lighthouse: str, url: str, report: Path) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(
        [
            lighthouse,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env,
        check=True,
    )
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def summarise(page: str, result: dict[str, Any]) -> dict[str, Any]:
    audits = result["audits"]
    return {
        "page": page,
        "scores": {name: result["categories"][name]["score"] for name in CATEGORIES},
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "images": {
            name: audits[name]["score"]
            for name in IMAGE_AUDITS
            if name in audits and audits[name]["score"] is not None
        },
    }


def misses(row: dict[str, Any]) -> list[str]:
    """The targets a page missed, in words."""
    found = [
        f"{name} {row['scores'][name] * 100:.0f} < {minimum * 100:.0f}"
        for name, minimum in MIN_SCORES.items()
        if (row["scores"][name] or 0) < minimum
    ]
    if row["lcp_ms"] >= MAX_LCP_MS:
        found.append(f"LCP {row['lcp_ms'] / 1000:.1f} s >= {MAX_LCP_MS / 1000:.1f} s")
    found += [f"{name} fails" for name, score in row["images"].items() if score < PASSED]
    return found


def table(rows: list[dict[str, Any]]) -> str:
    head = ("page", "perf", "a11y", "BP", "SEO", "LCP", "weight", "unsized", "img-delivery")
    lines = [head]
    for row in rows:
        scores = [f"{(row['scores'][name] or 0) * 100:.0f}" for name in CATEGORIES]
        images = row["images"]
        delivery = [images[name] for name in IMAGE_AUDITS[1:] if name in images]
        lines.append(
            (
                row["page"],
                *scores,
                f"{row['lcp_ms'] / 1000:.2f} s",
                f"{row['bytes'] / 1024:.0f} KiB",
                "pass" if images.get("unsized-images", 1) >= PASSED else "FAIL",
                "pass" if all(score >= PASSED for score in delivery) else "FAIL",
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built HTML site")
    parser.add_argument("pages", nargs="*", default=list(MAIN_PAGES))
    parser.add_argument("--lighthouse", required=True, help="the lighthouse executable")
    parser.add_argument("--out", type=Path, required=True, help="where the reports go")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    with serve(args.site) as base_url:
        for page in args.pages:
            report = args.out / (page.replace("/", "--").removesuffix(".html") + ".json")
            rows.append(summarise(page, run_lighthouse(args.lighthouse, base_url + page, report)))
    (args.out / "summary.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(table(rows))
    missed = {row["page"]: misses(row) for row in rows if misses(row)}
    for page, found in missed.items():
        print(f"{page}: {'; '.join(found)}", file=sys.stderr)
    print(f"Reports: {args.out}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
