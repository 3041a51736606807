"""``nox -s partner`` in a terminal: the card's words asked one at a time, each answer
checked as the build checks it, so a newcomer never has to find capitals in the page."""

from __future__ import annotations

import os
import select
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image
from test_new_partner import STORIES, _photos_from_a_phone, new_partner  # noqa: F401

from conftest import SMALL_CONF, build_small_site, front_matter, warning_line

ROOT = Path(__file__).resolve().parents[2]
CONF = "partners_page_rules = True\n"
HOME = front_matter("A small site, to build a card as the questions write it.")
HOME += "\n# Home\n\n```{toctree}\npartners/index\n```\n"
#: Every answer a contributor can give, in the order the questions come.
ANSWERS = {
    "story": "2",
    "kind": "District",
    "location": "Valley Town, California",
    "url": "https://www.valley.example.org/",
    "since": "2018",
    "logo": "Green oak tree above the words Valley Schools",
    "text": "A district of six schools that hosted the *first* family nights.",
    "photo 1": "Two teachers planning at a wall",
    "photo 2": "Students reading on cushions",
    "caption": "A visit in spring.",
}


#: The card's first lines, written from ANSWERS.
CARD_AS_ANSWERED = [
    ":::{partner-card} Valley Schools",
    ":id: valley-schools",
    ":kind: district",
    ":location: Valley Town, California",
    ":logo: /_static/partners/valley-schools.png",
    ":logo-alt: Green oak tree above the words Valley Schools",
    ":url: https://www.valley.example.org/",
    ":since: 2018",
    "",
]


def _asking(answers: list[str]) -> tuple[list[str], object]:
    """An ``ask`` that gives *answers* in turn, and the questions it was asked."""
    asked: list[str] = []
    given: Iterator[str] = iter(answers)

    def ask(question: str) -> str:
        asked.append(question)
        return next(given)

    return asked, ask


def _site(tmp_path: Path) -> tuple[Path, list[str]]:
    docs = tmp_path / "docs"
    (docs / "partners").mkdir(parents=True)
    (docs / "partners" / "index.md").write_text(STORIES, encoding="utf-8")
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 300), "darkgreen").save(logo)
    _photos_from_a_phone(tmp_path / "visit")
    return docs, ["Valley Schools", str(logo), "--photos", str(tmp_path / "visit")]


