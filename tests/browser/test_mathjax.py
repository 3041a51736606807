"""MathJax on a hardened site makes no link that runs script (a red team's finding).

As Sphinx loads it, MathJax typesets every ``$$...$$`` and ``\\(...\\)`` of a page's text,
not only the formulas Sphinx wrote, and turns ``\\href{javascript:...}`` and
``\\mmlToken{mi}[href=...]`` into links in the reader's browser: the published files hold
no such link, so only a browser shows it. The page is opened with MathJax itself (the
npm package, pinned in package-lock.json).
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import build_small_site

from . import _checkers
from .conftest import _serve

pytestmark = pytest.mark.browser

PAGE = r"""# Formulas

Text {math}`\mmlToken{mi}[href="javascript:alert(1)"]{click}`.

In the text: $$\href{javascript:alert(2)}{two}$$ and \\(\href{javascript:alert(3)}{three}\\).

A formula that links to the web: {math}`\href{https://example.org/}{fine}`, and {math}`x^2`.

Over the page: {math}`\href{https://example.org/}{\class{sd-stretched-link}{x}}`,
{math}`\style{position:fixed;inset:0;background:red}{y}`,
{math}`\cssId{furo-readthedocs-versions}{z}` and
{math}`\bbox[position:fixed;inset:0;background:blue]{w}`.

Drawn outside its box: {math}`\href{https://evil.example/login}{\smash{\rlap{\lower{14em}{\rule{45em}{16em}}}}}`
The words after it are the page's own, to be read and clicked.
"""
#: Points of the page's text below the formula drawn outside its box (CSS pixels).
BELOW = [(300, 360), (500, 420), (700, 480), (400, 540)]
#: How many of the points are covered by a formula's link (a formula drawn outside its
#: box, which ui/safe does not bound; partners.css clips it to its box).
COVERED = """(points) => points.filter(([x, y]) =>
    document.elementFromPoint(x, y)?.closest('mjx-container a') != null).length"""
#: What MathJax must not give a formula's parts: a class, a position or an id the page's
#: stylesheets use to lay something over the page.
OVERLAYS = """() => [...document.querySelectorAll('mjx-container *')].filter(element =>
    element.matches('.sd-stretched-link, #furo-readthedocs-versions')
    || getComputedStyle(element).position === 'fixed').length"""
#: Where the site gets MathJax: a copy of the npm package, served with it.
MATHJAX_PATH = "mj/mathjax/tex-mml-chtml.js"  # (in _static/)
#: What MathJax makes a link of (it keeps the address in data-mjx-href).
LINK = re.compile(r"""<a\b[^>]*?\b(?:data-mjx-href|href)="([^"]*)\"""")


def _after_mathjax(browser: Any, outdir: Path) -> tuple[list[str], int, int]:
    """The links MathJax made, the formulas it typeset, and its parts laid over the page."""
    # Served, as a reader gets it: MathJax fetches its fonts, which file:// refuses.
    for package in ("mathjax", "@mathjax"):
        shutil.copytree(_checkers.NODE_MODULES / package, outdir / "_static" / "mj" / package)
    context = browser.new_context()
    try:
        tab = context.new_page()
        with contextlib.contextmanager(_serve)(outdir, "/") as site:
            tab.goto(site.url("index.html"))
            tab.wait_for_function("() => window.MathJax?.startup?.promise")
            tab.evaluate("() => MathJax.startup.promise")
            html = tab.content()
            overlays = tab.evaluate(OVERLAYS)
            overlays += tab.evaluate(COVERED, BELOW)
    finally:
        context.close()
    return LINK.findall(html), html.count("<mjx-container"), overlays


@pytest.mark.parametrize("harden", [True, False], ids=["hardened", "stock"])
def test_mathjax_makes_no_script_link_on_a_hardened_site(
    browser: Any, tmp_path: Path, harden: bool
) -> None:
    _checkers.install_engines()
    conf = f"partners_harden_site = {harden}\nmathjax_path = {MATHJAX_PATH!r}\n"
    outdir, _, _ = build_small_site(tmp_path, {"index.md": PAGE}, conf)
    links, typeset, overlays = _after_mathjax(browser, outdir)
    scripted = [link for link in links if link.lower().startswith("javascript:")]
    if harden:
        assert scripted == [], links
        assert overlays == 0  # ui/safe keeps only mjx- classes and ids, and safe styles
        assert typeset == 8  # Sphinx's eight formulas, not the text's
        assert "https://example.org/" in links  # a safe link still works
    else:  # the test shows the danger: without the settings, MathJax makes them
        assert scripted, links
        assert overlays >= 4, overlays
