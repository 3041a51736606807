"""What a pull request may have planted in the build folder, before a build writes there.

A pull request can commit files under ``docs/_build`` (``git add -f``: .gitignore only
hides the folder). A build writes its warnings and pages through a symbolic link
wherever it leads (a red team overwrote a ~/.bashrc so, before any check could warn),
and trusts a committed file there as its own. The nox sessions that build call
:func:`planted` first and stop on what it finds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def planted(build: Path, root: Path) -> str | None:
    """Why *build* (inside the repository *root*) is not safe to write, or None."""
    links = [build] if build.is_symlink() else []
    for folder, dirs, files in os.walk(build):  # links are not followed
        links += [Path(folder, name) for name in (*dirs, *files) if Path(folder, name).is_symlink()]
    if links:
        return (
            f"{links[0].relative_to(root)} is a symbolic link in the build folder: a build "
            "would write through it, wherever it leads. Remove it (nothing under "
            "docs/_build belongs in a pull request)."
        )
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return None
    listed = subprocess.run(
        [git, "ls-files", "--", str(build.relative_to(root))],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    tracked = listed.stdout.split()
    if tracked:
        return (
            f"{tracked[0]} is committed to the repository, in the build folder, which the "
            "build trusts as its own: git rm -r --cached docs/_build, then commit."
        )
    return None
