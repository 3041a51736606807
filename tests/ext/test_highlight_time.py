"""The timer that bounds Pygments: it stops a slow regular expression, leaves another's
timer alone, and where a system has no timers (Windows), lets the work run."""

from __future__ import annotations

import re
import signal

import pytest

from sphinx_partners.safety import highlight_time
from sphinx_partners.safety.highlight_time import ColourTime


def _backtracking() -> str:
    re.match(r"(a+)+b", "a" * 40)  # takes minutes: every split of the a's is tried
    return "matched"


def test_a_slow_regular_expression_is_stopped_within_its_time() -> None:
    colour_time = ColourTime(block_seconds=1, build_seconds=5)
    assert colour_time.run(lambda: "coloured") == "coloured"
    assert colour_time.run(_backtracking) == "Pygments took more than 1 s for"


def test_the_build_s_time_runs_out() -> None:
    colour_time = ColourTime(block_seconds=2, build_seconds=1)
    said = colour_time.run(_backtracking)  # 1 s of the build's, less than a block's 2
    assert said == "Pygments took more than what was left of the build's time for"
    spent = ColourTime(block_seconds=1, build_seconds=0)
    assert spent.run(lambda: "coloured") == "the build's time for Pygments was spent before"


def test_without_timers_the_work_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(highlight_time, "_TIMERS", False)
    assert ColourTime(block_seconds=1, build_seconds=1).run(lambda: "coloured") == "coloured"


def test_another_s_timer_is_left_running() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGVTALRM, lambda number, _frame: fired.append(number))
    signal.setitimer(signal.ITIMER_VIRTUAL, 60)
    try:
        assert ColourTime(block_seconds=1, build_seconds=1).run(lambda: "coloured") == "coloured"
        assert signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0  # still theirs, still running
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
