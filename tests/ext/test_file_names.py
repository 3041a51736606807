"""A file whose name holds a control character stays out of the site, the terminal and
the sitemap (found by the sixth round of testing as an attacker)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

from conftest import SMALL_CONF

#: Retitles the terminal and turns what follows red, printed as it is.
ESCAPES = "e\x1b]0;PWNED\x07\x1b[31mX"


def _build(srcdir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` with its progress lines (no ``-q``): they print every name."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *extra, str(srcdir), str(srcdir / "out")],
        capture_output=True,
        text=True,
        check=False,
    )


def test_names_with_control_characters_are_left_out_and_never_printed(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    (srcdir / "_static").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        SMALL_CONF + 'extensions.append("sphinx_sitemap")\nhtml_baseurl = "https://x.test/"\n'
        'html_static_path = ["_static"]\n',
        encoding="utf-8",
    )
    page = "---\norphan: true\n---\n# A page\n\nText.\n"
    (srcdir / "index.md").write_text(
        "# Home\n\n```{image} pic\x01ture.png\n:alt: A picture\n```\n", encoding="utf-8"
    )
    (srcdir / f"{ESCAPES}.md").write_text(page, encoding="utf-8")
    (srcdir / "a\x01.md").write_text(page, encoding="utf-8")  # XML forbids it: the sitemap
    (srcdir / "folder\x1b[2J").mkdir()
    (srcdir / "folder\x1b[2J" / "inside.md").write_text(page, encoding="utf-8")
    (srcdir / "_static" / "style\x1b.css").write_text("p {}", encoding="utf-8")
    Image.new("RGB", (8, 8), "teal").save(srcdir / "pic\x01ture.png")

    done = _build(srcdir)
    assert done.returncode == 0, done.stderr
    printed = done.stdout + done.stderr
    assert "\x1b" not in printed and "\x01" not in printed, printed
    out = srcdir / "out"
    published = [path.name for path in out.rglob("*")]
    assert not [name for name in published if "\x1b" in name or "\x01" in name], published
    assert "<loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")  # written, and read
    warnings = [line for line in done.stderr.splitlines() if "[partners.filename]" in line]
    # Each file and the folder once, escaped; the picture also where the page names it.
    assert len(warnings) == 6, done.stderr
    assert "FutureWarning" not in done.stderr
    assert any("'e\\x1b]0;PWNED\\x07\\x1b[31mX.md'" in w for w in warnings), warnings
    assert any("'folder\\x1b[2J'" in w for w in warnings), warnings
    assert any("index.md:" in w and "image 'pic\\x01ture.png' was left out" in w for w in warnings)
    assert "A picture" in (out / "index.html").read_text(encoding="utf-8")  # its alt text

    strict = _build(srcdir, "-W", "--keep-going", "-E")
    assert strict.returncode == 1, strict.stderr  # a warning, so the strict build fails


def test_a_link_with_brackets_in_its_name_is_left_out_without_a_python_warning(
    tmp_path: Path,
) -> None:
    """The two walks that leave files out share one way of naming them to Sphinx: the
    links' escaped brackets (``[[]``) made Python warn of a nested set in every build."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(SMALL_CONF + "partners_harden_site = True\n", "utf-8")
    (srcdir / "index.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nhunter2\n", encoding="utf-8")
    (srcdir / "notes[1].md").symlink_to(secret)
    done = _build(srcdir)
    assert done.returncode == 0, done.stderr
    assert "FutureWarning" not in done.stderr, done.stderr
    assert "notes[1].md points outside the source folder" in done.stderr, done.stderr
    assert not list((srcdir / "out").rglob("notes*"))
