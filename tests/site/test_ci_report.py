"""scripts/ci_report.py: a build's warnings as pull-request annotations and a summary."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
SCRIPT = SCRIPTS / "ci_report.py"
sys.path.insert(0, str(SCRIPTS))  # as when it runs: its neighbour markdown_text.py
_spec = importlib.util.spec_from_file_location("ci_report", SCRIPT)
assert _spec and _spec.loader
ci_report = importlib.util.module_from_spec(_spec)
sys.modules["ci_report"] = ci_report
_spec.loader.exec_module(ci_report)

WARNINGS = f"""\
{ROOT}/docs/partners/index.md:12: WARNING: partner-card 'X': kind 'spaceship' was not used:
use one of: district, school. [partners.kind]
{ROOT}/docs/about.md: WARNING: document isn't included in any toctree [toc.not_included]
"""


def test_each_warning_becomes_an_annotation_at_its_line(tmp_path: Path) -> None:
    problems = ci_report.read_problems(WARNINGS)
    assert [(p.path, p.line, p.code) for p in problems] == [
        ("docs/partners/index.md", 12, "partners.kind"),
        ("docs/about.md", None, "toc.not_included"),
    ]
    assert problems[0].message.endswith("use one of: district, school.")
    assert ci_report.annotation(problems[0]) == (
        "::warning file=docs/partners/index.md,line=12,title=partners.kind::"
        "partner-card 'X': kind 'spaceship' was not used: use one of: district, school."
    )


def test_a_warning_about_the_whole_site_is_not_lost() -> None:
    """Sphinx writes some warnings with no file ("WARNING: html_static_path entry ...
    does not exist"): they were dropped from the annotations, the summary and the quick
    check's list, which then showed only the others."""
    text = WARNINGS + "WARNING: html_static_path entry 'nothing-here' does not exist\n"
    problems = ci_report.read_problems(text)
    assert len(problems) == 3, problems
    assert (problems[2].path, problems[2].line) == ("", None)
    assert problems[2].message == "html_static_path entry 'nothing-here' does not exist"
    assert ci_report.annotation(problems[2]) == (
        "::warning title=sphinx::html_static_path entry 'nothing-here' does not exist"
    )
    assert "| (the whole site) |  | html\\_static\\_path entry" in ci_report.summary(problems)


def test_the_summary_lists_every_problem_or_says_there_are_none(tmp_path: Path) -> None:
    warnings = tmp_path / "warnings.txt"
    warnings.write_text(WARNINGS, encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "PATH": ""}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(warnings)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert done.stdout.count("::warning file=") == 2
    text = summary.read_text(encoding="utf-8")
    assert "### 2 problems to fix" in text and "| `docs/partners/index.md` | 12 |" in text

    warnings.write_text("", encoding="utf-8")
    summary.unlink()
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(warnings)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and "no problems" in summary.read_text(encoding="utf-8")


def test_what_a_contributor_wrote_stays_text_in_the_summary() -> None:
    """A message quotes an option's value: it must not become a picture that reports
    who reads the summary, a link that passes for the project's, HTML or a new row."""
    value = (
        "<img src=https://example.com/px.png> ![leak](https://example.com/leak.png) "
        "[Fix it here](https://evil.example/login) <h1>Forged</h1> | new cell"
    )
    problem = ci_report.Problem("docs/a`b.md", 3, f"Invalid option value: {value}", "myst")
    row = ci_report.summary([problem]).splitlines()[-1]
    assert "<img" not in row and "<h1>" not in row and "&lt;img" in row
    assert "![" not in row and "](" not in row.replace("\\](", "")
    assert len(re.findall(r"(?<!\\)\|", row)) == 4  # three cells, none added
    assert "``docs/a`b.md``" in row


def test_an_address_in_a_message_is_no_link_in_the_summary() -> None:
    """GitHub's Markdown makes links of bare addresses: a message quoting one showed a
    link that passed for the project's (red team, sixth round). The summary is read
    here by markdown-it with its linkify rules, as a Markdown reader sees it."""
    from markdown_it import MarkdownIt

    value = (
        "ftp://www.partners-login.example/verify https://evil.example/x "
        "www.evil.example help@evil.example"
    )
    problem = ci_report.Problem("docs/about.md", 3, f"The link {value} is broken.", "myst")
    reader = MarkdownIt("gfm-like")
    reader.linkify.set({"fuzzy_link": True, "fuzzy_email": True})
    rendered = reader.render(ci_report.summary([problem]))
    assert "<a " not in rendered, rendered
    # Shown as written: the space between the characters is one no reader sees.
    shown = rendered.replace("\u200b", "")
    assert "ftp://www.partners-login.example/verify" in shown and "help@evil.example" in shown


def test_a_command_s_output_cannot_forge_a_workflow_command() -> None:
    """What a build prints quotes contributors' values; a newline in one starts a line
    GitHub would obey (``::error file=...``). The wrapper turns commands off around it."""
    forging = (
        "import sys; print('::error file=README.md::forged'); "
        "print('::add-mask::x', file=sys.stderr); sys.exit(3)"
    )
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "untrusted_output.py"), sys.executable, "-c", forging],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 3
    stop = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[0])
    assert stop is not None and lines[-1] == f"::{stop.group(1)}::"
    assert lines[1:-1] == ["::error file=README.md::forged", "::add-mask::x"]


def test_every_ci_step_that_builds_content_turns_commands_off() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    runs = [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "run" in step and re.search(r"\bnox\s+-s\s+", step["run"])
    ]
    assert len(runs) >= 5
    # The translations' status too: its error output quotes catalogs (red team, fifth
    # round: "##[error]..." in a catalog's charset).
    assert all(run.startswith("python scripts/untrusted_output.py ") for run in runs), runs
