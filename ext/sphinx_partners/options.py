"""Checks for option values that docutils' converters cannot express.

Each check returns the cleaned value or raises :class:`ValueError` with a message that
tells the author what is wrong; the directive turns it into a located warning.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import SplitResult, urlsplit

import idna

from .link_deceit import name_before_at
from .messages import Code, warn
from .repeated_options import option_location
from .source_lines import line_holding, source_lines

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective

T = TypeVar("T")

ALLOWED_URL_SCHEMES = ("https", "http", "mailto")
# Anything a browser might strip or reinterpret: whitespace, control characters, and
# characters that are not allowed unescaped in a URL.
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\^`{|}]")
_YEAR = re.compile(r"^[0-9]{4}$")
#: An address written from its host, without https:// (www.example.org/page).
_HOST_FIRST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::[0-9]+)?(?:[/?#]|$)", re.IGNORECASE)
#: Quotes that word processors and some editors type in place of plain ones.
CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u00ab\u00bb"


def _no_curly_quotes(value: str) -> None:
    """Name curly quotes as the cause: they are invisible as a mistake to most authors."""
    found = "".join(dict.fromkeys(char for char in value if char in CURLY_QUOTES))
    if found:
        raise ValueError(
            f"it contains curly quotes ({found}), which an editor typed in place of plain "
            "ones; remove them (the value needs no quotes)"
        )


#: Marks that open or close a quotation, plain or typographic.
_QUOTE_MARKS = "\"'" + CURLY_QUOTES + "\u201e\u201a"


def wrapped_in_quotes(value: str) -> bool:
    """Whether *value* is written between quotes, as a value in a form or in YAML is.

    A card's words need none: the page shows them, around the location or a picture's
    description, and a screen reader reads them out.
    """
    text = value.strip()
    return len(text) >= 2 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS


def warn_quoted(what: str, value: str, location: Any) -> None:
    """Warn that *value* (the words of *what*) is wrapped in quotes the page shows."""
    if wrapped_in_quotes(value):
        warn(
            Code.QUOTES,
            "%s %s is wrapped in quotes, which the page shows as they are (a screen "
            "reader reads them out).",
            what,
            value.strip(),
            location=location,
            hint="Write the words without the quotes.",
        )


#: A line of a card's text that is an option without its first colon: ``location: Town``.
_OPTION_AS_TEXT = re.compile(r"^(?P<key>[A-Za-z][\w-]*):(?:\s+(?P<value>.*))?$")


def warn_options_written_as_text(directive: SphinxDirective, what: str) -> None:
    """Name each line of the directive's first paragraph of text that is one of its
    options without the colon in front (``location: Valley Town``): MyST reads it as
    text, so the card shows it as a sentence and goes without the option."""
    known = set(directive.option_spec or {})
    for line in directive.content:
        if not line.strip():
            break  # the options come before the first blank line
        found = _OPTION_AS_TEXT.match(line.strip())
        if found is None or found["key"] not in known:
            continue
        # The line that holds it, from the directive's own (MyST and docutils count a
        # directive's content_offset differently).
        source = directive.get_source_info()[0]
        lines = source_lines(directive.env.srcdir, source)
        number = line_holding(line.strip(), directive.lineno, lines) or directive.lineno
        written = f":{found['key']}: {found['value'] or ''}".rstrip()
        warn(
            Code.OPTION,
            "%s the line %r looks like the option :%s: without the colon in front, so "
            "the page shows it as text and the option is not used.",
            what,
            line.strip(),
            found["key"],
            location=f"{source}:{number}",
            hint=f"Write it as {written}, with a colon in front, above the blank line "
            "that starts the text.",
        )


MIN_YEAR, MAX_YEAR = 1800, 2100


def check_url(value: str) -> str:
    """Accept only absolute ``https:``, ``http:`` and ``mailto:`` URLs, written plainly."""
    if not value:
        raise ValueError("the url is empty")
    _no_curly_quotes(value)
    if _UNSAFE_URL_CHARS.search(value):
        raise ValueError("the url contains spaces, control characters or quotes")
    scheme, sep, _rest = value.partition(":")
    for scheme_name in ("https", "http"):
        if value.startswith(f"{scheme_name}//"):
            rest = value[len(scheme_name) + 2 :]
            raise ValueError(
                f"the colon after {scheme_name} is missing: write {scheme_name}://{rest}"
            )
    if _HOST_FIRST.match(value):
        raise ValueError(
            f"the address lacks its beginning: write https://{value} (the address as the "
            "browser's address bar shows it)"
        )
    if not sep or scheme not in ALLOWED_URL_SCHEMES:
        allowed = ", ".join(f"{name}:" for name in ALLOWED_URL_SCHEMES)
        raise ValueError(
            f"only {allowed} addresses are allowed, written in lowercase "
            "(for example https://www.example.org)"
        )
    parts = split_address(value)
    if scheme == "mailto":
        if "@" not in parts.path:
            raise ValueError("a mailto: address needs an e-mail address after the colon")
    elif not parts.netloc or not value.startswith(f"{scheme}://"):
        raise ValueError(f"a {scheme}: address needs a host, as in {scheme}://www.example.org")
    elif (deceit := name_before_at(parts)) is not None:
        raise ValueError(f"the address {deceit}")
    else:
        try:
            check_web_host(parts)
        except ValueError as problem:
            raise ValueError(
                f"{problem}. Open the site in a browser and copy the address from there"
            ) from None
    return value


def split_address(address: str) -> SplitResult:
    """``urlsplit``'s parts of *address*; its refusal in words (Python says "Invalid IPv6
    URL" for a bracket that encloses no address)."""
    try:
        return urlsplit(address)
    except ValueError as refused:
        if "NFKC" in str(refused):  # Python's own words for a full-width slash in the host
            raise ValueError(
                "its site's name holds a character that looks like / # ? @ or : but is "
                "another (a full-width slash or number sign): type the address again, or copy it "
                "from the browser's address bar"
            ) from None
        raise ValueError(
            "it has a [ or ] where the site's name should be (brackets go around an IPv6 "
            "address only)"
        ) from None


