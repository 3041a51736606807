"""Rules for a page's words, checked in the build (``partners_page_rules``).

A knowledge base written by many hands needs each page to say what it is about (the
description search engines and link previews show) and must not publish a template's
placeholder by mistake. These were checked only by the test suite; as build warnings
they reach the preview, ``nox -s docs`` and CI alike, each at its line with the fix:

- ``partners.description``: no description in the front matter, or one a reader would
  not get as meant (curly quotes around it, not one sentence of 40 to 200 characters);
- ``partners.placeholder``: words in capitals from a template (``FULL NAME OF THE
  ORGANIZATION``, ``https://WWW.EXAMPLE.ORG/``) still in the page;
- ``partners.alt``: a picture of the page with no alt text, not marked decorative (a
  card's logo and a grid's pictures are checked where they are made), and any picture
  whose alt text is its file's name or starts by saying it is a picture;
- ``partners.url``: a web link whose host no browser can reach (``www.example,org``,
  two dots in a row, no dot at all), which would lead nowhere;
- ``partners.role``: a role written apart from its backticks (``{partner} `summit```),
  which the page shows as text;
- ``partners.bold``: a ``**`` left as text because it has no partner (``**To be filled
  in:`` never closed, ``**bold **`` closed after a space): readers see the stars;
- ``partners.title``: a second title (``#``) in a page, which starts a second page in it;
- ``partners.tab``: a tab character in the page's source. MyST reads a tab as up to
  four spaces, so a line that looks right can be read as something else; where a tab
  already broke something (the front matter, a directive's options) that warning says
  so, and this one is not given again for the line.

With the same setting, :mod:`.text_direction` takes out invisible characters that
reorder the words shown (``partners.direction``).

What a page says is read from the doctree MyST made of it: the ``meta`` node of the
front matter's ``html_meta``, text, pictures, alt text and link addresses. Code is not read.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes

from .alt_text import DECORATIVE_CLASS, replace_by_alt_text, says_something
from .alt_words import alt_problem
from .cards import partner_card
from .catalog_lines import translated_place
from .grids import image_grid
from .link_deceit import misleading_link, web_address
from .message_fixes import known_roles
from .messages import Code, located, warn
from .option_names import MYST_LOGGER
from .options import check_web_host, split_address
from .refused_words import RefusedWords, take_refused_words
from .repeated_options import take_named_tab_lines
from .safety.encoding import is_utf8
from .safety.nesting import markdown_lines
from .safety.page_settings import meta_name, misspelled_setting
from .source_lines import CODE, inside_code, line_holding, place_of_words, source_lines

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

DESCRIPTION_LENGTH = range(40, 201)
#: Three or more words in capitals in a row, as the templates write what to replace.
PLACEHOLDER = re.compile(
    r"\b[A-Z][A-Z0-9'\u2019-]*[A-Z0-9](?:[\s,:/]+[A-Z][A-Z0-9'\u2019-]*[A-Z0-9]\b){2,}"
)
_CURLY = "\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"  # typographic quotes
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")
#: How to fix a placeholder, by where it is.
_HINT = "Replace it with what it asks for, or leave the line out if you do not know."
#: A card's sentences are its story on the page: leaving them out is no fix a reader sees.
_STORY_HINT = (
    "Write in its place one to three sentences, in your own words: who the partner is and "
    "what part it played."
)
_TITLE_HINT = "Write the real name or title in its place."
_ALT_HINT = (
    "Write what the picture shows in its place: the alt text is what a reader who cannot "
    "see it gets, and it is required."
)
_DESCRIPTION_PLACEHOLDER_HINT = (
    "Write in its place one sentence of 40 to 200 characters saying what the page is about."
)
_YAML_HINT = (
    "YAML indents with spaces only; keep each key on its own line, as in the page template."
)
_STRAIGHT_QUOTES_HINT = (
    'Type straight quotes ("…") around the key and around the text, as in the page template.'
)
_DESCRIPTION_HINT = (
    "Write one sentence of 40 to 200 characters, in straight quotes, in the front matter: "
    '---, myst:, html_meta:, "description lang=en": "What this page is about.", ---.'
)


#: How to mend a web link of a page that leads nowhere, or that misleads.
_UNREACHABLE_HINT = "Open the page in a browser and copy its address from there."
_MISLEADING_HINT = "Show the address the link leads to, or words that are not an address."


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """Apply the page rules to a page just read (doctree-read)."""
    named_tabs = take_named_tab_lines()  # taken on every site: they belong to this page
    refused = take_refused_words(doctree)  # never stored with the doctree
    if not app.config.partners_page_rules:
        return
    readable = is_utf8(str(app.env.doc2path(app.env.docname)))
    # A page that is not UTF-8 (saved as UTF-16) reads as nothing: no description, no
    # title. The encoding check names it; these would be its follow-ons.
    described = _check_description(app, doctree) if readable else None
    _check_placeholders(app, doctree, refused)
    _check_remote_pictures(doctree)  # first: a picture left out needs no alt text
    _check_remote_formulas(app, doctree)
    _check_alt_text(doctree)
    _check_bold(doctree)
    _check_link_hosts(app, doctree)
    _check_roles_apart(app, doctree)
    if readable:
        _check_titles(doctree, app.env.docname)
    _check_tabs(app, named_tabs, skip_line=described)


def _check_tabs(app: Sphinx, named: frozenset[str], skip_line: int | None) -> None:
    """A tab on a line no other warning has named already."""
    try:
        text = app.env.doc2path(app.env.docname).read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return  # the encoding check says why
    for number, line in enumerate(markdown_lines(text), start=1):
        if "\t" not in line or number == skip_line or _named_already(line, named):
            continue
        warn(
            Code.TAB,
            "the line has a tab character. MyST reads a tab as up to four spaces, so the "
            "line may not be read as it looks (an option or a line of text taken for "
            "something else).",
            location=(app.env.docname, number),
            hint="Replace the tab with spaces.",
        )


def _named_already(line: str, named: frozenset[str]) -> bool:
    # MyST hands its option reader ":key: value" lines without their first colon.
    return any(line.strip().endswith(text) for text in named if text)


def _check_description(app: Sphinx, doctree: nodes.document) -> int | None:
    """Warn about the page's description; return the line of a tab it named, if any."""
    metas = [m for m in doctree.findall(nodes.meta) if meta_name(m) == "description"]
    where = (app.env.docname, _front_matter_line(app, doctree))
    if not metas:
        unreadable = _front_matter_problem(app)
        if unreadable is not None:
            line, cause, hint = unreadable
            warn(
                Code.DESCRIPTION,
                "the page's front matter could not be read, so the page has no description: %s.",
                cause,
                location=(app.env.docname, line),
                hint=hint,
            )
            return line if "tab character" in cause else None
        if _meta_under_a_misspelled_setting(app):
            return None  # the front matter's warning names the setting, with the fix
        curly_key = _curly_description_key(app)
        if curly_key is not None:
            warn(
                Code.DESCRIPTION,
                "the page has no description: the key %s is wrapped in curly quotes (“…”), "
                "which YAML keeps as part of its name, so MyST does not take it for the "
                "description.",
                curly_key,
                location=where,
                hint=_STRAIGHT_QUOTES_HINT,
            )
            return None
        warn(
            Code.DESCRIPTION,
            "the page has no description, which search engines and link previews show.",
            location=(app.env.docname, 1),
            hint=_DESCRIPTION_HINT,
        )
        return None
    if len(metas) > 1:
        # A second one, such as a key "description content=...", skips the rules below,
        # and search engines and link previews take either.
        warn(
            Code.DESCRIPTION,
            "the page writes %d descriptions; the first was kept, %s left out.",
            len(metas),
            ", ".join(repr(str(meta.get("content", ""))) for meta in metas[1:]),
            location=(app.env.docname, _line_of_meta(app, doctree, metas[1])),
            hint="Keep one description line under html_meta in the front matter.",
        )
        for meta in metas[1:]:
            meta.parent.remove(meta)
    text = str(metas[0].get("content", "")).strip()
    problem = None
    if text[:1] in _CURLY or text[-1:] in _CURLY:
        problem = (
            "it is wrapped in curly quotes (“…”), which YAML keeps as part of the text; "
            'type straight quotes ("…") around it'
        )
    elif len(text) not in DESCRIPTION_LENGTH:
        problem = f"it has {len(text)} characters; use 40 to 200"
    elif not text.endswith("."):
        problem = "it does not end with a full stop; write it as a full sentence"
    elif _SENTENCE_END.search(text):
        problem = "it has more than one sentence; keep the first"
    if problem:
        warn(
            Code.DESCRIPTION,
            "the page's description %r is not one a reader gets as meant: %s.",
            text,
            problem,
            location=where,
            hint="Link previews and search results show it as it is.",
        )
    elif (placeholder := PLACEHOLDER.search(text)) is not None:
        # The page template's description, pasted as it is, passes every rule above.
        _warn_placeholder(placeholder.group(0), where, _DESCRIPTION_PLACEHOLDER_HINT)
    return None


