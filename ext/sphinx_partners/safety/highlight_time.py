"""A code block's colours cost a bounded time, so no page can stall the build.

Pygments colours code with regular expressions, and some of its lexers take time that
grows with the square or the cube of the text (a red team's finding, round 16): one
line of 4,000 tabs in an ``easytrieve`` block took two minutes to build, 10,000 lines
of ``a`` in a ``csharp`` block one minute, with no warning. A size limit cannot tell
those from ordinary code, so time is what is bounded: each block gets
``partners_highlight_block_seconds`` of CPU time for its colours and a build
``partners_highlight_build_seconds`` in all. A block past its time is shown as plain
text, with a ``partners.limit`` warning at its line.

The time is kept by a timer signal, which Python's regular expressions heed while they
run. Signals reach the main thread only: Sphinx writes pages there (and in each process
of a parallel build, which share the build's time); a block written in another thread
is coloured without a bound.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sphinx.highlighting import PygmentsBridge

from ..messages import Code, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Languages shown as they are, with nothing to colour.
_PLAIN = frozenset({"none", "text", "plain", "raw"})


class _OutOfTime(BaseException):
    """Raised by the timer inside Pygments (a BaseException: no ``except Exception``
    on the way catches it)."""


class _Timer:
    """Run a function for at most some seconds of this process's CPU time."""

    def __init__(self) -> None:
        self.armed = False

    def _expired(self, _signum: int, _frame: Any) -> None:
        if self.armed:
            self.armed = False
            raise _OutOfTime

    def run(self, seconds: float, work: Callable[[], str]) -> str | None:
        """*work*'s result, or None if it ran out of time."""
        if signal.getitimer(signal.ITIMER_VIRTUAL)[0]:
            return work()  # another timer runs: it is not ours to replace
        previous = signal.signal(signal.SIGVTALRM, self._expired)
        self.armed = True
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
        try:
            result: str | None = work()
            self.armed = False  # inside the try: a signal before this line is caught
        except _OutOfTime:
            result = None
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, previous)
        return result


class BoundedHighlighter:
    """The builder's highlighter, each block coloured within its time and the build's.

    Everything but ``highlight_block`` is the wrapped bridge's own.
    """

    def __init__(self, bridge: PygmentsBridge, block_seconds: int, build_seconds: int) -> None:
        self._bridge = bridge
        self._block_seconds = block_seconds
        # In shared memory: the processes a parallel build forks to write pages draw
        # on the one time of the build.
        self._left = multiprocessing.Value("d", float(build_seconds))
        self._timer = _Timer()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bridge, name)

    def highlight_block(
        self,
        source: str,
        lang: str,
        opts: dict[str, Any] | None = None,
        force: bool = False,
        location: Any = None,
        **kwargs: Any,
    ) -> str:
        def colour(language: str = lang) -> str:
            return self._bridge.highlight_block(source, language, opts, force, location, **kwargs)

        if lang in _PLAIN or threading.current_thread() is not threading.main_thread():
            return colour()
        seconds = min(float(self._block_seconds), self._left.value)
        if seconds > 0:
            started = time.process_time()
            coloured = self._timer.run(seconds, colour)
            with self._left.get_lock():
                self._left.value -= time.process_time() - started
            if coloured is not None:
                return coloured
        if seconds <= 0:
            said = "the build's time for colours was spent before this %s block"
        elif seconds < self._block_seconds:
            said = "the colours of this %s block took more than what was left of the build's time"
        else:
            said = f"the colours of this %s block took more than {self._block_seconds} s"
        warn(
            Code.LIMIT,
            said + " (Pygments is slow on some text); it is shown without colours.",
            lang,
            location=location,
            hint="Split the block, or mark it as plain text (```text).",
        )
        return colour("none")


def _bound_highlighting(app: Sphinx) -> None:
    builder = app.builder
    bridge = getattr(builder, "highlighter", None)
    if isinstance(bridge, PygmentsBridge):
        builder.highlighter = BoundedHighlighter(  # type: ignore[attr-defined]
            bridge,
            app.config.partners_highlight_block_seconds,
            app.config.partners_highlight_build_seconds,
        )


def setup_highlight_time(app: Sphinx) -> None:
    app.connect("builder-inited", _bound_highlighting)
