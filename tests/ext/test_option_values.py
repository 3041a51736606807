"""Option values: the cause of a mistake is named (curly quotes, a misspelled kind)."""

from __future__ import annotations

import pytest

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
