"""The real site builds strictly: warnings are errors, references are checked."""

from __future__ import annotations

import pytest

from conftest import RealSite


@pytest.mark.parametrize("edition", ["english", "spanish"])
def test_docs_build_strictly(real_site: RealSite, edition: str) -> None:
    """``sphinx-build -W --keep-going -n``, as ``nox -s docs`` and CI run it (the build
    is shared with every test that reads the site: ``real_site``)."""
    assert real_site.returncode[edition] == 0, real_site.stderr[edition]
    assert real_site.stderr[edition].strip() == ""
    assert (getattr(real_site, edition) / "index.html").is_file()
