"""Every page is clean in three independent accessibility checkers (issue 17).

axe-core, HTML_CodeSniffer and the IBM Equal Access engine disagree on what they look
for, and an auditor may run any of them: each runs on every page of the site, at a
phone's width and a desktop's, and with the drawers open; the Spanish edition's pages
too. No pass is repeated for nothing: in dark mode only the colours change, so the dark
pass checks the criteria about colour (1.4.1, 1.4.3, 1.4.11); with a drawer open, the
drawer and the header with its button are checked, the rest having been checked
closed. The engines and their rule sets are in ``_checkers.py``; the last tests show
that a colour-only and a scoped pass still find what they are for.
"""

from __future__ import annotations

import pytest

from . import _checkers
from .conftest import PAGES, SCHEMES, SETTLE_TRANSITIONS, SPANISH_PAGES, by_page

PHONE, DESKTOP = 375, 1280
page = by_page([*PAGES, *SPANISH_PAGES])


@pytest.fixture(scope="session", autouse=True)
def engines() -> None:
    _checkers.install_engines()


def _assert_clean(reused_page, page: str, scheme: str, width: int) -> None:
    browser_page = reused_page.show(page, width=width, scheme=scheme)
    reused_page.once("checkers", _checkers.inject)
    findings = _checkers.run_all(browser_page, colour_only=scheme == "dark")
    assert not findings, f"{page} ({scheme}, {width}px):\n{_checkers.describe(findings)}"


# Two classes, so pytest-xdist (--dist loadscope) gives each width its own worker.
@pytest.mark.parametrize("scheme", SCHEMES)
class TestAtDesktopWidth:
    def test_three_checkers_find_nothing(self, reused_page, page: str, scheme: str) -> None:
        _assert_clean(reused_page, page, scheme, DESKTOP)


class TestAtPhoneWidth:
    @pytest.mark.parametrize("scheme", SCHEMES)
    def test_three_checkers_find_nothing(self, reused_page, page: str, scheme: str) -> None:
        _assert_clean(reused_page, page, scheme, PHONE)

    @pytest.mark.parametrize("drawer", ["__navigation", "__toc"])
    def test_open_drawers_are_clean_too(self, reused_page, page: str, drawer: str) -> None:
        """On a phone the navigation and the page contents open over the page."""
        browser_page = reused_page.show(page, width=PHONE)
        reused_page.once("checkers", _checkers.inject)
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
        findings = _checkers.run_all(browser_page, scope=[f"#{drawer_id}", ".mobile-header"])
        browser_page.keyboard.press("Escape")
        assert not findings, f"{page} ({drawer} open):\n{_checkers.describe(findings)}"


# -- the reduced passes still find what they are for -------------------------------------

LOW_CONTRAST = """<!doctype html><html lang="en"><head><title>Test</title></head>
<body style="background:#111"><main><h1 style="color:#eee">Title</h1>
<p id="faint" style="color:#333">Text a reader can hardly see.</p>
<nav id="drawer" aria-label="Drawer"><a href="#" style="color:#222">Pale link</a></nav>
</main></body></html>"""


@pytest.fixture
def test_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(LOW_CONTRAST)
    _checkers.inject(page)
    yield page
    context.close()


def test_the_colour_pass_finds_low_contrast_in_every_engine(test_page) -> None:
    findings = _checkers.run_all(test_page, colour_only=True)
    engines = {finding.engine for finding in findings if "faint" in finding.element.lower()}
    assert engines == {"axe", "HTML_CodeSniffer", "IBM"}, _checkers.describe(findings)


def test_a_scoped_pass_checks_its_part_only(test_page) -> None:
    findings = _checkers.run_all(test_page, scope=["#drawer"])
    outside = [finding for finding in findings if "faint" in finding.element]
    assert findings and not outside, _checkers.describe(findings)
    assert {finding.engine for finding in findings} == {"axe", "HTML_CodeSniffer", "IBM"}
