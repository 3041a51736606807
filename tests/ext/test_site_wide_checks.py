"""Site-wide hardening on a small site: loops of links, a root page that is not UTF-8,
links hidden in formulas, and what the same site gets without ``partners_harden_site``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_project, build_small_site, parse_html

CONF = """\
extensions = ["myst_parser", "sphinx_partners", "sphinx.ext.mathjax"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_disable_syntax = ["html_block", "html_inline"]
html_theme = "basic"
partners_harden_site = {harden}
"""
#: The root page: one byte that is not UTF-8 on line 3, and formulas with links.
ROOT = (
    b"# Home\n\n"
    b"Caf\xe9 on line three.\n\n"
    b"```{toctree}\nother\n```\n\n"
    b"$$\\href{javascript:alert(1)}{click}$$\n\n"  # line 9
    b"Inline {math}`\\href{https://example.org}{fine}` and "
    b"{math}`\\newcommand{\\h}[1]{\\href{#1}{x}}\\h{javascript:alert(2)}`\n"  # line 11
)


def build(srcdir: Path, *, harden: bool) -> tuple[Path, list[str], float]:
    (srcdir / "conf.py").write_text(CONF.format(harden=harden), encoding="utf-8")
    started = time.perf_counter()
    outdir, warnings, _ = build_project(srcdir)
    return outdir, warnings, time.perf_counter() - started


def make_site(srcdir: Path) -> None:
    srcdir.mkdir(parents=True)
    (srcdir / "index.md").write_bytes(ROOT)
    (srcdir / "other.md").write_text("# Other\n", encoding="utf-8")
    (srcdir / "sub").mkdir()
    (srcdir / "loop").symlink_to(".")  # the folder itself
    (srcdir / "sub" / "up").symlink_to("..")  # a folder above
    (srcdir / "first").symlink_to("second")  # a loop between two links
    (srcdir / "second").symlink_to("first")


@pytest.fixture(scope="module")
def hardened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str], float]]:
    srcdir = tmp_path_factory.mktemp("hardened") / "src"
    make_site(srcdir)
    yield build(srcdir, harden=True)


def test_looping_links_are_left_out_and_the_build_stays_quick(hardened) -> None:
    outdir, warnings, seconds = hardened
    for name, why in [
        ("loop", "its own folder or a folder above"),
        ("sub/up", "its own folder or a folder above"),
        ("first", "loop of links"),
        ("second", "loop of links"),
    ]:
        assert any(f"symlink {name} " in w and why in w for w in warnings), (name, warnings)
    assert not (outdir / "loop").exists()
    assert sorted(p.name for p in outdir.glob("*.html")) == [
        "genindex.html",
        "index.html",
        "other.html",
        "search.html",
    ]
    # Two looping links made Sphinx's search for pages exponential (it never ended).
    assert seconds < 60


def test_a_root_page_that_is_not_utf8_is_kept_with_a_located_warning(hardened) -> None:
    outdir, warnings, _ = hardened
    encoding = [w for w in warnings if w.endswith("[partners.encoding]")]
    assert len(encoding) == 1 and "index.md:3:" in encoding[0], warnings
    text = parse_html(outdir / "index.html").get_text()
    assert "Caf\ufffd on line three." in text


def test_formulas_cannot_link_to_script(hardened) -> None:
    outdir, warnings, _ = hardened
    refused = [w for w in warnings if "the formula was shown as code" in w]
    assert any("index.md:9:" in w and "javascript:" in w for w in refused), warnings
    assert any("index.md:11:" in w and "plain address" in w for w in refused), warnings
    assert len(refused) == 2
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "\\href{https://example.org}{fine}" in html  # a safe link in a formula stays math
    soup = parse_html(outdir / "index.html")
    assert all("javascript:" in code.get_text() for code in soup.select("pre, code.literal"))
    assert not [m for m in soup.select(".math") if "javascript:" in m.get_text()]


def test_without_hardening_other_content_is_left_as_sphinx_makes_it(
    tmp_path: Path,
) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "index.md").write_text(
        "# Home\n\n$$\\href{javascript:alert(1)}{click}$$\n\n[file](file:///etc/hosts)\n",
        encoding="utf-8",
    )
    outdir, warnings, _ = build(srcdir, harden=False)
    assert not [w for w in warnings if "[partners." in w], warnings
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "\\href{javascript:alert(1)}{click}" in html


def test_a_static_template_of_the_site_is_left_out(tmp_path: Path) -> None:
    """A red team's finding: Sphinx renders a static file named *_t or *.jinja with
    Jinja, whose {% include %} takes any path: /etc/passwd was published."""
    from conftest import build_small_site

    static = tmp_path / "_static"
    (static / "sub").mkdir(parents=True)
    (static / "notes.txt_t").write_text('{% include "/etc/passwd" %}', encoding="utf-8")
    (static / "sub" / "more.JINJA").write_text('{% include "/etc/hostname" %}', "utf-8")
    (static / "kept.css").write_text("p { color: teal }\n", encoding="utf-8")
    conf = 'partners_harden_site = True\nhtml_static_path = ["_static"]\n'
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": "# Home\n"}, conf)
    assert len(warnings) == 2, warnings
    assert all("would be rendered as a template" in line for line in warnings)
    assert any("notes.txt_t:: WARNING" in line and "'_t'" in line for line in warnings)
    assert any("more.JINJA:: WARNING" in line and "'.jinja'" in line for line in warnings)
    published = {path.name for path in (outdir / "_static").rglob("*")}
    assert not published & {"notes.txt", "notes.txt_t", "more", "more.JINJA"}
    assert "kept.css" in published
    assert "documentation_options.js" in published  # the theme's own templates stay


def _catalog(folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Home"\nmsgstr "Inicio"\n',
        encoding="utf-8",
    )


@pytest.mark.parametrize("catalog", ["index", "sphinx"])
def test_a_linked_compiled_catalog_is_never_written_through(tmp_path: Path, catalog: str) -> None:
    """A red team's finding: index.mo linked to a file outside docs/ made Sphinx write
    the compiled catalog there (partners.outside came after). sphinx.mo is compiled
    while the settings are read, before any extension: conf.py leaves the folder out."""
    from conftest import build_small_site

    site = tmp_path / "site"
    messages = site / "locales" / "es" / "LC_MESSAGES"
    _catalog(messages, f"{catalog}.po")
    (messages / f"{catalog}.mo").symlink_to(tmp_path / "written.pth")
    conf = (
        "from sphinx_partners.safety.catalog_links import locale_dirs_without_links\n"
        'language = "es"\nlocale_dirs = locale_dirs_without_links(__file__, ["locales"])\n'
        "partners_harden_site = True\n"
    )
    _, warnings, _ = build_small_site(site, {"index.md": "# Home\n"}, conf)
    assert not (tmp_path / "written.pth").exists()
    assert len(warnings) == 1, warnings
    assert (
        f"{catalog}.mo:: WARNING: locales/es/LC_MESSAGES/{catalog}.mo is a symbolic link"
        in (warnings[0])
    )
    assert warnings[0].endswith("[partners.outside]")


def test_a_linked_catalog_is_refused_without_conf_py_s_help(tmp_path: Path) -> None:
    from conftest import build_small_site

    site = tmp_path / "site"
    messages = site / "locales" / "es" / "LC_MESSAGES"
    _catalog(messages, "index.po")
    (messages / "index.mo").symlink_to(tmp_path / "written.pth")
    conf = 'language = "es"\nlocale_dirs = ["locales"]\npartners_harden_site = True\n'
    _, warnings, _ = build_small_site(site, {"index.md": "# Home\n"}, conf)
    assert not (tmp_path / "written.pth").exists()
    assert [line for line in warnings if "[partners.outside]" in line], warnings


def test_a_static_template_in_a_linked_folder_is_left_out_too(tmp_path: Path) -> None:
    """The second red team's finding: a folder of the site linked into _static/ (inside
    the source folder, so the link itself is allowed) was copied through the link, and
    its template rendered: /etc/passwd was published."""
    from conftest import build_small_site

    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "notes.txt_t").write_text('{% include "/etc/passwd" %}', "utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "sub").symlink_to(tmp_path / "tpl")
    (tmp_path / "_static" / "loop").symlink_to(tmp_path / "_static")  # walked once
    conf = (
        'partners_harden_site = True\nhtml_static_path = ["_static"]\nexclude_patterns = ["tpl"]\n'
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": "# Home\n"}, conf)
    assert any("notes.txt_t" in line and "rendered as a template" in line for line in warnings)
    assert not list(outdir.rglob("notes.txt*"))


@pytest.mark.parametrize(
    "setting",
    [
        "file_insertion_enabled: true",
        "raw_enabled: true",
        "report_level: 5",
        "halt_level: 2",
        "record_dependencies: {written}",  # docutils opens it as it reads the settings
        "stylesheet_path: /dev/zero",
    ],
)
def test_a_docutils_conf_that_weakens_the_reading_stops_the_build(
    tmp_path: Path, setting: str
) -> None:
    """The second red team's finding: docs/docutils.conf is a file a pull request can
    change; file_insertion_enabled: true published /etc/passwd through an include, and
    report_level: 5 dropped failed blocks without a word."""
    from sphinx.errors import ConfigError
    from sphinx.util.docutils import patch_docutils

    from conftest import build_small_site

    written = tmp_path / "written.pth"
    setting = setting.format(written=written)
    (tmp_path / "docutils.conf").write_text(f"[general]\n{setting}\n", encoding="utf-8")
    page = "# Home\n\n```{include} ../../../../../../etc/passwd\n:literal:\n```\n"
    # As sphinx-build reads the docutils.conf beside conf.py (the test app does not).
    with patch_docutils(tmp_path), pytest.raises(ConfigError, match=setting.split(":")[0]):
        build_small_site(tmp_path, {"index.md": page}, "partners_harden_site = True\n")
    assert not written.exists()


def test_a_hardened_site_reads_no_file_in_without_a_docutils_conf(tmp_path: Path) -> None:
    """The site's docutils.conf turned file insertion off; deleted, it was back on."""
    from conftest import build_small_site

    page = "# Home\n\n```{include} ../../../../../../etc/passwd\n:literal:\n```\n"
    outdir, warnings, _ = build_small_site(
        tmp_path, {"index.md": page}, "partners_harden_site = True\n"
    )
    assert "root:" not in (outdir / "index.html").read_text(encoding="utf-8")
    assert any("include" in line.lower() for line in warnings), warnings


