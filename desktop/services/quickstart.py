"""What the desktop app's first screens need, read with the standard library's ``sqlite3``.

Importing SQLAlchemy and the models costs about a quarter of a second of CPU (more on an old
PC), which used to sit between starting Hamyar and seeing the dashboard. These reads need none
of it, so the app can check the database, sign the facilitator in and show the office's real
figures while the database layer loads afterwards (:class:`~desktop.services.deferred.
DeferredDatabase`). Everything here is read-only and runs on the thread pool.

The rules are those of the SQLAlchemy services and tests hold them equal: signing in is
:meth:`UserService.authenticate <desktop.services.users.UserService.authenticate>` (scrypt, one
message for every failure, hashing even for unknown names), the figures are
:func:`desktop.services.stats.office_overview` and the list is
:meth:`OutcomeService.follow_ups_due <desktop.services.outcomes.OutcomeService.follow_ups_due>`.
Stored values follow the models: UUIDs as 32 hex digits, dates as ISO text, booleans as 0/1,
enums as their values.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.domain.digits import to_ascii_digits
from desktop.domain.enums import (
    FollowUpStatus,
    InterviewStatus,
    SessionStatus,
    UserRole,
    WorkshopStatus,
)
from desktop.domain.errors import NotFoundError, StateError, ValidationError
from desktop.domain.jalali import jalali_month_range, to_jalali
from desktop.services.actor import Actor
from desktop.services.passwords import hash_password, verify_password
from desktop.services.shell_data import NOT_SET_UP as NOT_SET_UP
from desktop.services.shell_data import USER_NOT_FOUND as USER_NOT_FOUND
from desktop.services.shell_data import WRONG_LOGIN as WRONG_LOGIN
from desktop.services.shell_data import OfficeDetails as OfficeDetails
from desktop.services.shell_data import Overview as Overview
from desktop.services.shell_data import UserDetails as UserDetails
from desktop.store.schema_version import newest_revision

OFFICE_MODE = "office"  # installations.mode; a province database starts differently
BUSY_TIMEOUT_MS = 10_000  # as the SQLAlchemy engine: wait for a writer rather than fail


@dataclass(frozen=True)
class DueFollowUp:
    participant_id: uuid.UUID
    name: str
    months: int
    due_on: date


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """One read transaction (a consistent snapshot under WAL). Never creates the file: a
    missing database raises ``sqlite3.OperationalError``."""
    uri = Path(path).expanduser().resolve().as_uri() + "?mode=rw"
    with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as connection:
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            connection.execute("ROLLBACK")


def _current_office_code(connection: sqlite3.Connection) -> str | None:
    row = connection.execute(
        "SELECT office_code FROM installations WHERE is_current = 1 LIMIT 1"
    ).fetchone()
    return str(row[0]) if row else None


def _office(connection: sqlite3.Connection, code: str) -> OfficeDetails | None:
    row = connection.execute(
        "SELECT code, name, county, province, address, phone FROM offices WHERE code = ?",
        (code,),
    ).fetchone()
    if row is None:
        return None
    return OfficeDetails(
        code=row[0],
        name=row[1],
        county=row[2],
        province=row[3],
        address=row[4] or "",
        phone=row[5] or "",
    )


def ready_office(path: Path) -> OfficeDetails | None:
    """The office, when the database at ``path`` is set up and needs no migration.

    None means "take the full path": the file is missing, not a database, not set up, a
    province database (its own start), or its schema is not the newest (a migration, with its
    backup, is due). Never writes.
    """
    head = newest_revision()
    if head is None or not Path(path).is_file():
        return None
    try:
        with reading(path) as connection:
            has_version = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not has_version:
                return None
            revisions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if [row[0] for row in revisions] != [head]:
                return None
            installation = connection.execute(
                "SELECT office_code, mode FROM installations WHERE is_current = 1"
            ).fetchall()
            if len(installation) != 1 or installation[0][1] != OFFICE_MODE:
                return None
            return _office(connection, installation[0][0])
    except sqlite3.Error:
        return None


def office_details(path: Path) -> OfficeDetails:
    """The office this installation belongs to; StateError when the database is not set up."""
    with reading(path) as connection:
        code = _current_office_code(connection)
        office = _office(connection, code) if code else None
    if office is None:
        raise StateError(NOT_SET_UP)
    return office


def user_details(path: Path, actor: Actor) -> UserDetails:
    """The signed-in user of ``actor``; NotFoundError for scripts (no user) or a deleted one."""
    if actor.user_id is None:
        raise NotFoundError(USER_NOT_FOUND)
    with reading(path) as connection:
        row = connection.execute(
            "SELECT id, username, full_name, role, active FROM users WHERE id = ? AND deleted = 0",
            (actor.user_id.hex,),
        ).fetchone()
    if row is None:
        raise NotFoundError(USER_NOT_FOUND)
    return UserDetails(
        id=uuid.UUID(row[0]),
        username=row[1],
        full_name=row[2],
        role=UserRole(row[3]),
        active=bool(row[4]),
    )


@dataclass(frozen=True)
class SignIn:
    """Signing in to one office's database: what the sign-in dialog and the launcher call."""

    path: Path
    office_code: str

    def authenticate(self, username: str, password: str) -> Actor:
        """The actor for a correct user name and password; one message for every failure."""
        with reading(self.path) as connection:
            row = connection.execute(
                "SELECT id, password_hash, active FROM users"
                " WHERE username = ? AND origin_office = ? AND deleted = 0",
                (to_ascii_digits(username).strip().lower(), self.office_code),
            ).fetchone()
        # Hash even for unknown users so timing does not reveal which names exist.
        stored = row[1] if row is not None else hash_password("not-a-user")
        if not verify_password(password, stored) or row is None or not row[2]:
            raise ValidationError(WRONG_LOGIN, field="password")
        return Actor(office_code=self.office_code, user_id=uuid.UUID(row[0]))


