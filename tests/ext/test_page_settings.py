"""A page cannot change the parser settings, whatever spelling its front matter uses.

The policy sits where MyST merges a page's settings, so these tests drive MyST's own
reading: real builds of pages written with every line separator Python's
``str.splitlines`` (MyST's front matter reader) honours, and generated front matter
passed through MyST's ``read_topmatter`` and ``merge_file_level``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import build_project, fuzz, parse_html

#: Every separator ``str.splitlines`` splits on, so every one MyST's reader honours.
LINE_SEPARATORS = {
    "lf": "\n",
    "cr": "\r",
    "crlf": "\r\n",
    "vt": "\x0b",
    "ff": "\x0c",
    "fs": "\x1c",
    "gs": "\x1d",
    "rs": "\x1e",
    "nel": "\x85",
    "ls": "\u2028",
    "ps": "\u2029",
}
#: What the page's Jinja expression would print if substitutions ran.
EVALUATED = "partners" + "-evaluated" * 2

CONF = """\
extensions = ["myst_parser", "sphinx_partners"]
myst_enable_extensions = ["colon_fence", "fieldlist"]
myst_disable_syntax = ["html_block", "html_inline"]
html_theme = "basic"
suppress_warnings = ["toc.not_included"]
"""


def hostile_page(separator: str) -> str:
    lines = [
        "---",
        "myst:",
        "  enable_extensions: [substitution, html_image]",
        "  disable_syntax: []",
        "  substitutions:",
        "    leak: \"{{ 'partners' ~ '-evaluated' * 2 }}\"",
        "substitutions:",
        "  other: \"{{ 'partners' ~ '-evaluated' * 2 }}\"",
        "---",
        "",
        "# A page",
        "",
        "{{ 'partners' ~ '-evaluated' * 2 }} {{ leak }} {{ other }}",
        "",
        "<b onclick='alert(1)'>raw</b>",
        "",
    ]
    return separator.join(lines)


@pytest.fixture(scope="module")
def separators_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, list[str], dict[str, Any]]]:
    srcdir = tmp_path_factory.mktemp("separators")
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.md").write_text("# Index\n", encoding="utf-8")
    for name, separator in LINE_SEPARATORS.items():
        (srcdir / f"{name}.md").write_bytes(hostile_page(separator).encode("utf-8"))
    (srcdir / "fields.md").write_text(':x"<script>: 1\n:plain: ok\n\n# Fields\n', encoding="utf-8")
    outdir, warnings, app = build_project(srcdir)
    yield outdir, warnings, app.env.metadata


@pytest.mark.parametrize("name", sorted(LINE_SEPARATORS))
def test_no_line_separator_lets_a_page_change_its_settings(separators_site, name: str) -> None:
    outdir, warnings, _ = separators_site
    refused = [w for w in warnings if f"/{name}.md:" in w and w.endswith("[partners.frontmatter]")]
    assert len(refused) == 4, warnings  # enable_extensions, disable_syntax, 2 substitutions
    assert all("it was ignored" in each for each in refused)
    html = (outdir / f"{name}.html").read_text(encoding="utf-8")
    assert EVALUATED not in html
    soup = parse_html(outdir / f"{name}.html")
    assert soup.find("b") is None
    assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)


def test_warnings_name_the_line_of_each_setting(separators_site) -> None:
    _, warnings, _ = separators_site
    lines = sorted(
        int(w.split("lf.md:")[1].split(":")[0])
        for w in warnings
        if "/lf.md:" in w and "[partners.frontmatter]" in w
    )
    assert lines == [3, 4, 5, 7]


def test_a_field_list_at_the_top_keeps_plain_metadata_keys_only(separators_site) -> None:
    _, warnings, metadata = separators_site
    refused = [w for w in warnings if "/fields.md:1:" in w and "[partners.frontmatter]" in w]
    assert len(refused) == 1, warnings
    assert 'x"<script>' in refused[0]
    assert metadata["fields"].get("plain") == "ok"
    assert not any("<" in key for key in metadata["fields"])


def test_another_project_in_the_same_process_keeps_myst_behaviour() -> None:
    """Outside a page our parser reads, MyST's merge is untouched."""
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers import sphinx_ as myst_sphinx_parser

    config = myst_sphinx_parser.merge_file_level(
        MdParserConfig(), {"myst": {"heading_anchors": 2}}, lambda *args: None
    )
    assert config.heading_anchors == 2


