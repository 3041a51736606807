"""A secret of this user on this machine, which signs what one build keeps for the next.

The extension keeps some of what a build learned in the doctree folder: the navigation
it checked against furo (a pickle) and the published files it found clean. That
folder can come from elsewhere: a pull request can commit one (``git add -f
docs/_build``), and unpickling its file would run its code, or its list of "clean"
files would let a script through the published-file check. So these files are signed
with a key that lives outside every project, in the user's cache folder, and a file
whose signature does not match is not read: the build makes it again.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_BYTES = 32
DIGEST_BYTES = hashlib.sha256().digest_size


def key_file() -> Path:
    """``$XDG_CACHE_HOME/sphinx-partners/memory-key`` (``~/.cache`` by default)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "sphinx-partners" / "memory-key"


@functools.cache
def memory_key() -> bytes | None:
    """This user's key, made on first use; None where it can be neither read nor made
    (a read-only home): then nothing is kept between builds."""
    path = key_file()
    key: bytes | None
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = _make(path)
    except OSError:
        return None
    return key if key is not None and len(key) == KEY_BYTES else None


def _make(path: Path) -> bytes | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(partial, path)  # fails if another process made one first: theirs
        except FileExistsError:
            pass
        finally:
            partial.unlink(missing_ok=True)
        return path.read_bytes()
    except OSError:
        return None


def sign(data: bytes) -> bytes | None:
    """*data* with its signature in front, or None without a key."""
    key = memory_key()
    if key is None:
        return None
    return hmac.digest(key, data, "sha256") + data


def verified(signed: bytes) -> bytes | None:
    """The data of *signed* if this user's key signed it, else None."""
    key = memory_key()
    if key is None or len(signed) < DIGEST_BYTES:
        return None
    digest, data = signed[:DIGEST_BYTES], signed[DIGEST_BYTES:]
    return data if hmac.compare_digest(digest, hmac.digest(key, data, "sha256")) else None
