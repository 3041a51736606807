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
