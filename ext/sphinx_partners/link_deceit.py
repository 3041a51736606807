"""Links that mislead a reader about where they lead (``partners.url``, page rules).

Red teams' findings, rounds 10 to 13: a link whose words show other sites' addresses
and not its own, however an address is written (``https://``, ``www.``, a bare
``Grants.gov/apply``, full-width letters, look-alike dots, invisible characters between
its parts); an address that writes a name before ``@`` (``https://www.grants.gov@
evil.example/``: the host is what follows it); and a host that looks like another
site's name: alphabets mixed within a name, a name all in another alphabet under an
ending in Latin letters (Cyrillic ``xn--80ak6aa92e.com``, "apple.com"), or a Latin
letter that passes for another (the IPA ``\u0261``, a "g"). Rounds 15 and 16: a
sub-domain of a host where anyone can have one (``readthedocs.io``, ``onrender.com``,
``wordpress.com``) is someone's own site, not the host's.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

import idna
from publicsuffixlist import PublicSuffixList

#: Endings of a bare host a reader takes for a site's address ("grants.gov"), in any
#: capitals (GRANTS.GOV); "net" in lowercase only (ASP.NET is a name). Country codes
#: only after a second level (sat.gob.mx, paypal.co.uk): alone they are file types and
#: words too often (report.es, data.de, "4.1.es").
_ANY_CAPITALS = "gov|edu|org|com|mil|us"
_SECOND_LEVEL = ("co", "com", "gov", "gob", "gouv", "edu", "org", "net", "ac")
_GOVERNMENTS = frozenset({"gov", "gob", "gouv"})
_LETTER = r"[^\W_]"  # a letter or digit of any alphabet (a Cyrillic "a" too)
_LABEL = rf"{_LETTER}(?:(?:{_LETTER}|-)*{_LETTER})?"
#: An address shown in words: with its scheme, starting with www., or a bare host under
#: one of those endings. Not an e-mail address, nor a name inside a longer one.
_SHOWN_ADDRESS = re.compile(
    r"(?:(?i:https?)://|(?i:www)\.)[^\s<>()]+"
    rf"|(?<![\w@.-])(?:{_LABEL}\.)+"
    rf"(?:(?i:{_ANY_CAPITALS})|net|(?:{'|'.join(_SECOND_LEVEL)})\.[a-z]{{2}})"
    r"(?![\w@-]|\.[^\W_])(?:/[^\s<>()]*)?"
)
#: Characters a reader sees as the dot between a host's parts that NFKC leaves as they
#: are (ideographic and half-width stops, middle dots, the Lisu letter that is a dot).
_OTHER_DOTS = dict.fromkeys(
    [0x3002, 0xFF61, 0x00B7, 0x0701, 0x0702, 0xA4F8, 0x2E31, 0x30FB, 0xFF65, 0x2027, 0x22C5],
    ".",
)
#: Default-ignorable characters that are no format character (Cf): nothing is shown.
_IGNORABLE = frozenset(
    {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0}
    | set(range(0x180B, 0x1810))
    | set(range(0xFE00, 0xFE10))
    | set(range(0xE0100, 0xE01F0))
)
#: The alphabets a host's letters are told apart by (a look-alike mixes them).
_ALPHABETS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "LISU", "COPTIC")
#: Country endings whose own alphabet is not Latin: a name in it is at home there.
_OWN_ALPHABET_COUNTRIES = frozenset(
    {"ru", "su", "ua", "by", "bg", "kz", "kg", "mk", "rs", "mn", "tj", "gr", "cy", "am"}
)
#: Latin letters that pass for others (the dotless i, the click letters, the IPA letters
#: such as U+0261, a "g"): no language writes a site's name with them.
_LATIN_LOOK_ALIKES = frozenset({0x0131, *range(0x01C0, 0x01C4), *range(0x0250, 0x02B0)})


@functools.cache
def _public_suffixes() -> PublicSuffixList:
    """Every name under which the public can register a site, in its registries
    (``com``, ``co.uk``, ``gob.mx``) or at a company's (``github.io``,
    ``readthedocs.io``): the Public Suffix List, as browsers use it to tell sites apart.
    Unknown endings count too. Read when first needed (70 ms), not by every build."""
    return PublicSuffixList(accept_unknown=True)


def ignorable(char: str) -> bool:
    """Whether *char* shows nothing: a format character or another default-ignorable."""
    return unicodedata.category(char) == "Cf" or ord(char) in _IGNORABLE


def as_shown(text: str) -> str:
    """*text* as a reader sees it: full-width and other compatibility letters as the
    letters they show (NFKC), invisible characters left out, every dot a dot."""
    shown = unicodedata.normalize("NFKC", text).translate(_OTHER_DOTS)
    return "".join(char for char in shown if not ignorable(char))


def as_browsers_read(host: str) -> str:
    """*host* as a browser reads it (IDNA, UTS 46), in lowercase, without a final dot."""
    host = host.rstrip(".")
    try:
        return idna.decode(idna.encode(host, uts46=True)).lower()
    except (idna.IDNAError, UnicodeError):
        return host.lower()


#: Hosts where anyone can have a site under their own sub-domain that the Public Suffix
#: List leaves out (it lists the companies that asked): site builders, blogs, forms and
#: company tenants, where a look-alike sub-domain costs nothing (a red team's finding).
_SHARED_HOSTS = (
    "wordpress.com", "substack.com", "tumblr.com", "weebly.com", "squarespace.com",
    "wixsite.com", "glitch.me", "neocities.org", "itch.io", "ghost.io", "jotform.com",
    "typeform.com", "wufoo.com", "atlassian.net", "zendesk.com", "sharepoint.com",
    "blogspot.com", "webflow.io", "notion.site", "carrd.co", "azurewebsites.net",
    "cloudfront.net", "herokuapp.com", "firebaseapp.com", "web.app", "netlify.app",
    "vercel.app", "pages.dev", "github.io", "gitlab.io", "s3.amazonaws.com",
    "formstack.com", "godaddysites.com", "mailchimpsites.com", "jimdosite.com",
    "canva.site", "hashnode.dev", "000webhostapp.com", "my.salesforce.com",
)  # fmt: skip


def site_of(host: str) -> str:
    """The part of *host* its owner holds: a government holds all of its second level
    under a country (``gob.mx``, ``gov.uk``); on a shared host, the name under it
    (``school.wordpress.com``); else the name registered under a public suffix, as the
    Public Suffix List says (``grants.gov``, ``sep.org.mx``, ``school.readthedocs.io``).
    """
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host  # an address is its own site
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 2 and labels[-2] in _GOVERNMENTS and len(labels[-1]) == 2:
        return ".".join(labels[-2:])
    for shared in _SHARED_HOSTS:
        if host.endswith(f".{shared}"):
            owner = host[: -len(shared) - 1].rsplit(".", 1)[-1]
            return f"{owner}.{shared}"
    return _public_suffixes().privatesuffix(host) or host


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
        return as_browsers_read(parts.hostname or "")
    except ValueError:  # "https://[x": no address a reader would take for a site
        return ""


def look_alike_host(host: str) -> str | None:
    """How *host* imitates another site's name, or None.

    A name mixing alphabets (a Cyrillic "a", U+0430, in "grants.gov"); one written all
    in another alphabet under an ending in Latin letters (Firefox shows
    ``xn--80ak6aa92e.com`` as written, as "apple.com"), but for a country whose own
    alphabet it is (Russian under ``.ru``, Greek under ``.gr``); a Latin letter that
    passes for another (``grants.gov`` with the IPA U+0261 for its "g").
    """
    labels = as_browsers_read(host).split(".")
    mixed = next((label for label in labels if len(_alphabets(label)) > 1), None)
    if mixed is not None:
        return f"leads to a host whose name mixes alphabets ({mixed!r}), as a look-alike does"
    ending = labels[-1]
    if ending.isascii() and ending not in _OWN_ALPHABET_COUNTRIES:
        other = next((label for label in labels if _alphabets(label) - {"LATIN"}), None)
        if other is not None:
            return (
                f"leads to a host written in another alphabet ({other!r}) under the ending "
                f".{ending}, as a look-alike of a name in Latin letters is"
            )
    odd = next((label for label in labels if _LATIN_LOOK_ALIKES & set(map(ord, label))), None)
    if odd is not None:
        return f"leads to a host whose name has a letter that passes for another ({odd!r})"
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


#: What a browser takes out of an address before reading it: C0 controls and spaces at
#: its ends, tabs and line breaks anywhere (WHATWG URL).
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TABS_AND_BREAKS = str.maketrans("", "", "\t\n\r")


def web_address(uri: str) -> str | None:
    """*uri* as a browser reads a web address (any capitals, backslashes for slashes, no
    scheme before ``//``, controls at its ends and tabs inside left out):
    ``https://...``, or None for another kind of address."""
    read = uri.strip(_C0_AND_SPACE).translate(_TABS_AND_BREAKS).replace("\\", "/")
    if read.startswith("//"):
        read = f"https:{read}"
    scheme, colon, rest = read.partition(":")
    if not colon or scheme.lower() not in ("http", "https"):
        return None
    # A web address's slashes after its scheme are as many as the writer liked:
    # "https:/host" and "https:host" lead to https://host/ as well.
    return f"{scheme.lower()}://{rest.lstrip('/')}"


def _archived_host(address: str) -> str:
    """The host of the page a Wayback Machine address keeps
    (``https://web.archive.org/web/2020/https://www.grants.gov/``), or ""."""
    parts = urlsplit(address)
    if (parts.hostname or "").lower() != "web.archive.org":
        return ""
    kept = parts.path.split("/", 3)  # "", "web", the time, the page's address
    if len(kept) < 4 or kept[1] != "web":
        return ""
    return _shown_host(kept[3])


def misleading_link(text: str, address: str) -> str | None:
    """How a web link with the words *text*, leading to *address*, misleads a reader,
    or None: its host imitates another's, its address writes a name before ``@``, or its
    words show other sites' addresses and not its own (a sentence may name two sites,
    "register at SAM.gov, then apply on Grants.gov", and lead to one of them)."""
    parts = urlsplit(address)
    host = as_browsers_read(parts.hostname or "")
    deceit = look_alike_host(host) or name_before_at(parts)
    if deceit is not None:
        return deceit
    site = site_of(_archived_host(address) or host)
    shown = []
    for found in _SHOWN_ADDRESS.finditer(as_shown(text)):
        written = found.group(0).rstrip(".,;:!?'\"")
        name = _shown_host(written)
        if name:
            shown.append((written, name))
    if not shown or any(site_of(name) == site for _, name in shown):
        return None
    return f"shows the address {shown[0][0]!r} but leads to {host}"
