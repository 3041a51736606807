"""Hostile and careless input: a clear warning or safe output, never a crash or a leak.

One build of the corpus in ``hostile_corpus.py`` (one page per family of input) is
shared by the tests: ``sphinx-build`` in a process of its own, whose time and peak
memory bound it. The cases that are about scale (1 MB options, 10,000 cards) get builds
of their own, measured in this process with the clock and its peak memory.
Every page is checked for the same things: located warnings, no traceback, no unsafe
attribute or scheme anywhere in the parsed HTML, and no byte of a file outside the
source folder anywhere in the output.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.utils import new_document
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.docutils import patch_docutils

from conftest import TESTS_DIR, build_small_site, parse_html
from hostile_corpus import (
    Case,
    Warning_,
    cases,
    parse_warnings,
    secret_leaks,
    unsafe_markup,
    write_files,
)
from sphinx_partners.safety.nesting import MAX_DOCTREE_DEPTH, _flatten_too_deep

ROOT = TESTS_DIR / "roots" / "test-hostile"
#: The whole corpus (about 170 hostile blocks on 20 pages) takes about 2 s and 95 MB
#: resident here, Python and Sphinx included; the bounds catch a hang or a blow-up,
#: not a slow machine.
CORPUS_SECONDS, CORPUS_PEAK_MB = 180, 400


#: Sphinx's own scripts, the only <script> elements a page may have (basic theme).
@dataclass
class Build:
    srcdir: Path
    outdir: Path
    warnings: list[Warning_]
    text: str
    seconds: float
    peak_mb: float
    status: int = 0  # sphinx-build's exit status (0 for a build in this process)


def build(srcdir: Path, **confoverrides: object) -> Build:
    """Build *srcdir* in this process, timing it (``peak_mb``: not measured, 0).

    As ``sphinx-build`` does, read the project's docutils.conf (SphinxTestApp does not).
    """
    warning = StringIO()
    with patch_docutils(srcdir):
        app = SphinxTestApp(
            "html", srcdir=srcdir, status=StringIO(), warning=warning, confoverrides=confoverrides
        )
        try:
            started = time.perf_counter()
            app.build()
            seconds = time.perf_counter() - started
        finally:
            app.cleanup()
    text = strip_colors(warning.getvalue())
    return Build(srcdir, app.outdir, parse_warnings(text), text, seconds, 0.0)


def build_alone(srcdir: Path, memory_limit_mb: int | None = None, *options: str) -> Build:
    """Build *srcdir* with ``sphinx-build`` in a process of its own: its time, its peak
    resident memory (``os.wait4``), and what it printed (its warnings, or a traceback).

    tracemalloc, which measured this build in the test's process before, made it about
    ten times slower (21 s against 2 s). *memory_limit_mb* bounds the build's address
    space: a bound that no longer holds fails the test with a MemoryError, never takes
    the machine's memory.
    """
    outdir = srcdir / "_build" / "html"
    command = [sys.executable, "-m", "sphinx", "-q", "-T", "-b", "html"]  # -T: a crash's traceback
    command += [*options, "-d", str(srcdir / "_build" / "doctrees"), str(srcdir), str(outdir)]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=None if memory_limit_mb is None else _limit_memory(memory_limit_mb),
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must know
        seconds = time.perf_counter() - started
        output.seek(0)
        text = strip_colors(output.read().decode("utf-8", "replace"))  # warnings, or a crash
    peak_mb = usage.ru_maxrss / 1024
    return Build(srcdir, outdir, parse_warnings(text), text, seconds, peak_mb, process.returncode)


def _limit_memory(megabytes: int) -> Callable[[], None]:
    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def limit_warnings(built: Build) -> list[tuple[int | None, str]]:
    """The line and message of each ``partners.limit`` warning of *built*."""
    return [(each.line, each.message) for each in built.warnings if each.code == "partners.limit"]


def add_settings(srcdir: Path, settings: str) -> None:
    """Add *settings*, lines of Python, to the project's ``conf.py``."""
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(settings)


def page_warnings(built: Build, name: str) -> list[Warning_]:
    return [each for each in built.warnings if Path(each.file).stem == name]


# -- the shared corpus build -------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Build, list[Case]]]:
    base = tmp_path_factory.mktemp("hostile")
    srcdir = base / "src"
    shutil.copytree(ROOT, srcdir)
    write_files(srcdir, base / "outside")
    corpus_cases = cases()
    for case in corpus_cases:
        page = srcdir / f"{case.name}.md"
        if case.raw is not None:
            page.write_bytes(case.raw)
        else:
            page.write_text(case.render(), encoding="utf-8")
    yield build_alone(srcdir), corpus_cases


