"""Pages that are not UTF-8, reported with where the bad byte is.

Sphinx decodes a page before any event could see it, so a single byte that is not
UTF-8 stopped the whole build with a UnicodeDecodeError traceback and no file:line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ._log import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Leave out pages that cannot be decoded, naming the byte offset (env-before-read-docs).

    Sphinx decodes a page before any event could see it; a bad byte would stop the
    whole build with a UnicodeDecodeError.
    """
    encoding = env.settings.get("input_encoding", "utf-8-sig")
    for docname in list(docnames):
        data = env.doc2path(docname).read_bytes()
        try:
            data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            warn(
                "encoding",
                "the page is not valid UTF-8: byte 0x%02x at byte offset %d (line %d, "
                "column %d) cannot be decoded; the page was left out of the site.",
                data[exc.start],
                exc.start,
                line,
                column,
                location=(docname, line),
                hint="Save the file as UTF-8 (most editors offer 'Save with encoding').",
            )
            docnames.remove(docname)
            env.found_docs.discard(docname)


def check_replacement_characters(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about U+FFFD in a page's text (doctree-read): an editor already lost a letter.

    A file converted from another encoding the wrong way shows the replacement
    character where letters were; the reader would see it too. Code is left alone.
    """
    for text in doctree.findall(nodes.Text):
        if "\ufffd" not in text or _in_code(text):
            continue
        warn(
            "encoding",
            "the page contains the replacement character \ufffd (U+FFFD) where a letter "
            "was lost when the file was converted from another encoding.",
            location=text.parent or doctree,  # Sphinx finds the nearest line
            hint="Retype the letter (for example \u00e9), and save the file as UTF-8.",
        )
        return  # one warning per page: the fix is the same for every letter


def _in_code(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.literal | nodes.FixedTextElement):
            return True
        parent = parent.parent
    return False


def setup_encoding(app: Sphinx) -> None:
    app.connect("env-before-read-docs", check_encoding)
    app.connect("doctree-read", check_replacement_characters)
