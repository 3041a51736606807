"""Where a new card goes on the partners page: at the end of its story's section.

The page is read with MyST's own Markdown parser (its line map of headings and blocks),
never split by hand: a heading inside a code block or a card is not a section. A story
is a ``##`` section that holds cards; a partner of none of them goes under
``## Other partners``, added at the end of the page when it is not there yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.renderer import RendererHTML
from markdown_it.rules_core.normalize import NEWLINES_RE
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from sphinx_partners.printable import printable

#: The section for a partner of none of the stories.
OTHER_PARTNERS = "Other partners"
CARD = "{partner-card}"
#: A card's ``:id:`` option line.
ID_LINE = re.compile(r"^:id:[ \t]*(\S+)[ \t]*$", re.M)


class PlacementError(ValueError):
    """The card cannot be placed: the message says why and what to do."""


@dataclass
class Section:
    """A ``##`` section of the page: lines ``start`` (its heading) to ``end``, 0-based."""

    title: str
    start: int
    end: int
    card_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Placed:
    """The page with the block in it, the block's first and last lines (1-based), the
    section's title and whether the section was added for it."""

    text: str
    first: int
    last: int
    section: str
    added_section: bool = False


def lines_of(text: str) -> list[str]:
    """*text*'s lines as Markdown counts them: split at line ends only (``\\n``,
    ``\\r\\n``, ``\\r``). ``str.splitlines`` also splits at U+2028, U+0085 and other
    separators, which a page may hold inside a line: the card then landed in another
    card's sentence (a red team's finding)."""
    lines = NEWLINES_RE.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _tokens(text: str) -> list[Token]:
    parser = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)
    return parser.parse(text)


def sections(text: str) -> list[Section]:
    """The page's ``##`` sections, in order, with the ids of the cards in each."""
    found: list[Section] = []
    tokens = _tokens(text)
    line_count = len(lines_of(text))
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in {"h1", "h2"} and token.map:
            if found and found[-1].end == line_count:
                found[-1].end = token.map[0]
            if token.tag == "h2":
                # Printed as the story's name: a heading's escape sequence retitled the
                # contributor's terminal and hid text (a red team's fourteenth round).
                title = printable(tokens[index + 1].content.strip())
                found.append(Section(title, token.map[0], line_count))
        elif token.type in {"colon_fence", "fence"} and token.info.startswith(CARD) and found:
            found[-1].card_ids += ID_LINE.findall(token.content)
    return found


def card_line(text: str, partner_id: str) -> int | None:
    """The line (1-based) of the card with *partner_id*, anywhere on the page."""
    for token in _tokens(text):
        if token.type in {"colon_fence", "fence"} and token.info.startswith(CARD) and token.map:
            for offset, line in enumerate(lines_of(token.content), start=1):
                found = ID_LINE.fullmatch(line.strip())
                if found and found.group(1) == partner_id:
                    return token.map[0] + 1 + offset
    return None


def _words(text: str) -> set[str]:
    """The words of *text*, in lowercase ("Summit," gives "summit")."""
    return set(re.findall(r"\w+", text.casefold()))


def stories(text: str) -> list[str]:
    """The titles of the page's stories: its ``##`` sections that hold cards, but
    ``Other partners``."""
    return [
        section.title
        for section in sections(text)
        if section.card_ids and section.title.lower() != OTHER_PARTNERS.lower()
    ]


def card_named(text: str, name: str) -> int | None:
    """The line (1-based) of a card whose title is *name*, whatever its capitals and
    spacing, anywhere on the page."""
    wanted = " ".join(name.split()).casefold()
    for token in _tokens(text):
        if token.type in {"colon_fence", "fence"} and token.info.startswith(CARD) and token.map:
            title = token.info.removeprefix(CARD)
            if " ".join(title.split()).casefold() == wanted:
                return token.map[0] + 1
    return None


def _story(found: list[Section], words: str) -> Section:
    stories = [section for section in found if section.card_ids]
    wanted = _words(words)
    matching = [story for story in stories if wanted <= _words(story.title)]
    if len(matching) == 1:
        return matching[0]
    titles = "; ".join(f'"{story.title}"' for story in stories) or "none yet"
    said = "more than one story has" if matching else "no story on the partners page has"
    raise PlacementError(
        f'{said} the words "{words}". Its stories: {titles}. Give words from one title '
        f'only, or leave out --story: the card then goes under "{OTHER_PARTNERS}".'
    )


def place(text: str, block: str, story: str | None = None) -> Placed:
    """*text* with *block* added at the end of *story*'s section (a story whose title
    has all these words) or of ``## Other partners``, added if missing."""
    found = sections(text)
    if story:
        section = _story(found, story)
    else:
        others = [s for s in found if s.title.lower() == OTHER_PARTNERS.lower()]
        section = others[0] if others else None
    lines = lines_of(text)
    if section is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["", f"## {OTHER_PARTNERS}"]
        end = len(lines)
        title = OTHER_PARTNERS
    else:
        end = section.end
        while end > section.start + 1 and not lines[end - 1].strip():
            end -= 1
        title = section.title
    added = ["", *lines_of(block)]
    following = lines[end:]
    if following and following[0].strip():
        added.append("")
    new_lines = [*lines[:end], *added, *following]
    first = end + 2  # after the blank line, 1-based
    last = first + len(lines_of(block)) - 1
    return Placed("\n".join(new_lines) + "\n", first, last, title, section is None)
