"""The partners domain: the registry, the ``partner`` role and ``partner-directory``."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.util.inventory import InventoryFile

from conftest import parse_html, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

    from bs4 import BeautifulSoup, Tag
    from sphinx.testing.util import SphinxTestApp


def _page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return parse_html(app.outdir / f"{name}.html")


def _directories(soup: BeautifulSoup) -> list[Tag]:
    return soup.select("div.partners-directory")


def _entries(directory: Tag) -> list[tuple[str, str]]:
    """(link text, href) of each entry, in order."""
    return [
        (link.get_text(strip=True), str(link["href"]))
        for link in directory.select("li a.reference.internal")
    ]


@pytest.mark.sphinx("html", testroot="directory")
def test_directory_lists_every_partner_as_linked_compact_cards(
    app: SphinxTestApp, warning: Any
) -> None:
    app.build()
    assert warnings_of(warning) == []
    (directory,) = _directories(_page(app, "index"))
    assert "partners-directory--cards" in directory["class"]
    assert _entries(directory) == [
        ("Lindsay Unified School District", "cards.html#partner-lindsay"),
        ("Somerville Public Schools", "more.html#partner-somerville"),
        ("Summit Public Schools", "cards.html#partner-summit"),
        ("The Gates Foundation", "cards.html#partner-gates"),
        ("Transcend", "cards.html#partner-transcend"),
    ]
    first = directory.select("li.partners-directory__card")[0]
    assert [p.get_text() for p in first.select(".partners-directory__fact")] == [
        "Public school district",
        "Lindsay, California",
    ]
    # The logo is decorative next to the name, and published with the page.
    logo = first.select_one("img.partners-directory__logo")
    assert logo is not None and logo["alt"] == "" and logo["src"] == "_images/logo.svg"
    assert (app.outdir / "_images" / "logo.svg").exists()
    # A raster logo gets the card logo's processed variants; the original is not published.
    raster = directory.select("li.partners-directory__card")[-1].select_one("picture img")
    assert raster is not None and str(raster["src"]).startswith("_images/partners/logo-")
    assert raster["width"] and raster["height"]
    assert not (app.outdir / "_images" / "logo.png").exists()
    # Compact cards are list items, not a second <article> with the card's id.
    assert directory.select("article") == []
    assert directory.select("[id]") == []


@pytest.mark.sphinx("html", testroot="directory")
def test_directory_filters_sorts_and_groups(app: SphinxTestApp) -> None:
    app.build()
    districts, two, by_kind, by_location, funders = _directories(_page(app, "filters"))

    assert [text for text, _ in _entries(districts)] == [
        "Lindsay Unified School District",
        "Somerville Public Schools",
    ]
    assert "partners-directory--list" in districts["class"]
    facts = districts.select_one(".partners-directory__facts")
    assert facts is not None and facts.get_text() == "Public school district, Lindsay, California"

    # ``sort: ids`` keeps the order the author wrote.
    assert [text for text, _ in _entries(two)] == ["Transcend", "Lindsay Unified School District"]

    # Groups follow partners_kinds' order; their headings sit below the section's h2.
    headings = [h.get_text() for h in by_kind.select("h3.rubric")]
    assert headings == [
        "Public school district",
        "Charter school network",
        "Non-profit organization",
        "Funder",
    ]
    assert len(by_kind.select("ul")) == 4
    # Under a kind's heading, entries do not repeat the kind; a location's likewise.
    grouped_facts = [f.get_text() for f in by_kind.select(".partners-directory__facts")]
    assert "Lindsay, California" in grouped_facts
    assert not any("Public school district" in fact for fact in grouped_facts)
    assert not any(
        "Lindsay, California" in f.get_text()
        for f in by_location.select(".partners-directory__facts")
    )

    assert [h.get_text() for h in by_location.select("h3")] == [
        "California",
        "Lindsay, California",
        "New York",
        "Somerville, Massachusetts",
        "Location not given",
    ]

    assert _entries(funders) == [("The Gates Foundation", "cards.html#partner-gates")]


@pytest.mark.sphinx("html", testroot="directory")
def test_role_links_to_the_card_with_the_partners_name(app: SphinxTestApp) -> None:
    app.build()
    links = _page(app, "links").select("a.reference.internal")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Lindsay Unified School District", "cards.html#partner-lindsay"),
        ("the network", "cards.html#partner-summit"),
    ]
    # On another page of cards, the link works the same.
    (link,) = _page(app, "more").select("p a.reference.internal")
    assert (link.get_text(), link["href"]) == ("Summit Public Schools", "cards.html#partner-summit")


@pytest.mark.sphinx("html", testroot="directory")
def test_registry_is_the_domains_objects(app: SphinxTestApp) -> None:
    app.build()
    objects = sorted(app.env.domains["partners"].get_objects())
    assert objects[0] == ("gates", "The Gates Foundation", "partner", "cards", "partner-gates", 1)
    assert [name for name, *_ in objects] == [
        "gates",
        "lindsay",
        "somerville",
        "summit",
        "transcend",
    ]
    # The inventory lets other sites link to a partner (intersphinx).
    with (app.outdir / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", posixpath.join)
    # Sphinx 8.2+ gives an object per entry; before, a tuple whose third item is the URI.
    entry = inventory["partners:partner"]["lindsay"]
    uri = entry.uri if hasattr(entry, "uri") else entry[2]
    assert uri == "cards.html#partner-lindsay"


@pytest.mark.sphinx("html", testroot="directory-warnings")
def test_one_located_warning_per_mistake(app: SphinxTestApp, warning: Any) -> None:
    app.build()
    found = warnings_of(warning)
    root = app.srcdir
    expected = [
        (f"{root}/index.md:9:", "kind 'spaceship' is not a partner kind", "partners.filter"),
        (f"{root}/index.md:21:", "kind 'spaceship' is not a partner kind", "partners.filter"),
        (  # at the :id: option's line, with the fix for another partner and for the same
            f"{root}/copy.md:6:",
            "the id 'lindsay' is already the id of the card at cards.md:4 (the line of its "
            "id); links and directories show that card, and this one is only shown here. If "
            "this is another partner, give this card an id no other card uses (its name in "
            "lowercase words joined by hyphens). If it is the same partner, remove this card",
            "partners.duplicate",
        ),
        (f"{root}/index.md:24:", "unknown partner id 'nobody'", "ref.partner"),
        # At the :ids: option's line, not the directive's.
        (f"{root}/index.md:13:", "no partner-card has the id 'ghost'", "partners.filter"),
        (f"{root}/index.md:16:", "no registered partner matches", "partners.empty"),
    ]
    assert len(found) == len(expected), found
    for place, text, code in expected:
        matching = [
            line
            for line in found
            if line.startswith(place) and text in line and line.endswith(f"[{code}]")
        ]
        assert len(matching) == 1, (place, text, found)


@pytest.mark.sphinx("html", testroot="directory-warnings")
def test_duplicate_card_renders_but_the_first_is_registered(app: SphinxTestApp) -> None:
    app.build()
    copy = _page(app, "copy")
    assert copy.select_one("article#partner-lindsay") is not None
    (link,) = _page(app, "index").select("a:has(span.partners-partner)")
    assert link["href"] == "cards.html#partner-lindsay"
    assert link.get_text() == "Lindsay Unified School District"
    # The unknown id stays readable text, not a broken link.
    assert "nobody" in _page(app, "index").select_one("div.body").get_text()
    # A no-index card (an example in a guide) is shown but not registered.
    assert copy.select_one("article#partner-example") is not None
    assert "example" not in {name for name, *_ in app.env.domains["partners"].get_objects()}


@pytest.mark.sphinx(
    "html",
    testroot="directory-warnings",
    confoverrides={"nitpicky": True, "nitpick_ignore": [("partners:partner", "nobody")]},
)
def test_unknown_role_id_honours_nitpick_ignore(app: SphinxTestApp, warning: Any) -> None:
    app.build()
    assert not [line for line in warnings_of(warning) if "ref.partner" in line]


@pytest.mark.sphinx(
    "html", testroot="directory-warnings", confoverrides={"suppress_warnings": ["ref.partner"]}
)
def test_unknown_role_id_can_be_suppressed(app: SphinxTestApp, warning: Any) -> None:
    app.build()
    found = warnings_of(warning)
    assert not [line for line in found if "ref.partner" in line]
    assert len(found) == 5


@pytest.mark.sphinx("latex", testroot="directory")
def test_latex_lists_partners_with_page_references(app: SphinxTestApp) -> None:
    app.build()
    tex = (app.outdir / "test.tex").read_text(encoding="utf-8")
    entry = re.search(r"\\sphinxcrossref\{Transcend\}\}\} \(\\autopageref\*\{([^}]*\})\}\)", tex)
    assert entry is not None, "no page reference after a directory entry"
    assert entry.group(1) == r"\detokenize{cards:partner-transcend}"
    # The role is a cross-reference with the partner's name.
    assert (
        r"\sphinxcrossref{\DUrole{xref}{\DUrole{partners}{\DUrole{partners-partner}{Lindsay" in tex
    )
    assert (
        "logo.svg" not in tex.split(r"\label{\detokenize{index:everyone}}")[1].split(r"\chapter")[0]
    )


@pytest.mark.sphinx("latex", testroot="directory", confoverrides={"latex_show_pagerefs": True})
def test_latex_does_not_repeat_sphinxs_own_page_references(app: SphinxTestApp) -> None:
    app.build()
    tex = (app.outdir / "test.tex").read_text(encoding="utf-8")
    assert "(\\autopageref*{\\detokenize{cards:partner-transcend}}) (" not in tex
    assert tex.count("\\autopageref*{\\detokenize{cards:partner-transcend}}") >= 1


@pytest.mark.sphinx("text", testroot="directory")
def test_text_shows_names_and_facts(app: SphinxTestApp) -> None:
    app.build()
    filters = " ".join((app.outdir / "filters.txt").read_text(encoding="utf-8").split())
    assert "* Lindsay Unified School District — Public school district, Lindsay, California" in (
        filters
    )
    links = " ".join((app.outdir / "links.txt").read_text(encoding="utf-8").split())
    # Sphinx's text writer stars every cross-reference.
    assert "Read about *Lindsay Unified School District* and *the network*." in links


# gettext needs an environment of its own (Sphinx refuses to share one with HTML).
@pytest.mark.sphinx("gettext", testroot="directory", srcdir="directory-gettext")
def test_gettext_builds(app: SphinxTestApp, warning: Any) -> None:
    app.build()
    assert warnings_of(warning) == []
    assert (app.outdir / "filters.pot").exists()


@pytest.mark.sphinx("html", testroot="directory")
def test_sort_orders_combined_filters_and_heading_levels(app: SphinxTestApp) -> None:
    app.build()
    by_since, by_source, combined, nested = _directories(_page(app, "options"))
    # The oldest partnership first; partners without a year last, by name.
    assert [text for text, _ in _entries(by_since)] == [
        "Summit Public Schools",
        "Lindsay Unified School District",
        "Somerville Public Schools",
        "The Gates Foundation",
        "Transcend",
    ]
    # The order of the cards in the site: page by page, then down each page.
    assert [text for text, _ in _entries(by_source)] == [
        "Lindsay Unified School District",
        "Summit Public Schools",
        "Transcend",
        "The Gates Foundation",
        "Somerville Public Schools",
    ]
    # Both filters apply; the author's classes are kept.
    assert [text for text, _ in _entries(combined)] == [
        "Lindsay Unified School District",
        "The Gates Foundation",
    ]
    assert "extra-class" in combined["class"]
    # Group headings sit one level below the section: h4 under an h3.
    assert [h.name for h in nested.select(".rubric")] == ["h4"]


@pytest.mark.sphinx("html", testroot="directory")
def test_any_role_and_domain_role_resolve(app: SphinxTestApp) -> None:
    app.build()
    links = _page(app, "options").select("a:has(span.xref)")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Lindsay Unified School District", "cards.html#partner-lindsay"),
        ("Summit Public Schools", "cards.html#partner-summit"),
    ]


def test_a_card_copied_onto_another_page_is_the_one_named(tmp_path: Path) -> None:
    """A card copied onto a page whose name sorts before the partners page took the id
    from the partners page's own card, which was named the duplicate, and the advice
    would have renamed the real partner (a tester's finding)."""
    from conftest import build_small_site

    card = ":::{{partner-card}} {name}\n:id: {id}\n:kind: district\n:::\n\n"
    partners = "# Partners\n\n" + "".join(
        card.format(name=name, id=key) for name, key in (("Lindsay", "lindsay"), ("Hill", "hill"))
    )
    approach = "# Approach\n\nText.\n\n" + card.format(name="Lindsay Unified", id="lindsay")
    index = "# Home\n\n```{toctree}\napproach\npartners\n```\n\n{partner}`lindsay`\n"
    pages = {"index.md": index, "approach.md": approach, "partners.md": partners}
    outdir, warnings, _ = build_small_site(tmp_path, pages)
    assert len(warnings) == 1, warnings
    assert (
        "approach.md:6: WARNING: partner-card 'Lindsay Unified': the id 'lindsay' is "
        in (warnings[0])
    )
    assert "the card at partners.md:4" in warnings[0]
    link = parse_html(outdir / "index.html").select_one("a[href*='partner-lindsay']")
    assert link is not None and link["href"].startswith("partners.html")