CASE_NAMES = [case.name for case in cases()]


def test_corpus_builds_within_bounds(corpus) -> None:
    built, _ = corpus
    assert built.status == 0, built.text
    assert "Traceback" not in built.text
    assert (built.outdir / "index.html").is_file()
    assert built.seconds < CORPUS_SECONDS, f"{built.seconds:.1f} s"
    assert built.peak_mb < CORPUS_PEAK_MB, f"{built.peak_mb:.0f} MB"


def test_nothing_from_outside_the_source_folder_is_published(corpus) -> None:
    built, _ = corpus
    assert secret_leaks(built.outdir) == []
    assert not (built.outdir / "leak-page.html").exists()
    assert not (built.outdir / "_static" / "leak.svg").exists()


def test_escaping_symlinks_are_reported(corpus) -> None:
    built, _ = corpus
    reported = {Path(each.file).name for each in built.warnings if each.code == "partners.outside"}
    assert {"leak.svg", "leak.png", "leak-page.md", "leakdir"} <= reported


def test_every_partners_warning_names_file_and_line(corpus) -> None:
    built, _ = corpus
    ours = [each for each in built.warnings if (each.code or "").startswith("partners.")]
    assert len(ours) > 100
    symlinks = {"leak.svg", "leak.png", "leak-page.md", "leakdir", "loop-a.png", "loop-b.png"}
    unlocated = [
        each.message for each in ours if each.line is None and Path(each.file).name not in symlinks
    ]
    assert unlocated == []


@pytest.mark.parametrize("name", CASE_NAMES)
def test_page_is_safe(corpus, name: str) -> None:
    built, _ = corpus
    page = built.outdir / f"{name}.html"
    soup = parse_html(page)
    if name in ("not-utf8", "utf16"):
        # Kept, with U+FFFD for each byte that is not UTF-8: a letter lost, not the page.
        assert "\ufffd" in soup.get_text()
        if name == "not-utf8":
            assert "line three" in soup.get_text() and "caf\ufffd au lait" in soup.get_text()
        assert unsafe_markup(soup) == []
        return
    assert unsafe_markup(soup) == []
    # A page too deep to parse is published as plain text, without its heading.
    assert soup.find("h1") is not None or name == "nesting-notes"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_each_bad_block_gets_its_located_warning(corpus, name: str) -> None:
    built, corpus_cases = corpus
    case = next(each for each in corpus_cases if each.name == name)
    warnings = page_warnings(built, name)
    missing = []
    for block, (start, end) in zip(case.blocks, case.spans, strict=True):
        if block.code is None:
            continue
        if not any(
            block.code in ("any", each.code) and each.line and start <= each.line <= end
            for each in warnings
        ):
            missing.append(f"{block.code} in lines {start}-{end}: {block.text[:60]!r}")
    assert missing == [], "\n".join(each.message for each in warnings)


def test_hostile_urls_never_become_links(corpus) -> None:
    built, _ = corpus
    soup = parse_html(built.outdir / "urls.html")
    cards = soup.select("article.partners-card")
    assert len(cards) == len(next(case for case in cases() if case.name == "urls").blocks)
    # ftp: is no web address a card allows either; no card may link anywhere.
    assert [a["href"] for card in cards for a in card.find_all("a", href=True)] == []


def test_markup_in_text_options_is_shown_as_text(corpus) -> None:
    built, _ = corpus
    soup = parse_html(built.outdir / "markup.html")
    card = soup.select_one("article.partners-card")
    text = card.get_text()
    assert '<script>alert("name")</script> & "quotes" {{ 7*7 }}' in text
    assert "x\"><img src=x onerror=alert('location')> {{ 7*7 }}" in text
    assert "</a><script>alert('text')</script>{{ 7*7 }}" in text
    assert "49" not in text  # no template engine ever sees option values
    logo = card.find("img")
    assert logo["alt"] == "x\" onload=\"alert('alt')"
    figure_img = soup.select_one(".partners-grid img")
    assert figure_img["alt"] == "\"><img src=x onerror=alert('alt')>"
    caption = soup.select_one(".partners-grid__caption").get_text()
    # The caption is Markdown: with raw HTML turned off, the tag is text.
    assert caption == "<script>alert('caption')</script> {{ 7*7 }}"


