"""The doors the site's own configuration closes, tried on a copy of ``docs/``.

One hostile page is added to a copy of the real site (its ``conf.py`` and
``docutils.conf``), a file outside the copy holds a secret and a symbolic link in
``_static`` points at it, and the copy is built with ``sphinx-build`` as CI builds it
(so ``docutils.conf`` is read), without ``-W`` so that every warning is seen. Each
block of the page must give its warning at its line, and nothing unsafe or secret may
reach the output. See docs/authoring/security.md for the decision behind each block.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DOCS_DIR, parse_html
from hostile_corpus import (
    SECRET,
    SVG_OPEN,
    Block,
    Case,
    page_scripts,
    parse_warnings,
    secret_leaks,
    unsafe_markup,
)

PAGE = Case(
    "hostile",
    [
        Block("<script>alert('block')</script>"),
        Block("Inline <img src=x onerror=alert(1)> and <a href='javascript:alert(2)'>x</a>."),
        Block("```{raw} html\n<script>alert(3)</script>\n```", "docutils"),
        Block("```{raw} html\n:file: ../outside/secret.txt\n```", "docutils"),
        Block("```{include} ../outside/secret.md\n```", "docutils"),
        Block("```{literalinclude} ../outside/secret.txt\n```", "docutils"),
        Block("```{csv-table} Secret\n:file: ../outside/secret.txt\n```", "docutils"),
        Block("```{csv-table} Network\n:url: http://127.0.0.1:9/table.csv\n```", "docutils"),
        Block("![Secret](../outside/secret.svg)", "partners.outside"),
        Block("![Secret](_static/leak.svg)", "partners.outside"),
        Block("{download}`The secret <../outside/secret.txt>`", "partners.outside"),
        Block(":::{figure} ../outside/secret.svg\nCaption\n:::", "partners.outside"),
        Block(":::{card} Card\n:img-top: ../outside/secret.svg\n:::", "partners.outside"),
        Block(":::{button-link} javascript:alert(4)\nClick\n:::", "partners.scheme"),
        Block(":::{button-link} JaVa\tScript:alert(5)\nClick\n:::", "partners.scheme"),
        Block(":::{card} Linked\n:link: vbscript:msgbox(6)\n:::", "partners.scheme"),
        Block("```{eval-rst}\n`rst <javascript:alert(7)>`_\n```", "partners.scheme"),
        Block("```{toctree}\nClick <javascript://%0aalert(10)>\n```", "partners.scheme"),
        Block("{{ cycler.__init__.__globals__.os.popen('cat ../outside/secret.txt').read() }}"),
        Block(
            ":::{partner-card} Evil\n:no-index:\n:logo: ../outside/secret.svg\n:::", "partners.path"
        ),
        Block("[md](javascript:alert(8)) [v](vbscript:x) <javascript:alert(9)>"),
        Block("*" * 400),
        Block('[a](https://example.org){onclick="alert(11)" .x #y} `c`{onmouseover="alert(12)"}'),
        Block('![x](_static/partners/lindsay.svg){onerror="alert(13)" width=10px}'),
    ],
)


#: A page that tries to turn the site's parser settings back on for itself.
FRONT_MATTER_PAGE = """---
myst:
  html_meta:
    "property=og:x onload=alert(5)": "y"
    "http-equiv=refresh": "0; url=https://evil.example"
  enable_extensions: ["substitution", "colon_fence"]
  disable_syntax: []
  substitutions:
    leak: "{{ cycler.__init__.__globals__.os.popen('cat ../outside/secret.txt').read() }}"
substitutions:
  other: x
'og:x"><script>alert(4)</script><meta x="': y
---

# Front matter

<script>alert('front matter')</script>

