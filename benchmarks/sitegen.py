"""Generate the benchmark's sites: the same pages with our directives, with stock
sphinx-design, or for Material for MkDocs.

Every page has six partner cards and a three-image grid. Pages sit three levels deep
(root, section, section/more) so relative links and the navigation tree differ by folder.
Images come from a small pool, as on a real site where pages share photos and logos.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

if TYPE_CHECKING:
    from collections.abc import Callable

PAGES_PER_SECTION = 20
PHOTOS = 24
#: The photos' file name endings, by format.
PHOTO_SUFFIXES = {"jpeg": ".jpg", "png": ".png"}
LOGOS = 8
CARDS_PER_PAGE = 6
KINDS = ("district", "school", "nonprofit", "research", "funder", "consortium")

CONF = """\
project = "Benchmark ({flavour})"
extensions = {extensions!r}
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
suppress_warnings = ["myst.header"]
"""
EXTENSIONS = {
    "ours": ["myst_parser", "sphinx_design", "sphinx_partners"],
    "stock": ["myst_parser", "sphinx_design"],
}
#: Material for MkDocs with what its own cards and grids need. The site's pages are
#: ``<root>/docs``; MkDocs builds the navigation from the folders.
MKDOCS_CONFIG = """\
site_name: Benchmark (mkdocs)
docs_dir: docs
theme:
  name: material
markdown_extensions:
  - attr_list
  - md_in_html
plugins:
  - search
"""
#: Where a page's root-relative paths ("/img/...") point from its folder (MkDocs wants
#: relative paths); Sphinx's pages keep "/" (Sphinx reads it as the source folder).
ROOT_PLACEHOLDER = "{root}/"


def write_site(root: Path, pages: int, flavour: str, photos: str = "jpeg") -> list[str]:
    """Write a site of *pages* pages into *root*; return the docnames of its leaf pages.

    *photos*: the format of the 24 photos, ``jpeg`` or ``png`` (contributors often add
    screenshots and exported photos as PNG).

    For "mkdocs", *root* gets ``mkdocs.yml`` and the pages go to ``root/docs``.
    """
    root.mkdir(parents=True, exist_ok=True)
    if flavour == "mkdocs":
        (root / "mkdocs.yml").write_text(MKDOCS_CONFIG, encoding="utf-8")
        root = root / "docs"
        root.mkdir(exist_ok=True)
    else:
        (root / "conf.py").write_text(
            CONF.format(flavour=flavour, extensions=EXTENSIONS[flavour]), encoding="utf-8"
        )
    write_images(root, photos)
    page_of = {"ours": our_page, "stock": stock_page, "mkdocs": mkdocs_page}[flavour]
    body = functools.partial(page_of, suffix=PHOTO_SUFFIXES[photos])
    sections = max(1, -(-pages // PAGES_PER_SECTION))
    leaves: list[str] = []
    remaining = pages - 1  # the root index is a page too
    section_names = []
    for s in range(sections):
        if remaining <= 0:
            break
        name = f"section-{s:03d}"
        section_names.append(f"{name}/index")
        count = min(PAGES_PER_SECTION, remaining)
        leaves += write_section(root / name, name, s, count, body)
        remaining -= count
    _write_index(root / "index.md", "Partnerships benchmark", section_names, caption="Sections")
    if flavour == "mkdocs":
        _as_mkdocs(root)
    return leaves


def _as_mkdocs(docs: Path) -> None:
    """Page paths relative to each page, and index pages as lists of links."""
    for page in docs.rglob("*.md"):
        depth = len(page.relative_to(docs).parts) - 1
        text = page.read_text(encoding="utf-8").replace(ROOT_PLACEHOLDER, "../" * depth)
        if "```{toctree}" in text:
            head, _, rest = text.partition("```{toctree}")
            entries = [
                line for line in rest.split("```")[0].splitlines()[1:]
                if line and not line.startswith(":")
            ]  # fmt: skip
            text = head + "".join(f"- [{entry}]({entry}.md)\n" for entry in entries)
        page.write_text(text, encoding="utf-8")


def write_section(
    folder: Path, name: str, number: int, count: int, body: Callable[[int], str]
) -> list[str]:
    """A section index, half its pages beside it and half one folder down."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "more").mkdir(exist_ok=True)
    leaves = count - 2  # the section's index and its "more" index are pages too
    near, far = (leaves + 1) // 2, leaves // 2
    near_docs = [f"page-{k:02d}" for k in range(max(near, 0))]
    far_docs = [f"page-{k:02d}" for k in range(near, near + max(far, 0))]
    entries = [*near_docs, "more/index"] if count > 1 else near_docs
    _write_index(folder / "index.md", f"Section {number}", entries)
    if count > 1:
        _write_index(folder / "more" / "index.md", f"More from section {number}", far_docs)
    for k, doc in enumerate(near_docs):
        (folder / f"{doc}.md").write_text(body(number * PAGES_PER_SECTION + k), encoding="utf-8")
    for k, doc in enumerate(far_docs, start=len(near_docs)):
        text = body(number * PAGES_PER_SECTION + k)
        (folder / "more" / f"{doc}.md").write_text(text, encoding="utf-8")
    return [f"{name}/{d}" for d in near_docs] + [f"{name}/more/{d}" for d in far_docs]


