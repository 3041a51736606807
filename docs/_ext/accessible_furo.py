"""furo's page chrome, made clean for axe-core, HTML_CodeSniffer and IBM Equal Access.

furo opens its drawers (site navigation, page contents) and sidebar subsections with
hidden checkboxes and ``<label for=…>`` elements. A keyboard cannot reach a hidden
checkbox, the labels are empty, three labels point at one checkbox, and the icons inside
them have no names (IBM: ``label_content_exists``, ``label_ref_valid``,
``form_label_unique``, ``svg_graphics_labelled``). Its landmarks have no names either
(axe: ``landmark-unique``, ``region``).

furo has no template block around these tags, so the site's templates pass furo's
rendered HTML through the Jinja filters defined here (``docs/_templates/page.html`` and
``sidebar/navigation.html``). Each rewrite matches furo's markup exactly; the browser
tests (``tests/browser/test_checkers.py``) fail if a furo release changes it and a
finding comes back. What the buttons do is in ``static/drawers.js`` beside this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from sphinx.locale import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The checkbox that keeps each drawer's state, and the drawer it opens.
_DRAWERS = {"__navigation": "site-navigation", "__toc": "page-contents"}
_TOGGLE = re.compile(
    r'<label class="(?P<classes>(?:nav|toc)-overlay-icon[^"]*)" for="(?P<box>__navigation|__toc)">'
    r"(?P<icon>.*?)</label>",
    re.DOTALL,
)
# The dimmed backdrop behind an open drawer: a click on it closes the drawer. (furo
# before 2025 puts a hidden name in it; the backdrop needs none: Escape closes too.)
_OVERLAY = re.compile(
    r'<label class="overlay (?P<which>\w+)-overlay" for="(?P<box>__\w+)">.*?</label>',
    re.DOTALL,
)
# furo before 2025 names its labels with hidden text, in English; the buttons and
# switches that replace them are named in the page's language.
_HIDDEN_NAME = re.compile(r'\s*<div class="visually-hidden">(?P<name>[^<]*)</div>')
_SWITCH = re.compile(
    r'<input (?P<attributes>[^>]*?id="(?P<box>toctree-checkbox-\d+)"[^>]*?)(?P<end>/?>)'
)
_SWITCH_NAME = re.compile(r'aria-label="Toggle navigation of (?P<title>[^"]*)"')
_BACKDROP = r'<div class="overlay \g<which>-overlay" data-drawer-close="\g<box>"></div>'
# A sidebar subsection's expander: the checkbox (named by furo) becomes the control.
_EXPANDER = re.compile(r'<label for="(?P<box>toctree-checkbox-\d+)">(?P<icon>.*?)</label>')
# Icons: named by the control around them, so hidden from assistive technology.
_UNNAMED_SVG = re.compile(r"<svg(?![^>]*\b(?:aria-hidden|aria-label|aria-labelledby|role)=)")
_ARTICLE = re.compile(r'<article role="main"[^>]*>.*</article>', re.DOTALL)


def _toggle_button(match: re.Match[str]) -> str:
    box = match["box"]
    name = _names()["navigation" if box == "__navigation" else "contents"]
    return (
        f'<button type="button" class="{match["classes"]}" data-drawer="{box}" '
        f'aria-controls="{_DRAWERS[box]}" aria-expanded="false">'
        f'<span class="visually-hidden">{name}</span>{_HIDDEN_NAME.sub("", match["icon"])}'
        "</button>"
    )


# furo's icon sprite names each icon in English (<title>Menu</title>); the buttons around
# the icons carry the names, in the page's language.
_SYMBOL_TITLE = re.compile(r"(<symbol\b[^>]*>)\s*<title>[^<]*</title>")


def _hide_icons(html: str) -> str:
    return _SYMBOL_TITLE.sub(r"\1", _UNNAMED_SVG.sub('<svg aria-hidden="true"', html))


def _names() -> dict[str, str]:
    """The names furo's chrome gets, in the page's language (escaped for attributes).

    Plain ``_()`` calls, not inside f-strings, so that scripts/translations.py finds them.
    """
    return {
        "navigation": escape(_("Site navigation")),
        "contents": escape(_("Contents of this page")),
        "on_this_page": escape(_("On this page")),
        "back_to_top": escape(_("Back to top")),
        "actions": escape(_("Page actions")),
        "colours": escape(_("Switch between light, dark and automatic colors")),
    }


def page_chrome(html: str, page_actions: str = "") -> Markup:
    """furo's page body with named landmarks, drawer buttons and hidden icons.

    *page_actions* (HTML) goes first among the buttons above the article.
    """
    names = _names()
    html = str(html)  # plain text: Markup.replace would escape the new markup
    html = _TOGGLE.sub(_toggle_button, html)
    html = _OVERLAY.sub(_BACKDROP, html)
    html = (
        html.replace(
            '<aside class="sidebar-drawer">',
            f'<aside class="sidebar-drawer" id="{_DRAWERS["__navigation"]}" '
            f'aria-label="{names["navigation"]}">',
        )
        .replace(
            '<aside class="toc-drawer',
            f'<aside id="{_DRAWERS["__toc"]}" aria-label="{names["on_this_page"]}" '
            'class="toc-drawer',
        )
        # furo writes these names in English only; say them in the page's language.
        .replace(
            'aria-label="Toggle Light / Dark / Auto color theme"',
            f'aria-label="{names["colours"]}"',
        )
        .replace(
            'aria-label="Toggle site navigation sidebar"', f'aria-label="{names["navigation"]}"'
        )
        .replace(
            'aria-label="Toggle table of contents sidebar"', f'aria-label="{names["contents"]}"'
        )
        # "Back to top" and the buttons above the article sit in no landmark, so a reader
        # who moves by landmarks never finds them. They are adjacent siblings: the first
        # region closes where the second opens.
        .replace(
            '<a href="#" class="back-to-top muted-link">',
            f'<div role="region" aria-label="{names["back_to_top"]}">'
            '<a href="#" class="back-to-top muted-link">',
        )
        .replace(
            '<div class="content-icon-container">',
            '</div><div class="content-icon-container" role="region" '
            f'aria-label="{names["actions"]}">{page_actions}',
        )
    )
    # The article is the page's content, not furo's chrome: leave it as written.
    article = _ARTICLE.search(html)
    if article is None:
        return Markup(_hide_icons(html))
    start, end = article.span()
    return Markup(_hide_icons(html[:start]) + html[start:end] + _hide_icons(html[end:]))


def navigation_tree(html: str) -> Markup:
    """furo's sidebar tree with keyboard-operable subsection switches.

    The checkbox (``role="switch"``, named by furo) lies transparent over the arrow and
    takes the clicks and the keyboard focus; the arrow is drawn by a plain ``<span>``.
    """
    html = str(html)
    names = {}  # furo before 2025 named the switch in its label, not on the checkbox

    def expander(match: re.Match[str]) -> str:
        hidden = _HIDDEN_NAME.search(match["icon"])
        if hidden is not None:
            names[match["box"]] = hidden["name"]
        icon = _HIDDEN_NAME.sub("", match["icon"])
        return f'<span class="toctree-expander" aria-hidden="true">{icon}</span>'

    def switch(match: re.Match[str]) -> str:
        name = names.get(match["box"])
        if name is None or "aria-label=" in match["attributes"]:
            return match[0]
        return (
            f'<input {match["attributes"]} role="switch" aria-label="{escape(name)}"{match["end"]}'
        )

    html = _EXPANDER.sub(expander, html)
    html = _SWITCH.sub(switch, html)
    # furo names each switch in English: say it in the page's language.
    switch_name = escape(_("Toggle navigation of %s"))
    html = _SWITCH_NAME.sub(
        lambda match: f'aria-label="{switch_name % Markup(match["title"])}"', html
    )
    # Toctree captions have role="heading" but no level (ARIA 1.2; sphinx-doc/sphinx#14030).
    html = html.replace(
        '<p class="caption" role="heading">', '<p class="caption" role="heading" aria-level="2">'
    )
    return Markup(_hide_icons(html))


def _register_filters(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:  # HTML builders
        environment.filters["accessible_chrome"] = page_chrome
        environment.filters["accessible_navigation"] = navigation_tree


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("builder-inited", _register_filters)
    app.add_js_file("drawers.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
