"""The store's sync bookkeeping on a real migrated SQLite file: sync columns on every synced
table, the per-installation change counter (one rev per transaction, in the same transaction),
tombstones instead of deletes, durable connection settings, foreign keys and the audit log."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from desktop.domain.enums import AttendanceMark, EnrolmentStatus, OutcomeKind, ParticipantStatus
from desktop.services.app import Services
from desktop.services.outcomes import OutcomeInput
from desktop.services.participants import ParticipantInput
from desktop.services.setup import UserInput
from desktop.services.skills import AssessmentInput
from desktop.services.taxonomy import PROVINCE_ORIGIN
from desktop.services.workshops import WorkshopInput
from desktop.store.engine import Database
from desktop.store.models import (
    SYNCED_MODELS,
    AuditEntry,
    Certificate,
    Enrolment,
    Installation,
    Participant,
    Setting,
    Skill,
    SkillCriterion,
)

TODAY = date.today()
SYNC_COLUMNS = ("id", "origin_office", "rev", "updated_at", "deleted")
REFERENCE_TABLES = {Skill.__tablename__, SkillCriterion.__tablename__}


def last_rev(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(Installation.last_rev).where(Installation.is_current)))


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def new_participant(first: str = "زهرا", last: str = "کریمی") -> Participant:
    """A participant row built directly (the registry service fills these from the input)."""
    return Participant(
        id=uuid.uuid4(),
        first_name=first,
        last_name=last,
        registered_on=TODAY,
        sort_key=last,
        duplicate_key=f"{first} {last}||",
    )


@pytest.fixture
def populated(services: Services) -> Services:
    """Rows in every synced table, written through the services (and one certificate)."""
    people = services.participants.register_many(
        [ParticipantInput("زهرا", "کریمی"), ParticipantInput("مریم", "احمدی")]
    )
    services.participants.register(ParticipantInput("سارا", "رضایی", national_id="0499370899"))
    carpet = services.skills.skill_by_code("CARPET_WEAVING").id
    start = TODAY - timedelta(days=40)
    workshop = services.workshops.create(
        WorkshopInput("قالیبافی", carpet, 5, 20, start, min_attendance_share=0.5)
    )
    services.workshops.add_holiday(start + timedelta(days=1), "تعطیل")
    enrolments = [services.workshops.enrol(workshop.id, p).enrolment for p in people]
    sessions = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=[5, 0, 2], count=3, hours=2
    )
    for workshop_session in sessions:
        for enrolment in enrolments:
            services.attendance.mark(workshop_session.id, enrolment.id, AttendanceMark.PRESENT)
    services.skills.assess(AssessmentInput(people[0], carpet, TODAY, level=3))
    services.intake.start(people[0])
    services.attendance.finish_workshop(workshop.id)
    services.outcomes.record(OutcomeInput(people[0], OutcomeKind.COOPERATIVE, TODAY))
    services.users.create(UserInput("facilitator", "سمیه حسینی", "long-enough-1"))
    with services.db.write(office_code="URM01") as session:
        session.add(
            Certificate(serial="URM01-1405-0001", enrolment_id=enrolments[0].id, issued_on=TODAY)
        )
    return services


# --- columns ----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", SYNCED_MODELS, ids=lambda m: m.__tablename__)
def test_synced_table_has_sync_columns_in_the_migrated_database(
    services: Services, model: type
) -> None:
    inspector = inspect(services.db.engine)
    table = model.__tablename__
    columns = {column["name"]: column for column in inspector.get_columns(table)}
    for name in SYNC_COLUMNS:
        assert name in columns, f"{table} lacks {name}"
        assert columns[name]["nullable"] is False, f"{table}.{name} must be NOT NULL"
    assert inspector.get_pk_constraint(table)["constrained_columns"] == ["id"]
    # SQLAlchemy's portable UUID type: CHAR(32) on SQLite, never an INTEGER key.
    assert "INT" not in str(columns["id"]["type"]).upper()
    indexed = {tuple(index["column_names"]) for index in inspector.get_indexes(table)}
    assert ("rev",) in indexed  # exports select rows by rev


def test_every_synced_row_is_stamped(populated: Services) -> None:
    db = populated.db
    top = last_rev(db)
    seen = set()
    with db.engine.connect() as connection:
        for model in SYNCED_MODELS:
            table = model.__tablename__
            rows = connection.execute(
                text(f"SELECT id, origin_office, rev, updated_at, deleted FROM {table}")
            ).all()
            assert rows, f"the scenario wrote nothing to {table}"
            seen.add(table)
            for row_id, origin, rev, updated_at, deleted in rows:
                uuid.UUID(str(row_id))  # a UUID, not a counter
                expected = PROVINCE_ORIGIN if table in REFERENCE_TABLES else "URM01"
                assert origin == expected, table
                assert 0 < rev <= top, table
                assert updated_at is not None, table
                assert deleted in (0, False), table
    assert seen == {m.__tablename__ for m in SYNCED_MODELS}


# --- the change counter -----------------------------------------------------------------------


def test_one_transaction_shares_one_rev(services: Services) -> None:
    db = services.db
    before = last_rev(db)
    with db.write(office_code="URM01", user_id=services.actor.user_id) as session:
        first = new_participant("زهرا", "کریمی")
        session.add(first)
        session.flush()  # a second flush in the same transaction reuses the value
        second = new_participant("مریم", "احمدی")
        session.add(second)
        session.flush()
        first.notes = "ویرایش در همان تراکنش"
    after = last_rev(db)
    assert after == before + 1
    with db.read() as session:
        revs = set(session.scalars(select(Participant.rev)))
    assert revs == {after}


def test_schedule_generation_is_one_rev(services: Services) -> None:
    carpet = services.skills.skill_by_code("SEWING").id
    start = TODAY + timedelta(days=3)
    workshop = services.workshops.create(WorkshopInput("خیاطی", carpet, 5, 20, start))
    before = last_rev(services.db)
    sessions = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=[5, 0], count=6, hours=2
    )
    assert last_rev(services.db) == before + 1
    assert {s.rev for s in sessions} == {before + 1}
    assert services.workshops.get(workshop.id).rev == before + 1  # its end date changed


def test_a_later_change_gets_a_larger_rev(services: Services) -> None:
    a = services.participants.register(ParticipantInput("زهرا", "کریمی"))
    b = services.participants.register(ParticipantInput("مریم", "احمدی"))
    assert b.rev > a.rev
    services.participants.set_status(a.id, ParticipantStatus.ARCHIVED)
    changed = services.participants.get(a.id)
    assert changed.rev > b.rev
    assert changed.rev == last_rev(services.db)
    assert changed.updated_at >= a.updated_at
    assert services.participants.get(b.id).rev == b.rev  # untouched rows keep theirs


def test_failed_unit_of_work_leaves_nothing(services: Services) -> None:
    db = services.db
    before_rev = last_rev(db)
    before_audit = count(db, AuditEntry)
    with (
        pytest.raises(RuntimeError, match="boom"),
        db.write(office_code="URM01", user_id=services.actor.user_id) as session,
    ):
        session.add(new_participant())
        session.flush()
        # Inside the transaction the row, its audit entry and the counter exist...
        assert session.scalar(select(func.count()).select_from(Participant)) == 1
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before_audit + 1
        raise RuntimeError("boom")
    # ...and all of them are gone together.
    assert count(db, Participant) == 0
    assert count(db, AuditEntry) == before_audit
    assert last_rev(db) == before_rev


def test_audit_entry_is_written_with_the_change(services: Services) -> None:
    db = services.db
    with db.write(office_code="URM01", user_id=services.actor.user_id) as session:
        row = new_participant()
        session.add(row)
    with db.read() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == row.id))
    assert entry.action == "create"
    assert entry.entity == "participants"
    assert entry.user_id == services.actor.user_id
    assert entry.changes["first_name"] == [None, "زهرا"]


def test_writes_without_synced_changes_do_not_bump_rev(services: Services) -> None:
    db = services.db
    before = last_rev(db)
    with db.write(office_code="URM01") as session:
        session.add(Setting(key="language", value="fa"))  # local bookkeeping
    with db.write(office_code="URM01") as session:
        session.scalars(select(Participant)).all()  # a write unit that only reads
    assert last_rev(db) == before


def test_setting_a_value_to_what_it_already_is_is_not_a_change(services: Services) -> None:
    row = services.participants.register(ParticipantInput("زهرا", "کریمی"))
    before = last_rev(services.db)
    audit_before = count(services.db, AuditEntry)
    services.participants.set_status(row.id, ParticipantStatus.ACTIVE)  # already active
    assert services.participants.get(row.id).rev == row.rev
    assert last_rev(services.db) == before
    assert count(services.db, AuditEntry) == audit_before


# --- tombstones -------------------------------------------------------------------------------


def test_hard_deleting_a_synced_row_raises(services: Services) -> None:
    row = services.participants.register(ParticipantInput("زهرا", "کریمی"))
    before = last_rev(services.db)
    with (
        pytest.raises(RuntimeError, match="never hard-deleted"),
        services.db.write(office_code="URM01") as session,
    ):
        session.delete(session.get(Participant, row.id))
    assert services.participants.get(row.id).id == row.id
    assert last_rev(services.db) == before


def test_tombstone_is_a_change_with_a_new_rev(services: Services) -> None:
    row = services.participants.register(ParticipantInput("زهرا", "کریمی"))
    with services.db.write(office_code="URM01", user_id=services.actor.user_id) as session:
        session.get(Participant, row.id).deleted = True
    with services.db.read() as session:
        stored = session.get(Participant, row.id)
    assert stored is not None and stored.deleted is True
    assert stored.rev > row.rev
    assert services.participants.search("زهرا") == []
    assert [e.action for e in services.audit.history(row.id)] == ["delete", "create"]


# --- connection settings and foreign keys -----------------------------------------------------


def test_connection_pragmas(services: Services, db_path: Path) -> None:
    engine = services.db.engine
    engine.dispose()  # make sure a fresh connection is configured too
    for _ in range(2):
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    with services.db.read() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with services.db.write() as session:
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2
    # WAL is recorded in the file itself (header bytes 18 and 19 are 2).
    header = db_path.read_bytes()[:20]
    assert header[:16] == b"SQLite format 3\x00"
    assert (header[18], header[19]) == (2, 2)


def test_foreign_key_violation_fails_and_writes_nothing(services: Services) -> None:
    person = services.participants.register(ParticipantInput("زهرا", "کریمی"))
    before = last_rev(services.db)
    audit_before = count(services.db, AuditEntry)
    with pytest.raises(IntegrityError), services.db.write(office_code="URM01") as session:
        session.add(
            Enrolment(
                workshop_id=uuid.uuid4(),
                participant_id=person.id,
                status=EnrolmentStatus.ENROLLED,
            )
        )
    assert count(services.db, Enrolment) == 0
    assert last_rev(services.db) == before
    assert count(services.db, AuditEntry) == audit_before


def test_write_transactions_are_immediate(services: Services, db_path: Path) -> None:
    """A write unit holds the write lock from its start, so a second writer waits instead of
    deadlocking on a lock upgrade."""
    with services.db.write(office_code="URM01") as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(db_path, timeout=0.1, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
