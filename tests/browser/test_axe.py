"""Every page passes axe-core's WCAG 2.0/2.1 A and AA rules, in light and dark mode."""

from __future__ import annotations

import pytest

from ._axe import STRUCTURE, describe, inject_axe, run_axe
from .conftest import PAGES, SCHEMES, by_page

# Module-scoped, so both colour schemes of a page are checked on one load.
page = by_page(PAGES)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_wcag_violations(reused_page, page: str, scheme: str) -> None:
    browser_page = reused_page.show(page, scheme=scheme)
    reused_page.once("axe", inject_axe)
    violations = run_axe(browser_page)
    assert not violations, f"{page} ({scheme}):\n{describe(violations)}"


def test_landmarks_are_named(reused_page, page: str) -> None:
    """Beyond WCAG: named landmarks around all content (docs/_templates/), sane headings."""
    browser_page = reused_page.show(page)
    reused_page.once("axe", inject_axe)
    violations = run_axe(browser_page, STRUCTURE)
    assert not violations, f"{page}:\n{describe(violations)}"
