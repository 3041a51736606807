"""The Spanish edition (issue 16): built strictly, every reader page translated, the two
editions linked both ways, stale translations shown in English with a note, and a status
report that agrees with the catalogs.

The editions are built as ``nox -s docs`` builds them: English into the site's folder,
Spanish into its own folder, then copied into ``es/``.
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import DOCS_DIR, RealSite, parse_html, publish, sphinx_build, write_catalog

ROOT = DOCS_DIR.parent
# The site's settings, read as Sphinx reads conf.py (runpy: the same on Sphinx 8 and 9).
SETTINGS = runpy.run_path(str(DOCS_DIR / "conf.py"))
ENGLISH_ONLY = SETTINGS["site_english_only"]
BASE = SETTINGS["html_baseurl"]
PAGES = sorted(
    path.relative_to(DOCS_DIR).with_suffix(".html").as_posix()
    for path in DOCS_DIR.rglob("*.md")
    if not path.relative_to(DOCS_DIR).parts[0].startswith("_")
)
READER_PAGES = [
    page for page in PAGES if not any(fnmatch(page[:-5], pattern) for pattern in ENGLISH_ONLY)
]


def _build(srcdir: Path, outdir: Path, *options: str) -> None:
    """A strict build, as CI's: no warning at all."""
    _, warnings = sphinx_build(srcdir, outdir, "-W", "--keep-going", "-n", *options)
    assert warnings == []


