"""The preview's panel (partners_preview) as a reader sees it: below furo's page icons,
readable and axe-clean in light and dark mode, at a phone's width."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from ._axe import WCAG, describe, inject_axe, run_axe
from .conftest import THEMES_DIR, _build, _serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    source = tmp_path_factory.mktemp("preview") / "src"
    shutil.copytree(THEMES_DIR, source)
    page = source / "index.md"
    page.write_text(page.read_text().replace(":kind: funder", ":kind: spaceship"))
    outdir = source.parent / "html"
    _build(source, outdir, "-D", "partners_preview=1")
    yield from _serve(outdir, "/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_panel_is_readable_and_clean(browser: Any, preview_site: Any, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(preview_site.url("index.html"), wait_until="load")
        panel = page.locator("aside.partners-preview-panel")
        assert panel.count() == 1
        assert "Line 27:" in panel.inner_text() and "spaceship" in panel.inner_text()
        region = page.get_by_role("complementary", name="1 problem on this page")
        assert region.count() == 1  # a named region for screen readers
        # Nothing of the theme's drawn over it (furo floats its page icons at the top).
        box = panel.bounding_box()
        for icon in page.locator(".content-icon-container").all():
            other = icon.bounding_box()
            assert other is None or other["y"] + other["height"] <= box["y"] + 1
        inject_axe(page)
        violations = run_axe(page, WCAG)
        assert violations == [], describe(violations)
    finally:
        context.close()
