"""Start a partner card: the logo put in place and made ready, the card printed to paste.

Usage::

    python scripts/new_partner.py "Valley Unified School District" [LOGO_FILE] [--id ID]

The card's id is made from the name (``valley-unified-school-district``, as docutils
makes ids) unless ``--id`` gives a shorter one. A logo file is copied to
``docs/_static/partners/`` under the id's name and, unless it is an SVG, made ready for
the public repository as ``photos.py`` does (upright, at most 2,560 pixels, no hidden
metadata). Then the card is printed with the name, id and logo written and, in
capitals, what only the contributor knows (kind, location, logo description, website,
year, a few sentences): the build names each one left in the page at its line, so none
can be published by mistake. ``nox -s partner`` runs it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from pathlib import Path

import photos
from docutils.nodes import make_id

from sphinx_partners.config import DEFAULT_KINDS

#: Where a site's logos go, in its source folder.
LOGOS = Path("_static") / "partners"
LOGO_SUFFIXES = {".svg", *photos.SUFFIXES}


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("name", help="the partner's full name, in quotes")
    parser.add_argument("logo", nargs="?", type=Path, help="the logo file (optional)")
    parser.add_argument("--id", help="a shorter id: lowercase letters, digits and hyphens")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    name = " ".join(args.name.split())
    partner_id = make_id(args.id or name)
    if not partner_id:
        parser.error(f"no id can be made from {args.id or name!r}: give one with --id")
    if args.id and partner_id != args.id:
        print(f"The id {args.id!r} is written {partner_id!r} (lowercase letters, digits, hyphens).")
    logo = None
    if args.logo is not None:
        if not args.logo.is_file() or args.logo.suffix.lower() not in LOGO_SUFFIXES:
            parser.error(f"{args.logo}: not an SVG, PNG, JPEG or WebP file")
        try:
            logo, done = place_logo(args.logo, args.docs, partner_id)
        except Exception as exc:  # Pillow's plugins raise more than OSError
            print(f"{args.logo}: the logo cannot be used ({exc}). Replace the file.")
            return 1
        print(f"Logo: {logo}, {done}.")
    intro = (
        f"Paste this card into {args.docs / 'partners' / 'index.md'}, under the heading of "
        "the partner's story, then replace each text in capitals (the preview names any "
        "left). Leave out a line you cannot check."
    )
    print(textwrap.fill(intro, width=88), "", card(name, partner_id, logo, args.docs), "", sep="\n")
    print(textwrap.fill(f"Kinds: {', '.join(DEFAULT_KINDS)}.", width=88))
    print(f"Other pages link to the card with {{partner}}`{partner_id}`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
