"""The quick check before a pull request: every problem, in one list, by file and line.

Usage: ``python scripts/quick_check.py [--first COMMAND ...]`` (``nox -s check`` runs it,
with the Python checks as ``--first``). In order, each step runs whatever the one before
found:

1. each ``--first`` command (the Python checks): its own output, if it fails;
2. the strict build of ``docs/`` (``-W --keep-going -n -E``, as ``nox -s docs``), with
   the site's own checks running beside it: the commands of ``partners_preview_checks``
   in ``docs/conf.py`` (the Markdown check, the photos), as the preview runs them; then
   the same build of each other edition of ``site_languages`` (``-D language=es``), whose
   catalogs a translator changes;

then one list of what the build and the checks found, sorted by file and line
(``docs/about.md:12: message [code]``, which editors open at the line), and how many.
It stopped at the first failing step before: a contributor fixed the Markdown, ran it
again, and only then met the build's problems.
"""

from __future__ import annotations

import argparse
import os
import runpy
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_folder import planted
from ci_report import read_problems

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: As noxfile.STRICT: warnings are errors, every page read again (a mistake left in
#: place must fail every run, not only the first).
STRICT = ("-W", "--keep-going", "-n", "-E")


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the repository when inside it
    line: int | None
    message: str  # ending in its code in brackets, when it has one
    #: Found by one of the site's checks (listed after the build's at the same line).
    by_a_check: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def _shown(path: str | Path) -> str:
    if not path:
        return "(the whole site)"  # a warning about the project, not one file
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:  # outside the repository: as it is
        return str(path)


def _code_last(message: str) -> str:
    """``[md.tab] the line ...`` -> ``the line ... [md.tab]``, as the build writes it."""
    if message.startswith("[") and "] " in message:
        code, _, rest = message[1:].partition("] ")
        if code and " " not in code:
            return f"{rest} [{code}]"
    return message


def run_first(commands: list[str]) -> bool:
    """Run each command; print the output of those that fail. True if all passed."""
    passed = True
    # One heading for the step, each check under it: a "Step 1 of 2" line per check read
    # as the same step run again (a newcomer's finding).
    if commands:
        print("Step 1 of 2, the Python code:", flush=True)
    for command in commands:
        tool, *arguments = shlex.split(command)
        # The tools of this interpreter's environment, also when it is not on PATH.
        found = shutil.which(tool) or shutil.which(tool, path=str(Path(sys.executable).parent))
        if found is None:
            passed = False
            print(f"  {command}: could not start: {tool} is not installed.", flush=True)
            continue
        done = subprocess.run(
            [found, *arguments], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode == 0:
            print(f"  {command}: passed.", flush=True)
            continue
        passed = False
        output = f"{done.stdout}{done.stderr}".rstrip()
        print(f"  {command}: failed.\n{output}\n", flush=True)
    return passed


def _strict_build(docs: Path, out: Path, *options: str) -> tuple[list[Problem], str | None]:
    """One strict build of *docs* into *out*: its warnings, and what else it printed
    when it failed (an error that stopped it)."""
    with tempfile.TemporaryDirectory() as scratch:
        warnings_file = Path(scratch) / "warnings.txt"
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", *STRICT, "-q", "-w", str(warnings_file),
             *options, "-b", "html", str(docs), str(out)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        text = warnings_file.read_text(encoding="utf-8") if warnings_file.exists() else ""
    warned = [
        Problem(_shown(p.path), p.line, f"{p.message} [{p.code}]" if p.code else p.message)
        for p in read_problems(text)
    ]
    # sphinx-build ends with status 1 for warnings turned into errors (-W), 2 for an
    # error that stopped it: that one is shown as Sphinx printed it, never hidden.
    stopped = None
    if done.returncode > 1 or (done.returncode and not warned):
        printed = (done.stderr + done.stdout).strip()
        stopped = printed or f"sphinx-build ended with status {done.returncode}."
    return warned, stopped


def _other_editions(settings: dict[str, Any]) -> list[str]:
    """The site's published languages but its own (``site_languages`` in conf.py)."""
    default = settings.get("site_default_language", "en")
    languages = settings.get("site_languages", {})
    return [code for code in languages if code != default] if isinstance(languages, dict) else []


def build_and_check(docs: Path) -> tuple[list[Problem], str | None]:
    """The strict build with the site's checks beside it, then each other edition's
    (its catalogs are the translators' pages): what they found, and what else a build
    printed when it failed."""
    from sphinx_partners.preview_checks import RunningChecks

    try:
        settings = runpy.run_path(str(docs / "conf.py"))
    except Exception:  # a broken conf.py: the build says how, below
        settings = {}
    running = RunningChecks(settings.get("partners_preview_checks", []), docs)  # run beside
    out = docs / "_build" / "check"
    warned, stopped = _strict_build(docs, out)
    found = [
        Problem(_shown(f.path), f.line, _code_last(f.message), by_a_check=True)
        for f in running.findings()
    ]
    for language in [] if stopped else _other_editions(settings):
        # The resized pictures are the same in every language: from the first build.
        edition = docs / "_build" / f"check-{language}"
        pictures = out / ".doctrees" / "partners-images"
        if pictures.is_dir():
            shutil.copytree(pictures, edition / ".doctrees" / "partners-images", dirs_exist_ok=True)
        more, stopped = _strict_build(docs, edition, "-D", f"language={language}")
        warned += more  # a page's own problem is in both: listed once (report)
        if stopped:
            break
    return warned + found, stopped


def report(problems: list[Problem]) -> str:
    """The list, by file and line, then the count."""
    # Within a line, the build's before the checks', as the preview lists them; each once.
    ordered = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.by_a_check, p.message))
    files = len({problem.path for problem in ordered})
    lines = [str(problem) for problem in ordered]
    count = len(ordered)
    lines.append(
        f"{count} problem{'s' if count > 1 else ''} in {files} file{'s' if files > 1 else ''}, "
        "by file and line: fix each at its line (the code in brackets is explained in "
        "docs/authoring/warnings.md and docs/contributing/ci-checks.md), or, for a photo, "
        "run the command its message names; then run the check again."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--first", action="append", default=[], metavar="COMMAND",
        help="a command to run before the build, such as 'ruff check .' (repeatable)",
    )  # fmt: skip
    parser.add_argument(
        "--docs", type=Path, default=DOCS, help="the Sphinx project (default: docs/)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_COLOR", "1")  # plain text for the list
    # The nox sessions look first too; run as a script (or by nox -s partner's check),
    # this is the only look: a link planted in docs/_build took a copy of the resized
    # pictures into .git/hooks (a red team's fourteenth round).
    docs = args.docs.resolve()
    problem = planted(docs / "_build", docs.parent)
    if problem:
        print(f"Nothing was built: {problem}")
        return 1
    first_passed = run_first(args.first)
    # Numbered, so that the first step's "passed" is not read as the whole check's.
    step = "Step 2 of 2, the" if args.first else "The"
    print(f"{step} strict build of {_shown(args.docs)}/, with the site's checks ...", flush=True)
    problems, stopped = build_and_check(docs)
    if stopped:
        print(f"The build stopped:\n{stopped}")
    if problems:
        print(report(problems))
    elif not stopped:
        print("The build and the site's checks: no problems.")
    if first_passed and not problems and not stopped:
        print("No problems: the checks of a pull request will pass these steps.")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