def test_site_paths_leave_alt_text_in_place(corpus) -> None:
    built, _ = corpus
    soup = parse_html(built.outdir / "site-paths.html")
    assert soup.select(".partners-image-alt")
    assert "<script>alert('html block')</script>" in soup.get_text()  # shown, not run


def test_images_outside_or_broken_are_not_copied(corpus) -> None:
    built, _ = corpus
    good = parse_html(built.outdir / "grid-images.html").select(".partners-grid img")
    assert [img["alt"] for img in good] == ["Mislabelled but valid"]
    published = {path.name for path in (built.outdir / "_images").glob("*")}
    assert not any(name.startswith(("secret", "leak", "bomb", "over-limit")) for name in published)
    assert not any(name.startswith(tuple(HOSTILE_SVG_NAMES)) for name in published)


HOSTILE_SVG_NAMES = (
    "script",
    "onload",
    "foreign",
    "external",
    "xlink-file",
    "js-link",
    "set-href",
    "animate-href",
    "entities",
    "xxe",
    "xslt",
    "css-import",
)


def test_non_utf8_page_is_reported_with_its_byte_offset(corpus) -> None:
    built, _ = corpus
    [warning] = page_warnings(built, "not-utf8")
    assert warning.code == "partners.encoding"
    assert warning.line == 4
    assert "byte 0xe9 at byte offset 27" in warning.message
    [utf16] = page_warnings(built, "utf16")
    assert utf16.code == "partners.encoding" and utf16.line == 1
    # Named as what the editor saved (a tester's finding: "byte 0xff at byte offset 0").
    assert "saved as UTF-16" in utf16.message and "offset" not in utf16.message


def test_deep_nesting_warns_and_keeps_text(corpus) -> None:
    built, _ = corpus
    for name in ("nesting-notes", "nesting-cards", "nesting-grids"):
        assert any(each.code == "partners.nesting" for each in page_warnings(built, name)), name
    # The text of the deepest block stays readable (a grid holds only pictures).
    for name in ("nesting-notes", "nesting-cards"):
        assert "deep" in parse_html(built.outdir / f"{name}.html").get_text(), name


def test_markdown_that_stops_reading_is_reported(corpus) -> None:
    """markdown-it drops everything after 20 levels of quotes: said, with the line."""
    built, _ = corpus
    [warning] = page_warnings(built, "nesting-quotes")
    assert warning.code == "partners.nesting" and warning.line == 5
    assert "nineteen quotes are fine" in parse_html(built.outdir / "nesting-quotes.html").text


def test_too_deep_doctrees_are_flattened_to_their_text() -> None:
    """Parsed deeper than MAX_DOCTREE_DEPTH (pickling would recurse): flattened."""
    document = new_document("page.md")
    parent: nodes.Element = document
    for level in range(MAX_DOCTREE_DEPTH + 50):
        child = nodes.container()
        child.line = level + 1
        parent += child
        parent = child
    parent += nodes.paragraph("deep", "deep")
    first = _flatten_too_deep(document)
    assert first is not None and first.line == MAX_DOCTREE_DEPTH
    depth, node = 0, document
    while node.children and isinstance(node.children[0], nodes.Element):
        node, depth = node.children[0], depth + 1
    assert depth == MAX_DOCTREE_DEPTH
    assert node.astext() == "deep"


def test_warnings_never_lose_content(corpus) -> None:
    built, _ = corpus
    soup = parse_html(built.outdir / "keeps-content.html")
    titles = [title.get_text(strip=True) for title in soup.select("article .partners-card__title")]
    assert titles == ["Good Alpha", "Good Beta", "Bad Gamma", "Good Delta"]
    assert "Gamma's body survives." in soup.get_text()
    grid_alts = [img["alt"] for img in soup.select(".partners-grid img")]
    assert grid_alts == ["Good photo one", "Good photo two"]
    assert "Text after the bad card stays." in soup.get_text()
    # The rest of the site is complete too.
    for name in CASE_NAMES:
        if name not in ("not-utf8", "utf16"):
            assert (built.outdir / f"{name}.html").is_file(), name


# -- scale: each gets its own build, measured ---------------------------------------------


def _project(tmp_path: Path, page: str) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "index.md").write_text(page, encoding="utf-8")
    return srcdir


