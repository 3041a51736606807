"""The ``partners`` domain: the registry of partners, the ``partner`` role and the directory.

Every ``partner-card`` registers its partner here while its page is read. The registry
lives in the domain's data (so in the build environment): :meth:`PartnersDomain.clear_doc`
forgets a page and :meth:`PartnersDomain.merge_domaindata` merges what parallel readers
found, as in ``sphinx.ext.todo``. Links and directories are resolved at write time, when
every page is known, so a changed partner only needs the pages that show it rewritten.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ..build_memo import remembered
from ..images.processing import content_digest
from ..messages import Code, warn
from ..repeated_options import option_location, warn_repeated_options
from .render import (
    SORT_KEYS,
    DirectoryRenderer,
    group,
    partner_pageref,
    visit_partner_pageref_latex,
)

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
    #: What check_image learnt of the logo: format and size ("", 0, 0 without a logo).
    logo_format: str
    logo_width: int
    logo_height: int
    #: A digest of the logo file: a new file means new published variants to link to.
    logo_digest: str
    docname: str
    anchor: str
    #: Where the card was written, for messages: the file and its line.
    source: str
    line: int
    #: The line of the card's ``:id:`` option (0: none given, or not known).
    id_line: int = 0

    def shown(self) -> Partner:
        """What readers see of the partner: the same for a card moved down its page."""
        return replace(self, source="", line=0, id_line=0)

    @property
    def place(self) -> str:
        return f"{self.source}:{self.line}"

    def place_in(self, srcdir: Path) -> str:
        """Where the card's id is written (its ``:id:`` line, else the card's first), relative
        to the source folder when it is inside it."""
        source = Path(self.source)
        if source.is_relative_to(srcdir):
            source = source.relative_to(srcdir)
        return f"{source.as_posix()}:{self.id_line or self.line}"


@dataclass(frozen=True)
class Selection:
    """Which partners a directory shows: ``None`` means no filter on that field."""

    kinds: tuple[str, ...] | None
    ids: tuple[str, ...] | None

    @classmethod
    def of(cls, node: nodes.Element) -> Selection:
        return cls(node["kinds"], node["partner_ids"])

    def matches(self, partner: Partner) -> bool:
        if self.kinds is not None and partner.kind not in self.kinds:
            return False
        return self.ids is None or partner.id in self.ids


class partner_directory(nodes.General, nodes.Element):
    """Where a directory goes; filled in when its page is written and all partners are known."""


def _words(argument: str | None) -> tuple[str, ...]:
    """A list written with spaces or commas: ``district, funder`` or ``summit lindsay``."""
    return tuple(dict.fromkeys((argument or "").replace(",", " ").split()))


#: Options with a fixed set of values, and the default used when a value is unknown.
CHOICES: dict[str, tuple[tuple[str, ...], str]] = {
    "group-by": (("none", "kind", "location"), "none"),
    "layout": (("cards", "list"), "cards"),
    "sort": ((*SORT_KEYS, "ids"), "name"),
}


def _word(argument: str | None) -> str:
    return (argument or "").strip()


class PartnerDirectoryDirective(SphinxDirective):
    """List registered partners, each linked to its card."""

    option_spec: ClassVar[dict[str, Any]] = {
        "kind": _words,
        "ids": _words,
        # Checked in run(), so a wrong value gets a partners.directory warning with
        # "did you mean", not MyST's generic option error.
        "group-by": _word,
        "layout": _word,
        "sort": _word,
        "class": directives.class_option,
    }

    def run(self) -> list[Node]:
        warn_repeated_options(self)
        kinds = self._kinds()
        node = partner_directory(
            kinds=kinds,
            # An unknown kind was warned about; an empty result is no second mistake.
            warned=kinds is not None and len(kinds) < len(self.options["kind"]),
            partner_ids=self.options.get("ids") or None,
            group_by=self._choice("group-by"),
            layout=self._choice("layout"),
            sort=self._choice("sort"),
            classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        # Ids are checked once every card is known; the warning points at the option.
        ids_location = option_location(self, "ids")
        if isinstance(ids_location, tuple):
            node["ids_line"] = ids_location[1]
        return [node]

    def _choice(self, key: str) -> str:
        allowed, default = CHOICES[key]
        value = str(self.options.get(key, default))
        if value in allowed:
            return value
        close = difflib.get_close_matches(value.lower(), allowed, n=1)
        warn(
            Code.DIRECTORY,
            "partner-directory: :%s: %r is not one of %s; %r is used.",
            key,
            value,
            ", ".join(allowed),
            default,
            location=option_location(self, key),
            hint=f"Did you mean {close[0]!r}?" if close else f"Use one of: {', '.join(allowed)}.",
        )
        return default

    def _kinds(self) -> tuple[str, ...] | None:
        if "kind" not in self.options:
            return None
        known: dict[str, str] = self.config.partners_kinds
        for kind in self.options["kind"]:
            if kind not in known:
                warn(
                    Code.FILTER,
                    "partner-directory: kind %r is not a partner kind; no partner matches it.",
                    kind,
                    location=option_location(self, "kind"),
                    hint="Use one of: " + ", ".join(known) + ".",
                )
        return tuple(kind for kind in self.options["kind"] if kind in known)


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


def _first(claims: Iterable[Partner], cards_on: Callable[[str], int]) -> Partner:
    """The card an id belongs to: the one on the page with the most cards (a site's
    partners page), then the first in page order, whatever order parallel readers
    finished in. A card copied onto a page of the site's text, whose name sorts first
    (``approach/``), took the id from the partners page's own card, which was then
    named the duplicate (a tester's finding)."""
    return min(
        claims, key=lambda partner: (-cards_on(partner.docname), partner.docname, partner.line)
    )


class PartnersDomain(Domain):
    """Partners registered by their cards, and the pages that refer to them."""

    # Types come from Domain (class variables from Sphinx 9, instance ones before).
    name = "partners"
    label = "Partners"
    object_types = {"partner": ObjType("partner", "partner")}  # noqa: RUF012
    roles = {"partner": PartnerRole(warn_dangling=True)}  # noqa: RUF012
    dangling_warnings = {  # noqa: RUF012
        "partner": "unknown partner id %(target)r: no partner-card has this id. "
        "Check the spelling against the card's :id: option."
    }
    initial_data = {  # noqa: RUF012
        # docname -> every card on that page, in page order (duplicates included).
        "cards": {},
        # docname -> partner ids the page links to with the role.
        "references": {},
        # docname -> what each directory on the page selects.
        "directories": {},
        # docname -> the ids meant by the cards MyST ran without their options.
        "unread": {},
    }
    data_version = 4

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # What readers saw of each partner before this build read anything; compared
        # after reading to find the pages to rewrite. Per build, so not in self.data.
        self.shown_before: dict[str, Partner] | None = None
        # The winners, worked out once per change of the cards (links ask for each one).
        self._registered: dict[str, Partner] | None = None

    @property
    def cards(self) -> dict[str, list[Partner]]:
        cards: dict[str, list[Partner]] = self.data.setdefault("cards", {})
        return cards

    @property
    def references(self) -> dict[str, set[str]]:
        references: dict[str, set[str]] = self.data.setdefault("references", {})
        return references

    @property
    def directories(self) -> dict[str, list[Selection]]:
        directories: dict[str, list[Selection]] = self.data.setdefault("directories", {})
        return directories

    @property
    def unread(self) -> dict[str, list[str]]:
        """The ids meant by cards whose options MyST could not read, by page."""
        unread: dict[str, list[str]] = self.data.setdefault("unread", {})
        return unread

    def meant_ids(self) -> set[str]:
        """Ids of cards not registered because MyST could not read their options."""
        return {key for ids in self.unread.values() for key in ids}

    @property
    def partners(self) -> dict[str, Partner]:
        """The registered partner for each id: its first card."""
        if self._registered is None:
            claims: dict[str, list[Partner]] = {}
            for page_cards in self.cards.values():
                for partner in page_cards:
                    claims.setdefault(partner.id, []).append(partner)
            counts = {docname: len(page_cards) for docname, page_cards in self.cards.items()}
            self._registered = {
                key: _first(found, lambda docname: counts.get(docname, 0))
                for key, found in sorted(claims.items())
            }
        return self._registered

    def note_card(self, partner: Partner) -> None:
        self.cards.setdefault(partner.docname, []).append(partner)
        self._registered = None

    def clear_doc(self, docname: str) -> None:
        self._registered = None
        self.cards.pop(docname, None)
        self.references.pop(docname, None)
        self.directories.pop(docname, None)
        self.unread.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._registered = None
        for key in ("cards", "references", "directories", "unread"):
            for docname, value in otherdata.get(key, {}).items():
                if docname in docnames:
                    self.data[key][docname] = value

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        # Every card of the finished page, in page order (as sphinx.ext.todo collects):
        # a card's node carries what its directive checked, and no_index for examples.
        for card in document.findall(_is_registrable_card):
            element = cast(nodes.Element, card)
            if element.get("partners_options_lost"):
                self.unread.setdefault(docname, []).append(element["partners_meant_id"])
                continue
            source = element.source or str(env.doc2path(docname))
            register_card(env, element, source, element.line or 0)
        # Links of this domain, and {any} links, which may resolve to a partner.
        referenced = {
            node["reftarget"]
            for node in document.findall(addnodes.pending_xref)
            if node.get("refdomain") == self.name or node.get("reftype") == "any"
        }
        if referenced:
            self.references[docname] = referenced
        selections = [Selection.of(node) for node in document.findall(partner_directory)]
        if selections:
            self.directories[docname] = selections

    def remember_shown(self) -> None:
        self.shown_before = {key: partner.shown() for key, partner in self.partners.items()}

    def pages_to_rewrite(self) -> list[str]:
        """Pages whose links or directories show a partner that changed in this build."""
        before, self.shown_before = self.shown_before, None
        if before is None:
            return []
        now = {key: partner.shown() for key, partner in self.partners.items()}
        changed_ids = {key for key in before.keys() | now.keys() if before.get(key) != now.get(key)}
        versions = [
            version
            for key in changed_ids
            for version in (before.get(key), now.get(key))
            if version is not None
        ]
        pages = {docname for docname, ids in self.references.items() if ids & changed_ids}
        pages.update(
            docname
            for docname, selections in self.directories.items()
            if any(selection.matches(version) for selection in selections for version in versions)
        )
        return sorted(pages)

    def check_consistency(self) -> None:
        # Warned here, after all reading, so serial and parallel builds name the same card.
        winners = self.partners
        for docname in sorted(self.cards):
            for partner in self.cards[docname]:
                first = winners[partner.id]
                if partner is first or partner == first:
                    continue
                warn(
                    Code.DUPLICATE,
                    "partner-card %r: the id %r is already the id of the card at %s (the "
                    "line of its id); links and directories show that card, and this one "
                    "is only shown here.",
                    partner.name,
                    partner.id,
                    first.place_in(self.env.srcdir),
                    location=f"{partner.source}:{partner.id_line or partner.line}",
                    hint="If this is another partner, give this card an id no other card "
                    "uses (its name in lowercase words joined by hyphens). If it is the "
                    "same partner, remove this card: show the other one here with "
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
    ) -> list[tuple[str, Any]]:  # reference; Sphinx before 9 says Element
        found = self.resolve_xref(env, fromdocname, builder, "partner", target, node, contnode)
        return [("partners:partner", found)] if found is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for partner in self.partners.values():
            yield partner.id, partner.name, "partner", partner.docname, partner.anchor, 1


def _digest(env: BuildEnvironment, path: Path) -> str:
    # A logo shown on many pages is hashed once a build (see build_memo.py).
    try:
        stat = path.stat()
        key = (path, stat.st_size, stat.st_mtime_ns)
        return remembered(
            env, "logo digests", key, lambda: content_digest(path.read_bytes()), OSError
        )
    except OSError:  # check_image has already warned about an unreadable logo
        return ""


def register_card(env: BuildEnvironment, card: nodes.Element, source: str, line: int) -> None:
    """Register the partner of *card* (a ``partner_card`` node built by the directive)."""
    # The logo is a child of the card; images in the body are not logos.
    logo = next((child for child in card.children if isinstance(child, nodes.image)), None)
    logo_path = logo["uri"].lstrip("/") if logo else ""
    partners_domain(env).note_card(
        Partner(
            id=card["partner_id"],
            name=card["partner_name"],
            kind=card.get("kind", ""),
            location=card.get("location", ""),
            since=card.get("since"),
            url=card.get("url", ""),
            # check_image stores "/" + the path inside the source folder.
            logo=logo_path,
            logo_format=logo.get("partners_format", "") if logo else "",
            logo_width=logo.get("partners_width", 0) if logo else 0,
            logo_height=logo.get("partners_height", 0) if logo else 0,
            logo_digest=_digest(env, Path(env.srcdir, logo_path)) if logo_path else "",
            docname=env.docname,
            anchor=card["ids"][0],
            source=source,
            line=line,
            id_line=card.get("partners_id_line", 0),
        )
    )


def _is_registrable_card(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and "partner_id" in node and not node.get("no_index")


def partners_domain(env: BuildEnvironment) -> PartnersDomain:
    domain = env.domains["partners"]
    assert isinstance(domain, PartnersDomain)
    return domain


def _select(
    node: partner_directory, partners: dict[str, Partner], meant: set[str]
) -> list[Partner]:
    selection = Selection.of(node)
    # The id of a card whose options MyST could not read is not named: MyST named that.
    unknown = [key for key in selection.ids or () if key not in partners and key not in meant]
    for missing in unknown:
        node["warned"] = True
        warn(
            Code.FILTER,
            "partner-directory: no partner-card has the id %r; it is left out.",
            missing,
            location=f"{node.source}:{node['ids_line']}" if node.get("ids_line") else node,
            hint="Check the spelling against the card's :id: option.",
        )
    chosen = [partner for partner in partners.values() if selection.matches(partner)]
    if node["sort"] == "ids" and selection.ids:
        order = selection.ids
        chosen.sort(key=lambda partner: order.index(partner.id))
    else:
        chosen.sort(key=SORT_KEYS.get(node["sort"], SORT_KEYS["source"]))
    return chosen


def _heading_level(node: nodes.Node) -> int:
    """One level below the section the directory stands in, as a card's title."""
    depth = 0
    parent = node.parent
    while parent is not None:
        depth += isinstance(parent, nodes.section)
        parent = parent.parent
    return min(depth + 1, 6)


class FillPartnerDirectories(SphinxPostTransform):
    """Replace each directory placeholder when its page is written: all partners are known.

    Like sphinx.ext.todo's ``todolist`` filled at ``doctree-resolved``, but as a
    post-transform that runs first, so the image post-transforms publish the compact
    cards' logos exactly as the cards' own (processed variants, no original files).
    """

    default_priority = 5  # before ReferencesResolver (10) and the image transforms (190+)

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(partner_directory))
        if not placeholders:
            return
        domain = partners_domain(self.env)
        partners, meant = domain.partners, domain.meant_ids()
        kinds: dict[str, str] = self.config.partners_kinds
        renderer = DirectoryRenderer(self.app.builder, self.env.docname, kinds)
        budget = int(self.config.partners_max_directory_entries)
        for node in placeholders:
            chosen = _select(node, partners, meant)
            if len(chosen) > budget:
                # Each directory repeats every partner: a page of directories could
                # multiply thousands of partners into millions of entries.
                warn(
                    Code.LIMIT,
                    "partner-directory: this page already lists %d partners in its "
                    "directories; this directory is shown without the %d that do not fit "
                    "(partners_max_directory_entries = %d).",
                    int(self.config.partners_max_directory_entries) - budget,
                    len(chosen) - budget,
                    int(self.config.partners_max_directory_entries),
                    location=node,
                    hint="Use one directory per page, filtered with :kind: or :ids:.",
                )
                chosen = chosen[:budget]
                if not chosen:
                    node.replace_self([])  # one warning: the limit, not "no partner"
                    continue
            budget -= len(chosen)
            if not chosen:
                if not node["warned"] and not meant:
                    warn(
                        Code.EMPTY,
                        "partner-directory: no registered partner matches; nothing is shown.",
                        location=node,
                        hint="Check the :kind: and :ids: options, or add the partners' cards.",
                    )
                node.replace_self([])
                continue
            groups = group(chosen, node["group_by"], kinds)
            directory = renderer.render(
                groups, node["layout"], _heading_level(node), node["group_by"]
            )
            directory["classes"] += node["classes"]
            node.replace_self(directory)


def _remember_shown(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    partners_domain(env).remember_shown()
    return []


def _pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return partners_domain(env).pages_to_rewrite()


def setup_directory(app: Sphinx) -> None:
    app.add_domain(PartnersDomain)
    app.add_role("partner", PartnerRole(warn_dangling=True))
    app.add_directive("partner-directory", PartnerDirectoryDirective)
    # Replaced before any writer sees it, as sphinx.ext.todo's todolist.
    app.add_node(partner_directory)
    app.add_node(partner_pageref, latex=(visit_partner_pageref_latex, None))
    app.add_post_transform(FillPartnerDirectories)
    # Incremental builds: remember partners before reading, then rewrite (not re-read)
    # the pages whose links or directories show a partner that changed.
    app.connect("env-get-outdated", _remember_shown)
    app.connect("env-get-updated", _pages_to_rewrite)
