"""A new partner's files, its logo and photos: made ready beside the site, then moved in
together.

Each file is copied to a staging folder outside the site and made ready there as
``photos.py`` does (upright, at most 2,560 pixels, no hidden metadata). Only when every
one is ready are they moved into the site, in a moment, just before the card is
written: a running preview sees them arrive with the card, in one rebuild (not a photo
"with hidden metadata" while it is being prepared, nor "no problems" before the card is
there), and a file that cannot be used leaves the site as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import photos
from partner_page import PlacementError

#: Where a site's logos go, in its source folder.
LOGOS = Path("_static") / "partners"
LOGO_SUFFIXES = {".svg", *photos.SUFFIXES}
#: Where the photos of a folder outside the site go, in a folder named after the id.
PHOTOS = Path("_static") / "photos"


def within(path: Path, docs: Path) -> bool:
    """Whether *path* lies in the site's folder *docs* with no link on the way. A pull
    request can commit a link: the command read a partners page linked to a file
    outside the repository and wrote its text into the page, ready to commit, and wrote
    a logo through a linked folder (a red team's fourteenth round)."""
    try:
        relative = path.absolute().relative_to(docs.absolute())
    except ValueError:
        return False
    current = docs.absolute()
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return False
    return True


@dataclass
class Staging:
    """Files made ready in *folder*, and where each goes in the site."""

    folder: Path
    moves: list[tuple[Path, Path]] = field(default_factory=list)

    def add(self, source: Path, target: Path) -> Path:
        """Copy *source* into the staging folder, to go to *target*; return the copy."""
        staged = self.folder / str(len(self.moves)) / target.name
        staged.parent.mkdir(parents=True)
        shutil.copyfile(source, staged)
        self.moves.append((staged, target))
        return staged

    def check_targets(self, docs: Path) -> None:
        """``PlacementError`` if a file would go through a link, before any is moved."""
        for _, target in self.moves:
            if not within(target, docs):
                raise PlacementError(
                    f"{target.parent}: a link (to somewhere outside the site's folder?) is on "
                    "the way there. The command writes only in the site's own folders: "
                    "ask a maintainer to remove the link. Nothing was changed."
                )

    def move_in(self) -> None:
        for staged, target in self.moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                staged.replace(target)  # in a moment, over a photo made ready
            except OSError:  # another drive than the site's
                shutil.copyfile(staged, target)


def _stage_ready(source: Path, target: Path, staging: Staging, *, copy: bool) -> bool:
    """Stage *source* to go to *target* made ready; whether it needed work. A picture
    already in the site (*copy* false) that is ready stays as it is."""
    if not copy and not photos.inspect(source).needs_work:
        return False
    finding = photos.inspect(staging.add(source, target))
    if finding.needs_work:
        photos.prepare(finding)
    return finding.needs_work


def stage_logo(source: Path, docs: Path, partner_id: str, staging: Staging) -> tuple[Path, str]:
    """The logo's place in the site, ``<id><suffix>`` among the logos, and what was done.
    A logo already there, put by hand, stays there, replaced by its ready copy if it
    needs work."""
    suffix = source.suffix.lower().replace(".jpeg", ".jpg")
    target = docs / LOGOS / f"{partner_id}{suffix}"
    in_place = target.exists() and target.resolve() == source.resolve()
    if target.exists() and not in_place:
        raise PlacementError(
            f"{target} already exists: another card's logo, or this one's from an earlier "
            "run. Choose another id with --id, or delete that file if it is yours."
        )
    try:
        if suffix == ".svg":
            if not in_place:
                staging.add(source, target)
            return target, "an SVG, which the build checks before publishing it"
        made_ready = _stage_ready(source, target, staging, copy=not in_place)
    except Exception as exc:  # Pillow's plugins raise more than OSError
        raise PlacementError(
            f"{source}: the logo cannot be used: {photos.why_unreadable(exc, source)}. "
            "Replace the file."
        ) from exc
    return target, "made ready" if made_ready else "already fine (nothing to change)"


def web_name(photo: Path) -> str:
    """*photo*'s name in lowercase words joined by hyphens, its ending too (``Reading
    Corner.JPEG`` becomes ``reading-corner.jpg``, ``Niños.jpg`` ``ninos.jpg``); empty
    if it has no such words."""
    words = photos.web_words(photo.stem)
    suffix = photo.suffix.lower().replace(".jpeg", ".jpg")
    return f"{words}{suffix}" if words else ""


def not_a_photo(path: Path) -> str:
    """What to do with a file of the photos' folder that the site cannot show."""
    from sphinx_partners.images.inspect import HEIC_ADVICE, is_heic

    if is_heic(path):
        return f"{path}: {HEIC_ADVICE}, then remove this one."
    return f"{path}: not a photo the site can show (JPEG, PNG or WebP). Move it out of the folder."


def photo_names(pictures: list[Path], partner_id: str) -> dict[Path, str]:
    """The name each photo gets in the site: its own words made safe for a web address,
    or, for a name a camera gave (``IMG_4012.JPG``), the partner's id and a number, in
    the order of the camera's names (the order the photos were taken)."""
    names = {}
    numbered = 0
    for picture in pictures:
        own = web_name(picture)
        if own and not photos.CAMERA_NAME.fullmatch(picture.stem):
            names[picture] = own
        else:
            numbered += 1
            suffix = picture.suffix.lower().replace(".jpeg", ".jpg")
            names[picture] = f"{partner_id}-{numbered}{suffix}"
    return names


def stage_photos(
    folder: Path, docs: Path, partner_id: str, staging: Staging
) -> tuple[str, dict[Path, Path], str]:
    """The photos of *folder*, in the order of their names: their folder's address in
    the site, the place of each (by the photo it comes from) and what was done. A folder
    outside the site goes to ``_static/photos/<id>``; one inside stays where it is, its
    photos that need work replaced by their ready copies with the rest."""
    files = sorted(
        (path for path in folder.iterdir() if path.is_file() and path.name[0] != "."),
        key=lambda path: path.name.casefold(),
    )
    pictures = [path for path in files if path.suffix.lower() in photos.SUFFIXES]
    others = [not_a_photo(path) for path in files if path not in pictures]
    others += [
        f"{path}: a folder inside the photos' folder; a row takes the photos of one "
        "folder. Move its photos out of it, or run this for it separately."
        for path in sorted(folder.iterdir())
        if path.is_dir() and path.name[0] != "."
    ]
    if others:  # said before anything is copied: the whole row, or nothing
        raise PlacementError("\n".join([*others, "Then run this again."]))
    if not pictures:
        raise PlacementError(f"{folder}: it holds no photos (JPEG, PNG or WebP).")
    inside = folder.resolve().is_relative_to(docs.resolve())
    if inside:
        target, names = folder, {path: path.name for path in pictures}
        badly_named = [path for path in pictures if not photos.GOOD_NAME.fullmatch(path.name)]
        if badly_named:
            advice = [photos.rename_advice(path) for path in badly_named]
            raise PlacementError("\n".join([*advice, "Then run this again."]))
    else:
        target, names = docs / PHOTOS / partner_id, photo_names(pictures, partner_id)
        if target.exists():
            raise PlacementError(
                f"{target} already exists: another card's photos, or this one's from an "
                "earlier run. Choose another id with --id, or delete that folder if it is "
                "yours."
            )
    address = "/" + target.resolve().relative_to(docs.resolve()).as_posix()
    if photos.PLAIN_ADDRESS.fullmatch(address) is None:
        raise PlacementError(
            f"{folder}: the folder's name becomes part of the photos' web address. Rename "
            "it in lowercase words joined by hyphens, then run this again."
        )
    taken = sorted(name for name in set(names.values()) if list(names.values()).count(name) > 1)
    if taken:
        raise PlacementError(
            f"{folder}: two photos would be named {taken[0]}. Rename one, then run this again."
        )
    made_ready = 0
    for source in pictures:
        try:
            made_ready += _stage_ready(source, target / names[source], staging, copy=not inside)
        except Exception as exc:  # Pillow's plugins raise more than OSError
            raise PlacementError(
                f"{source}: this photo cannot be used: {photos.why_unreadable(exc, source)}. "
                "Replace it, then run this again."
            ) from exc
    done = "in place" if inside else f"copied to {target}"
    ready = f"upright, at most {photos.MAX_SIDE} pixels, no hidden metadata"
    count = f"{len(pictures)} photo{'s' if len(pictures) > 1 else ''}"
    said = f"{count} {done}, {made_ready} made ready ({ready})"
    return address, {source: target / names[source] for source in pictures}, said