def test_one_megabyte_option_values(tmp_path) -> None:
    big = "A" * 1_000_000
    page = "# Big\n\n" + "\n".join(
        [
            f":::{{partner-card}} {big}",
            f":location: {big}",
            f":url-text: {big}",
            f":logo-alt: {big}",
            f":url: https://example.org/{big}",
            f":kind: {big}",
            ":::",
            "",
            "::::{image-grid}",
            f":caption: {big}",
            f":columns: {big}",
            "",
            f"![{big}](img/photo-b.png)",
            "::::",
        ]
    )
    # MyST scans option values one character at a time, which tracemalloc slows 4-fold:
    # the process's peak RSS bounds the memory instead.
    built = build(_project(tmp_path, page))
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert "Traceback" not in built.text
    assert {each.code for each in built.warnings} >= {"partners.kind", "partners.columns"}
    assert all(len(each.message) < 2_000 for each in built.warnings)  # no 1 MB messages
    assert built.seconds < 90, f"{built.seconds:.1f} s"
    assert peak_rss_mb < 1_500, f"{peak_rss_mb:.0f} MB"
    assert unsafe_markup(parse_html(built.outdir / "index.html")) == []


@pytest.mark.slow
def test_ten_thousand_cards_on_one_page(tmp_path) -> None:
    cards_ = "\n".join(
        f":::{{partner-card}} Partner {n}\n:kind: school\n:url: https://example.org/{n}\n:::\n"
        for n in range(10_000)
    )
    # tracemalloc would double the time of this build; the process's peak RSS bounds it.
    built = build(_project(tmp_path, "# Many\n\n" + cards_))
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert "Traceback" not in built.text
    assert built.warnings == []
    html = (built.outdir / "index.html").read_text(encoding="utf-8")
    assert html.count("<article ") == 10_000
    assert built.seconds < 240, f"{built.seconds:.1f} s"
    assert peak_rss_mb < 1_500, f"{peak_rss_mb:.0f} MB"


def test_directories_cannot_multiply_partners_without_bound(tmp_path) -> None:
    """40 partners x 30 directories would be 1,200 entries; the page's bound here is 500."""
    cards_ = "\n".join(f":::{{partner-card}} Partner {n}\n:kind: school\n:::\n" for n in range(40))
    directories = ":::{partner-directory}\n:::\n\n" * 30
    srcdir = _project(tmp_path, "# Many\n\n" + cards_ + "\n" + directories)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("partners_max_directory_entries = 500\n")
    built = build(srcdir)
    assert "Traceback" not in built.text
    limited = [each for each in built.warnings if each.code == "partners.limit"]
    # 12 directories fill 480 entries, the 13th is cut to 20, the other 17 are left out.
    assert len(limited) == 18 and all(each.line for each in limited), built.warnings
    assert [each for each in built.warnings if each.code != "partners.limit"] == []
    html = (built.outdir / "index.html").read_text(encoding="utf-8")
    entries = BeautifulSoup(html, "html.parser").select(".partners-directory li")
    assert len(entries) == 500


#: Sphinx's directives whose options set how much they make, past and within the bounds.
SIZED_BLOCKS = """# Sizes

```{code-block} python
:emphasize-lines: 1-1000000000

print("far past")
```

```{eval-rst}
.. sourcecode:: python
   :linenos:
   :emphasize-lines: 1-+1_000_000_000

   print("written another way")
```

```{code-block} python
---
emphasize-lines: 2
---
one = 1
two = 2
```

```{hlist}
:columns: 300000

- a
- b
```

```{hlist}
:columns: 0

- c
```

```{hlist}
:columns: 3

- d
- e
- f
```
"""


def test_line_specs_and_columns_have_a_bound(tmp_path) -> None:
    """Sphinx lists every line a line spec names before comparing it with the block
    (1-1000000000 asked for 40 GB) and makes every column asked (300,000 took 63 s);
    ``:columns: 0`` stopped the build. A red team's findings, round 15."""
    built = build_alone(_project(tmp_path, SIZED_BLOCKS), memory_limit_mb=3_000)
    assert built.status == 0 and "Traceback" not in built.text, built.text
    limited = limit_warnings(built)
    assert [line for line, _ in limited] == [4, 12, 26, 33], built.warnings
    assert (
        "code-block: :emphasize-lines: 1-1000000000 names lines far past the last one"
        in (limited[0][1])
    )
    assert "sourcecode: :emphasize-lines: 1-+1_000_000_000" in limited[1][1]
    assert "it is shown in 2 columns" in limited[2][1]
    assert ":columns: 0 cannot be shown" in limited[3][1] and "in one column" in limited[3][1]
    assert [each for each in built.warnings if each.code != "partners.limit"] == []
    html = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    blocks = html.select("div.highlight")
    # Left out where past the bound; Sphinx's own within it (line 2 of the third).
    assert [len(block.select(".hll")) for block in blocks] == [0, 0, 1]
    assert "print" in blocks[0].get_text() and "two = 2" in blocks[2].select_one(".hll").text
    assert [len(table.select("td")) for table in html.select("table.hlist")] == [2, 1, 3]


