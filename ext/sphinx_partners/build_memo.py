"""What a build learns about a source file, worked out once a build, not once a use.

A site shows the same logos and photos on many pages: at 1,000 pages the benchmark's
site names 32 files 8,091 times. Resolving each path safely (``safety/paths.py``: three
walks of the file system, symlink by symlink), opening each image's header and hashing
each logo took about 2 s of a 35-s build, the same answer every time.

A memo belongs to one build environment and is emptied when a build starts reading
(``env-before-read-docs``), so a file changed between two builds of the same
application (the preview, a test) is looked at again. An image's memo is also keyed by
its size and modification time, as a change during a build must not go unseen either.
The memo is never pickled with the environment: it lives beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_MEMOS: WeakKeyDictionary[BuildEnvironment, dict[str, dict[Any, Any]]] = WeakKeyDictionary()


def build_memo(env: BuildEnvironment, name: str) -> dict[Any, Any]:
    """The memo called *name* of *env*'s current build (empty at the start of a build)."""
    return _MEMOS.setdefault(env, {}).setdefault(name, {})


Found = TypeVar("Found")
Refusal = TypeVar("Refusal", bound=Exception)


def remembered(
    env: BuildEnvironment,
    name: str,
    key: Hashable,
    work: Callable[[], Found],
    refusal: type[Refusal],
) -> Found:
    """``work()``, done once a build for *key*. A *refusal* it raises is remembered too,
    and raised again as a new exception each time, so each page gets its own warning."""
    memo = build_memo(env, name)
    if key not in memo:
        try:
            memo[key] = work()
        except refusal as exc:
            memo[key] = exc
    found = memo[key]
    if isinstance(found, refusal):
        raise refusal(str(found))
    return cast("Found", found)


def forget(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _MEMOS.pop(env, None)


def setup_build_memo(app: Sphinx) -> None:
    # Before anything reads a page: first of every handler of the event.
    app.connect("env-before-read-docs", forget, priority=0)
