"""The contributors' templates (``docs/contributing/templates.md``), pasted unchanged:
every text in capitals left to replace is named by the build, so none can be published.

The rule (``partners.placeholder``) takes three capital words in a row for a
placeholder, so that names such as "NEW YORK" pass; a template's placeholder of two
words would go unseen. Each template is built as a contributor would paste it, with the
files it names in place (a missing file would hide the alt texts behind its own warning).
The card's id, kind and year are in capitals too, and named by their own rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import DOCS_DIR, assert_each_at_its_text, build_small_site, front_matter

TEMPLATES = re.findall(
    r"````markdown\n(.*?)````", (DOCS_DIR / "contributing" / "templates.md").read_text(), re.S
)
FRONT = front_matter("A page on which a template is pasted as it is, to see what the build says.")
FRONT += "\n# Pasted\n\n"
#: Two or more words in capitals in a row: what a reader takes for a placeholder.
CAPITALS = re.compile(
    r"\b[A-Z][A-Z0-9'\u2019-]*[A-Z0-9](?:[ ,:/]+[A-Z][A-Z0-9'\u2019-]*[A-Z0-9]\b)+"
)
NAMED = re.compile(r"WARNING: '(.*)' looks like a template's placeholder")


def _files_named_in(srcdir: Path, template: str) -> None:
    for path in re.findall(r"\(?(/_static/[^\s)\"]+)", template):
        file = srcdir / path.lstrip("/")
        file.parent.mkdir(parents=True, exist_ok=True)
        if file.suffix == ".svg":
            file.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"/>')
        else:
            Image.new("RGB", (400, 300), "teal").save(file)


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) == 4  # a card, a page, a row of photos, a fact


@pytest.mark.parametrize("template", TEMPLATES, ids=["card", "page", "photo-row", "fact"])
def test_every_text_to_replace_in_a_template_is_named(tmp_path: Path, template: str) -> None:
    page = template if template.startswith("---") else FRONT + template
    _files_named_in(tmp_path, template)
    _, warnings, _ = build_small_site(tmp_path, {"index.md": page}, "partners_page_rules = True\n")
    named = [match.group(1) for warning in warnings if (match := NAMED.search(warning))]
    # The card's id, kind and year, in capitals too, are named by their own rules.
    others = [w for w in warnings if not NAMED.search(w)]
    assert sorted(w.rsplit("[", 1)[1] for w in others) == (
        ["partners.id]", "partners.kind]", "partners.since]"] if "partner-card" in template else []
    ), warnings
    named += [value for w in others for value in re.findall(r"'([^']*)'", w)]
    unseen = [
        capitals.group(0)
        for capitals in CAPITALS.finditer(template)
        if not any(capitals.group(0) in text for text in named)
    ]
    assert unseen == [], f"not named: {unseen}; named: {named}"
    assert_each_at_its_text(warnings, page)  # where the contributor has to write