def _front_matter_problem(app: Sphinx) -> tuple[int, str, str] | None:
    """Why MyST could not read the page's front matter (its line, cause and fix), if it
    could not.

    MyST reports only "Malformed YAML" at line 1 (left out on sites with the page rules
    on: this says more, see ``_OnlyOurFrontMatterWarning``); reading the front matter the
    way MyST does (``read_topmatter``) gives YAML's own error, with its line.
    """
    from myst_parser.config.main import TopmatterReadError, read_topmatter

    try:
        text = app.env.doc2path(app.env.docname).read_text(encoding="utf-8")
        read_topmatter(text)
    except (OSError, UnicodeError):
        return None
    except TopmatterReadError as error:
        cause = error.__cause__
        mark = getattr(cause, "problem_mark", None)
        # The front matter starts after the opening "---" line.
        line = mark.line + 2 if mark is not None else 1
        lines = markdown_lines(text)
        held = lines[line - 1] if 0 < line <= len(lines) else ""
        if "\t" in held:
            return line, f"line {line} has a tab character, which YAML does not allow", _YAML_HINT
        if any(quote in held for quote in _CURLY):
            curly = (
                f"line {line} has curly quotes (“…”), which YAML does not take for quotes, "
                "so a colon in the text reads as the start of another key"
            )
            return line, curly, _STRAIGHT_QUOTES_HINT
        problem = getattr(cause, "problem", None) or "its YAML is not valid"
        return line, f"YAML says {problem!r} at line {line}", _YAML_HINT
    return None


