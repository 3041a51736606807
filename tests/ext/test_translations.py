"""The extension's own words in another language: its Spanish catalog, shipped compiled."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx

from conftest import build_small_site, front_matter, parse_html, write_catalog

ROOT = Path(__file__).resolve().parents[2]
PAGE = """\
# Socios

:::{partner-card} Distrito Escolar del Valle
:id: valle
:kind: district
:location: Valle, California
:logo: logo.svg
:url: https://www.example.org/
:since: 2017
:::

:::{partner-directory}
:group-by: kind
:::
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
)


def test_a_spanish_site_gets_the_labels_in_spanish(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": PAGE}, 'language = "es"\n')
    assert warnings == []
    page = parse_html(outdir / "index.html")
    card = page.select_one("article.partners-card")
    facts = card.select_one(".partners-card__facts").get_text(" ", strip=True)
    assert "Tipo" in facts and "Distrito escolar público" in facts
    assert "Lugar" in facts and "Socio desde" in facts
    assert (
        card.select_one("a.partners-card__link").get_text()
        == "Sitio web de Distrito Escolar del Valle"
    )
    assert card.select_one("img")["alt"] == "Logotipo de Distrito Escolar del Valle"
    heading = page.select_one(
        ".partners-directory h2, .partners-directory h3, .partners-directory p"
    )
    assert "Distrito escolar público" in page.select_one(".partners-directory").get_text()
    assert heading is not None


LINKS_PAGE = """\
# Partners

:::{partner-card} Valley Fund
:id: fund
:url: https://www.example.org/fund
:url-text: Read about the fund
:::

:::{partner-card} Valley District
:id: district
:url: https://www.example.org/district
:::
"""


def test_a_link_s_own_words_are_one_text_of_the_page_s_catalog(tmp_path: Path) -> None:
    """``:url-text:`` alone is asked for, and its translation keeps the link around it
    (a translated paragraph was the words without the link); the extension's "Website
    of" comes from its own catalog, never asked of the page's."""
    gettext = tmp_path / "gettext"
    build_small_site(gettext, {"index.md": LINKS_PAGE})
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "gettext", str(gettext), str(gettext / "pot")],
        check=True,
    )
    messages = (gettext / "pot" / "index.pot").read_text(encoding="utf-8")
    assert 'msgid "Read about the fund"' in messages
    assert "Website of" not in messages and "(Valley Fund)" not in messages

    write_catalog(tmp_path / "es", {"Read about the fund": "Lea sobre el fondo"})
    outdir, warnings, _ = build_small_site(
        tmp_path / "es",
        {"index.md": LINKS_PAGE},
        'language = "es"\nlocale_dirs = ["locales"]\ntranslation_progress_classes = True\n',
    )
    assert warnings == []
    links = parse_html(outdir / "index.html").select("a.partners-card__link")
    assert [link["href"] for link in links] == [
        "https://www.example.org/fund",
        "https://www.example.org/district",
    ]
    # The words first, then the name for screen readers, as in the English page.
    assert links[0].get_text() == "Lea sobre el fondo (Valley Fund)"
    assert links[0].select_one("span.translated").get_text() == "Lea sobre el fondo"
    assert links[1].get_text() == "Sitio web de Valley District"
    assert "untranslated" not in links[1].find_parent("p")["class"]


def test_an_english_site_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    outdir, _, _ = build_small_site(tmp_path, {"index.md": PAGE})
    facts = parse_html(outdir / "index.html").select_one(".partners-card__facts").get_text()
    assert "Public school district" in facts and "Partner since" in facts


def test_the_compiled_catalogs_are_in_step_with_their_sources() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_catalogs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def test_a_mistake_in_a_translation_is_named_once(tmp_path: Path) -> None:
    """Sphinx reads each translated paragraph twice (the two passes of its i18n
    transform): one mistake in a catalog still gives one message."""
    write_catalog(tmp_path, {"Some text.": "Un [texto](javascript:alert(1))."})
    _, warnings, _ = build_small_site(
        tmp_path,
        {"index.md": "# Home\n\nSome text.\n"},
        'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n',
    )
    scheme = [w for w in warnings if "partners.scheme" in w]
    assert len(scheme) == 1 and "index.po:6: WARNING" in scheme[0], warnings
    assert scheme[0].endswith(
        "In a translation, keep the English text's address as it is. (the translation of "
        "index.md, line 3) [partners.scheme]"
    )


