"""Checks on the knowledge base's content (issue 4).

* The prose is ours: no run of 8 or more consecutive words from a seed page appears in
  ``docs/``. The two seed pages are copied into ``tests/data/seeds/`` so this test never
  depends on anything outside the repository and never skips.
* Every partner organization has exactly one ``partner-card``, and every ``{partner}``
  role points at one of them.
* Every page has a one-sentence description (front matter ``myst.html_meta``), and the
  built HTML carries it as ``<meta name="description">``.
* Every image has alt text, and no alt text calls an illustration a photo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import RealSite
from sphinx_partners.alt_words import alt_problem

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"

SHINGLE = 8

# Names of real organizations may (and must) be written exactly as in the seeds. They act
# as breaks: a run of copied words cannot continue across one.
PROPER_NAMES = (
    "California Consortium for Development and Dissemination of Personalized Learning",
    "Center for Public Research and Leadership",
    "Columbia University",
    "Bill & Melinda Gates Foundation",
    "Summit Public Schools",
    "Lindsay Unified School District",
    "Student Insights",
)

# id -> the name the card must carry (case-insensitive substring of the card's title).
PARTNERS = {
    "somerville": "Somerville",
    "new-bedford": "New Bedford",
    "bedford": "Bedford",
    "student-insights": "Student Insights",
    "summit": "Summit Public Schools",
    "lindsay": "Lindsay Unified School District",
    "cprl": "Center for Public Research and Leadership",
    "transcend": "Transcend",
    "gates-foundation": "Gates Foundation",
    "c2d2": "C2D2",
}

PARTNER_KINDS = {
    "somerville": "district",
    "new-bedford": "district",
    "bedford": "district",
    "student-insights": "project",
    "summit": "charter-network",
    "lindsay": "district",
    "cprl": "research",
    "transcend": "nonprofit",
    "gates-foundation": "funder",
    "c2d2": "consortium",
}


# --- helpers ---------------------------------------------------------------------------


def pages() -> list[Path]:
    found = sorted(
        p
        for p in DOCS.rglob("*.md")
        if not any(part.startswith("_") for part in p.relative_to(DOCS).parts)
    )
    assert found, f"no Markdown pages found under {DOCS}"
    return found


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def words(text: str) -> list[str]:
    """Lower-case words with punctuation removed; apostrophes join (we've -> weve)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\u2018\u2019\u02bc`']", "", text)
    return re.findall(r"[a-z0-9]+", text)


def segments(text: str) -> list[list[str]]:
    """Word lists between proper names (names are removed and break runs)."""
    joined = " " + " ".join(words(text)) + " "
    for name in PROPER_NAMES:
        joined = joined.replace(" " + " ".join(words(name)) + " ", " | ")
    return [part.split() for part in joined.split("|")]


def shingles(text: str, size: int = SHINGLE) -> dict[tuple[str, ...], None]:
    out: dict[tuple[str, ...], None] = {}
    for seg in segments(text):
        for i in range(len(seg) - size + 1):
            out[tuple(seg[i : i + size])] = None
    return out


def markdown_prose(source: str) -> str:
    """Source text with markup that would hide copied prose removed."""
    source = re.sub(r"\{[A-Za-z0-9:_-]+\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", source)  # roles
    source = re.sub(r"\]\([^)]*\)", "] ", source)  # link and image targets
    return source


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return {}
    data = yaml.safe_load(match.group(1)) or {}
    assert isinstance(data, dict), f"{rel(path)}: front matter is not a mapping"
    return data


def description(path: Path) -> str | None:
    meta = (front_matter(path).get("myst") or {}).get("html_meta") or {}  # type: ignore[union-attr]
    for key, value in meta.items():
        if key.split()[0] == "description":
            return str(value)
    return None


CODE_DIRECTIVES = {"code", "code-block", "sourcecode", "literalinclude"}
FENCE_RE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<info>\S*)")
# A role ({name}`text`) is kept; an inline code span (`text`, ``text``) is blanked.
INLINE_RE = re.compile(
    r"(?P<role>\{[^}\s]+\}`[^`]*`)|(?P<ticks>`+)(?!`)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)"
)


def _blank_code(match: re.Match[str]) -> str:
    return match.group(0) if match["role"] else " " * len(match.group(0))


def without_code(text: str) -> str:
    """Blank out fenced code blocks and inline code, keeping line numbers.

    Authoring and contributing pages show examples of the syntax (cards, images, bad
    input) inside code; those are not part of the site's content.
    """
    out: list[str] = []
    closing: str | None = None  # the fence that ends the current code block
    directive_fences: list[str] = []  # open ```{directive} blocks (their content is kept)
    for line in text.splitlines():
        stripped = line.strip()
        if closing is not None:
            if stripped.startswith(closing) and set(stripped) == {closing[0]}:
                closing = None
            out.append("")
            continue
        match = FENCE_RE.match(line)
        if match:
            fence, info = match["fence"], match["info"]
            if (
                not info
                and directive_fences
                and set(stripped) == {directive_fences[-1][0]}
                and len(stripped) >= len(directive_fences[-1])
            ):
                directive_fences.pop()
                out.append(line)
                continue
            name = info[1:].split("}")[0] if info.startswith("{") else None
            if name is None or name in CODE_DIRECTIVES:
                closing = fence
                out.append("")
                continue
            directive_fences.append(fence)
            out.append(line)
            continue
        out.append(INLINE_RE.sub(_blank_code, line))
    return "\n".join(out)


