"""An option given twice is named at its line, in either option style, and only there."""

from __future__ import annotations

from pathlib import Path

from conftest import build_small_site

PAGE = """\
# Options

:::{partner-card} Colon style
:kind: school
:url: https://example.org/a
:kind: district
:::

:::{partner-card} YAML style
---
kind: school
kind: district
---
:::

```{note}
:class: a
:class: b

Someone else's directive: not ours to judge.
```

:::{partner-card} No options after the note
:::

::::{image-grid}
:columns: 2
:columns: 3
::::
"""


def test_repeated_options_are_named_at_their_line(tmp_path: Path) -> None:
    _, warnings, _ = build_small_site(tmp_path, {"index.md": PAGE})
    repeated = sorted(
        (int(w.split("index.md:")[1].split(":")[0]), w.split(":")[-1].split(" ")[0])
        for w in warnings
        if w.endswith("[partners.option]")
    )
    assert [line for line, _ in repeated] == [6, 12, 28], warnings
    assert all("given twice" in w for w in warnings if w.endswith("[partners.option]"))


def test_a_tab_in_an_option_block_is_named_as_the_cause(tmp_path: Path) -> None:
    page = "# Tab\n\n:::{partner-card} A school\n:kind:\tschool\n:url: https://example.org\n:::\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    options = [w for w in warnings if "none of the block's options could be read" in w]
    assert len(warnings) == len(options) == 1, warnings
    assert "index.md:4:" in options[0] and "tab character" in options[0]
    assert "all of them were ignored" in options[0]
    assert "Invalid options format" not in options[0]  # MyST's heading, jargon


def test_an_option_without_its_colon_is_named_at_its_line(tmp_path: Path) -> None:
    """MyST said "Invalid options format: expected ':' after key" at the next option's
    line, and the card lost every option (a tester's finding)."""
    page = (
        "# Colon\n\n:::{partner-card} A school\n:kind: school\n"
        ":location Valley Town, California\n:since: 2018\n:::\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1, warnings
    assert (
        "index.md:5: WARNING: 'partner-card': the option :location has no colon after its "
        in (warnings[0])
    )
    assert warnings[0].endswith(
        "all of them were ignored; write :location: Valley Town, California [myst.directive_option]"
    )


def test_a_misspelled_option_name_gets_did_you_mean(tmp_path: Path) -> None:
    """MyST names the unknown key and drops it; the closest allowed name is suggested,
    for our directives and anyone's, and nothing is made up when nothing is close."""
    page = (
        "# Names\n\n:::{partner-card} A school\n:kind: school\n:locaton: Valley Town\n:::\n\n"
        "```{note}\n:clas: tip\n\nA note.\n```\n\n"
        ":::{partner-card} Another school\n:kind: school\n:zzzzzz: 1\n:::\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    unknown = sorted(w for w in warnings if "unknown option" in w)
    assert len(unknown) == 3, warnings
    card, note, nothing_close = (
        next(w for w in unknown if f":{key}:" in w) for key in ("locaton", "clas", "zzzzzz")
    )
    assert "index.md:5:" in card and "Did you mean :location:?" in card
    # In words, not MyST's Python list "(allowed: ['class', ...])".
    assert "unknown option :locaton:, which was not used." in card
    assert "The options it knows: :class:, " in card and ":location:" in card
    assert "allowed: [" not in card and "Unknown option key" not in card
    assert card.endswith("[myst.directive_option]")
    assert "Did you mean :class:?" in note
    assert "Did you mean" not in nothing_close


def test_an_option_written_without_its_first_colon_is_named_at_its_line(tmp_path: Path) -> None:
    """'location: Hill Town' at the top of a card's text: MyST reads it as text, the card
    showed it as a sentence without the option, and every check passed (a tester's
    finding). A line of the text after the blank line is the card's own words."""
    page = (
        "# Options\n\n:::{partner-card} Hill Schools\n:id: hill\nlocation: Hill Town\n"
        "url: https://www.example.org/\n\nNote: the school opened in 1990.\n:::\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert [w.split("index.md:")[1].split(":")[0] for w in warnings] == ["5", "6"], warnings
    assert (
        "the line 'location: Hill Town' looks like the option :location: without the colon"
        in (warnings[0])
    )
    assert warnings[0].endswith(
        "Write it as :location: Hill Town, with a colon in front, above the blank line that "
        "starts the text. [partners.option]"
    )
