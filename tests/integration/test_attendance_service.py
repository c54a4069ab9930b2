"""The attendance service's grid (the sheet as plain data) and set_mark (one mark, with the new
totals), against a real office database."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop.domain.completion import AttendanceTally
from desktop.domain.enums import AttendanceMark, EnrolmentStatus
from desktop.domain.errors import NotFoundError, StateError
from desktop.services.app import Services
from desktop.services.attendance import (
    SESSION_CANCELLED,
    SESSION_NOT_HELD_YET,
    SessionState,
    refusal_msgid,
    session_state,
    tally_marks,
)
from desktop.services.participants import ParticipantInput
from desktop.services.workshops import WorkshopInput
from desktop.store.models import Attendance, AuditEntry, Installation

TODAY = date.today()
P, A, E, L = (
    AttendanceMark.PRESENT,
    AttendanceMark.ABSENT,
    AttendanceMark.EXCUSED,
    AttendanceMark.LATE,
)
NAMES = [("مریم", "یوسفی"), ("زهرا", "احمدی"), ("پروین", "کریمی"), ("سمیه", "حسینی")]


@pytest.fixture
def setup(services: Services) -> dict[str, object]:
    """Started eight days ago, a session every day but Friday (ten in all); capacity 3 with
    four people (the last waits)."""
    start = TODAY - timedelta(days=8)
    skill = services.skills.skill_by_code("CARPET_WEAVING").id
    workshop = services.workshops.create(
        WorkshopInput(
            title="کارگاه قالیبافی",
            skill_id=skill,
            capacity=3,
            planned_hours=30,
            start_date=start,
            trainer="خانم رحیمی",
            min_attendance_share=0.8,
        )
    )
    people = services.participants.register_many(
        [ParticipantInput(first_name=f, last_name=last) for f, last in NAMES]
    )
    enrolments = [r.enrolment.id for r in services.workshops.enrol_many(workshop.id, people)]
    sessions = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=range(7), count=10, hours=3
    )
    held = [s for s in sessions if s.session_date <= TODAY]
    future = [s for s in sessions if s.session_date > TODAY]
    return {
        "workshop": workshop,
        "enrolments": enrolments,
        "sessions": sessions,
        "held": held,
        "future": future,
    }


def rev(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(Installation.last_rev).where(Installation.is_current)))


def count(services: Services, model: type) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_grid_matches_the_sheet(services: Services, setup: dict) -> None:
    workshop, enrolments, held = setup["workshop"], setup["enrolments"], setup["held"]
    services.attendance.mark(held[0].id, enrolments[0], P)
    services.attendance.mark(held[0].id, enrolments[1], L)
    services.attendance.mark(held[1].id, enrolments[0], E)
    services.workshops.cancel_session(held[2].id)

    grid = services.attendance.grid(workshop.id)
    sheet = services.attendance.sheet(workshop.id)
    assert [s.id for s in grid.sessions] == [s.id for s in sheet.sessions]
    assert [p.enrolment_id for p in grid.people] == [r.enrolment.id for r in sheet.rows]
    assert len(grid.people) == 3  # the waiting list has no row
    assert {
        (row.enrolment.id, sid): mark for row in sheet.rows for sid, mark in row.marks.items()
    } == dict(grid.marks)
    assert grid.workshop.title == "کارگاه قالیبافی"
    assert grid.workshop.trainer == "خانم رحیمی"
    assert grid.workshop.min_attendance_share == 0.8
    assert grid.today == TODAY
    states = {s.id: s.state for s in grid.sessions}
    assert states[held[2].id] is SessionState.CANCELLED
    assert all(states[s.id] is SessionState.UPCOMING for s in setup["future"])
    assert grid.held_ids == [s.id for s in held if s.id != held[2].id]
    assert grid.marks_of(enrolments[0]) == {held[0].id: P, held[1].id: E}
    assert grid.session_counts(held[0].id) == {P: 1, L: 1}
    tally = grid.tally(enrolments[0])
    assert (tally.held, tally.present, tally.excused) == (len(held) - 1, 1, 1)
    # The same tally the completion rule uses.
    completion = {
        row.enrolment.id: row.tally for row in services.attendance.completion(workshop.id)
    }
    assert completion[enrolments[0]] == tally


def test_grid_of_an_unknown_workshop(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.attendance.grid(uuid.uuid4())
    with pytest.raises(NotFoundError):
        services.attendance.grid("not-a-uuid")


def test_set_mark_returns_the_new_totals(services: Services, setup: dict) -> None:
    enrolments, held = setup["enrolments"], setup["held"]
    services.attendance.mark(held[0].id, enrolments[1], A)
    saved = services.attendance.set_mark(held[0].id, enrolments[0], P)
    assert saved.mark == P
    assert saved.rev == rev(services)
    assert saved.tally == AttendanceTally(
        held=len(held), present=1, late=0, excused=0, absent=len(held) - 1
    )
    assert dict(saved.session_counts) == {P: 1, A: 1}

    changed = services.attendance.set_mark(held[0].id, enrolments[0], L)
    assert (changed.tally.present, changed.tally.late) == (0, 1)
    assert dict(changed.session_counts) == {L: 1, A: 1}

    cleared = services.attendance.set_mark(held[0].id, enrolments[0], None)
    assert cleared.mark is None
    assert cleared.tally.absent == len(held)
    assert dict(cleared.session_counts) == {A: 1}
    grid = services.attendance.grid(setup["workshop"].id)
    assert (enrolments[0], held[0].id) not in grid.marks

    # Marking again revives the same row (a tombstone is never duplicated).
    services.attendance.set_mark(held[0].id, enrolments[0], "present")  # type: ignore[arg-type]
    with services.db.read() as session:
        rows = session.scalars(
            select(Attendance).where(Attendance.enrolment_id == enrolments[0])
        ).all()
    assert len(rows) == 1 and not rows[0].deleted and rows[0].mark == P


@pytest.mark.parametrize("mark", [P, None])
def test_future_and_cancelled_sessions_write_nothing(
    services: Services, setup: dict, mark: AttendanceMark | None
) -> None:
    enrolments, held, future = setup["enrolments"], setup["held"], setup["future"]
    services.workshops.cancel_session(held[0].id)
    before = (rev(services), count(services, Attendance), count(services, AuditEntry))
    with pytest.raises(StateError) as cancelled:
        services.attendance.set_mark(held[0].id, enrolments[0], mark)
    assert cancelled.value.msgid == SESSION_CANCELLED
    assert str(cancelled.value) == "این جلسه لغو شده است؛ نمی‌توان برای آن حضور و غیاب ثبت کرد."
    with pytest.raises(StateError) as upcoming:
        services.attendance.set_mark(future[0].id, enrolments[0], mark)
    assert str(upcoming.value) == "این جلسه هنوز برگزار نشده است."
    if mark is None:
        with pytest.raises(StateError):
            services.attendance.clear(future[0].id, enrolments[0])
    after = (rev(services), count(services, Attendance), count(services, AuditEntry))
    assert after == before


def test_set_mark_refuses_people_not_enrolled(services: Services, setup: dict) -> None:
    enrolments, held = setup["enrolments"], setup["held"]
    waiting = enrolments[3]
    assert services.attendance.get_enrolment(waiting).status == EnrolmentStatus.WAITING
    with pytest.raises(StateError):
        services.attendance.set_mark(held[0].id, waiting, P)
    with pytest.raises(NotFoundError):
        services.attendance.set_mark(held[0].id, uuid.uuid4(), P)
    with pytest.raises(NotFoundError):
        services.attendance.set_mark(uuid.uuid4(), enrolments[0], P)
    assert count(services, Attendance) == 0


def test_session_states_and_tally_rules() -> None:
    from desktop.domain.enums import SessionStatus

    day = date(2024, 5, 1)
    assert session_state(SessionStatus.SCHEDULED, day, day) is SessionState.HELD
    assert session_state(SessionStatus.SCHEDULED, day + timedelta(days=1), day) is (
        SessionState.UPCOMING
    )
    assert session_state(SessionStatus.CANCELLED, day - timedelta(days=3), day) is (
        SessionState.CANCELLED
    )
    assert refusal_msgid(SessionState.HELD) is None
    assert refusal_msgid(SessionState.UPCOMING) == SESSION_NOT_HELD_YET
    held = [uuid.uuid4() for _ in range(4)]
    other = uuid.uuid4()  # a cancelled session's mark does not count
    tally = tally_marks(held, {held[0]: P, held[1]: L, held[2]: E, other: P})
    assert tally == AttendanceTally(held=4, present=1, late=1, excused=1, absent=1)
    assert tally.share == 0.5
