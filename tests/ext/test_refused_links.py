"""A Markdown link markdown-it refuses (javascript:, vbscript:, file:) is said, at its line,
on a site with ``partners_harden_site`` (without it, test_site_wide_checks.py: nothing)."""

from __future__ import annotations

from pathlib import Path

from conftest import build_small_site, parse_html

PAGE = """\
# Links

A [safe link](https://example.org/) stays a link.

Click [here](javascript:alert(1)) to win.

Or [there](VBScript:msgbox) and [a file](file:///etc/passwd).

Spelled with character references: [one](&#106;avascript:alert(2)), [two](javascript&colon;x).

The word javascript: in a sentence, and `[code](javascript:x)` in code, are no links.
"""


def test_refused_links_are_named_at_their_line(tmp_path: Path) -> None:
    outdir, warnings, _ = build_small_site(
        tmp_path, {"index.md": PAGE}, "partners_harden_site = True\n"
    )
    refused = [w for w in warnings if "shown as plain text" in w]
    assert [w.split("index.md:")[1].split(":")[0] for w in refused] == ["5", "7", "7", "9", "9"], (
        warnings
    )
    assert all(w.endswith("[partners.scheme]") and "https://" in w for w in refused)
    assert "'javascript:alert(1)'" in refused[0]
    # The page is as markdown-it made it: the refused links are text, the safe one a link.
    article = parse_html(outdir / "index.html")
    hrefs = [a["href"] for a in article.select("a[href]") if "example.org" in a["href"]]
    assert hrefs == ["https://example.org/"]
    assert "[here](javascript:alert(1))" in article.get_text()


def test_a_refused_link_on_a_paragraph_s_later_line_is_named_there(tmp_path: Path) -> None:
    """Named at the paragraph's first line, three lines above the link (a tester's
    finding): the contributor looked for it there."""
    page = (
        "# Links\n\nA paragraph that\nruns over lines, and  \nthen gives\n[a link](javascript:x).\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, "partners_harden_site = True\n")
    assert len(warnings) == 1 and "index.md:6: WARNING:" in warnings[0], warnings


def test_a_link_whose_host_leads_nowhere_is_named_at_its_line(tmp_path: Path) -> None:
    """A comma typed for a dot in an ordinary link: published, with every check passing."""
    from conftest import front_matter

    page = (
        front_matter("A page with a link whose address has a comma typed for a dot.")
        + "# Links\n\nRead the guide\nfor families: [the family guide](https://www.example,org/g).\n"
        + "\nAnd [a good one](https://www.example.org/), and `https://x,y/` in code.\n"
    )
    settings = "partners_page_rules = True\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, settings)
    assert len(warnings) == 1, warnings
    assert (
        "index.md:9: WARNING: the link to 'https://www.example,org/g' leads nowhere: the "
        in (warnings[0])
    )
    assert "perhaps a comma typed for a dot. Open the page in a browser" in warnings[0]
    assert warnings[0].endswith("[partners.url]")


def test_a_broken_address_is_not_taken_for_a_placeholder(tmp_path: Path) -> None:
    """markdown-it writes '[x](https://[::1/x)' as 'https://:1%5B:/x', whose host part
    ':1%5B:' has a capital and no small letter: it was named a template's placeholder
    beside the address that leads nowhere."""
    from conftest import front_matter

    page = (
        front_matter("A page with one link whose address has lost its host to a typo.")
        + "# Links\n\nA [bad](https://[::1/x) link.\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, "partners_page_rules = True\n")
    assert len(warnings) == 1 and warnings[0].endswith("[partners.url]"), warnings
    assert "the address has no host" in warnings[0]


def test_a_bracket_in_a_link_s_host_does_not_stop_the_build(tmp_path: Path) -> None:
    """An rST page's link reaches the page rules as written ('https://[::1/x'), where
    Python's urlsplit raises "Invalid IPv6 URL": the placeholder rule stopped the build
    with a traceback (found trying another road than Markdown's)."""
    page = "Home\n====\n\nA `bad <https://[::1/x>`_ link.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.rst": page}, "partners_page_rules = True\n")
    hosts = [w for w in warnings if w.endswith("[partners.url]")]
    assert len(hosts) == 1, warnings
    assert (
        "index.rst:4: WARNING: the link to 'https://[::1/x' leads nowhere: it has a [ or ]"
        in (hosts[0])
    )
