"""Three independent accessibility engines, injected into a page and run there.

- axe-core (Deque), from the copy axe-playwright-python ships: WCAG 2.0, 2.1 and 2.2 at
  levels A and AA, plus its best-practice rules;
- HTML_CodeSniffer (Squiz), the npm package ``html_codesniffer``: the WCAG2AA standard,
  errors only (its warnings and notices ask a person to look);
- the IBM Equal Access engine, the npm package ``accessibility-checker-engine``: the
  ``WCAG_2_2`` rule set, violations only (its "potential" findings ask a person to look;
  its "recommendation" rules, which never report a violation, are not run).

The npm packages are pinned in ``tests/browser/package-lock.json`` and installed by the
first test that needs them (``npm ci``), with the machine's Node.js.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ._axe import axe_script

HERE = Path(__file__).parent
NODE_MODULES = HERE / "node_modules"
ENGINES = {
    "ibm": NODE_MODULES / "accessibility-checker-engine" / "ace.js",
    "htmlcs": NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js",
}
#: MathJax, for the test of the settings a hardened site gives it (test_mathjax.py).
MATHJAX = NODE_MODULES / "mathjax" / "tex-mml-chtml.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass(frozen=True)
class Finding:
    engine: str
    rule: str
    message: str
    element: str

    def __str__(self) -> str:
        return f"{self.engine} {self.rule}: {self.message}\n      at {self.element}"


def _installed() -> bool:
    lock = HERE / "package-lock.json"
    marker = NODE_MODULES / ".package-lock.json"  # what npm last installed here
    return all(path.is_file() for path in (*ENGINES.values(), MATHJAX)) and (
        marker.is_file() and marker.stat().st_mtime >= lock.stat().st_mtime
    )


def install_engines() -> None:
    """``npm ci`` into a fresh folder, then move it into place.

    Two test workers may both find the packages missing: each installs on its own and
    the first to finish wins, so neither sees a half-written folder.
    """
    if _installed():
        return
    npm = shutil.which("npm")
    if npm is None:
        message = "npm is missing: install Node.js (apt-get install nodejs npm)"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(message)
    with tempfile.TemporaryDirectory(dir=HERE) as scratch:
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / name, Path(scratch) / name)
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
        if _installed():
            return  # another worker was quicker
        if NODE_MODULES.exists():
            shutil.rmtree(NODE_MODULES)  # an older install
        (Path(scratch) / "node_modules").replace(NODE_MODULES)


@cache
def _engine_script(name: str) -> str:
    return ENGINES[name].read_text(encoding="utf-8")


def init_script() -> str:
    """The three engines (1.6 MB) as one init script: given to a browser context once,
    run by every page it loads, instead of sent into each page.

    Playwright runs an init script inside a function, where the engines' top-level
    ``var`` names would stay local; an indirect eval runs them in the global scope.
    """
    engines = [axe_script(), _engine_script("htmlcs"), _engine_script("ibm")]
    return "\n".join(f"(0, eval)({json.dumps(script)});" for script in engines)


#: The WCAG success criteria about colour: 1.4.1 use of colour, 1.4.3 contrast, 1.4.11
#: non-text contrast. In dark mode only colours change (the same markup, the same
#: names and structure), so only these need checking again.
COLOUR_CRITERIA = ("1.4.1", "1.4.3", "1.4.11")
COLOUR_AXE_TAGS = [f"wcag{c.replace('.', '')}" for c in COLOUR_CRITERIA]

_RUN_AXE = """
async ([tags, scope, leftOut]) => {
  const context = scope ? {include: scope.map((selector) => [selector])} : document;
  const rules = Object.fromEntries(
    (leftOut ? axe.getRules(leftOut) : []).map((rule) => [rule.ruleId, {enabled: false}]));
  const result = await axe.run(context, {runOnly: {type: "tag", values: tags}, rules,
                                         resultTypes: ["violations"]});
  return result.violations.flatMap((rule) => rule.nodes.map((node) => ({
    rule: rule.id, message: rule.help, element: node.target.join(" ") + "  " + node.html})));
}
"""
_RUN_HTMLCS = """
async (scope) => {
  const roots = scope ? scope.map((selector) => document.querySelector(selector)) : [document];
  const found = [];
  for (const root of roots) {
    await new Promise((resolve) => HTMLCS.process("WCAG2AA", root, resolve));
    found.push(...HTMLCS.getMessages().filter((message) => message.type === HTMLCS.ERROR));
  }
  return found.map((message) => ({rule: message.code, message: message.msg,
                                  element: message.element.outerHTML.slice(0, 200)}));
}
"""
_RUN_IBM = """
async ([criteria, scope, leftOut]) => {
  const checker = new ace.Checker();
  // WCAG_2_2's rules that can report a violation (its "recommendation" rules never do,
  // and only violations are kept below), of the criteria asked for, or of all but
  // those left out.
  const wcag = checker.getGuidelines().find((known) => known.id === "WCAG_2_2");
  const guideline = "WCAG_2_2_VIOLATIONS";
  checker.addGuideline({...wcag, id: guideline, checkpoints: wcag.checkpoints
    .filter((checkpoint) => !criteria || criteria.includes(checkpoint.num))
    .filter((checkpoint) => !leftOut || !leftOut.includes(checkpoint.num))
    .map((checkpoint) => ({...checkpoint,
      rules: (checkpoint.rules || []).filter((rule) => rule.level === "VIOLATION")}))});
  const roots = scope ? scope.map((selector) => document.querySelector(selector)) : [document];
  const found = [];
  for (const root of roots) {
    const report = await checker.check(root, [guideline]);
    found.push(...report.results.filter(
      (result) => result.value[0] === "VIOLATION" && result.value[1] === "FAIL"));
  }
  return found.map((result) => ({rule: result.ruleId, message: result.message,
                                 element: result.path.dom + "  " + result.snippet}));
}
"""


def run_all(
    page: Any,
    *,
    scope: list[str] | None = None,
    colour_only: bool = False,
    without_colour: bool = False,
) -> list[Finding]:
    """What the three engines find on the page as it is now (loaded with init_script).

    *scope*: CSS selectors of the parts to check (default: the whole page).
    *colour_only*: only the criteria about colour; *without_colour*: every criterion
    but those (HTML_CodeSniffer, which takes milliseconds, still checks everything).
    """
    axe_tags = COLOUR_AXE_TAGS if colour_only else AXE_TAGS
    criteria = list(COLOUR_CRITERIA) if colour_only else None
    left_out = list(COLOUR_CRITERIA) if without_colour else None
    left_out_tags = COLOUR_AXE_TAGS if without_colour else None
    findings = []
    for engine, script, argument in (
        ("axe", _RUN_AXE, [axe_tags, scope, left_out_tags]),
        ("HTML_CodeSniffer", _RUN_HTMLCS, scope),
        ("IBM", _RUN_IBM, [criteria, scope, left_out]),
    ):
        for found in page.evaluate(script, argument):
            findings.append(Finding(engine, found["rule"], found["message"], found["element"]))
    return findings


def describe(findings: list[Finding]) -> str:
    return "\n".join(f"  {finding}" for finding in findings)
