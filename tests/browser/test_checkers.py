"""Every page is clean in three independent accessibility checkers (issue 17).

axe-core, HTML_CodeSniffer and the IBM Equal Access engine disagree on what they look
for, and an auditor may run any of them: each runs on every page of the site, at a
phone's width and a desktop's, and with the drawers open; the Spanish edition's pages
too. No pass is repeated for nothing:

- no stylesheet changes a colour by width (a test below holds to it), so a part shown
  at both widths has the colours the desktop's pass checked: at a phone's width the
  criteria about colour (1.4.1, 1.4.3, 1.4.11) are checked on what only a phone shows
  (the header with its buttons), every other criterion on the whole page;
- in dark mode only the colours change, so the dark pass checks the criteria about
  colour only: on the whole page at a desktop's width, on what only a phone shows at a
  phone's;
- a Spanish page has an English page's markup and styles with other words: checked in
  full at a desktop's width, and at a phone's on what only a phone shows (its layout,
  where longer words show, is test_layout.py's, at every width); dark only where it
  shows markup of its own, a paragraph left in English;
- with a drawer open, the drawer and the header with its button are checked, the rest
  having been checked closed; the navigation drawer, the same links on every page, on
  the pages that show each of its states (NAVIGATION_SAMPLES), which also show the
  contents drawer in dark mode (a desktop's width hides it in a drawer too).

The engines and their rule sets are in ``_checkers.py``, loaded into every page of one
tab once; the last tests show that the reduced passes still find what they are for, and
that the samples show every state of the navigation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import parse_html

from . import _checkers
from .conftest import (
    PAGES,
    SCHEMES,
    SETTLE_TRANSITIONS,
    SPANISH_PAGES,
    ReusedPage,
    _site_prefix,
    by_page,
)

PHONE, DESKTOP = 375, 1280
page = by_page([*PAGES, *SPANISH_PAGES])


def _navigation_samples(pages: list[str]) -> list[str]:
    """The pages on which the open navigation drawer is checked.

    The drawer holds the same links on every page; a page only changes which section is
    open and which link is marked as the current one. Two pages of each folder of each
    edition show every state: its index (the section open, its link marked) and one
    page inside it (marked one level down).
    """

    def folder(page: str) -> tuple[str, str]:
        edition, _, path = page.rpartition(":")
        return edition, path.rpartition("/")[0]

    chosen: list[str] = []
    for page in sorted(pages, key=lambda page: (folder(page), not page.endswith("index.html"))):
        if sum(folder(other) == folder(page) for other in chosen) < 2:
            chosen.append(page)
    return chosen


NAVIGATION_SAMPLES = _navigation_samples(PAGES)


@pytest.fixture(scope="session", autouse=True)
def engines() -> None:
    _checkers.install_engines()


@pytest.fixture(scope="module")
def checked_page(browser, sites, engines) -> Iterator[ReusedPage]:
    """A tab in which every page loads with the three engines already in it."""
    reused = ReusedPage(browser, sites, init_scripts=[_checkers.init_script()])
    yield reused
    reused.context.close()


#: What a phone's width shows that a desktop's does not (furo's header with the buttons
#: that open the drawers).
PHONE_ONLY = [".mobile-header"]


def _assert_clean(
    checked_page: ReusedPage,
    page: str,
    scheme: str,
    width: int,
    scope: list[str] | None = None,
    *,
    colours_in: list[str] | None = None,
) -> None:
    """The engines on *page* (or its parts *scope*): in dark mode the criteria about
    colour; in light mode all, those about colour only in *colours_in* if given."""
    browser_page = checked_page.show(page, width=width, scheme=scheme)
    if colours_in is None:
        findings = _checkers.run_all(browser_page, colour_only=scheme == "dark", scope=scope)
    else:
        findings = _checkers.run_all(browser_page, without_colour=True, scope=scope)
        findings += _checkers.run_all(browser_page, colour_only=True, scope=colours_in)
    assert not findings, f"{page} ({scheme}, {width}px):\n{_checkers.describe(findings)}"
    if scheme == "light" and page.startswith("es:") and browser_page.evaluate(SPANISH_ONLY):
        # Markup only the Spanish edition has: its colours in dark mode too.
        _assert_clean(checked_page, page, "dark", width, scope)


#: A Spanish page shows what the English pages never do: a paragraph still in English,
#: with a note in Spanish (docs/_ext/languages.py).
SPANISH_ONLY = "() => document.querySelector('article [lang=en], .untranslated-note') !== null"


# Two classes, so pytest-xdist (--dist loadscope) gives each width its own worker.
# The Spanish pages have the English pages' markup and styles with other words: checked
# light, for what words change (names, labels, languages); their colours in dark mode
# and their drawers are the English pages', checked there.
class TestAtDesktopWidth:
    def test_three_checkers_find_nothing(self, checked_page, page: str) -> None:
        _assert_clean(checked_page, page, "light", DESKTOP)

    @pytest.mark.parametrize("page", PAGES, indirect=True)
    def test_colours_hold_in_dark_mode(self, checked_page, page: str) -> None:
        _assert_clean(checked_page, page, "dark", DESKTOP)


class TestAtPhoneWidth:
    def test_three_checkers_find_nothing(self, checked_page, page: str) -> None:
        """Every criterion; those about colour on what only a phone shows (the rest
        has the desktop's colours). A Spanish page: what only a phone shows."""
        if page.startswith("es:"):
            _assert_clean(checked_page, page, "light", PHONE, PHONE_ONLY)
        else:
            _assert_clean(checked_page, page, "light", PHONE, colours_in=PHONE_ONLY)

    @pytest.mark.parametrize("page", PAGES, indirect=True)
    def test_colours_hold_in_dark_mode(self, checked_page, page: str) -> None:
        """What only a phone shows: the rest has a desktop's colours, checked there."""
        _assert_clean(checked_page, page, "dark", PHONE, PHONE_ONLY)

    @pytest.mark.parametrize("page", PAGES, indirect=True)
    def test_open_contents_drawer_is_clean_too(self, checked_page, page: str) -> None:
        """On a phone the page's contents open over the page; in dark mode too on the
        NAVIGATION_SAMPLES (the same styles on every page, other headings)."""
        dark = page in NAVIGATION_SAMPLES
        _assert_drawer_clean(checked_page, page, "__toc", SCHEMES if dark else ("light",))

    @pytest.mark.parametrize("page", NAVIGATION_SAMPLES, indirect=True)
    def test_open_navigation_drawer_is_clean_too(self, checked_page, page: str) -> None:
        """On a phone the site navigation opens over the page (on the pages that show
        each of its states: NAVIGATION_SAMPLES), in both schemes."""
        _assert_drawer_clean(checked_page, page, "__navigation", SCHEMES)


def _assert_drawer_clean(
    checked_page: ReusedPage, page: str, drawer: str, schemes: tuple[str, ...]
) -> None:
    """The drawer open, in light mode and then, still open, in dark mode's colours."""
    browser_page = checked_page.show(page, width=PHONE)
    button = browser_page.locator(f'.mobile-header button[data-drawer="{drawer}"]')
    if not button.is_visible():
        assert drawer == "__toc", f"{page}: no button opens the site navigation"
        return  # furo shows no contents button on a page without sections
    drawer_id = "site-navigation" if drawer == "__navigation" else "page-contents"
    button.click()
    browser_page.wait_for_function(
        "(id) => getComputedStyle(document.getElementById(id)).visibility === 'visible'",
        arg=drawer_id,
    )
    browser_page.evaluate(SETTLE_TRANSITIONS)  # the drawer has slid in all the way
    findings = {}
    for scheme in schemes:
        checked_page.show(page, width=PHONE, scheme=scheme)  # the drawer stays open
        findings[scheme] = _checkers.run_all(
            browser_page, scope=[f"#{drawer_id}", ".mobile-header"], colour_only=scheme == "dark"
        )
    browser_page.keyboard.press("Escape")  # closed before the next test, even on a failure
    for scheme, found in findings.items():
        assert not found, f"{page} ({drawer} open, {scheme}):\n{_checkers.describe(found)}"


# -- the reduced passes still find what they are for -------------------------------------

LOW_CONTRAST = """<!doctype html><html lang="en"><head><title>Test</title></head>
<body style="background:#111"><main><h1 style="color:#eee">Title</h1>
<p id="faint" style="color:#333">Text a reader can hardly see.</p>
<img id="unnamed" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">
<nav id="drawer" aria-label="Drawer"><a href="#" style="color:#222">Pale link</a></nav>
</main></body></html>"""


@pytest.fixture
def test_page(browser):
    context = browser.new_context()
    context.add_init_script(script=_checkers.init_script())  # as checked_page does
    page = context.new_page()
    page.set_content(LOW_CONTRAST)
    yield page
    context.close()


def test_the_colour_pass_finds_low_contrast_in_every_engine(test_page) -> None:
    findings = _checkers.run_all(test_page, colour_only=True)
    engines = {finding.engine for finding in findings if "faint" in finding.element.lower()}
    assert engines == {"axe", "HTML_CodeSniffer", "IBM"}, _checkers.describe(findings)


def test_the_pass_without_colour_finds_the_rest(test_page) -> None:
    findings = _checkers.run_all(test_page, without_colour=True)
    unnamed = {finding.engine for finding in findings if "unnamed" in finding.element}
    assert unnamed == {"axe", "HTML_CodeSniffer", "IBM"}, _checkers.describe(findings)
    # HTML_CodeSniffer, which takes milliseconds, still checks everything.
    faint = {finding.engine for finding in findings if "faint" in finding.element.lower()}
    assert faint <= {"HTML_CodeSniffer"}, _checkers.describe(findings)


def test_a_scoped_pass_checks_its_part_only(test_page) -> None:
    findings = _checkers.run_all(test_page, scope=["#drawer"])
    outside = [finding for finding in findings if "faint" in finding.element]
    assert findings and not outside, _checkers.describe(findings)
    assert {finding.engine for finding in findings} == {"axe", "HTML_CodeSniffer", "IBM"}


#: The rules inside a media query about the width, and what each sets that colours
#: something (longhands: ``background`` is read as ``background-color``...).
WIDTH_RULES = r"""() => {
  const colouring = /color|background|shadow|fill|stroke|opacity|filter|blend/;
  const found = [];
  let rules = 0;
  function walk(list, condition) {
    for (const rule of list) {
      if (rule instanceof CSSMediaRule) {
        const text = rule.conditionText || rule.media.mediaText;
        walk(rule.cssRules, /width/.test(text) ? text : condition);
      } else if (rule instanceof CSSStyleRule && condition) {
        rules += 1;
        for (let i = 0; i < rule.style.length; i++) {
          const property = rule.style[i];
          if (colouring.test(property)) {
            found.push(`${condition} { ${rule.selectorText} { ${property} } }`);
          }
        }
      } else if (rule.cssRules) {
        walk(rule.cssRules, condition);
      }
    }
  }
  for (const sheet of document.styleSheets) walk(sheet.cssRules, null);
  return {rules, found};
}"""
#: What a width does colour: edges, drawn by a border or a shadow, of furo's drawers
#: (open, they are checked in both schemes) and of sphinx-design's vertical tabs. None
#: of the three engines reads an edge's colour (test_axe.py measures the card edges'
#: contrast itself).
EDGE_COLOUR = re.compile(
    r"border(-(top|right|bottom|left|inline|block|start|end))*-color"
    r"|box-shadow"
)


def _stylesheets(built_site: Path, page: str) -> list[str]:
    """The stylesheets *page* links to, as paths in the site, and its own styles."""
    soup = parse_html(built_site / page)
    linked = [_target(page, link["href"]) for link in soup.select("link[rel~=stylesheet]")]
    return sorted(linked) + [style.get_text() for style in soup.select("style")]


def test_no_stylesheet_changes_a_colour_by_width(checked_page, built_site: Path) -> None:
    """What the dark pass at a phone's width rests on: a part of a page shown at both
    widths has the same colours at both, so the desktop's pass has checked them."""
    # Every page has the same styles: what they say on one page holds on every page.
    styles = {tuple(_stylesheets(built_site, page)) for page in PAGES}
    assert len(styles) == 1, styles
    browser_page = checked_page.show("index.html", width=PHONE, scheme="dark")
    walked = browser_page.evaluate(WIDTH_RULES)
    assert walked["rules"] > 20, walked  # the walk read the themes' rules for phones
    coloured = [rule for rule in walked["found"] if not EDGE_COLOUR.search(rule.split("{")[-1])]
    assert coloured == [], "\n".join(coloured)


def test_the_walk_finds_a_colour_set_for_a_width(browser) -> None:
    page = browser.new_page()
    page.set_content(
        "<style>p { margin: 0 } @media print { p { color: black } }"
        "@media (max-width: 40em) { @supports (color: red) { p { color: #777 } } }</style><p>A"
    )
    walked = page.evaluate(WIDTH_RULES)
    page.close()
    assert walked == {"rules": 1, "found": ["(max-width: 40em) { p { color } }"]}


PREFIX = _site_prefix()  # the 404 page's links are absolute: /partnerships/...


def _target(page: str, href: str) -> str:
    """The page a navigation link on *page* leads to, as a path in the site."""
    return urljoin(PREFIX + page, href).partition("#")[0].removeprefix(PREFIX)


def _navigation(built_site: Path, page: str) -> tuple[set[str], set[str], set[str]]:
    """Where the navigation of *page* links to; which of those links its open drawer
    shows (a section's links show when it is open); at which level it marks the page."""
    navigation = parse_html(built_site / page).select_one("#site-navigation .sidebar-tree")
    assert navigation is not None, page
    links, shown, marked = set(), set(), set()
    for link in navigation.select("a.reference"):
        target = _target(page, link["href"]) or page
        links.add(target)
        item = link.find_parent("li")
        if all(section.find("input", class_="toctree-checkbox", checked=True, recursive=False)
               for section in item.find_parents("li")):  # fmt: skip
            shown.add(target)
        if "current-page" in item.get("class", []):
            marked.update(name for name in item["class"] if name.startswith("toctree-l"))
    return links, shown, marked


def test_the_navigation_samples_show_every_state_of_the_drawer(built_site: Path) -> None:
    """What NAVIGATION_SAMPLES rests on: between them, the sampled pages show every link
    of the navigation, and the current page marked at every level it has."""
    every_link, every_level, sampled_links, sampled_levels = set(), set(), set(), set()
    for page in PAGES:
        links, shown, marked = _navigation(built_site, page)
        every_link |= links
        every_level |= marked
        if page in NAVIGATION_SAMPLES:
            sampled_links |= shown
            sampled_levels |= marked
    assert len(every_link) > 30 and every_link - sampled_links == set()
    assert sampled_levels == every_level == {"toctree-l1", "toctree-l2"}
