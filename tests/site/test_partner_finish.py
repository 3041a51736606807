"""``nox -s partner`` after the questions: the site checked, then the change committed on
a branch of its own once the contributor says yes (``scripts/partner_finish.py``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from test_new_partner import new_partner  # noqa: F401
from test_partner_questions import ANSWERS, HOME, _asking, _site

from conftest import SMALL_CONF

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import partner_finish  # noqa: E402

CONF = SMALL_CONF + "partners_page_rules = True\n"


def _git(repository: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", *arguments], cwd=repository, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone as a newcomer has it: the site committed on main, and a git that does
    not know who they are yet (its global settings a file of this test)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "EMAIL"):
        monkeypatch.delenv(variable, raising=False)
    repository = tmp_path / "repository"
    repository.mkdir()
    docs, argv = _site(repository)
    (docs / "conf.py").write_text(CONF, encoding="utf-8")
    (docs / "index.md").write_text(HOME, encoding="utf-8")
    (repository / "notes.txt").write_text("Mine.\n", encoding="utf-8")
    _git(repository, "init", "--quiet", "--initial-branch", "main")
    _git(repository, "add", "docs/conf.py", "docs/index.md", "docs/partners", "notes.txt")
    _git(repository, "-c", "user.name=Seed", "-c", "user.email=seed@example.org",
         "commit", "--quiet", "-m", "The site")  # fmt: skip
    (repository / "argv").write_text("\n".join(argv), encoding="utf-8")
    return repository


def _run(
    new_partner: ModuleType,  # noqa: F811
    repository: Path,
    after_the_card: list[str],
) -> tuple[int, list[str]]:
    """The command with every card question answered, then *after_the_card*: its exit
    status and the questions asked after the card's."""
    argv = (repository / "argv").read_text(encoding="utf-8").splitlines()
    asked, ask = _asking([*ANSWERS.values(), *after_the_card])
    docs = repository / "docs"
    status = new_partner.main([*argv, "--docs", str(docs)], ask=ask, finish=partner_finish.finish)
    return status, asked[len(ANSWERS) :]


