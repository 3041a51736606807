"""Print pip constraints that pin every direct dependency to its declared lower bound.

``nox -s compat`` installs the extension with these constraints, so the suite runs
on the oldest versions ``pyproject.toml`` promises. A dependency named in several places
(the runtime list and an extra) gets the highest of its lower bounds, since pip must
meet them all at once::

    python scripts/lowest_requirements.py tests --except lint > constraints.txt

Only the named extras (and the extras they pull in) are read; ``--except`` leaves an
extra's own packages free (the lint tools judge our code, they are not what users install).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def lowest_versions(
    project: dict[str, object], extras: list[str], free: frozenset[str] = frozenset()
) -> dict[str, Version]:
    """The highest ``>=`` bound of each direct dependency of the project and ``extras``.

    Extras in ``free`` are followed (for the extras they pull in) but not pinned.
    """
    name = canonicalize_name(str(project["name"]))
    optional: dict[str, list[str]] = project.get("optional-dependencies", {})  # type: ignore[assignment]
    pending = [*project.get("dependencies", []), *(f"{name}[{e}]" for e in extras)]  # type: ignore[misc]
    seen_extras: set[str] = set()
    floors: dict[str, Version] = {}
    while pending:
        requirement = Requirement(pending.pop())
        if canonicalize_name(requirement.name) == name:
            for extra in requirement.extras - seen_extras:
                seen_extras.add(extra)
                pending.extend(
                    r
                    for r in optional[extra]
                    if extra not in free or canonicalize_name(Requirement(r).name) == name
                )
            continue
        bounds = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        if not bounds:
            sys.exit(f"{requirement}: every dependency needs a lower bound (>=)")
        key = canonicalize_name(requirement.name)
        floors[key] = max([*bounds, floors.get(key, bounds[0])])
    return floors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extras", nargs="*", help="extras to include, e.g. docs tests")
    parser.add_argument(
        "--except", dest="free", action="append", default=[], help="an extra not to pin"
    )
    args = parser.parse_args()
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    floors = lowest_versions(project, args.extras, frozenset(args.free))
    for package, version in sorted(floors.items()):
        print(f"{package}=={version}")


if __name__ == "__main__":
    main()
