"""Compile the extension's message catalogs (.po) into the .mo files it ships.

Usage: ``python scripts/compile_catalogs.py [--check]``. Sphinx reads only compiled
catalogs, so each ``.po`` under ``ext/sphinx_partners/locales`` has its ``.mo`` beside
it, committed. ``--check`` compiles in memory and exits 1 if a committed ``.mo`` is out
of step with its ``.po`` (the test suite runs it). Babel comes with Sphinx.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent.parent / "ext" / "sphinx_partners" / "locales"


def compiled(po_file: Path) -> bytes:
    with po_file.open("rb") as source:
        catalog = read_po(source)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args()
    stale = []
    for po_file in sorted(LOCALES.glob("*/LC_MESSAGES/*.po")):
        mo_file = po_file.with_suffix(".mo")
        data = compiled(po_file)
        if mo_file.is_file() and mo_file.read_bytes() == data:
            continue
        if args.check:
            stale.append(mo_file)
        else:
            mo_file.write_bytes(data)
            print(f"compiled {mo_file.relative_to(LOCALES.parent)}")
    for mo_file in stale:
        print(f"{mo_file}: out of step with its .po; run python scripts/compile_catalogs.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
