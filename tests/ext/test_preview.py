"""The preview's report (``partners_preview``): every problem in the site after every
build, not only those of the pages read again, and a panel on each page with problems.

Each build is a new process, as sphinx-autobuild runs them, with Sphinx's own warning
output off (``-Q``) as ``nox -s serve`` does: the report is the only place a problem
shows, so it must never miss one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import PROBLEM_SITE, SMALL_CONF, parse_html, sphinx_build, write_project

PREVIEW = ("-Q", "-D", "partners_preview=1")
BAD, GOOD = PROBLEM_SITE["bad.md"], PROBLEM_SITE["good.md"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "src", SMALL_CONF, PROBLEM_SITE)


def _preview(srcdir: Path, *extra: str) -> tuple[Path, list[str]]:
    outdir = srcdir.parent / "out"
    _, stderr = sphinx_build(srcdir, outdir, *PREVIEW, *extra)
    return outdir, stderr


def _panel(outdir: Path, page: str):
    return parse_html(outdir / page).select_one("aside.partners-preview-panel")


def test_a_problem_stays_listed_until_it_is_fixed(project: Path) -> None:
    outdir, first = _preview(project)
    summary = [line for line in first if line.startswith("sphinx-partners preview")]
    assert summary == ["sphinx-partners preview: 1 problem in the site:"], first
    assert any("bad.md:7: WARNING:" in line and "[partners.kind]" in line for line in first)

    # Only the good page changes: Sphinx reads only it again, and the report still
    # lists the bad page's problem.
    (project / "good.md").write_text(GOOD + "\nMore.\n", encoding="utf-8")
    outdir, second = _preview(project)
    assert "sphinx-partners preview: 1 problem in the site:" in second
    assert any("bad.md:7:" in line for line in second), second
    panel = _panel(outdir, "bad.html")
    title = panel.select_one(".partners-preview-panel__title") if panel else None
    assert title is not None and title.get_text() == "1 problem on this page"
    assert "Line 7:" in panel.get_text() and "spaceship" in panel.get_text()
    assert panel["aria-labelledby"] == title["id"]  # a named region
    assert _panel(outdir, "good.html") is None

    (project / "bad.md").write_text(BAD.replace("spaceship", "district"), encoding="utf-8")
    outdir, third = _preview(project)
    assert "sphinx-partners preview: no problems in the site." in third
    assert _panel(outdir, "bad.html") is None


def test_a_page_in_no_toctree_stays_listed(project: Path) -> None:
    """Sphinx checks such pages on every build: the report keeps one line for it."""
    (project / "lost.md").write_text("# Lost\n", encoding="utf-8")
    _preview(project)
    (project / "good.md").write_text(GOOD + "\nMore.\n", encoding="utf-8")
    _, second = _preview(project)
    lost = [line for line in second if "lost.md" in line and "toctree" in line]
    assert len(lost) == 1, second


def test_problem_text_is_escaped_in_the_panel(project: Path) -> None:
    (project / "bad.md").write_text(
        BAD.replace("spaceship", "<script>alert(1)</script>"), encoding="utf-8"
    )
    outdir, _ = _preview(project)
    panel = _panel(outdir, "bad.html")
    assert panel is not None and panel.find("script") is None
    assert "<script>alert(1)</script>" in panel.get_text()


def test_published_builds_have_no_panel(project: Path) -> None:
    outdir = project.parent / "published"
    files, warnings = sphinx_build(project, outdir)
    assert any("[partners.kind]" in line for line in warnings)
    assert b"partners-preview-panel" not in files["bad.html"]
    assert not any("sphinx-partners preview" in line for line in warnings)


def test_without_an_earlier_report_every_page_is_read_again(project: Path) -> None:
    """Doctrees from a build without the report: its problems are found, not missed."""
    outdir = project.parent / "out"
    sphinx_build(project, outdir)  # a published build: no report is kept
    (project / "good.md").write_text(GOOD + "\nMore.\n", encoding="utf-8")
    _, stderr = _preview(project)
    assert "sphinx-partners preview: 1 problem in the site:" in stderr, stderr


def test_one_application_building_twice_reports_each_problem_once(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An application may build again (Sphinx's own test apps do): the report starts
    again inside that build, while Sphinx holds warnings back, and must count each once."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        "html", srcdir=project, confoverrides={"partners_preview": True}, status=None
    )
    try:
        app.build()
        first = capsys.readouterr().err
        # The mistake moves: fixed in one page, made in the other.
        (project / "bad.md").write_text(BAD.replace("spaceship", "district"), encoding="utf-8")
        (project / "good.md").write_text(GOOD + BAD.replace("# Bad", ""), encoding="utf-8")
        app.build()
        second = capsys.readouterr().err
    finally:
        app.cleanup()
    assert "sphinx-partners preview: 1 problem in the site:" in first, first
    assert len([line for line in first.splitlines() if "bad.md:7:" in line]) == 1, first
    assert "sphinx-partners preview: 1 problem in the site:" in second, second
    assert "bad.md" not in second, second
    assert len([line for line in second.splitlines() if "good.md:" in line]) == 1, second


#: A site's own check, as ``partners_preview_checks`` runs it: it prints a finding at a
#: line of a page, one about a whole file, another mistake on the line the build warns
#: about, and a summary line; it exits with status 1, as a check with findings does.
FAKE_CHECK = """
import sys
print("good.md:3: [site.rule] the good page breaks a rule of this site. Fix it.")
print("picture.png: [site.photo] this file is not ready. Run the fixer.")
print("bad.md:7: [site.link] another mistake on the line the build warns about.")
print("3 findings: each line above says where.")
print("x" * 5000 + ": a line no file system takes as a path")
print("a\\0b: nor one with a NUL byte")
sys.exit(1)
"""


def test_the_sites_checks_join_the_summary_and_the_pages_box(project: Path) -> None:
    (project / "check.py").write_text(FAKE_CHECK, encoding="utf-8")
    (project / "picture.png").write_bytes(b"")
    checks = [[sys.executable, "check.py"], [sys.executable, "-c", "raise SystemExit('broke')"]]
    checks.append(["no-such-command-anywhere"])
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"partners_preview_checks = {checks!r}\n")  # -D cannot give lists of lists
    outdir, stderr = _preview(project)
    summary = "\n".join(stderr)
    assert "sphinx-partners preview: 6 problems in the site:" in summary, summary
    assert "good.md:3: [site.rule] the good page breaks a rule" in summary
    assert f"{project / 'picture.png'}: [site.photo] this file is not ready." in summary
    assert "bad.md:7: [site.link] another mistake" in summary  # not hidden by the build's
    assert "3 findings" not in summary  # not about a file
    assert "SystemExit('broke')\" failed: broke" in summary
    assert "the check 'no-such-command-anywhere' could not start" in summary
    panel = _panel(outdir, "good.html")
    assert panel is not None, summary
    assert [li.get_text() for li in panel.select("li")] == [
        "Line 3: [site.rule] the good page breaks a rule of this site. Fix it."
    ]
    bad_items = [li.get_text() for li in _panel(outdir, "bad.html").select("li")]
    assert "Line 7: [site.link] another mistake on the line the build warns about." in bad_items


def test_a_deleted_page_leaves_the_preview(project: Path) -> None:
    """Sphinx keeps the HTML of a page whose source is gone; the preview would go on
    serving it (and its search entry) as if it were still part of the site. A published
    build is a clean one; the preview builds over its last output, so it removes it."""
    outdir, _ = _preview(project)
    assert (outdir / "good.html").is_file()
    (project / "good.md").unlink()
    (project / "index.md").write_text("# Home\n\n```{toctree}\nbad\n```\n", encoding="utf-8")
    outdir, second = _preview(project)
    assert not (outdir / "good.html").exists(), second
    assert (outdir / "bad.html").is_file() and (outdir / "index.html").is_file()


def test_a_published_build_leaves_other_files_alone(project: Path) -> None:
    """Outside the preview the extension never deletes anything from the output."""
    outdir = project.parent / "out"
    sphinx_build(project, outdir)
    (project / "good.md").unlink()
    (project / "index.md").write_text("# Home\n\n```{toctree}\nbad\n```\n", encoding="utf-8")
    sphinx_build(project, outdir)
    assert (outdir / "good.html").is_file()  # Sphinx's own behaviour, left as it is


def test_a_build_that_stopped_never_says_no_problems() -> None:
    from sphinx_partners.preview import summary_text

    stopped = RuntimeError("TypeError in the index")
    assert "no problems in the site" not in summary_text([], stopped)
    assert "stopped" in summary_text([], stopped)
    assert summary_text([]) == "sphinx-partners preview: no problems in the site."


def test_a_problem_found_while_pages_are_written_is_in_its_page_s_box(project: Path) -> None:
    """Sphinx holds back the warnings it makes while writing (a link to an unknown
    partner, found as the page's links are resolved) and lets them out after the last
    page: the terminal listed one, and its page's box did not (found by a tester)."""
    (project / "good.md").write_text(
        GOOD + "\nA link to {partner}`nobody-at-all`.\n", encoding="utf-8"
    )
    outdir, stderr = _preview(project)
    assert any("good.md:" in line and "[ref.partner]" in line for line in stderr), stderr
    panel = _panel(outdir, "good.html")
    assert panel is not None, stderr
    assert "nobody-at-all" in panel.get_text() and "[ref.partner]" in panel.get_text()
    # Let out as usual after the last page: once, and with its code once.
    reported = [line for line in stderr if "nobody-at-all" in line and "WARNING" in line]
    assert len(reported) == 1 and reported[0].count("[ref.partner]") == 1, stderr


def test_what_is_found_while_the_settings_are_read_is_listed(project: Path) -> None:
    """A broken catalog line is found when the settings are read, before the report
    started: Sphinx printed it (which the preview keeps quiet) and the preview said "no
    problems in the site" over it. A setting Sphinx ignores is found then too."""
    from conftest import write_catalog

    catalog = write_catalog(project, 'msgid "Fine."\nmsgstr "Bien.\n')
    (project / "bad.md").write_text(BAD.replace("spaceship", "district"), encoding="utf-8")
    outdir, output = _preview(project, "-D", "language=es", "-D", "partners_no_such=1")
    assert "sphinx-partners preview: 2 problems in the site:" in output, output
    assert any(f"{catalog}:6: WARNING: the text on this line" in line for line in output)
    assert any("'partners_no_such' in override" in line for line in output), output
    # The page the catalog translates has it in its box, with the catalog's line.
    panel = _panel(outdir, "index.html")
    assert panel is not None, output
    assert "the translation catalog locales/es/LC_MESSAGES/index.po, line 6: the text on" in (
        panel.get_text()
    )
    assert _panel(outdir, "good.html") is None
    # Every build lists them, not only the one that read the settings first.
    (project / "good.md").write_text(GOOD + "\nMore.\n", encoding="utf-8")
    _, again = _preview(project, "-D", "language=es", "-D", "partners_no_such=1")
    assert "sphinx-partners preview: 2 problems in the site:" in again, again
    write_catalog(project, {"Fine.": "Bien."})
    _, fixed = _preview(project, "-D", "language=es")
    assert "sphinx-partners preview: no problems in the site." in fixed, fixed


def test_a_translation_s_problem_stays_listed_on_its_page(project: Path) -> None:
    """A changed link in a Spanish catalog was listed by the build that read the page,
    not the next one (the catalog compiled anew set off another build), which said "no
    problems" over it; with Sphinx's output off, its place in the catalog was not given
    (a tester's findings)."""
    from conftest import write_catalog

    (project / "bad.md").write_text(BAD.replace("spaceship", "district"), encoding="utf-8")
    catalog = write_catalog(project, {"Fine.": "Bien, [y aquí](nada.md)."}, "good")
    outdir, first = _preview(project, "-D", "language=es")
    listed = [line for line in first if "good.po:6: WARNING:" in line]
    assert listed and all("(the translation of good.md, line 3)" in line for line in listed)
    assert not [line for line in first if "<translated>" in line], first
    # Another page changes; the translated one is not read again, and stays listed.
    (project / "bad.md").write_text(BAD.replace("spaceship", "school"), encoding="utf-8")
    outdir, second = _preview(project, "-D", "language=es")
    assert [line for line in second if "good.po:6: WARNING:" in line] == listed, second
    panel = _panel(outdir, "good.html")
    assert panel is not None
    assert "the translation catalog locales/es/LC_MESSAGES/good.po, line 6:" in panel.get_text()
    write_catalog(project, {"Fine.": "Bien."}, "good")
    assert catalog.is_file()
    _, fixed = _preview(project, "-D", "language=es")
    assert "sphinx-partners preview: no problems in the site." in fixed, fixed


def test_a_deleted_page_s_problems_leave_the_list(project: Path) -> None:
    """A page with a problem, deleted: the next build still listed it, for a file that
    no longer exists (a tester's finding)."""
    (project / "bad.md").write_text(BAD.replace("spaceship", "district"), encoding="utf-8")
    (project / "lonely.md").write_text("# Lonely\n\nIn no toctree.\n", encoding="utf-8")
    _, first = _preview(project)
    assert any("lonely.md" in line for line in first), first
    (project / "lonely.md").unlink()
    _, second = _preview(project)
    assert "sphinx-partners preview: no problems in the site." in second, second


def test_what_the_check_of_published_files_finds_is_listed(project: Path) -> None:
    """The summary was printed before the check of published files ran: the preview
    said "no problems" over a script the check took out, and the strict build failed
    on it (red team, sixth round)."""
    (project / "conf.py").write_text(
        SMALL_CONF + 'partners_harden_site = True\nhtml_static_path = ["_static"]\n', "utf-8"
    )
    (project / "_static").mkdir()
    (project / "_static" / "notes.html").write_text("<script>alert(1)</script>", "utf-8")
    (project / "bad.md").write_text(BAD.replace("spaceship", "district"), encoding="utf-8")
    for _build in range(2):  # and again, the page unchanged
        _, stderr = _preview(project)
        summary = [line for line in stderr if line.startswith("sphinx-partners preview")]
        assert summary == ["sphinx-partners preview: 1 problem in the site:"], stderr
        assert any("notes.html" in line and "[partners.published]" in line for line in stderr)
