"""The ``partner-card`` directive: one partner organisation as an accessible card."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from .alt_text import says_something
from .email_addresses import EMAIL_HINT, publishes_no_email
from .images.nodes import check_image, responsive_image
from .messages import Code, _, warn
from .options import (
    check_kind,
    check_url,
    check_year,
    checked_option,
    warn_options_written_as_text,
    warn_quoted,
    wrapped_in_quotes,
)
from .refused_words import keep_refused_words
from .repeated_options import (
    lost_options,
    option_line,
    option_location,
    warn_repeated_options,
)
from .safety.nesting import nested_content
from .safety.site_checks import url_scheme

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator


# Our nodes subclass standard ones: Sphinx's translators look visitors up along the
# class hierarchy, so builders without a visitor of ours render the standard node.


class partner_card(nodes.container):
    """A partner's card; HTML renders it as an ``<article>``, others as a container."""


class partner_card_title(nodes.rubric):
    """The card's heading: never a section, so never in the toctree; a rubric elsewhere."""


class partner_link_words(nodes.Inline, nodes.TextElement):
    """An author's words for a card's link (``:url-text:``): a text of the page's
    catalog on its own, so a translation replaces the words and keeps the link.

    Not a ``nodes.inline``: Sphinx dissolves translatable inlines after translating them
    (``RemoveTranslatableInline``), appending their words after the link's hidden name and
    dropping what marks them translated or not. ``KeepLinkWords`` makes it a plain
    inline once every transform has read its marks.
    """


def _is_latin(name: str) -> bool:
    """Whether every letter of *name* is Latin, so docutils' ASCII ids keep them all."""
    return all(unicodedata.name(char, "").startswith("LATIN") for char in name if char.isalpha())


def name_id(name: str) -> str:
    """A stable id from a partner's name, readable in any script.

    Latin names get docutils' ids, as before (``Escuela Peña`` is ``escuela-pena``).
    docutils drops every other letter, so ``Школа № 1`` and ``第一中学`` both became
    ``partner``: those get their words, casefolded (``школа-1``, ``第一中学``), which
    HTML5 ids and URL fragments allow.
    """
    if _is_latin(name):
        return nodes.make_id(name)
    normal = unicodedata.normalize("NFKC", name).casefold()
    return "-".join(re.findall(r"[^\W_]+", normal))


def _partner_id(directive: SphinxDirective, name: str) -> str:
    """The partner's id: the ``id`` option, or one derived from the name."""
    wanted = directive.options.get("id", "").strip()
    partner_id = nodes.make_id(wanted) if wanted else name_id(name)
    if wanted and partner_id != wanted:
        quoted = wrapped_in_quotes(wanted)
        warn(
            Code.ID,
            "partner-card %r: id %r is not a valid id%s; using %r.",
            name,
            wanted,
            " (the quotes around it are not part of an id)" if quoted else "",
            partner_id,
            location=option_location(directive, "id"),
            hint="Ids use lowercase letters, digits and hyphens, such as new-bedford"
            + (", without quotes." if quoted else "."),
        )
    return partner_id or "partner"


def _card_anchor(env: BuildEnvironment, document: nodes.document, partner_id: str) -> str:
    """``partner-<id>``: Sphinx's make_id for ASCII ids; for others (which it would
    reduce to ``partner-0``), the same form, numbered only if the page has it already."""
    if partner_id.isascii():
        return make_id(env, document, "partner", partner_id)
    anchor, number = f"partner-{partner_id}", 1
    while anchor in document.ids:
        number += 1
        anchor = f"partner-{partner_id}-{number}"
    return anchor


def _title_anchor(env: BuildEnvironment, document: nodes.document, card_anchor: str) -> str:
    if card_anchor.isascii():
        return make_id(env, document, "", card_anchor + "-title")
    return card_anchor + "-title"  # unique as its card's anchor is


class partner_card_group(nodes.container):
    """Consecutive cards, laid out as a responsive grid."""


