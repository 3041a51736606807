"""Sphinx's and MyST's messages for a page in no toctree and a heading that skips a
level say what to do (a tester's finding: both named the problem in a programmer's
words, with no fix), and keep their codes."""

from __future__ import annotations

from pathlib import Path

from conftest import build_small_site

PAGES = {
    "index.md": "# Home\n\nThe start.\n",
    "lonely.md": "# Lonely\n\nText.\n\n### Too deep\n\nMore text.\n\n## Back\n\n#### Deep again\n",
}


def test_each_message_says_what_to_do(tmp_path: Path) -> None:
    _, warnings, _ = build_small_site(tmp_path, PAGES)
    ours = [w for w in warnings if "WARNING" in w]
    lonely = [w for w in ours if "[toc.not_included]" in w]
    assert len(lonely) == 1 and "lonely.md" in lonely[0], ours
    assert "the site's menu does not show it" in lonely[0] and "orphan: true" in lonely[0]
    headers = [w for w in ours if "[myst.header]" in w]
    assert len(headers) == 2, ours
    for line, heading in ((5, "##"), (11, "###")):
        at_line = [w for w in headers if f"lonely.md:{line}:" in w]
        assert len(at_line) == 1 and f"write {heading} here" in at_line[0], headers
    assert len(ours) == 3, ours