def test_a_translation_of_sphinx_s_words_with_other_placeholders_cannot_stop_the_build(
    tmp_path: Path,
) -> None:
    """A site's sphinx.po (content, open to every pull request) turning "see %s" into
    "ver %d" stopped the build with a TypeError in Sphinx's index; the translation is
    named at its line, and Sphinx's own words are used (here its own Spanish)."""
    catalog = write_catalog(
        tmp_path, '#, python-format\nmsgid "see %s"\nmsgstr "ver %d"\n', "sphinx"
    )
    page = "# Inicio\n\n```{index} see: Socios; Asociación\n```\n\nTexto.\n"
    outdir, warnings, _ = build_small_site(
        tmp_path, {"index.md": page}, 'language = "es"\nlocale_dirs = ["locales"]\n'
    )
    named = [w for w in warnings if "[i18n.placeholders]" in w]
    assert len(named) == 1 and named[0].startswith(f"{catalog}:6:"), warnings
    assert "ver Asociación" in (outdir / "genindex.html").read_text(encoding="utf-8")


def test_a_translation_of_the_theme_s_words_into_markup_is_left_out(tmp_path: Path) -> None:
    """The templates write Sphinx's and the theme's words as they are: "Back to top"
    translated into an SVG script put it on every page of the language (red team,
    fourth round). The translation is named at its line and left out; Sphinx's own
    translations, some with quotes, are used as they are."""
    catalog = write_catalog(
        tmp_path,
        'msgid "Navigation"\n'
        'msgstr "Navegación<svg><script href=\\"x.js\\">alert(1)</script></svg>"\n\n'
        'msgid "Search"\nmsgstr "Buscar\\" onmouseover=\\"alert(2)"\n\n'
        'msgid "Next topic"\nmsgstr "Próximo tema"\n',
        "sphinx",
    )
    outdir, warnings, _ = build_small_site(
        tmp_path,
        {"index.md": "# Inicio\n\nTexto.\n", "next.md": "# Siguiente\n"},
        'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n'
        'html_sidebars = {"**": ["localtoc.html", "relations.html", "searchbox.html"]}\n',
    )
    named = [w for w in warnings if "[i18n.markup]" in w]
    assert len(named) == 2, warnings
    assert named[0].startswith(f"{catalog}:") and 'holds < > "' in " ".join(named)
    assert "'Buscar\" onmouseover=\"alert(2)' of 'Search' holds \"" in " ".join(named)
    assert not [w for w in warnings if "partners.published" in w]
    text = (outdir / "index.html").read_text(encoding="utf-8")
    assert "alert(" not in text and "Navegación" in text  # Sphinx's own Spanish


def test_a_translation_of_the_theme_s_words_that_reorders_them_is_left_out(
    tmp_path: Path,
) -> None:
    """A red team's finding: "Volver a" U+202E "abirra" in sphinx.po showed every page of
    the edition "Volver arriba" reversed. Named at its line; Sphinx's own words are used."""
    catalog = write_catalog(
        tmp_path,
        'msgid "Navigation"\nmsgstr "Nave\u202egación"\n\nmsgid "Next topic"\nmsgstr "Próximo"\n',
        "sphinx",
    )
    outdir, warnings, _ = build_small_site(
        tmp_path,
        {"index.md": "# Inicio\n\nTexto.\n"},
        'language = "es"\nlocale_dirs = ["locales"]\npartners_page_rules = True\n'
        'suppress_warnings = ["partners.description"]\n',
    )
    named = [w for w in warnings if "[partners.direction]" in w]
    assert len(named) == 1 and named[0].startswith(f"{catalog}:5:"), warnings  # its entry
    assert "of 'Navigation' holds U+202E" in named[0]
    text = (outdir / "index.html").read_text(encoding="utf-8")
    assert "\u202e" not in text and "Navegación" in text  # Sphinx's own Spanish


def _compile(po: Path) -> None:
    from sphinx.util.i18n import CatalogInfo

    CatalogInfo(po.parent, po.stem, "utf-8").write_mo("es")