class PartnerCardDirective(SphinxDirective):
    """Render a partner organisation: name, logo, facts, description and link."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "id": directives.unchanged,
        "kind": directives.unchanged,
        "location": directives.unchanged,
        "logo": directives.unchanged,
        "logo-alt": directives.unchanged,
        "logo-decorative": directives.flag,
        "url": directives.unchanged,
        "url-text": directives.unchanged,
        "since": directives.unchanged,
        "eager": directives.flag,
        "no-index": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        meant = lost_options(self)
        warn_repeated_options(self)
        name = " ".join(self.arguments[0].split())
        what = f"partner-card {name!r}:"
        warn_options_written_as_text(self, what)
        warn_quoted(f"{what} the name", name, self.get_location())
        for key in ("location", "logo-alt", "url-text"):
            warn_quoted(f"{what} {key}", self.options.get(key, ""), option_location(self, key))
        partner_id = _partner_id(self, name)
        card = partner_card(
            "",
            classes=["partners-card", *self.options.get("class", [])],
            partner_id=partner_id,
            partner_name=name,
            # An example card (as in a guide) renders, but is not a registered partner:
            # the directory, the role and the duplicate check ignore it.
            no_index="no-index" in self.options,
        )
        self.set_source_info(card)
        if meant is not None:
            # Not registered: its options, id included, were not read. Links to the id it
            # was meant to have are not named unknown (one mistake, one message: MyST's).
            card["partners_options_lost"] = True
            card["partners_meant_id"] = meant.get("id", partner_id).strip()
        id_place = option_location(self, "id")
        if "id" in self.options and isinstance(id_place, tuple):
            card["partners_id_line"] = id_place[1]  # a duplicate id is named there
        card["ids"].append(_card_anchor(self.env, self.state.document, partner_id))
        self.state.document.note_explicit_target(card)

        logo = self._logo(name)
        title = partner_card_title(name, name)
        self.set_source_info(title)
        title["ids"].append(_title_anchor(self.env, self.state.document, card["ids"][0]))
        self.state.document.note_explicit_target(title)
        card += [node for node in (logo, title) if node is not None]

        facts = self._facts(name, card)
        if facts is not None:
            card += facts
        if self.content:
            body = nodes.container(classes=["partners-card__body"])
            body += nested_content(self)
            card += body
        link = self._link(name, card)
        if link is not None:
            card += link
        # Registered by the partners domain from the finished page (process_doc).
        return [card]

    def _option(self, key: str, name: str, check: Any, code: Code) -> Any:
        """Run *check* on option *key*; on error warn and return None."""
        return checked_option(
            self, key, check, None, code, what=f"partner-card {name!r}:", outcome="not used"
        )

    def _logo(self, name: str) -> responsive_image | None:
        uri = self.options.get("logo", "").strip()
        if not uri:
            return None
        decorative = "logo-decorative" in self.options
        alt = "" if decorative else self.options.get("logo-alt", "").strip()
        if not says_something(alt) and not decorative:
            alt = _("Logo of %s") % name
        logo = responsive_image(uri=uri, alt=alt, classes=["partners-card__logo"])
        if "eager" in self.options:
            logo["partners_eager"] = True
        self.set_source_info(logo)
        logo.line = option_line(self, "logo")
        if not check_image(
            self.env,
            logo,
            what=f"partner-card {name!r}: logo",
            location=option_location(self, "logo"),
        ):
            written = self.options.get("logo-alt", "")
            source, line = self.get_source_info()[0], option_line(self, "logo-alt")
            keep_refused_words(self.state.document, written, source, line, "alt")
            return None
        return logo

    def _facts(self, name: str, card: partner_card) -> nodes.field_list | None:
        kinds: dict[str, str] = self.config.partners_kinds
        kind = self._option("kind", name, lambda value: check_kind(value, kinds), Code.KIND)
        since = self._option("since", name, check_year, Code.SINCE)
        location = " ".join(self.options.get("location", "").split())
        card["kind"] = kind or ""
        card["location"] = location
        card["since"] = since
        rows = [
            # A kind's label is translated where the catalog has it (the default labels).
            (_("Kind"), _(kinds[kind]) if kind else "", "kind"),
            (_("Location"), location, "location"),
            (_("Partner since"), str(since) if since else "", "since"),
        ]
        facts = nodes.field_list(classes=["partners-card__facts"])
        for label, value, key in rows:
            if value:
                # Our own words come from the extension's catalog, already in the page's
                # language: the site's page catalogs (gettext) must not ask for them again.
                field_name = nodes.field_name(label, label, translatable=False)
                body = nodes.paragraph(value, value, translatable=key == "location")
                self.set_source_info(body)
                body.line = option_line(self, key)  # a warning about its words points there
                facts += nodes.field("", field_name, nodes.field_body("", body))
        return facts if facts.children else None

    def _link(self, name: str, card: partner_card) -> nodes.paragraph | None:
        written = self.options.get("url", "").strip()
        if url_scheme(written) == "mailto" and publishes_no_email(self.env.app):
            warn(
                Code.EMAIL,
                "partner-card %r: url %r was not used: this site publishes no e-mail addresses.",
                name,
                written,
                location=option_location(self, "url"),
                hint=EMAIL_HINT,
            )
            card["url"] = ""
            return None
        url = self._option("url", name, check_url, Code.URL)
        card["url"] = url or ""
        if not url:
            return None
        text = " ".join(self.options.get("url-text", "").split())
        if text:
            # The author's words, a text of the page's catalog on their own: a translated
            # paragraph would be the words without the link around them.
            author_words = partner_link_words(text, text, translatable=True)
            self.set_source_info(author_words)
            author_words.line = option_line(self, "url-text")
            words: nodes.Node = author_words
        else:
            # Ours, from the extension's catalog: already in the page's language.
            text = _("Email %s") % name if url.startswith("mailto:") else _("Website of %s") % name
            words = nodes.Text(text)
        reference = nodes.reference("", "", words, refuri=url, classes=["partners-card__link"])
        if name not in text:
            # The link's accessible name must say whose site it is.
            reference += nodes.inline("", f" ({name})", classes=["partners-visually-hidden"])
        paragraph = nodes.paragraph(
            "", "", reference, classes=["partners-card__links"], translatable=False
        )
        self.set_source_info(paragraph)
        paragraph.line = option_line(self, "url-text" if "url-text" in self.options else "url")
        return paragraph


class KeepLinkWords(SphinxTransform):
    """A card's link words become a plain inline, with the classes the translation
    transforms gave them (``translated``, a language), so every builder renders them.

    Not while message catalogs are extracted: Sphinx's gettext builder reads the
    translatable node itself.
    """

    default_priority = 999  # after the translation marks (950); docutils allows three digits

    def apply(self, **kwargs: Any) -> None:
        from sphinx.builders.gettext import MessageCatalogBuilder

        builder = getattr(self.env, "_builder_cls", None) or type(self.env.app.builder)
        if issubclass(builder, MessageCatalogBuilder):
            return
        for words in list(self.document.findall(partner_link_words)):
            words.replace_self(nodes.inline("", "", *words.children, classes=words["classes"]))


class GroupConsecutiveCards(SphinxTransform):
    """Wrap each run of sibling cards in one container, which CSS lays out as a grid.

    Authors write cards one after the other; the grid needs no markup of theirs.
    """

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for card in list(self.document.findall(partner_card)):
            parent = card.parent
            if parent is None or isinstance(parent, partner_card_group):
                continue
            index = parent.index(card)
            run = [card]
            for sibling in parent.children[index + 1 :]:
                if not isinstance(sibling, partner_card):
                    break
                run.append(sibling)
            group = partner_card_group("", classes=["partners-cards"])
            group.source, group.line = card.source, card.line
            parent.replace(card, group)
            for member in run[1:]:
                parent.remove(member)
            group.extend(run)


def visit_partner_card_html(self: HTML5Translator, node: partner_card) -> None:
    title_id = next(
        (child["ids"][0] for child in node.findall(partner_card_title) if child["ids"]), None
    )
    attributes = {"aria-labelledby": title_id} if title_id else {}
    self.body.append(self.starttag(node, "article", "", **attributes))


def depart_partner_card_html(self: HTML5Translator, node: partner_card) -> None:
    self.body.append("</article>\n")


def visit_partner_card_title_html(self: HTML5Translator, node: partner_card_title) -> None:
    # One level below the section the card stands in; not a section, so no toctree entry.
    level = min(self.section_level + 1, 6)
    self.body.append(self.starttag(node, f"h{level}", "", CLASS="partners-card__title"))


def depart_partner_card_title_html(self: HTML5Translator, node: partner_card_title) -> None:
    level = min(self.section_level + 1, 6)
    self.body.append(f"</h{level}>\n")


def setup_cards(app: Sphinx) -> None:
    app.add_node(partner_card, html=(visit_partner_card_html, depart_partner_card_html))
    app.add_node(
        partner_card_title,
        html=(visit_partner_card_title_html, depart_partner_card_title_html),
    )
    app.add_node(partner_card_group)
    app.add_directive("partner-card", PartnerCardDirective)
    app.add_transform(GroupConsecutiveCards)
    app.add_transform(KeepLinkWords)
