"""The contributor's tools work (issue 6).

* ``nox -s lint``'s commands pass on the repository (the ``docs`` session's strict build
  is tested elsewhere; ``tests`` is this suite; CI runs every session but ``serve`` and
  ``linkcheck``).
* ``scripts/check_markdown.py`` reports each mistake it knows with file, line and code,
  and stays quiet about Markdown shown as code.
* ``serve`` starts, serves on 127.0.0.1, rebuilds after a file changes, and stops.
* Guide and code cannot drift: every warning code the extension emits has an entry in
  ``docs/authoring/warnings.md``, every entry names a code the extension emits, and each
  entry's example, built in a fresh project, gives that warning with file and line,
  while the entry's fixed version does not.
"""

from __future__ import annotations

import ast
import http.client
import importlib.metadata
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from PIL import Image

from conftest import (
    CARD_LEFT_OPEN,
    SMALL_CONF,
    build_small_site,
    free_port,
    front_matter,
    guide_project,
    parse_html,
    wait_until,
    write_project,
)
from sphinx_partners.messages import Code

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "ext" / "sphinx_partners"
GUIDE = ROOT / "docs" / "authoring" / "warnings.md"
NOXFILE = ROOT / "noxfile.py"
CHECK_MARKDOWN = ROOT / "scripts" / "check_markdown.py"