@pytest.mark.parametrize("with_po", [True, False], ids=["beside-its-po", "alone"])
def test_a_compiled_catalog_its_po_does_not_give_is_removed(tmp_path: Path, with_po: bool) -> None:
    """A red team's finding: a .mo committed alone, or beside an innocent .po (a fresh
    clone makes neither newer), translated the pages with words no reviewer read."""
    hostile = write_catalog(tmp_path / "hostile", {"Text.": "Texto que nadie revisó."})
    _compile(hostile)
    srcdir = tmp_path / "src"
    catalog = write_catalog(srcdir, {"Text.": "Texto."}) if with_po else None
    mo = srcdir / "locales" / "es" / "LC_MESSAGES" / "index.mo"
    mo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(hostile.with_suffix(".mo"), mo)
    if catalog is not None:  # older than the .mo: Sphinx would not compile it again
        os.utime(catalog, (1_000_000_000, 1_000_000_000))
    outdir, warnings, _ = build_small_site(
        srcdir,
        {"index.md": "# Inicio\n\nText.\n"},
        'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n',
    )
    named = [w for w in warnings if "[partners.catalog]" in w]
    assert len(named) == 1 and named[0].startswith(f"{mo}:"), warnings
    assert ("differs from what its .po" if with_po else "has no .po") in named[0]
    text = (outdir / "index.html").read_text(encoding="utf-8")
    assert "nadie" not in text
    assert ("Texto." in text) if with_po else ("Text." in text)


def test_a_compiled_catalog_in_a_folder_gettext_reads_first_is_removed(tmp_path: Path) -> None:
    """A red team's finding: gettext reads es_ES/ before es/ (it expands the name), so a
    .mo there translated the pages and the theme's words, while the build compiles and
    checks es/ only."""
    srcdir = tmp_path / "src"
    write_catalog(srcdir, {"Text.": "Texto.", "Navigation": "Navegación"})
    for name, entries in (
        ("index", {"Text.": "Texto ajeno."}),
        ("sphinx", {"Navigation": "Ajena"}),
    ):
        hostile = write_catalog(tmp_path / "hostile", entries, name, language="es_ES")
        _compile(hostile)
        target = srcdir / "locales" / "es_ES" / "LC_MESSAGES" / f"{name}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(hostile.with_suffix(".mo"), target)
    outdir, warnings, _ = build_small_site(
        srcdir,
        {"index.md": "# Inicio\n\nText.\n"},
        'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n',
    )
    named = [w for w in warnings if "[partners.catalog]" in w]
    assert len(named) == 2 and all("in the folder es_ES" in w for w in named), warnings
    text = (outdir / "index.html").read_text(encoding="utf-8")
    assert "ajen" not in text.lower() and "Texto." in text


def test_a_compiled_catalog_of_the_theme_s_words_is_loaded_from_its_po(tmp_path: Path) -> None:
    """Sphinx loads sphinx.mo before any extension: a committed one that its .po does
    not give is compiled again from the .po and loaded again."""
    hostile = write_catalog(tmp_path / "hostile", {"Navigation": "Palabras ajenas"}, "sphinx")
    _compile(hostile)
    srcdir = tmp_path / "src"
    catalog = write_catalog(srcdir, {"Navigation": "Navegación propia"}, "sphinx")
    mo = catalog.with_suffix(".mo")
    shutil.copyfile(hostile.with_suffix(".mo"), mo)
    os.utime(catalog, (1_000_000_000, 1_000_000_000))
    outdir, warnings, _ = build_small_site(
        srcdir,
        {"index.md": "# Inicio\n\nTexto.\n"},
        'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n',
    )
    assert len([w for w in warnings if "[partners.catalog]" in w]) == 1, warnings
    text = (outdir / "index.html").read_text(encoding="utf-8")
    assert "Palabras ajenas" not in text and "Navegación propia" in text


@pytest.mark.parametrize(
    ("english", "translated", "fills_in"),
    [
        ("see %s", "ver %s", True),
        ("see %s", "ver %d", False),
        ("see %s", "ver", False),
        ("see %s", "ver %*s", False),
        ("see %s", "ver %s %y", False),
        ("see %s", "ver %s%", False),
        ("Last updated on %(last_updated)s.", "Actualizado el %(last_updated)s al 100%", False),
        ("Last updated on %(last_updated)s.", "Actualizado el %(last_updated)s.", True),
        ("%(a)s and %(b)s", "%(b)s y %(a)s", True),
        ("Search", "Buscar 100%", True),  # words code never fills in
    ],
)
def test_python_s_own_percent_judges_a_translation(
    english: str, translated: str, fills_in: bool
) -> None:
    from sphinx_partners.safety.catalogs import _fills_in

    assert _fills_in(english, translated) is fills_in


def test_a_catalog_in_a_charset_python_does_not_know_does_not_stop_the_build(
    tmp_path: Path,
) -> None:
    """The check of the site's ``sphinx.po`` read it with Babel, which raised for an
    unknown charset: the build stopped, naming no file. Sphinx names the catalog it
    cannot compile, and the build goes on with the words Sphinx ships."""
    write_catalog(tmp_path, {"Search": "Buscar"}, name="sphinx", charset="bogus")
    outdir, warnings, _ = build_small_site(
        tmp_path,
        {"index.md": "# Inicio\n\nTexto.\n"},
        'language = "es"\nlocale_dirs = ["locales"]\n',
    )
    assert (outdir / "index.html").is_file()
    assert len(warnings) == 1 and "sphinx.mo" in warnings[0] and "bogus" in warnings[0]


