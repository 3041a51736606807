"""Check the site's Markdown for mistakes that Sphinx builds without a word.

Usage: ``python scripts/check_markdown.py [FILE_OR_FOLDER ...]`` (default: ``docs``).
Each problem is printed as ``file:line: [md.<code>] what is wrong. How to fix it.`` and
the script exits with status 1 if there is any. ``nox -s lint`` and pre-commit run it;
the preview and ``nox -s check`` run it with ``--beside-build``, beside the site's strict
build, and it then leaves to the build what the build names too (ALSO_IN_THE_BUILD).

What it catches, and why Sphinx does not:

* ``md.fence``: a ``:::{directive}`` that is never closed, a stray ``:::``, or a fence
  nested in one with as many colons. MyST then silently swallows the rest of the page.
* ``md.directive``: ``:::note`` without braces, which MyST renders as plain text.
* ``md.alt``: an image with empty alt text, or an ``{image}``/``{figure}`` without
  ``:alt:``. Sphinx accepts both; screen-reader users get nothing.
* ``md.tab`` and ``md.whitespace``: tabs and trailing spaces, invisible in an editor.
* ``md.html``: raw HTML, which the site shows as text (and which would skip our checks).
* ``md.partner``: a ``{partner}`` id or a card ``:id:`` that is not lowercase words
  joined by hyphens, or a ``{partner}`` id that no card in the checked files has.
* ``md.https``: a link to ``http://`` where ``https://`` is expected.
* ``md.description``: a page without a one-sentence description in its front matter.
* ``md.filename``: a page whose file name has capitals or spaces (they end up in URLs).
* ``md.path``: an image or logo path with a space (Markdown then sees no image), or one
  whose capitals differ from the file's: a Mac finds the file, the web server does not.
* ``md.encoding``: a page not saved as UTF-8 (UTF-16, Windows-1252), which cannot be read.

A rule can be switched off for one line, on purpose, with a MyST comment (invisible on
the site) on the line before it: ``% check-markdown: allow md.html``.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

#: Folders that are not pages (Sphinx output, templates, snippets included elsewhere).
SKIP_DIRS = {"_build", "_templates", "_snippets", "node_modules"}
#: Directives whose body is not Markdown: nothing inside them is checked.
VERBATIM_DIRECTIVES = {"code-block", "code", "sourcecode", "code-cell", "raw", "math"}
IMAGE_DIRECTIVES = {"image", "figure"}

FENCE = re.compile(r"^\s*(?P<marker>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
IMAGE = re.compile(r"!\[[^\]]*\]\((?P<target>[^)]*)\)")
#: An image's target: a path, then optionally a title in quotes.
IMAGE_TARGET = re.compile(r'^\s*(?P<path>\S+)(?:\s+"[^"]*")?\s*$')
EMPTY_ALT = re.compile(r"!\[\s*\]\([^)]*\)(?!\{[^}]*\.decorative)")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")
PARTNER_ROLE = re.compile(r"\{partner\}`([^`]*)`")
OPTION = re.compile(r"^\s*:(?P<key>[a-zA-Z][a-zA-Z0-9-]*):\s*(?P<value>.*?)\s*$")
HTTP_LINK = re.compile(r"(?:\]\(|<|^\s*:url:\s*)(http://(?!localhost|127\.0\.0\.1)[^\s)>]*)")
GOOD_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A ``key: value`` line of YAML, with the key's indentation and optional quotes.
YAML_KEY = re.compile(r"""^(?P<indent>\s*)["']?(?P<key>[^"':#]+?)["']?\s*:(?:\s+(?P<value>.*))?$""")
LINE_END = re.compile(r"\r\n?|\n")
GOOD_FILENAME = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*\.md$")

#: ``% check-markdown: allow md.html``, a MyST comment: the next line may break that rule
#: (a page that shows what the site does with raw HTML, for example).
ALLOW_COMMENT = re.compile(r"^\s*%\s*check-markdown:\s*allow\s+(?P<codes>.+?)\s*$")
#: What the site's Sphinx build names too, at the same line (docs/conf.py turns on
#: partners_page_rules): beside a build (``--beside-build``: the preview, ``nox -s check``)
#: these are left to it, so that one mistake gets one message. Where only some of a
#: rule's cases are the build's (an unclosed fence, a missing file), the case says so.
ALSO_IN_THE_BUILD = {"tab", "description", "alt", "partner"}


class Report(Protocol):
    """How the checks below record a problem."""

    def __call__(self, line: int, code: str, message: str, *, in_build: bool = False) -> None: ...


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    code: str
    message: str
    #: The site's build names this mistake too (ALSO_IN_THE_BUILD, or this case of it).
    in_build: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [md.{self.code}] {self.message}"


@dataclass
class _Fence:
    char: str
    length: int
    name: str
    line: int
    verbatim: bool
    argument: str = ""
    #: The ``:key: value`` lines right after the opening line, until the first other line.
    options: dict[str, str] = field(default_factory=dict)
    options_done: bool = False
    #: Its missing closing line is named already (where the next card or a heading
    #: starts inside it): what follows from it is not named again.
    reported: bool = False


#: A Markdown heading: inside a card or a grid, the sign that its ``:::`` is missing.
HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
#: Blocks that never hold a heading or another of their kind (the extension's own).
CLOSED_BLOCKS = ("partner-card", "image-grid")


@dataclass
class Page:
    """What one file contributes to the checks that need every file."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    card_ids: set[str] = field(default_factory=set)
    partner_refs: list[tuple[int, str]] = field(default_factory=list)