def _write_index(path: Path, title: str, entries: list[str], caption: str = "") -> None:
    options = f":caption: {caption}\n" if caption else ""
    toctree = "\n".join(entries)
    path.write_text(
        f"# {title}\n\nAn overview of this part of the site.\n\n"
        f"```{{toctree}}\n:maxdepth: 2\n{options}\n{toctree}\n```\n",
        encoding="utf-8",
    )


def add_page(root: Path, flavour: str, photos: str = "jpeg") -> None:
    """The incremental case: one new page, listed in the first section's toctree."""
    body = our_page if flavour == "ours" else stock_page
    text = body(99_999, suffix=PHOTO_SUFFIXES[photos])
    (root / "section-000" / "added.md").write_text(text, encoding="utf-8")
    index = root / "section-000" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("\n```\n", "\nadded\n```\n"), encoding="utf-8")


def _card_facts(page: int, k: int) -> tuple[str, str, str, str, int]:
    number = page * CARDS_PER_PAGE + k
    return (
        f"Partner {page}-{k} Unified School District",
        f"p{page}-{k}",
        KINDS[number % len(KINDS)],
        f"/_static/partners/logo-{number % LOGOS}.png",
        2000 + number % 25,
    )


def _photos(page: int, suffix: str) -> list[tuple[str, str]]:
    numbers = [(page * 3 + j) % PHOTOS for j in range(3)]
    return [(f"Photo {n} on page {page}", f"/img/photo-{n}{suffix}") for n in numbers]


def _intro(page: int) -> str:
    return (
        f"# Page {page}: partners and pictures\n\n"
        f"What partners on page {page} did together, with *emphasis* and a "
        f"[link](https://example.org/{page}).\n\n## Partners\n\n"
    )


def our_page(page: int, suffix: str = ".jpg") -> str:
    parts = [_intro(page)]
    for k in range(CARDS_PER_PAGE):
        name, card_id, kind, logo, since = _card_facts(page, k)
        parts.append(
            f":::{{partner-card}} {name}\n:id: {card_id}\n:kind: {kind}\n"
            f":location: Town {k}, California\n:logo: {logo}\n:since: {since}\n\n"
            f"Worked with us on reading and *maths* since {since}.\n:::\n\n"
        )
    parts.append("## Pictures\n\n::::{image-grid}\n:columns: 1 2 3\n")
    parts += [f"![{alt}]({src})\n" for alt, src in _photos(page, suffix)]
    parts.append("::::\n")
    return "".join(parts)


def stock_page(page: int, suffix: str = ".jpg") -> str:
    parts = [_intro(page), "::::{grid} 1 2 3 3\n:gutter: 2\n\n"]
    for k in range(CARDS_PER_PAGE):
        name, _, kind, logo, since = _card_facts(page, k)
        parts.append(
            f":::{{grid-item-card}} {name}\n:img-top: {logo}\n:img-alt: Logo of {name}\n\n"
            f"{kind} · Town {k}, California · since {since}\n\n"
            f"Worked with us on reading and *maths* since {since}.\n:::\n\n"
        )
    parts.append("::::\n\n## Pictures\n\n::::{grid} 1 2 3 3\n:gutter: 2\n\n")
    for alt, src in _photos(page, suffix):
        parts.append(f":::{{grid-item}}\n![{alt}]({src})\n:::\n\n")
    parts.append("::::\n")
    return "".join(parts)


def mkdocs_page(page: int, suffix: str = ".jpg") -> str:
    """The same content with Material for MkDocs' own grid cards and a grid of pictures."""
    parts = [_intro(page), '<div class="grid cards" markdown>\n\n']
    for k in range(CARDS_PER_PAGE):
        name, _, kind, logo, since = _card_facts(page, k)
        logo = logo.replace("/", ROOT_PLACEHOLDER, 1)
        parts.append(
            f'-   ![Logo of {name}]({logo}){{ width="56" }}\n\n'
            f"    **{name}**\n\n"
            f"    {kind} · Town {k}, California · since {since}\n\n"
            f"    Worked with us on reading and *maths* since {since}.\n\n"
        )
    parts.append('</div>\n\n## Pictures\n\n<div class="grid" markdown>\n\n')
    for alt, src in _photos(page, suffix):
        parts.append(f"![{alt}]({src.replace('/', ROOT_PLACEHOLDER, 1)})\n\n")
    parts.append("</div>\n")
    return "".join(parts)


def write_images(root: Path, photos: str = "jpeg") -> None:
    """Photos (1600x1067, JPEG or PNG) and logos (400x400 PNG), with enough detail to
    compress."""
    rng = random.Random(20261124)  # the same bytes on every run
    (root / "img").mkdir(exist_ok=True)
    (root / "_static" / "partners").mkdir(parents=True, exist_ok=True)
    for n in range(PHOTOS):
        path = root / "img" / f"photo-{n}{PHOTO_SUFFIXES[photos]}"
        picture = _picture(rng, (1600, 1067))  # drawn either way: the same bytes after
        if path.exists():
            continue
        if photos == "jpeg":
            picture.save(path, quality=85)
        else:
            picture.save(path, optimize=False)
    for n in range(LOGOS):
        path = root / "_static" / "partners" / f"logo-{n}.png"
        if not path.exists():
            _picture(rng, (400, 400)).save(path)


def _picture(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    noise = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    tint = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    picture = Image.blend(noise, tint, 0.85)
    draw = ImageDraw.Draw(picture)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(20, size[0] // 4)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    return picture
