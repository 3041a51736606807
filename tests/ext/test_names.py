"""Partners named in any script get distinct, stable ids, links and search entries."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import build_small_site, parse_html
from sphinx_partners.cards import name_id

NAMES = ["Школа номер один", "第一中学", "Σχολείο Αθηνών", "مدرسة النور", "Escuela Peña"]
PAGE = "# Partners\n\n" + "".join(
    f":::{{partner-card}} {name}\n:kind: school\n:::\n\n" for name in NAMES
)
LINKS = (
    "# Links\n\n{partner}`школа-номер-один` and {partner}`第一中学`\n\n"
    ":::{partner-directory}\n:::\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    srcdir = tmp_path_factory.mktemp("names")
    home = "# Home\n\n```{toctree}\npartners\nlinks\n```\n"
    pages = {"index.md": home, "partners.md": PAGE, "links.md": LINKS}
    outdir, warnings, _ = build_small_site(srcdir, pages)
    yield outdir, warnings


def test_ids_keep_the_words_of_every_script() -> None:
    assert name_id("Школа номер один") == "школа-номер-один"
    assert name_id("第一中学") == "第一中学"
    assert name_id("Σχολείο Αθηνών") == "σχολείο-αθηνών"
    assert name_id("Escuela Peña") == "escuela-pena"  # Latin names keep docutils' ids
    assert name_id("Школа № 1") != name_id("Школа № 2")


def test_no_false_duplicates_and_nobody_dropped(site) -> None:
    outdir, warnings = site
    assert not [w for w in warnings if "[partners." in w], warnings
    cards = parse_html(outdir / "partners.html").select("article.partners-card")
    ids = [card["id"] for card in cards]
    assert len(ids) == len(set(ids)) == len(NAMES)
    directory = parse_html(outdir / "links.html").select(".partners-directory a[href]")
    targets = {link["href"].split("#", 1)[1] for link in directory}
    assert targets == set(ids)


def test_links_and_search_entries_point_at_anchors_that_exist(site) -> None:
    outdir, _ = site
    anchors = {tag["id"] for tag in parse_html(outdir / "partners.html").find_all(id=True)}
    links = parse_html(outdir / "links.html").select("a.reference.internal[href*='#']")
    assert len(links) >= 2
    for link in links:
        page, anchor = link["href"].split("#", 1)
        if page == "partners.html":
            assert anchor in anchors, anchor
    index = (outdir / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(re.search(r"Search\.setIndex\((.*)\)", index, re.S).group(1))
    found = [entry for entries in data["objects"].values() for entry in entries]
    assert len(found) == len(NAMES)
    for *_, short_anchor, name in found:
        # Sphinx shortens an anchor "<type>-<id>" to "-".
        anchor = f"partner-{name_id(name)}" if short_anchor == "-" else short_anchor
        assert anchor in anchors, (name, short_anchor)