def _myst_settings(app: Sphinx) -> dict[str, object] | None:
    """The ``myst`` mapping of the page's front matter, read as MyST reads it (None if
    there is none, or the front matter cannot be read: ``_front_matter_problem``)."""
    from myst_parser.config.main import TopmatterReadError, read_topmatter

    try:
        topmatter = read_topmatter(app.env.doc2path(app.env.docname).read_text(encoding="utf-8"))
    except (OSError, UnicodeError, TopmatterReadError):
        return None
    myst = (topmatter or {}).get("myst")
    return myst if isinstance(myst, dict) else None


def _meta_under_a_misspelled_setting(app: Sphinx) -> bool:
    """Whether the description is under a slip of ``html_meta`` (``html-meta``), which
    partners.frontmatter names with "did you mean": a second message, "no description",
    would send the contributor to write one that is there (a tester's finding)."""
    return any(
        key != "html_meta" and misspelled_setting(str(key), ["html_meta"]) is not None
        for key in _myst_settings(app) or {}
    )


def _curly_description_key(app: Sphinx) -> str | None:
    """A ``myst.html_meta`` key that would be the description but for its curly quotes.

    A word processor turns "description lang=en" into “description lang=en”, and YAML
    keeps the curly quotes as part of the key.
    """
    meta = (_myst_settings(app) or {}).get("html_meta")
    for key in meta if isinstance(meta, dict) else ():
        name = str(key)
        unquoted = name.strip(_CURLY + " ")
        if unquoted != name and unquoted.split(" ", 1)[0] == "description":
            return name
    return None


def _line_of_meta(app: Sphinx, doctree: nodes.document, meta: nodes.meta) -> int:
    """The line that writes *meta*'s text (in the front matter, or in a meta directive,
    whose node's line MyST counts from the block's start); else the second description
    key's."""
    content = str(meta.get("content", "")).strip()
    try:
        lines = markdown_lines(app.env.doc2path(app.env.docname).read_text(encoding="utf-8"))
    except (OSError, UnicodeError):
        lines = []
    found = [number for number, line in enumerate(lines, start=1) if content and content in line]
    return found[0] if found else _front_matter_line(app, doctree, nth=1)