def test_a_clean_card_is_checked_then_committed_alone_on_a_branch_of_its_own(
    new_partner: ModuleType,  # noqa: F811
    repository: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A change the contributor made before, one staged and one not: neither is committed.
    (repository / "notes.txt").write_text("Mine, changed.\n", encoding="utf-8")
    (repository / "draft.md").write_text("Not ready.\n", encoding="utf-8")
    _git(repository, "add", "draft.md")

    after = ["", "Ada\x00Teacher", "Ada Teacher", "ada", "ada@example.org"]
    status, asked = _run(new_partner, repository, after)

    out = capsys.readouterr().out
    said = " ".join(out.split())
    assert status == 0, said
    assert "No problems" in said
    # The address on a line of its own, whole (a wrapped one is broken in two).
    page = repository / "docs" / "_build" / "check" / "partners" / "index.html"
    assert f"\n  {page.as_uri()}#partner-valley-schools\n" in out, out
    assert page.is_file()
    assert asked[0].startswith("Commit it, on a branch of its own")
    # A name with a NUL (which stopped git with a traceback), an address: refused, asked again.
    assert "name" in asked[1] and asked[1] == asked[2] and asked[3] == asked[4]
    assert "not letters or marks" in said and "not an e-mail address" in said
    assert 'Committed, as "Add Valley Schools", on the branch add-valley-schools' in said
    assert "git push -u origin add-valley-schools" in said
    assert "saved in git's settings" in said and "a fork, if you cannot publish to it" in said

    assert _git(repository, "branch", "--show-current") == "add-valley-schools"
    assert _git(repository, "log", "-1", "--format=%s|%an|%ae") == (
        "Add Valley Schools|Ada Teacher|ada@example.org"
    )
    committed = _git(repository, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert sorted(committed) == [
        "docs/_static/partners/valley-schools.png",
        "docs/_static/photos/valley-schools/planning-wall.png",
        "docs/_static/photos/valley-schools/reading-corner.jpg",
        "docs/partners/index.md",
    ]
    # What was there before is as it was: staged, changed, uncommitted.
    assert _git(repository, "status", "--porcelain", "--", "notes.txt", "draft.md") == (
        "A  draft.md\n M notes.txt"
    )
    # Saved where git config --global saves it: not asked again next time.
    saved = (repository.parent / "gitconfig").read_text(encoding="utf-8")
    assert "Ada Teacher" in saved and "ada@example.org" in saved


@pytest.fixture
def site_checked_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """For the tests of what comes after the check (the tests above run it)."""
    monkeypatch.setattr(partner_finish.quick_check, "main", lambda argv: 0)


@pytest.mark.usefixtures("site_checked_clean")
def test_on_a_branch_of_the_contributor_s_own_it_commits_there(
    new_partner: ModuleType,  # noqa: F811
    repository: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _git(repository, "config", "--global", "user.name", "Ada Teacher")
    _git(repository, "config", "--global", "user.email", "ada@example.org")
    _git(repository, "switch", "--quiet", "--create", "spring-partners")
    status, asked = _run(new_partner, repository, ["yes"])
    assert status == 0 and len(asked) == 1, asked  # who they are: already known
    assert _git(repository, "branch", "--show-current") == "spring-partners"
    assert _git(repository, "log", "-1", "--format=%s") == "Add Valley Schools"
    said = " ".join(capsys.readouterr().out.split())
    assert "on the branch spring-partners. Last step" in said  # nothing said of settings


@pytest.mark.usefixtures("site_checked_clean")
def test_no_leaves_the_card_written_and_nothing_committed(
    new_partner: ModuleType,  # noqa: F811
    repository: Path,
) -> None:
    status, asked = _run(new_partner, repository, ["n"])
    assert status == 0 and len(asked) == 1
    assert _git(repository, "branch", "--show-current") == "main"
    assert _git(repository, "log", "-1", "--format=%s") == "The site"
    assert "?? docs/_static/" in _git(repository, "status", "--porcelain")
    page = (repository / "docs" / "partners" / "index.md").read_text(encoding="utf-8")
    assert ":::{partner-card} Valley Schools" in page


def test_a_problem_in_the_site_is_named_at_its_line_and_nothing_is_committed(
    new_partner: ModuleType,  # noqa: F811
    repository: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The check reads the whole site: a mistake left in another page stops the commit."""
    home = repository / "docs" / "index.md"
    text = (
        home.read_text(encoding="utf-8") + "\n:::{partner-card} Riverside\n:kind: spaceship\n:::\n"
    )
    home.write_text(text, encoding="utf-8")
    status, asked = _run(new_partner, repository, [])
    said = capsys.readouterr().out
    assert status == 1 and asked == []  # no commit offered
    line = text.splitlines().index(":kind: spaceship") + 1
    assert f"docs/index.md:{line}: " in said and "[partners.kind]" in said, said
    assert "run .venv/bin/nox -R -s check, then commit" in " ".join(said.split())
    assert _git(repository, "log", "-1", "--format=%s") == "The site"


def test_a_description_left_to_write_is_not_checked_yet(
    new_partner: ModuleType,  # noqa: F811
    repository: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Skipped descriptions stay in capitals, which the check would name: it comes
    after they are written (the preview lists them)."""
    argv = (repository / "argv").read_text(encoding="utf-8").splitlines()
    answers = dict(ANSWERS, text="")
    finished: list[str] = []

    def finish(*arguments: object) -> int:
        finished.append("called")
        return 0

    _, ask = _asking(list(answers.values()))
    docs = repository / "docs"
    assert new_partner.main([*argv, "--docs", str(docs)], ask=ask, finish=finish) == 0
    assert finished == []
    said = " ".join(capsys.readouterr().out.split())
    assert "in CAPITALS there (the preview lists it); write it, then run .venv/bin/nox" in said


@pytest.mark.usefixtures("site_checked_clean")
def test_outside_a_git_checkout_it_checks_and_asks_nothing_more(
    new_partner: ModuleType,  # noqa: F811
    repository: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A copy downloaded as a ZIP file: checked, nothing to commit, even where it lies
    in another repository (a home folder kept in git)."""
    shutil.rmtree(repository / ".git")
    _git(repository.parent, "init", "--quiet")
    status, asked = _run(new_partner, repository, [])
    assert status == 0 and asked == []
    assert "See the card as readers will" in capsys.readouterr().out