def test_a_first_line_number_has_a_bound(tmp_path) -> None:
    """Round 16: Pygments writes the first line's number before every line, so one of
    4,300 digits on 30,000 lines made a 64 KB page 130 MB (1.7 GB to build)."""
    huge = "1" + "0" * 4_299
    page = (
        f"# Numbers\n\n```{{code-block}} text\n:lineno-start: {huge}\n\n"
        + "a\n" * 3_000
        + f"```\n\n```{{code}} text\n:number-lines: {huge}\n\nb\n```\n\n"
        "```{code-block} text\n:lineno-start: 1000000000\n\nc\n```\n"
    )
    built = build_alone(_project(tmp_path, page), memory_limit_mb=3_000)
    assert built.status == 0 and "Traceback" not in built.text, built.text
    limited = limit_warnings(built)
    assert [line for line, _ in limited] == [4, 3009], built.warnings
    assert "code-block: :lineno-start: is a number of 4,300 digits" in limited[0][1]
    assert "code: :number-lines: is a number of 4,300 digits" in limited[1][1]
    html = (built.outdir / "index.html").read_text(encoding="utf-8")
    assert len(html) < 200_000 and huge not in html and "1000000000" in html


def test_blocks_eval_rst_cannot_make_are_left_out_and_the_site_builds(tmp_path) -> None:
    """Round 16: ``contents``, ``sectnum`` and ``target-notes`` in ``{eval-rst}`` leave a
    node for a transform that never runs there, and the writer stopped the whole build
    at it: no page of the site was written."""
    page = (
        "# Parts\n\nSee [the site](https://example.org/).\n\n"
        "```{eval-rst}\n.. contents::\n```\n\n```{eval-rst}\n.. sectnum::\n```\n\n"
        "```{eval-rst}\n.. target-notes::\n```\n\n## A part\n\nText.\n\n"
        # Round 17: footnotes docutils numbers itself stay unlinked there.
        "```{eval-rst}\n.. section-numbering::\n\nSee [#]_ and [*]_.\n\n"
        ".. [#] The first note.\n.. [*] The second note.\n```\n"
    )
    built = build(_project(tmp_path, page))
    assert "Traceback" not in built.text and "NotImplementedError" not in built.text
    assert "KeyError" not in built.text
    left_out = [(w.line, w.message.split(" written")[0]) for w in built.warnings]
    assert left_out == [
        (6, "a contents block"),
        (10, "a sectnum block"),
        (14, "a target-notes block"),
        (22, "a sectnum block"),
        (24, "an automatically numbered footnote ([#]_ or [*]_)"),
        (24, "an automatically numbered footnote ([#]_ or [*]_)"),
    ], left_out
    assert all(w.code == "partners.block" for w in built.warnings)
    html = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    assert html.select_one("#a-part") is not None and "Text." in html.get_text()
    assert "The first note." in html.get_text() and "The second note." in html.get_text()


#: Each code block's colours 2 s of CPU time, the build's 3 s.
TWO_OF_THREE_SECONDS = (
    "partners_highlight_block_seconds = 2\npartners_highlight_build_seconds = 3\n"
)


