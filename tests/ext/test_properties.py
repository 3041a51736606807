"""Generated option values and bodies, built through a real Sphinx application.

Properties: no unhandled exception and no traceback, nothing unsafe in the HTML, and
every text value that reaches the HTML reads there exactly as written (so it was
escaped: markup in a value would otherwise become elements and change the text).

Example counts come from a Hypothesis profile: ``ci`` (the default) keeps the suite
quick; a long local campaign runs with::

    HYPOTHESIS_PROFILE=long python -m pytest tests/ext/test_properties.py -p no:cacheprovider

One application is reused for every example (each builds the one page again), which
makes an example cost a fraction of a second.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.docutils import patch_docutils

from conftest import TESTS_DIR
from hostile_corpus import unsafe_markup

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Characters MyST reads as plain text in an option value or an image's alt text:
#: markup characters of HTML and templates are in, Markdown's own syntax is out.
PLAIN = st.characters(
    codec="utf-8",
    categories=("L", "N", "Zs", "P", "S"),
    exclude_characters="\\*_[]`!()#:|&;-\u2028\u2029\x85",
)
#: A value MyST passes through unchanged: no leading quote or YAML indicator.
plain_text = st.text(PLAIN, min_size=1, max_size=40).filter(
    lambda text: text.strip() and text.strip()[0] not in "\"'{}>%@,?" and "  " not in text
)
#: Anything at all on one line, for options that must merely not crash the build.
any_line = st.text(
    st.characters(codec="utf-8", exclude_characters="\n\r\x00\x0b\x0c\x1c\x1d\x1e\u2028\u2029\x85"),
    max_size=60,
)
FRAGMENTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "*",
    "**",
    "_",
    "`",
    "[link](javascript:alert(1))",
    "<javascript:alert(1)>",
    "![x](../secret.png)",
    ":::",
    ":::{note}",
    "```",
    "# ",
    "> ",
    "- ",
    "1. ",
    "{partner}`x`",
    "&amp;",
    "&#106;",
    "\\",
    "|",
    "---",
    "\n",
    "\n\n",
    " ",
    "text",
    "é",
    "\u202e",
    "\t",
]
bodies = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
OPTIONS = ["id", "kind", "location", "logo", "logo-alt", "url", "url-text", "since", "class"]
GRID_OPTIONS = ["columns", "gap", "caption", "decorative", "eager", "class"]
IMAGES = ["img/photo-b.png", "img/photo-a.jpg", "_static/logo.svg", "img/none.png", "../x.png"]


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SphinxTestApp, Path]]:
    srcdir = tmp_path_factory.mktemp("properties") / "src"
    shutil.copytree(TESTS_DIR / "roots" / "test-hostile", srcdir)
    with ExitStack() as stack:
        stack.enter_context(patch_docutils(srcdir))  # as sphinx-build: read docutils.conf
        app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
        stack.callback(app.cleanup)
        yield app, srcdir


def _build(project: tuple[SphinxTestApp, Path], page: str) -> tuple[BeautifulSoup, str]:
    app, srcdir = project
    app.warning.seek(0)
    app.warning.truncate()
    (srcdir / "index.md").write_text(page, encoding="utf-8")
    app.build(force_all=True)
    warnings = strip_colors(app.warning.getvalue())
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser"), warnings


def _assert_safe(soup: BeautifulSoup, warnings: str) -> None:
    assert "Traceback" not in warnings
    assert "Exception occurred" not in warnings
    assert unsafe_markup(soup) == []


@PROFILE
@given(name=plain_text, location=plain_text, link_text=plain_text, alt=plain_text)
def test_card_text_reads_as_written(project, name, location, link_text, alt) -> None:
    page = "\n".join(
        [
            "# Card",
            "",
            f":::{{partner-card}} {name}",
            ":no-index:",
            f":location: {location}",
            ":url: https://example.org/",
            f":url-text: {link_text}",
            ":logo: /_static/logo.svg",
            f":logo-alt: {alt}",
            ":::",
        ]
    )
    soup, warnings = _build(project, page)
    _assert_safe(soup, warnings)
    card = soup.select_one("article.partners-card")
    assert card is not None, warnings
    assert card.select_one(".partners-card__title").get_text() == _normal(name)
    assert _normal(location) in card.select_one(".partners-card__facts").get_text()
    assert card.select_one("a.partners-card__link").get_text().startswith(_normal(link_text))
    assert card.select_one("img")["alt"] == alt.strip()


@PROFILE
@given(
    options=st.dictionaries(st.sampled_from(OPTIONS), any_line, max_size=len(OPTIONS)),
    name=any_line.filter(str.strip),
    body=bodies,
)
def test_any_card_builds_safely(project, options, name, body) -> None:
    lines = ["# Card", "", f"::::{{partner-card}} {name}", ":no-index:"]
    lines += [f":{key}: {value}" for key, value in options.items()]
    soup, warnings = _build(project, "\n".join([*lines, "", body, "::::", "", "After."]))
    _assert_safe(soup, warnings)
    assert "After." in soup.get_text()


@PROFILE
@given(
    images=st.lists(st.tuples(plain_text, st.sampled_from(IMAGES)), min_size=1, max_size=4),
    caption=plain_text,
    columns=plain_text,
    gap=plain_text,
)
def test_grid_alt_and_caption_read_as_written(project, images, caption, columns, gap) -> None:
    lines = ["# Grid", "", "::::{image-grid}", f":caption: {caption}"]
    lines += [f":columns: {columns}"] if columns.strip() else []
    lines += [f":gap: {gap}"] if gap.strip() else []
    lines += ["", *(f"![{alt}]({path})" for alt, path in images), "::::", "", "After."]
    soup, warnings = _build(project, "\n".join(lines))
    _assert_safe(soup, warnings)
    published = [img["alt"] for img in soup.select(".partners-grid img")]
    expected = [_normal(alt) for alt, path in images if "none" not in path and ".." not in path]
    assert [_normal(alt) for alt in published] == expected, warnings
    if expected:
        assert soup.select_one(".partners-grid__caption").get_text() == _normal(caption)
    assert "After." in soup.get_text()


@PROFILE
@given(
    options=st.dictionaries(st.sampled_from(GRID_OPTIONS), any_line, max_size=len(GRID_OPTIONS)),
    body=bodies,
)
def test_any_grid_builds_safely(project, options, body) -> None:
    lines = [
        "# Grid",
        "",
        "::::{image-grid}",
        *(f":{key}: {value}" for key, value in options.items()),
    ]
    soup, warnings = _build(project, "\n".join([*lines, "", body, "::::", "", "After."]))
    _assert_safe(soup, warnings)
    assert "After." in soup.get_text()
