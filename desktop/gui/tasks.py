"""The one helper for background work: run a function on the thread pool, get the result (or
the error) back on the GUI thread through a queued signal. Never ``processEvents()``."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


@dataclass
class Progress:
    """Handed to long background work: report progress, and check whether the user cancelled.

    ``report`` may be called from the worker thread as often as convenient; the GUI receives the
    calls queued, in order. Cancellation is cooperative: the work checks ``cancelled`` between
    steps and stops cleanly (raising or returning what it has, as its API documents).
    """

    _relay: _Relay
    _cancel: threading.Event = field(default_factory=threading.Event)

    def report(self, done: int, total: int, text: str = "") -> None:
        self._relay.progressed.emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Job(QRunnable):
    def __init__(self, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.function = function
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.function()
        except Exception as error:  # delivered to the GUI thread, shown there
            self._deliver(self.relay.failed, error)
        else:
            self._deliver(self.relay.done, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        # The runner (and its relays) may have gone away while this job ran, at shutdown or
        # when a test's window closed: then nobody is left to receive the result.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


class TaskRunner(QObject):
    """Owns the relays so results arrive even if the caller forgot to keep a reference."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._relays: set[_Relay] = set()

    def run(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = self._start(on_done, on_error)
        self.pool.start(_Job(function, relay))

    def _start(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None,
    ) -> _Relay:
        relay = _Relay()  # lives in the GUI thread: its signals are queued to it
        self._relays.add(relay)

        def finish(result: Any) -> None:
            self._relays.discard(relay)
            on_done(result)

        def fail(error: Exception) -> None:
            self._relays.discard(relay)
            if on_error is not None:
                on_error(error)
            else:
                raise error

        relay.done.connect(finish)
        relay.failed.connect(fail)
        return relay

    def run_with_progress(
        self,
        function: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Progress:
        """Like :meth:`run` for long work that reports progress and can be cancelled.

        Returns the :class:`Progress` the work receives; call its ``cancel()`` from the GUI.
        """
        relay = self._start(on_done, on_error)
        progress = Progress(relay)
        if on_progress is not None:
            relay.progressed.connect(on_progress)
        self.pool.start(_Job(lambda: function(progress), relay))
        return progress

    def wait(self, msecs: int = 30000) -> bool:
        """For shutdown and tests: wait until queued work has finished."""
        return self.pool.waitForDone(msecs)
