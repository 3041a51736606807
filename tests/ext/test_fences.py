"""A block never closed is named at its opening line; closed blocks, of any length, are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import CARD_LEFT_OPEN, build_small_site

CLOSED = """\
# Closed

::::{image-grid}
:::{figure} a.png
:alt: A
:::
::::

````markdown
```{note}
Not closed inside an example: it is text.
````

~~~python
x = 1
~~~
"""


def _fence_warnings(tmp_path: Path, page: str) -> list[str]:
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    return [w for w in warnings if w.endswith("[partners.fence]")]


def test_closed_blocks_give_no_warning(tmp_path: Path) -> None:
    assert _fence_warnings(tmp_path, CLOSED) == []


@pytest.mark.parametrize(
    ("page", "line", "marker"),
    [
        ("# A\n\n:::{note}\ntext\n", 3, ":::"),
        ("# A\n\n::::{note}\ntext\n:::\n", 3, "::::"),
        ("# A\n\n```{note}\ntext\n", 3, "```"),
        ("# A\n\n:::{note}\n", 3, ":::"),
    ],
)
def test_an_unclosed_block_is_named_once(tmp_path: Path, page: str, line: int, marker: str) -> None:
    found = _fence_warnings(tmp_path, page)
    assert len(found) == 1, found
    assert f"index.md:{line}:" in found[0] and f"with {marker} is never closed" in found[0]


def test_an_unclosed_grid_gives_one_message_not_one_per_paragraph(tmp_path: Path) -> None:
    """A grid never closed takes in the rest of the page; each paragraph, heading and
    list of it was then named as "left out" too (25 messages for one mistake, found by
    a newcomer walk-through). The fence's warning is the one message."""
    tmp_path.mkdir(exist_ok=True)
    Image.new("RGB", (20, 10), "teal").save(tmp_path / "p.png")
    page = (
        "# Page\n\n::::{image-grid}\n![A class at work](p.png)\n\n"
        "The text meant to follow the grid, over a paragraph.\n\n## A heading\n\n"
        "- a list\n- of two\n\nAnd a last paragraph.\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1 and "index.md:3:" in warnings[0], warnings
    assert warnings[0].endswith("[partners.fence]")


def test_a_grid_of_an_included_file_is_not_taken_for_the_pages_unclosed_one(
    tmp_path: Path,
) -> None:
    """Lines count per file: a closed grid at line 6 of an included file still names
    what it cannot hold, though line 6 of the page opens a block never closed."""
    tmp_path.mkdir(exist_ok=True)
    Image.new("RGB", (20, 10), "teal").save(tmp_path / "p.png")
    page = "# Page\n\n```{include} part.md\n```\n\n:::{note}\nNever closed.\n"
    part = "One.\n\nTwo.\n\nThree.\n::::{image-grid}\n![A class](p.png)\n\nWords.\n::::\n"
    conf = 'exclude_patterns = ["part.md"]\n'
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page, "part.md": part}, conf)
    codes = sorted(
        (w.split(": WARNING")[0].rpartition("/")[2], w.rpartition("[")[2]) for w in warnings
    )
    assert codes == [("index.md:6", "partners.fence]"), ("part.md:9", "partners.grid]")], warnings


def test_a_card_left_open_before_the_next_card_or_a_heading_is_named_there(
    tmp_path: Path,
) -> None:
    """MyST ends a card left open at the next card's closing line: the page built, with
    one card inside the other (or a heading made a bold line inside it), and no word."""
    _, warnings, _ = build_small_site(tmp_path, {"index.md": CARD_LEFT_OPEN})
    assert len(warnings) == 2, warnings  # one each, nothing about the cards inside
    card, heading = warnings
    assert "index.md:8:" in card and "'Alpha District' (line 3) is not closed" in card
    assert "before another card at line 8" in card and "above line 8" in card
    assert "index.md:19:" in heading and "'Gamma District' (line 14)" in heading
    assert "before a heading at line 19" in heading
    assert all(w.endswith("[partners.fence]") for w in warnings)
