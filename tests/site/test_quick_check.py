"""``nox -s check`` (``scripts/quick_check.py``): every problem, in one list by line.

It stopped at the first failing step: the Markdown check's four problems were shown,
the build's never ran, and the contributor met them one run later. Now every step
runs, and what the build and the site's checks find is one list, by file and line,
each mistake once (the Markdown check leaves what the build names to it).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, front_matter, write_catalog, write_project

QUICK_CHECK = REPO_ROOT / "scripts" / "quick_check.py"
CHECK_MARKDOWN = REPO_ROOT / "scripts" / "check_markdown.py"
CONF = (
    'extensions = ["myst_parser", "sphinx_partners"]\n'
    'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n'
    'html_theme = "basic"\n'
    "partners_page_rules = True\n"
    "partners_preview_checks = "
    f'[[{sys.executable!r}, {str(CHECK_MARKDOWN)!r}, "--beside-build", "."]]\n'
)
DESCRIPTION = "A page with one mistake of each kind, for the quick check to list."


def _quick_check(srcdir: Path, *first: str) -> subprocess.CompletedProcess[str]:
    arguments = [arg for command in first for arg in ("--first", command)]
    return subprocess.run(
        [sys.executable, str(QUICK_CHECK), "--docs", str(srcdir), *arguments],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def test_every_problem_is_listed_once_by_line_whatever_fails_first(tmp_path: Path) -> None:
    page = front_matter(DESCRIPTION) + (
        "# Page\n"  # 6
        "\nSee [the report](http://example.org/report) by FULL NAME OF THE AUTHOR.\n"  # 8
        "\nText with trailing spaces.  \n"  # 10
        "\n![](missing.png)\n"  # 12
        "\nA\ttab.\n"  # 14
    )
    srcdir = write_project(tmp_path / "docs", CONF, {"index.md": page})
    failing = f"{Path(sys.executable).name} -c \"print('F401 unused'); raise SystemExit(1)\""
    done = _quick_check(srcdir, failing)
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "F401 unused" in out  # the failing first step says why ...
    # Each problem as "path/index.md:LINE: message [code]" (the path as the folder is
    # named: relative inside the repository, as in nox's own temporary folders).
    listed = [re.search(r"index\.md:(\d+): .* \[([\w.]+)\]$", line) for line in out.splitlines()]
    located = [(int(match[1]), match[2]) for match in listed if match]
    # ... and the build still ran: both mistakes of line 8, each mistake once, by line.
    assert located == [
        (8, "partners.placeholder"),
        (8, "md.https"),
        (10, "md.whitespace"),
        (12, "image.not_readable"),
        (12, "partners.alt"),
        (14, "partners.tab"),
    ], out
    assert "6 problems in 1 file, by file and line" in out
    assert "No problems" not in out


def test_a_clean_site_passes(tmp_path: Path) -> None:
    page = front_matter(DESCRIPTION) + "# Page\n\nNothing wrong here.\n"
    srcdir = write_project(tmp_path / "docs", CONF, {"index.md": page})
    python = Path(sys.executable).name
    done = _quick_check(srcdir, f"{python} -c pass", f"{python} -c 'print(1)'")
    assert done.returncode == 0, done.stdout + done.stderr
    # The step is named once, its checks under it (a line each read as a step run again).
    assert done.stdout.count("Step 1 of 2") == 1, done.stdout
    assert done.stdout.count(": passed.") == 2, done.stdout
    assert done.stdout.rstrip().endswith(
        "No problems: the checks of a pull request will pass these steps."
    )


def test_the_quick_check_builds_as_strictly_as_the_noxfile() -> None:
    """quick_check.STRICT and noxfile.STRICT are one promise: a mistake left in place
    fails every run."""
    constants = {}
    for path in (REPO_ROOT / "noxfile.py", QUICK_CHECK):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "STRICT":
                constants[path.name] = tuple(ast.literal_eval(node.value))
    assert constants["noxfile.py"] == constants["quick_check.py"], constants


def test_an_error_that_stops_the_build_is_shown(tmp_path: Path) -> None:
    """Not only warnings: a conf.py that stops the build is shown, never "no problems"."""
    srcdir = write_project(tmp_path / "docs", CONF + "html_theme = 1 / 0\n", {})
    done = _quick_check(srcdir)
    assert done.returncode == 1, done.stdout
    assert "The build stopped:" in done.stdout and "ZeroDivisionError" in done.stdout, done.stdout
    assert "No problems" not in done.stdout


def test_a_warning_about_the_whole_site_is_listed_too(tmp_path: Path) -> None:
    """A warning with no file (a missing html_static_path entry) beside one with a file:
    both listed; the first was left out."""
    page = front_matter(DESCRIPTION) + "# Page\n\nBy FULL NAME OF THE AUTHOR.\n"
    conf = CONF + 'html_static_path = ["nothing-here"]\n'
    srcdir = write_project(tmp_path / "docs", conf, {"index.md": page})
    done = _quick_check(srcdir)
    assert done.returncode == 1, done.stdout
    assert "(the whole site): html_static_path entry 'nothing-here' does not exist" in done.stdout
    assert "[partners.placeholder]" in done.stdout and "2 problems" in done.stdout


def test_the_other_editions_are_built_too(tmp_path: Path) -> None:
    """A Spanish catalog with a broken link and a line without its quotes: the quick
    check said "No problems" (it built the English site only) while CI's build of both
    editions would fail (a tester's finding). A page's own problem is listed once."""
    page = front_matter(DESCRIPTION) + "# Page\n\nSome text by FULL NAME OF THE AUTHOR.\n"
    conf = CONF + 'site_languages = {"en": "English", "es": "Español"}\nlocale_dirs = ["locales"]\n'
    srcdir = write_project(tmp_path / "docs", conf, {"index.md": page})
    write_catalog(srcdir, 'msgid "Page"\nmsgstr "[Página](otra.md)"\nsin comillas\n')
    done = _quick_check(srcdir)
    assert done.returncode == 1, done.stdout + done.stderr
    listed = [line for line in done.stdout.splitlines() if re.match(r"\S+:\d+: ", line)]
    assert [line.split(": ", 1)[0].rsplit("/", 1)[1] for line in listed] == [
        "index.md:8",  # once, though both editions' builds name it
        "index.po:6",
        "index.po:7",
    ], done.stdout
    assert "'otra.md'" in listed[1] and listed[1].endswith("[myst.xref_missing]")
    assert listed[2].endswith("[i18n.catalog_line]")
    assert "No problems" not in done.stdout and "Step 1" not in done.stdout  # no --first


def test_run_as_a_script_it_refuses_a_planted_build_folder_before_building(
    tmp_path: Path,
) -> None:
    """A red team's fourteenth round: a link planted in docs/_build led the copy of the
    resized pictures into .git/hooks; run as a script (or by nox -s partner's check),
    the quick check had no nox session to look first. It now looks itself."""
    page = front_matter(DESCRIPTION) + "# Page\n\nText.\n"
    srcdir = write_project(tmp_path / "docs", CONF, {"index.md": page})
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    planted = srcdir / "_build" / "check-es" / ".doctrees" / "partners-images"
    planted.parent.mkdir(parents=True)
    planted.symlink_to(hooks)
    done = _quick_check(srcdir)
    assert done.returncode == 1, done.stdout + done.stderr
    said = " ".join(done.stdout.split())
    link = "docs/_build/check-es/.doctrees/partners-images"
    assert f"Nothing was built: {link} is a symbolic link" in said
    assert list(hooks.iterdir()) == [] and not (srcdir / "_build" / "check").exists()


@pytest.mark.parametrize("planted", ["link", "tracked"])
def test_the_sessions_that_build_refuse_a_planted_build_folder(
    tmp_path: Path, planted: str
) -> None:
    """The second red team's finding: docs/_build/html-warnings.txt committed as a link to
    ~/.bashrc, and `nox -s docs` wrote the build's warnings through it."""
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    from build_folder import planted as planted_in

    build = tmp_path / "docs" / "_build"
    build.mkdir(parents=True)
    assert planted_in(build, tmp_path) is None  # an empty, untracked folder: fine
    if planted == "link":
        (build / "html-warnings.txt").symlink_to(tmp_path / "bashrc")
        said = "docs/_build/html-warnings.txt is a symbolic link in the build folder"
    else:
        (build / "environment.pickle").write_bytes(b"planted")
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
        subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
        subprocess.run([*git, "add", "-f", "docs/_build"], cwd=tmp_path, check=True)
        said = "docs/_build/environment.pickle is committed to the repository"
    assert said in (planted_in(build, tmp_path) or "")
    assert not (tmp_path / "bashrc").exists()
