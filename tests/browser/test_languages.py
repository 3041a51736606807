"""A reader finds their language: the switcher leads to the same page in the other
edition and back, from the keyboard, at a phone's width (docs/_ext/languages.py)."""

from __future__ import annotations

import pytest

from .conftest import SPANISH_PAGES


@pytest.mark.parametrize("page", ["index.html", "partners/index.html", "phases/exploring-fit.html"])
def test_switcher_leads_to_the_same_page_and_back(open_page, page: str) -> None:
    browser_page = open_page(f"es:{page}", width=375).page
    assert browser_page.evaluate("() => document.documentElement.lang") == "es"
    spanish_url = browser_page.url
    spanish_title = browser_page.locator("h1").first.inner_text()

    english = browser_page.get_by_role("link", name="English")
    english.focus()
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert browser_page.url == spanish_url.replace("/es/", "/", 1)
    assert browser_page.evaluate("() => document.documentElement.lang") == "en"
    assert browser_page.locator("h1").first.inner_text() != spanish_title

    with browser_page.expect_navigation():
        browser_page.get_by_role("link", name="Español").click()
    assert browser_page.url == spanish_url
    assert browser_page.locator("h1").first.inner_text() == spanish_title


def test_spanish_search_finds_a_spanish_word(open_page) -> None:
    """Sphinx's Spanish stemmer: "asociación" finds pages that say "asociarse"."""
    assert "es:search.html" in SPANISH_PAGES
    browser_page = open_page("es:search.html?q=asociación", width=1280).page
    browser_page.wait_for_selector("#search-results li")
    found = browser_page.locator("#search-results li a").all_inner_texts()
    assert "Qué significa asociarse" in found, found