DIRECTIVE_RE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[a-z-]+)\}[ \t]*(?P<arg>.*)$")
OPTION_RE = re.compile(r"^:(?P<key>[a-z-]+):[ \t]*(?P<value>.*)$")


def directives(path: Path) -> Iterator[tuple[int, str, str, dict[str, str]]]:
    """(line, name, argument, options) for each fenced directive in a page."""
    lines = without_code(path.read_text(encoding="utf-8")).splitlines()
    for number, line in enumerate(lines, start=1):
        match = DIRECTIVE_RE.match(line.strip())
        if not match:
            continue
        options: dict[str, str] = {}
        for following in lines[number:]:
            opt = OPTION_RE.match(following.strip())
            if not opt:
                break
            options[opt["key"]] = opt["value"].strip()
        yield number, match["name"], match["arg"].strip(), options


def partner_cards() -> list[tuple[str, int, str, dict[str, str]]]:
    return [
        (rel(page), line, arg, opts)
        for page in pages()
        for line, name, arg, opts in directives(page)
        if name == "partner-card"
    ]


MD_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)[^)]*\)(?P<attrs>\{[^}]*\})?")


# --- (a) the prose is ours ---------------------------------------------------------------


def seed_shingles() -> dict[tuple[str, ...], str]:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) >= 2, f"seed copies missing from {SEEDS}"
    out: dict[tuple[str, ...], str] = {}
    for seed in seeds:
        for shingle in shingles(seed.read_text(encoding="utf-8")):
            out.setdefault(shingle, seed.name)
    return out


def copied_runs(text: str, seeds: dict[tuple[str, ...], str]) -> list[str]:
    return sorted({" ".join(s) for s in shingles(markdown_prose(text)) if s in seeds})


def test_shingle_check_catches_a_copied_sentence() -> None:
    seeds = seed_shingles()
    assert not copied_runs("Our own sentence about growth that is slow and steady.", seeds)
    # Words straight from a seed list item, wrapped in markup, must still be caught.
    assert copied_runs(
        "We FOCUS on {term}`quality <q>` and [practice](x.md), not quantity -- or scale!", seeds
    )
    # Curly apostrophes and proper names do not hide a copied run.
    text = "We visited each other\u2019s schools, reviewed each other's strategic plans"
    assert copied_runs(text, seeds)


@pytest.mark.parametrize("page", pages(), ids=rel)
def test_no_run_of_eight_words_from_a_seed(page: Path) -> None:
    runs = copied_runs(page.read_text(encoding="utf-8"), seed_shingles())
    assert not runs, (
        f"{rel(page)} repeats {len(runs)} run(s) of {SHINGLE}+ words from a seed page; "
        "rewrite these passages in our own words:\n  " + "\n  ".join(runs)
    )


def test_no_email_addresses_in_docs() -> None:
    """We have no checked contact addresses, so none may appear (placeholders instead)."""
    for page in pages():
        text = without_code(page.read_text(encoding="utf-8"))
        found = re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+|mailto:", text)
        assert not found, f"{rel(page)}: e-mail address {found} (use a 'To be filled in' note)"


# --- (b) partners ------------------------------------------------------------------------


def test_every_partner_has_exactly_one_card() -> None:
    cards = partner_cards()
    by_id: dict[str, list[tuple[str, int, str, dict[str, str]]]] = {}
    for card in cards:
        by_id.setdefault(card[3].get("id", ""), []).append(card)
    for partner_id, name in PARTNERS.items():
        found = by_id.get(partner_id, [])
        assert found, f"no partner-card with ':id: {partner_id}' ({name}) in docs/"
        assert len(found) == 1, (
            f"partner '{partner_id}' has {len(found)} cards "
            f"({', '.join(f'{p}:{n}' for p, n, _, _ in found)}); keep one, use {{partner}} "
            "elsewhere"
        )
        page, line, title, options = found[0]
        assert name.lower() in title.lower(), f"{page}:{line}: card title {title!r} lacks {name!r}"
        assert options.get("kind") == PARTNER_KINDS[partner_id], (
            f"{page}:{line}: {partner_id} should have ':kind: {PARTNER_KINDS[partner_id]}'"
        )
        assert "since" not in options, (
            f"{page}:{line}: the seeds give no start year for {partner_id}; remove ':since:'"
        )