#: A page to translate, and its Spanish catalog: the paragraph's English text over two
#: lines of the catalog, as Babel and sphinx-intl write a long one.
TRANSLATED_PAGE = """\
---
orphan: true
---
# About

Our partners are on [the partners page](index.md), and {partner}`fund` leads.

Another paragraph.
"""
ABOUT_CATALOG = """\
msgid "About"
msgstr "Acerca de"

msgid ""
"Our partners are on [the partners page](index.md), and {partner}`fund` "
"leads."
msgstr ""
"Nuestros socios están en [la página de socios](indx.md), y {partner}`fnd` "
"dirige."

msgid "Another paragraph."
msgstr "Otro [párrafo](otra.md)."
"""


def test_a_problem_in_a_translation_is_named_at_its_line_in_the_catalog(tmp_path: Path) -> None:
    """A Spanish paragraph's link to a missing page was named at 'about.md:6:<translated>:1',
    a line of the English page where nothing is wrong; the translator edits the catalog."""
    write_catalog(tmp_path, ABOUT_CATALOG, "about")
    settings = 'language = "es"\nlocale_dirs = ["locales"]\ngettext_compact = False\n'
    pages = {"index.md": LINKS_PAGE, "about.md": TRANSLATED_PAGE}
    _, warnings, _ = build_small_site(tmp_path, pages, settings)
    about = [w for w in warnings if "about" in w]
    assert all("<translated>" not in w for w in warnings), warnings
    at = sorted((w.split(": WARNING: ")[0].rpartition("/")[2], w.rsplit(" ", 1)[1]) for w in about)
    # Line 11, a page link and a partner id changed: Sphinx 9 finds the paragraph's links
    # inconsistent and its message shows the translation's page link, '(indx.md)', so
    # neither link's own message comes; 8.1 compares neither, and each link says so.
    # Line 16, a page link added: one message, that shows it.
    if sphinx.version_info >= (9,):
        assert at == [
            ("about.po:11", "[i18n.inconsistent_references]"),
            ("about.po:16", "[i18n.inconsistent_references]"),
        ], about
        changed = next(w for w in about if "about.po:11:" in w)
        assert "the translation: a link, {partner}`fnd`; the translation's page links: " in changed
        assert "[la página de socios](indx.md))" in changed
        return
    assert at == [
        ("about.po:11", "[myst.xref_missing]"),
        ("about.po:11", "[ref.partner]"),
        ("about.po:16", "[i18n.inconsistent_references]"),
    ], about
    missing = next(w for w in about if "indx.md" in w)
    assert missing.endswith(
        "a link to a page the site does not have: 'indx.md'. Did you mean 'index.md'? "
        "(the translation of about.md, line 6) [myst.xref_missing]"
    )
    links = next(w for w in about if "i18n" in w and "about.po:16:" in w)
    assert "Keep each link of the English text, to the same page, partner or term" in links
    assert links.endswith("(the translation of about.md, line 8) [i18n.inconsistent_references]")
    assert len(warnings) == len(about), warnings


def test_the_catalog_named_is_the_one_sphinx_took_the_translation_from(tmp_path: Path) -> None:
    """With two catalog folders, Sphinx takes a text's translation from the first that
    has one written and not marked fuzzy: the line named is that one's."""
    fuzzy = '#, fuzzy\nmsgid "Another paragraph."\nmsgstr "Otro [viejo](vieja.md)."\n'
    used = 'msgid "Another paragraph."\nmsgstr "Otro [párrafo](otra.md)."\n'
    for folder, text in (("first", fuzzy), ("second", used)):
        write_catalog(tmp_path, text, "about", folder=folder)
    settings = 'language = "es"\nlocale_dirs = ["first", "second"]\ngettext_compact = False\n'
    pages = {"index.md": LINKS_PAGE, "about.md": TRANSLATED_PAGE}
    _, warnings, _ = build_small_site(tmp_path, pages, settings)
    # One message for the added link, which shows it: at the catalog it came from.
    assert len(warnings) == 1 and "[párrafo](otra.md)" in warnings[0], warnings
    assert "/second/es/LC_MESSAGES/about.po:6: WARNING" in warnings[0]


