"""A file named on many pages is resolved, inspected and hashed once a build, and the
memo never hides a change: the site is the one a build without it writes."""

from __future__ import annotations

from collections import Counter
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image

from conftest import SMALL_CONF, warnings_of
from sphinx_partners import build_memo
from sphinx_partners.directory import domain
from sphinx_partners.images import nodes as image_nodes
from sphinx_partners.safety import paths

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


def _png(width: int, height: int, colour: str) -> bytes:
    data = BytesIO()
    Image.new("RGB", (width, height), colour).save(data, "PNG")
    return data.getvalue()


def _page(title: str, logo: str, photo: str) -> str:
    return (
        f"# {title}\n\n"
        f":::{{partner-card}} {title} partner\n:logo: {logo}\n:::\n\n"
        f"::::{{image-grid}}\n![A photo on {title}]({photo})\n::::\n"
    )


#: Two folders, each with pages naming the same logo and photo: relative to the page,
#: relative to the source folder (a leading /), and from the other folder (../).
PAGES = {
    "index.md": "# Home\n\n```{toctree}\none\ntwo\nteam/three\nteam/four\n```\n",
    "one.md": _page("One", "logo.png", "photo.png"),
    "two.md": _page("Two", "/logo.png", "photo.png"),
    "team/three.md": _page("Three", "../logo.png", "/photo.png"),
    "team/four.md": _page("Four", "/logo.png", "/photo.png"),
}


def _project(srcdir: Path) -> Path:
    (srcdir / "team").mkdir(parents=True)
    (srcdir / "conf.py").write_text(SMALL_CONF, encoding="utf-8")
    for name, text in PAGES.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    (srcdir / "logo.png").write_bytes(_png(60, 60, "navy"))
    (srcdir / "photo.png").write_bytes(_png(300, 200, "teal"))
    return srcdir


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each expensive look at a file really happened."""
    counts: Counter[str] = Counter()

    def counting(module: Any, name: str) -> None:
        original = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    counting(paths, "_resolve")
    counting(image_nodes, "inspect_image")
    counting(domain, "content_digest")
    return counts


def _forget_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every look at a file is done again, as before the memo."""
    monkeypatch.setattr(build_memo, "build_memo", lambda env, name: {})


def _build(make_app: Callable[..., SphinxTestApp], srcdir: Path, builddir: Path) -> Any:
    app = make_app("html", srcdir=srcdir, builddir=builddir)
    app.build()
    return app


def _site(app: Any) -> tuple[dict[str, bytes], list[str]]:
    files = {
        path.relative_to(app.outdir).as_posix(): path.read_bytes()
        for path in sorted(app.outdir.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".png", ".webp"}
    }
    # A second application in one process says its nodes are registered again.
    warnings = [w for w in warnings_of(app.warning) if "is already registered" not in w]
    return files, warnings


def test_each_file_is_looked_at_once_and_the_site_is_unchanged(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    calls: Counter[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    srcdir = _project(tmp_path / "src")
    remembered, warnings = _site(_build(make_app, srcdir, tmp_path / "remembered"))
    assert warnings == []
    # One resolution per way of writing the path from a folder: logo.png, /logo.png and
    # photo.png from the root; ../logo.png, /logo.png, /photo.png from team/ (an absolute
    # path is the same from every folder). One header per file, one hash per logo.
    assert calls == {"_resolve": 5, "inspect_image": 2, "content_digest": 1}

    calls.clear()
    _forget_everything(monkeypatch)
    looked_at_each_time, warnings = _site(_build(make_app, srcdir, tmp_path / "each-time"))
    assert warnings == []
    assert calls == {"_resolve": 8, "inspect_image": 8, "content_digest": 4}
    assert remembered == looked_at_each_time
    assert "team/four.html" in remembered


def test_the_same_name_in_another_folder_is_another_file(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    # photo.png from team/ is team/photo.png, which does not exist: the root's answer
    # for "photo.png" must not be reused.
    (srcdir / "team" / "four.md").write_text(
        _page("Four", "/logo.png", "photo.png"), encoding="utf-8"
    )
    _, warnings = _site(_build(make_app, srcdir, tmp_path / "build"))
    assert len(warnings) == 1
    assert "team/four.md:" in warnings[0]
    assert "'photo.png' cannot be used: the file does not exist" in warnings[0]


def test_a_file_changed_between_two_builds_is_looked_at_again(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """The preview builds again in one process: what the first build learnt is gone."""
    srcdir = _project(tmp_path / "src")
    app = _build(make_app, srcdir, tmp_path / "build")
    assert _site(app)[1] == []

    (srcdir / "photo.png").write_bytes(b"not a picture any more")
    (srcdir / "logo.png").unlink()
    for name in PAGES:  # read every page again, with the same application
        (srcdir / name).touch()
    app.build()
    warnings = _site(app)[1]
    assert (
        sum("'photo.png' was left out" in w or "'/photo.png' was left out" in w for w in warnings)
        == 4
    )
    assert sum("logo.png' cannot be used: the file does not exist" in w for w in warnings) == 4
    assert not (app.outdir / "team" / "four.html").read_text(encoding="utf-8").count("<img")


def test_a_broken_file_is_reported_on_every_page_that_names_it(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    (srcdir / "photo.png").write_bytes(b"a text file named like a picture")
    _, warnings = _site(_build(make_app, srcdir, tmp_path / "build"))
    # The memo keeps the verdict, and each page still gets its own located warning.
    located = sorted(w.split(":", 1)[0].rsplit("/", 1)[-1] for w in warnings)
    assert located == ["four.md", "one.md", "three.md", "two.md"]
    assert all("the file is not a picture the site can read" in w for w in warnings)
