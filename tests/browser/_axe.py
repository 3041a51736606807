"""axe-core, injected from the copy that axe-playwright-python ships."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

# WCAG 2.0 and 2.1, levels A and AA: what public school districts must meet.
WCAG = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
# Best practices for the page's structure, beyond WCAG: named, non-repeated landmarks
# around all content, one h1, no skipped heading levels.
STRUCTURE = {
    "type": "rule",
    "values": [
        "landmark-unique",
        "region",
        "landmark-one-main",
        "landmark-no-duplicate-banner",
        "landmark-no-duplicate-contentinfo",
        "landmark-no-duplicate-main",
        "landmark-complementary-is-top-level",
        "page-has-heading-one",
        "heading-order",
    ],
}


@cache
def axe_script() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def inject_axe(page: Any) -> None:
    page.add_script_tag(content=axe_script())


def run_axe(page: Any, run_only: dict[str, Any] = WCAG) -> list[dict[str, Any]]:
    """The violations axe finds on the page (axe must be injected) for the chosen rules."""
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable report: rule, impact, what to fix, and where."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)
