"""After ``nox -s partner`` has written a card: check the site, then commit the change.

A newcomer's timed run spent a quarter of its time after the questions: reading how to
run the check, then how to put the change on a branch and commit it, then asking git's
"Please tell me who you are". When every description was written, the command now runs
the quick check itself (the strict build with the site's checks, as ``nox -s check``
and a pull request's checks run it) and, when it finds no problems, offers to commit
the files it wrote on a branch of their own, asking for the name and e-mail address git
needs the first time. Nothing is committed without a yes, and only the files the command
wrote go into the commit: a change made before, staged or not, stays as it was.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from pathlib import Path

import quick_check
from partner_questions import Ask, Stopped

from sphinx_partners.printable import printable

#: Branches a change should not be committed on: the pull request needs one of its own.
SHARED_BRANCHES = frozenset({"main", "master"})
#: Enough to catch a name typed where the address goes; git checks nothing.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
CHECK = ".venv/bin/nox -R -s check"


def _say(paragraph: str) -> None:
    print(textwrap.fill(paragraph, width=88, break_on_hyphens=False))


def _git(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *arguments], cwd=root, capture_output=True, text=True, check=False
    )


def in_a_repository(root: Path) -> bool:
    """Whether *root* is a git working tree's top folder: not a copy downloaded as a
    ZIP file (which may lie in another repository, such as a home folder kept in git,
    where the change is not to be committed), and git installed."""
    if shutil.which("git") is None:
        return False
    done = _git(root, "rev-parse", "--show-toplevel")
    return done.returncode == 0 and Path(done.stdout.strip()).resolve() == root.resolve()


def _yes(ask: Ask, question: str) -> bool:
    while True:
        answer = ask(question).strip().casefold()
        if answer in {"", "y", "yes"}:
            return True
        if answer in {"n", "no"}:
            return False
        print("  Press Enter for yes, or type n for no.")


def _identity(ask: Ask, root: Path) -> bool:
    """The name and e-mail address git records with a commit, asked and saved for the
    user's next commits when git has none. False if the contributor gave none."""
    questions = {
        "user.name": ("Your name, as git records it with your change? ", None),
        "user.email": (
            "Your e-mail address, for the same (a pull request shows it; GitHub's no-reply "
            "address works too)? ",
            EMAIL,
        ),
    }
    for key, (question, form) in questions.items():
        if _git(root, "config", key).stdout.strip():
            continue
        while True:
            answer = " ".join(ask(question).split())
            if not answer:
                return False
            if printable(answer) != answer:  # a NUL stopped git with a traceback
                print("  It holds characters that are not letters or marks. Write it again.")
            elif form is None or form.fullmatch(answer):
                break
            else:
                print("  That is not an e-mail address (name@example.org). Write it again.")
        # Saved as git config --global would save it: asked once, as CONTRIBUTING says.
        _git(root, "config", "--global", key, answer)
    return True


def _branch_of_its_own(root: Path, partner_id: str) -> tuple[str, str | None]:
    """The branch to commit on: the current one, unless it is shared (main) or none
    (a detached checkout); then a new one, ``add-<id>``. Its name, and git's complaint
    when it could not be made."""
    current = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    if current and current not in SHARED_BRANCHES:
        return current, None
    branch, number = f"add-{partner_id}", 1
    while _git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").returncode == 0:
        number += 1
        branch = f"add-{partner_id}-{number}"
    made = _git(root, "switch", "--create", branch)
    return branch, None if made.returncode == 0 else (made.stderr or made.stdout).strip()


def commit(ask: Ask, root: Path, files: Sequence[Path], name: str, partner_id: str) -> bool:
    """Commit *files* (and only them) as "Add <name>", on a branch of their own, once
    the contributor says yes. Whether it was committed."""
    if not _yes(ask, "Commit it, on a branch of its own, for a pull request (Enter: yes, n: no)? "):
        return False
    known = all(_git(root, "config", key).stdout.strip() for key in ("user.name", "user.email"))
    if not _identity(ask, root):
        _say("Not committed: git needs your name and e-mail address. Commit it as "
             "CONTRIBUTING.md says (Open a pull request).")  # fmt: skip
        return False
    branch, problem = _branch_of_its_own(root, partner_id)
    if problem:
        _say(f"Not committed: git could not make the branch {branch}: {problem}")
        return False
    paths = [str(path.resolve()) for path in files]
    added = _git(root, "add", "--", *paths)
    done = added if added.returncode else _git(root, "commit", "-m", f"Add {name}", "--", *paths)
    if done.returncode:
        print("Not committed; git said:", (done.stderr or done.stdout).strip(), sep="\n")
        return False
    saved = "" if known else "; your name and address are saved in git's settings"
    _say(
        f'Committed, as "Add {name}", on the branch {branch}{saved}. Last step: publish '
        "the branch and open a pull request. In GitHub Desktop (a folder cloned in a "
        "terminal: File > Add local repository first), Publish branch, which offers to "
        "make your own copy of the repository, a fork, if you cannot publish to it; then "
        f"Create Pull Request. With push rights: git push -u origin {branch}, then open "
        "the link it prints (forks by hand: CONTRIBUTING.md, Open a pull request)."
    )
    return True


def finish(
    ask: Ask, root: Path, docs: Path, files: Sequence[Path], name: str, partner_id: str
) -> int:
    """Check the site with the new card; when it is clean, offer to commit *files*.

    The command's exit status: 1 when the check found problems.
    """
    print()
    _say("Checking the whole site as a pull request's checks will (about half a minute) ...")
    if quick_check.main(["--docs", str(docs)]) != 0:
        _say(
            f"Fix each problem at its line, run {CHECK}, then commit (CONTRIBUTING.md, "
            "Open a pull request)."
        )
        return 1
    page = docs / "_build" / "check" / "partners" / "index.html"
    print("See the card as readers will, in your browser:")  # the address whole, not wrapped
    print(f"  {page.resolve().as_uri()}#partner-{partner_id}")
    if not in_a_repository(root):
        return 0
    try:
        commit(ask, root, files, name, partner_id)
    except Stopped:
        print("Not committed. The card is in the page.")
    return 0
