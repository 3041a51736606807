"""The nodes a ``partner-directory`` becomes once every partner is known.

Only standard docutils nodes (lists, paragraphs, rubrics, references, images), so every
builder renders the directory; the one exception is the page reference LaTeX prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.nodes import make_refnode

from ..images.nodes import responsive_image
from ..messages import _

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.writers.latex import LaTeXTranslator

    from .domain import Partner


class partner_pageref(nodes.Inline, nodes.Element):
    """ "(page N)" after a directory entry; only ever put in LaTeX doctrees."""


def visit_partner_pageref_latex(self: LaTeXTranslator, node: partner_pageref) -> None:
    # latex_show_pagerefs already prints a page after every internal link.
    if not self.config.latex_show_pagerefs:
        self.body.append(f" ({self.hyperpageref(node['pagerefid'])})")
    raise nodes.SkipNode


SORT_KEYS: dict[str, Callable[[Partner], tuple[object, ...]]] = {
    "name": lambda partner: (partner.name.casefold(), partner.id),
    "since": lambda partner: (partner.since is None, partner.since or 0, partner.name.casefold()),
    "source": lambda partner: (partner.docname, partner.line),
}


def group(
    partners: Sequence[Partner], group_by: str, kinds: dict[str, str]
) -> list[tuple[str, list[Partner]]]:
    """Split *partners* into labelled groups, in a stable order (one unlabelled group for none)."""
    if group_by == "none":
        return [("", list(partners))]
    members: dict[str, list[Partner]] = {}
    for partner in partners:
        key = partner.kind if group_by == "kind" else partner.location
        members.setdefault(key, []).append(partner)
    if group_by == "kind":
        order = {kind: index for index, kind in enumerate(kinds)}
        keys = sorted(members, key=lambda kind: (kind not in order, order.get(kind, 0)))
        return [(_(kinds[key]) if key in kinds else _("Other"), members[key]) for key in keys]
    keys = sorted(members, key=lambda location: (not location, location.casefold(), location))
    return [(key or _("Location not given"), members[key]) for key in keys]


class DirectoryRenderer:
    """Build the entries of one directory on page *docname* for *builder*."""

    def __init__(self, builder: Builder, docname: str, kinds: dict[str, str]) -> None:
        self.builder = builder
        self.docname = docname
        self.kinds = kinds
        self.grouped_by = "none"

    def render(
        self,
        groups: list[tuple[str, list[Partner]]],
        layout: str,
        heading_level: int,
        group_by: str = "none",
    ) -> nodes.container:
        # Under a group heading, the fact it names is not repeated in every entry.
        self.grouped_by = group_by
        directory = nodes.container(classes=["partners-directory", f"partners-directory--{layout}"])
        for label, members in groups:
            if label:
                directory += nodes.rubric(label, label, **{"heading-level": heading_level})
            items = nodes.bullet_list(classes=[f"partners-directory__{layout}"])
            for partner in members:
                item = self._card(partner) if layout == "cards" else self._list_item(partner)
                items += item
            directory += items
        return directory

    def _link(self, partner: Partner, text: nodes.Node) -> list[nodes.Node]:
        link = make_refnode(
            self.builder, self.docname, partner.docname, partner.anchor, text, partner.name
        )
        result: list[nodes.Node] = [link]
        if self.builder.format == "latex":
            result.append(partner_pageref(pagerefid=f"{partner.docname}:{partner.anchor}"))
        return result

    def _facts(self, partner: Partner) -> list[str]:
        label = self.kinds.get(partner.kind, "")
        kind = "" if self.grouped_by == "kind" or not label else _(label)
        location = "" if self.grouped_by == "location" else partner.location
        return [fact for fact in (kind, location) if fact]

    def _list_item(self, partner: Partner) -> nodes.list_item:
        paragraph = nodes.paragraph()
        paragraph += self._link(partner, nodes.Text(partner.name))
        facts = self._facts(partner)
        if facts:
            paragraph += nodes.Text(" — ")
            text = ", ".join(facts)
            paragraph += nodes.inline(text, text, classes=["partners-directory__facts"])
        return nodes.list_item("", paragraph, classes=["partners-directory__entry"])

    def _card(self, partner: Partner) -> nodes.list_item:
        item = nodes.list_item(classes=["partners-directory__card"])
        # Logos only where images are published as they are; the name says the rest.
        if partner.logo and self.builder.format == "html":
            # As the card's logo: the image post-transforms publish it the same way.
            item += responsive_image(
                uri=partner.logo,
                candidates={"*": partner.logo},
                alt="",
                classes=["partners-directory__logo"],
                partners_format=partner.logo_format,
                partners_width=partner.logo_width,
                partners_height=partner.logo_height,
            )
        name = nodes.paragraph(classes=["partners-directory__name"])
        name += self._link(partner, nodes.strong(partner.name, partner.name))
        item += name
        for fact in self._facts(partner):
            item += nodes.paragraph(fact, fact, classes=["partners-directory__fact"])
        return item
