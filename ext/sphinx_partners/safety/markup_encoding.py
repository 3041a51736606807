"""A published file of markup, decoded as every browser decodes it, or why it cannot be.

A browser decodes a file by its byte-order mark first, then by the server's charset,
then by a ``<meta charset>`` it finds in the file's first bytes. The check of published
files read every file as UTF-8, so a file saved as UTF-16 (its tags between zero bytes
to the check) or one declaring ``iso-2022-jp`` (whose escapes swallow a quote) was one
thing to the check and another, with a script, to the browser (a red team's finding).
A file of markup a pull request adds is therefore read only when every browser reads
it as UTF-8: no UTF-16 mark, valid UTF-8, no zero byte, and no character set declared
but UTF-8 (the labels are the WHATWG Encoding Standard's, from ``webencodings``).
"""

from __future__ import annotations

import codecs
import re

import webencodings

#: A character set declared in the file (``<meta charset>``, a ``content-type``), or
#: a mention of one: a browser's prescan finds it in places a parser does not (inside a
#: script's text), so every one counts.
_DECLARED = re.compile(r"""charset\s*=\s*["']?\s*([^\s"';>/]*)""", re.IGNORECASE)


class NotPlainUtf8(ValueError):
    """The file is not one every browser decodes as UTF-8; the message says why."""


def browser_text(data: bytes) -> str:
    """*data* decoded as every browser decodes it, or :class:`NotPlainUtf8`."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotPlainUtf8("it starts with a UTF-16 mark, so a browser reads it as UTF-16")
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        at = len(data) - len(body) + error.start + 1  # counted from 1, the mark included
        raise NotPlainUtf8(f"byte {at} is not UTF-8") from None
    if "\0" in text:
        raise NotPlainUtf8("it holds zero bytes (a file saved as UTF-16?)")
    for label in _DECLARED.findall(text):
        encoding = webencodings.lookup(label)
        if encoding is None or encoding.name != "utf-8":
            raise NotPlainUtf8(f"it declares the character set {label!r}")
    return text
