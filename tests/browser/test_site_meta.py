"""What readers expect of a public site: link previews, a sitemap, a 404 page that works
at any depth, a favicon, and tab titles that name the page first."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from .conftest import GENERATED_PAGES, PAGES, SOURCE_PAGES

SITE_TITLE = "School partnerships"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _soup(built_site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")


def _meta(soup: BeautifulSoup, prop: str) -> str:
    tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    return str(tag["content"]).strip() if tag and tag.get("content") else ""


def _base_url(built_site: Path) -> str:
    """The address the site is published at, as the home page's canonical link gives it."""
    canonical = _soup(built_site, "index.html").find("link", rel="canonical")
    assert canonical, "index.html has no canonical link"
    return urljoin(str(canonical["href"]), ".")


def test_every_page_is_tested(built_site: Path) -> None:
    """The browser tests visit exactly the pages the build wrote: none slips through."""
    built = {
        path.relative_to(built_site).as_posix()
        for path in built_site.rglob("*.html")
        if not path.relative_to(built_site).parts[0].startswith(("_", "."))
    }
    assert built == set(PAGES)


@pytest.mark.parametrize("page", SOURCE_PAGES)
def test_link_preview_metadata(built_site: Path, page: str) -> None:
    soup = _soup(built_site, page)
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:image:alt"):
        assert _meta(soup, prop), f"{page} has no {prop}"
    assert _meta(soup, "description"), f"{page} has no meta description (search snippets)"
    image = urlsplit(_meta(soup, "og:image"))
    base = urlsplit(_base_url(built_site))
    assert image.scheme == "https" and image.netloc == base.netloc, "og:image must be absolute"
    published = built_site / image.path.removeprefix(base.path)
    assert published.is_file(), f"og:image {image.path} is not in the built site"


@pytest.mark.parametrize("page", SOURCE_PAGES)
def test_tab_title_names_the_page_then_the_site(built_site: Path, page: str) -> None:
    soup = _soup(built_site, page)
    heading = " ".join(soup.find("h1").get_text(" ", strip=True).split()).rstrip("#¶ ")
    assert soup.title is not None
    assert soup.title.get_text() == f"{heading} — {SITE_TITLE}"


@pytest.mark.parametrize("page", PAGES)
def test_favicon_is_linked(built_site: Path, page: str) -> None:
    soup = _soup(built_site, page)
    icon = soup.find("link", rel=lambda rel: rel and "icon" in rel)
    assert icon is not None, f"{page} links no favicon"
    href = str(icon["href"])
    if href.startswith("/"):  # the 404 page's links start from the site's path
        href = href.removeprefix(urlsplit(_base_url(built_site)).path)
    else:
        href = urljoin(page, href)
    assert (built_site / href).is_file(), f"{page}: favicon {icon['href']} is missing"


def test_sitemap_lists_every_page(built_site: Path) -> None:
    tree = ElementTree.parse(built_site / "sitemap.xml")
    listed = {loc.text for loc in tree.getroot().findall("s:url/s:loc", SITEMAP_NS)}
    base = _base_url(built_site)
    # Every page in both editions: English at the root, Spanish under es/.
    assert listed == {base + edition + page for page in SOURCE_PAGES for edition in ("", "es/")}
    for page in (*GENERATED_PAGES, "404.html"):
        assert base + page not in listed and base + "es/" + page not in listed


@pytest.mark.parametrize("missing", ["no-such-page.html", "phases/gone/deeper/still.html"])
def test_not_found_page_works_at_any_depth(open_page, site, missing: str) -> None:
    opened = open_page(f"missing/{missing}")
    browser_page = opened.page
    assert "not found" in browser_page.title().lower() or "404" in browser_page.title()
    broken = [(url, status) for url, status in opened.responses[1:] if status >= 400]
    assert not broken, f"the 404 page's assets did not load: {broken}"
    styled = browser_page.evaluate(
        "() => getComputedStyle(document.body).getPropertyValue('--color-brand-primary')"
    )
    assert styled.strip(), "furo's stylesheet did not apply"
    home = browser_page.locator(".sidebar-brand").get_attribute("href")
    assert home is not None
    response = browser_page.request.get(urljoin(browser_page.url, home))
    assert response.status == 200, f"the 404 page's home link {home} is broken"


@pytest.mark.parametrize("page", [*SOURCE_PAGES, "404.html"])
def test_template_landmarks_wrap_furo_markup(built_site: Path, page: str) -> None:
    """docs/_templates/page.html names furo's landmarks by matching its markup: if a furo
    release changes that markup, this says so before the HTML ends up unbalanced."""
    soup = _soup(built_site, page)
    asides = soup.find_all("aside")
    assert len(asides) == 2 and all(aside.get("aria-label") for aside in asides)
    back_to_top = soup.select_one("a.back-to-top")
    actions = soup.select_one(".content-icon-container")
    assert back_to_top is not None and actions is not None
    assert back_to_top.parent.get("role") == "region"
    assert actions.get("role") == "region"
    assert actions.parent.get("class") == ["article-container"]
    assert back_to_top.parent.parent is actions.parent


@pytest.mark.parametrize("page", [*SOURCE_PAGES, "404.html", "genindex.html", "search.html"])
def test_furo_chrome_is_rebuilt_for_assistive_technology(built_site: Path, page: str) -> None:
    """docs/_ext/accessible_furo.py rewrites furo's drawers, labels and icons by matching
    its markup: if a furo release changes that markup, this names what came back."""
    soup = _soup(built_site, page)
    empty_labels = [
        str(label)[:120] for label in soup.find_all("label") if not label.get_text(strip=True)
    ]
    assert not empty_labels, f"{page}: labels with no text: {empty_labels}"
    article = soup.find("article")
    unnamed_icons = [
        str(svg)[:120]
        for svg in soup.find_all("svg")
        if not (article and article in svg.parents)
        and not ({"aria-hidden", "aria-label", "aria-labelledby"} & set(svg.attrs))
    ]
    assert not unnamed_icons, f"{page}: icons with no name outside the article: {unnamed_icons}"
    toggles = soup.select("button[data-drawer]")
    assert len(toggles) == 3, f"{page}: expected the three drawer buttons, found {len(toggles)}"
    for toggle in toggles:
        assert soup.find(id=toggle["aria-controls"]) is not None, toggle
        assert toggle.get_text(strip=True), f"{page}: a drawer button without a name: {toggle}"
    search = soup.select_one("form.sidebar-search-container")
    assert search is not None and search.select_one('button[type="submit"]') is not None
    switches = soup.select(".sidebar-tree .toctree-checkbox")
    assert all(switch.get("aria-label") for switch in switches)
    assert not soup.select('.sidebar-tree label[for^="toctree-checkbox"]')