@pytest.fixture(scope="module")
def site(real_site: RealSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both editions as published (their strictness: test_site.py)."""
    real_site.assert_built()
    return publish(real_site, tmp_path_factory.mktemp("editions") / "html")


def _soup(site: Path, page: str) -> BeautifulSoup:
    return parse_html(site / page)


def _assert_english_is_marked(soup: BeautifulSoup, page: str) -> None:
    """Text without a current translation is shown in English, marked for screen
    readers, and a paragraph of it says so in Spanish: a contributor's English change
    needs no Spanish to be published (the translators' turn comes after)."""
    # (Not pictures: Sphinx marks every one "untranslated", translated or not.)
    for node in soup.select("article .untranslated:not(img)"):
        assert node.get("lang") == "en", f"{page}: English text not marked: {str(node)[:160]}"
        if node.name in ("p", "figcaption"):
            note = node.select_one(".untranslated-note")
            assert note is not None and note.get("lang") == "es", f"{page}: {str(node)[:160]}"
    for node in soup.select("article [lang='en']"):
        assert "untranslated" in node.get("class", []), f"{page}: {str(node)[:160]}"


@pytest.mark.parametrize("page", READER_PAGES)
def test_every_reader_page_is_in_spanish_or_says_what_is_not(site: Path, page: str) -> None:
    soup = _soup(site, f"es/{page}")
    assert soup.html["lang"] == "es"
    _assert_english_is_marked(soup, page)
    description = soup.find("meta", attrs={"name": "description"})
    assert description is not None, page
    if description.get("lang") != "es":  # not translated yet: the English one, marked
        english = _soup(site, page).find("meta", attrs={"name": "description"})
        assert description.get("lang") == "en", description
        assert english is not None and description["content"] == english["content"]


@pytest.mark.parametrize("page", [page for page in PAGES if page not in READER_PAGES][:3])
def test_guides_stay_in_english_and_say_so(site: Path, page: str) -> None:
    soup = _soup(site, f"es/{page}")
    notice = soup.select_one(".english-only-notice")
    assert notice is not None and notice.get("lang") == "es"
    assert "solo está disponible en inglés" in notice.get_text()
    section = soup.select_one("article > section")
    assert section is not None and section.get("lang") == "en"


@pytest.mark.parametrize("page", READER_PAGES)
def test_switcher_links_the_same_page_both_ways(site: Path, page: str) -> None:
    for here, there, language in ((page, f"es/{page}", "es"), (f"es/{page}", page, "en")):
        link = _soup(site, here).select_one(f".language-switcher a[hreflang='{language}']")
        assert link is not None, f"{here}: no link to the {language} edition"
        assert link.get("lang") == language
        target = urlsplit(urljoin(f"https://site.test/{here}", link["href"])).path.lstrip("/")
        assert target == there, f"{here} links to {target}, not {there}"
        assert (site / target).is_file()


@pytest.mark.parametrize("page", ["index.html", "partners/index.html", "phases/exploring-fit.html"])
def test_hreflang_and_canonical_addresses(site: Path, page: str) -> None:
    for prefix in ("", "es/"):
        soup = _soup(site, prefix + page)
        alternates = {
            link["hreflang"]: link["href"]
            for link in soup.find_all("link", rel="alternate")
            if link.get("hreflang")
        }
        assert alternates == {
            "en": BASE + page,
            "es": BASE + "es/" + page,
            "x-default": BASE + page,
        }
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == BASE + prefix + page


def test_the_extensions_words_are_in_spanish(site: Path) -> None:
    soup = _soup(site, "es/partners/index.html")
    labels = {
        name.get_text(strip=True).rstrip(":") for name in soup.select(".partners-card__facts dt")
    }
    assert {"Tipo", "Lugar"} <= labels, labels
    facts = soup.get_text(" ")
    assert "Distrito escolar público" in facts and "Red de escuelas chárter" in facts
    # Logos' descriptions come from the page's catalog; one not translated yet is marked.
    logos = soup.select(".partners-card img")
    spanish = [logo["alt"] for logo in logos if logo.get("lang") != "en"]
    assert any(alt.startswith("Monograma simple con las letras SU") for alt in spanish), spanish
    assert all(alt.startswith("Monograma simple") for alt in spanish), spanish
    assert soup.select_one("button[data-drawer] .visually-hidden").get_text() == (
        "Navegación del sitio"
    )


def _search_index(site: Path) -> dict:
    text = (site / "es" / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.parametrize(
    ("word", "page"), [("asociación", "partners/index"), ("distrito", "glossary")]
)
def test_spanish_search_finds_spanish_words(site: Path, word: str, page: str) -> None:
    """Sphinx's Spanish stemmer: the word a reader types finds the pages that use it."""
    language_data = (site / "es" / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "SpanishStemmer" in language_data
    index = _search_index(site)
    stems = [stem for stem in index["terms"] if word.startswith(stem) and len(stem) >= 5]
    assert stems, f"no stem of {word!r} in the Spanish search index"
    found = index["terms"][max(stems, key=len)]
    documents = {
        index["docnames"][number] for number in ([found] if isinstance(found, int) else found)
    }
    assert page in documents, documents


#: A partner and a row of pictures as a contributor adds them: in English only.
NEW_PARTNER = """
:::{partner-card} Riverbend Reading Library
:id: riverbend-reading
:kind: nonprofit
:location: Riverbend, Oregon
:logo: /_static/partners/c2d2.svg
:logo-alt: Plain monogram with the letters RR
:url: https://www.example.org/riverbend

A library that ran a summer reading program with the school.
:::

::::{image-grid}
:caption: The summer reading program.

![A reading corner with cushions](/_static/illustrations/approach.png "Reading after school")
::::
"""


def test_english_without_spanish_shows_in_english_with_a_note(
    tmp_path: Path, real_site: RealSite
) -> None:
    """A changed paragraph (its translation fuzzy) and a new partner with a row of
    pictures (no translation at all): the Spanish pages show that text in English,
    marked, with a note in Spanish; the card's own labels and link stay Spanish."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns("_build", "*.mo"))
    page = docs / "approach" / "index.md"
    old = "The project describes its way of working in three parts."
    new = "The project describes the way it works in three parts."
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    partners = docs / "partners" / "index.md"
    partners.write_text(partners.read_text(encoding="utf-8") + NEW_PARTNER, encoding="utf-8")
    script = [sys.executable, str(ROOT / "scripts" / "translations.py"), "--docs", str(docs)]
    subprocess.run([*script, "update"], check=True, capture_output=True)

    catalog = docs / "locales" / "es" / "LC_MESSAGES" / "approach" / "index.po"
    with catalog.open("rb") as handle:
        entry = next((m for m in read_po(handle) if m.id and new in m.id), None)
    assert entry is not None and entry.fuzzy, "the changed paragraph's translation is not fuzzy"
    report = subprocess.run([*script, "status"], check=True, capture_output=True, text=True)
    assert re.search(r"`approach/index` \| 10 \| 1 \| 0 \|", report.stdout), report.stdout
    # The card's name, location, logo description, text; the picture's and the caption:
    # in the catalog with no translation, or fuzzy where it had a text like it (another
    # logo's description), whose old translation is not used.
    catalog = docs / "locales" / "es" / "LC_MESSAGES" / "partners" / "index.po"
    with catalog.open("rb") as handle:
        entries = {m.id: m for m in read_po(handle) if m.id}
    for text in (
        "Riverbend Reading Library",
        "Riverbend, Oregon",
        "Plain monogram with the letters RR",
        "A library that ran a summer reading program with the school.",
        "A reading corner with cushions",
        "The summer reading program.",
        "Reading after school",
    ):
        assert text in entries and (entries[text].fuzzy or not entries[text].string), text

    # The Spanish edition alone: the English pages do not change with a catalog.
    edition = tmp_path / "es"
    # The resized pictures of the run's build of the site (the same in every language,
    # as nox -s docs uses them): only the new partner's are made here.
    pictures = real_site.english.parent / "english-doctrees" / "partners-images"
    if pictures.is_dir():
        shutil.copytree(pictures, edition / ".doctrees" / "partners-images")
    _build(docs, edition, "-D", "language=es")
    paragraph = next(
        p for p in _soup(edition, "approach/index.html").select("article p") if new in p.get_text()
    )
    assert paragraph.get("lang") == "en"
    note = paragraph.select_one(".untranslated-note")
    assert note is not None and note.get("lang") == "es"
    assert "En inglés" in note.get_text()

    soup = _soup(edition, "partners/index.html")
    _assert_english_is_marked(soup, "partners/index.html")
    card = soup.select_one("#partner-riverbend-reading")
    assert card is not None
    body = card.select_one(".partners-card__body p")
    assert body.get("lang") == "en" and body.select_one(".untranslated-note") is not None
    assert card.select_one("img")["alt"] == "Plain monogram with the letters RR"
    assert card.select_one("img").get("lang") == "en"  # read out as English
    # The extension's own words are Spanish: neither marked English nor noted.
    link = card.select_one(".partners-card__links")
    assert link.get_text() == "Sitio web de Riverbend Reading Library" and not link.get("lang")
    assert "Organización sin fines de lucro" in card.get_text()
    grid = soup.select(".partners-grid")[-1]
    assert grid.select_one("img").get("lang") == "en"
    # The row's caption and the photo's own (a newcomer's photo with a caption failed
    # CI: it had no note).
    captions = grid.select("figcaption")
    assert len(captions) == 2, captions
    for caption in captions:
        # (Older Sphinx writes a photo's caption as a paragraph inside the figcaption.)
        marked = caption if caption.get("lang") else caption.find("p")
        assert marked is not None and marked.get("lang") == "en", caption
        assert caption.select_one(".untranslated-note") is not None, caption


def test_status_report_agrees_with_the_catalogs() -> None:
    report = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "status"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    catalogs = DOCS_DIR / "locales" / "es" / "LC_MESSAGES"
    in_catalogs = 0
    for po in catalogs.rglob("*.po"):
        with po.open("rb") as handle:
            in_catalogs += sum(1 for m in read_po(handle) if m.id and m.string and not m.fuzzy)
    found = re.search(r"es: (\d+) of (\d+) texts translated \((\d+)%, published\)", report)
    assert found, report
    translated, total, share = map(int, found.groups())
    # The catalogs' translations of texts the pages still have (a translation of text
    # since removed is not counted); the pages' rows add up to the whole.
    assert 0 < translated <= in_catalogs and translated <= total
    assert share == 100 * translated // total
    rows = re.findall(r"^\| `[^`]+` \| (\d+) \| (\d+) \| (\d+) \|$", report.split("pt:")[0], re.M)
    assert sum(int(row[0]) for row in rows) == translated
    assert sum(sum(map(int, row)) for row in rows) == total
    # Portuguese has catalogs but no translations, and is not published yet.
    assert re.search(r"pt: 0 of \d+ texts translated \(0%, not published yet\)", report)


def test_sitemap_lists_every_page_in_both_editions(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in ("index.html", "partners/index.html"):
        for address in (BASE + page, BASE + "es/" + page):
            assert f"<loc>{address}</loc>" in sitemap, address
        assert f'hreflang="es" href="{BASE}es/{page}"' in sitemap


def test_the_spanish_edition_says_everything_in_spanish(site: Path) -> None:
    """Not only the pages: the 404 page, the footer, the date and the link preview."""
    missing = _soup(site, "es/404.html")
    assert "Página no encontrada" in missing.find("article").get_text()
    home = _soup(site, "es/index.html")
    footer = home.find("footer").get_text(" ")
    assert "quienes colaboran" in footer and "contributors" not in footer
    preview = home.find("meta", property="og:image:alt")
    assert preview is not None and preview["content"].startswith("Asociaciones escolares")
    assert home.title.get_text().endswith("Asociaciones escolares")
    # furo's own English names, in attributes a screen reader reads out.
    names = [tag["aria-label"] for tag in home.find_all(attrs={"aria-label": True})]
    assert names and not [name for name in names if "Toggle" in name or "repository" in name]
    assert "Mostrar u ocultar las páginas de Contributing" in names, names


THEME_CATALOG_PROJECT = f"""\
import sys
sys.path.insert(0, {str(DOCS_DIR / "_ext")!r})
extensions = ["myst_parser", "accessible_furo", "sphinx_partners"]
html_theme = "furo"
templates_path = [{str(DOCS_DIR / "_templates")!r}]
language = "es"
locale_dirs = ["locales"]
"""


def test_a_theme_word_translated_without_its_placeholder_is_named_not_fatal(
    tmp_path: Path,
) -> None:
    """A translator who drops the %s of "Toggle navigation of %s" in sphinx.po (content
    a pull request changes) stopped the Spanish build with a TypeError in the site's
    own template filter; the extension's check of catalogs names the line and leaves
    the translation out, so the switch keeps its English name."""
    from conftest import build_project

    (tmp_path / "conf.py").write_text(THEME_CATALOG_PROJECT, encoding="utf-8")
    (tmp_path / "index.md").write_text("# Inicio\n\n```{toctree}\nparte/index\n```\n", "utf-8")
    (tmp_path / "parte").mkdir()
    (tmp_path / "parte" / "index.md").write_text("# Parte\n\n```{toctree}\nuna\n```\n", "utf-8")
    (tmp_path / "parte" / "una.md").write_text("# Una\n\nTexto.\n", "utf-8")
    catalog = tmp_path / "locales" / "es" / "LC_MESSAGES" / "sphinx.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "Toggle navigation of %s"\n'
        'msgstr "Mostrar u ocultar la navegación"\n',
        encoding="utf-8",
    )
    outdir, warnings, _ = build_project(tmp_path)
    switch = parse_html(outdir / "index.html").select_one("input.toctree-checkbox")
    assert switch is not None and switch["aria-label"] == "Toggle navigation of Parte"
    named = [w for w in warnings if "[i18n.placeholders]" in w]
    assert len(named) == 1 and named[0].startswith(f"{catalog}:6:"), warnings


def test_the_status_report_for_ci_s_summary_quotes_no_content(tmp_path: Path) -> None:
    """CI writes the report into the job summary as Markdown: the warnings of the
    gettext build it runs (which quote a pull request's words) stay out of it, and a
    page's name is code, never a link."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns("_build"))
    (docs / "about-[x](https:--evil.example).md").write_text(
        "---\norphan: true\n---\n# Probe\n\n![[Approve here](https://evil.example)](nope.png)\n",
        encoding="utf-8",
    )
    # A language no build reads, whose catalog Babel printed to the output, its words
    # as written: a heading and a link in the summary (red team, fifth round).
    write_catalog(
        docs,
        'msgid ""\n"x\\n"\n"## Security review passed\\n"\n"[Approve](https://evil.example/login)\\n"\n',
        "about",
        language="fr",
    )
    report = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "--docs", str(docs),
         "status", "--markdown"],
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # as nox runs it in CI: one stream, into the summary
        text=True,
    ).stdout  # fmt: skip
    assert "WARNING" not in report and "(https://evil.example)" not in report
    assert "| `about-[x](https:--evil.example)` |" in report
    assert "Security review" not in report and "evil.example/login" not in report
    assert (
        "| `about` | the catalog cannot be read: the entry at line 5 (a msgid without its msgstr"
        in report
    )