def test_links_that_differ_are_said_in_words_and_the_page_with_its_folder(tmp_path: Path) -> None:
    """Sphinx's "inconsistent term references ... original: [''], translated: ['']" for
    a page link (a tester's finding: 'term' for a link, two lists that look alike), and
    the English page named without its folder."""
    write_catalog(tmp_path, {"See [the home page](../index.md).": "Vea la portada."}, "guide/intro")
    settings = 'language = "es"\nlocale_dirs = ["locales"]\ngettext_compact = False\n'
    page = "---\norphan: true\n---\n# Intro\n\nSee [the home page](../index.md).\n"
    _, warnings, _ = build_small_site(
        tmp_path, {"index.md": "# Home\n", "guide/intro.md": page}, settings
    )
    assert len(warnings) == 1, warnings
    assert (
        "guide/intro.po:6: WARNING: the translation's links are not the English text's: "
        in warnings[0]
    )
    assert "or a link is missing or added. Keep each link of the English text" in warnings[0]
    assert warnings[0].endswith(
        "(the translation of guide/intro.md, line 6) [i18n.inconsistent_references]"
    )


def test_a_line_of_a_catalog_that_babel_cannot_read_is_named_at_its_line(tmp_path: Path) -> None:
    """A translation's second line without its quotes: Babel printed "WARNING: Problem
    on line 7" with no file, dropped the translations around it, and the strict build
    succeeded (a tester's finding)."""
    write_catalog(tmp_path, 'msgid "Some text."\nmsgstr "Un texto"\ny su segunda línea\n')
    settings = 'language = "es"\nlocale_dirs = ["locales"]\n'
    _, warnings, _ = build_small_site(
        tmp_path / "es", {"index.md": "# Home\n\nSome text.\n"}, settings
    )
    assert warnings == [], warnings  # another folder: no catalog
    (tmp_path / "locales").rename(tmp_path / "es" / "locales")
    _, warnings, _ = build_small_site(tmp_path / "es", {}, settings)
    assert len(warnings) == 1, warnings
    assert (
        "locales/es/LC_MESSAGES/index.po:7: WARNING: this line of the catalog is not" in warnings[0]
    )
    assert warnings[0].endswith(
        "Put a translation's every line between double quotes. [i18n.catalog_line]"
    )
    _, warnings, _ = build_small_site(tmp_path / "es", {}, 'locale_dirs = ["locales"]\n')
    assert warnings == []  # the English edition does not read the Spanish catalogs


def test_a_bold_never_closed_in_a_translation_is_named_in_the_catalog(tmp_path: Path) -> None:
    write_catalog(tmp_path, {"**To be filled in:** the name.": "**Por completar: el nombre."})
    settings = 'language = "es"\nlocale_dirs = ["locales"]\npartners_page_rules = True\n'
    front = front_matter("A page to try a bold left open in a translation, as a translator may.")
    page = front + "# Home\n\n**To be filled in:** the name.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, settings)
    bold = [w for w in warnings if w.endswith("[partners.bold]")]
    assert len(bold) == 1 and "index.po:6: WARNING: '**Por completar: el nombre.'" in bold[0], (
        warnings
    )


def test_an_e_mail_address_in_a_translation_is_named_in_the_catalog(tmp_path: Path) -> None:
    write_catalog(tmp_path, {"Ask the district's office.": "Escriba a oficina@valle.example.org."})
    settings = (
        'language = "es"\nlocale_dirs = ["locales"]\npartners_page_rules = True\n'
        'partners_safe_url_schemes = ("https", "http")\n'
    )
    front = front_matter("A page to try an e-mail address a translator added to a sentence.")
    page = front + "# Home\n\nAsk the district's office.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, settings)
    assert len(warnings) == 1, warnings
    assert "index.po:6: WARNING: 'oficina@valle.example.org' is an e-mail address" in warnings[0]
    assert warnings[0].endswith("[partners.email]")


TWO_PARTNERS = (
    ":::{partner-card} Summit\n:id: summit\n:::\n\n:::{partner-card} Valley\n:id: valley\n:::\n"
)


