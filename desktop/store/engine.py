"""Engine and sessions: SQLite with WAL, foreign keys and durable commits (or PostgreSQL).

Write transactions on SQLite start with ``BEGIN IMMEDIATE`` so two writers never deadlock on a
lock upgrade; reads start a plain deferred transaction and never block writers under WAL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop.store.revs import install_change_tracking

WRITE_OPTION = "hamyar_write"


def database_url(db: str | Path) -> str:
    """Accept a file path or a full SQLAlchemy URL (``postgresql+psycopg://...``)."""
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def is_sqlite_url(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below own transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a commit that returned survives a power cut (WAL is synced on every commit).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(db: str | Path, *, echo: bool = False) -> Engine:
    url = database_url(db)
    if is_sqlite_url(url):
        database = make_url(url).database
        if database:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True)
    return engine


class Database:
    """The one way services reach storage: ``read()`` and ``write()`` units of work."""

    def __init__(self, db: str | Path, *, echo: bool = False) -> None:
        self.url = database_url(db)
        self.engine = make_engine(db, echo=echo)
        self.is_sqlite = is_sqlite_url(self.url)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        install_change_tracking(self._write_sessions)

    @property
    def path(self) -> Path | None:
        url = make_url(self.url)
        return Path(url.database) if self.is_sqlite and url.database else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._read_sessions()
        try:
            yield session
        finally:
            # close() ends the transaction and detaches rows without expiring them, so callers
            # can read what they were given.
            session.close()

    @contextmanager
    def write(
        self, *, user_id: Any = None, office_code: str | None = None, audit: bool = True
    ) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all."""
        session = self._write_sessions()
        session.info["user_id"] = user_id
        session.info["audit"] = audit
        if office_code is not None:
            session.info["office_code"] = office_code
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def analyse(self) -> None:
        """Refresh the query planner's statistics (after bulk loads: imports, demo data).

        Search plans depend on them: without statistics SQLite may walk a low-value index.
        """
        with self.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

    def dispose(self) -> None:
        self.engine.dispose()
