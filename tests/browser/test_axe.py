"""axe-core on the extension's test site, landmarks and headings, card edges.

The site's own pages get axe with the other two checkers in ``test_checkers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import parse_html

from . import _scripts
from ._axe import STRUCTURE, describe, inject_axe, run_axe
from ._colour import contrast
from .conftest import BROWSER_PAGES, COMBINATION_PAGES, PAGES, SCHEMES, by_page

# furo's own findings, which the site's templates fix (docs/_templates/).
FURO_OWN = {"landmark-unique", "region"}

# Module-scoped, so both colour schemes of a page are checked on one load.
page = by_page(BROWSER_PAGES)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("combination", COMBINATION_PAGES)
def test_no_wcag_violations(reused_page, combination: str, scheme: str) -> None:
    """The extension's unusual combinations (the site's pages: test_checkers.py)."""
    page = combination
    browser_page = reused_page.show(page, scheme=scheme)
    reused_page.once("axe", inject_axe)
    violations = run_axe(browser_page)
    assert not violations, f"{page} ({scheme}):\n{describe(violations)}"


#: The site's pages on which the "back to top" link is checked shown, one of each
#: template: it is the same link in the same landmark on every page (the test below).
BACK_TO_TOP_SAMPLES = ["index.html", "partners/index.html", "search.html", "genindex.html"]
BACK_TO_TOP_SAMPLES += ["404.html"]


@pytest.mark.parametrize("page", [*BACK_TO_TOP_SAMPLES, *COMBINATION_PAGES], indirect=True)
def test_landmarks_and_headings(reused_page, page: str) -> None:
    """Beyond WCAG: named landmarks around all content, one h1, no skipped levels."""
    browser_page = reused_page.show(page)
    reused_page.once("axe", inject_axe)
    rules = STRUCTURE
    if page.startswith("combinations:"):
        # Stock furo: its unnamed asides and buttons outside landmarks are fixed by the
        # site's templates (docs/_templates/), not by the extension.
        rules = {**rules, "values": sorted(set(rules["values"]) - FURO_OWN)}
    # The site's pages as they load: test_checkers.py runs these rules with axe's
    # best practices at two widths; the extension's combinations only here.
    violations = run_axe(browser_page, rules) if page.startswith("combinations:") else []
    # furo shows its "back to top" link once the reader scrolls back up: check that too.
    browser_page.evaluate("() => document.documentElement.classList.add('show-back-to-top')")
    violations += run_axe(browser_page, rules)
    browser_page.evaluate("() => document.documentElement.classList.remove('show-back-to-top')")
    assert not violations, f"{page}:\n{describe(violations)}"


#: Elements around every part of a page (their attributes differ from page to page).
PAGE_ELEMENTS = {"[document]", "html", "body"}


def _back_to_top(built_site: Path, page: str) -> list[str]:
    """The "back to top" link of *page*, and each element around it up to the page's."""
    link = parse_html(built_site / page).select_one(".back-to-top")
    assert link is not None, page
    around = [parent for parent in link.parents if parent.name not in PAGE_ELEMENTS]
    return [str(link)] + [f"{parent.name} {sorted(parent.attrs.items())}" for parent in around]


def test_the_back_to_top_link_is_the_same_on_every_page(built_site: Path) -> None:
    """What BACK_TO_TOP_SAMPLES rests on: the link, and the landmark it is in, do not
    change from page to page."""
    places = {tuple(_back_to_top(built_site, page)) for page in PAGES}
    assert len(places) == 1, places
    assert "role" in next(iter(places))[1]  # in the region the site's templates add


# WCAG 1.4.11: the edge that shows where a card ends needs 3:1 against the page.
MIN_EDGE_CONTRAST = 3.0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_card_edges_are_visible(reused_page, page: str, scheme: str) -> None:
    """sphinx-design's card edges all but vanish on furo's light background; ours don't."""
    for card in reused_page.show(page, scheme=scheme).evaluate(_scripts.CARD_EDGES):
        ratio = contrast(card["border"], card["behind"])
        assert card["borderWidth"] >= 1 and ratio >= MIN_EDGE_CONTRAST, (
            f"{page} ({scheme}): card edge {card['border']} on {card['behind']} has "
            f"contrast {ratio:.2f}: {card['html']}"
        )