@pytest.mark.parametrize(
    ("translation", "code", "words"),
    [
        # The cause named while the page is read: Sphinx's message is dropped.
        ("Vea {partner} `summit` hoy.", "partners.role", "written apart from its backticks"),
        # A link that leads nowhere, said while pages are written: Sphinx's message
        # shows both links, the other is dropped.
        ("Vea {partner}`sumit` hoy.", "i18n.inconsistent_references", "{partner}`sumit`"),
        # Another partner that exists: only Sphinx's message says it.
        ("Vea {partner}`valley` hoy.", "i18n.inconsistent_references", "{partner}`valley`"),
    ],
    ids=["role-apart", "unknown-id", "other-partner"],
)
def test_a_changed_link_in_a_translation_is_one_message(
    tmp_path: Path, translation: str, code: str, words: str
) -> None:
    """Two messages at the same catalog line for one mistake (a tester's finding)."""
    write_catalog(tmp_path, {"See {partner}`summit` today.": translation})
    settings = 'language = "es"\nlocale_dirs = ["locales"]\npartners_page_rules = True\n'
    front = front_matter("A page to try a link a translator changed, as a translator may.")
    page = front + f"# Home\n\n{TWO_PARTNERS}\nSee {{partner}}`summit` today.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, settings)
    if sphinx.version_info < (9,) and "partner" in translation and "} `" not in translation:
        # Sphinx 8.1 does not compare a role's target: the unknown id is said by its own
        # message, and another partner's is not said at all (a limit of that version).
        expected = ["[ref.partner]"] if "sumit" in translation else []
        assert [w.rsplit(" ", 1)[1] for w in warnings] == expected, warnings
        return
    assert len(warnings) == 1, warnings
    assert "index.po:6: WARNING: " in warnings[0] and warnings[0].endswith(f"[{code}]")
    assert words in warnings[0]


def test_a_catalog_for_many_pages_is_read_once_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With gettext_compact, one catalog serves every page of a folder: it was read with
    Babel again for each page."""
    from sphinx_partners import catalog_lines

    read = []
    lines_of = catalog_lines.msgstr_lines
    monkeypatch.setattr(
        catalog_lines, "msgstr_lines", lambda path: read.append(path) or lines_of(path)
    )
    write_catalog(tmp_path, {"Text.": "[Texto](nada.md)."}, "guide")
    pages = {"index.md": "# Home\n\n```{toctree}\nguide/a\nguide/b\nguide/c\n```\n"}
    pages |= {f"guide/{name}.md": f"# {name}\n\nText.\n" for name in "abc"}
    settings = 'language = "es"\nlocale_dirs = ["locales"]\ngettext_compact = True\n'
    _, warnings, _ = build_small_site(tmp_path, pages, settings)
    assert len(read) == 1, read
    assert (
        sorted(w.split(": WARNING")[0].rsplit("/", 2)[-1] for w in warnings)
        == ["guide.po:6"] * 3  # one a page: the links differ, and which link does
    )


def test_a_page_without_a_catalog_is_not_searched_for_translations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog-line transform listed every text of every page of an English build
    (language "en", no catalog): about 1.5 s of reading at 1,000 pages, for nothing."""
    from sphinx_partners import catalog_lines

    listed = []
    extract = catalog_lines.extract_messages
    monkeypatch.setattr(
        catalog_lines, "extract_messages", lambda doc: listed.append(doc) or extract(doc)
    )
    for edition in ("es", "en"):
        write_catalog(tmp_path / edition, {"Text.": "Texto."}, "translated")
    pages = {"index.md": "# Home\n\n```{toctree}\ntranslated\nplain\n```\n"}
    pages |= {f"{name}.md": f"# {name}\n\nText.\n" for name in ("translated", "plain")}
    settings = 'language = "es"\nlocale_dirs = ["locales"]\n'
    build_small_site(tmp_path / "es", pages, settings)
    assert [Path(doc["source"]).name for doc in listed] == ["translated.md"]
    listed.clear()
    build_small_site(tmp_path / "en", pages, 'locale_dirs = ["locales"]\n')
    assert listed == []


@pytest.mark.parametrize(
    ("entry", "line", "said"),
    [
        ('msgid "Some text."\nmsgstr "Un texto.\n', 6, "does not end with a double quote"),
        ('msgid "Some text.\nmsgstr "Un texto."\n', 5, "does not end with a double quote"),
        ('msgid "Some text."\nmsgstr Un texto."\n', 6, "does not start with a double quote"),
        ('msgid "Some text."\nmsgstr ""\n"Un texto.\n', 7, "does not end with a double quote"),
        (
            'msgid "Some text."\nmsgstr "Un "texto"."\n',
            6,
            "goes on after the double quote that ends its text",
        ),
        (
            'msgid "Some text."\nmsgstr "Un texto." y más\n',
            6,
            "goes on after the double quote that ends its text",
        ),
    ],
)
def test_a_text_that_lost_or_gained_a_quote_is_named_at_its_line(
    tmp_path: Path, entry: str, line: int, said: str
) -> None:
    """Babel reads these without a word: it cuts the first and last character off
    whatever is there ("Un texto" for "Un texto.), or the msgid no longer matches its
    English and the page stays in English; the strict build succeeded."""
    write_catalog(tmp_path, entry)
    settings = 'language = "es"\nlocale_dirs = ["locales"]\n'
    _, warnings, _ = build_small_site(tmp_path, {"index.md": "# Home\n\nSome text.\n"}, settings)
    assert len(warnings) == 1, warnings
    assert f"locales/es/LC_MESSAGES/index.po:{line}: WARNING: " in warnings[0], warnings
    assert said in warnings[0]
    assert warnings[0].endswith(
        "Put each line's text between two double quotes, and write \\\" for a double quote "
        "inside it. [i18n.catalog_line]"
    )