def test_partner_roles_point_at_cards() -> None:
    known = {card[3].get("id") for card in partner_cards()}
    for page in pages():
        text = without_code(page.read_text(encoding="utf-8"))
        for target in re.findall(r"\{partner\}`([^`]+)`", text):
            target_id = re.sub(r".*<([^>]+)>$", r"\1", target).strip()
            assert target_id in known, f"{rel(page)}: {{partner}}`{target}` has no card"


# --- (c) descriptions ----------------------------------------------------------------------


@pytest.mark.parametrize("page", pages(), ids=rel)
def test_every_page_has_a_one_sentence_description(page: Path) -> None:
    text = description(page)
    assert text, (
        f"{rel(page)} has no description. Add front matter:\n"
        '---\nmyst:\n  html_meta:\n    "description lang=en": "One sentence."\n---'
    )
    assert 40 <= len(text) <= 200, f"{rel(page)}: description is {len(text)} characters"
    assert text.endswith("."), f"{rel(page)}: the description should be a full sentence"
    assert not re.search(r"[.!?]\s+[A-Z]", text), f"{rel(page)}: use one sentence only"


@pytest.fixture(scope="module")
def built_html(real_site: RealSite) -> Path:
    """The site as built for the whole test run (its strictness: test_site.py)."""
    real_site.assert_built()
    return real_site.english


@pytest.mark.slow
def test_built_pages_carry_their_description(built_html: Path) -> None:
    from bs4 import BeautifulSoup

    for page in pages():
        html_file = built_html / page.relative_to(DOCS).with_suffix(".html")
        assert html_file.exists(), f"{rel(page)} was not built ({html_file.name} missing)"
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        metas = soup.find_all("meta", attrs={"name": "description"})
        assert metas, f'{html_file.name}: no <meta name="description">'
        assert metas[0].get("content", "").strip() == description(page), (
            f"{html_file.name}: the description meta differs from the page's front matter"
        )


@pytest.mark.slow
def test_built_images_have_alt_text(built_html: Path) -> None:
    from bs4 import BeautifulSoup

    for html_file in sorted(built_html.rglob("*.html")):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            name = html_file.relative_to(built_html)
            assert img.has_attr("alt"), f"{name}: <img src={img.get('src')!r}> has no alt"
            # The build's own rule (partners.alt), the one the preview and CI apply.
            assert alt_problem(img["alt"], img.get("src", "")) is None, f"{name}: {img}"


# --- (d) alt text in the sources ----------------------------------------------------------


def test_every_source_image_has_alt_text() -> None:
    seen = 0
    for page in pages():
        text = without_code(page.read_text(encoding="utf-8"))
        where = rel(page)
        for match in MD_IMAGE_RE.finditer(text):
            seen += 1
            alt = match["alt"].strip()
            line = text.count("\n", 0, match.start()) + 1
            if not alt and ".decorative" in (match["attrs"] or ""):
                continue  # deliberately empty: the picture adds nothing a reader needs
            assert alt_problem(alt, match["src"]) is None, f"{where}:{line}: {alt!r}"
            base = DOCS if match["src"].startswith("/") else page.parent
            if "://" not in match["src"]:
                assert (base / match["src"].lstrip("/")).exists(), (
                    f"{where}:{line}: {match['src']} does not exist"
                )
        for line, name, arg, options in directives(page):
            if name in {"image", "figure"}:
                seen += 1
                assert options.get("alt"), f"{where}:{line}: {{{name}}} {arg} needs :alt:"
                assert alt_problem(options["alt"], arg) is None, f"{where}:{line}: alt"
            if name == "partner-card" and "logo" in options:
                # Without :logo-alt: the extension writes "Logo of <name>"; ours say more.
                seen += 1
                assert alt_problem(options.get("logo-alt", ""), options["logo"]) is None, (
                    f"{where}:{line}: the logo's alt text"
                )
                logo = options["logo"]
                base = DOCS if logo.startswith("/") else page.parent
                assert (base / logo.lstrip("/")).exists(), f"{where}:{line}: no file {logo}"
        assert "<img" not in text or re.search(r"<img[^>]*\balt=\"[^\"]+\"", text), (
            f"{where}: raw <img> without alt text"
        )
    assert seen, "no images found at all: the checks above did not run"


def test_examples_in_code_are_not_content() -> None:
    source = "\n".join(
        [
            "```{note}",
            "See {partner}`lindsay` and `` {partner}`not-real` ``.",
            "```",
            "````markdown",
            ":::{partner-card} Example",
            ":id: example",
            ":::",
            "````",
            ":::{partner-card} Real",
            ":id: real",
            ":::",
        ]
    )
    kept = without_code(source)
    assert len(kept.splitlines()) == len(source.splitlines())
    assert "{partner}`lindsay`" in kept
    assert "not-real" not in kept
    assert ":id: example" not in kept
    assert ":id: real" in kept