def test_the_answers_make_a_card_and_row_that_build_clean(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, argv = _site(tmp_path)
    asked, ask = _asking(list(ANSWERS.values()))
    assert new_partner.main([*argv, "--docs", str(docs)], ask=ask) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert len(asked) == len(ANSWERS), asked
    # The photos are asked for by the names the contributor gave them.
    assert "(planning-wall.png)" in asked[7] and "(Reading Corner.JPEG)" in asked[8]
    # Each photo's address, to open it from the terminal and see what it shows.
    photo = (tmp_path / "visit" / "Reading Corner.JPEG").as_uri()
    assert f"Photo 2, to look at it: {photo}" in said
    assert f"The logo, to look at it: {(tmp_path / 'logo.png').as_uri()}" in said
    assert 'at the end of "The second story": read the card in the preview' in said
    page = (docs / "partners" / "index.md").read_text(encoding="utf-8")
    card = page[page.index(":::{partner-card} Valley Schools") :]
    assert card.splitlines()[:9] == CARD_AS_ANSWERED
    assert (
        "![Two teachers planning at a wall](/_static/photos/valley-schools/planning-wall.png)"
        in card
    )
    assert ":caption: A visit in spring." in card and "CAPITALS" not in page and "WHAT" not in page
    _, warnings, _ = build_small_site(docs, {"index.md": HOME}, CONF)
    assert warnings == []


#: A refused answer, then the one accepted, for each question; and the reason said.
REFUSED = [
    ("story", "two", "type a number from 1 to 2"),
    ("kind", "distric", "did you mean 'district'?"),
    ("location", "# 5 Main Street", "leave out marks such as #"),
    ("url", "www.valley.example.org", "lacks its beginning: write https://www.valley.example.org"),
    ("since", "18", "write a four-digit year"),
    (
        "logo",
        "logo.png",
        "the picture nothing. Describe what it shows, in a few words. Write it again",
    ),
    ("text", ":::", "other than a paragraph"),
    ("photo 1", "Photo of two teachers", "starts by saying it is a picture"),
    ("photo 2", "Students \\*reading\\* on cushions", "Markdown would read marks"),
    ("caption", '"A visit in spring."', "the quotes around the words"),
]


def test_a_refused_answer_is_asked_again_with_its_reason(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What the build would refuse is refused at once, said why; nothing of it reaches
    the page, which builds clean with the answers given again."""
    docs, argv = _site(tmp_path)
    answers = [each for key, bad, _ in REFUSED for each in (bad, ANSWERS[key])]
    asked, ask = _asking(answers)
    assert new_partner.main([*argv, "--docs", str(docs)], ask=ask) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert len(asked) == len(answers), said
    for key, _, reason in REFUSED:
        assert said.count(reason) == 1, (key, said)
    assert said.count("Not used:") == len(REFUSED)
    page = (docs / "partners" / "index.md").read_text(encoding="utf-8")
    card = page[page.index(":::{partner-card} Valley Schools") :].splitlines()
    assert card[:11] == [*CARD_AS_ANSWERED, ANSWERS["text"], ":::"]
    assert card[12:18] == [
        "::::{image-grid}",
        ":columns: 1 2 2",
        ":caption: A visit in spring.",
        "",
        "![Two teachers planning at a wall](/_static/photos/valley-schools/planning-wall.png)",
        "![Students reading on cushions](/_static/photos/valley-schools/reading-corner.jpg)",
    ]
    _, warnings, _ = build_small_site(docs, {"index.md": HOME}, CONF)
    assert warnings == []


def test_a_skipped_fact_is_left_out_and_a_skipped_description_named_by_the_build(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, argv = _site(tmp_path)
    asked, ask = _asking([""] * len(ANSWERS))
    assert new_partner.main([*argv, "--docs", str(docs)], ask=ask) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert len(asked) == len(ANSWERS)
    assert 'under a new heading "Other partners"' in said
    assert "the 5 descriptions you skipped are in CAPITALS there" in said
    page = (docs / "partners" / "index.md").read_text(encoding="utf-8")
    card = page[page.index(":::{partner-card} Valley Schools") :]
    for left_out in (":location:", ":url:", ":since:", ":caption:"):
        assert left_out not in card
    _, warnings, _ = build_small_site(docs, {"index.md": HOME}, CONF)
    named = [w for w in warnings if "partners/" in w]  # one message each, at its line
    lines = page.splitlines()
    marked = [
        n
        for n, line in enumerate(lines, 1)
        if "KIND OF" in line or "SHOWS" in line or "ONE TO" in line
    ]
    assert sorted(warning_line(w, "index.md") for w in named) == marked and len(marked) == 5


def test_stopping_the_questions_changes_nothing(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, argv = _site(tmp_path)
    stopping = new_partner.Stopped

    def ask(question: str) -> str:
        if "logo show" in question:
            raise stopping
        return "2018" if "year" in question else ""

    assert new_partner.main([*argv, "--docs", str(docs)], ask=ask) == 1
    assert "Stopped: nothing was changed." in capsys.readouterr().out
    assert (docs / "partners" / "index.md").read_text(encoding="utf-8") == STORIES
    assert not (docs / "_static").exists()


def _converse(argv: list[str], cwd: Path, answers: list[str], timeout: float = 60) -> str:
    """Run the command in a pseudo-terminal, as a contributor's terminal runs it: each
    answer typed once the command waits at a question; all it showed."""
    import pty  # POSIX only; CI runs on Linux

    pid, terminal = pty.fork()
    if pid == 0:  # the command, in the terminal
        os.chdir(cwd)
        os.execv(sys.executable, [sys.executable, str(ROOT / "scripts" / "new_partner.py"), *argv])
    shown = b""
    waiting = list(answers)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif waiting and shown.rstrip(b" ").endswith((b"?", b">")):
            os.write(terminal, waiting.pop(0).encode() + b"\r")
            shown += b"\n"
    _, status = os.waitpid(pid, 0)
    assert not waiting, f"not asked for {waiting}:\n{shown.decode()}"
    assert os.waitstatus_to_exitcode(status) == 0, shown.decode()
    return shown.decode()


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_in_a_terminal_everything_is_asked_and_a_dragged_path_needs_no_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run with nothing but the command (``nox -s partner``): the name, the logo and the
    photos are asked too, each path as a terminal writes a file dragged onto it; then the
    site is checked and, at Enter, the change committed on a branch of its own."""
    import subprocess

    docs, _ = _site(tmp_path)
    (docs / "conf.py").write_text(SMALL_CONF + CONF, encoding="utf-8")
    (docs / "index.md").write_text(HOME, encoding="utf-8")
    (tmp_path / "logo.png").rename(tmp_path / "Valley Logo.png")
    (tmp_path / "visit").rename(tmp_path / "spring visit")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Ada\n\temail = ada@example.org\n")
    for git in (["init", "--quiet", "--initial-branch", "main"], ["add", "docs"],
                ["commit", "--quiet", "-m", "The site"]):  # fmt: skip
        subprocess.run(["git", *git], cwd=tmp_path, check=True, capture_output=True)
    said = _converse(
        ["--docs", str(docs)],
        tmp_path,
        [
            "Valley Schools",
            f"'{tmp_path / 'Valley Logo.png'}'",  # as GNOME's terminal writes it
            str(tmp_path / "spring visit").replace(" ", "\\ ") + " ",  # as macOS's does
            *ANSWERS.values(),
            "",  # commit it
        ],
    )
    assert "Not used" not in said
    page = (docs / "partners" / "index.md").read_text(encoding="utf-8")
    assert ":logo-alt: Green oak tree above the words Valley Schools" in page
    assert (
        "![Students reading on cushions](/_static/photos/valley-schools/reading-corner.jpg)" in page
    )
    assert (docs / "_static" / "partners" / "valley-schools.png").is_file()
    assert "No problems" in said and "on the branch add-valley-schools" in said, said
    log = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=tmp_path,
                         check=True, capture_output=True, text=True)  # fmt: skip
    assert log.stdout.strip() == "Add Valley Schools"


def test_without_a_terminal_nothing_is_asked(tmp_path: Path) -> None:
    """In a script or CI (no terminal), the command asks nothing: it writes capitals,
    and without a name it says what to give."""
    import subprocess

    docs, argv = _site(tmp_path)
    command = [sys.executable, str(ROOT / "scripts" / "new_partner.py")]
    done = subprocess.run(
        [*command, *argv, "--docs", str(docs)], capture_output=True, text=True, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "WHAT THE LOGO SHOWS" in (docs / "partners" / "index.md").read_text(encoding="utf-8")
    done = subprocess.run(
        [*command, "--docs", str(docs)], capture_output=True, text=True, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 2 and "give the partner's full name, in quotes" in done.stderr


def test_a_line_separator_inside_a_line_moves_no_card(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A red team's twelfth round: U+2028 in the page's text (which Markdown keeps inside
    its line) was taken for a line end: the card landed inside another card's sentence,
    and each U+2028 was written back as a line end."""
    docs, _ = _site(tmp_path)
    page = docs / "partners" / "index.md"
    text = STORIES.replace("# Partners\n", "# Partners\n\nOur\u2028partners,\u2028in\u2028order.\n")
    page.write_text(text, encoding="utf-8")
    assert new_partner.main(["Gamma", "--story", "first", "--docs", str(docs)]) == 0
    said = " ".join(capsys.readouterr().out.split())
    written = page.read_text(encoding="utf-8")
    card = written[written.index(":::{partner-card} Gamma") :]
    assert written.count("\u2028") == 3 and written.startswith(text[: text.index("```")])
    assert written.index(":::{partner-card} Gamma") < written.index("## The second story")
    assert written.index(":::{partner-card} Alpha") < written.index(":::{partner-card} Gamma")
    first = written[: written.index(":::{partner-card} Gamma")].count("\n") + 1
    assert (
        f"lines {first} to {first + len(card[: card.index(':::', 3) + 3].splitlines()) - 1}" in said
    )


def test_a_name_with_hidden_characters_or_a_path_from_no_user_is_asked_again(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A red team's twelfth round: a zero-width space pasted with the name was accepted
    (the build then refused the page), and ``~Downloads/logo.png`` stopped the
    questions with a traceback."""
    docs, _ = _site(tmp_path)
    answers = ["Valley\u200b Schools", "Valley Schools", "~Downloads/logo.png", "", "", ""]
    _, ask = _asking(answers + [""] * 10)
    assert new_partner.main(["--docs", str(docs)], ask=ask) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "characters a reader cannot see (U+200B)" in said
    assert "there is no file ~Downloads/logo.png" in said
    assert ":::{partner-card} Valley Schools" in (docs / "partners" / "index.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Foo\udcff Academy", "bytes that are not text"),  # a Latin-1 byte, undecoded
        ("Summit\u034f Public Schools", "characters a reader cannot see (U+034F)"),
    ],
)
def test_a_name_the_page_cannot_hold_changes_nothing(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    name: str,
    said: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A red team's thirteenth round: a name holding an undecoded byte stopped the write
    halfway and left the partners page empty, its photos already in the site."""
    docs, argv = _site(tmp_path)
    with pytest.raises(SystemExit):
        new_partner.main([name, *argv[1:], "--docs", str(docs), "--no-questions"])
    assert said in capsys.readouterr().err
    assert (docs / "partners" / "index.md").read_text(encoding="utf-8") == STORIES
    assert not (docs / "_static").exists()


def test_a_partners_page_not_saved_as_utf8_is_named(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, argv = _site(tmp_path)
    page = docs / "partners" / "index.md"
    page.write_bytes(STORIES.replace("Partners", "Socios de la educaci\u00f3n").encode("cp1252"))
    before = page.read_bytes()
    assert new_partner.main([*argv, "--docs", str(docs), "--no-questions"]) == 1
    assert "it is not saved as UTF-8" in capsys.readouterr().out
    assert page.read_bytes() == before and not (docs / "_static").exists()


def test_a_story_title_s_control_characters_are_shown_not_sent_to_the_terminal(
    new_partner: ModuleType,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A red team's fourteenth round: a heading's escape sequence, printed in the list
    of stories, retitled the contributor's terminal and hid text."""
    docs, argv = _site(tmp_path)
    page = docs / "partners" / "index.md"
    hostile = "## The second \x1b]0;PWNED\x07story \x1b[8mhidden\x1b[0m\u202e"
    page.write_text(page.read_text("utf-8").replace("## The second story", hostile), "utf-8")
    _, ask = _asking(list(ANSWERS.values()))
    assert new_partner.main([*argv, "--docs", str(docs)], ask=ask) == 0
    out = capsys.readouterr().out
    assert not {"\x1b", "\x07", "\u202e"} & set(out), out
    assert "2. The second \\x1b]0;PWNED\\x07story \\x1b[8mhidden\\x1b[0m\\u202e" in out
    text = page.read_text("utf-8")
    assert text.index(":::{partner-card} Valley Schools") > text.index(hostile)