separator = st.sampled_from(sorted(LINE_SEPARATORS.values()))
setting = st.sampled_from(
    ["enable_extensions", "disable_syntax", "substitutions", "url_schemes", "html_meta"]
)


@fuzz(200)
@given(
    separators=st.lists(separator, min_size=12, max_size=12),
    keys=st.lists(setting, min_size=1, max_size=4),
    quote=st.sampled_from(["", '"', "'"]),
    indent=st.sampled_from(["  ", "    ", "\t"]),
)
def test_merged_settings_never_include_what_a_page_may_not_set(
    separators: list[str], keys: list[str], quote: str, indent: str
) -> None:
    """MyST's own reader and merge, with the policy of a page in place."""
    from myst_parser.config.main import MdParserConfig, TopmatterReadError, read_topmatter
    from myst_parser.parsers import sphinx_ as myst_sphinx_parser

    from sphinx_partners.safety import page_settings

    page_settings.hook_myst_page_settings()  # as setup() does; this test may run alone
    values = {
        "enable_extensions": "[substitution]",
        "disable_syntax": "[]",
        "substitutions": "{x: y}",
        "url_schemes": "[javascript]",
        "html_meta": "{description: fine}",
    }
    lines = ["---", "myst:"]
    lines += [f"{indent}{quote}{key}{quote}: {values[key]}" for key in keys]
    lines += ["substitutions: {z: w}", "---", "# Title", ""]
    text = "".join(line + sep for line, sep in zip(lines, separators, strict=False))
    try:
        topmatter = read_topmatter(text)
    except TopmatterReadError:
        return  # MyST reports it and merges nothing
    assert topmatter is not None
    base = MdParserConfig(enable_extensions={"colon_fence"})
    policy = page_settings.PagePolicy(frozenset({"html_meta"}), "page.md", text)
    token = page_settings._current_policy.set(policy)
    try:
        with pytest.MonkeyPatch.context() as patch:
            # The warnings themselves are tested above, on real builds.
            patch.setattr(page_settings, "warn", lambda *args, **kwargs: None)
            merged = myst_sphinx_parser.merge_file_level(base, topmatter, lambda *a: None)
    finally:
        page_settings._current_policy.reset(token)
    assert set(merged.enable_extensions) == {"colon_fence"}
    assert merged.substitutions == {}
    assert merged.disable_syntax == base.disable_syntax
    assert merged.url_schemes == base.url_schemes


def _alias_levels(levels: int) -> list[str]:
    """YAML anchors, each a list of nine of the one before: nine to the *levels*."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefghij", "bcdefghijk", strict=False):
        if len(lines) == levels:
            break
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return lines


def test_an_html_meta_value_that_is_a_list_is_left_out_never_written(tmp_path: Path) -> None:
    """A red team's fourteenth round: a list of YAML aliases, 700 bytes in the page,
    grew to gigabytes when MyST wrote it as a meta tag's text, and stopped the build.
    Six levels here (a meta tag of half a million words before the fix)."""
    anchors = _alias_levels(6)
    page = [
        "---",
        *anchors,
        "myst:",
        "  html_meta:",
        '    "description lang=en": "A page whose front matter repeats a list in itself."',
        f"    keywords: *{anchors[-1][0]}",
        "---",
        "",
        "# Aliases",
    ]
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "index.md").write_text("\n".join(page) + "\n", encoding="utf-8")
    outdir, warnings, _ = build_project(tmp_path)
    ours = [w for w in warnings if w.endswith("[partners.frontmatter]")]
    assert len(ours) == 1 and "index.md:11:" in ours[0], warnings
    assert "the value of 'keywords' is a list or a mapping" in ours[0]
    metas = parse_html(outdir / "index.html").select("meta[name]")
    assert [meta["name"] for meta in metas if meta["name"] != "viewport"] == ["description"]
    assert (outdir / "index.html").stat().st_size < 20_000