def test_an_embedded_picture_is_published_as_a_file(tmp_path: Path) -> None:
    """The third red team's finding: docutils reads an image with ':loading: embed' from
    the folder the build runs in; a link there published /proc/self/environ, and the
    published-file check's message quoted its first bytes."""
    from PIL import Image

    from conftest import build_small_site

    Image.new("RGB", (8, 8), "teal").save(tmp_path / "dot.png")
    page = "# Home\n\n```{image} dot.png\n:alt: A dot\n:loading: embed\n```\n"
    outdir, warnings, _ = build_small_site(
        tmp_path, {"index.md": page}, "partners_harden_site = True\n"
    )
    assert len(warnings) == 1 and "':loading: embed' was not used" in warnings[0], warnings
    assert "index.md:3:" in warnings[0] or "index.md:" in warnings[0]
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "data:" not in html and "dot.png" in html


def test_a_formula_that_ends_itself_is_shown_as_code(tmp_path: Path) -> None:
    """A red team's finding: Sphinx writes a formula between MathJax's delimiters as it
    is, so ``\\)\\[...\\]\\(`` inside one ended it and typed a display formula of its own,
    outside the box partners.css keeps a formula of the text in. A line break with its
    spacing (``\\\\[2pt]``) is no delimiter."""
    page = (
        "# Formulas\n\n"
        "Escaping {math}`x\\)\\[\\rule{70em}{30em}\\]\\(y` and staying "
        "{math}`\\begin{aligned}a\\\\[2pt]b\\end{aligned}`.\n\n"
        "```{math}\na\\]\\[b\n```\n"
    )
    outdir, warnings, _ = build_small_site(
        tmp_path, {"index.md": page}, "partners_harden_site = True\n"
    )
    refused = [w for w in warnings if "the formula was shown as code" in w]
    assert len(refused) == 2, warnings
    assert "index.md:3:" in refused[0] and "it holds \\)" in refused[0]
    assert "index.md:5:" in refused[1] and "it holds \\]" in refused[1]
    formulas = [m.get_text() for m in parse_html(outdir / "index.html").select(".math")]
    assert formulas == ["\\(\\begin{aligned}a\\\\[2pt]b\\end{aligned}\\)"], formulas


