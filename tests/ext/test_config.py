"""Bad values of every setting: a warning at conf.py's line, the default, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_small_site
from sphinx_partners.config import SETTINGS

BAD_VALUES = {
    "partners_kinds": [{}, {"Bad Kind!": "x"}, {"district": ""}, ["district"]],
    "partners_max_image_pixels": [0, -1, True, 10**12],
    "partners_image_widths": [[], ["a"], [0], (320, 99_999), "320"],
    "partners_logo_widths": [[], [56, "x"], [5000]],
    "partners_image_max_width": [0, 20_000, "big"],
    "partners_image_quality": [500, 0, 80.5],
    "partners_image_content_width": ["wide", "", "46", "calc(100% - 2em)"],
    "partners_image_workers": [-1, "all"],
    "partners_fast_navigation": ["yes", 1],
    "partners_refresh_navigation": [None],
    "partners_harden_site": ["true"],
    "partners_preview": ["yes", 1.5],
    "partners_preview_checks": ["python check.py", [[]], [["python", 3]], [[""]]],
    "partners_page_rules": ["on"],
    "partners_confine_files": ["no"],
    "partners_safe_links": [0],
    "partners_safe_url_schemes": ["https", ["JavaScript:"], [1]],
    "partners_allowed_inline_scripts": [[1], "x"],
    "partners_page_myst_keys": [["enable extensions"], "html_meta"],
    "partners_page_meta_names": [["Robots"], "description"],
    "partners_page_metadata_refused": [["og title"], "og:"],
    "partners_max_directory_entries": [0, 10**9],
    "partners_max_heading_anchors": [0, 10**9],
    "partners_highlight_block_seconds": [0, 2.5, "2"],
    "partners_highlight_build_seconds": [-1, 10**6],
}
CASES = [(name, value) for name, values in BAD_VALUES.items() for value in values]


def test_every_setting_has_bad_values_tried() -> None:
    assert set(BAD_VALUES) == {setting.name for setting in SETTINGS}


@pytest.mark.parametrize(("name", "value"), CASES, ids=[f"{n}={v!r}" for n, v in CASES])
def test_a_bad_value_gives_a_located_warning_and_the_default(
    name: str, value: object, tmp_path: Path
) -> None:
    outdir, warnings, config_values = build_small_site(
        tmp_path,
        {"index.md": "# Home\n\n:::{partner-card} A school\n:kind: district\n:::\n"},
        conf_extra=f"{name} = {value!r}\n",
    )
    setting = next(each for each in SETTINGS if each.name == name)
    assert getattr(config_values, name) == setting.default
    config = [w for w in warnings if w.endswith("[partners.config]")]
    assert len(config) == 1, warnings
    assert "conf.py:4:" in config[0] and name in config[0] and "The default" in config[0]
    assert not [w for w in warnings if "Extension error" in w or "Traceback" in w]
    assert (outdir / "index.html").is_file()
