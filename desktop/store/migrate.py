"""Bring a database to the newest schema, backing the file up first.

Alembic is imported only when a migration is needed: opening an up-to-date database (every
start of the app) reads ``alembic_version`` directly and compares it with ``SCHEMA_HEAD``, which a
test keeps equal to the migrations' head.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text

from desktop.paths import backups_dir
from desktop.store.base import utcnow
from desktop.store.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (tests/integration/test_migrations.py checks it).
SCHEMA_HEAD = "0006"


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    # stdout now, not Alembic's default (sys.stdout when alembic.config was first imported,
    # which may be a stream closed since, e.g. a test's captured output).
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def head_revision(db: Database) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(db)).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_sqlite(path: Path, label: str) -> Path:
    """A consistent copy made with SQLite's online backup API (safe under WAL)."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir() / f"{path.stem}-{stamp}-{label}.sqlite3"
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def upgrade(db: Database) -> Path | None:
    """Upgrade to head. Returns the backup made before migrating an existing database."""
    current = current_revision(db)
    if current == SCHEMA_HEAD:
        return None
    head = head_revision(db)
    if current == head:
        return None
    from alembic import command

    backup: Path | None = None
    if current is not None and db.path is not None and db.path.exists():
        backup = backup_sqlite(db.path, f"before-{head}")
        log.info("Backed up the database to %s before migrating %s -> %s", backup, current, head)
    config = alembic_config(db)
    with db.engine.connect() as connection:
        raw: Any = None
        if db.is_sqlite:
            # Batch migrations rebuild a table (copy, drop, rename). With foreign keys on, the
            # drop would cascade into child rows (search terms) or be refused (interviews), so
            # they are off while migrating -- set on the raw connection, since SQLite ignores
            # the pragma inside a transaction -- and every reference is checked before commit.
            raw = connection.connection.driver_connection
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if db.is_sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
    return backup
