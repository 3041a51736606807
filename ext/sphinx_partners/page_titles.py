"""Each page's title is rendered to HTML once a build, not on every page that shows it.

The HTML builder's page context (``get_doc_context``) renders the titles of a page, its
previous and next pages and each of its parents through ``render_partial``, which makes
a new docutils document and runs its transforms every time: at 1,000 pages, 5,395
renders of 1,000 titles, 2.2 to 2.7 s of the build (``benchmarks/README.md``). A title
made only of text and inline formatting (what Sphinx keeps of most headings) renders the
same on every page, so the builder keeps the first render of each such title node for
the build. Only the title nodes Sphinx keeps for the pages (``env.titles`` and
``env.longtitles``, which no one changes while pages are written) are remembered: a title
node another extension makes, and may change, is rendered every time, as is a title with
anything else than text (math, a node another extension adds), whose HTML might depend on
the page being written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx

    Render = Callable[[nodes.Node | None], dict[str, str]]

# Nodes whose HTML is the same whatever page it is written into (exact types: a
# subclass another extension defines may write something page-dependent).
_SAME_ON_EVERY_PAGE = (
    nodes.title,
    nodes.Text,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.inline,
    nodes.subscript,
    nodes.superscript,
)


def renders_alike_on_every_page(node: nodes.Node) -> bool:
    """Whether ``node`` is a title of text and inline formatting only."""
    return type(node) is nodes.title and all(
        type(part) in _SAME_ON_EVERY_PAGE for part in node.findall()
    )


class RememberedTitles:
    """``render_partial`` that renders each page title of text and formatting once."""

    def __init__(self, render: Render, page_titles: Callable[[], Iterable[nodes.Node]]) -> None:
        self._render = render
        self._page_titles = page_titles
        # Keyed by the node's id; the node is kept with its render, so no other node can
        # take that id while the memory lasts.
        self._rendered: dict[int, tuple[nodes.Node, dict[str, str]]] = {}
        self._known: dict[int, nodes.Node] | None = None

    def _is_page_title(self, node: nodes.Node) -> bool:
        # Taken at the first render of a title (pages are written once all are read);
        # the nodes themselves, so that one made later cannot pass for one by its id.
        if self._known is None:
            self._known = {id(title): title for title in self._page_titles()}
        return self._known.get(id(node)) is node

    def __call__(self, node: nodes.Node | None) -> dict[str, str]:
        if node is None or not renders_alike_on_every_page(node) or not self._is_page_title(node):
            return self._render(node)
        remembered = self._rendered.get(id(node))
        if remembered is None or remembered[0] is not node:
            # A copy: Sphinx 8 returns its publisher's own parts, refilled by each render.
            remembered = self._rendered[id(node)] = (node, dict(self._render(node)))
        return dict(remembered[1])


def remember_titles(app: Sphinx) -> None:
    """Give an HTML builder its title memory for this build."""
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder) and not isinstance(
        builder.render_partial, RememberedTitles
    ):
        env = builder.env

        def page_titles() -> Iterable[nodes.Node]:
            return [*env.titles.values(), *env.longtitles.values()]

        builder.render_partial = RememberedTitles(builder.render_partial, page_titles)  # type: ignore[method-assign]


def setup_page_titles(app: Sphinx) -> None:
    app.connect("builder-inited", remember_titles)