def _front_matter_line(app: Sphinx, doctree: nodes.document, nth: int = 0) -> int:
    """The line of the front matter's *nth* ``description`` key (from 0), for a
    warning's location; the first line if there is none."""
    try:
        lines = markdown_lines(app.env.doc2path(app.env.docname).read_text(encoding="utf-8"))
    except (OSError, UnicodeError):
        return 1
    found = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if "description" in line.lower():
            found.append(number)
    return found[nth] if len(found) > nth else (found or [1])[0]


def _check_alt_text(doctree: nodes.document) -> None:
    """A picture of the page (not a card's or a grid's: they say so themselves) with no
    alt text and not marked decorative; any picture whose alt text is its file's name or
    says it is a picture (:mod:`.alt_words`)."""
    for image in doctree.findall(nodes.image):
        if DECORATIVE_CLASS in image["classes"]:
            continue
        alt = str(image.get("alt", ""))
        problem = alt_problem(alt, str(image.get("uri", ""))) if says_something(alt) else None
        if problem is not None:
            why, fix = problem
            warn(Code.ALT, "the picture %r: %s.", _as_written(image), why, location=image, hint=fix)
            continue
        if says_something(alt):
            continue
        if any(isinstance(around, (partner_card, image_grid)) for around in _ancestors(image)):
            continue
        warn(
            Code.ALT,
            "the picture %r has no alt text: a reader who cannot see it gets nothing, or "
            "its file name.",
            _as_written(image),
            location=image,
            hint="Describe what it shows between the square brackets: ![Three teachers at "
            "a table](photo.jpg) (in a figure or image block, with :alt:). If it adds "
            "nothing a reader needs, mark it {.decorative}.",
        )


def _check_remote_pictures(doctree: nodes.document) -> None:
    """A picture loaded from another website, by whatever directive: each reader's
    browser asks that site for it, which learns who reads the page, when the site
    promises to load nothing from elsewhere (a red team's finding: a tracking pixel)."""
    for image in list(doctree.findall(nodes.image)):
        uri = str(image.get("uri", ""))
        if "://" not in uri:  # (Sphinx reads "//host/x.png" as a file of the site)
            continue
        warn(
            Code.OUTSIDE,
            "the picture %r is loaded from another website: each reader's browser would "
            "ask that site for it, and it would learn who reads this page. It was left "
            "out (its alt text is shown).",
            uri,
            location=image,
            hint="Save the picture in the site's folder, with permission, and point to it "
            "there: ![What it shows](/_static/photos/picture.jpg).",
        )
        replace_by_alt_text(image)


def _check_remote_formulas(app: Sphinx, doctree: nodes.document) -> None:
    """A formula on a site whose MathJax comes from another website: each reader's
    browser would load it, its fonts and its speech data from there (nine requests to
    cdn.jsdelivr.net, a red team's finding), when the site promises to load nothing
    from elsewhere. Named once, at the page's first formula."""
    mathjax = str(getattr(app.config, "mathjax_path", "") or "")
    if "://" not in mathjax and not mathjax.startswith("//"):
        return  # served from the site itself
    formula = next(
        iter(doctree.findall(lambda node: isinstance(node, nodes.math | nodes.math_block))), None
    )
    if formula is None:
        return
    warn(
        Code.OUTSIDE,
        "the page has a formula, so each reader's browser would load MathJax from another "
        "website (%s), and it would learn who reads this page.",
        urlsplit(mathjax if "://" in mathjax else f"https:{mathjax}").hostname or mathjax,
        location=formula,
        hint="Write the formula in words or as plain text, or ask the maintainers to serve "
        "MathJax from the site (mathjax_path in conf.py).",
    )


