"""Pages that are not UTF-8, reported with where the bad byte is, and kept.

Sphinx decodes a page before any event could see it, so a single byte that is not
UTF-8 stopped the whole build with a UnicodeDecodeError traceback and no file:line
(Sphinx 9 reads with ``Path.read_text``, strictly). When a page has such a byte, the
build reads pages through a codec that is UTF-8 with U+FFFD for each bad byte: the
page loses one letter, not all of its text, and the warning says where.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from ..messages import Code, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


#: UTF-8 (with or without a byte-order mark) where each undecodable byte becomes U+FFFD.
REPLACING_CODEC = "partners-utf-8-sig-replace"


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != REPLACING_CODEC:
        return None
    utf8 = codecs.lookup("utf-8-sig")

    def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
        return utf8.decode(data, "replace")

    class IncrementalDecoder(utf8.incrementaldecoder):  # type: ignore[name-defined,misc]
        def __init__(self, errors: str = "strict") -> None:
            super().__init__("replace")

    class StreamReader(utf8.streamreader):  # type: ignore[name-defined,misc]
        def __init__(self, stream: object, errors: str = "strict") -> None:
            super().__init__(stream, "replace")

    return codecs.CodecInfo(
        utf8.encode,
        decode,  # type: ignore[arg-type]
        streamreader=StreamReader,
        streamwriter=utf8.streamwriter,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=IncrementalDecoder,
        name=REPLACING_CODEC,
    )


codecs.register(_find_codec)


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Report pages that cannot be decoded, naming the byte (env-before-read-docs).

    They are then read with U+FFFD for each bad byte rather than left out: even the
    root page, without which the build could not go on.
    """
    encoding = env.settings.get("input_encoding", "utf-8-sig")
    if encoding == REPLACING_CODEC:
        encoding = "utf-8-sig"
    for docname in list(docnames):
        data = env.doc2path(docname).read_bytes()
        try:
            data.decode(encoding)
        except UnicodeDecodeError as exc:
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                # What Windows editors call "Unicode": named as such, not as a byte.
                warn(
                    Code.ENCODING,
                    "the page is saved as UTF-16 (some editors call it 'Unicode'), which "
                    "the build cannot read: it shows as nothing but \ufffd and stray letters.",
                    location=(docname, 1),
                    hint="Save the file as UTF-8 (most editors offer 'Save with encoding').",
                )
                _read_anyway(env, docname, docnames, encoding)
                continue
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            warn(
                Code.ENCODING,
                "the page is not valid UTF-8: byte 0x%02x at byte offset %d (line %d, "
                "column %d) cannot be decoded; it is shown as \ufffd in the page.",
                data[exc.start],
                exc.start,
                line,
                column,
                location=(docname, line),
                hint="Save the file as UTF-8 (most editors offer 'Save with encoding').",
            )
            _read_anyway(env, docname, docnames, encoding)


def _read_anyway(env: BuildEnvironment, docname: str, docnames: list[str], encoding: str) -> None:
    """Read pages with U+FFFD for each bad byte (UTF-8 sites), or leave this one out."""
    if encoding.replace("_", "-").lower() in ("utf-8-sig", "utf-8", "utf8"):
        env.settings["input_encoding"] = REPLACING_CODEC
    else:  # another declared encoding: not ours to reinterpret
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
        if not is_utf8(doctree.get("source", "")):
            return  # check_encoding named the bad byte already
        warn(
            Code.ENCODING,
            "the page contains the replacement character \ufffd (U+FFFD) where a letter "
            "was lost when the file was converted from another encoding.",
            location=text.parent or doctree,  # Sphinx finds the nearest line
            hint="Retype the letter (for example \u00e9), and save the file as UTF-8.",
        )
        return  # one warning per page: the fix is the same for every letter


def is_utf8(source: str) -> bool:
    try:
        Path(source).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return True


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
