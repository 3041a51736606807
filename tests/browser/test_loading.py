"""What a page does as it loads: requests only to its own site, no cookies, no layout shift.

Each page is opened once in a fresh context (empty cookie jar, nothing cached), scrolled
to the end so lazy images load, and measured; the tests read that one visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest

from . import _scripts
from .conftest import BROWSER_PAGES, by_page

page = by_page(BROWSER_PAGES)
# Schemes that never leave the page: inline images, the page's own blobs.
LOCAL_SCHEMES = ("data", "blob", "about")


@dataclass
class Visit:
    responses: list[tuple[str, int]]
    failed: list[str]
    cookies: list[dict[str, Any]]
    document_cookie: str
    layout_shift: dict[str, Any]
    images: list[dict[str, Any]]


@pytest.fixture(scope="module")
def visits() -> dict[str, Visit]:
    return {}


def _layout_shift(open_page, page: str) -> dict[str, Any]:
    opened = open_page(page, width=375)
    opened.page.evaluate(_scripts.LOAD_ALL_IMAGES)
    opened.settle()
    return opened.page.evaluate(_scripts.LAYOUT_SHIFT)


@pytest.fixture
def visit(open_page, page: str, visits: dict[str, Visit]) -> Visit:
    if page not in visits:
        opened = open_page(page, width=375)
        browser_page = opened.page
        browser_page.evaluate(_scripts.LOAD_ALL_IMAGES)
        opened.settle()
        visits[page] = Visit(
            responses=list(opened.responses),
            failed=list(opened.failed),
            cookies=opened.context.cookies(),
            document_cookie=browser_page.evaluate("() => document.cookie"),
            layout_shift=browser_page.evaluate(_scripts.LAYOUT_SHIFT),
            images=browser_page.evaluate(_scripts.IMAGES),
        )
    return visits[page]


def test_requests_stay_on_the_site(visit: Visit, sites, page: str) -> None:
    """No fonts, analytics or scripts from elsewhere: the reader's visit stays private."""
    origin = sites.site_of(page).origin
    elsewhere = [
        url
        for url, _status in visit.responses
        if urlsplit(url).scheme not in LOCAL_SCHEMES
        and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != origin
    ]
    assert not elsewhere + visit.failed, f"{page} reached out to: {elsewhere + visit.failed}"


def test_every_request_succeeds(visit: Visit, page: str) -> None:
    """A missing favicon, image or script is a 404 in the reader's console."""
    broken = [(url, status) for url, status in visit.responses if status >= 400]
    assert not broken, f"{page}: {broken}"


def test_no_cookies(visit: Visit, page: str) -> None:
    assert visit.cookies == [], f"{page} set cookies: {visit.cookies}"
    assert visit.document_cookie == "", f"{page} set document.cookie: {visit.document_cookie}"


def test_every_image_is_sized(visit: Visit, page: str) -> None:
    """width and height reserve the image's space before it arrives.

    On loopback images arrive at once, so the measured shift stays 0 even without them:
    this check is the one that catches a slow network's layout shift.
    """
    unsized = [image["html"] for image in visit.images if not (image["width"] and image["height"])]
    assert not unsized, f"{page}: images without width and height: {unsized}"
    for image in visit.images:
        width, height = int(image["width"]), int(image["height"])
        assert width > 0 and height > 0, f"{page}: {image['html']}"
        if image["naturalWidth"] and image["naturalHeight"]:
            # The reserved box has the picture's shape, so nothing moves when it arrives.
            natural = image["naturalWidth"] / image["naturalHeight"]
            assert width / height == pytest.approx(natural, rel=0.02), (
                f"{page}: width/height {width}x{height} do not match the picture "
                f"({image['naturalWidth']}x{image['naturalHeight']}): {image['html']}"
            )


def test_no_layout_shift(visit: Visit, open_page, page: str) -> None:
    shift = visit.layout_shift
    if shift["inArticle"] or shift["total"] >= 0.005:
        # Once in a while a fully loaded 2-core machine (two test workers and a
        # browser) records a shift that does not come back (seen once on a fresh
        # clone: 0.0074 in a table of authoring/index.html). A shift the page really
        # has shows on every load: the page is loaded once more, and that load decides.
        shift = _layout_shift(open_page, page)
    # Images and everything else in the article: exactly zero, on every page.
    assert shift["inArticle"] == 0, (
        f"{page}: layout shift {shift['inArticle']:.4f} in the article from {shift['sources']}"
    )
    if page.startswith("combinations:"):
        return  # stock furo's phone header shifts as its script runs
    # The site's header: docs/_templates/base.html removes the systematic shift (no-js).
    # A fresh-clone CI run still saw 0.0012 once in the phone header (theme button and
    # brand), outside the article; hold it far below the 0.1 of a "good" page.
    assert shift["total"] < 0.005, (
        f"{page}: layout shift {shift['total']:.4f} from {shift['sources']}"
    )