def _check_link_hosts(app: Sphinx, doctree: nodes.document) -> None:
    """A web link whose host no browser can reach (a comma typed for a dot, two dots, no
    dot at all): published, it led nowhere, and every check passed (a tester's finding);
    or one that misleads about where it leads (``link_deceit``). Links of the page's
    text and of its toctrees (made into links only when the page is written, after
    these checks: a red team's finding). Cards check their own ``:url:``."""
    sources: dict[str, list[str]] = {}
    for reference in doctree.findall(nodes.reference):
        uri = str(reference.get("refuri", ""))
        address = web_address(uri)
        if address is not None and not _follows_the_same_link(reference):
            problem = _link_problem(_words_of(reference), address)
            if problem is not None:
                warn(
                    Code.URL,
                    "the link to %r %s.",
                    uri,
                    problem[0],
                    location=translated_place(reference)
                    or place_of_words(app, reference, uri, sources)
                    or reference,
                    hint=problem[1],
                )
    for toctree in doctree.findall(addnodes.toctree):
        entries: list[tuple[str | None, str]] = toctree.get("entries", [])
        for title, uri in entries:
            address = web_address(uri) if isinstance(uri, str) else None
            if address is not None:
                problem = _link_problem(title or uri, address)
                if problem is not None:
                    where = place_of_words(app, toctree, uri, sources) or toctree
                    warn(Code.URL, "the contents' link to %r %s.", uri, problem[0],
                         location=where, hint=problem[1])  # fmt: skip


#: Classes that lay a link over the words around it: a sphinx-design card's ``:link:``
#: (its own words hidden), and a stretched link or button (``:click-parent:``) in a card.
_LAID_OVER = frozenset({"sd-hide-link-text", "sd-stretched-link"})
#: Where a card's title is: what a reader takes a link laid over the card to name.
_CARD_TITLE = "sd-card-title"


def _words_of(reference: nodes.reference) -> str:
    """The words a reader takes for the link's: its own and its title, with those of
    links to the same address beside it (``[grants.](x)[gov](x)`` shows one
    "grants.gov"); or, for a link laid over a whole card, the card's title (the card's
    words if it has none)."""
    if not _LAID_OVER.intersection(reference["classes"]) and reference.astext().strip():
        # A title shows on hover, beside the address the browser shows: words too.
        return f"{_joined_words(reference)} {reference.get('reftitle', '')}"
    holder = reference.parent
    while holder is not None and not isinstance(holder, nodes.container | nodes.Structural):
        holder = holder.parent
    if not isinstance(holder, nodes.container):
        return reference.astext()
    for part in holder.findall(nodes.container):
        if _CARD_TITLE in part["classes"]:
            return part.astext()
    return holder.astext()


def _follows_the_same_link(reference: nodes.reference) -> bool:
    """Whether the node before *reference* is a link to the same address: their words
    read as one, named once, at the first."""
    before = reference.previous_sibling()
    return isinstance(before, nodes.reference) and before.get("refuri") == reference.get("refuri")


def _joined_words(reference: nodes.reference) -> str:
    parent = reference.parent
    if not isinstance(parent, nodes.Element):
        return reference.astext()
    uri = reference.get("refuri")

    def same_link(node: nodes.Node) -> bool:
        return isinstance(node, nodes.reference) and node.get("refuri") == uri

    siblings = parent.children
    start = end = siblings.index(reference)
    while start > 0 and same_link(siblings[start - 1]):
        start -= 1
    while end + 1 < len(siblings) and same_link(siblings[end + 1]):
        end += 1
    return "".join(sibling.astext() for sibling in siblings[start : end + 1])


def _link_problem(words: str, uri: str) -> tuple[str, str] | None:
    """What is wrong with a web link to *uri* showing *words*, and the fix; or None."""
    try:
        parts = split_address(uri)
        check_web_host(parts)
    except ValueError as problem:
        return f"leads nowhere: {problem}", _UNREACHABLE_HINT
    deceit = misleading_link(words, uri)
    return None if deceit is None else (deceit, _MISLEADING_HINT)


#: A role's name in braces as it shows in text: written apart from its backticks.
_ROLE_AS_TEXT = re.compile(r"\{(?P<name>[A-Za-z][\w:-]*)\}")