def test_well_formed_texts_pass_with_escapes_comments_and_line_separators(
    tmp_path: Path,
) -> None:
    """Quotes written \\" inside a text, a fuzzy entry, an old one (#~) and a U+2028 in a
    translation (str.splitlines ends a line there, Babel does not: lines after it were
    named one too far) are all fine; a broken line after them is named at its own line."""
    catalog = (
        'msgid "Some text."\nmsgstr "Un \\"texto\\"\\u2028 de prueba."\n\n'
        '#, fuzzy\nmsgid "Other."\nmsgstr "Otro."\n\n#~ msgid "Old."\n#~ msgstr "Viejo\n\n'
        'msgid "Last."\nmsgstr "Último.\n'
    ).replace("\\u2028", "\u2028")
    write_catalog(tmp_path, catalog)
    settings = 'language = "es"\nlocale_dirs = ["locales"]\n'
    pages = {"index.md": "# Home\n\nSome text.\n\nLast.\n"}
    _, warnings, _ = build_small_site(tmp_path, pages, settings)
    assert len(warnings) == 1, warnings
    assert (
        "locales/es/LC_MESSAGES/index.po:16: WARNING: the text on this line does not end"
        in (warnings[0])
    )


def test_a_line_separator_in_a_translation_does_not_move_later_lines(tmp_path: Path) -> None:
    """A U+2028 in one translation: str.splitlines ended a line there and Babel does not,
    so a problem in a later translation was named one line too far."""
    entries = {"First.": "Primero\u2028 y más.", "Second, [a link](index.md).": "[Un](indx.md)."}
    write_catalog(tmp_path, entries)
    settings = 'language = "es"\nlocale_dirs = ["locales"]\n'
    pages = {"index.md": "# Home\n\nFirst.\n\nSecond, [a link](index.md).\n"}
    _, warnings, _ = build_small_site(tmp_path, pages, settings)
    assert warnings, warnings
    assert all("LC_MESSAGES/index.po:9: WARNING" in w for w in warnings), warnings


def test_lists_of_links_are_shown_only_when_they_differ_and_as_written(tmp_path: Path) -> None:
    """Sphinx listed "[':partner:`fund`', '']" twice, alike, for a changed page link (a
    tester's finding: nothing useful, in reST's syntax): lists that are alike go, and a
    partner link is shown as a contributor writes it."""
    entries = {
        "With {partner}`fund` and [a page](index.md).": "Con {partner}`fund` y [una](otra.md).",
        "Led by {partner}`fund`.": "Dirigido por {partner}`district`.",
    }
    write_catalog(tmp_path, entries, "about")
    settings = 'language = "es"\nlocale_dirs = ["locales"]\ngettext_compact = False\n'
    about = (
        "---\norphan: true\n---\n# About\n\nWith {partner}`fund` and [a page](index.md).\n\n"
        "Led by {partner}`fund`.\n"
    )
    _, warnings, _ = build_small_site(
        tmp_path, {"index.md": LINKS_PAGE, "about.md": about}, settings
    )
    links = [w for w in warnings if w.endswith("[i18n.inconsistent_references]")]
    # (Sphinx 8.1 lists no text for either link; 9 lists the partner link's twice.)
    for page_link in [w for w in links if "about.md, line 6" in w]:
        assert "(the English:" not in page_link, page_link
    # (Sphinx 8.1 does not find a changed partner id inconsistent; 9 does.)
    for partner in [w for w in links if "about.md, line 8" in w]:
        assert "(the English: {partner}`fund`; the translation: {partner}`district`)" in partner
    assert ":partner:`" not in " ".join(links)


