"""Turn a build's warnings into what a pull request shows: annotations and a summary.

Usage: ``python scripts/ci_report.py WARNINGS_FILE`` (written by ``sphinx-build -w``).
On GitHub Actions each warning becomes an annotation on its file and line in the pull
request's "Files changed" view, and the job summary lists them all with the fix, or
says there are none. Elsewhere it prints the same list. Exits 1 if there is a warning.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from markdown_text import code, plain

ROOT = Path(__file__).resolve().parent.parent
#: ``path:line: WARNING: message [type.subtype]`` as Sphinx writes it (line optional; the
#: path too: a warning about the whole project, such as a missing html_static_path entry,
#: has none, and must not be lost).
WARNING = re.compile(
    r"^(?:(?P<path>[^\n]+?)(?::(?P<line>\d+))?: )?(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<code>[\w.-]+)\])?$"
)


_START = re.compile(r"^(?:\S[^\n]*?: )?(?:WARNING|ERROR|CRITICAL): ")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    code: str


def read_problems(text: str) -> list[Problem]:
    """Every warning of a Sphinx warnings file; continuation lines join their warning."""
    entries: list[str] = []
    for raw in text.split("\n"):  # not splitlines(): a U+2028 in a value ends no line
        # A warning starts at the line's start; the lines after its first are indented
        # (a quoted value's newline cannot start a warning of its own).
        if _START.match(raw):
            entries.append(raw.strip())
        elif entries and raw.strip():  # a message over several lines
            entries[-1] += " " + raw.strip()
    problems = []
    for entry in entries:
        match = WARNING.match(entry)
        if match is None:
            continue
        path = match.group("path") or ""  # "": about the whole project
        with contextlib.suppress(ValueError, OSError):  # outside the repository: as is
            path = Path(path).resolve().relative_to(ROOT).as_posix() if path else ""
        line = int(match.group("line")) if match.group("line") else None
        problems.append(Problem(path, line, match.group("message"), match.group("code") or ""))
    return problems


def _escape_data(text: str) -> str:
    # GitHub's workflow-command encoding for a message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """A GitHub Actions ``::warning`` command for *problem*."""
    place = f"file={_escape_property(problem.path)}," if problem.path else ""
    if problem.path and problem.line:
        place += f"line={problem.line},"
    title = _escape_property(problem.code or "sphinx")
    return f"::warning {place}title={title}::{_escape_data(problem.message)}"


def summary(problems: list[Problem]) -> str:
    """The job summary, in Markdown."""
    if not problems:
        return "### The site builds with no problems\n"
    lines = [
        f"### {len(problems)} problem{'s' if len(problems) > 1 else ''} to fix",
        "",
        "Each is also marked on its line in the pull request's *Files changed* tab. The "
        "code in brackets is explained in the authoring guide's list of warnings.",
        "",
        "| File | Line | What to fix |",
        "|---|---|---|",
    ]
    for problem in problems:
        message = plain(problem.message)
        kind = f" {code(f'[{problem.code}]')}" if problem.code else ""
        where = code(problem.path) if problem.path else "(the whole site)"
        lines.append(f"| {where} | {problem.line or ''} | {message}{kind} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "warnings", type=Path, nargs="+", help="the files sphinx-build -w wrote (one per edition)"
    )
    args = parser.parse_args()
    problems = []
    for warnings in args.warnings:
        if warnings.exists():
            problems.extend(read_problems(warnings.read_text(encoding="utf-8")))
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        if on_github:
            print(annotation(problem))
        else:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            print(f"{where or '(the whole site)'}: {problem.message} [{problem.code}]")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with Path(step_summary).open("a", encoding="utf-8") as out:
            out.write(summary(problems))
    elif not problems:
        print("No problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
