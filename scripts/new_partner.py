"""Add a partner card to the partners page: its logo and photos put in place and made
ready, the card (and a row of photos under it) written at the end of its story.

Usage::

    python scripts/new_partner.py ["Valley Unified School District"] [LOGO_FILE]
        [--id ID] [--photos FOLDER] [--story WORDS] [--print] [--no-questions]

In a terminal it asks for what is not given, then for the card's facts and words, each
answer checked as the build checks it (``partner_questions.py``); ``--no-questions``, or
no terminal, leaves them in capitals. With every description written, it then checks
the site and offers to commit the card on a branch of its own (``partner_finish.py``).

The card's id is made from the name (``valley-unified-school-district``, as docutils
makes ids) unless ``--id`` gives a shorter one. A logo file is copied to
``docs/_static/partners/`` under the id's name and, unless it is an SVG, made ready for
the public repository as ``photos.py`` does (upright, at most 2,560 pixels, no hidden
metadata). ``--photos`` does the same for a folder of photos: one outside the site is
copied to ``docs/_static/photos/<id>/``, each photo under its name in lowercase words
joined by hyphens, or, named by a camera (``IMG_4012.JPG``), under the id and a number.
Every file is made ready before any goes into the site (``partner_files.py``).

The card goes at the end of the story whose ``##`` title has the words of ``--story``,
or under ``## Other partners``, with the name, id, logo and photos written and, in
capitals, what only the contributor knows (kind, location, descriptions, website, year,
a few sentences): the build names each one left in the page at its line, so none can be
published by mistake. ``--print`` prints the card instead. ``nox -s partner`` runs it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import partner_page
import photos
from docutils.nodes import make_id
from partner_files import LOGO_SUFFIXES, Staging, stage_logo, stage_photos, within
from partner_questions import (
    Answers,
    Ask,
    Stopped,
    ask_card,
    ask_checked,
    ask_path,
    ask_story,
    in_a_terminal,
    plain_name,
    terminal_ask,
)

from sphinx_partners.config import DEFAULT_KINDS

#: The page the card goes on, in the site's folder.
PARTNERS_PAGE = Path("partners") / "index.md"
#: What comes after the card is written, in a terminal: ``partner_finish.finish``
#: (check the site, then commit), called with the files written, the name and the id.
Finish = Callable[[Ask, Path, Path, Sequence[Path], str, str], int]


@dataclass(frozen=True)
class Added:
    """What the command wrote: the files (page, logo, photos), and how many
    descriptions stay in capitals."""

    files: list[Path]
    left_to_write: int


def card(
    name: str, partner_id: str, logo: Path | None, docs: Path, answers: Answers | None = None
) -> str:
    """The card, with the contributor's *answers*; what is not answered in capitals, what
    was skipped (a fact, ``""``) left out."""
    said = answers or Answers()
    lines = [f":::{{partner-card}} {name}", f":id: {partner_id}"]
    lines += _option("kind", said.kind, "KIND OF PARTNER")
    lines += _option("location", said.location, "TOWN AND STATE")
    if logo is not None:
        lines.append(f":logo: /{logo.relative_to(docs).as_posix()}")
        lines += _option("logo-alt", said.logo_alt, "WHAT THE LOGO SHOWS")
    lines += _option("url", said.url, "https://WWW.EXAMPLE.ORG/")
    lines += _option("since", said.since, "YEAR")
    lines.append("")
    lines.append(
        said.text
        or "ONE TO THREE SENTENCES: who the partner is and what part it played, in your own words."
    )
    lines.append(":::")
    return "\n".join(lines)


def _option(key: str, answer: str | None, to_write: str) -> list[str]:
    if answer == "":  # skipped: a fact left out
        return []
    return [f":{key}: {answer or to_write}"]


def main(
    argv: list[str] | None = None, ask: Ask | None = None, finish: Finish | None = None
) -> int:
    """The command; *ask* reads the answers to its questions (``input`` when it runs in
    a terminal, where it asks unless told ``--no-questions``); *finish* comes after a
    card written with every description (in a terminal: check the site, then commit)."""
    summary = " ".join(__doc__.split("\n\n", 1)[0].split())  # the docstring's first paragraph
    parser = argparse.ArgumentParser(description=summary)
    parser.add_argument(
        "name", nargs="?", help="the partner's full name, in quotes (asked when left out)"
    )
    parser.add_argument("logo", nargs="?", type=Path, help="the logo file (optional)")
    parser.add_argument("--id", help="a shorter id: lowercase letters, digits and hyphens")
    parser.add_argument("--photos", type=Path, help="a folder of photos to show under the card")
    parser.add_argument("--story", help="words from the title of the partner's story")
    parser.add_argument("--print", action="store_true", help="print the card, do not add it")
    parser.add_argument(
        "--no-questions",
        action="store_true",
        help="ask nothing: write what only you know in capitals, to replace in the page",
    )
    parser.add_argument("--docs", type=Path, default=Path("docs"), help=argparse.SUPPRESS)
    args, unread = parser.parse_known_args(argv)
    if unread:
        parser.error(_unread_words(args, unread))
    if ask is None and not args.no_questions and in_a_terminal():
        ask = terminal_ask
        if finish is None:
            from partner_finish import finish as check_and_commit

            finish = check_and_commit
    args.ask = None if args.no_questions else ask
    if args.name is None:
        if args.ask is None:
            parser.error("give the partner's full name, in quotes (or run it in a terminal)")
        try:
            _ask_files(args)
        except Stopped:
            print("Stopped: nothing was changed.")
            return 1
    name = " ".join(args.name.split())
    try:
        plain_name(name)
    except ValueError as problem:
        parser.error(f"the name {problem}")
    partner_id = make_id(args.id or name)
    if not partner_id:
        parser.error(f"no id can be made from {args.id or name!r}: give one with --id")
    if args.id and partner_id != args.id:
        print(f"The id {args.id!r} is written {partner_id!r} (lowercase letters, digits, hyphens).")
    if args.logo is not None and not args.logo.is_file():
        parser.error(f"{args.logo}: no such file (the logo's file, with its folder)")
    if args.logo is not None and args.logo.suffix.lower() not in LOGO_SUFFIXES:
        parser.error(f"{args.logo}: not an SVG, PNG, JPEG or WebP file")
    if args.story is not None and not args.story.split():
        parser.error("--story needs words from the title of the partner's story")
    if args.photos is not None and not args.photos.is_dir():
        parser.error(f"{args.photos}: not a folder (give the folder that holds the photos)")
    page = args.docs / PARTNERS_PAGE
    if not args.print and not page.is_file():
        parser.error(f"{page}: no partners page there (use --print to print the card)")
    if args.print and args.story:
        parser.error("--story places the card on the page; with --print, you place it")
    args.finishing = finish is not None and args.ask is not None and not args.print
    try:
        with tempfile.TemporaryDirectory(prefix="new-partner-") as folder:
            added = _add(args, name, partner_id, page, Staging(Path(folder)))
    except partner_page.PlacementError as exc:
        print(exc)
        return 1
    except Stopped:
        print("Stopped: nothing was changed.")
        return 1
    if not args.finishing or added.left_to_write:
        return 0
    assert finish is not None and args.ask is not None
    root = args.docs.resolve().parent
    return finish(args.ask, root, args.docs, added.files, name, partner_id)


def _ask_files(args: argparse.Namespace) -> None:
    """The name, the logo and the photos' folder, asked: a path dragged onto the
    terminal needs no quotes here."""
    while not args.name:
        args.name = ask_checked(
            args.ask,
            "The partner's full name (such as Valley Unified School District)? ",
            plain_name,
        )
    if args.logo is None:
        args.logo = ask_path(
            args.ask,
            "Its logo: drag the file here (Enter: no logo)? ",
            folder=False,
            suffixes=LOGO_SUFFIXES,
        )
    if args.photos is None:
        args.photos = ask_path(
            args.ask, "The folder of its photos: drag it here (Enter: no photos)? ", folder=True
        )


def _unread_words(args: argparse.Namespace, unread: list[str]) -> str:
    """Words the command could not place, said as the likely cause: a path or a name
    with a space, not in quotes (a newcomer's mistake: argparse said "unrecognized
    arguments" and named a script they never ran)."""
    if any(word.startswith("-") for word in unread):
        return f"unrecognized options: {' '.join(unread)} (see --help)"
    for given, exists in ((args.logo, Path.is_file), (args.photos, Path.is_dir)):
        if given is None:
            continue
        for count in range(len(unread), 0, -1):
            joined = " ".join([str(given), *unread[:count]])
            if exists(Path(joined)):
                return (
                    f"the path {joined!r} has a space: put it in double quotes, "
                    f'"{joined}", or drag the file onto the terminal, which writes it so'
                )
    return (
        f"the words {' '.join(unread)!r} were not understood. A name or a path with "
        'spaces goes in double quotes: "Valley Unified School District", '
        '"~/Downloads/Valley Logo.png"'
    )


def _write_whole(page: Path, content: bytes) -> None:
    """Write *page* whole or not at all: a new file beside it, then put in its place (a
    write stopped halfway left the partners page empty: a red team's finding)."""
    with tempfile.NamedTemporaryFile(dir=page.parent, prefix=".partners-", delete=False) as new:
        new.write(content)
    shutil.copymode(page, new.name)  # the page's own permissions, not the new file's 0600
    Path(new.name).replace(page)


def _say(paragraph: str) -> None:
    print(textwrap.fill(paragraph, width=88, break_on_hyphens=False))


def _add(
    args: argparse.Namespace, name: str, partner_id: str, page: Path, staging: Staging
) -> Added:
    """Place the card and its files, or raise ``PlacementError`` with nothing changed."""
    # The page is checked before any file is copied, with --print too.
    if page.exists() and not within(page, args.docs):
        raise partner_page.PlacementError(
            f"{page}: it is a link, not the page itself (to a file outside the site's "
            "folder?). The command reads and writes only the site's own files: ask a "
            "maintainer to replace the link by the page. Nothing was changed."
        )
    try:
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
    except UnicodeDecodeError as exc:
        raise partner_page.PlacementError(
            f"{page}: it is not saved as UTF-8 (an editor saved it in another encoding): "
            "save it again as UTF-8, then run this again. Nothing was changed."
        ) from exc
    named = partner_page.card_named(text, name)
    if named is not None:
        raise partner_page.PlacementError(
            f"{page}:{named}: the partner already has a card, with this name. A partner has "
            "one card: add to that one."
        )
    taken = partner_page.card_line(text, partner_id)
    if taken is not None:
        raise partner_page.PlacementError(
            f"{page}:{taken}: a card already has the id {partner_id!r}. If it is another "
            "partner, choose another id with --id."
        )
    stories = partner_page.stories(text)
    if args.ask is not None and not args.print and not args.story and stories:
        args.story = ask_story(args.ask, stories)
    if not args.print:
        partner_page.place(text, "", args.story)  # the story is found before any copy
    done_with_files = []  # one line each: file names are never wrapped
    logo = None
    if args.logo is not None:
        logo, done = stage_logo(args.logo, args.docs, partner_id, staging)
        done_with_files.append(f"Logo: {logo}, {done}.")
    address, placed = "", {}
    if args.photos is not None:
        address, placed, done = stage_photos(args.photos, args.docs, partner_id, staging)
        done_with_files.append(f"Photos: {done}.")
    answers = None
    if args.ask is not None:  # asked before anything goes into the site
        answers = ask_card(
            args.ask,
            name,
            None if logo is None else (args.logo, f"/{logo.relative_to(args.docs).as_posix()}"),
            [(source, f"{address}/{target.name}") for source, target in placed.items()],
        )
    block = card(name, partner_id, logo, args.docs, answers)
    if placed:
        alts = answers.photo_alts if answers else []
        caption = answers.caption if answers else None
        block += "\n\n" + photos.image_row(address, list(placed.values()), alts, caption)
    placed_at = None if args.print else partner_page.place(text, block, args.story)
    page_bytes = b""
    if placed_at is not None:
        # The page's own line endings: a Windows editor's CRLF stays, or every line changes.
        newline = "\r\n" if b"\r\n" in page.read_bytes() else "\n"
        try:  # made before any file goes into the site: nothing half done
            page_bytes = placed_at.text.replace("\n", newline).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise partner_page.PlacementError(
                "A word given holds bytes that are not text (a name typed in a terminal "
                "set to another encoding?): type it again. Nothing was changed."
            ) from exc
    staging.check_targets(args.docs)
    staging.move_in()
    if placed_at is not None:
        _write_whole(page, page_bytes)
    print(*done_with_files, sep="\n")
    left = Answers().left_to_write(logo=logo is not None) if answers is None else 0
    if answers is not None:
        left = answers.left_to_write(logo=logo is not None)
    to_do = (
        "replace each text in CAPITALS (the preview lists each one left, at its line); "
        "leave out a line you cannot check"
    )
    if answers is not None:
        to_do = "read the card in the preview"
        if args.finishing:
            to_do = "it is checked below, with the whole site"
        if left == 1:
            to_do = "the description you skipped is in CAPITALS there (the preview lists it)"
        elif left:
            to_do = (
                f"the {left} descriptions you skipped are in CAPITALS there (the preview lists "
                "each, at its line)"
            )
        if left and args.finishing:
            to_do += "; write it, then run .venv/bin/nox -R -s check and commit"
    if args.print:
        _say(f"Paste this into {page}, under the heading of the partner's story, then {to_do}.")
        print("", block, "", sep="\n")
    else:
        assert placed_at is not None
        where = f'at the end of "{placed_at.section}"'
        if placed_at.added_section:
            where = f'under a new heading "{placed_at.section}" at the end of the page'
        _say(f"Added to {page}, lines {placed_at.first} to {placed_at.last}, {where}: {to_do}.")
        if not args.story and stories and args.ask is None:
            titles = "; ".join(f'"{title}"' for title in stories)
            _say(
                f"The page's stories: {titles}. For a partner of one of them, move the card "
                "(and its photos) under its heading."
            )
        if args.photos is not None:
            _say("The photos are in the order of their names: move a line to move a photo.")
    if answers is None:
        _say(f"Kinds: {', '.join(DEFAULT_KINDS)}.")
    print(f"To link to the card from another page, write {{partner}}`{partner_id}` there.")
    files = [] if placed_at is None else [page]
    files += [*([] if logo is None else [logo]), *placed.values()]
    return Added(files, left)


if __name__ == "__main__":
    sys.exit(main())
