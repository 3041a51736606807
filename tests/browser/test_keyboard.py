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
def test_tab_reaches_card_and_grid_links_in_order(reused_page, page: str, width: int) -> None:
    browser_page = reused_page.show(page, width=width, fresh=True)
    browser_page.add_script_tag(content=_scripts.FOCUS_STYLE)
    targets = browser_page.evaluate(_scripts.MARK_KEYBOARD_TARGETS)
    assert targets or page not in WITH_LINKS, f"{page}: no card or grid links found"
    presses = browser_page.evaluate(_scripts.FOCUSABLE_COUNT) + EXTRA_PRESSES
    reached: list[int] = []
    for _ in range(presses):
        if len(reached) == len(targets):
            break
        browser_page.keyboard.press("Tab")
        active = browser_page.evaluate(_scripts.ACTIVE_TARGET)
        if active is None or active["index"] < 0 or active["index"] in reached:
            continue
        index = active["index"]
        reached.append(index)
        unfocused = targets[index]["style"]
        assert _visible_indicator(unfocused, active["style"]), (
            f"{page} at {width}px: no visible focus on {targets[index]['html']}: "
            f"{unfocused} -> {active['style']}"
        )
    missed = [targets[index]["html"] for index in range(len(targets)) if index not in reached]
    assert not missed, f"{page} at {width}px: Tab never reaches {missed}"
    assert reached == sorted(reached), f"{page} at {width}px: Tab order {reached} is not DOM order"


# furo's chrome, as the site's templates rebuild it (docs/_ext/accessible_furo.py): the
# drawers, the theme button, search and the sidebar's subsections work from the keyboard.
CHROME_PAGES = ["index.html", "partners/index.html", "phases/index.html"]
MAX_TABS = 60
VISIBILITY_IS = """([id, value]) =>
    getComputedStyle(document.getElementById(id)).visibility === value"""


def _tab_to(browser_page, selector: str) -> None:
    """Press Tab until *selector* has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        browser_page.keyboard.press("Tab")
        if browser_page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reaches {selector}")


def _drawer_visible(browser_page, drawer_id: str) -> bool:
    return browser_page.evaluate(
        """(id) => { const drawer = document.getElementById(id);
                     const box = drawer.getBoundingClientRect();
                     return getComputedStyle(drawer).visibility === "visible"
                       && box.right > 0 && box.left < window.innerWidth; }""",
        drawer_id,
    )


@pytest.mark.parametrize("chrome_page", CHROME_PAGES)
@pytest.mark.parametrize(
    ("drawer", "drawer_id", "name"),
    [("__navigation", "site-navigation", "Site navigation"),
     ("__toc", "page-contents", "Contents of this page")],
)  # fmt: skip
def test_drawers_open_and_close_from_the_keyboard(
    open_page, chrome_page: str, drawer: str, drawer_id: str, name: str
) -> None:
    browser_page = open_page(chrome_page, width=375).page
    button = f'.mobile-header button[data-drawer="{drawer}"]'
    assert browser_page.locator(button).is_visible(), f"{chrome_page}: no {name} button"
    _tab_to(browser_page, button)
    assert f'button "{name}"' in browser_page.locator("header").aria_snapshot()
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_function(VISIBILITY_IS, arg=[drawer_id, "visible"])
    assert browser_page.locator(button).get_attribute("aria-expanded") == "true"
    assert browser_page.evaluate(
        "(id) => document.getElementById(id).contains(document.activeElement)", drawer_id
    ), "the focus did not move into the open drawer"
    browser_page.wait_for_timeout(300)  # the drawer slides in
    assert _drawer_visible(browser_page, drawer_id)

    browser_page.keyboard.press("Escape")
    assert browser_page.locator(button).get_attribute("aria-expanded") == "false"
    assert browser_page.evaluate("(s) => document.activeElement.matches(s)", button), (
        "Escape did not give the focus back to the button"
    )
    browser_page.wait_for_function(VISIBILITY_IS, arg=[drawer_id, "hidden"])
    # A closed drawer's links are out of the Tab order.
    for _ in range(3):
        browser_page.keyboard.press("Tab")
        inside = browser_page.evaluate(
            "(id) => document.getElementById(id).contains(document.activeElement)", drawer_id
        )
        assert not inside, "Tab went into the closed drawer"


@pytest.mark.parametrize("chrome_page", CHROME_PAGES)
def test_theme_button_and_search_work_from_the_keyboard(open_page, chrome_page: str) -> None:
    browser_page = open_page(chrome_page, width=1280).page
    _tab_to(browser_page, ".sidebar-search")
    browser_page.keyboard.type("partner")
    _tab_to(browser_page, ".sidebar-search-submit")
    assert browser_page.evaluate("() => document.activeElement.textContent.trim()") == "Search"
    # The theme button, after the sidebar, before the article.
    before = browser_page.evaluate("() => document.body.dataset.theme")
    _tab_to(browser_page, ".theme-toggle-content .theme-toggle")
    browser_page.keyboard.press("Enter")
    after = browser_page.evaluate("() => document.body.dataset.theme")
    assert after != before, "the theme button did nothing"

    _tab_to(browser_page, "a.sidebar-brand")  # back round to the sidebar's start
    _tab_to(browser_page, ".sidebar-search-submit")
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/search.html?q=partner*")
    browser_page.wait_for_selector("#search-results li")
    assert browser_page.locator("#search-results li").count() > 0


def test_sidebar_subsections_open_from_the_keyboard(open_page) -> None:
    browser_page = open_page("index.html", width=1280).page
    switch = ".sidebar-tree .toctree-checkbox"
    _tab_to(browser_page, switch)
    focused = browser_page.evaluate(
        """() => { const box = document.activeElement;
                   const arrow = box.parentElement.querySelector(":scope > .toctree-expander");
                   const list = box.parentElement.querySelector(":scope > ul");
                   return {role: box.getAttribute("role"), name: box.getAttribute("aria-label"),
                           outline: getComputedStyle(arrow).outlineStyle,
                           shown: getComputedStyle(list).display}; }"""
    )
    assert focused["role"] == "switch" and focused["name"].startswith("Toggle navigation of")
    assert focused["outline"] != "none", "the focused switch shows no focus"
    assert focused["shown"] == "none"
    browser_page.keyboard.press("Space")
    shown = browser_page.evaluate(
        "() => getComputedStyle(document.activeElement.parentElement"
        ".querySelector(':scope > ul')).display"
    )
    assert shown != "none", "Space did not open the subsection"


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_drawers_slide_unless_the_reader_asks_for_less_motion(browser, sites, motion: str) -> None:
    """The drawer slides in (0.25 s) for most readers, and opens at once for those whose
    system asks for reduced motion (site.css; WCAG 2.3.3)."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, reduced_motion=motion)
    try:
        browser_page = context.new_page()
        browser_page.goto(sites.url("partners/index.html"), wait_until="load")
        browser_page.locator('.mobile-header button[data-drawer="__navigation"]').click()
        # What the drawer's styles say, not whether its slide is still under way when
        # asked: on a busy machine a 0.25 s slide can be over by then.
        slide = browser_page.evaluate(
            "() => getComputedStyle(document.getElementById('site-navigation')"
            ".closest('.sidebar-drawer')).transitionDuration"
        )
        browser_page.wait_for_function(
            "() => getComputedStyle(document.getElementById('site-navigation')).visibility"
            " === 'visible'"
        )
    finally:
        context.close()
    seconds = max(float(value.strip().rstrip("s")) for value in slide.split(","))
    assert (seconds > 0) == (motion == "no-preference"), f"{motion}: transition {slide}"