@pytest.mark.parametrize(
    ("header", "line", "words"),
    [
        ("Plural-Forms: nplurals=2; plural=n+;", 4, "Plural-Forms formula 'n+' cannot be read"),
        ("Plural-Forms: nplurals=2; plural=" + "(" * 25 + "n" + ")" * 25 + ";", 4, "formula"),
        ("Content-Type: text/plain; charset=UTF-16", 3, "charset 'utf-16' is not one gettext"),
    ],
    ids=["formula", "nested", "utf-16"],
)
def test_a_catalog_header_that_loses_every_translation_is_named(
    tmp_path: Path, header: str, line: int, words: str
) -> None:
    """A red team's finding: Python's gettext refused the compiled catalog, Sphinx used
    none of its translations, and the strict build succeeded."""
    folder = tmp_path / "locales" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    headers = [
        "Content-Type: text/plain; charset=UTF-8",
        "Plural-Forms: nplurals=2; plural=(n != 1);",
    ]
    headers = [header if header.split(":")[0] == each.split(":")[0] else each for each in headers]
    (folder / "index.po").write_text(
        'msgid ""\nmsgstr ""\n'
        + "".join(f'"{each}\\n"\n' for each in headers)
        + '\nmsgid "Some text."\nmsgstr "Un texto."\n',
        encoding="utf-8",
    )
    settings = 'language = "es"\nlocale_dirs = ["locales"]\n'
    _, warnings, _ = build_small_site(tmp_path, {"index.md": "# Home\n\nSome text.\n"}, settings)
    ours = [w for w in warnings if w.endswith("[i18n.catalog_line]")]
    assert len(ours) == 1, warnings
    assert f"index.po:{line}: WARNING: " in ours[0] and words in ours[0], ours


def test_an_unknown_role_in_a_translation_is_named_once_at_its_catalog_line(
    tmp_path: Path,
) -> None:
    """MyST named the English page's first line, twice (Sphinx reads a translation
    twice), and Sphinx's "links differ" came as well (a red team's finding)."""
    write_catalog(tmp_path, {"See {partner}`summit` today.": "Vea {partnr}`summit` hoy."})
    settings = 'language = "es"\nlocale_dirs = ["locales"]\n'
    page = f"# Home\n\n{TWO_PARTNERS}\nSee {{partner}}`summit` today.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, settings)
    assert len(warnings) == 1, warnings
    assert "index.po:6: WARNING: {partnr} is not a role this site has" in warnings[0]
    assert "Did you mean {partner}?" in warnings[0]


def test_a_translator_s_edit_after_a_build_is_no_alarm(tmp_path: Path) -> None:
    """A red team's twelfth round: the build's own .mo, older than the .po a translator
    then edited, was named as a catalog no reviewer could read, and the strict build
    failed once."""
    srcdir = tmp_path / "src"
    catalog = write_catalog(srcdir, {"Text.": "Texto."})
    conf = 'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n'
    build_small_site(srcdir, {"index.md": "# Inicio\n\nText.\n"}, conf)
    mo = catalog.with_suffix(".mo")
    assert mo.is_file()
    write_catalog(srcdir, {"Text.": "Texto corregido."})
    os.utime(mo, (1_000_000_000, 1_000_000_000))  # the edit came after the build
    _, warnings, _ = build_small_site(srcdir, {}, conf)
    assert [w for w in warnings if "[partners.catalog]" in w] == [], warnings
    assert b"Texto corregido." in mo.read_bytes()  # compiled again from the edited .po


def test_a_committed_compiled_catalog_is_named_whatever_its_time(tmp_path: Path) -> None:
    """A red team's thirteenth round: a fresh clone writes a committed .mo before its
    .po, so "older than its .po" let a hostile one go without a warning."""
    hostile = write_catalog(tmp_path / "hostile", {"Text.": "Texto que nadie revisó."})
    _compile(hostile)
    srcdir = tmp_path / "src"
    write_catalog(srcdir, {"Text.": "Texto."})
    mo = srcdir / "locales" / "es" / "LC_MESSAGES" / "index.mo"
    shutil.copyfile(hostile.with_suffix(".mo"), mo)
    os.utime(mo, (1_000_000_000, 1_000_000_000))  # older than its .po
    (mo.parent / "zz.mo").mkdir()  # a folder named as a catalog stopped the build
    (mo.parent / "zz.mo" / "keep").write_text("", encoding="utf-8")
    outdir, warnings, _ = build_small_site(
        srcdir,
        {"index.md": "# Inicio\n\nText.\n"},
        'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n',
    )
    named = [w for w in warnings if "[partners.catalog]" in w]
    assert len(named) == 1 and "differs from what its .po" in named[0], warnings
    assert "nadie" not in (outdir / "index.html").read_text(encoding="utf-8")
