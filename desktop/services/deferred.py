"""The office database opened by whichever thread needs it first.

The desktop app signs in and shows its dashboard with plain ``sqlite3`` reads
(:mod:`desktop.services.quickstart`) before SQLAlchemy and the models have loaded (about a
quarter of a second of CPU, more on an old PC). :class:`Services` accepts a
:class:`DeferredDatabase` in place of a :class:`~desktop.store.engine.Database`: the launcher
opens it on the thread pool as soon as the main window is ready, and a service used before that
simply waits for it.

Opening is :func:`desktop.services.setup.open_database`: the schema check (a migration, with its
backup, when one is due) and ``PRAGMA optimize``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.engine import Database


class DeferredDatabase:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._database: Database | None = None
        self._disposed = False

    @property
    def is_open(self) -> bool:
        return self._database is not None

    def get(self) -> Database:
        """The opened database; the first call (on any thread) opens it, the others wait."""
        with self._lock:
            if self._disposed:
                raise RuntimeError("the office database was closed")
            if self._database is None:
                from desktop.services.setup import open_database
                from desktop.store.engine import Database

                database = Database(self.path)
                try:
                    open_database(database)
                except BaseException:
                    database.dispose()
                    raise
                self._database = database
            return self._database

    def dispose(self) -> None:
        """Close it (if it was ever opened); later :meth:`get` calls fail."""
        with self._lock:
            self._disposed = True
            if self._database is not None:
                self._database.dispose()
                self._database = None