def test_a_code_block_s_colours_have_a_time_bound(tmp_path) -> None:
    """Round 16: some of Pygments' lexers take time that grows with the cube of the text
    (one line of 4,000 tabs in an easytrieve block: two minutes). Each block has its
    time for colours, and the build has its time in all; past it, plain text."""
    slow = "```easytrieve\n" + "\t" * 2_000 + "x\n```\n\n"
    page = "# Code\n\n```python\nprint('coloured')\n```\n\n" + slow + slow
    srcdir = _project(tmp_path, page)
    add_settings(srcdir, TWO_OF_THREE_SECONDS)
    built = build_alone(srcdir)
    assert built.status == 0 and "Traceback" not in built.text, built.text
    limited = limit_warnings(built)
    assert [line for line, _ in limited] == [7, 11], built.warnings
    assert "Pygments took more than 2 s for the colours of this easytrieve" in limited[0][1]
    assert "took more than what was left" in limited[1][1]  # 1 s of the 3 was left
    assert built.seconds < 20, f"{built.seconds:.1f} s"  # 17 s a block without the bound
    html = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    blocks = html.select("div.highlight pre")
    assert len(blocks) == 3 and all(block.get_text().rstrip().endswith("x") for block in blocks[1:])
    # Without colours a block has no token spans; the fast block keeps its own.
    assert blocks[0].select("span.nb") and blocks[1].select("span[class]") == []


def test_guessing_a_block_s_language_has_the_same_time_bound(tmp_path) -> None:
    """Round 17: Sphinx guesses the language of a ``guess`` block while reading it,
    outside the writer's bound (a 40 KB page: two minutes)."""
    slow = "```guess\nx\n" + "\n" * 20_000 + "x\n```\n"
    # Round 18: a block that gets "guess" only before writing, from a highlight directive.
    later = (
        "```{eval-rst}\n.. highlight:: guess\n\nText::\n\n   x\n" + "\n" * 20_000 + "   x\n```\n"
    )
    page = (
        "# Code\n\n```guess\n#!/usr/bin/env python\nprint('guessed')\n```\n\n" + slow + "\n" + later
    )
    srcdir = _project(tmp_path, page)
    add_settings(srcdir, "partners_highlight_block_seconds = 1\n")
    built = build_alone(srcdir)
    assert built.status == 0 and "Traceback" not in built.text, built.text
    limited = limit_warnings(built)
    assert [line for line, _ in limited] == [8, 20_018], built.warnings
    assert all("Pygments took more than 1 s for guessing the language" in m for _, m in limited)
    assert built.seconds < 20, f"{built.seconds:.1f} s"  # 33 s a block without the bound
    html = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    guessed, plain, plain_too = html.select("div.highlight")
    assert "highlight-python" in guessed.parent["class"] and guessed.select("span.nb")
    assert (
        "highlight-none" in plain.parent["class"] and "highlight-none" in plain_too.parent["class"]
    )


def test_the_processes_of_a_parallel_build_share_its_time_for_colours(tmp_path) -> None:
    """With ``-j 3`` (the main process and two that write pages at once), each process
    drew on the whole build's time."""
    slow = "```easytrieve\n" + "\t" * 2_000 + "x\n```\n"
    srcdir = _project(tmp_path, "# Code\n\n```{toctree}\n:glob:\np*\n```\n")
    for number in range(6):
        (srcdir / f"p{number}.md").write_text(f"# Page {number}\n\n{slow}", encoding="utf-8")
    add_settings(srcdir, TWO_OF_THREE_SECONDS)
    built = build_alone(srcdir, None, "-j", "3")
    assert built.status == 0 and "Traceback" not in built.text, built.text
    limited = [w.message for w in built.warnings if w.code == "partners.limit"]
    assert len(limited) == 6, built.warnings
    # Two processes, three pages each: on their own 3 s each, only their third block
    # would find no time left; sharing 3 s, the blocks after the first two find none.
    spent = [message for message in limited if "time for Pygments was spent" in message]
    assert len(spent) >= 3, limited


def test_a_picture_s_size_past_what_a_page_shows_is_left_out(tmp_path) -> None:
    """Round 17: docutils' HTML writer turns a size into pixels, and one of 310 digits
    stopped the whole build (OverflowError), from plain Markdown too."""
    huge = "1" + "0" * 320
    page = (
        f"# Sizes\n\n![A photo](img/photo-a.jpg){{width={huge}px}}\n\n"
        f"```{{image}} img/photo-a.jpg\n:alt: A photo\n:height: {huge}\n:scale: {huge}\n```\n\n"
        "![A photo](img/photo-a.jpg){width=300px}\n"
    )
    built = build(_project(tmp_path, page))
    assert "Traceback" not in built.text and "OverflowError" not in built.text
    limited = [(w.line, w.message.split(" of ")[0]) for w in built.warnings]
    assert limited == [
        (3, "the picture 'img/photo-a.jpg' has a width"),
        (5, "the picture 'img/photo-a.jpg' has a height"),
        (5, "the picture 'img/photo-a.jpg' has a scale"),
    ], built.warnings
    html = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    assert [img.get("style") or img.get("width") for img in html.select("img")][-1]
    assert huge not in str(html)


