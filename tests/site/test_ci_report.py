"""scripts/ci_report.py: a build's warnings as pull-request annotations and a summary."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ci_report.py"
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
    assert "| (the whole site) |  | html_static_path entry" in ci_report.summary(problems)


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
