"""Option values: the cause of a mistake is named (curly quotes, a misspelled kind)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import build_small_site, front_matter, parse_html
from sphinx_partners.config import DEFAULT_KINDS
from sphinx_partners.options import check_kind, check_url


@pytest.mark.parametrize(
    "value",
    ["\u201chttps://example.org\u201d", "\u2018https://example.org\u2019", "\u201cdistrict\u201d"],
)
def test_curly_quotes_are_named_as_the_cause(value: str) -> None:
    check = check_url if "http" in value else (lambda text: check_kind(text, DEFAULT_KINDS))
    with pytest.raises(ValueError, match="curly quotes"):
        check(value)


@pytest.mark.parametrize(("typed", "meant"), [("distrct", "district"), ("School", "school")])
def test_a_misspelled_kind_gets_did_you_mean(typed: str, meant: str) -> None:
    with pytest.raises(ValueError, match=f"did you mean '{meant}'"):
        check_kind(typed, DEFAULT_KINDS)


def test_a_kind_far_from_any_gets_the_list_only() -> None:
    with pytest.raises(ValueError, match=r"^use one of: charter-network"):
        check_kind("zzzz", DEFAULT_KINDS)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("https://www.valleyschools,org/", "cannot have: ',', perhaps a comma typed for a dot"),
        ("https://www..valleyschools.org/", "has two dots in a row"),
        ("https://valleyschools/", "has no dot: write the whole name, such as www.valleyschools"),
        ("https://www.valley_schools.org/", "cannot have: '_'"),
        ("https://-valley.org/", "starts or ends with a hyphen"),
        ("https://www.valleyschools.org:99999/", "is not a port (0 to 65535)"),
    ],
)
def test_a_host_no_browser_can_reach_is_named(url: str, said: str) -> None:
    """Each was published as a link leading nowhere, with "no problems" everywhere (an
    outside tester's finding)."""
    with pytest.raises(ValueError, match=re.escape(said)):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org/",
        "https://bücher.example/seite",  # a name in another script, as IDNA allows
        "http://192.168.0.1/",
        "http://localhost:8000/",  # a guide's link to the preview on one's own computer
        "https://[::1]:8080/",
        "https://www.example.org.:443/a?b=c#d",
        "mailto:office@example.org",
    ],
)
def test_hosts_browsers_reach_pass(url: str) -> None:
    assert check_url(url) == url


def test_a_card_with_a_comma_in_its_host_is_named_at_the_url_line(tmp_path: Path) -> None:
    page = (
        front_matter("A page with one card whose address has a comma for a dot.")
        + "# Partners\n\n:::{partner-card} Valley Schools\n:id: valley\n"
        + ":url: https://www.valleyschools,org/\n:::\n"
    )
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 1, warnings
    assert "index.md:10: WARNING: partner-card 'Valley Schools': url " in warnings[0]
    assert warnings[0].endswith(
        "perhaps a comma typed for a dot. Open the site in a browser and copy the address "
        "from there. [partners.url]"
    )
    assert parse_html(outdir / "index.html").select(".partners-card a") == []


def test_words_wrapped_in_quotes_are_named_where_they_are(tmp_path: Path) -> None:
    """Quotes around a card's name, location or logo description, a grid's caption or a
    picture's alt text were published as they are, with "no problems" (a tester's
    finding); quotes inside the words are the author's."""
    page = (
        "# Quotes\n\n:::{partner-card} \u201cValley Schools\u201d\n:id: valley\n"
        ":location: \u2018Valley Town, California\u2019\n:::\n\n"
        ":::{partner-card} Hill Schools\n:id: hill\n"
        ":location: The \u201cHill\u201d district\n:::\n\n"
        "::::{image-grid}\n:caption: \u201cOur visit\u201d\n"
        "![\u201cA teacher reading\u201d](photo.png)\n::::\n"
    )
    Image.new("RGB", (64, 48), "teal").save(tmp_path / "photo.png")
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    quoted = [w for w in warnings if w.endswith("[partners.quotes]")]
    assert len(warnings) == len(quoted) == 4, warnings
    lines = [w.split("index.md:")[1].split(":")[0] for w in quoted]
    assert sorted(lines, key=int) == ["3", "5", "14", "15"], warnings
    assert any(
        "location \u2018Valley Town, California\u2019 is wrapped in quotes" in w for w in quoted
    )


def test_a_missing_colon_after_https_is_named() -> None:
    with pytest.raises(ValueError, match="the colon after https is missing: write https://www"):
        check_url("https//www.example.org/")


def test_quotes_around_a_year_or_an_id_are_named_as_the_cause(tmp_path: Path) -> None:
    """Both were refused, with no word about the quotes (a tester's finding)."""
    page = (
        "# Quotes\n\n:::{partner-card} Valley Schools\n:id: \u201cvalley\u201d\n"
        ":since: \u201c2018\u201d\n:::\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page})
    assert len(warnings) == 2, warnings
    assert "(the quotes around it are not part of an id)" in warnings[0]
    assert "index.md:5:" in warnings[1] and "curly quotes" in warnings[1]


def test_an_address_without_a_host_is_said_so() -> None:
    """markdown-it made '[x](https://[::1/x)' into 'https://:1%5B:/x', whose host is empty:
    "the host '' is not a name browsers can look up" said nothing useful."""
    from sphinx_partners.options import check_host

    with pytest.raises(ValueError, match="the address has no host"):
        check_host("")


@pytest.mark.parametrize(
    "typed",
    ["www.lindsay.k12.ca.us", "grants.gov/apply", "Example.org?page=2", "www.example.org:8080/"],
)
def test_an_address_without_its_beginning_is_given_back_with_it(typed: str) -> None:
    """A newcomer's mistake: the address copied without https:// was refused with a list
    of schemes "written in lowercase", which reads as if case were the problem."""
    with pytest.raises(ValueError, match=f"lacks its beginning: write https://{re.escape(typed)} "):
        check_url(typed)


def test_a_card_address_with_a_name_before_an_at_is_refused() -> None:
    """A red team's twelfth round: the reader takes the name before @ for the site's."""
    with pytest.raises(ValueError, match=re.escape("writes 'www.grants.gov' before an @")):
        check_url("https://www.grants.gov@evil.example/")


@pytest.mark.parametrize("typed", ["https://www.example.org\uff0fapply", "https://a\u2101b.org/"])
def test_a_look_alike_of_a_slash_in_the_host_is_named_as_such(typed: str) -> None:
    """A red team's twelfth round: a full-width slash was answered with advice about
    brackets."""
    with pytest.raises(ValueError, match=re.escape("looks like / # ? @ or : but is another")):
        check_url(typed)
