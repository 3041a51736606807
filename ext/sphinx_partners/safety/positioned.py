"""The class names and ids the site's stylesheets position elements by.

A class or an id a page gives an element brings the stylesheets' rules for it along:
``toctree-expander`` is placed over the sidebar by the site's stylesheet,
``#furo-readthedocs-versions`` is made ``position: static`` by furo's (which let a
stretched link escape its card), and with sphinx-design's full-size classes either laid
an invisible link over the page (red teams, rounds 7 to 9). Rather than a list of
names, the stylesheets every page loads are read (tinycss2): each class of a rule's
subject (the element it styles, its ``::after`` included) that the rule positions
(``absolute``, ``fixed``, ``sticky``, or a ``var()``), and every id any rule names.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import tinycss2
from tinycss2 import ast

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: ``position`` values that take an element out of the flow, over what is around it.
_POSITIONED = frozenset({"absolute", "fixed", "sticky"})
#: What separates two compound selectors (and a space, around them or alone).
_COMBINATORS = frozenset({">", "+", "~"})


@dataclass
class PositionedNames:
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def read(self, css: str) -> None:
        self._rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))

    def _rules(self, rules: Iterable[ast.Node]) -> None:
        pending = [list(rules)]
        while pending:  # nested at-rules without recursion
            for rule in pending.pop():
                if isinstance(rule, ast.QualifiedRule):
                    self._rule(rule)
                elif isinstance(rule, ast.AtRule) and rule.content is not None:
                    pending.append(
                        tinycss2.parse_rule_list(
                            rule.content, skip_comments=True, skip_whitespace=True
                        )
                    )

    def _rule(self, rule: ast.QualifiedRule) -> None:
        self.ids.update(
            token.value
            for token in rule.prelude
            if isinstance(token, ast.HashToken) and token.is_identifier
        )
        if not _positions(rule):
            return
        for subject in _subjects(rule.prelude):
            self.classes.update(
                name.value
                for dot, name in itertools.pairwise(subject)
                if isinstance(dot, ast.LiteralToken)
                and dot.value == "."
                and isinstance(name, ast.IdentToken)
            )


def _positions(rule: ast.QualifiedRule) -> bool:
    for declaration in tinycss2.parse_declaration_list(
        rule.content, skip_comments=True, skip_whitespace=True
    ):
        if isinstance(declaration, ast.Declaration) and declaration.lower_name == "position":
            value = [
                each for each in declaration.value if not isinstance(each, ast.WhitespaceToken)
            ]
            first = value[0] if value else None
            if isinstance(first, ast.FunctionBlock) or (
                isinstance(first, ast.IdentToken) and first.lower_value in _POSITIONED
            ):
                return True
    return False


def _subjects(prelude: list[ast.Node]) -> Iterator[list[ast.Node]]:
    """The last compound selector of each selector in *prelude* (the element styled)."""
    selector: list[ast.Node] = []
    for token in [*prelude, ast.LiteralToken(0, 0, ",")]:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            compound: list[ast.Node] = []
            trimmed = _trimmed(selector)
            for each in trimmed:
                if isinstance(each, ast.WhitespaceToken) or (
                    isinstance(each, ast.LiteralToken) and each.value in _COMBINATORS
                ):
                    compound = []
                else:
                    compound.append(each)
            yield compound
            selector = []
        else:
            selector.append(token)


def _trimmed(tokens: list[ast.Node]) -> list[ast.Node]:
    start, end = 0, len(tokens)
    while start < end and isinstance(tokens[start], ast.WhitespaceToken):
        start += 1
    while end > start and isinstance(tokens[end - 1], ast.WhitespaceToken):
        end -= 1
    return tokens[start:end]


def _stylesheets(app: Sphinx) -> list[Path]:
    """The stylesheets the pages load, where this build finds them."""
    names = [name for name, _attributes in app.registry.css_files]
    names += [
        entry[0] if isinstance(entry, tuple) else entry for entry in app.config.html_css_files
    ]
    theme = getattr(app.builder, "theme", None)
    if theme is not None:
        stylesheet = theme.get_config("theme", "stylesheet", "")
        names += [each.strip() for each in str(stylesheet).split(",") if each.strip()]
    roots = [Path(each) / "static" for each in (theme.get_theme_dirs() if theme else [])]
    roots += [Path(app.confdir, entry) for entry in app.config.html_static_path]
    found = []
    for name in dict.fromkeys(str(each).split("?", 1)[0] for each in names):
        for root in reversed(roots):  # as Sphinx copies them: the last one wins
            if (root / name).is_file():
                found.append(root / name)
                break
    return found


_NAMES_KEY = "_partners_positioned_names"


def positioned_names(app: Sphinx) -> PositionedNames:
    """The classes and ids the pages' stylesheets position by (read once a process)."""
    names = getattr(app, _NAMES_KEY, None)
    if names is None:
        names = PositionedNames()
        for path in _stylesheets(app):
            try:
                names.read(path.read_text(encoding="utf-8", errors="replace"))
            except (OSError, ValueError):
                continue
        setattr(app, _NAMES_KEY, names)
    return names
