"""The extension's own words in another language: its Spanish catalog, shipped compiled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_small_site, parse_html

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
    catalog = tmp_path / "locales" / "es" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "index.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Some text."\nmsgstr "Un [texto](javascript:alert(1))."\n',
        encoding="utf-8",
    )
    _, warnings, _ = build_small_site(
        tmp_path,
        {"index.md": "# Home\n\nSome text.\n"},
        'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n',
    )
    scheme = [w for w in warnings if "partners.scheme" in w]
    assert len(scheme) == 1 and "index.md:3:<translated>" in scheme[0], warnings


def test_a_translation_of_sphinx_s_words_with_other_placeholders_cannot_stop_the_build(
    tmp_path: Path,
) -> None:
    """A site's sphinx.po (content, open to every pull request) turning "see %s" into
    "ver %d" stopped the build with a TypeError in Sphinx's index; the translation is
    named at its line, and Sphinx's own words are used (here its own Spanish)."""
    catalog = tmp_path / "locales" / "es" / "LC_MESSAGES" / "sphinx.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "see %s"\nmsgstr "ver %d"\n',
        encoding="utf-8",
    )
    page = "# Inicio\n\n```{index} see: Socios; Asociación\n```\n\nTexto.\n"
    outdir, warnings, _ = build_small_site(
        tmp_path, {"index.md": page}, 'language = "es"\nlocale_dirs = ["locales"]\n'
    )
    named = [w for w in warnings if "[i18n.placeholders]" in w]
    assert len(named) == 1 and named[0].startswith(f"{catalog}:6:"), warnings
    assert "ver Asociación" in (outdir / "genindex.html").read_text(encoding="utf-8")


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
