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
    ("page", "line", "words"),
    [
        ("# A\n\n:::{note}\ntext\n", 3, "with ::: is never closed"),
        ("# A\n\n```{note}\ntext\n", 3, "with ``` is never closed"),
        ("# A\n\n:::{note}\n", 3, "with ::: is never closed"),
        # Closed with too few colons: named at that line, with the cause (a tester was
        # sent to the opening line, told the block was never closed).
        (
            "# A\n\n::::{note}\ntext\n:::\n",
            5,
            "this ::: closes nothing: the block opened with ::::{note} (line 3) needs a "
            "closing line with as many colons",
        ),
    ],
)
def test_an_unclosed_block_is_named_once(tmp_path: Path, page: str, line: int, words: str) -> None:
    found = _fence_warnings(tmp_path, page)
    assert len(found) == 1, found
    assert f"index.md:{line}:" in found[0] and words in found[0], found[0]


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
    assert "index.md:8:" in card and ":::{partner-card} (line 3) is not closed" in card
    assert "opens here, so it takes this block in: the page shows this one inside it" in card
    assert "Add a line with ::: above" in card and "MyST" not in card
    assert "index.md:19:" in heading and ":::{partner-card} (line 14)" in heading
    assert "not closed before this heading" in heading
    assert all(w.endswith("[partners.fence]") for w in warnings)


def test_a_note_left_open_before_a_card_is_named_where_the_card_opens(tmp_path: Path) -> None:
    """Any block, not only a card: a ``:::{note}`` left open before a card held it, and
    the strict build passed (found by a tester)."""
    page = "# A\n\n:::{note}\nThe first district.\n\n:::{partner-card} B\n:id: b\n:::\n"
    found = _fence_warnings(tmp_path, page)
    assert len(found) == 1, found
    assert "index.md:6:" in found[0] and ":::{note} (line 3) is not closed" in found[0]
    # Nested on purpose, with more colons outside: nothing to say.
    nested = "# A\n\n::::{note}\nThe first.\n\n:::{partner-card} B\n:id: b\n:::\n::::\n"
    assert _fence_warnings(tmp_path / "nested", nested) == []


def test_cards_in_a_grid_closed_with_too_few_colons_are_one_mistake(tmp_path: Path) -> None:
    """``::::{image-grid}`` closed with ``:::`` holds the rest of the page, cards included:
    every link to them was named unknown (71 messages on the partners page, found by a
    tester). One message, at the short closing line."""
    tmp_path.mkdir(exist_ok=True)
    Image.new("RGB", (20, 10), "teal").save(tmp_path / "p.png")
    page = (
        "# Partners\n\n::::{image-grid}\n![A class at work](p.png)\n:::\n\n"  # line 5
        ":::{partner-card} Other\n:id: other\n:::\n\n"
        "```{partner-directory}\n:ids: other\n```\n"
    )
    links = "---\norphan: true\n---\n# Links\n\nSee {partner}`other`.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page, "links.md": links})
    assert len(warnings) == 1, warnings
    assert "index.md:5:" in warnings[0] and "this ::: closes nothing" in warnings[0]


def test_a_card_closed_short_and_closed_by_the_photo_row_after_it_is_named(
    tmp_path: Path,
) -> None:
    """A newcomer opened a card with four colons (copied from the row of photos) and
    closed it with three: the row's closing line closed the card, which held the row,
    and the preview and the quick check said "No problems". Named at the short line."""
    tmp_path.mkdir(exist_ok=True)
    Image.new("RGB", (20, 10), "teal").save(tmp_path / "p.png")
    page = (
        "# Partners\n\n::::{partner-card} Harbor Schools\n:id: harbor\n\nA story.\n:::\n\n"
        "::::{image-grid}\n![A class at work](p.png)\n::::\n\nAfter.\n"
    )
    found = _fence_warnings(tmp_path, page)
    assert len(found) == 1, found
    assert "index.md:7:" in found[0], found[0]
    assert (
        "this ::: closes nothing: the block opened with ::::{partner-card} (line 3) needs a "
        "closing line with as many colons, so what follows, to line 11, is inside it. "
        "Write :::: here." in found[0]
    ), found[0]


def test_a_backtick_block_left_open_before_another_is_named_too(tmp_path: Path) -> None:
    """The same mistake with backticks: a ```{note} left open before a ```{partner-card}
    holds the card, and the strict build passed."""
    page = "# A\n\n```{note}\nThe first.\n\n```{partner-card} B\n:id: b\n```\n\nText.\n"
    found = _fence_warnings(tmp_path, page)
    assert len(found) == 1, found
    assert "index.md:6:" in found[0] and "```{note} (line 3) is not closed" in found[0]
    assert "before ```{partner-card} opens here, so it takes this block in" in found[0]
    # A code block may show such lines: it is never read as blocks.
    code = "# A\n\n````markdown\n```{note}\nx\n\n```{partner-card} B\n```\n````\n"
    assert _fence_warnings(tmp_path / "code", code) == []