def markdown_files(targets: Iterable[Path]) -> Iterator[Path]:
    for target in targets:
        if target.is_dir():
            for path in sorted(target.rglob("*.md")):
                parts = path.relative_to(target).parts
                if not any(part in SKIP_DIRS or part.startswith(".") for part in parts):
                    yield path
        elif target.suffix == ".md":
            yield target


def _front_matter(lines: list[str]) -> list[str]:
    """The lines between the two ``---`` at the top of the file (none if there are none)."""
    if not lines or lines[0].strip() != "---":
        return []
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return lines[: index + 1]
    return []


#: Typographic quotes a word processor puts where straight ones were typed.
CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"


def _description_state(front: list[str]) -> tuple[str, int]:
    """``("ok", line)``, ``("curly", line)`` (its key in curly quotes, which YAML keeps
    as part of the name) or ``("missing", 1)`` for ``myst.html_meta``'s ``description``
    (indentation decides)."""
    path: list[tuple[int, str]] = []
    for number, line in enumerate(front[1:-1], start=2):
        entry = YAML_KEY.match(line)
        if not entry:
            continue
        indent, key = len(entry.group("indent")), entry.group("key").strip()
        value = entry.group("value") or ""
        path = [(level, name) for level, name in path if level < indent]
        parents = [name for _, name in path]
        unquoted = key.strip(CURLY_QUOTES + " ")
        if parents == ["myst", "html_meta"] and unquoted.startswith("description"):
            if unquoted != key:
                return "curly", number
            return ("ok", number) if value.strip().strip("'\"") else ("missing", 1)
        path.append((indent, key))
    return "missing", 1


def _make_id(name: str) -> str:
    """The id docutils (and so the extension) makes from a card's name."""
    text = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"^[-0-9]+|-+$", "", re.sub(r"[^a-z0-9]+", "-", " ".join(text.split())))


def _source_root(page: Path) -> Path | None:
    """The folder with conf.py above *page*: where paths starting with / begin."""
    for folder in page.resolve().parents:
        if (folder / "conf.py").is_file():
            return folder
    return None


