"""The site's own checks, run beside each preview build; what they find joins the report.

A site may check what Sphinx never sees: a tab or trailing spaces in Markdown, a photo
that still carries its GPS position. Run after the build, such a check printed its
findings under a summary that had just said "no problems in the site", and the page's
box never showed them. ``partners_preview_checks`` lists the commands; the preview
starts them when a build starts (they run while Sphinx reads), waits for them before the
first page is written, and adds each line they print as ``path:line: message`` or
``path: message`` (for a file that exists) to the report: the terminal's summary lists
it, and a page's box shows those of its own file. Every finding is listed, also at a
line the build warned about (another mistake can share its line): for one mistake to
get one message, a check leaves out what the build names itself.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx

#: A check that has not finished by then is reported as such, and the build goes on.
TIMEOUT_SECONDS = 60
#: ``path:line: message`` (a page's line) or ``path: message`` (a whole file).
_FINDING = re.compile(r"^(?P<path>[^\n]+?)(?::(?P<line>\d+))?: (?P<message>\S.*)$")


@dataclass(frozen=True)
class Finding:
    """One line a check printed: the file (absolute), its line if any, the message."""

    path: Path
    line: int | None
    message: str


class RunningChecks:
    """The checks of one build, started together; ``findings`` waits for them."""

    def __init__(self, commands: Sequence[Sequence[str]], cwd: Path) -> None:
        self.cwd = cwd
        self._started: list[tuple[str, subprocess.Popen[str] | OSError]] = []
        for command in commands:
            name = " ".join(command)
            try:
                process = subprocess.Popen(
                    list(command),
                    cwd=cwd,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                )
            except OSError as error:  # not installed, not executable
                self._started.append((name, error))
            else:
                self._started.append((name, process))
        self._findings: list[Finding] | None = None

    def findings(self) -> list[Finding]:
        """Every finding of every check (waiting for them the first time)."""
        if self._findings is None:
            self._findings = []
            for name, process in self._started:
                self._findings += self._collect(name, process)
        return self._findings

    def _collect(self, name: str, process: subprocess.Popen[str] | OSError) -> list[Finding]:
        if isinstance(process, OSError):
            return [Finding(self.cwd, None, f"the check {name!r} could not start: {process}")]
        try:
            output, _ = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            message = f"the check {name!r} did not finish in {TIMEOUT_SECONDS} s"
            return [Finding(self.cwd, None, message)]
        findings = [f for f in map(self._parse, output.splitlines()) if f is not None]
        if process.returncode and not findings:  # it failed without saying where
            last = output.strip().splitlines()[-1:] or [f"status {process.returncode}"]
            findings.append(Finding(self.cwd, None, f"the check {name!r} failed: {last[0]}"))
        return findings

    def _parse(self, text: str) -> Finding | None:
        match = _FINDING.match(text.rstrip())
        if match is None:
            return None
        try:
            path = (self.cwd / match["path"]).resolve()
            exists = path.exists()
        except (OSError, ValueError):  # no path a system takes (too long, a NUL byte)
            return None
        if not exists:  # a summary line ("2 problems: ..."), not a finding
            return None
        line = int(match["line"]) if match["line"] else None
        return Finding(path, line, match["message"])


def start_checks(app: Sphinx) -> RunningChecks | None:
    """Start the site's checks for this build (``partners_preview_checks``), if any."""
    commands = app.config.partners_preview_checks
    return RunningChecks(commands, Path(app.confdir)) if commands else None
