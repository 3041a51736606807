"""What only the contributor knows about a new partner, asked in the terminal.

``nox -s partner`` run in a terminal asks for the card's facts and descriptions one at a
time, so a newcomer does not have to find the card in the page and replace its capitals.
Each answer is checked as the build checks it (the extension's own checks of a kind, a
web address, a year and alt text) and read back with MyST's own parsers, so an answer
can never change the card's Markdown around it: one that would is asked again, with
the reason. Enter skips a question: a fact is then left out of the card, a description
stays in capitals, which the build names at its line until it is written.
"""

from __future__ import annotations

import contextlib
import shlex
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from docutils.parsers.rst import Directive
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser

from sphinx_partners.alt_words import alt_problem
from sphinx_partners.cards import PartnerCardDirective
from sphinx_partners.config import DEFAULT_KINDS
from sphinx_partners.grids import ImageGridDirective
from sphinx_partners.link_deceit import ignorable
from sphinx_partners.options import check_kind, check_url, check_year, wrapped_in_quotes

T = TypeVar("T")
#: Reads one answer: ``input`` in a terminal, a list's next item in the tests.
Ask = Callable[[str], str]


class Stopped(Exception):
    """The contributor ended the questions (Ctrl+C, Ctrl+D): nothing is written."""


@dataclass
class Answers:
    """The card's words. ``None``: not answered (capitals stay); ``""``: left out."""

    kind: str | None = None
    location: str | None = None
    url: str | None = None
    since: str | None = None
    logo_alt: str | None = None
    text: str | None = None
    caption: str | None = None
    photo_alts: list[str | None] = field(default_factory=list)

    def left_to_write(self, *, logo: bool) -> int:
        """How many descriptions stay in capitals: the kind, the card's words, the alt
        texts (a row's caption is a description too, but one it can do without)."""
        written = [self.kind, self.text, *self.photo_alts, *([self.logo_alt] if logo else [])]
        return written.count(None)


def in_a_terminal() -> bool:
    """Whether someone is there to answer: both ends of the command are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def terminal_ask(question: str) -> str:
    """``input``, with line editing where the system has it (arrows move in the line)."""
    with contextlib.suppress(ImportError):  # Windows: its console edits lines itself
        import readline  # noqa: F401 (its import turns line editing on)
    try:
        return input(question)
    except (EOFError, KeyboardInterrupt):
        print()
        raise Stopped from None


def ask_checked(ask: Ask, question: str, check: Callable[[str], T]) -> T | None:
    """*question* until *check* accepts the answer (it raises ``ValueError`` with the
    reason otherwise); None for an empty answer. Tabs and runs of spaces are one space:
    the card's lines hold no tabs."""
    while True:
        answer = " ".join(ask(question).split())
        if not answer:
            return None
        if undecoded(answer):
            print("  Not used: it holds bytes that are not text. Write it again.")
            continue
        try:
            return check(answer)
        except ValueError as problem:
            reason = str(problem).rstrip(".")
            print(f"  Not used: {reason}. Write it again, or press Enter to skip it.")


def ask_path(
    ask: Ask, question: str, *, folder: bool, suffixes: Collection[str] = ()
) -> Path | None:
    """A file (with one of *suffixes*) or a folder, typed or dragged onto the terminal
    (which may wrap it in quotes or put a backslash before each space), until one
    exists; None for Enter."""

    def existing(answer: str) -> Path:
        for written in _ways_of_reading(answer):
            try:
                path = Path(written).expanduser()
            except RuntimeError:  # "~Downloads/logo.png": no user named Downloads
                continue
            if folder and path.is_dir():
                return path
            if not folder and path.is_file():
                if path.suffix.lower() not in suffixes:
                    kinds = ", ".join(sorted(suffixes))
                    raise ValueError(f"{path.name} is not one of the files a logo can be ({kinds})")
                return path
        kind = "folder" if folder else "file"
        raise ValueError(f"there is no {kind} {answer} (drag it onto this window to write it)")

    return ask_checked(ask, question, existing)


def undecoded(text: str) -> bool:
    """Whether *text* holds bytes Python could not decode (kept as lone surrogates): a
    terminal set to another encoding. Written to a page, they stop the write."""
    return any(unicodedata.category(char) == "Cs" for char in text)


def plain_name(name: str) -> str:
    """*name*, or ``ValueError`` when it holds characters a reader cannot see (a
    zero-width space, a direction mark), which the build refuses in a page."""
    if undecoded(name):
        raise ValueError(
            "it holds bytes that are not text (the terminal's encoding?): type it again"
        )
    hidden = sorted({f"U+{ord(char):04X}" for char in name if ignorable(char)})
    if hidden:
        raise ValueError(
            f"it holds characters a reader cannot see ({', '.join(hidden)}), pasted with it: "
            "type the name again"
        )
    return name


def _ways_of_reading(answer: str) -> list[str]:
    # As typed (a Windows path keeps its backslashes), then as a shell reads a dragged
    # path: 'My Logo.png' or My\ Logo.png.
    ways = [answer]
    try:
        words = shlex.split(answer)
    except ValueError:  # an unclosed quote
        words = []
    if len(words) == 1:
        ways.append(words[0])
    return ways


def option_reads_back(directive: type[Directive], key: str, value: str) -> str:
    """*value* as *directive*'s option line reads it, or ``ValueError`` when MyST's option
    block would read something else (a ``#`` starts a comment, quotes are taken off...)."""
    if wrapped_in_quotes(value):
        raise ValueError("the page would show the quotes around the words; write them without")
    title = "Name" if directive.required_arguments else ""
    parsed = parse_directive_text(directive, title, f":{key}: {value}\n\nText.\n")
    if parsed.warnings or parsed.options.get(key) != value:
        raise ValueError(
            "an option line would not read these words as they are: leave out marks such "
            "as # or a quote at the start"
        )
    return value


