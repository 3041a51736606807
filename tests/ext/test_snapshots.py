"""Doctree snapshots of the guide's own examples, as sphinx-design keeps for its directives.

Every ```markdown example on the authoring pages is built as a page, and the doctree the
extension makes of it is compared with the file kept under ``test_snapshots/``. A change
to what a card, grid or directory produces shows up here as a readable diff, before it
shows up on the site. After an intended change, regenerate the files with
``pytest tests/ext/test_snapshots.py --force-regen`` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import build_project, guide_project

AUTHORING = Path(__file__).resolve().parents[2] / "docs" / "authoring"
#: The guide pages that show what authors write (warnings.md shows mistakes).
PAGES = ("partner-cards", "image-grids", "directory", "images")
MARKDOWN_BLOCK = re.compile(
    r"^(?P<fence>`{3,})(?:markdown|md)\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S
)
# What differs from one machine, or one version of docutils, to the next.
_SOURCE = re.compile(r' source="[^"]*"')
_HASH = re.compile(r"-[0-9a-f]{12}(?=-\d+\.|\.)")


def _examples() -> list[Any]:
    params = []
    for page in PAGES:
        text = (AUTHORING / f"{page}.md").read_text(encoding="utf-8")
        for number, match in enumerate(MARKDOWN_BLOCK.finditer(text), start=1):
            params.append(pytest.param(page, number, match.group("body"), id=f"{page}-{number}"))
    return params


def _normalised(doctree: Any, srcdir: Path) -> str:
    text = doctree.pformat().replace(str(srcdir), "<srcdir>")
    # docutils versions write a boolean as True or 1, False or 0.
    text = text.replace('="True"', '="1"').replace('="False"', '="0"')
    return _HASH.sub("-<hash>", _SOURCE.sub("", text))


@pytest.mark.parametrize(("page", "number", "example"), _examples())
def test_guide_example_doctree(
    page: str, number: int, example: str, tmp_path: Path, file_regression: Any
) -> None:
    srcdir = tmp_path / "src"
    guide_project(srcdir, f"# Example\n\n{example}", cards_for_links=True)
    _, _, app = build_project(srcdir)
    doctree = app.env.get_doctree("index")
    file_regression.check(
        _normalised(doctree, srcdir), basename=f"{page}-{number}", extension=".xml"
    )
