"""A build folder that holds files of the repository is not trusted (``partners_harden_site``).

Sphinx keeps what one build learned for the next in the doctree folder and trusts it as
its own: it unpickles ``environment.pickle`` (on any build without ``-E``) and the
pages' doctrees, and the extension reads its picture cache there. A pull request can
commit such files (``git add -f docs/_build``: ``.gitignore`` only hides them), and a
build of it would run their code or publish their pictures. So when the output or the
doctree folder holds a file git tracks, the build says so (``partners.committed``) and
keeps its doctrees in a new empty folder instead, removed when it ends: nothing is read
from the committed one. A committed file of the output folder is published content, and
the published-file check reads it as any other. Outside a git work tree (or without
git) there is no pull request to fear, and nothing is checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from ..messages import Code, shown_path, warn
from .site_checks import site_check_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Enough to name the problem; a whole committed folder is not listed file by file.
SHOWN = 3
#: Before Sphinx loads its environment (right after config-inited) and before any other
#: handler of the settings reads the folder.
PRIORITY = 50
#: The application's attribute naming the empty doctree folder it uses instead.
_FRESH_DOCTREES = "_partners_fresh_doctrees"


def tracked_files(*folders: Path) -> list[Path]:
    """The files git tracks in *folders*, or none."""
    git = shutil.which("git")
    existing = [folder for folder in folders if folder.is_dir()]
    if git is None or not existing:
        return []
    found: list[Path] = []
    for folder in existing:
        try:
            listed = subprocess.run(
                [git, "-C", str(folder), "ls-files", "-z", "--", "."],
                capture_output=True,
                check=False,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        said = listed.stderr.decode("utf-8", "replace").strip()
        if listed.returncode != 0 and "not a git repository" not in said:
            # Git refused (a "dubious ownership", say): nothing is known, so nothing
            # there can be trusted.
            raise GitRefused(said.splitlines()[0] if said else f"exit {listed.returncode}")
        if listed.returncode == 0:  # not a work tree: nothing to fear
            names = listed.stdout.decode("utf-8", "surrogateescape").split("\0")
            found += [folder / name for name in names if name]
    return sorted(set(found))


class GitRefused(Exception):
    """Git could not say which files are committed."""


def committed_links_to(folders: list[Path], source: Path) -> list[Path]:
    """The symbolic links git tracks in *source*'s work tree that lead to one of
    *folders* or a folder above it: Sphinx resolves the paths it is given, so a build
    folder reached through a committed link (``docs/_build/html`` linked to
    ``~/.config``) shows only where it leads."""
    git = shutil.which("git")
    if git is None or not source.is_dir():
        return []
    try:
        top = subprocess.run(
            [git, "-C", str(source), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=False, timeout=30,
        )  # fmt: skip
        if top.returncode != 0:
            return []
        root = Path(top.stdout.strip())
        staged = subprocess.run(
            [git, "-C", str(root), "ls-files", "-s", "-z"],
            capture_output=True, check=False, timeout=30,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for entry in staged.stdout.decode("utf-8", "surrogateescape").split("\0"):
        mode, _, rest = entry.partition(" ")
        if mode != "120000":  # git's mode of a symbolic link
            continue
        link = root / rest.split("\t", 1)[1]
        if not link.is_symlink():
            continue
        target = Path(os.path.realpath(link))
        if any(folder == target or folder.is_relative_to(target) for folder in folders):
            found.append(link)
    return found


def refuse_committed_build_folder(app: Sphinx, config: Config) -> None:
    """Warn about committed files in the build's folders; read no doctree folder that
    holds some; stop a build whose folders a committed link leads to (see the module)."""
    if not site_check_enabled(app, "partners_confine_files"):
        return
    folders = [Path(app.outdir), Path(app.doctreedir)]
    links = committed_links_to(folders, Path(app.srcdir))
    if links:
        # Writing anything would write through the link: nothing is built.
        raise ConfigError(
            f"{shown_path(links[0])} is a symbolic link committed to the repository, and it "
            "leads to this build's output or doctree folder: the build would write "
            "wherever it points. Remove it from the repository (git rm), then build again."
        )
    try:
        doctrees = tracked_files(Path(app.doctreedir))
        output = [path for path in tracked_files(Path(app.outdir)) if path not in doctrees]
    except GitRefused as refusal:
        warn(
            Code.COMMITTED,
            "the build could not ask git which files of its folders are committed (git "
            "said: %s), so it reads nothing its doctree folder holds.",
            str(refusal),
            location=f"{app.doctreedir}:",
            hint="Run the build as the owner of the repository's folder, or mark it safe "
            "(git config --global --add safe.directory, then the folder).",
        )
        _use_fresh_doctrees(app)
        return
    said = {
        "doctree": "Sphinx would trust them as its own (its saved state, the pages read, "
        "the picture cache); this build reads none of them",
        "output": "they would be published with the site",
    }
    for folder, tracked in (("doctree", doctrees), ("output", output)):
        if not tracked:
            continue
        more = f" and {len(tracked) - SHOWN} more" if len(tracked) > SHOWN else ""
        warn(
            Code.COMMITTED,
            "the build's %s folder holds files committed to the repository (%s%s): %s.",
            folder,
            ", ".join(shown_path(path) for path in tracked[:SHOWN]),
            more,
            said[folder],
            location=f"{tracked[0]}:",  # a file without lines
            hint="Take them out of the repository: git rm -r --cached, then the folder.",
        )
    if doctrees:
        _use_fresh_doctrees(app)


def _use_fresh_doctrees(app: Sphinx) -> None:
    """This build keeps its doctrees in a new empty folder, removed when it ends."""
    fresh = tempfile.mkdtemp(prefix="partners-doctrees-")
    app.doctreedir = type(app.doctreedir)(fresh)
    setattr(app, _FRESH_DOCTREES, fresh)


def _remove_fresh_doctrees(app: Sphinx, exception: BaseException | None) -> None:
    fresh = getattr(app, _FRESH_DOCTREES, None)
    if fresh:
        shutil.rmtree(fresh, ignore_errors=True)


def setup_build_folder(app: Sphinx) -> None:
    app.connect("config-inited", refuse_committed_build_folder, priority=PRIORITY)
    app.connect("build-finished", _remove_fresh_doctrees, priority=999)
