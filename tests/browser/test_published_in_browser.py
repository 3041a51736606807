"""What the check of published files leaves runs nothing in a real browser.

The site of ``tests/hostile_published.py`` holds payloads that call ``alert`` by every
road testing as an attacker found (an unescaped icon class read otherwise by Python's
parser, scripted and templated SVGs, XML and XHTML files, files under unknown names,
a replaced theme script). Chromium opens every file the build published and counts
the dialogs; the same site built without the check shows that the payloads are real.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hostile_published import write_hostile_site

from .conftest import Site, _build, _serve

#: A link a reader can follow that would run: what the check takes out of pages.
RUNNING_LINKS = """
() => [...document.querySelectorAll("a[href], area[href], [*|href]")]
  .map((element) => element.href && element.href.baseVal !== undefined
       ? element.href.baseVal : element.href || element.getAttribute("href") || "")
  .filter((href) => /^\\s*(javascript|vbscript|data):/i.test(href))
"""


def _hostile_site(tmp_path_factory: pytest.TempPathFactory, checked: bool) -> Iterator[Site]:
    srcdir = tmp_path_factory.mktemp("checked" if checked else "unchecked") / "src"
    write_hostile_site(srcdir)
    outdir = srcdir / "_build" / "html"
    _build(srcdir, outdir, "-D", f"partners_harden_site={int(checked)}")
    yield from _serve(outdir, "/")


@pytest.fixture(scope="module")
def checked_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    yield from _hostile_site(tmp_path_factory, checked=True)


@pytest.fixture(scope="module")
def unchecked_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    yield from _hostile_site(tmp_path_factory, checked=False)


def _what_runs(browser: Any, site: Site) -> list[str]:
    """Every dialog a published file opens, and every link to a script on a page."""
    context = browser.new_context()
    page = context.new_page()
    ran: list[str] = []

    def on_dialog(dialog: Any) -> None:
        ran.append(f"{page.url}: alert({dialog.message})")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        for path in sorted(site.root.rglob("*")):
            published = path.relative_to(site.root).as_posix()
            if not path.is_file() or published.startswith(".doctrees/"):
                continue
            try:
                page.goto(site.url(published), wait_until="load", timeout=10_000)
            except Exception as error:  # a download: the browser does not open it
                if "Download is starting" not in str(error):
                    raise
                continue
            page.wait_for_timeout(50)  # an image's onerror fires after load
            ran += [f"{published}: a link to {href}" for href in page.evaluate(RUNNING_LINKS)]
    finally:
        context.close()
    return ran


def test_no_published_file_runs_a_payload(browser: Any, checked_site: Site) -> None:
    assert _what_runs(browser, checked_site) == []


def test_the_payloads_run_without_the_check(browser: Any, unchecked_site: Site) -> None:
    """The oracle can fail: without the check, the same files run their payloads."""
    ran = _what_runs(browser, unchecked_site)
    assert any("alert(4)" in each for each in ran), ran  # the icon's <img onerror>
    assert any("frame.svg" in each or "page.xhtml" in each for each in ran), ran
    # Red team, fourth round: an SVG script loading its code from href, whose text is
    # one the theme writes; pages a browser decodes as UTF-16 or ISO-2022-JP.
    assert any("hostile.html: alert(svg script href)" in each for each in ran), ran
    assert any("utf16.html" in each for each in ran), ran
    assert any("iso2022.html" in each for each in ran), ran


def test_every_file_was_opened(checked_site: Site) -> None:
    """What the browser test visits: the pages, and the files left of the payloads."""
    published = {path.name for path in Path(checked_site.root).rglob("*") if path.is_file()}
    assert {"hostile.html", "plain.svg", "plain.rng", "notes.txt"} <= published