def _markdown() -> MarkdownIt:
    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


def described(alt: str, address: str) -> str:
    """*alt*, or ``ValueError`` when the build's alt text rule would refuse it for the
    picture at *address* (a file's name, "photo of...")."""
    problem = alt_problem(alt, address)
    if problem is not None:  # the build's fix is written in Markdown: not for a question
        raise ValueError(f"{problem[0]}. Describe what it shows, in a few words")
    return alt


def plain_alt(alt: str, address: str) -> str:
    """*alt* written as the alt text of ``![alt](address)``, or ``ValueError`` when
    Markdown would read marks in it, or the build's alt text rule would refuse it."""
    tokens = _markdown().parse(f"![{alt}]({address})\n")
    inline = tokens[1].children or [] if len(tokens) == 3 else []
    image = inline[0] if len(inline) == 1 and inline[0].type == "image" else None
    if (
        image is None
        or image.attrs.get("src") != address
        or [child.type for child in image.children or []] != ["text"]
        or (image.children or [])[0].content != alt  # as read: "a\\*b" reads "a*b"
    ):
        raise ValueError(
            "Markdown would read marks in these words (such as [ ] * _ or a backquote): "
            "describe the picture in plain words"
        )
    return described(alt, address)


def one_paragraph(text: str) -> str:
    """*text* as the card's words, or ``ValueError`` when Markdown would read it as
    something other than a paragraph (a heading, a list, a fence)."""
    types = [token.type for token in _markdown().parse(text + "\n")]
    if types != ["paragraph_open", "inline", "paragraph_close"]:
        raise ValueError(
            "Markdown would read it as something other than a paragraph (a heading, a list "
            "or a block): start it with a word"
        )
    if text.startswith(":"):
        raise ValueError("it starts with a colon, which the card would read as an option")
    return text


def ask_card(
    ask: Ask,
    name: str,
    logo_address: tuple[Path, str] | None,
    photo_addresses: list[tuple[Path, str]],
) -> Answers:
    """The card's words for *name*; *logo_address* and *photo_addresses*: each file, as
    the contributor has it, and its address in the site."""
    intro = (
        f"A few questions about {name}, for its card. Press Enter to skip one: a fact you "
        "cannot source is left out, a description stays in capitals for later."
    )
    print("", textwrap.fill(intro, width=88), sep="\n")

    def kind(answer: str) -> str:
        return check_kind(answer.lower(), DEFAULT_KINDS)

    def card_option(key: str) -> Callable[[str], str]:
        return lambda answer: option_reads_back(PartnerCardDirective, key, answer)

    def url(answer: str) -> str:
        return option_reads_back(PartnerCardDirective, "url", check_url(answer))

    def logo_alt(answer: str) -> str:
        assert logo_address is not None
        address = logo_address[1]
        return option_reads_back(PartnerCardDirective, "logo-alt", described(answer, address))

    def caption(answer: str) -> str:
        return option_reads_back(ImageGridDirective, "caption", answer)

    answers = Answers()
    print(f"Kinds: {', '.join(DEFAULT_KINDS)}.")
    answers.kind = ask_checked(ask, "What kind of partner is it? ", kind)
    answers.location = _left_out_if_skipped(
        ask_checked(
            ask,
            "Where is it (town and state, such as Valley Town, California)? ",
            card_option("location"),
        )
    )
    answers.url = _left_out_if_skipped(
        ask_checked(ask, "Its website (copy the address from your browser's address bar)? ", url)
    )
    since = ask_checked(ask, "The year the partnership began (such as 2016)? ", check_year)
    answers.since = "" if since is None else str(since)
    if logo_address is not None:
        _show("The logo", logo_address[0])
        answers.logo_alt = ask_checked(
            ask,
            "What does the logo show, for readers who cannot see it (such as: Green oak "
            "tree above the words Valley Schools)? ",
            logo_alt,
        )
    answers.text = ask_checked(
        ask,
        "In one to three sentences of your own, on one line (Enter ends it): who is the "
        "partner, and what part did it play?\n> ",
        one_paragraph,
    )
    for number, (photo, address) in enumerate(photo_addresses, start=1):
        _show(f"Photo {number}", photo)
        known_as = photo.name
        answers.photo_alts.append(
            ask_checked(
                ask,
                f"What does photo {number} ({known_as}) show, in a few words? ",
                lambda answer, address=address: plain_alt(answer, address),
            )
        )
    if photo_addresses:
        answers.caption = _left_out_if_skipped(
            ask_checked(ask, "One sentence about the whole row of photos (Enter: none)? ", caption)
        )
    return answers


def _show(what: str, picture: Path) -> None:
    """Print *picture*'s address, to open it from the terminal (Ctrl+click in most) and
    describe what it shows: a newcomer opened each IMG_4012.JPG by hand. Printed whole,
    never wrapped, or the address is broken in two."""
    print(f"  {what}, to look at it: {picture.resolve().as_uri()}")


def ask_story(ask: Ask, titles: list[str]) -> str | None:
    """The story the partner belongs to, by its number; None for none of them."""
    print("The partners page tells these stories:")
    for number, title in enumerate(titles, start=1):
        print(f"  {number}. {title}")

    def story(answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(titles):
            return titles[int(answer) - 1]
        raise ValueError(f"type a number from 1 to {len(titles)}")

    return ask_checked(ask, "Is the partner part of one of them? Its number (Enter: none)? ", story)


def _left_out_if_skipped(answer: str | None) -> str:
    return "" if answer is None else answer
