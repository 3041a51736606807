"""A bound on the headings of one page that MyST gives anchors, so no page stalls the build.

With ``myst_heading_anchors``, MyST gives each heading a slug and makes a repeated one
unique by trying ``-1``, ``-2`` ... in turn (``myst_parser.slugs.unique_slug``), so a
heading repeated n times costs n²/2 tries: 40,000 lines of ``## a`` (242 KB) took
5 min 16 s to build. MyST's slug function is wrapped for the page's reading: past
``partners_max_heading_anchors`` headings it gives the empty slug, which MyST reads as
"no anchor" (and keeps out of its search for a free one), and the page gets one
``partners.limit`` warning. The slugs themselves stay MyST's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from docutils import nodes

from ..messages import Code, warn


class _BoundedSlugs:
    """MyST's slug function, giving no slug once *bound* headings have one."""

    def __init__(self, slugify: Callable[[str], str], bound: int) -> None:
        self.slugify = slugify
        self.bound = bound
        self.headings = 0

    def __call__(self, title: str) -> str:
        self.headings += 1
        return self.slugify(title) if self.headings <= self.bound else ""


def _line_of_heading(tokens: list[Any], anchored_levels: int, number: int) -> int | None:
    """The line of the page's *number*-th heading MyST anchors, if markdown-it saw it
    (a heading inside a directive is read later, with the directive)."""
    seen = 0
    for token in tokens:
        if token.type != "heading_open" or int(token.tag[1:]) > anchored_levels:
            continue
        seen += 1
        if seen == number and token.map:
            return int(token.map[0]) + 1
    return None


@contextmanager
def bounded_heading_anchors(document: nodes.document, tokens: list[Any]) -> Iterator[None]:
    """While MyST reads *document*, at most ``partners_max_heading_anchors`` of its
    headings get an anchor; one warning names the first heading left without."""
    from myst_parser.slugs import github_slugify

    env = document.settings.env
    config = env.myst_config
    if not config.heading_anchors:
        yield
        return
    bound = int(env.config.partners_max_heading_anchors)
    slugs = _BoundedSlugs(config.heading_slug_func or github_slugify, bound)
    env.myst_config = dataclasses.replace(config, heading_slug_func=slugs)
    try:
        yield
    finally:
        env.myst_config = config
    if slugs.headings <= bound:
        return
    line = _line_of_heading(tokens, config.heading_anchors, bound + 1)
    source = document.get("source", "")
    warn(
        Code.LIMIT,
        "the page has %s headings of levels 1 to %d, more than the %s that get an anchor "
        "(partners_max_heading_anchors): this one and the ones after it have none, so "
        "links to them do not work.",
        f"{slugs.headings:,}",
        config.heading_anchors,
        f"{bound:,}",
        location=f"{source}:{line}" if line else source,
        hint="Split the page, or make the repeated headings bold lines.",
    )
