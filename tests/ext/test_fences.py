"""A block never closed is named at its opening line; closed blocks, of any length, are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_small_site

CLOSED = """\
# Closed

::::{image-grid}
:::{figure} a.png
:alt: A
:::
::::

````markdown
```{note}
Not closed inside an example: it is text.
````

~~~python
x = 1
~~~
"""


def _fence_warnings(tmp_path: Path, page: str) -> list[str]:
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    return [w for w in warnings if w.endswith("[partners.fence]")]


def test_closed_blocks_give_no_warning(tmp_path: Path) -> None:
    assert _fence_warnings(tmp_path, CLOSED) == []


@pytest.mark.parametrize(
    ("page", "line", "marker"),
    [
        ("# A\n\n:::{note}\ntext\n", 3, ":::"),
        ("# A\n\n::::{note}\ntext\n:::\n", 3, "::::"),
        ("# A\n\n```{note}\ntext\n", 3, "```"),
        ("# A\n\n:::{note}\n", 3, ":::"),
    ],
)
def test_an_unclosed_block_is_named_once(tmp_path: Path, page: str, line: int, marker: str) -> None:
    found = _fence_warnings(tmp_path, page)
    assert len(found) == 1, found
    assert f"index.md:{line}:" in found[0] and f"with {marker} is never closed" in found[0]
