"""The one helper for background work: run a function on the thread pool, get the result (or
the error) back on the GUI thread through a queued signal. Never ``processEvents()``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.function = function
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.function()
        except Exception as error:  # delivered to the GUI thread, shown there
            self.relay.failed.emit(error)
        else:
            self.relay.done.emit(result)


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
        self.pool.start(_Job(function, relay))

    def wait(self, msecs: int = 30000) -> bool:
        """For shutdown and tests: wait until queued work has finished."""
        return self.pool.waitForDone(msecs)