META_PAGE = """---
og:title: Sign in to School partnerships
og:image: https://evil.example/fm.png
myst:
  html_meta:
    "description lang=en": A page of the site, with its own description.
    "name=google-site-verification": ATTACKERTOKEN
    "name=robots": noindex, nofollow
    "property=og:url": https://evil.example/
    "\u212aeywords": a name that lowercases to an allowed one in Python alone
---

# Page

Text.
"""


def test_a_page_writes_no_meta_tag_or_preview_that_is_the_site_s(tmp_path: Path) -> None:
    """A red team's twelfth round: a page planted a site-ownership token, took itself out
    of search engines, and replaced its link preview's title, picture and address."""
    conf = (
        "partners_harden_site = True\nextensions.append('sphinxext.opengraph')\n"
        "ogp_site_url = 'https://partners.example.org/'\nogp_site_name = 'The site'\n"
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": META_PAGE}, conf)
    ours = [w for w in warnings if "[partners.frontmatter]" in w]
    assert len(ours) == 6, warnings
    for written, line in (
        ("'og:title'", 2),
        ("'og:image'", 3),
        ("name google-site-verification", 7),
        ("name robots", 8),
        ("property og:url", 9),
        ("name \u212aeywords", 10),  # the Kelvin sign: browsers see no "keywords"
    ):
        said = next(w for w in ours if written in w)
        assert f"index.md:{line}:" in said, said
    head = BeautifulSoup((outdir / "index.html").read_text("utf-8"), "html.parser").head
    assert head is not None
    metas = {
        (tag.get("name") or tag.get("property")): tag.get("content")
        for tag in head.find_all("meta")
    }
    assert (
        metas["og:title"] == "Page" and metas["og:url"] == "https://partners.example.org/index.html"
    )
    assert "og:image" not in metas and "google-site-verification" not in metas
    assert "robots" not in metas and metas["description"].startswith("A page of the site")
