"""A code block's colours cost a bounded time, so no page can stall the build.

Pygments colours code with regular expressions, and some of its lexers take time that
grows with the square or the cube of the text (a red team's finding, round 16): one
line of 4,000 tabs in an ``easytrieve`` block took two minutes to build, 10,000 lines
of ``a`` in a ``csharp`` block one minute, with no warning. A size limit cannot tell
those from ordinary code, so time is what is bounded: each block gets
``partners_highlight_block_seconds`` of CPU time for its colours and a build
``partners_highlight_build_seconds`` in all, guessing a block's language included
(round 17: Sphinx guesses while reading, outside the writer). A block past its time is
shown as plain text, with a ``partners.limit`` warning at its line.

The time is kept by a timer signal, which Python's regular expressions heed while they
run. Signals reach the main thread only: Sphinx writes pages there (and in each process
of a parallel build, which share the build's time); a block written in another thread,
or on Windows, which has no such timers, is coloured without a bound.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from docutils import nodes
from sphinx.highlighting import PygmentsBridge
from sphinx.transforms import SphinxTransform

from ..messages import Code, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

T = TypeVar("T")

#: Whether this system has interval timers: Windows has none, and there the colours
#: take the time they take.
_TIMERS = hasattr(signal, "setitimer") and hasattr(signal, "SIGVTALRM")
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

    def run(self, seconds: float, work: Callable[[], T]) -> T | None:
        """*work*'s result, or None if it ran out of time."""
        if not _TIMERS or signal.getitimer(signal.ITIMER_VIRTUAL)[0]:
            return work()  # no timers here (Windows), or another's: not ours to replace
        previous = signal.signal(signal.SIGVTALRM, self._expired)
        self.armed = True
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
        try:
            result: T | None = work()
            self.armed = False  # inside the try: a signal before this line is caught
        except _OutOfTime:
            result = None
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, previous)
        return result


class ColourTime:
    """The time a build has for Pygments: each piece of work within its block's time
    and what is left of the build's.

    In shared memory: the processes a parallel build forks to read or write pages draw
    on the one time of the build.
    """

    def __init__(self, block_seconds: int, build_seconds: int) -> None:
        self.block_seconds = block_seconds
        self._left = multiprocessing.Value("d", float(build_seconds))
        self._timer = _Timer()

    def run(self, work: Callable[[], T]) -> T | str:
        """*work*'s result, or why it got no result: the words for a warning."""
        if threading.current_thread() is not threading.main_thread():
            return work()  # signals reach the main thread only
        seconds = min(float(self.block_seconds), self._left.value)
        if seconds <= 0:
            return "the build's time for Pygments was spent before"
        started = time.process_time()
        done = self._timer.run(seconds, work)
        with self._left.get_lock():
            self._left.value -= time.process_time() - started
        if done is not None:
            return done
        if seconds < self.block_seconds:
            return "Pygments took more than what was left of the build's time for"
        return f"Pygments took more than {self.block_seconds} s for"


class BoundedHighlighter:
    """The builder's highlighter, each block coloured within the colour time.

    Everything but ``highlight_block`` is the wrapped bridge's own.
    """

    def __init__(self, bridge: PygmentsBridge, colour_time: ColourTime) -> None:
        self._bridge = bridge
        self._colour_time = colour_time

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
        def colour(language: str = lang) -> Coloured:
            return Coloured(
                self._bridge.highlight_block(source, language, opts, force, location, **kwargs)
            )

        if lang in _PLAIN:
            return colour()
        done = self._colour_time.run(colour)
        if isinstance(done, Coloured):
            return done
        warn(
            Code.LIMIT,
            "%s the colours of this %s block; it is shown without colours.",
            done,
            lang,
            location=location,
            hint="Split the block, or mark it as plain text (```text).",
        )
        return colour("none")


class Coloured(str):
    """What Pygments made: told apart from the reason why it made nothing."""


class TimedGuess(SphinxTransform):
    """A block whose language is ``guess`` has it guessed within the colour time.

    Pygments guesses by running every lexer's test on the text, and Sphinx guesses for
    each such block before writing it (``TrimDoctestFlagsTransform``, which looks for a
    Python console), outside the writer's bound: a 40 KB page took two minutes (a red
    team's finding, round 17). The language guessed is written on the block, so Sphinx
    guesses no more; a block out of time is plain text.

    A post-transform, as Sphinx's own two are: a block gets its language (a
    ``highlight`` directive's ``guess`` included: round 18) only then.
    """

    # With Sphinx's HighlightLanguageTransform (400), after it (added later), so each
    # block's language is set; before TrimDoctestFlagsTransform (401).
    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        colour_time = getattr(self.app.builder, COLOUR_TIME, None)
        for node in self.document.findall(nodes.literal_block):
            if node.get("language") != "guess" or colour_time is None:
                continue
            text = node.rawsource or node.astext()
            guessed = colour_time.run(lambda text=text: _guessed_language(text))
            if isinstance(guessed, _Language):
                node["language"] = str(guessed)
                continue
            node["language"] = "none"
            warn(
                Code.LIMIT,
                "%s guessing the language of this block; it is shown without colours.",
                guessed,
                location=node,
                hint="Name the block's language (```python), or mark it as plain text.",
            )


class _Language(str):
    """A language Pygments guessed: told apart from the reason why it guessed none."""


def _guessed_language(text: str) -> _Language:
    from pygments.lexers import guess_lexer
    from pygments.util import ClassNotFound

    try:
        lexer = guess_lexer(text)
    except ClassNotFound:
        return _Language("none")
    return _Language(lexer.aliases[0] if lexer.aliases else "none")


#: Where the builder keeps its colour time.
COLOUR_TIME = "partners_colour_time"


def _bound_pygments(app: Sphinx) -> None:
    colour_time = ColourTime(
        app.config.partners_highlight_block_seconds, app.config.partners_highlight_build_seconds
    )
    setattr(app.builder, COLOUR_TIME, colour_time)
    bridge = getattr(app.builder, "highlighter", None)
    if isinstance(bridge, PygmentsBridge):
        app.builder.highlighter = BoundedHighlighter(bridge, colour_time)  # type: ignore[attr-defined]


def setup_highlight_time(app: Sphinx) -> None:
    app.connect("builder-inited", _bound_pygments)
    app.add_post_transform(TimedGuess)