def _check_roles_apart(app: Sphinx, doctree: nodes.document) -> None:
    """``{partner} `summit``` (a space after the brace) or ``{partner}`` alone: MyST
    reads no role, and the page shows "{partner}" with the id as code beside it; every
    check passed (a tester's finding). Only a role the site has is named, so braces in
    a sentence stay the author's."""
    known: set[str] | None = None
    sources: dict[str, list[str]] = {}
    for text in doctree.findall(nodes.Text):
        if inside_code(text) or "{" not in text:
            continue
        for found in _ROLE_AS_TEXT.finditer(str(text)):
            known = known_roles(app.env) if known is None else known
            if found["name"] not in known:
                continue
            name = found["name"]
            warn(
                Code.ROLE,
                "{%s} is written apart from its backticks, so the page shows '{%s}' as "
                "text and makes no link.",
                name,
                name,
                location=translated_place(text)
                or place_of_words(app, text.parent, found.group(0), sources)
                or text.parent,
                hint=f"Write the backticks right after the brace, without a space: "
                f"{{{name}}}`the-id`.",
            )


def _check_bold(doctree: nodes.document) -> None:
    """``**`` that MyST left as text: it found no partner for it, so no bold was made and
    the page shows the stars (in a translation too: the catalog's line is named)."""
    for paragraph in doctree.findall(nodes.TextElement):
        # Code, formulas ($2**3$) and literal blocks show their stars as written.
        as_written = (*CODE, nodes.math, nodes.FixedTextElement)
        if isinstance(paragraph, as_written) or inside_code(paragraph):
            continue
        stars = next(
            (str(child) for child in paragraph.children if isinstance(child, nodes.Text)
             and "**" in child),
            None,
        )  # fmt: skip
        if stars is None:
            continue
        warn(
            Code.BOLD,
            "%r: a ** here has no partner, so the page shows two stars instead of bold words.",
            " ".join(stars.split()),
            location=_place_of_words(paragraph),
            hint="Put ** right before the first word in bold and right after the last, "
            "with no space between them and the words: **To be filled in:**.",
        )


def _place_of_words(element: nodes.Element) -> nodes.Element | str:
    """Where *element*'s words were written: the page, or a translation's catalog."""
    return translated_place(element) or located(element)


def _title_from_name(docname: str) -> str:
    """An example title made from the page's file name (``family-survey`` gives
    "Family survey"; an ``index`` page, its folder's name)."""
    parts = docname.split("/")
    name = parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]
    words = " ".join(name.replace("_", "-").split("-")).strip()
    return words.capitalize() if words and words != "index" else "Family surveys"


def _as_written(image: nodes.image) -> str:
    """The picture's address as the page gives it: Sphinx makes a local one relative to
    the site's folder (``/_static/a.png`` becomes ``_static/a.png``) and keeps the
    original only when it changed it."""
    return str(image.get("original_uri") or image.get("uri", ""))


