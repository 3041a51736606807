"""The components on the five most used Sphinx themes: same layout, readable in dark mode.

Each theme styles every list, image and field list of a page; sphinx-rtd-theme used to
give the grid bullets and an indent and let the facts overflow a card, and
pydata-sphinx-theme painted a white plate behind every photo in dark mode. One page
(tests/roots/test-themes) is built with each theme and measured at a phone and a
desktop width, in light and dark mode.
"""

from __future__ import annotations

import pytest

from ._axe import WCAG, describe, inject_axe
from .conftest import THEMES, by_page

# Rounding of sub-pixel layout.
TOLERANCE = 1.0
# Themes that follow the reader's dark-mode setting.
DARK_THEMES = {"furo", "pydata_sphinx_theme", "sphinx_book_theme"}
WHITE = "rgb(255, 255, 255)"
# Our components only: the themes' own markup is theirs to fix (pydata's header, for
# one, is wider than a 320px screen).
COMPONENTS = [".partners-cards", ".partners-card", ".partners-grid", ".partners-directory"]

page = by_page([f"{theme}:index.html" for theme in THEMES])

MEASURE = """(components) => {
  const box = (e) => e.getBoundingClientRect();
  const style = (e) => getComputedStyle(e);
  const width = document.documentElement.clientWidth;
  const inside = [...document.querySelectorAll(components.join(","))];
  const escaping = inside.flatMap((c) => [c, ...c.querySelectorAll("*")])
    .filter((e) => box(e).width > 0 && (box(e).right > width + 1 || box(e).left < -1))
    .map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join("."));
  const cards = [...document.querySelectorAll(".partners-card")];
  const lists = [".partners-grid__list", ".partners-directory__cards"].map((s) => {
    const list = document.querySelector(s);
    const item = list.querySelector(":scope > li");
    return {list: s, padding: style(list).paddingLeft, marker: style(item).listStyleType,
            indent: style(item).marginLeft};
  });
  const tiles = [...document.querySelectorAll(".partners-grid__list > li")];
  const tile = document.querySelector(".partners-grid__figure img");
  return {
    escaping: [...new Set(escaping)],
    cardOverflow: cards.map((c) => c.scrollWidth - c.clientWidth),
    factsOverflow: cards.map((c) => {
      const facts = c.querySelector(".partners-card__facts");
      return facts ? box(facts).right - box(c).right : -1;
    }),
    cardLogos: [...document.querySelectorAll(".partners-card__logo")].map(
      (e) => [box(e).width, box(e).height, style(e).backgroundColor]),
    directoryLogos: [...document.querySelectorAll(".partners-directory__logo")].map(
      (e) => [box(e).width, box(e).height]),
    lists,
    columns: new Set(tiles.map((e) => Math.round(box(e).left))).size,
    tileBackground: style(tile).backgroundColor,
  };
}"""


def _measure(reused_page, page: str, width: int, scheme: str) -> dict:
    browser_page = reused_page.show(page, width=width, scheme=scheme)
    return browser_page.evaluate(MEASURE, COMPONENTS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_components_keep_their_layout(reused_page, page: str, width: int, scheme: str) -> None:
    found = _measure(reused_page, page, width, scheme)
    where = f"{page} at {width}px, {scheme}"
    assert found["escaping"] == [], f"{where}: wider than the screen: {found['escaping']}"
    assert max(found["cardOverflow"]) <= 0, f"{where}: a card's content overflows it"
    assert max(found["factsOverflow"]) <= TOLERANCE, f"{where}: facts wider than the card"
    for list_ in found["lists"]:
        assert list_["marker"] == "none", f"{where}: {list_['list']} shows list markers"
        assert list_["padding"] == list_["indent"] == "0px", f"{where}: {list_} is indented"
    for logo_width, logo_height, _ in found["cardLogos"]:
        assert abs(logo_width - 56) <= TOLERANCE and abs(logo_height - 56) <= TOLERANCE, where
    for logo_width, logo_height in found["directoryLogos"]:
        assert abs(logo_width - 40) <= TOLERANCE and abs(logo_height - 40) <= TOLERANCE, where
    assert found["columns"] == (1 if width < 640 else 3), f"{where}: {found['columns']} columns"


def test_logos_and_photos_in_dark_mode(reused_page, page: str) -> None:
    """A black logo on a transparent background stays readable on a light plate; the
    photo tiles keep the page's dark tone instead of a theme's white plate."""
    theme = page.partition(":")[0]
    found = _measure(reused_page, page, 1280, "dark")
    assert {colour for *_, colour in found["cardLogos"]} == {WHITE}, found["cardLogos"]
    if theme in DARK_THEMES:
        assert found["tileBackground"] != WHITE, f"{page}: white plates behind photos"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_components_pass_axe(reused_page, page: str, scheme: str) -> None:
    browser_page = reused_page.show(page, width=1280, scheme=scheme)
    reused_page.once("axe", inject_axe)
    result = browser_page.evaluate(
        "async ([include, options]) => await axe.run({include}, options)",
        [[[selector] for selector in COMPONENTS], {"runOnly": WCAG, "resultTypes": ["violations"]}],
    )
    violations = [v for v in result["violations"] if not _theme_link_colour(page, v)]
    assert violations == [], f"{page} ({scheme}):\n{describe(violations)}"


#: sphinx-rtd-theme's link colour, 4.19:1 on its page background (below WCAG's 4.5:1)
#: on every link of every page it draws: the theme's to fix, not ours to repaint.
RTD_LINK = "#2980b9"


def _theme_link_colour(page: str, violation: dict) -> bool:
    return (
        page.startswith("sphinx_rtd_theme:")
        and violation["id"] == "color-contrast"
        and all(
            f"foreground color: {RTD_LINK}" in node.get("failureSummary", "")
            for node in violation["nodes"]
        )
    )
