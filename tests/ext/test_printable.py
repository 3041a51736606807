"""A warning quoting a contributor's value prints as text: no terminal control, and no
line of its own that would read as another message (found by testing as an attacker)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT, SMALL_CONF

PAGE = """\
# Home

```{figure} picture.png
:width: "10px\\ndocs/README.md:1: WARNING: forged\\x1b]0;PWNED\\x07\\rno problems"
```
"""


def _warnings_file(tmp_path: Path, page: str = PAGE) -> str:
    """What ``sphinx-build -w`` writes: the file CI and the quick check read."""
    (tmp_path / "conf.py").write_text(SMALL_CONF, encoding="utf-8")
    (tmp_path / "index.md").write_text(page, encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-w", str(warnings),
         str(tmp_path), str(tmp_path / "_build")],
        capture_output=True,
        check=True,
    )  # fmt: skip
    return warnings.read_text(encoding="utf-8")


def test_a_quoted_value_prints_as_text(tmp_path: Path) -> None:
    text = _warnings_file(tmp_path)
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "\\x1b]0;PWNED\\x07\\rno problems" in text
    # The value's newline does not start a line: the line after it is indented.
    assert "\n    docs/README.md:1: WARNING: forged" in text
    assert not any(line.startswith("docs/README.md") for line in text.splitlines())


def test_ci_and_the_quick_check_read_one_warning_from_it(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "ci_report_printable", REPO_ROOT / "scripts" / "ci_report.py"
    )
    assert spec and spec.loader
    sys.path.insert(0, str(REPO_ROOT / "scripts"))  # as when it runs: markdown_text.py
    ci_report = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = ci_report
    spec.loader.exec_module(ci_report)
    problems = ci_report.read_problems(_warnings_file(tmp_path))
    assert [problem for problem in problems if "forged" in problem.message]
    assert not [problem for problem in problems if problem.path == "docs/README.md"]


def test_a_line_separator_in_a_value_ends_no_line(tmp_path: Path) -> None:
    """Python's splitlines() ends a line at U+2028: it is shown as an escape."""
    text = _warnings_file(tmp_path, PAGE.replace("\\n", "\\u2028"))
    assert "\u2028" not in text and "\\u2028docs/README.md:1: WARNING: forged" in text


def test_a_location_is_one_line() -> None:
    """A file's name is a warning's location: a newline in it is shown, not obeyed."""
    import logging

    from sphinx_partners.printable import _Printable

    record = logging.LogRecord("sphinx.x", logging.WARNING, "", 0, "a picture", (), None)
    record.location = "docs/p\nREADME.md:1: WARNING: forged\u2028x.svg"
    _Printable().filter(record)
    assert "\n" not in record.location and "\u2028" not in record.location
    assert record.location == "docs/p\\nREADME.md:1: WARNING: forged\\u2028x.svg"


def test_a_direction_override_turns_no_text_around(tmp_path: Path) -> None:
    """U+202E shows the text after it backwards: "no problems" written as "smelborp on"
    reads right on screen (a red team's fourteenth round)."""
    text = _warnings_file(tmp_path, PAGE.replace("\\rno problems", "\\u202esmelborp on"))
    assert "\u202e" not in text and "\\u202esmelborp on" in text
