"""Keyboard readers reach every card link and grid image link, in order, and see focus."""

from __future__ import annotations

import re

import pytest

from . import _scripts
from .conftest import BROWSER_PAGES, by_page

page = by_page(BROWSER_PAGES)
# A few presses more than there are focusable elements: enough to pass every one once.
EXTRA_PRESSES = 5
# Pages known to show card or grid links: there the test must have something to check.
WITH_LINKS = {
    "index.html",
    "partners/index.html",
    "combinations:index.html",
    "combinations:grids.html",
}


def _alpha(color: str) -> float:
    match = re.match(r"rgba?\(([^)]*)\)", color)
    if not match:
        return 1.0
    parts = [part.strip() for part in match.group(1).replace("/", ",").split(",")]
    return float(parts[3]) if len(parts) > 3 else 1.0


def _visible_indicator(unfocused: dict, focused: dict) -> bool:
    """Focus shows as a visible outline or a box shadow the element did not have."""
    outline = (
        focused["outlineStyle"] != "none"
        and focused["outlineWidth"] >= 1
        and _alpha(focused["outlineColor"]) > 0
    )
    outline_changed = outline and (
        unfocused["outlineStyle"] == "none"
        or unfocused["outlineWidth"] < 1
        or unfocused["outlineColor"] != focused["outlineColor"]
    )
    shadow_changed = focused["boxShadow"] not in ("none", unfocused["boxShadow"])
    return outline_changed or shadow_changed


@pytest.mark.parametrize("width", [375, 1280])
def test_tab_reaches_card_and_grid_links_in_order(open_page, page: str, width: int) -> None:
    browser_page = open_page(page, width=width).page
    targets = browser_page.evaluate(_scripts.MARK_KEYBOARD_TARGETS)
    assert targets or page not in WITH_LINKS, f"{page}: no card or grid links found"
    unfocused = [
        browser_page.locator(f'[data-kb-target="{index}"]').evaluate(_scripts.FOCUS_STYLE)
        for index in range(len(targets))
    ]
    presses = browser_page.evaluate(_scripts.FOCUSABLE_COUNT) + EXTRA_PRESSES
    reached: list[int] = []
    for _ in range(presses):
        if len(reached) == len(targets):
            break
        browser_page.keyboard.press("Tab")
        index = browser_page.evaluate(_scripts.ACTIVE_TARGET)
        if index is None or index < 0 or index in reached:
            continue
        reached.append(index)
        focused = browser_page.evaluate(f"() => ({_scripts.FOCUS_STYLE})(document.activeElement)")
        assert _visible_indicator(unfocused[index], focused), (
            f"{page} at {width}px: no visible focus on {targets[index]}: "
            f"{unfocused[index]} -> {focused}"
        )
    missed = [targets[index] for index in range(len(targets)) if index not in reached]
    assert not missed, f"{page} at {width}px: Tab never reaches {missed}"
    assert reached == sorted(reached), f"{page} at {width}px: Tab order {reached} is not DOM order"