def _count(connection: sqlite3.Connection, sql: str, *params: object) -> int:
    row = connection.execute(sql, params).fetchone()
    return int(row[0] or 0) if row else 0


def office_overview(path: Path, today: date | None = None) -> Overview:
    """The dashboard's figures: live participants, intake interviews completed this Jalali
    month, workshops running today (scheduled sessions before and after it), follow-ups due."""
    with reading(path) as connection:
        return _overview(connection, today or date.today())


def follow_ups_due(path: Path, until: date | None = None, *, limit: int) -> list[DueFollowUp]:
    """Follow-ups still open and due on or before ``until`` (today by default), most overdue
    first (then by the person's Persian sort key); at most ``limit`` of them."""
    with reading(path) as connection:
        return _due(connection, until or date.today(), limit)


def dashboard(path: Path, today: date, limit: int) -> tuple[Overview, list[DueFollowUp]]:
    """Both of the above from one snapshot (the list never disagrees with the count)."""
    with reading(path) as connection:
        return _overview(connection, today), _due(connection, today, limit)


def _overview(connection: sqlite3.Connection, today: date) -> Overview:
    year, month, _day = to_jalali(today)
    month_start, month_end = jalali_month_range(year, month)
    day = today.isoformat()
    code = _current_office_code(connection)
    office = _office(connection, code) if code else None
    participants = _count(connection, "SELECT count(*) FROM participants WHERE deleted = 0")
    interviews = _count(
        connection,
        "SELECT count(*) FROM intake_interviews WHERE deleted = 0 AND status = ?"
        " AND interview_date BETWEEN ? AND ?",
        InterviewStatus.COMPLETE.value,
        month_start.isoformat(),
        month_end.isoformat(),
    )
    running = _count(
        connection,
        "SELECT count(*) FROM workshops WHERE deleted = 0 AND status != ? AND id IN ("
        " SELECT workshop_id FROM workshop_sessions WHERE deleted = 0 AND status = ?"
        " GROUP BY workshop_id"
        " HAVING min(session_date) <= ? AND max(session_date) >= ?)",
        WorkshopStatus.CANCELLED.value,
        SessionStatus.SCHEDULED.value,
        day,
        day,
    )
    due = _count(
        connection,
        "SELECT count(*) FROM follow_ups WHERE deleted = 0 AND status = ? AND due_on <= ?",
        FollowUpStatus.DUE.value,
        day,
    )
    return Overview(
        office_code=code or "",
        office_name=office.name if office else "",
        county=office.county if office else "",
        province=office.province if office else "",
        participants=participants,
        interviews_this_month=interviews,
        running_workshops=running,
        follow_ups_due=due,
    )


def _due(connection: sqlite3.Connection, until: date, limit: int) -> list[DueFollowUp]:
    rows = connection.execute(
        "SELECT p.id, p.first_name, p.last_name, f.months, f.due_on"
        " FROM follow_ups AS f JOIN participants AS p ON p.id = f.participant_id"
        " WHERE f.status = ? AND f.due_on <= ? AND f.deleted = 0"
        " ORDER BY f.due_on, p.sort_key LIMIT ?",
        (FollowUpStatus.DUE.value, until.isoformat(), limit),
    ).fetchall()
    return [
        DueFollowUp(
            participant_id=uuid.UUID(row[0]),
            name=f"{row[1]} {row[2]}".strip(),
            months=int(row[3]),
            due_on=date.fromisoformat(row[4]),
        )
        for row in rows
    ]
