"""partner-card: the HTML readers get, and one warning per mistake an author can make."""

from __future__ import annotations

import re

import pytest

from conftest import parse_html, warnings_at, warnings_of


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_card_is_an_article_with_a_heading_outside_the_toc(app, warning) -> None:
    app.build()
    html = parse_html(app.outdir / "index.html")
    cards = html.select("article.partners-card")
    assert [card.select_one(".partners-card__title").get_text() for card in cards] == [
        "Lindsay Unified School District",
        "Summit Public Schools",
        "Transcend",
    ]
    lindsay = cards[0]
    assert lindsay["id"] == "partner-lindsay"
    heading = lindsay.find(re.compile(r"^h[1-6]$"))
    # The cards stand in an h2 section, so their headings are h3.
    assert heading.name == "h3"
    assert lindsay["aria-labelledby"] == heading["id"]
    toc_titles = [title.astext() for title in app.env.tocs["index"].findall()]
    assert not any("Lindsay" in text for text in toc_titles)
    assert warnings_of(warning) == []


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_card_logo_facts_and_link(app) -> None:
    app.build()
    html = parse_html(app.outdir / "index.html")
    lindsay, summit, transcend = html.select("article.partners-card")

    logo = lindsay.select_one("img.partners-card__logo")
    assert logo["alt"] == "Logo of Lindsay Unified School District"
    assert (logo["width"], logo["height"]) == ("120", "120")
    assert summit.select_one("img.partners-card__logo")["alt"] == ""  # logo-decorative
    assert transcend.select_one("img") is None

    facts = {
        dt.get_text().rstrip(":"): dt.find_next_sibling("dd").get_text().strip()
        for dt in lindsay.select("dl.partners-card__facts > dt")
    }
    assert facts == {
        "Kind": "Public school district",
        "Location": "Lindsay, California",
        "Partner since": "2016",
    }
    assert "district" in lindsay.select_one(".partners-card__body strong").get_text()

    link = lindsay.select_one("a.partners-card__link")
    assert link["href"] == "https://www.example.org/lindsay"
    assert "Lindsay Unified School District" in link.get_text()
    # Custom link text gets the partner's name as visually hidden text.
    summit_link = summit.select_one("a.partners-card__link")
    assert summit_link["href"].startswith("mailto:")
    assert "Write to the network" in summit_link.get_text()
    assert "Summit Public Schools" in summit_link.get_text()


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_consecutive_cards_share_one_grid(app) -> None:
    app.build()
    html = parse_html(app.outdir / "index.html")
    groups = html.select("div.partners-cards")
    assert [len(group.select("article.partners-card")) for group in groups] == [2, 1]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_stylesheet_is_shipped_and_linked(app) -> None:
    app.build()
    html = parse_html(app.outdir / "index.html")
    hrefs = [link["href"] for link in html.select("link[rel=stylesheet]")]
    assert any(href.split("?")[0] == "_static/partners.css" for href in hrefs)
    css = (app.outdir / "_static" / "partners.css").read_text()
    # Colours come from the theme's custom properties, so dark mode needs no rules.
    assert "var(--color-foreground-border" in css
    assert "prefers-color-scheme" not in css
    assert "@media print" in css


CARD_MISTAKES = [
    # (line of the option, or of the card, code, words the message must contain)
    (4, "kind", "kind 'university' was not used"),
    (8, "url", "url 'javascript:alert(1)' was not used"),
    (12, "url", "url 'data:text/html"),
    (16, "url", "url 'JaVaScRiPt:alert(1)'"),
    (20, "url", "url 'HTTPS://www.example.org'"),
    (24, "url", "url '//evil.example.org/x'"),
    (28, "url", "url 'https://www.example.org/a b'"),
    (32, "since", "since '16' was not used"),
    (36, "path", "the file does not exist"),
    (40, "path", "points outside the source folder"),
    (44, "path", "it is a URL"),
    (48, "id", "id 'Not An Id!' is not a valid id"),
]


@pytest.mark.sphinx("html", testroot="card-errors", freshenv=True)
@pytest.mark.parametrize(("line", "code", "words"), CARD_MISTAKES)
def test_each_card_mistake_warns_with_file_line_and_code(app, warning, line, code, words) -> None:
    app.build()
    matching = warnings_at(warning, line, code)
    assert len(matching) == 1, warnings_of(warning)
    assert words in matching[0]


@pytest.mark.sphinx("html", testroot="card-errors", freshenv=True)
def test_refused_values_never_reach_the_html(app) -> None:
    app.build()
    html = parse_html(app.outdir / "index.html")
    hrefs = [a.get("href", "") for a in html.select("article a")]
    assert hrefs == ["https://www.example.org/good"]
    srcs = [img["src"] for img in html.select("article img")]
    assert len(srcs) == 1
    # Every card still renders, with its name, whatever was wrong with it.
    assert len(html.select("article.partners-card")) == 13
    assert not (app.outdir / "_images" / "hostname").exists()
    assert html.select_one("#partner-not-an-id") is not None
