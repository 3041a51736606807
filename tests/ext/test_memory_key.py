"""The user's key that signs what one build keeps for the next (safety/memory_key.py)."""

from __future__ import annotations

import stat
from typing import TYPE_CHECKING

import pytest

from sphinx_partners.safety import memory_key

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    memory_key.memory_key.cache_clear()
    yield tmp_path
    memory_key.memory_key.cache_clear()


def test_the_key_is_made_once_private_and_signs(cache_home: Path) -> None:
    signed = memory_key.sign(b"kept")
    assert signed is not None and memory_key.verified(signed) == b"kept"
    path = cache_home / "sphinx-partners" / "memory-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    memory_key.memory_key.cache_clear()  # another process: the same key
    assert memory_key.verified(signed) == b"kept"


def test_what_another_key_or_nobody_signed_is_not_read(cache_home: Path) -> None:
    signed = memory_key.sign(b"kept")
    assert signed is not None
    assert memory_key.verified(signed[:-1] + b"x") is None
    assert memory_key.verified(b"kept") is None
    (cache_home / "sphinx-partners" / "memory-key").write_bytes(b"k" * memory_key.KEY_BYTES)
    memory_key.memory_key.cache_clear()
    assert memory_key.verified(signed) is None


def test_without_a_place_for_the_key_nothing_is_kept(cache_home: Path) -> None:
    (cache_home / "sphinx-partners").write_text("a file where the folder would be")
    assert memory_key.memory_key() is None
    assert memory_key.sign(b"kept") is None
