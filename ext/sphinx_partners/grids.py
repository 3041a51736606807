"""The ``image-grid`` directive: Markdown images laid out as a list of figures."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .alt_text import DECORATIVE_CLASS, says_something
from .images.nodes import check_image, responsive_image
from .messages import Code, shortened, warn
from .options import CURLY_QUOTES, check_columns, check_gap, checked_option, warn_quoted
from .refused_words import keep_refused_words
from .repeated_options import option_line, option_location, warn_repeated_options
from .safety.nesting import nested_content, opened_unclosed

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: A class an author puts on one image of a grid (``{.eager}``); DECORATIVE_CLASS too.
EAGER_CLASS = "eager"
DEFAULT_COLUMNS = (1, 2, 3)


#: Markdown's picture syntax whose address Markdown did not take: ``![alt](a b.jpg)``.
_BROKEN_PICTURE = re.compile(r"!\[[^\]]*\]\((?P<target>[^)]*\s[^)]*)\)")


def _why_not_a_picture(
    text: str, renamed: Callable[[str], str | None] = lambda _path: None
) -> tuple[str, str] | None:
    """Why Markdown read what looks like a picture as text, and the fix, if it can tell.
    *renamed* gives the path of the file a path with spaces names under its hyphenated
    name, where that file exists (the photo command renames photos so)."""
    match = _BROKEN_PICTURE.search(text)
    if match is None:
        return None
    target = match.group("target").strip()
    _, _, rest = target.partition(" ")
    curly = "".join(dict.fromkeys(char for char in rest if char in CURLY_QUOTES))
    if curly:
        return (
            f"the quotes around its caption are curly ({curly}), which an editor typed in "
            "place of plain ones, and Markdown reads a caption only between plain quotes",
            'Type the quotes again as plain ones: ![alt](photo.jpg "caption").',
        )
    if rest and not rest.startswith(('"', "'", "(")):
        why = (
            f"its path {target!r} has a space, and Markdown reads a path only up to the first space"
        )
        existing = renamed(target)
        if existing is not None:
            return (
                why,
                f"The file is named {existing!r} (renamed when it was made ready): "
                "write that path.",
            )
        return (
            why,
            "Rename the file with hyphens instead of spaces (our-visit.jpg) and change the "
            "path to match.",
        )
    return None


def _pictures_and_sentences(text: str) -> list[tuple[int, str]]:
    """*text* (of a paragraph, on several lines) in the parts a warning names: each line
    that looks like a picture Markdown did not take, and each run of other lines, with
    the line it starts at (from the text's first)."""
    parts: list[tuple[int, str]] = []
    words: list[str] = []
    for offset, line in enumerate(text.split("\n")):
        if line.lstrip().startswith("!["):
            parts.append((offset, line))
            words = []
        elif not line.strip():
            words = []
        elif words:
            words.append(line)
            parts[-1] = (parts[-1][0], "\n".join(words))
        else:
            words = [line]
            parts.append((offset, line))
    return parts


#: What MyST writes for a hard line break, one ``raw`` node per output format.
_HARD_BREAK = re.compile(r"^\s*(?:<br\s*/?>|\\\\)\s*$")
#: Names a picture file has (a link to one was meant to be the picture).
_PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


def _link_to_a_picture(node: nodes.Node) -> tuple[str, str] | None:
    """Why a link to a picture file is no picture: its ``!`` is missing."""
    if not isinstance(node, nodes.Element):
        return None
    target = str(node.get("refuri") or node.get("reftarget") or "")
    if not target.split("?", 1)[0].lower().endswith(_PICTURE_SUFFIXES):
        return None
    return (
        "it is a link to a picture, not a picture: Markdown shows a picture only when "
        "its line starts with !",
        "Add ! at the start of the line: ![alt text](photo.jpg).",
    )


class image_grid(nodes.container):
    """A grid of images: the list of figures and an optional caption."""


class image_grid_list(nodes.container):
    """The list of figures (``<ul>`` in HTML)."""


class image_grid_item(nodes.figure):
    """One image with its optional caption; a plain figure for non-HTML builders."""


class image_grid_caption(nodes.paragraph):
    """The caption of the whole grid."""


_ATTRS_INLINE = "attrs_inline"


def _myst_extensions(directive: SphinxDirective) -> set[str]:
    return set(getattr(directive.config, "myst_enable_extensions", ()) or ())


def _where(node: nodes.Node, directive: SphinxDirective) -> Any:
    return node if node.line else directive.get_location()


def _lines_of_children(paragraph: nodes.paragraph) -> dict[int, int]:
    """How many lines after the paragraph's first each child starts, by ``id``.

    A soft line break is a text ``"\n"``; a hard one (a backslash or two spaces at the
    end of a line) is one ``raw`` node per output format, each ending in a line break:
    a run of ``raw`` nodes counts as its longest.
    """
    starts: dict[int, int] = {}
    line = raw_run = 0
    for child in paragraph.children:
        if isinstance(child, nodes.raw):
            raw_run = max(raw_run, child.astext().count("\n"))
            continue
        line, raw_run = line + raw_run, 0
        starts[id(child)] = line
        if not isinstance(child, nodes.image):  # an image's text is its alt text
            line += child.astext().count("\n")
    return starts


#: How a grid names a bad option: "image-grid: columns '9' was ignored: ...".
GRID_OPTION = {"what": "image-grid:", "outcome": "ignored"}


class ImageGridDirective(SphinxDirective):
    """Lay out ordinary Markdown images (or ``{figure}`` blocks) as a responsive grid."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "columns": directives.unchanged,
        "gap": directives.unchanged,
        "caption": directives.unchanged,
        "decorative": directives.flag,
        "eager": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        warn_repeated_options(self)
        columns = checked_option(
            self, "columns", check_columns, DEFAULT_COLUMNS, Code.COLUMNS, **GRID_OPTION
        )
        self._columns = columns
        gap = checked_option(self, "gap", check_gap, "medium", Code.GAP, **GRID_OPTION)
        grid = image_grid(
            "",
            classes=[
                "partners-grid",
                f"partners-grid--phone-{columns[0]}",
                f"partners-grid--tablet-{columns[1]}",
                f"partners-grid--desktop-{columns[2]}",
                f"partners-grid--gap-{gap}",
                *self.options.get("class", []),
            ],
            columns=columns,
        )
        self.set_source_info(grid)
        figures = image_grid_list("", classes=["partners-grid__list"])
        self._refused = 0
        self._lost_reported: set[int] = set()
        for item in self._items(nested_content(self, text_allowed=False)):
            figures += item
        if not figures.children and self._refused:
            # Each refused picture or left-out block has its warning: no second one.
            self._keep_caption()
            return []
        if not figures.children:
            warn(
                Code.GRID,
                "image-grid has no images to show.",
                location=self.get_location(),
                hint="Put Markdown images such as ![What the image shows](photo.jpg) "
                "inside the grid, one per line.",
            )
            self._keep_caption()
            return []
        grid += figures
        caption_text = " ".join(self.options.get("caption", "").split())
        if caption_text:
            warn_quoted("image-grid: caption", caption_text, option_location(self, "caption"))
            # At the option's line: a warning about the caption's words points there.
            line = option_line(self, "caption")
            inline, messages = self.parse_inline(caption_text, lineno=line)
            caption = image_grid_caption("", "", *inline, classes=["partners-grid__caption"])
            self.set_source_info(caption)
            caption.line = line
            grid += caption
            grid += messages
        return [grid]

    def _keep_caption(self) -> None:
        """The caption of a grid left out, for the page rules to read."""
        source, _ = self.get_source_info()
        caption = self.options.get("caption", "")
        keep_refused_words(self.state.document, caption, source, option_line(self, "caption"))

    def _items(self, content: list[nodes.Node]) -> list[image_grid_item]:
        """Turn the parsed body into grid items; warn about anything else."""
        items: list[image_grid_item] = []
        for node in content:
            if isinstance(node, nodes.figure):
                items += self._item_from_figure(node)
            elif isinstance(node, nodes.image):
                items += self._item(node, None)
            elif isinstance(node, nodes.paragraph):
                previous: nodes.Node | None = None
                # MyST gives each image of a paragraph the paragraph's line; the line
                # breaks MyST kept between them say which line each one is on.
                lines = _lines_of_children(node)
                words: list[nodes.Text] = []  # text between pictures, on one or more lines
                for child in node.children:
                    if isinstance(child, nodes.Text):
                        if not child.astext().strip() or child.astext().strip() != (
                            self._lost_attributes(previous)  # else reported with its image
                        ):
                            words.append(child)
                        previous = child
                        continue
                    self._words_left_out(words, node, lines)
                    words = []
                    if isinstance(child, nodes.image) and node.line:
                        child.line = node.line + lines[id(child)]
                    if isinstance(child, nodes.image):
                        lost = self._lost_attributes(child)
                        items += self._item(child, None, attributes_lost=lost is not None)
                    elif isinstance(child, nodes.raw) and _HARD_BREAK.match(child.astext()):
                        pass  # a line break written at a line's end (backslash, two spaces)
                    else:  # a link, a role: named at its own line of the paragraph
                        offset = lines.get(id(child))
                        line = node.line + offset if node.line and offset is not None else None
                        self._not_an_image(child, node, line)
                    previous = child
                self._words_left_out(words, node, lines)
            elif isinstance(node, nodes.comment | nodes.system_message):
                continue
            else:
                self._not_an_image(node, node)
        return items

    def _lost_attributes(self, image: nodes.Node | None) -> str | None:
        """The ``{...}`` text after *image* when MyST read it as text, not as attributes.

        Without MyST's ``attrs_inline`` extension, ``![alt](a.jpg){.decorative}`` is an
        image followed by the words ``{.decorative}``.
        """
        if not isinstance(image, nodes.image) or _ATTRS_INLINE in _myst_extensions(self):
            return None
        after = image.next_node(descend=False, siblings=True)
        if not isinstance(after, nodes.Text):
            return None
        text = after.astext().strip()
        if not (text.startswith("{") and text.endswith("}")):
            return None
        if id(image) not in self._lost_reported:
            self._lost_reported.add(id(image))
            warn(
                Code.GRID,
                "image-grid: %r after image %r was read as text: this site does not turn on "
                "MyST's %s extension, which reads such attributes.",
                text,
                image.get("uri", ""),
                _ATTRS_INLINE,
                location=_where(image, self),
                hint=f'Add "{_ATTRS_INLINE}" to myst_enable_extensions in conf.py, or use the '
                "grid's own :decorative: or :eager: option.",
            )
        return text

    def _words_left_out(
        self, words: list[nodes.Text], paragraph: nodes.paragraph, lines: dict[int, int]
    ) -> None:
        """Name the text between two pictures of *paragraph*: each line that looks like a
        picture Markdown did not take at its own line, and each sentence once."""
        text = "".join(word.astext() for word in words)
        if not text.strip():
            return
        if not paragraph.line:
            self._not_an_image(nodes.Text(text), paragraph)
            return
        first = paragraph.line + lines[id(words[0])]
        for offset, part in _pictures_and_sentences(text):
            self._not_an_image(nodes.Text(part), paragraph, first + offset)

    def _renamed(self, written: str) -> str | None:
        """*written* with its file's name in lowercase words joined by hyphens, as the
        photo command names a photo, if that file is there: what to write instead."""
        folder, name = posixpath.split(written)
        hyphenated = posixpath.join(folder, "-".join(name.lower().split()))
        if hyphenated == written:
            return None
        try:
            _relative, absolute = self.env.relfn2path(hyphenated, self.env.docname)
        except (OSError, ValueError):
            return None
        return hyphenated if Path(absolute).is_file() else None

    def _note_lost_cards(self, node: nodes.Node) -> None:
        from .cards import partner_card
        from .directory.domain import partners_domain

        if not isinstance(node, nodes.Element):
            return
        ids = [card["partner_id"] for card in node.findall(partner_card) if not card["no_index"]]
        if ids:
            partners_domain(self.env).unread.setdefault(self.env.docname, []).extend(ids)

    def _not_an_image(self, node: nodes.Node, located: nodes.Node, line: int | None = None) -> None:
        """Warn about *node*, which is not a picture, at *located* or at *line*."""
        self._refused += 1
        if opened_unclosed(self):
            # The rest of the page, taken in: the fence's warning says why. Cards in it
            # are lost with it; links to them are not named unknown (one mistake).
            self._note_lost_cards(node)
            return
        text = " ".join(node.astext().split())
        where = _where(located, self)
        if line:  # the paragraph's own file (an included one, maybe), at that line
            where = nodes.inline()
            where.source, where.line = located.source, line
        cause = _why_not_a_picture(text, self._renamed) or _link_to_a_picture(node)
        if cause is not None:
            why, fix = cause
            warn(
                Code.GRID,
                "image-grid: %r is not read as a picture: %s.",
                shortened(text),
                why,
                location=where,
                hint=fix,
            )
            return
        what = "a thematic break" if isinstance(node, nodes.transition) else repr(shortened(text))
        warn(
            Code.GRID,
            "image-grid can only hold images and figures; %s was left out.",
            what,
            location=where,
            hint="Move text out of the grid, or into a caption with "
            '![alt](photo.jpg "caption") or a {figure} block.',
        )

    def _item_from_figure(self, figure: nodes.figure) -> list[image_grid_item]:
        images = list(figure.findall(nodes.image))
        if not images:
            self._not_an_image(figure, figure)
            return []
        captions = [child for child in figure.children if isinstance(child, nodes.caption)]
        items = self._item(images[0], captions[0] if captions else None, figure["classes"])
        if items:
            for legend in figure.findall(nodes.legend):
                items[0] += legend.deepcopy()
        return items

    def _item(
        self,
        original: nodes.image,
        caption: nodes.caption | None,
        extra_classes: list[str] | None = None,
        *,
        attributes_lost: bool = False,
    ) -> list[image_grid_item]:
        classes = [*original.get("classes", []), *(extra_classes or [])]
        image = responsive_image("", **original.attributes)
        image.source, image.line = original.source, original.line
        image["classes"] = [c for c in classes if c not in (EAGER_CLASS, DECORATIVE_CLASS)]
        image["classes"].append("partners-grid__image")
        # What the image layer needs to size it, so it never looks up the grid.
        image["partners_profile"] = "grid"
        image["partners_columns"] = self._columns
        if EAGER_CLASS in classes or "eager" in self.options:
            image["partners_eager"] = True
        where = _where(original, self)
        decorative = DECORATIVE_CLASS in classes or "decorative" in self.options
        if decorative or not says_something(image.get("alt", "")):
            image["alt"] = ""
        warn_quoted(f"image-grid: image {image.get('uri', '')!r}: alt text", image["alt"], where)
        if not decorative and not image["alt"] and not attributes_lost:
            # (With attributes lost, the fix is the setting: reported once already.)
            warn(
                Code.ALT,
                "image-grid: image %r has no alt text.",
                image.get("uri", ""),
                location=where,
                hint="Describe what the image shows: ![Three teachers at a table](photo.jpg). "
                "If it adds nothing a reader needs, mark it {.decorative}.",
            )
        if not check_image(self.env, image, what="image-grid: image", location=where):
            self._refused += 1
            source = original.source or self.get_source_info()[0]
            document = self.state.document
            keep_refused_words(document, image["alt"], source, original.line, "alt")
            keep_refused_words(document, str(original.get("title", "")), source, original.line)
            if caption is not None:
                keep_refused_words(document, caption.astext(), source, caption.line)
            return []
        item = image_grid_item("", image, classes=["partners-grid__figure"])
        item.source, item.line = original.source, original.line
        title = " ".join(str(original.get("title", "")).split())
        if caption is not None:
            item += caption.deepcopy()
        elif title:
            new_caption = nodes.caption(title, title)
            new_caption.source, new_caption.line = original.source, original.line
            item += new_caption
        return [item]


def visit_image_grid_html(self: HTML5Translator, node: image_grid) -> None:
    tag = "figure" if node.next_node(image_grid_caption) is not None else "div"
    self.body.append(self.starttag(node, tag, ""))


def depart_image_grid_html(self: HTML5Translator, node: image_grid) -> None:
    tag = "figure" if node.next_node(image_grid_caption) is not None else "div"
    self.body.append(f"</{tag}>\n")


def visit_image_grid_list_html(self: HTML5Translator, node: image_grid_list) -> None:
    # role="list": Safari drops list semantics from lists styled without bullets.
    self.body.append(self.starttag(node, "ul", "\n", role="list"))


def depart_image_grid_list_html(self: HTML5Translator, node: image_grid_list) -> None:
    self.body.append("</ul>\n")


def visit_image_grid_item_html(self: HTML5Translator, node: image_grid_item) -> None:
    self.body.append('<li class="partners-grid__item">')
    self.body.append(self.starttag(node, "figure", ""))


def depart_image_grid_item_html(self: HTML5Translator, node: image_grid_item) -> None:
    # As in docutils' depart_figure: a caption or legend leaves <figcaption> open.
    if len(node) > 1:
        self.body.append("</figcaption>")
    self.body.append("</figure></li>\n")


def visit_image_grid_caption_html(self: HTML5Translator, node: image_grid_caption) -> None:
    self.body.append(self.starttag(node, "figcaption", ""))


def depart_image_grid_caption_html(self: HTML5Translator, node: image_grid_caption) -> None:
    self.body.append("</figcaption>\n")


def setup_grids(app: Sphinx) -> None:
    app.add_node(image_grid, html=(visit_image_grid_html, depart_image_grid_html))
    app.add_node(image_grid_list, html=(visit_image_grid_list_html, depart_image_grid_list_html))
    app.add_node(image_grid_item, html=(visit_image_grid_item_html, depart_image_grid_item_html))
    app.add_node(
        image_grid_caption,
        html=(visit_image_grid_caption_html, depart_image_grid_caption_html),
    )
    app.add_directive("image-grid", ImageGridDirective)