def check_web_host(parts: SplitResult) -> None:
    """The host and port of a web address (``urlsplit``'s parts): ValueError saying what
    no browser can reach."""
    check_host(parts.hostname or "")
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        raise ValueError(
            "the number after the host's colon is not a port (0 to 65535); most addresses need none"
        ) from None


def check_host(host: str) -> None:
    """A web address's host must be one a browser can reach: a name of letters, digits
    and hyphens in parts joined by dots (in any script, as IDNA allows), or an IP address.

    A comma typed for a dot, two dots, an underscore or a name without its ending
    (``https://valleyschools/``) was published as a link that leads nowhere.
    """
    if not host:
        raise ValueError("the address has no host, the site's name (such as www.example.org)")
    if host == "localhost":  # a guide's link to a preview on the reader's own computer
        return
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    try:
        idna.encode(host, uts46=True)
    except (idna.IDNAError, UnicodeError):  # a part over 63 characters is a UnicodeError
        odd = "".join(dict.fromkeys(c for c in host if not (c.isalnum() or c in ".-")))
        if odd:
            named = " ".join(repr(c) for c in odd)
            comma = ", perhaps a comma typed for a dot" if "," in odd else ""
            problem = f"has characters a web address cannot have: {named}{comma}"
        elif ".." in host or host.startswith(".") or host.endswith(".."):
            problem = "has two dots in a row, or a dot where a name should be"
        elif any(part.startswith("-") or part.endswith("-") for part in host.split(".")):
            problem = "has a part that starts or ends with a hyphen"
        else:
            problem = "is not a name browsers can look up (a part of it is too long?)"
        raise ValueError(f"the host {host!r} {problem}") from None
    if "." not in host.strip("."):
        raise ValueError(
            f"the host {host!r} has no dot: write the whole name, such as www.{host}.org"
        )


def check_year(value: str) -> int:
    """Accept a four-digit year."""
    _no_curly_quotes(value)
    if not _YEAR.match(value) or not MIN_YEAR <= int(value) <= MAX_YEAR:
        raise ValueError(f"write a four-digit year between {MIN_YEAR} and {MAX_YEAR}, such as 2016")
    return int(value)


def check_kind(value: str, kinds: dict[str, str]) -> str:
    """Accept one of the configured partner kinds."""
    _no_curly_quotes(value)
    if value not in kinds:
        close = difflib.get_close_matches(value.lower(), list(kinds), n=1)
        start = f"did you mean {close[0]!r}? Otherwise use" if close else "use"
        raise ValueError(f"{start} one of: " + ", ".join(sorted(kinds)))
    return value


def check_columns(value: str) -> tuple[int, int, int]:
    """Parse ``3`` or ``1 2 3`` into columns for (phone, tablet, desktop)."""
    parts = value.replace(",", " ").split()
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (1, 3) or not all(1 <= number <= 6 for number in numbers):
        raise ValueError(
            "write one number from 1 to 6, or three (phone, tablet, desktop) such as 1 2 3"
        )
    if len(numbers) == 1:
        # One number is the desktop layout; narrow screens get fewer columns.
        return (1, min(numbers[0], 2), numbers[0])
    return (numbers[0], numbers[1], numbers[2])


GAP_SIZES = ("none", "small", "medium", "large")


def check_gap(value: str) -> str:
    if value not in GAP_SIZES:
        raise ValueError("use one of: " + ", ".join(GAP_SIZES))
    return value


def checked_option(
    directive: SphinxDirective,
    key: str,
    check: Callable[[str], T],
    default: Any,
    code: Code,
    *,
    what: str,
    outcome: str,
) -> T | Any:
    """The option *key* of *directive* through *check*, or *default* with a warning.

    The one path by which cards and grids turn a bad option value into a located
    warning (``<what> <key> 'value' was <outcome>: <why>.``).
    """
    value = directive.options.get(key)
    if value is None:
        return default
    try:
        return check(value.strip())
    except ValueError as exc:
        warn(
            code,
            "%s %s %r was %s: %s.",
            what,
            key,
            value,
            outcome,
            str(exc),
            location=option_location(directive, key),
        )
        return default