def _noxfile_constant(name: str) -> Any:
    """A literal from the noxfile, read without importing nox (not a test dependency)."""
    for node in ast.parse(NOXFILE.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                assert node.value is not None
                return ast.literal_eval(node.value)
    raise AssertionError(f"noxfile.py has no {name}")


# -- the strict build ------------------------------------------------------------------


def test_a_strict_build_fails_again_over_a_mistake_left_in_place(tmp_path: Path) -> None:
    """``nox -s docs`` and ``nox -s check`` run twice: the second build must fail too.

    Sphinx reports a page's warnings only when it reads the page; without ``-E`` the
    second build read nothing and said "build succeeded" over the same mistake."""
    srcdir = write_project(
        tmp_path / "src",
        SMALL_CONF,
        {"index.md": "# Home\n\n:::{partner-card} Riverside\n:kind: spaceship\n:::\n"},
    )
    command = [
        sys.executable, "-m", "sphinx", *_noxfile_constant("STRICT"), "-q", "-b", "html",
        str(srcdir), str(tmp_path / "out"),
    ]  # fmt: skip
    for build in ("first", "second"):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode != 0, f"the {build} build passed: {done.stderr}"
        assert "index.md:4: WARNING:" in done.stderr and "[partners.kind]" in done.stderr


# -- lint ------------------------------------------------------------------------------


def _as_module_command(command: tuple[str, ...]) -> list[str]:
    """Run the tool with this interpreter: its environment is the one under test."""
    tool, *args = command
    if tool == "python":
        return [sys.executable, *args]
    return [sys.executable, "-m", tool, *args]


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    _noxfile_constant("PYTHON_CHECKS") + _noxfile_constant("SITE_CHECKS"),
    ids=lambda command: " ".join(command),
)
def test_lint_session_command_passes(command: tuple[str, ...]) -> None:
    done = subprocess.run(
        _as_module_command(command),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"`{' '.join(command)}` failed:\n{done.stdout}\n{done.stderr}"


# -- the Markdown check ------------------------------------------------------------------


@pytest.fixture(scope="module")
def check_markdown() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_markdown", CHECK_MARKDOWN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


DESCRIPTION = '---\nmyst:\n  html_meta:\n    "description lang=en": "A page."\n---\n\n'

MISTAKES = {
    "unclosed fence": ("# T\n\n:::{note}\nText\n", 3, "fence", "never closed"),
    "stray close": ("# T\n\nText\n:::\n", 4, "fence", "closes nothing"),
    "same colons nested": (
        "# T\n\n:::{image-grid}\n:::{figure} a.png\n:alt: A\n:::\n:::\n",
        4,
        "fence",
        "give the outer one more colons: ::::{image-grid}",
    ),
    "card not closed before the next": (
        "# T\n\n:::{partner-card} A\nText\n\n:::{partner-card} B\n:::\n",
        6,
        "fence",
        "add a line with ::: above this one",
    ),
    "no braces": ("# T\n\n:::note\nText\n:::\n", 3, "directive", ":::{note}"),
    "empty alt": ("# T\n\n![](a.png)\n", 3, "alt", "no alt text"),
    "figure without alt": ("# T\n\n```{figure} a.png\n:width: 10\n```\n", 3, "alt", ":alt:"),
    "tab": ("# T\n\n\tText\n", 3, "tab", "tab"),
    "trailing spaces": ("# T\n\nText  \n", 3, "whitespace", "ends with spaces"),
    "raw html": ('# T\n\n<div class="x">Text</div>\n', 3, "html", "raw HTML"),
    "partner id with capitals": ("# T\n\n{partner}`New Bedford`\n", 3, "partner", "lowercase"),
    "card id with spaces": (
        "# T\n\n:::{partner-card} A\n:id: A B\n:::\n",
        4,
        "partner",
        "does not look like a partner id",
    ),
    "unknown partner": (
        "# T\n\n:::{partner-card} Lindsay\n:id: lindsay\n:::\n\n{partner}`lindsey`\n",
        7,
        "partner",
        "Did you mean 'lindsay'?",
    ),
    "http link": ("# T\n\n[Site](http://example.org)\n", 3, "https", "https://"),
    "http url option": (
        "# T\n\n:::{partner-card} A\n:url: http://example.org\n:::\n",
        4,
        "https",
        "https://",
    ),
}


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_check_markdown_reports_mistake(
    case: str, check_markdown: ModuleType, tmp_path: Path
) -> None:
    text, line, code, words = MISTAKES[case]
    page = tmp_path / "page.md"
    page.write_text(DESCRIPTION + text, encoding="utf-8")
    shift = DESCRIPTION.count("\n")
    problems = [str(problem) for problem in check_markdown.check([tmp_path])]
    expected = f"{page}:{line + shift}: [md.{code}] "
    assert any(p.startswith(expected) and words in p for p in problems), problems


def test_check_markdown_page_rules(check_markdown: ModuleType, tmp_path: Path) -> None:
    page = tmp_path / "Our Page.md"
    page.write_text("# T\n", encoding="utf-8")
    problems = [str(problem) for problem in check_markdown.check([tmp_path])]
    assert f"{page}:1: [md.filename]" in "\n".join(problems)
    assert f"{page}:1: [md.description]" in "\n".join(problems)


def test_check_markdown_beside_the_build_leaves_it_what_it_names(
    check_markdown: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Beside the site's strict build (the preview, ``nox -s check``), what the build names
    too is left to it: one mistake, one message. What only the Markdown check sees stays."""
    page = tmp_path / "page.md"
    page.write_text(
        DESCRIPTION
        + "# T\n\nA\ttab and [a link](http://example.org/).\n\n![](class.png)\n"
        + "\n![A class](gone.png) ![A class](Class.PNG)\n\n:::{note}\nNever closed.\n",
        encoding="utf-8",
    )
    (tmp_path / "conf.py").write_text("", encoding="utf-8")  # where paths start
    (tmp_path / "class.png").write_bytes(b"")
    alone = {str(problem).split(" ", 2)[1] for problem in check_markdown.check([page])}
    assert alone == {"[md.tab]", "[md.https]", "[md.alt]", "[md.path]", "[md.fence]"}, alone

    assert check_markdown.main(["--beside-build", str(page)]) == 1
    beside = capsys.readouterr().out
    assert "[md.https]" in beside  # the build says nothing about http://
    paths = [line for line in beside.splitlines() if "[md.path]" in line]
    assert len(paths) == 1 and "Capital letters matter" in paths[0], beside  # a Mac finds it
    for named_by_the_build in ("[md.tab]", "[md.alt]", "[md.fence]"):
        assert named_by_the_build not in beside, beside


def test_check_markdown_names_curly_quotes_around_a_caption(
    check_markdown: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Curly quotes around a picture's caption are named as the cause (a newcomer was
    told of a space in the path); in a grid the build names it, so beside the build the
    Markdown check leaves it there, and outside a grid it is the only one to see it."""
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "a.png").write_bytes(b"")
    page = tmp_path / "page.md"
    page.write_text(
        DESCRIPTION
        + "# T\n\n![A class](/a.png \u201cOur class\u201d)\n\n"  # line 3
        + "::::{image-grid}\n![A class](/a.png \u201cOur class\u201d)\n::::\n",  # line 6
        encoding="utf-8",
    )
    shift = DESCRIPTION.count("\n")
    problems = check_markdown.check([page])
    assert [(p.line - shift, p.code) for p in problems] == [(3, "path"), (6, "path")]
    assert all("curly (\u201c\u201d)" in p.message and "space" not in p.message for p in problems)
    assert check_markdown.main(["--beside-build", str(page)]) == 1
    beside = [line for line in capsys.readouterr().out.splitlines() if "[md.path]" in line]
    assert len(beside) == 1 and f"page.md:{3 + shift}:" in beside[0], beside


def test_check_markdown_names_a_block_left_open_once_where_it_should_end(
    check_markdown: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MyST ends a colon block at the first closing line that fits it: a card left open
    ends at the next card's ``:::``. The check named every card after it (eight messages
    for one mistake, seven of them false), and a card left open before a heading at the
    next card, not above the heading; a grid closed with too few colons was "closing
    nothing". Beside the build, which names each of these itself, it names none."""
    page = tmp_path / "page.md"
    grid = "\n::::{image-grid}\n![A class](a.png)\n:::\n"  # lines 29-32
    page.write_text(DESCRIPTION + CARD_LEFT_OPEN + grid, encoding="utf-8")
    shift = DESCRIPTION.count("\n")
    fences = [p for p in check_markdown.check([page]) if p.code == "fence"]
    assert [p.line - shift for p in fences] == [8, 19, 31], [str(p) for p in fences]
    assert "add a line with ::: above this one" in fences[0].message
    assert "add a line with ::: above the heading" in fences[1].message
    assert f"::: does not close ::::{{image-grid}} (line {29 + shift})" in fences[2].message
    check_markdown.main(["--beside-build", str(page)])
    assert "[md.fence]" not in capsys.readouterr().out


def test_check_markdown_leaves_a_grid_s_capitals_to_the_build_where_it_sees_them(
    check_markdown: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A grid's picture or a card's logo in other capitals: the build names it (with the
    right name) where the file system tells capitals apart, so the check, beside it,
    does not name it again (a tester got two messages); on a Mac only the check sees it."""
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "class.png").write_bytes(b"")
    page = tmp_path / "page.md"
    page.write_text(
        DESCRIPTION
        + "# T\n\n::::{image-grid}\n![A class](/Class.png)\n::::\n\n"
        + ":::{partner-card} A\n:logo: /Class.png\n:::\n",
        encoding="utf-8",
    )
    assert [p.code for p in check_markdown.check([page])] == ["path", "path"]
    check_markdown.main(["--beside-build", str(page)])
    beside = [line for line in capsys.readouterr().out.splitlines() if "[md.path]" in line]
    capitals_ignored = (tmp_path / "CLASS.png").exists()
    assert len(beside) == (2 if capitals_ignored else 0), beside


def test_check_markdown_leaves_an_unknown_partner_id_to_the_build(
    check_markdown: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The build names a link to an unknown id at its line, with the likely id: beside
    it, the check does not name it again (a tester got two messages for one link)."""
    page = tmp_path / "page.md"
    page.write_text(
        DESCRIPTION + "# T\n\n:::{partner-card} B\n:id: bedford\n:::\n\n{partner}`bedfrod`\n",
        encoding="utf-8",
    )
    alone = [str(problem) for problem in check_markdown.check([page])]
    assert len(alone) == 1 and "Did you mean 'bedford'?" in alone[0], alone
    check_markdown.main(["--beside-build", str(page)])
    assert "[md.partner]" not in capsys.readouterr().out


def test_check_markdown_names_a_trailing_tab_once(
    check_markdown: ModuleType, tmp_path: Path
) -> None:
    """A line that is only a tab was named twice: a tab, and "ends with spaces" (it does
    not; found by a newcomer walk-through)."""
    page = tmp_path / "page.md"
    page.write_text(DESCRIPTION + "# T\n\nText\t\n\t\n\nMore \t \n", encoding="utf-8")
    shift = DESCRIPTION.count("\n")
    found = sorted((p.line - shift, p.code) for p in check_markdown.check([page]))
    assert found == [(3, "tab"), (4, "tab"), (6, "tab"), (6, "whitespace")], found


def test_check_markdown_allows_a_rule_for_one_line(
    check_markdown: ModuleType, tmp_path: Path
) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        DESCRIPTION
        + "# T\n\n% check-markdown: allow md.html\n\nShown as text: <b>bold</b>\n"
        + "Not allowed here: <b>bold</b>\n\n"
        + ":::{partner-card} A\n:location: <Somewhere> & co\n:::\n",
        encoding="utf-8",
    )
    problems = [str(problem) for problem in check_markdown.check([page])]
    assert [problem.split(" ", 1)[0] for problem in problems] == [f"{page}:12:"] * 2, problems


def test_check_markdown_checks_image_paths(check_markdown: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "_static" / "photos").mkdir(parents=True)
    (tmp_path / "_static" / "photos" / "visit.jpg").write_bytes(b"")
    page = tmp_path / "page.md"
    page.write_text(
        DESCRIPTION
        + "# T\n\n"
        + "![Fine](/_static/photos/visit.jpg)\n"  # 9
        + '![Fine too](_static/photos/visit.jpg "A caption")\n'  # 10
        + "![Capitals](/_static/photos/Visit.JPG)\n"  # 11
        + "![Space](/_static/photos/our visit.jpg)\n"  # 12
        + ":::{partner-card} A\n:logo: /_static/photo/visit.jpg\n:::\n",  # 14
        encoding="utf-8",
    )
    problems = [str(problem) for problem in check_markdown.check([page])]
    assert [problem.split(" ", 2)[:2] for problem in problems] == [
        [f"{page}:11:", "[md.path]"],
        [f"{page}:12:", "[md.path]"],
        [f"{page}:14:", "[md.path]"],
    ], problems
    assert "Did you mean 'visit.jpg'? Capital letters matter" in problems[0]
    assert "contains a space" in problems[1]
    assert "Did you mean 'photos'?" in problems[2]


def test_check_markdown_suggests_the_leading_slash(
    check_markdown: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "partners").mkdir()
    page = tmp_path / "partners" / "index.md"
    page.write_text(
        DESCRIPTION + "# T\n\n:::{partner-card} A\n:logo: _static/logo.svg\n:::\n",
        encoding="utf-8",
    )
    problems = [str(problem) for problem in check_markdown.check([page])]
    assert len(problems) == 1 and problems[0].startswith(f"{page}:10: [md.path]"), problems
    assert "Did you mean /_static/logo.svg?" in problems[0]


@pytest.mark.parametrize(
    "front",
    [
        '---\ndescription: "Not where MyST reads it."\n---\n',
        '---\nmyst:\n  html_meta:\n    "description lang=en": ""\n---\n',
        '---\nmyst:\n  html_meta:\n    "keywords": "schools"\n---\n',
        "---\nmyst:\n  html_meta:\n",
    ],
    ids=["top-level", "empty", "other-meta", "never-closed"],
)
def test_check_markdown_wants_a_myst_description(
    front: str, check_markdown: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "page.md").write_text(front + "\n# T\n", encoding="utf-8")
    problems = [str(problem) for problem in check_markdown.check([tmp_path])]
    assert any("[md.description]" in problem for problem in problems), problems


def test_check_markdown_names_a_tab_in_the_front_matter(
    check_markdown: ModuleType, tmp_path: Path
) -> None:
    """A tab stops YAML: the message names it at its line, not "no description"."""
    front = '---\nmyst:\n\thtml_meta:\n    "description lang=en": "A page about schools."\n---\n'
    (tmp_path / "page.md").write_text(front + "\n# T\n", encoding="utf-8")
    problems = [str(problem) for problem in check_markdown.check([tmp_path])]
    assert len(problems) == 1, problems
    assert "page.md:3:" in problems[0] and "[md.tab]" in problems[0]
    assert "front matter" in problems[0] and "description" in problems[0]


def test_check_markdown_names_curly_quotes_around_the_description_key(
    check_markdown: ModuleType, tmp_path: Path
) -> None:
    """A word processor curls the key's quotes too: named at its line, not "no description"."""
    front = (
        "---\nmyst:\n  html_meta:\n"
        "    “description lang=en”: “How a district and a school network set goals.”\n---\n"
    )
    (tmp_path / "page.md").write_text(front + "\n# T\n", encoding="utf-8")
    problems = [str(problem) for problem in check_markdown.check([tmp_path])]
    assert len(problems) == 1, problems
    assert "page.md:4: [md.description]" in problems[0]
    assert "curly quotes" in problems[0] and "straight quotes" in problems[0]


def test_check_markdown_leaves_code_and_good_markdown_alone(
    check_markdown: ModuleType, tmp_path: Path
) -> None:
    good = DESCRIPTION + (
        "# T\n\n"
        "Inline `![](a.png)`, `<br>`, `` {partner}`Bad Id` `` and `http://example.org`.\n"
        "A local preview: <http://127.0.0.1:8000>. A secure link: <https://example.org>.\n"
        "![](a.png){.decorative}\n\n"
        "````markdown\n:::{note}\n<b>not closed, in a code block</b>\n````\n\n"
        "::::{image-grid}\n:::{figure} a.png\n:alt: A drawing\n\nIts caption.\n:::\n::::\n\n"
        ":::{partner-card} Example Valley Schools\n:kind: district\n:::\n\n"
        "{partner}`example-valley-schools` and {partner}`The valley <example-valley-schools>`\n"
    )
    (tmp_path / "good-page.md").write_text(good, encoding="utf-8")
    assert [str(problem) for problem in check_markdown.check([tmp_path])] == []


def test_check_markdown_command_line(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(DESCRIPTION + "# T\n\n![](a.png)\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(CHECK_MARKDOWN), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"{tmp_path / 'page.md'}:9: [md.alt]" in done.stdout


# -- serve -------------------------------------------------------------------------------


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
        # Not up yet, or asked while Sphinx rewrites the page (IncompleteRead): the poll
        # asks again, as a reader's browser reloads once the build has finished.
        return None


@pytest.mark.slow
def test_serve_rebuilds_after_a_change(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "roots" / "test-basic", source)
    page = source / "index.md"
    options = list(_noxfile_constant("SERVE_OPTIONS"))
    assert options[options.index("--host") + 1] == "127.0.0.1"  # never on the network
    port = free_port()
    options[options.index("--port") + 1] = str(port)
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sphinx_partners.serve",
            *options,
            str(source),
            str(tmp_path / "out"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/index.html"
    try:
        first: list[str] = []
        served = wait_until(
            lambda: first.append(_fetch(url) or "") or bool(first[-1]), 120, process
        )
        assert served, (tmp_path / "serve.log").read_text()
        assert "Partners test" in first[-1]
        assert "websocket-reload" in first[-1]  # the script that reloads the browser

        original = page.read_text()
        saves: list[float] = []

        def save_and_check() -> bool:
            # Save again every 10 s: on a loaded machine the first save can come before
            # the watcher has started, as an editor's would; a later one must be seen.
            if not saves or time.monotonic() - saves[-1] > 10:
                page.write_text(original + f"\nA sentence added while serving.{len(saves)}\n")
                saves.append(time.monotonic())
            return "A sentence added while serving." in (_fetch(url) or "")

        rebuilt = wait_until(save_and_check, 120, process)
        assert rebuilt, (tmp_path / "serve.log").read_text()
        # Each build ends with the report of the whole site, and Sphinx's own chatter
        # (its version, MyST's settings) is off.
        # (The summary follows the page's writing: wait for it, as a reader would.)
        log_path = tmp_path / "serve.log"
        clean = "sphinx-partners preview: no problems in the site."
        assert wait_until(lambda: log_path.read_text().count(clean) >= 2, 60, process), (
            log_path.read_text()
        )
        output = log_path.read_text()
        assert "MdParserConfig" not in output and "Running Sphinx" not in output, output
    finally:
        # The server and any build it started: they share the session made for them.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        log.close()
    assert process.returncode is not None
    assert _fetch(url) is None  # stopped: nothing answers any more


# -- warning codes and the guide ---------------------------------------------------------


def _codes_in_use() -> set[str]:
    """The codes the extension's source passes to warn (``Code.ALT``...)."""
    source = "".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    return {code.value for code in Code if f"Code.{code.name}" in source}


#: An entry starts with a label and a heading that name the same code: ``(partners-alt)=``
#: and ``## partners.alt`` (or ``ref.partner`` for the role's links, which Sphinx types).
ENTRY = re.compile(
    r"^\((?P<label>[a-z]+-[a-z0-9-]+)\)=\n## (?P<code>[a-z]+\.[a-z0-9_-]+)\s*$", re.M
)
HEADING = re.compile(r"^## (?P<title>.*)$", re.M)
#: The first markdown block of an entry is the mistake; any further ones are fixes.
MARKDOWN_BLOCK = re.compile(
    r"^(?P<fence>`{3,})(?:markdown|md)\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S
)
#: The first text block is the warning the mistake gives, wrapped to be read without
#: scrolling.
TEXT_BLOCK = re.compile(r"^(?P<fence>`{3,})text\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)
#: An entry about a setting shows conf.py lines instead of a page.
PYTHON_BLOCK = re.compile(r"^(?P<fence>`{3,})python\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)


def guide_entries() -> dict[str, str]:
    """The guide's entries: code (``partners.alt``) -> the entry's text, to the next one."""
    text = GUIDE.read_text(encoding="utf-8")
    matches = list(ENTRY.finditer(text))
    entries = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        assert match.group("label") == match.group("code").replace(".", "-"), match.group(0)
        end = following.start() if following else len(text)
        entries[match.group("code")] = text[match.end() : end]
    return entries


def test_every_code_has_a_guide_entry() -> None:
    entries = guide_entries()
    missing = [code.value for code in Code if f"partners.{code.value}" not in entries]
    assert not missing, f"add an entry to docs/authoring/warnings.md for: {missing}"


def test_every_guide_entry_is_a_code_of_the_extension() -> None:
    ours = {code for code in guide_entries() if code.startswith("partners.")}
    stale = ours - {f"partners.{code.value}" for code in Code}
    assert not stale, f"the guide describes codes the extension does not have: {sorted(stale)}"


def test_every_code_is_given_somewhere_and_explained() -> None:
    assert _codes_in_use() == {code.value for code in Code}
    assert all(code.__doc__ and code.__doc__.endswith(".") for code in Code)


def test_guide_entries_are_tidy() -> None:
    entries = guide_entries()
    # Headings of the guide, not of the examples in its code blocks.
    prose = re.sub(r"^(`{3,}).*?^\1\s*$", "", GUIDE.read_text(), flags=re.M | re.S)
    headings = [match.group("title") for match in HEADING.finditer(prose)]
    assert headings == list(entries), "every ## heading is an entry with its (label)= line"
    for code, body in entries.items():
        for part in ("**What it means.**", "**How to fix it.**", "**Example"):
            assert part in body, f"{code} has no {part}"
        assert MARKDOWN_BLOCK.search(body) or PYTHON_BLOCK.search(body) or code in OWN_TEST, (
            f"{code} has no ```markdown (or, for a setting, ```python) example"
        )


def _build_warnings(make_app: Any, srcdir: Path) -> list[str]:
    from sphinx.util.console import strip_colors

    app = make_app("html", srcdir=srcdir)
    app.build()
    return strip_colors(app.warning.getvalue()).splitlines()


#: Entries whose example is not a page or a setting, with the test that builds it.
OWN_TEST = {
    "partners.committed": "tests/ext/test_build_folder.py (a git repository)",
    "partners.catalog": "tests/ext/test_translations.py (a compiled catalog)",
}


def _entries_with_examples() -> list[Any]:
    return [
        pytest.param(code, body, id=code)
        for code, body in sorted(guide_entries().items())
        if code not in OWN_TEST
    ]


@pytest.mark.parametrize(("code", "body"), _entries_with_examples())
def test_guide_example_gives_its_warning(
    code: str, body: str, make_app: Any, tmp_path: Path
) -> None:
    examples = [match.group("body") for match in MARKDOWN_BLOCK.finditer(body)]
    settings = [match.group("body") for match in PYTHON_BLOCK.finditer(body)]
    where = "index.md"
    if not examples:  # an entry about a setting: the example is conf.py's
        examples, where = ["# A page\n"] * len(settings), "conf.py"
    # The guide shows a tab as ⇥, an escape as ␛ and U+202E as ⇄ (a literal one would be
    # a mistake in the guide itself).
    shown_as = {"\u21e5": "\t", "\u241b": "\x1b", "\u21c4": "\u202e"}
    examples = [re.sub("[\u21e5\u241b\u21c4]", lambda m: shown_as[m[0]], e) for e in examples]
    mistake, fixes = examples[0], examples[1:]

    guide_project(tmp_path / "mistake", mistake, settings=settings[0] if settings else "")
    warnings = _build_warnings(make_app, tmp_path / "mistake")
    located = re.compile(rf"{re.escape(where)}:\d+: WARNING: .* \[{re.escape(code)}\]$")
    ours = [line for line in warnings if located.search(line)]
    assert ours, f"the example of {code} gives no such warning: {warnings}"

    # Where the guide shows the output for the example page itself, it is the real one
    # (the guide wraps long lines, so compare the words).
    shown = TEXT_BLOCK.search(body)
    if shown and shown.group("body").startswith(f"{where}:"):
        expected = " ".join(shown.group("body").split())
        assert any(" ".join(line.split()).endswith(expected) for line in ours), (expected, ours)

    for number, fix in enumerate(fixes):
        fixed_settings = settings[number + 1] if where == "conf.py" else ""
        guide_project(
            tmp_path / f"fixed-{number}", fix, cards_for_links=True, settings=fixed_settings
        )
        after = _build_warnings(make_app, tmp_path / f"fixed-{number}")
        assert not [line for line in after if f"[{code}]" in line], after


# -- what `nox -s lint` installs ---------------------------------------------------------


def _extras_closure(extras: list[str]) -> set[str]:
    """The distributions ``pip install .[extras]`` installs (our own extras followed)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted, seen = list(project["dependencies"]), set()
    pending = list(extras)
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in map(Requirement, project["optional-dependencies"][extra]):
            if canonicalize_name(requirement.name) == canonicalize_name(project["name"]):
                pending.extend(requirement.extras)
            else:
                wanted.append(str(requirement))
    # And what those bring in (jinja2 comes with Sphinx), as installed here.
    installed: set[str] = set()
    pending_names = [Requirement(requirement).name for requirement in wanted]
    while pending_names:
        name = canonicalize_name(pending_names.pop())
        if name in installed:
            continue
        installed.add(name)
        for requirement in map(Requirement, importlib.metadata.requires(name) or []):
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending_names.append(requirement.name)
    return installed


def _imported_modules(package: Path) -> set[str]:
    """The top-level modules the package's code imports (not relative imports)."""
    found = set()
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.partition(".")[0])
    return found


def test_the_lint_session_installs_what_mypy_reads() -> None:
    """``nox -s lint`` (and plain ``nox``) type-checks the extension: every package its
    code imports must be installed there, or mypy fails on a fresh clone (it did, for
    the preview's uvicorn, starlette and watchfiles)."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ignored = {
        module.partition(".")[0]
        for override in settings["tool"]["mypy"].get("overrides", [])
        if override.get("ignore_missing_imports")
        for module in override["module"]
    }
    [lint] = [
        node
        for node in ast.parse(NOXFILE.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and node.name == "lint"
    ]
    [extras] = [
        node.args[1].value
        for node in ast.walk(lint)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_install"
    ]
    installed = _extras_closure(extras.split(","))
    distributions = importlib.metadata.packages_distributions()
    third_party = (
        _imported_modules(ROOT / "ext" / "sphinx_partners")
        - set(sys.stdlib_module_names)
        - {"sphinx_partners"}
        - ignored
    )
    missing = {
        module
        for module in third_party
        if not {canonicalize_name(name) for name in distributions.get(module, [])} & installed
    }
    assert not missing, f"nox -s lint does not install what provides {sorted(missing)}"


def test_the_preview_lists_the_sites_checks_with_the_builds_warnings(
    make_app: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The site's Markdown and photo checks run beside each preview build (docs/conf.py's
    partners_preview_checks): the terminal's summary and the page's box list what they
    find, and an image without alt text, which the build reports ([partners.alt]), is not
    reported again by the Markdown check beside it (one mistake, one message)."""
    description = "A page of photos that shows how the preview lists its problems."
    front_matter = f'---\nmyst:\n  html_meta:\n    "description lang=en": "{description}"\n---\n'
    # Line 8: trailing spaces; line 11: an image without alt text.
    page = front_matter + "# Photos\n\nIntro.  \n\n::::{image-grid}\n![](/photo.png)\n::::\n"
    checks = [
        [sys.executable, str(CHECK_MARKDOWN), "--beside-build", "."],
        [sys.executable, str(ROOT / "scripts" / "photos.py"), "check", "."],
    ]
    srcdir = write_project(
        tmp_path / "src",
        'extensions = ["myst_parser", "sphinx_partners"]\n'
        'myst_enable_extensions = ["colon_fence"]\npartners_preview = True\n'
        f"partners_preview_checks = {checks!r}\n",
        {"index.md": page},
    )
    photo = Image.new("RGB", (40, 30), "teal")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (45.0, 31.0, 0.0)}  # a GPS position
    photo.save(srcdir / "photo.png", exif=exif)
    app = make_app("html", srcdir=srcdir)
    app.build()
    summary = capsys.readouterr().err
    assert "3 problems in the site:" in summary, summary
    assert "index.md:8: [md.whitespace]" in summary
    assert "index.md:11: WARNING: image-grid: image '/photo.png' has no alt text" in summary
    assert "[md.alt]" not in summary  # the build said it already
    assert "photo.png: it keeps hidden metadata (EXIF, GPS position)." in summary
    panel = parse_html(app.outdir / "index.html").select_one(".partners-preview-panel")
    items = [item.get_text(" ", strip=True) for item in panel.select("li")]
    assert len(items) == 2, items  # the photo is no page: the summary lists it
    assert items[0].startswith("Line 8: [md.whitespace] the line ends with spaces")
    assert items[1].startswith("Line 11: image-grid: image '/photo.png' has no alt text")

    (srcdir / "index.md").write_text(page.replace("Intro.  ", "Intro."), encoding="utf-8")
    Image.new("RGB", (40, 30), "teal").save(srcdir / "photo.png")
    app = make_app("html", srcdir=srcdir)
    app.build()
    summary = capsys.readouterr().err
    assert "1 problem in the site:" in summary and "[partners.alt]" in summary, summary


def test_the_markdown_check_alone_says_it_found_nothing(
    tmp_path: Path, capsys, check_markdown: ModuleType
) -> None:
    """Run alone, it printed nothing when it found nothing (a tester could not tell it
    had run); it says so, and that it is not the whole check. Beside the build, silent."""
    page = tmp_path / "page.md"
    described = '"description lang=en": "A page that the test writes, with nothing wrong."'
    page.write_text(f"---\nmyst:\n  html_meta:\n    {described}\n---\n# Page\n\nFine.\n", "utf-8")
    assert check_markdown.main([str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert "No problems in the Markdown (1 file(s) checked)" in said
    assert "nox -R -s check" in said
    assert check_markdown.main(["--beside-build", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


def test_the_new_page_template_left_as_it_is_is_named(tmp_path: Path) -> None:
    """CONTRIBUTING's page template, added unchanged, passed the quick check ("No
    problems") with its example sentences (a tester's finding): its words to replace
    are placeholders the build names."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Add a page") :]
    template = re.search(r"```markdown\n(?P<body>.*?)\n\s*```", section, re.S)
    assert template is not None
    page = "\n".join(line.removeprefix("   ") for line in template["body"].splitlines())
    settings = "partners_page_rules = True\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page + "\n"}, settings)
    placeholders = [w for w in warnings if w.endswith("[partners.placeholder]")]
    # The description, the title, the paragraph, the link's words and its address.
    assert len(placeholders) == 5, warnings
    # The paragraph on its own, the rest written: its two words in capitals passed (a
    # tester's finding); every line to replace holds three or more.
    paragraph = next(line for line in page.splitlines() if line.startswith("ONE"))
    written = (
        front_matter("A survey that schools send to families each spring, and what it asks.")
        + f"# The family survey\n\n{paragraph}\n"
    )
    _, warnings, _ = build_small_site(tmp_path / "kept", {"index.md": written}, settings)
    assert [w for w in warnings if w.endswith("[partners.placeholder]")], warnings


def test_a_page_in_another_encoding_is_not_a_python_problem(tmp_path: Path) -> None:
    """A page saved as Windows-1252 failed the quick check's Python step ("ruff format:
    stream did not contain valid UTF-8"), beside the build's own clear message (a
    tester's finding): pages are not Python's to check."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "survey.md").write_bytes(b"# Survey\n\nThe school\x92s caf\xe9.\n")
    for command in (("format", "--check", "."), ("check", ".")):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
