"""A link to a partner no card has: one message, at the link's own line, with the
likely id; none for a card whose options MyST could not read (found by a tester: a tab
in a card's options gave four messages in four files, three of them at the line where
the link's paragraph starts and with the wrong cause)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_small_site

CARDS = """\
# Partners

:::{partner-card} Bedford Public Schools
:id: bedford
:kind: district
:::

:::{partner-card} Alpha District
:id: alpha
:kind:\tdistrict
:::
"""
LINKS = """\
---
orphan: true
---
# Links

A paragraph on three lines: it
names a partner on its third,
the {partner}`bedfrod` district.

And {partner}`alpha`, whose card has a tab in its options.

```{partner-directory}
:ids: alpha bedford
```
"""


def test_each_unknown_id_once_at_its_line_and_none_for_an_unread_card(tmp_path: Path) -> None:
    _, warnings, _ = build_small_site(tmp_path, {"index.md": CARDS, "links.md": LINKS})
    ours = [w for w in warnings if "WARNING" in w]
    tab = [w for w in ours if "index.md:10:" in w and "tab character" in w]
    assert len(tab) == 1, ours
    wrong = [w for w in ours if "[ref.partner]" in w]
    assert len(wrong) == 1 and "links.md:8:" in wrong[0], ours  # the link's own line
    assert "'bedfrod'" in wrong[0] and "Did you mean 'bedford'?" in wrong[0]
    # Nothing about alpha: its card's options were not read, and MyST said so.
    assert not [w for w in ours if "'alpha'" in w], ours
    assert len(ours) == 2, ours


def test_a_non_breaking_space_in_a_card_s_options_is_named_at_its_line(tmp_path: Path) -> None:
    """Typed after a key's colon (a word processor does it), it stopped MyST's reader as
    a tab does, named nowhere ("expected ':' after key", at the next line), and every
    link to the card was named unknown."""
    cards = CARDS.replace(":kind:\tdistrict", ":kind: district").replace(
        ":id: bedford", ":id: bedford\n:location:\u00a0Bedford, Massachusetts"
    )
    links = "---\norphan: true\n---\n# Links\n\nSee {partner}`bedford`.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": cards, "links.md": links})
    assert len(warnings) == 1, warnings
    assert "index.md:5:" in warnings[0] and "non-breaking space (U+00A0)" in warnings[0]


@pytest.mark.parametrize("space", ["\u00a0", "\t"], ids=["no-break-space", "tab"])
def test_two_option_lines_with_an_odd_space_are_one_message_at_the_first(
    tmp_path: Path, space: str
) -> None:
    """Both lines were wrong and the message named the second: fixed, the first was
    named at the next build (a tester's finding)."""
    card = (
        f"# A\n\n:::{{partner-card}} Valley\n:id: valley\n:kind:{space}district\n"
        f":location:{space}Valley Town\n:since: 2019\n:::\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": card})
    assert len(warnings) == 1, warnings
    assert "index.md:5:" in warnings[0], warnings
    assert "(and 1 more option line below)" in warnings[0]


def test_a_link_without_its_closing_backtick_is_named_as_such(tmp_path: Path) -> None:
    """'unknown partner id 'summit y {partner}'' did not say that a backtick was missing
    (a tester's finding, in a translation)."""
    card = ":::{partner-card} Summit\n:id: summit\n:::\n"
    page = f"# A\n\n{card}\nSee {{partner}}`summit y {{partner}}`summit`.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1, warnings
    assert (
        "index.md:7:" in warnings[0]
        and "the link's closing backtick (`) is likely missing" in warnings[0]
    )
    assert warnings[0].endswith("Put a backtick after the id ({partner}`summit`). [ref.partner]")
