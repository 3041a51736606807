"""A build folder holding files of the repository is not trusted (safety/build_folder.py)."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import PlantedPickle, build_small_site

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
HARDENED = "partners_harden_site = True\n"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def _repository_with_a_planted_build_folder(tmp_path: Path) -> Path:
    """A site whose build folder a pull request committed: a saved state that runs code
    when read, and a page of its own in the output folder."""
    site = tmp_path / "site"
    build_small_site(site, {"index.md": "# Home\n\nText.\n"}, HARDENED)
    (doctrees,) = {path.parent for path in site.rglob("environment.pickle")}
    (doctrees / "environment.pickle").write_bytes(pickle.dumps(PlantedPickle(tmp_path / "ran")))
    outdir = site / "_build" / "html"
    (outdir / "extra.html").write_text("<p>Planted</p>\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("_build/\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "add", "-f", str(doctrees / "environment.pickle"), str(outdir / "extra.html"))
    _git(tmp_path, "commit", "-q", "-m", "a pull request")
    return site


def test_a_committed_doctree_folder_is_named_and_never_read(tmp_path: Path) -> None:
    """A red team's finding: Sphinx unpickled the committed saved state (without -E),
    and the extension read its own files there (with -E too)."""
    site = _repository_with_a_planted_build_folder(tmp_path)
    outdir, warnings, _ = build_small_site(site, {}, HARDENED)
    assert not (tmp_path / "ran").exists()
    committed = [line for line in warnings if line.endswith("[partners.committed]")]
    assert len(committed) == 2, warnings
    doctree, output = committed
    assert "environment.pickle:: WARNING: the build's doctree folder holds files committed" in (
        doctree
    )
    assert "this build reads none of them" in doctree
    assert "extra.html:: WARNING: the build's output folder" in output
    assert "published with the site" in output
    assert "Text." in (outdir / "index.html").read_text(encoding="utf-8")  # built anyway
    assert not list(Path(tempfile.gettempdir()).glob("partners-doctrees-*"))  # removed


def test_a_build_folder_git_ignores_is_trusted_as_before(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_small_site(site, {"index.md": "# Home\n"}, HARDENED)
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("_build/\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "the site")
    pickled = next(site.rglob("environment.pickle"))
    before = pickled.stat().st_mtime_ns
    _, warnings, _ = build_small_site(site, {"index.md": "# Home\n\nChanged.\n"}, HARDENED)
    assert warnings == []
    assert pickled.stat().st_mtime_ns != before  # its own folder, used as before


def test_a_site_that_is_not_hardened_is_not_checked(tmp_path: Path) -> None:
    site = _repository_with_a_planted_build_folder(tmp_path)
    (tmp_path / "ran").unlink(missing_ok=True)
    environment = next(site.rglob("environment.pickle"))
    environment.unlink()  # Sphinx's own, read by any site: not this check's to prove
    _, warnings, _ = build_small_site(site, {}, "")
    assert not [line for line in warnings if "[partners.committed]" in line], warnings


def test_a_build_folder_reached_through_a_committed_link_stops_the_build(
    tmp_path: Path,
) -> None:
    """The second red team's finding: a committed link in place of the build folder made
    the build write wherever it led (Sphinx resolves the folder's path, so the link
    itself is not in sight)."""
    from sphinx.errors import ConfigError

    site = tmp_path / "site"
    site.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / "_build").symlink_to(elsewhere)
    (site / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_partners"]\n' + HARDENED, encoding="utf-8"
    )
    (site / "index.md").write_text("# Home\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "a pull request")
    with pytest.raises(ConfigError, match="site/_build is a symbolic link committed"):
        build_small_site(site, {}, HARDENED)
    assert not list(elsewhere.rglob("*.html"))


def test_when_git_refuses_the_doctree_folder_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third red team's finding: git's "dubious ownership" refusal made the check
    treat the folder as clean, and a committed saved state would be read."""
    site = _repository_with_a_planted_build_folder(tmp_path)
    # A git that refuses every repository, as for a folder another user owns.
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text(
        '#!/bin/sh\necho "fatal: detected dubious ownership in repository" >&2\nexit 128\n'
    )
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    _, warnings, _ = build_small_site(site, {}, HARDENED)
    assert not (tmp_path / "ran").exists()
    assert any("could not ask git" in line and "dubious ownership" in line for line in warnings)
