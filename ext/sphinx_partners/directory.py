"""The ``partners`` domain: the registry of partners, the ``partner`` role and the directory.

Every ``partner-card`` registers its partner here while its page is read. The registry
lives in the domain's data (so in the build environment): :meth:`PartnersDomain.clear_doc`
forgets a page and :meth:`PartnersDomain.merge_domaindata` merges what parallel readers
found, as in ``sphinx.ext.todo``. Links and directories are resolved at write time, when
every page is known, so a changed partner only needs the pages that show it rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ._log import warn

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


@dataclass(frozen=True)
class Partner:
    """One partner as its card describes it, and where the card stands."""

    id: str
    name: str
    kind: str
    location: str
    since: int | None
    url: str
    #: The logo's path relative to the source folder ("" without a logo).
    logo: str
    docname: str
    anchor: str
    #: Where the card was written, for messages: the file and its line.
    source: str
    line: int

    def shown(self) -> Partner:
        """What readers see of the partner: the same for a card moved down its page."""
        return replace(self, source="", line=0)

    @property
    def place(self) -> str:
        return f"{self.source}:{self.line}"


class PartnerRole(XRefRole):
    """``{partner}`id``` and ``{partner}`text <id>```: a link to the partner's card.

    Registered both as ``partner`` and as the domain's ``partners:partner``; both make a
    ``pending_xref`` of this domain, so unknown ids go through Sphinx's missing-reference
    machinery (``-n``, ``nitpick_ignore``, ``suppress_warnings = ["ref.partner"]``).
    """

    innernodeclass = nodes.inline

    def run(self) -> tuple[list[Node], list[system_message]]:
        self.refdomain, self.reftype = "partners", "partner"
        self.classes = ["xref", "partners", "partners-partner"]
        if self.disabled:
            return self.create_non_xref_node()
        return self.create_xref_node()


def _first(claims: Iterable[Partner]) -> Partner:
    # The first card in page order wins, whatever order parallel readers finished in.
    return min(claims, key=lambda partner: (partner.docname, partner.line))


class PartnersDomain(Domain):
    """Partners registered by their cards, and the pages that refer to them."""

    name = "partners"
    label = "Partners"
    object_types: ClassVar[dict[str, ObjType]] = {"partner": ObjType("partner", "partner")}
    roles: ClassVar[dict[str, Any]] = {"partner": PartnerRole(warn_dangling=True)}
    dangling_warnings: ClassVar[dict[str, str]] = {
        "partner": "unknown partner id %(target)r: no partner-card has this id. "
        "Check the spelling against the card's :id: option."
    }
    initial_data: ClassVar[dict[str, Any]] = {
        # docname -> every card on that page, in page order (duplicates included).
        "cards": {},
        # docname -> partner ids the page links to with the role.
        "references": {},
    }
    data_version = 1

    @property
    def cards(self) -> dict[str, list[Partner]]:
        cards: dict[str, list[Partner]] = self.data.setdefault("cards", {})
        return cards

    @property
    def references(self) -> dict[str, set[str]]:
        references: dict[str, set[str]] = self.data.setdefault("references", {})
        return references

    @property
    def partners(self) -> dict[str, Partner]:
        """The registered partner for each id: its first card."""
        claims: dict[str, list[Partner]] = {}
        for page_cards in self.cards.values():
            for partner in page_cards:
                claims.setdefault(partner.id, []).append(partner)
        return {partner_id: _first(found) for partner_id, found in sorted(claims.items())}

    def note_card(self, partner: Partner) -> None:
        self.cards.setdefault(partner.docname, []).append(partner)

    def clear_doc(self, docname: str) -> None:
        self.cards.pop(docname, None)
        self.references.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("cards", "references"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        referenced = {
            node["reftarget"]
            for node in document.findall(addnodes.pending_xref)
            if node.get("refdomain") == self.name
        }
        if referenced:
            self.references[docname] = referenced

    def check_consistency(self) -> None:
        # Warned here, after all reading, so serial and parallel builds name the same card.
        winners = self.partners
        for docname in sorted(self.cards):
            for partner in self.cards[docname]:
                first = winners[partner.id]
                if partner is first or partner == first:
                    continue
                warn(
                    "duplicate",
                    "partner-card %r: the id %r is already used by the card at %s; "
                    "this card is shown but not registered.",
                    partner.name,
                    partner.id,
                    first.place,
                    location=partner.place,
                    hint="Give each partner one card; show it elsewhere with "
                    "partner-directory and :ids:, or link to it with {partner}.",
                )

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        partner = self.partners.get(target)
        if partner is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(partner.name, partner.name, classes=contnode["classes"])
        return make_refnode(
            builder, fromdocname, partner.docname, partner.anchor, contnode, partner.name
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.resolve_xref(env, fromdocname, builder, "partner", target, node, contnode)
        return [("partners:partner", found)] if found is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for partner in self.partners.values():
            yield partner.id, partner.name, "partner", partner.docname, partner.anchor, 1


def register_card(env: BuildEnvironment, card: nodes.Element, source: str, line: int) -> None:
    """Register the partner of *card* (a ``partner_card`` node built by the directive)."""
    # The logo is a child of the card; images in the body are not logos.
    logo = next((child["uri"] for child in card.children if isinstance(child, nodes.image)), "")
    domain = env.domains["partners"]
    assert isinstance(domain, PartnersDomain)
    domain.note_card(
        Partner(
            id=card["partner_id"],
            name=card["partner_name"],
            kind=card.get("kind", ""),
            location=card.get("location", ""),
            since=card.get("since"),
            url=card.get("url", ""),
            # check_image stores "/" + the path inside the source folder.
            logo=logo.lstrip("/"),
            docname=env.docname,
            anchor=card["ids"][0],
            source=source,
            line=line,
        )
    )


def setup_directory(app: Sphinx) -> None:
    app.add_domain(PartnersDomain)
    app.add_role("partner", PartnerRole(warn_dangling=True))