def test_an_included_file_s_line_specs_have_a_bound(tmp_path) -> None:
    """On a site that lets pages include files, ``literalinclude`` is bounded by the
    file's lines: open ranges list every line of it, once per range."""
    srcdir = _project(tmp_path, "# Include\n")
    (srcdir / "docutils.conf").unlink()
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("partners_harden_site = False\n")
    (srcdir / "code.py").write_text("one = 1\ntwo = 2\nthree = 3\n", encoding="utf-8")
    (srcdir / "index.md").write_text(
        "# Include\n\n```{literalinclude} code.py\n:lines: 2-1000000000\n```\n\n"
        "```{literalinclude} code.py\n:lines: 2-3\n:emphasize-lines: "
        + "1-," * 500_000
        + "1\n```\n",
        encoding="utf-8",
    )
    built = build_alone(srcdir, memory_limit_mb=3_000)
    assert built.status == 0 and "Traceback" not in built.text, built.text
    limited = limit_warnings(built)
    assert [line for line, _ in limited] == [4, 9], built.warnings
    said = "literalinclude: :lines: 2-1000000000 names lines far past the last one here (line 4)"
    assert said in limited[0][1]
    html = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    blocks = [block.get_text() for block in html.select("div.highlight")]
    assert "one = 1" in blocks[0] and blocks[1].strip() == "two = 2\nthree = 3"


def test_repeated_headings_get_anchors_up_to_the_bound(tmp_path) -> None:
    """MyST makes the n-th repeat of a heading's slug unique in n tries (40,000 ``## a``
    took 5 min 16 s to build): past partners_max_heading_anchors, headings get none."""
    page = "# Notes\n\n" + "## a\n\ntext\n\n" * 5
    srcdir = _project(tmp_path, page)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("myst_heading_anchors = 2\npartners_max_heading_anchors = 3\n")
    built = build(srcdir)
    assert "Traceback" not in built.text
    limited = [each for each in built.warnings if each.code == "partners.limit"]
    # The title and two of the five repeats get an anchor; the third repeat is line 11.
    assert [(Path(each.file).name, each.line) for each in limited] == [("index.md", 11)]
    assert "the page has 6 headings of levels 1 to 2, more than the 3" in limited[0].message
    html = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    ids = {element["id"] for element in html.select("[id]")}
    assert {"notes", "a", "a-1"} <= ids and "a-2" not in ids


def test_the_heading_bound_leaves_the_site_setting_as_it_was(tmp_path) -> None:
    """The bounded slug function is the page's alone: the next page starts again."""
    srcdir = _project(tmp_path, "# Notes\n\n" + "## a\n\n" * 4 + "```{toctree}\nother\n```\n")
    (srcdir / "other.md").write_text("# Other\n\n## a\n\n## a\n", encoding="utf-8")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("myst_heading_anchors = 2\npartners_max_heading_anchors = 3\n")
    built = build(srcdir)
    limited = [each for each in built.warnings if each.code == "partners.limit"]
    assert [Path(each.file).name for each in limited] == ["index.md"]
    html = BeautifulSoup((built.outdir / "other.html").read_text("utf-8"), "html.parser")
    assert {"other", "a", "a-1"} <= {element["id"] for element in html.select("[id]")}


@pytest.mark.parametrize(
    ("block", "line", "code"),
    [
        ("partner-card} Name\n:no-index:", 6, "break"),
        ("note}", 5, "break"),
        ("image-grid}", 5, "grid"),  # a grid keeps pictures only, and says so itself
    ],
)
def test_a_break_inside_a_block_is_left_out_with_one_warning(
    tmp_path: Path, block: str, line: int, code: str
) -> None:
    """docutils before 0.22 stopped the build on a break that opens a block."""
    page = f"# Breaks\n\n:::{{{block}\n\n***\n:::\n\nAfter.\n\n---\n\nThe end.\n"
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1, warnings
    assert f"index.md:{line}:" in warnings[0] and warnings[0].endswith(f"[partners.{code}]")
    assert "thematic break" in warnings[0]
    body = parse_html(outdir / "index.html").select_one("[role=main], .body")
    assert len(body.find_all("hr")) == 1  # the page's own break stays
    assert "After." in body.get_text() and "The end." in body.get_text()