def _check_path(path: str, number: int, page: Page, report: Report, *, ours: bool = False) -> None:
    """A file an image or logo names exists, with the same capitals as written.

    Sphinx reports a missing file too, but only this check sees a capital letter that
    differs: the preview on a Mac or Windows finds the file, the server does not.
    *ours*: a card's logo or a grid's picture, whose warning from the build names the
    file with the right capitals, where the file system sees the difference.
    """
    root = _source_root(page.path)
    if root is None or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^[#{]", path):
        return
    folder = root if path.startswith("/") else page.path.resolve().parent
    for part in [part for part in path.split("/") if part not in ("", ".")]:
        if part == "..":
            folder = folder.parent
            continue
        if not folder.is_dir():
            return
        names = sorted(entry.name for entry in folder.iterdir())
        if part not in names:
            same = [name for name in names if name.lower() == part.lower()]
            close = same or difflib.get_close_matches(part, names, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            if same:
                hint += " Capital letters matter on the web server."
            elif not path.startswith("/") and (root / path).exists():
                hint = (
                    f" Did you mean /{path}? A path that starts with / begins in the "
                    f"{root.name} folder; one without it, next to the page."
                )
            where = os.path.relpath(folder)
            # Sphinx misses the file too, and says so, unless its file system ignores
            # capitals (a Mac's, Windows'): then only this check sees the mistake.
            message = f"there is no {part!r} in the folder {where}.{hint}"
            missed_by_the_build = not (folder / part).exists()
            report(number, "path", message, in_build=not same or (ours and missed_by_the_build))
            return
        folder = folder / part


def _role_target(text: str) -> str:
    """``Text <id>`` or ``id``: the id a ``{partner}`` role points at."""
    match = re.search(r"<([^<>]*)>\s*$", text)
    return (match.group(1) if match else text).strip()


def check_file(path: Path) -> Page:
    page = Page(path)
    # Lines end where markdown-it ends them (CR, LF, CRLF), so that line numbers agree
    # with the build's: str.splitlines also ends one at a form feed or U+2028.
    allowed: dict[int, set[str]] = {}  # line -> codes a comment allows there

    def report(line: int, code: str, message: str, *, in_build: bool = False) -> None:
        if code not in allowed.get(line, set()):
            in_build = in_build or code in ALSO_IN_THE_BUILD
            page.problems.append(Problem(path, line, code, message, in_build))

    try:
        lines = LINE_END.split(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        # Saved as UTF-16 or Windows-1252: nothing else can be read. The build names it
        # too (partners.encoding), at the same place; a check that stopped named nothing.
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        report(
            line,
            "encoding",
            "the file is not saved as UTF-8, so it cannot be read. Save it as UTF-8 (most "
            "editors offer 'Save with encoding').",
            in_build=True,
        )
        return page

    if not GOOD_FILENAME.match(path.name):
        report(
            1,
            "filename",
            f"the file name {path.name!r} becomes part of the page's web address. "
            "Use lowercase letters, digits and hyphens, such as 'our-district.md'.",
        )
    front = _front_matter(lines)
    skip = len(front)
    tabs = [number for number, line in enumerate(front, start=1) if "\t" in line]
    for number in tabs:
        # A tab stops YAML: MyST reads none of the front matter, description included.
        report(
            number,
            "tab",
            "the front matter has a tab on this line, so none of it can be read (the page "
            "loses its description). Replace the tab with spaces.",
        )
    description, described_at = _description_state(front) if not tabs else ("ok", 0)
    if description == "curly":
        report(
            described_at,
            "description",
            "the description's key is in curly quotes (“…”), which YAML keeps as part of "
            'its name, so the page has no description. Type straight quotes ("…") around '
            "the key and around the text.",
        )
    elif description == "missing":
        report(
            1,
            "description",
            "the page has no description for search engines and link previews. Start the "
            'file with front matter: ---, myst:, html_meta:, "description lang=en": "One '
            "sentence about the page.\", --- (see the contributing guide's page template).",
        )

    stack: list[_Fence] = []
    allow_next: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if number <= skip:
            continue
        comment = ALLOW_COMMENT.match(line)
        if comment:
            allow_next = {code.removeprefix("md.") for code in comment.group("codes").split()}
            continue
        if allow_next and line.strip():
            allowed[number], allow_next = allow_next, set()
        if "\t" in line:
            report(number, "tab", "the line contains a tab. Replace it with spaces.")
        if " " in line[len(line.rstrip()) :]:  # a trailing tab is md.tab's, not this
            report(number, "whitespace", "the line ends with spaces. Delete them.")
        top = stack[-1] if stack else None
        fence = FENCE.match(line)
        if top is not None and top.verbatim:
            if fence and _closes(fence, top):
                stack.pop()
            continue
        if fence:
            if top is not None:
                _end_options(top, page, report)
            _fence_line(fence, number, stack, page, report)
            continue
        if top is not None and top.name in CLOSED_BLOCKS and HEADING_LINE.match(line):
            _heading_inside(top, number, report)
        option = None
        if top is not None and not top.options_done:
            option = OPTION.match(line)
            if option:
                top.options[option.group("key")] = option.group("value")
                _check_option(top, option, number, page, report)
            else:
                _end_options(top, page, report)
        # A directive's options are text, whatever they contain: no HTML to find there.
        in_grid = top is not None and top.name == "image-grid"
        _check_text(line, number, page, report, html=option is None, in_grid=in_grid)
    for unclosed in stack:
        if not unclosed.reported:
            _unclosed(unclosed, page, report)
    return page


def _unclosed(fence: _Fence, page: Page, report: Report) -> None:
    _end_options(fence, page, report)
    marker = fence.char * fence.length
    report(
        fence.line,
        "fence",
        f"{marker}{{{fence.name}}} is never closed. Add a line with {marker} (as many "
        f"{'colons' if fence.char == ':' else 'backticks'} as it starts with) after its "
        "content.",
        in_build=True,
    )


def _heading_inside(block: _Fence, number: int, report: Report) -> None:
    """A heading inside a card or a grid: its closing line is missing above it (MyST
    makes the heading a bold line inside the block, and takes in what follows)."""
    if block.reported:
        return
    block.reported = True
    marker = block.char * block.length
    report(
        number,
        "fence",
        f"this heading is inside {marker}{{{block.name}}} (line {block.line}), which is not "
        f"closed: add a line with {marker} above the heading, at the end of its text.",
        in_build=True,  # the build names it too: a card or a grid holds no heading
    )


def _closes(fence: re.Match[str], top: _Fence) -> bool:
    marker = fence.group("marker")
    return not fence.group("info") and marker[0] == top.char and len(marker) >= top.length


def _fence_line(
    fence: re.Match[str], number: int, stack: list[_Fence], page: Page, report: Report
) -> None:
    marker, info = fence.group("marker"), fence.group("info")
    char, length = marker[0], len(marker)
    closable = [f for f in stack if _closes(fence, f)]
    # MyST reads a colon block's text up to the first line that can close it, so such a
    # line ends the outermost colon block it fits (nested blocks need fewer colons).
    closed = (closable[0] if char == ":" else closable[-1]) if closable else None
    if closed is not None:
        # Any opened inside it end with it, unclosed (unless that was named already).
        while stack[-1] is not closed:
            inner = stack.pop()
            if not closed.reported:
                _unclosed(inner, page, report)
        _end_options(stack.pop(), page, report)
        return
    if not info:
        if char == ":":
            longer = next((f for f in reversed(stack) if f.char == ":"), None)
            if longer is not None:
                longer.reported = True  # named here, not again as never closed
                opening = longer.char * longer.length
                report(
                    number,
                    "fence",
                    f"{marker} does not close {opening}{{{longer.name}}} (line {longer.line}): "
                    f"a closing line needs as many colons as the opening one. Write {opening}.",
                    in_build=True,  # the build names the block never closed
                )
                return
            report(
                number,
                "fence",
                f"{marker} closes nothing: no directive is open here. Delete the line, or "
                "check the colons of the directive above (the closing line needs at least "
                "as many as the opening one).",
            )
            return
        stack.append(_Fence(char, length, "", number, verbatim=True))
        return
    directive = re.match(r"^\{([^}]*)\}", info)
    if directive is None:
        if char == ":":
            word = info.split()[0]
            report(
                number,
                "directive",
                f"{marker}{word} is not a directive: write {marker}{{{word}}}, with braces.",
            )
        stack.append(_Fence(char, length, info.split()[0], number, verbatim=char != ":"))
        return
    name = directive.group(1).strip()
    outer = next((f for f in reversed(stack) if f.char == ":"), None)
    if char == ":" and outer is not None and length >= outer.length and not outer.reported:
        outer.reported = True
        report(
            number,
            "fence",
            f"{marker}{{{name}}} starts while {outer.char * outer.length}{{{outer.name}}} "
            f"(line {outer.line}) is still open. If {{{outer.name}}} should end before it, "
            f"add a line with {outer.char * outer.length} above this one. If {{{name}}} "
            f"belongs inside it, give the outer one more colons: "
            f"{':' * (length + 1)}{{{outer.name}}} ... {':' * (length + 1)}.",
            in_build=True,  # the build names a block left open before another
        )
    argument = info[directive.end() :].strip()
    if name in IMAGE_DIRECTIVES and argument:
        _check_path(argument, number, page, report)
    verbatim = name in VERBATIM_DIRECTIVES
    stack.append(_Fence(char, length, name, number, verbatim, argument=argument))


def _check_option(
    fence: _Fence, option: re.Match[str], number: int, page: Page, report: Report
) -> None:
    value = option.group("value")
    if fence.name == "partner-card" and option.group("key") == "logo":
        _check_path(value, number, page, report, ours=True)
    if fence.name == "partner-card" and option.group("key") == "id" and not GOOD_ID.match(value):
        report(
            number,
            "partner",
            f"the id {value!r} does not look like a partner id. Use lowercase words "
            "joined by hyphens, such as new-bedford.",
        )


def _end_options(fence: _Fence, page: Page, report: Report) -> None:
    """Checks that need all of a directive's options, once its first other line comes."""
    if fence.options_done:
        return
    fence.options_done = True
    if fence.name in IMAGE_DIRECTIVES and "alt" not in fence.options:
        report(
            fence.line,
            "alt",
            f"the {{{fence.name}}} has no :alt: text. Add a line such as "
            ":alt: Three teachers at a table, right below the directive's first line.",
        )
    if fence.name == "partner-card":
        # Without :id:, the extension derives the id from the name in the same way.
        page.card_ids.add(fence.options.get("id") or _make_id(fence.argument))


def _check_text(
    line: str, number: int, page: Page, report: Report, *, html: bool, in_grid: bool = False
) -> None:
    # Inline code (`like this`) shows Markdown as text, so it is not checked. A role's own
    # `id` looks like inline code too, but the role's {partner} stands outside it.
    code_spans = [match.span() for match in INLINE_CODE.finditer(line)]
    text = INLINE_CODE.sub(lambda match: " " * len(match.group(0)), line)
    for match in PARTNER_ROLE.finditer(line):
        if any(start <= match.start() < end for start, end in code_spans):
            continue
        target = _role_target(match.group(1))
        page.partner_refs.append((number, target))
        if not GOOD_ID.match(target):
            report(
                number,
                "partner",
                f"{{partner}}`{target}` does not look like a partner id. Ids are lowercase "
                "words joined by hyphens, such as {partner}`new-bedford`.",
            )
    for match in IMAGE.finditer(text):
        image = IMAGE_TARGET.match(match.group("target"))
        curly = "".join(dict.fromkeys(c for c in match.group("target") if c in CURLY_QUOTES))
        if image is None and curly:
            report(
                number,
                "path",
                f"the quotes around the caption are curly ({curly}), so Markdown does not "
                "see an image: an editor typed them in place of plain ones. Type them again "
                'as plain quotes: ![alt](photo.jpg "caption").',
                in_build=in_grid,  # an image grid names what it cannot show as a picture
            )
        elif image is None:
            report(
                number,
                "path",
                f"the image path {match.group('target').strip()!r} contains a space, so "
                "Markdown does not see an image. Rename the file with hyphens instead of "
                "spaces (our-visit.jpg) and change the path to match.",
                in_build=in_grid,
            )
        else:
            _check_path(image.group("path"), number, page, report, ours=in_grid)
    if EMPTY_ALT.search(text):
        report(
            number,
            "alt",
            "the image has no alt text. Describe what it shows between the brackets: "
            "![Three teachers at a table](photo.jpg).",
        )
    for match in HTML_TAG.finditer(text if html else ""):
        report(
            number,
            "html",
            f"raw HTML ({match.group(0)[:40]}) is not used on this site: readers would see "
            "the tag itself as text. Use Markdown or a directive instead (see the "
            "authoring guide); to show a tag as an example, put it in `backticks`. If the "
            "page shows it on purpose, put % check-markdown: allow md.html on the line "
            "before.",
        )
    for match in HTTP_LINK.finditer(text):
        report(
            number,
            "https",
            f"{match.group(1)} uses http://. Use the https:// address (open it in a "
            "browser to check that it works).",
        )


def check(targets: Iterable[Path]) -> list[Problem]:
    pages = [check_file(path) for path in markdown_files(targets)]
    known = set().union(*(page.card_ids for page in pages))
    problems = [problem for page in pages for problem in page.problems]
    if known:  # only when the checked files contain cards, so one file alone is not flagged
        for page in pages:
            for number, target in page.partner_refs:
                if GOOD_ID.match(target) and target not in known:
                    close = difflib.get_close_matches(target, sorted(known), n=1)
                    hint = f"Did you mean {close[0]!r}?" if close else "Check the card's :id:."
                    problems.append(
                        Problem(
                            page.path,
                            number,
                            "partner",
                            f"no partner-card has the id {target!r}. {hint}",
                            # The build names it too (ref.partner), with the likely id.
                            in_build=True,
                        )
                    )
    return sorted(problems, key=lambda problem: (str(problem.path), problem.line))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("docs")])
    parser.add_argument(
        "--no-fail",
        action="store_true",
        help="print the problems but exit with status 0",
    )
    parser.add_argument(
        "--beside-build",
        action="store_true",
        help="leave out what the site's strict build names too (run beside it)",
    )
    args = parser.parse_args(argv)
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        parser.error(f"not found: {', '.join(map(str, missing))}")
    problems = check(args.paths)
    if args.beside_build:
        problems = [problem for problem in problems if not problem.in_build]
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} problem(s) in the Markdown. Each line above says where and "
            "how to fix it; the contributing guide explains each [md.*] check."
        )
        return 0 if args.no_fail else 1
    if not args.beside_build:
        # Said, not left to silence, and said to be only this check's (a tester ran it
        # alone and could not tell it had run). Beside the build, the build speaks.
        count = sum(1 for _ in markdown_files(args.paths))
        print(
            f"No problems in the Markdown ({count} file(s) checked). The site's build "
            "checks the rest: run .venv/bin/nox -R -s check before a pull request."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