def _check_titles(doctree: nodes.document, docname: str) -> None:
    """A page has one title (``#``). Without one, the menu leaves it out (Sphinx then
    names it at every page the menu is written on, at the toctree: message_fixes.py
    leaves those out); a second one starts a second page inside it, whose parts the
    page's contents and the menu leave out."""
    titles = [
        section[0]
        for section in doctree.children
        if isinstance(section, nodes.section)
        and section.children
        and isinstance(section[0], nodes.title)
    ]
    # A title of a picture only ("# ![](logo.png)") has no words: Sphinx's menu then
    # leaves the page out as it does a page without a title.
    if not titles or not titles[0].astext().strip():
        warn(
            Code.TITLE,
            "the page has no title: the site's menu shows no link to it, and the browser's "
            "tab and search results no name.",
            location=f"{doctree.get('source', '')}:1",
            hint="Start the page, after its front matter, with a title: a line that "
            f"starts with # and a space, such as # {_title_from_name(docname)}.",
        )
        return
    if len(titles) < 2:
        return
    warn(
        Code.TITLE,
        "the page has a second title (%r, after %r): a page has one title, and its parts "
        "are headings under it.",
        titles[1].astext(),
        titles[0].astext(),
        location=titles[1],
        hint="Write this heading with ## (and those under it with one # more), or move it "
        "to a page of its own.",
    )


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _check_placeholders(app: Sphinx, doctree: nodes.document, refused: list[RefusedWords]) -> None:
    """Placeholders in the page's text, alt texts and addresses, and in the words of
    what a card or grid left out (a logo or picture not found): named now, not once
    the path is fixed."""
    found: dict[str, tuple[nodes.Element | RefusedWords, str]] = {}  # one per page
    for node in doctree.findall(nodes.Text):
        if isinstance(node.parent, nodes.Element) and not inside_code(node):
            # A heading, or a card's name (a rubric): a name or title to write.
            heading = isinstance(node.parent, (nodes.title, nodes.rubric))
            in_story = _in_card_story(node)
            hint = _TITLE_HINT if heading else _STORY_HINT if in_story else _HINT
            for match in PLACEHOLDER.finditer(node.astext()):
                found.setdefault(match.group(0), (node.parent, hint))
    for image in doctree.findall(nodes.image):
        for match in PLACEHOLDER.finditer(str(image.get("alt", ""))):
            found.setdefault(match.group(0), (image, _ALT_HINT))
    for reference in doctree.findall(nodes.reference):
        address = str(reference.get("refuri", ""))
        try:
            netloc = urlsplit(address).netloc
        except ValueError:  # "Invalid IPv6 URL": the link check names it
            continue
        # https://WWW.EXAMPLE.ORG/ (words in capitals, not a stray letter: ":1%5B:")
        if netloc.isupper() and sum(char.isalpha() for char in netloc) >= 3:
            found.setdefault(address, (reference, _HINT))
    for words in refused:
        for match in PLACEHOLDER.finditer(words.text):
            found.setdefault(match.group(0), (words, _ALT_HINT if words.kind == "alt" else _HINT))
    page = str(app.env.doc2path(app.env.docname))
    sources: dict[str, list[str]] = {}
    for text, (where, hint) in found.items():
        if isinstance(where, RefusedWords):
            source, start = where.source or page, where.line
            fallback: nodes.Element | tuple[str, int] | str = (
                f"{source}:{start}" if start else source
            )
        else:
            place = located(where)
            # The file the node's line counts in: the page, or a file it includes.
            source, start, fallback = place.source or page, place.line, place
        if source not in sources:
            sources[source] = source_lines(app.srcdir, source)
        line = line_holding(text, start, sources[source])
        _warn_placeholder(text, f"{source}:{line}" if line else fallback, hint)


def _in_card_story(node: nodes.Node) -> bool:
    """Whether *node* is in the sentences of a card (its paragraphs, not its facts)."""
    parent = node.parent
    while parent is not None and not isinstance(parent, partner_card):
        if isinstance(parent, (nodes.field_list, nodes.rubric)):
            return False
        parent = parent.parent
    return parent is not None


def _warn_placeholder(
    text: str, location: nodes.Element | tuple[str, int] | str, hint: str = _HINT
) -> None:
    warn(
        Code.PLACEHOLDER,
        "%r looks like a template's placeholder, still waiting for the real words.",
        text,
        location=location,
        hint=hint,
    )


class _OnlyOurFrontMatterWarning(logging.Filter):
    """Leave out MyST's "Malformed YAML", which names line 1 and no cause: the page rules
    name the same mistake at its line, with its cause and fix (one mistake, one message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        mine = getattr(record, "type", None) == "myst" and record.msg == "Malformed YAML"
        return not (mine and getattr(record, "subtype", None) == "topmatter")


_FRONT_MATTER_FILTER = _OnlyOurFrontMatterWarning()


def _leave_out_mysts_front_matter_warning(app: Sphinx, *args: object) -> None:
    if app.config.partners_page_rules:  # (adding the same filter again adds nothing)
        logging.getLogger(MYST_LOGGER).addFilter(_FRONT_MATTER_FILTER)


def _stop_leaving_it_out(app: Sphinx, exception: Exception | None) -> None:
    # Only for this application: the next one in the process may keep the rules off.
    logging.getLogger(MYST_LOGGER).removeFilter(_FRONT_MATTER_FILTER)


def setup_page_rules(app: Sphinx) -> None:
    app.connect("doctree-read", check_page)
    # At every build's reading: one application may build more than once (test apps do).
    app.connect("env-before-read-docs", _leave_out_mysts_front_matter_warning)
    app.connect("build-finished", _stop_leaving_it_out)
