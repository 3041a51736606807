"""Markdown tables that did not come out as tables are named at their line
(``partners.table``, on sites with the page rules): both passed every check, and the
page showed a paragraph of | signs, or a sentence as a table's last row (a tester's
findings)."""

from __future__ import annotations

from pathlib import Path

from conftest import build_small_site, front_matter, parse_html, warning_line

RULES = "partners_page_rules = True\n"
DESCRIBED = front_matter("A page with tables, some of them written with a common slip.")


def test_a_table_without_its_line_of_dashes_is_named(tmp_path: Path) -> None:
    page = DESCRIBED + "# Tables\n\n| Resource | Year |\n| Family survey | 2019 |\n"
    outdir, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1 and warning_line(warnings[0]) == 8, warnings
    assert "a table needs a line of dashes under its first row" in warnings[0]
    assert warnings[0].endswith("[partners.table]")
    assert parse_html(outdir / "index.html").select("table") == []  # what was published


def test_a_sentence_right_under_a_table_is_named(tmp_path: Path) -> None:
    page = DESCRIBED + "# Tables\n\n| A | B |\n|---|---|\n| 1 | 2 |\nA sentence right after.\n"
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert len(warnings) == 1 and warning_line(warnings[0]) == 11, warnings
    assert "Leave a blank line between the table and the text after it." in warnings[0]


def test_good_tables_and_pipes_in_a_sentence_pass(tmp_path: Path) -> None:
    page = (
        DESCRIBED
        + "# Tables\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nA sentence | with a pipe.\n\n"
        + "```text\n| Resource | Year |\n| In code | 2019 |\n```\n"
    )
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, RULES)
    assert warnings == []
    _, without_rules, _ = build_small_site(
        tmp_path / "plain", {"index.md": page.replace("\n\nA sentence", "\nA sentence")}
    )
    assert without_rules == []  # a site that did not ask for the page rules
