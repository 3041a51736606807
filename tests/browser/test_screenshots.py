"""Screenshots for a reviewer: home and partners pages, phone and desktop, light and dark.

Written to tests/artifacts/screenshots/ (ignored by git; CI keeps it as an artifact).
"""

from __future__ import annotations

import struct

import pytest

from . import _scripts
from .conftest import ARTIFACTS, SCHEMES

SCREENSHOTS = ARTIFACTS / "screenshots"
PAGES = {"home": "index.html", "partners": "partners/index.html"}


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(open_page, name: str, width: int, scheme: str) -> None:
    browser_page = open_page(PAGES[name], width=width, scheme=scheme).page
    browser_page.evaluate(_scripts.LOAD_ALL_IMAGES)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
    path.unlink(missing_ok=True)
    browser_page.screenshot(path=str(path), full_page=True)
    shot_width, shot_height = _png_size(path.read_bytes())
    assert shot_width == width, f"{path.name} is {shot_width}px wide: the page scrolls sideways"
    assert shot_height >= 800, path.name
