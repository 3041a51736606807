"""Layout at phone, tablet and desktop widths: reflow, grid columns, image shapes, overlap."""

from __future__ import annotations

import math
from itertools import combinations

import pytest

from . import _scripts
from .conftest import BROWSER_PAGES, SPANISH_PAGES, WIDTHS, by_page

# The extension's breakpoints (partners.css): phones below 40em, desktops from 64em.
BREAKPOINTS = ((640, "phone"), (1024, "tablet"), (math.inf, "desktop"))
# Rounding of sub-pixel layout.
TOLERANCE = 1.0

# Module-scoped, so pytest runs every test of one page before the next page: one load each.
page = by_page([*BROWSER_PAGES, *SPANISH_PAGES])


@pytest.fixture(scope="module", params=WIDTHS)
def width(request: pytest.FixtureRequest) -> int:
    """Module-scoped too: the four checks of one page at one width run together, so the
    viewport changes four times a page, not sixteen (each change lays the page out again)."""
    return int(request.param)


def _breakpoint(width: int) -> str:
    return next(name for limit, name in BREAKPOINTS if width < limit)


def _layout_page(reused_page, page: str, width: int):
    browser_page = reused_page.show(page, width=width)
    reused_page.once("images", lambda p: p.evaluate(_scripts.LOAD_ALL_IMAGES))
    return browser_page


def test_no_horizontal_scrolling(reused_page, page: str, width: int) -> None:
    """WCAG 1.4.10 reflow: nothing makes a reader scroll sideways, even at 320 px."""
    overflow = _layout_page(reused_page, page, width).evaluate(_scripts.HORIZONTAL_OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], (
        f"{page} at {width}px scrolls sideways: {overflow}"
    )


def test_grids_show_their_columns(reused_page, page: str, width: int) -> None:
    grids = _layout_page(reused_page, page, width).evaluate(_scripts.GRIDS)
    if page == "combinations:grids.html":
        assert len(grids) == 5, f"the combinations page shows 5 grids, found {len(grids)}"
    breakpoint = _breakpoint(width)
    for grid in grids:
        columns = grid["configured"][breakpoint]
        expected_columns = min(columns, grid["items"])
        expected_rows = math.ceil(grid["items"] / columns)
        assert (grid["columns"], grid["rows"]) == (expected_columns, expected_rows), (
            f"{page} at {width}px ({breakpoint}): grid {grid['id'] or '#?'} with "
            f"{grid['items']} images should show {expected_columns} columns and "
            f"{expected_rows} rows, shows {grid['columns']} and {grid['rows']}"
        )


def test_card_and_grid_images_keep_their_shape(reused_page, page: str, width: int) -> None:
    """A picture is never stretched: its box has its shape, or it is fitted inside it."""
    for picture in _layout_page(reused_page, page, width).evaluate(_scripts.PICTURES):
        where = f"{page} at {width}px: {picture['html']}"
        assert picture["naturalWidth"] > 0, f"did not load: {where}"
        assert picture["boxWidth"] > 0 and picture["boxHeight"] > 0, f"not shown: {where}"
        if picture["objectFit"] in ("contain", "scale-down"):
            continue  # the browser draws the picture at its own ratio inside the box
        natural = picture["naturalWidth"] / picture["naturalHeight"]
        shown = picture["boxWidth"] / picture["boxHeight"]
        assert shown == pytest.approx(natural, rel=0.02), f"stretched: {where}"


def _overlap(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > TOLERANCE
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > TOLERANCE
    )


def test_cards_and_grid_items_do_not_overlap(reused_page, page: str, width: int) -> None:
    boxes = _layout_page(reused_page, page, width).evaluate(_scripts.BOXES)
    for group in boxes["groups"]:
        for a, b in combinations(group, 2):
            assert not _overlap(a, b), f"{page} at {width}px: {a['html']} overlaps {b['html']}"
    assert not boxes["clipped"], f"{page} at {width}px: content wider than its card"
