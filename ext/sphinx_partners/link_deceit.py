"""Links that mislead a reader about where they lead (``partners.url``, page rules).

A red team's findings, rounds 10 to 12: a link whose words show one site's address and
lead to another, however the address is written (``https://``, ``www.``, a bare
``Grants.gov/apply``, full-width letters, look-alike dots, invisible characters between
its parts); an address that writes a name before ``@`` (``https://www.grants.gov@
evil.example/``: the host is what follows it); and a host that looks like another
site's name, mixing alphabets within a name, or written all in another alphabet under
an ending readers take for a Latin one (Cyrillic ``xn--80ak6aa92e.com``, "apple.com").
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

import idna

#: Endings a reader knows as a site's: the generic ones, and country codes written in
#: Latin letters that are no common file type (a file's name, "notes.md" or "run.sh", is
#: not taken for an address).
_GENERIC_ENDINGS = ("gov", "edu", "org", "com", "net", "mil", "int", "info", "io", "app")
_LATIN_COUNTRIES = (
    "us", "uk", "ca", "au", "nz", "ie", "eu", "mx", "es", "ar", "cl", "pe", "co", "br",
    "fr", "de", "nl", "ch", "jp",
)  # fmt: skip
#: Two-letter endings sold and read as generic ones, in Latin letters.
_USED_AS_GENERIC = ("io", "co", "ai", "me", "tv", "ly", "gg", "to", "fm", "cc", "ws")
_ENDING = "|".join(sorted((*_GENERIC_ENDINGS, *_LATIN_COUNTRIES), key=len, reverse=True))
#: An address shown in words: with its scheme, starting with www., or a bare host under
#: one of those endings (grants.gov, Edutopia.org/article, education.gov.au). Not an
#: e-mail address, nor a name inside a longer one.
_SHOWN_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s<>()]+"
    rf"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_ENDING})"
    r"(?![\w@-]|\.[a-z0-9])(?:/[^\s<>()]*)?",
    re.IGNORECASE,
)
#: Dots a browser reads as the dot between a host's parts that NFKC leaves as they are.
_OTHER_DOTS = {0x3002: ".", 0xFF61: "."}
#: The alphabets a host's letters are told apart by (a look-alike mixes them).
_ALPHABETS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "LISU", "COPTIC")
#: Archives whose address holds the address of the page they keep (a source cited
#: as it was): their link shows the page's address and leads to the archive.
_ARCHIVES = frozenset({"web.archive.org", "archive.org", "archive.ph", "archive.today"})


def as_shown(text: str) -> str:
    """*text* as a reader sees it: full-width and other compatibility letters as the
    letters they show (NFKC), invisible format characters left out, every dot a dot."""
    shown = unicodedata.normalize("NFKC", text).translate(_OTHER_DOTS)
    return "".join(char for char in shown if unicodedata.category(char) != "Cf")


def as_browsers_read(host: str) -> str:
    """*host* as a browser reads it (IDNA, UTS 46), in lowercase."""
    try:
        return idna.decode(idna.encode(host, uts46=True)).lower()
    except (idna.IDNAError, UnicodeError):
        return host.lower()


def _alphabets(label: str) -> set[str]:
    return {
        alphabet
        for char in label
        if char.isalpha()
        for alphabet in _ALPHABETS
        if unicodedata.name(char, "").startswith(alphabet)
    }


def _shown_host(address: str) -> str:
    """The host a reader takes *address*, shown in a link's text, to name ("" if none)."""
    try:
        parts = urlsplit(address if "://" in address else f"//{address}")
        return as_browsers_read((parts.hostname or "").rstrip("."))
    except ValueError:  # "https://[x": no address a reader would take for a site
        return ""


def look_alike_host(host: str) -> str | None:
    """How *host* imitates another site's name, or None.

    A name mixing alphabets (a Cyrillic "a", U+0430, in "grants.gov"), or one written
    all in another alphabet under a generic ending or a Latin country's (Firefox shows
    ``xn--80ak6aa92e.com`` as written, as "apple.com"); a name in its own country's
    alphabet and ending (Russian under ``.рф``, Greek under ``.gr``) is left alone.
    """
    labels = as_browsers_read(host).split(".")
    mixed = next((label for label in labels if len(_alphabets(label)) > 1), None)
    if mixed is not None:
        return f"leads to a host whose name mixes alphabets ({mixed!r}), as a look-alike does"
    ending = labels[-1]
    if ending.isascii() and (len(ending) > 2 or ending in (*_LATIN_COUNTRIES, *_USED_AS_GENERIC)):
        other = next((label for label in labels if _alphabets(label) - {"LATIN"}), None)
        if other is not None:
            return (
                f"leads to a host written in another alphabet ({other!r}) under the ending "
                f".{ending}, as a look-alike of a name in Latin letters is"
            )
    return None


def name_before_at(parts: SplitResult) -> str | None:
    """How an address with a name before ``@`` misleads, or None: a reader takes
    ``https://www.grants.gov@evil.example/`` for grants.gov's."""
    if parts.username is None:
        return None
    return (
        f"writes {parts.username!r} before an @, which a reader takes for the site's name, "
        f"but leads to {as_browsers_read(parts.hostname or '')}"
    )


def misleading_link(text: str, address: str) -> str | None:
    """How a web link with the words *text*, leading to *address*, misleads a reader,
    or None: its host imitates another's, its address writes a name before ``@``, or
    its words show another site's address."""
    parts = urlsplit(address)
    host = as_browsers_read(parts.hostname or "")
    deceit = look_alike_host(host) or name_before_at(parts)
    if deceit is not None:
        return deceit
    for found in _SHOWN_ADDRESS.finditer(as_shown(text)):
        shown_address = found.group(0).rstrip(".,;:!?'\"")
        shown = _shown_host(shown_address)
        if not shown or shown == host:
            continue
        if host.endswith(f".{shown}") or shown.endswith(f".{host}"):
            continue  # www.example.org for example.org, and the other way round
        if host in _ARCHIVES and shown in address.lower():
            continue  # an archived copy of the page shown
        return f"shows the address {shown_address!r} but leads to {host}"
    return None
