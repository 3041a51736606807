"""Add a partner card to the partners page: its logo and photos put in place and made
ready, the card (and a row of photos under it) written at the end of its story.

Usage::

    python scripts/new_partner.py "Valley Unified School District" [LOGO_FILE]
        [--id ID] [--photos FOLDER] [--story WORDS] [--print]

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
import sys
import tempfile
import textwrap
from pathlib import Path

import partner_page
import photos
from docutils.nodes import make_id
from partner_files import LOGO_SUFFIXES, Staging, stage_logo, stage_photos

from sphinx_partners.config import DEFAULT_KINDS

#: The page the card goes on, in the site's folder.
PARTNERS_PAGE = Path("partners") / "index.md"


def card(name: str, partner_id: str, logo: Path | None, docs: Path) -> str:
    lines = [f":::{{partner-card}} {name}", f":id: {partner_id}", ":kind: KIND OF PARTNER"]
    lines.append(":location: TOWN AND STATE")
    if logo is not None:
        lines.append(f":logo: /{logo.relative_to(docs).as_posix()}")
        lines.append(":logo-alt: WHAT THE LOGO SHOWS")
    lines += [":url: https://WWW.EXAMPLE.ORG/", ":since: YEAR", ""]
    lines += [
        "ONE TO THREE SENTENCES: who the partner is and what part it played, in your own words.",
        ":::",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    summary = " ".join(__doc__.split("\n\n", 1)[0].split())  # the docstring's first paragraph
    parser = argparse.ArgumentParser(description=summary)
    parser.add_argument("name", help="the partner's full name, in quotes")
    parser.add_argument("logo", nargs="?", type=Path, help="the logo file (optional)")
    parser.add_argument("--id", help="a shorter id: lowercase letters, digits and hyphens")
    parser.add_argument("--photos", type=Path, help="a folder of photos to show under the card")
    parser.add_argument("--story", help="words from the title of the partner's story")
    parser.add_argument("--print", action="store_true", help="print the card, do not add it")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help=argparse.SUPPRESS)
    args, unread = parser.parse_known_args(argv)
    if unread:
        parser.error(_unread_words(args, unread))
    name = " ".join(args.name.split())
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
    try:
        with tempfile.TemporaryDirectory(prefix="new-partner-") as folder:
            return _add(args, name, partner_id, page, Staging(Path(folder)))
    except partner_page.PlacementError as exc:
        print(exc)
        return 1


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


def _say(paragraph: str) -> None:
    print(textwrap.fill(paragraph, width=88, break_on_hyphens=False))


def _add(args: argparse.Namespace, name: str, partner_id: str, page: Path, staging: Staging) -> int:
    """Place the card and its files, or raise ``PlacementError`` with nothing changed."""
    # The page is checked before any file is copied, with --print too.
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
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
    if not args.print:
        partner_page.place(text, "", args.story)  # the story is found before any copy
    done_with_files = []  # one line each: file names are never wrapped
    logo = None
    if args.logo is not None:
        logo, done = stage_logo(args.logo, args.docs, partner_id, staging)
        done_with_files.append(f"Logo: {logo}, {done}.")
    block = card(name, partner_id, logo, args.docs)
    if args.photos is not None:
        address, placed, done = stage_photos(args.photos, args.docs, partner_id, staging)
        done_with_files.append(f"Photos: {done}.")
        block += "\n\n" + photos.image_row(address, placed)
    staging.move_in()
    print(*done_with_files, sep="\n")
    if args.print:
        _say(
            f"Paste this into {page}, under the heading of the partner's story, then "
            "replace each text in capitals (the preview names any left). Leave out a line "
            "you cannot check."
        )
        print("", block, "", sep="\n")
    else:
        placed_at = partner_page.place(text, block, args.story)
        # The page's own line endings: a Windows editor's CRLF stays, or every line changes.
        newline = "\r\n" if b"\r\n" in page.read_bytes() else "\n"
        page.write_text(placed_at.text, encoding="utf-8", newline=newline)
        where = f'at the end of "{placed_at.section}"'
        if placed_at.added_section:
            where = f'under a new heading "{placed_at.section}" at the end of the page'
        _say(
            f"Added to {page}, lines {placed_at.first} to {placed_at.last}, {where}. Open "
            "it there and replace each text in CAPITALS (the preview lists each one left, "
            "at its line); leave out a line you cannot check."
        )
        stories = partner_page.stories(text)
        if not args.story and stories:
            titles = "; ".join(f'"{title}"' for title in stories)
            _say(
                f"The page's stories: {titles}. For a partner of one of them, move the card "
                "(and its photos) under its heading."
            )
        if args.photos is not None:
            _say("The photos are in the order of their names: move a line to move a photo.")
    _say(f"Kinds: {', '.join(DEFAULT_KINDS)}.")
    print(f"Other pages link to the card with {{partner}}`{partner_id}`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