{{ cycler.__init__.__globals__.os.popen('cat ../outside/secret.txt').read() }} {{ leak }}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("site")
    srcdir, outside, outdir = base / "docs", base / "outside", base / "html"
    shutil.copytree(DOCS_DIR, srcdir, ignore=shutil.ignore_patterns("_build"))
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (outside / "secret.svg").write_text(f"{SVG_OPEN}<desc>{SECRET}</desc></svg>", "utf-8")
    (srcdir / "_static" / "leak.svg").symlink_to(outside / "secret.svg")
    (srcdir / "hostile.md").write_text(PAGE.render(), encoding="utf-8")
    (srcdir / "hostile-front-matter.md").write_text(FRONT_MATTER_PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return outdir, result.stderr


def test_no_traceback_and_the_site_is_complete(site) -> None:
    outdir, stderr = site
    assert "Traceback" not in stderr
    assert "Exception occurred" not in stderr
    for page in ("index.html", "hostile.html", "authoring/security.html"):
        assert (outdir / page).is_file(), page


def test_every_door_gives_a_located_warning(site) -> None:
    _, stderr = site
    warnings = [each for each in parse_warnings(stderr) if Path(each.file).stem == "hostile"]
    missing = []
    for block, (start, end) in zip(PAGE.blocks, PAGE.spans, strict=True):
        if block.code is None:
            continue
        if not any(
            (each.code or "docutils").startswith(block.code)
            and each.line
            and start <= each.line <= end
            for each in warnings
        ):
            missing.append(f"{block.code} at lines {start}-{end}: {block.text[:50]!r}")
    assert missing == [], stderr


def test_front_matter_cannot_change_the_parser_settings(site) -> None:
    outdir, stderr = site
    refused = {
        (each.line, each.message.split("'")[1])
        for each in parse_warnings(stderr)
        if Path(each.file).stem == "hostile-front-matter" and each.code == "partners.frontmatter"
    }
    assert refused == {
        (6, "enable_extensions"),
        (7, "disable_syntax"),
        (8, "substitutions"),
        (10, "substitutions"),
        (12, 'og:x"><script>alert(4)</script><meta x="'),
    }
    meta = [
        each.message
        for each in parse_warnings(stderr)
        if Path(each.file).stem == "hostile-front-matter" and each.code == "partners.scheme"
    ]
    assert len(meta) == 2, meta  # the onload and the http-equiv meta tags
    text = parse_html(outdir / "hostile-front-matter.html").get_text()
    assert "{{ cycler" in text and "{{ leak }}" in text  # shown, never evaluated
    assert "<script>alert(" in text


def test_nothing_unsafe_is_published(site) -> None:
    outdir, _ = site
    # Sphinx's and furo's own scripts, as on the pages no pull request writes.
    theme_scripts = page_scripts(parse_html(outdir / "genindex.html")) | page_scripts(
        parse_html(outdir / "search.html")
    )
    soup = parse_html(outdir / "hostile.html")
    assert unsafe_markup(soup, theme_scripts) == []
    text = soup.get_text()
    assert "<script>alert(" in text  # shown as text, not run (quotes become curly)
    assert "{{ cycler" in text  # no template engine ran it
    for page in outdir.rglob("*.html"):
        assert unsafe_markup(parse_html(page), theme_scripts) == [], page


def test_nothing_from_outside_is_read_or_published(site) -> None:
    outdir, _ = site
    assert secret_leaks(outdir) == []
    assert not (outdir / "_static" / "leak.svg").exists()


def test_site_configuration_keeps_the_doors_closed() -> None:
    """The settings themselves, so that a change to them is a visible decision."""
    conf = ast.parse((DOCS_DIR / "conf.py").read_text(encoding="utf-8"))
    values = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in conf.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id.startswith("myst_")
    }
    assert "substitution" not in values["myst_enable_extensions"]
    assert {"html_block", "html_inline"} <= set(values["myst_disable_syntax"])
    docutils_conf = (DOCS_DIR / "docutils.conf").read_text(encoding="utf-8")
    assert "raw_enabled: false" in docutils_conf
    assert "file_insertion_enabled: false" in docutils_conf
