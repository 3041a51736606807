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
joined by hyphens (a camera's name, ``IMG_0042.JPG``, is for the contributor to change).

The card goes at the end of the story whose ``##`` title has the words of ``--story``,
or under ``## Other partners``, with the name, id, logo and photos written and, in
capitals, what only the contributor knows (kind, location, descriptions, website, year,
a few sentences): the build names each one left in the page at its line, so none can be
published by mistake. ``--print`` prints the card instead. ``nox -s partner`` runs it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import textwrap
from pathlib import Path

import partner_page
import photos
from docutils.nodes import make_id

from sphinx_partners.config import DEFAULT_KINDS

#: Where a site's logos go, in its source folder.
LOGOS = Path("_static") / "partners"
LOGO_SUFFIXES = {".svg", *photos.SUFFIXES}
#: Where the photos of a folder outside the site go, in a folder named after the id.
PHOTOS = Path("_static") / "photos"
#: The page the card goes on, in the site's folder.
PARTNERS_PAGE = Path("partners") / "index.md"


def place_logo(source: Path, docs: Path, partner_id: str) -> tuple[Path, str]:
    """Copy *source* to the site's logos as ``<id><suffix>`` and make it ready; say what
    was done. A logo already there, put by hand, is only made ready."""
    suffix = source.suffix.lower().replace(".jpeg", ".jpg")
    target = docs / LOGOS / f"{partner_id}{suffix}"
    in_place = target.exists() and target.resolve() == source.resolve()
    if target.exists() and not in_place:
        raise ValueError(
            f"{target} already exists: another partner may have this id. Choose another with --id."
        )
    if not in_place:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    done = "already in place" if in_place else "copied"
    if suffix == ".svg":
        return target, f"{done} (the build checks an SVG before publishing it)"
    try:
        finding = photos.inspect(target)
        if not finding.needs_work:
            return target, f"{done}, ready as it was"
        said = photos.prepare(finding)
    except Exception:
        if not in_place:
            target.unlink(missing_ok=True)
        raise
    return target, f"{done} and made ready: " + said.split(": ", 1)[1]


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


def web_name(photo: Path) -> str:
    """*photo*'s name in lowercase words joined by hyphens, its ending too (``Reading
    Corner.JPEG`` becomes ``reading-corner.jpg``); empty if it has no such words."""
    words = re.sub(r"[^a-z0-9]+", "-", photo.stem.lower()).strip("-")
    suffix = photo.suffix.lower().replace(".jpeg", ".jpg")
    return f"{words}{suffix}" if words else ""


def not_a_photo(path: Path) -> str:
    """What to do with a file of the photos' folder that the site cannot show."""
    if path.suffix.lower() in {".heic", ".heif"}:
        return (
            f"{path}: a photo in an iPhone's own format (HEIC), which not every browser "
            "shows. Save it as JPEG (on the iPhone, Share, then Options: Most Compatible; "
            "on a Mac, Preview's File > Export), then remove this one."
        )
    return f"{path}: not a photo the site can show (JPEG, PNG or WebP). Move it out of the folder."


def place_photos(folder: Path, docs: Path, partner_id: str) -> tuple[str, list[Path], str]:
    """The photos of *folder* made ready in the site: their folder's address, the files
    and what was done. A folder outside the site is copied to ``_static/photos/<id>``
    under web names. Raises ``PlacementError`` with what to do, leaving nothing behind."""
    files = sorted(path for path in folder.iterdir() if path.is_file() and path.name[0] != ".")
    pictures = [path for path in files if path.suffix.lower() in photos.SUFFIXES]
    others = [not_a_photo(path) for path in files if path not in pictures]
    if others:  # said before anything is copied: the whole row, or nothing
        raise partner_page.PlacementError("\n".join([*others, "Then run this again."]))
    if not pictures:
        raise partner_page.PlacementError(f"{folder}: it holds no photos (JPEG, PNG or WebP).")
    inside = folder.resolve().is_relative_to(docs.resolve())
    if inside:
        target, names = folder, {path: path.name for path in pictures}
        badly_named = [path for path in pictures if not photos.GOOD_NAME.fullmatch(path.name)]
    else:
        target = docs / PHOTOS / partner_id
        names = {path: web_name(path) for path in pictures}
        badly_named = [
            path for path in pictures if photos.CAMERA_NAME.fullmatch(path.stem) or not names[path]
        ]
    if badly_named:
        advice = [photos.rename_advice(path) for path in badly_named]
        raise partner_page.PlacementError("\n".join([*advice, "Then run this again."]))
    address = "/" + target.resolve().relative_to(docs.resolve()).as_posix()
    if photos.PLAIN_ADDRESS.fullmatch(address) is None:
        raise partner_page.PlacementError(
            f"{folder}: the folder's name becomes part of the photos' web address. Rename "
            "it in lowercase words joined by hyphens, then run this again."
        )
    same_name = {name for name in names.values() if list(names.values()).count(name) > 1}
    if same_name:
        raise partner_page.PlacementError(
            f"{folder}: two photos would be named {sorted(same_name)[0]}. Rename one, then "
            "run this again."
        )
    if not inside and target.exists():
        raise partner_page.PlacementError(
            f"{target} already exists: another partner may have this id. Choose another with --id."
        )
    placed = [target / names[path] for path in pictures]
    made_ready = 0
    for source in pictures:
        try:
            if not inside:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / names[source])
            finding = photos.inspect(target / names[source])
            if finding.needs_work:
                photos.prepare(finding)
                made_ready += 1
        except Exception as exc:  # Pillow's plugins raise more than OSError
            if not inside:
                shutil.rmtree(target, ignore_errors=True)
            raise partner_page.PlacementError(
                f"{source}: this photo cannot be used ({exc}). Replace it, then run this again."
            ) from exc
    done = f"copied to {target}" if not inside else "in place"
    ready = f"upright, at most {photos.MAX_SIDE} pixels, no hidden metadata"
    return address, placed, f"{len(placed)} photo(s) {done}, {made_ready} made ready ({ready})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("name", help="the partner's full name, in quotes")
    parser.add_argument("logo", nargs="?", type=Path, help="the logo file (optional)")
    parser.add_argument("--id", help="a shorter id: lowercase letters, digits and hyphens")
    parser.add_argument("--photos", type=Path, help="a folder of photos to show under the card")
    parser.add_argument("--story", help="words from the title of the partner's story")
    parser.add_argument("--print", action="store_true", help="print the card, do not add it")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    name = " ".join(args.name.split())
    partner_id = make_id(args.id or name)
    if not partner_id:
        parser.error(f"no id can be made from {args.id or name!r}: give one with --id")
    if args.id and partner_id != args.id:
        print(f"The id {args.id!r} is written {partner_id!r} (lowercase letters, digits, hyphens).")
    if args.logo is not None and (
        not args.logo.is_file() or args.logo.suffix.lower() not in LOGO_SUFFIXES
    ):
        parser.error(f"{args.logo}: not an SVG, PNG, JPEG or WebP file")
    if args.photos is not None and not args.photos.is_dir():
        parser.error(f"{args.photos}: not a folder (give the folder that holds the photos)")
    page = args.docs / PARTNERS_PAGE
    text = ""
    if not args.print:
        if not page.is_file():
            parser.error(f"{page}: no partners page there (use --print to print the card)")
        text = page.read_text(encoding="utf-8")
        taken = partner_page.card_line(text, partner_id)
        try:
            if taken is not None:
                raise partner_page.PlacementError(
                    f"{page}:{taken}: a card already has the id {partner_id!r}. If it is "
                    "another partner, choose another id with --id."
                )
            partner_page.place(text, "", args.story)  # the story is found before any copy
        except partner_page.PlacementError as exc:
            print(exc)
            return 1
    logo = None
    if args.logo is not None:
        try:
            logo, done = place_logo(args.logo, args.docs, partner_id)
        except Exception as exc:  # Pillow's plugins raise more than OSError
            print(f"{args.logo}: the logo cannot be used ({exc}). Replace the file.")
            return 1
        print(f"Logo: {logo}, {done}.")
    block = card(name, partner_id, logo, args.docs)
    if args.photos is not None:
        try:
            address, placed, done = place_photos(args.photos, args.docs, partner_id)
        except partner_page.PlacementError as exc:
            print(exc)
            if logo is not None and logo.resolve() != args.logo.resolve():
                logo.unlink()  # the logo this run copied: nothing changed until all can be
            return 1
        print(f"Photos: {done}.")
        block += "\n\n" + photos.image_row(address, placed)
    if args.print:
        intro = (
            f"Paste this into {page}, under the heading of the partner's story, then "
            "replace each text in capitals (the preview names any left). Leave out a line "
            "you cannot check."
        )
        print(textwrap.fill(intro, width=88), "", block, "", sep="\n")
    else:
        placed_at = partner_page.place(text, block, args.story)
        page.write_text(placed_at.text, encoding="utf-8")
        said = (
            f"Added to {page}, lines {placed_at.first} to {placed_at.last}, at the end of "
            f'"{placed_at.section}". Open it there and replace each text in CAPITALS (the '
            "preview lists each one left, at its line); leave out a line you cannot check."
        )
        print(textwrap.fill(said, width=88))
    print(textwrap.fill(f"Kinds: {', '.join(DEFAULT_KINDS)}.", width=88))
    print(f"Other pages link to the card with {{partner}}`{partner_id}`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
