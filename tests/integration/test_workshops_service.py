"""Workshops against a real office database: definition, schedule, enrolment with a waiting
list, attendance, completion, finishing with follow-ups, and the dashboard counts.

Services use ``date.today()``; every date here is relative to it, so workshops "in the past"
have sessions that were held and workshops "in the future" have none yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

import desktop.store.base as store_base
from desktop.domain.enums import (
    AttendanceMark,
    EnrolmentStatus,
    FollowUpStatus,
    ParticipantStatus,
    SessionStatus,
    WorkshopStatus,
)
from desktop.domain.errors import NotFoundError, StateError, ValidationError, ValidationErrors
from desktop.domain.jalali import add_months
from desktop.services import stats
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.skills import AssessmentInput
from desktop.services.workshops import HOLIDAY_NOT_FOUND, WorkshopInput
from desktop.store.models import Attendance, FollowUp, Holiday, Workshop, WorkshopSession

TODAY = date.today()
EVERY_DAY = range(7)  # Friday is dropped by the planner
FRIDAY = 4
SATURDAY = 5
# CARPET_WEAVING rubric weights: KNOTTING 3, PATTERN_READING 3, LOOM_SETUP 1, FINISHING 2,
# PRODUCTIVITY 2. These scores give a weighted mean of 39/11 = 3.55 -> level 4 (plain mean 3).
CARPET_SCORES = {
    "KNOTTING": 5,
    "PATTERN_READING": 5,
    "LOOM_SETUP": 1,
    "FINISHING": 2,
    "PRODUCTIVITY": 2,
}


def carpet_id(services: Services) -> uuid.UUID:
    return services.skills.skill_by_code("CARPET_WEAVING").id


def workshop_input(
    services: Services,
    start: date,
    *,
    capacity: int = 5,
    share: float | None = 0.75,
    min_level: int | None = None,
    title: str = "کارگاه قالیبافی",
    end: date | None = None,
) -> WorkshopInput:
    return WorkshopInput(
        title=title,
        skill_id=carpet_id(services),
        capacity=capacity,
        planned_hours=40,
        start_date=start,
        end_date=end,
        partner_org="جهاد دانشگاهی",
        min_attendance_share=share,
        min_level=min_level,
    )


def new_workshop(services: Services, start: date, **kwargs: object) -> Workshop:
    return services.workshops.create(workshop_input(services, start, **kwargs))  # type: ignore[arg-type]


SUFFIXES = "ابپتثجچحخد"
NAMES = ["زهرا", "مریم", "فاطمه", "سارا", "نرگس", "لیلا", "معصومه", "سمیه", "پروین", "شیرین"]


def new_people(services: Services, count: int, last: str = "کریمی") -> list[uuid.UUID]:
    rows = [
        ParticipantInput(first_name=NAMES[i], last_name=f"{last}{SUFFIXES[i]}")
        for i in range(count)
    ]
    return services.participants.register_many(rows)


def schedule(
    services: Services,
    workshop: Workshop,
    start: date,
    count: int,
    weekdays: Iterable[int] = EVERY_DAY,
) -> list[WorkshopSession]:
    return services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=list(weekdays), count=count, hours=3
    )


def statuses(services: Services, workshop: Workshop) -> dict[uuid.UUID, EnrolmentStatus]:
    return {e.participant_id: e.status for e, _ in services.workshops.enrolments(workshop.id)}


def workshop_count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Workshop)) or 0)


def next_weekday(after: date, weekday: int) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7)


# --- creating ---------------------------------------------------------------------------------


def test_create_stores_the_workshop(services: Services) -> None:
    start = TODAY + timedelta(days=10)
    row = new_workshop(services, start, capacity=12, title="  كارگاه  قالیبافی ")
    stored = services.workshops.get(row.id)
    assert stored.title == "کارگاه قالیبافی"
    assert stored.capacity == 12
    assert stored.start_date == start
    assert stored.status == WorkshopStatus.PLANNED
    assert stored.origin_office == "URM01"
    assert stored.rev > 0


def test_create_validation_lists_every_problem_and_writes_nothing(services: Services) -> None:
    start = TODAY + timedelta(days=10)
    bad = WorkshopInput(
        title=" ",
        skill_id=carpet_id(services),
        capacity=0,
        planned_hours=0,
        start_date=start,
        end_date=start - timedelta(days=1),
        min_attendance_share=None,
        min_level=None,
    )
    with pytest.raises(ValidationErrors) as caught:
        services.workshops.create(bad)
    fields = {error.field for error in caught.value.errors}
    assert fields == {"title", "capacity", "planned_hours", "end_date", "completion_rule"}
    assert workshop_count(services) == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": 501}, "capacity"),
        ({"end": TODAY - timedelta(days=1)}, "end_date"),
        ({"share": None, "min_level": None}, "completion_rule"),
        ({"share": 1.5}, "min_attendance_share"),
        ({"min_level": 6}, "min_level"),
    ],
)
def test_create_refuses_single_problems(
    services: Services, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationErrors) as caught:
        new_workshop(services, TODAY, **changes)
    assert [error.field for error in caught.value.errors] == [field]
    assert workshop_count(services) == 0


def test_create_with_unknown_skill_is_not_found(services: Services) -> None:
    data = WorkshopInput(
        title="کارگاه", skill_id=uuid.uuid4(), capacity=5, planned_hours=10, start_date=TODAY
    )
    with pytest.raises(NotFoundError):
        services.workshops.create(data)
    assert workshop_count(services) == 0


# --- schedule ---------------------------------------------------------------------------------


def test_schedule_skips_fridays_and_holidays_and_numbers_sessions(services: Services) -> None:
    start = next_weekday(TODAY + timedelta(days=14), SATURDAY)
    workshop = new_workshop(services, start)
    holiday = start + timedelta(days=9)  # the second Monday
    services.workshops.add_holiday(holiday, "تعطیل رسمی")

    # Saturday, Monday, Thursday and Friday asked for; Friday is never planned.
    sessions = schedule(services, workshop, start, 6, weekdays=[SATURDAY, 0, 3, FRIDAY])

    offsets = [(s.session_date - start).days for s in sessions]
    assert offsets == [0, 2, 5, 7, 12, 14]
    assert [s.number for s in sessions] == [1, 2, 3, 4, 5, 6]
    assert all(s.session_date.weekday() != FRIDAY for s in sessions)
    assert holiday not in {s.session_date for s in sessions}
    assert all(s.status == SessionStatus.SCHEDULED and s.hours == 3 for s in sessions)
    assert services.workshops.get(workshop.id).end_date == start + timedelta(days=14)
    stored = services.workshops.sessions(workshop.id)
    assert [s.id for s in stored] == [s.id for s in sessions]
    assert [h.holiday_date for h in services.workshops.holidays()] == [holiday]


def test_schedule_every_day_never_lands_on_a_friday(services: Services) -> None:
    start = TODAY + timedelta(days=3)
    workshop = new_workshop(services, start)
    sessions = schedule(services, workshop, start, 30)
    assert len(sessions) == 30
    assert all(s.session_date.weekday() != FRIDAY for s in sessions)
    dates = [s.session_date for s in sessions]
    assert dates == sorted(set(dates))


def test_schedule_validation(services: Services) -> None:
    start = TODAY + timedelta(days=3)
    workshop = new_workshop(services, start)
    with pytest.raises(ValidationError) as caught:
        schedule(services, workshop, start - timedelta(days=1), 3)
    assert caught.value.field == "start"
    with pytest.raises(ValidationError) as caught:
        schedule(services, workshop, start, 3, weekdays=[FRIDAY])
    assert caught.value.field == "weekdays"
    with pytest.raises(ValidationError) as caught:
        services.workshops.generate_schedule(
            workshop.id, start=start, weekdays=[0], count=3, hours=0
        )
    assert caught.value.field == "hours"
    with pytest.raises(ValidationError) as caught:
        services.workshops.generate_schedule(
            workshop.id, start=start, weekdays=[0], count=3, hours=2, start_time="25:00"
        )
    assert caught.value.field == "start_time"
    assert services.workshops.sessions(workshop.id) == []


def test_schedule_time_accepts_persian_digits(services: Services) -> None:
    start = TODAY + timedelta(days=3)
    workshop = new_workshop(services, start)
    sessions = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=[0, 2], count=2, hours=2, start_time="۹:۳۰"
    )
    assert {s.start_time for s in sessions} == {"09:30"}


def test_regenerating_replaces_the_sessions_until_attendance_is_taken(services: Services) -> None:
    start = TODAY - timedelta(days=20)
    workshop = new_workshop(services, start)
    [person] = new_people(services, 1)
    enrolment = services.workshops.enrol(workshop.id, person).enrolment

    first = schedule(services, workshop, start, 10)
    second = schedule(services, workshop, start, 12)
    current = services.workshops.sessions(workshop.id)
    assert [s.id for s in current] == [s.id for s in second]
    assert not {s.id for s in first} & {s.id for s in current}
    assert len(current) == 12

    services.attendance.mark(current[0].id, enrolment.id, AttendanceMark.PRESENT)
    with pytest.raises(StateError):
        schedule(services, workshop, start, 8)
    assert [s.id for s in services.workshops.sessions(workshop.id)] == [s.id for s in second]

    # Once the only mark is cleared, re-planning is allowed again.
    services.attendance.clear(current[0].id, enrolment.id)
    assert len(schedule(services, workshop, start, 8)) == 8


def test_remove_holiday_tombstones_it_and_never_moves_sessions(services: Services) -> None:
    start = next_weekday(TODAY + timedelta(days=14), SATURDAY)
    workshop = new_workshop(services, start)
    holiday = services.workshops.add_holiday(start + timedelta(days=1), "تعطیل رسمی")
    before = schedule(services, workshop, start, 3)
    assert holiday.holiday_date not in {s.session_date for s in before}

    services.workshops.remove_holiday(holiday.id)

    assert services.workshops.holidays() == []
    with services.db.read() as session:  # a tombstone, so the removal reaches other offices
        stored = session.get(Holiday, holiday.id)
        assert stored is not None and stored.deleted and stored.rev > holiday.rev
    # Sessions planned around the holiday stay; a session may now be moved onto the day.
    after = services.workshops.sessions(workshop.id)
    assert [(s.id, s.session_date) for s in after] == [(s.id, s.session_date) for s in before]
    moved = services.workshops.move_session(after[-1].id, holiday.holiday_date)
    assert moved.session_date == holiday.holiday_date
    # Removing it again (or an unknown id) says so (a translated message).
    with pytest.raises(NotFoundError) as removed:
        services.workshops.remove_holiday(holiday.id)
    assert removed.value.msgid == HOLIDAY_NOT_FOUND
    with pytest.raises(NotFoundError):
        services.workshops.remove_holiday(uuid.uuid4())


def test_move_session_refuses_fridays_and_holidays_and_renumbers(services: Services) -> None:
    start = next_weekday(TODAY + timedelta(days=7), SATURDAY)
    workshop = new_workshop(services, start)
    sessions = schedule(services, workshop, start, 3, weekdays=[SATURDAY, 0])  # S, S+2, S+7
    friday = start + timedelta(days=6)
    assert friday.weekday() == FRIDAY

    with pytest.raises(ValidationError) as caught:
        services.workshops.move_session(sessions[0].id, friday)
    assert caught.value.field == "date"
    holiday = start + timedelta(days=3)
    services.workshops.add_holiday(holiday, "عید")
    with pytest.raises(ValidationError):
        services.workshops.move_session(sessions[0].id, holiday)
    with pytest.raises(ValidationError):
        services.workshops.move_session(sessions[0].id, start - timedelta(days=1))
    assert services.workshops.sessions(workshop.id)[0].session_date == start

    # Moving the first session after the last one renumbers them and moves the end date.
    moved = services.workshops.move_session(sessions[0].id, start + timedelta(days=8), "۱۰:۰۰")
    assert moved.start_time == "10:00"
    after = services.workshops.sessions(workshop.id)
    assert [s.id for s in after] == [sessions[1].id, sessions[2].id, sessions[0].id]
    assert [s.number for s in after] == [1, 2, 3]
    assert services.workshops.get(workshop.id).end_date == start + timedelta(days=8)


def test_cancel_session(services: Services) -> None:
    start = TODAY + timedelta(days=3)
    workshop = new_workshop(services, start)
    sessions = schedule(services, workshop, start, 4)
    cancelled = services.workshops.cancel_session(sessions[1].id, "  مربی  بیمار بود ")
    assert cancelled.status == SessionStatus.CANCELLED
    assert cancelled.note == "مربی بیمار بود"
    stored = services.workshops.sessions(workshop.id)
    assert [s.status for s in stored].count(SessionStatus.CANCELLED) == 1
    [summary] = services.workshops.summaries()
    assert summary.sessions == 3  # cancelled sessions are not counted


# --- enrolment --------------------------------------------------------------------------------


def test_enrol_up_to_capacity_then_waiting_list(services: Services) -> None:
    workshop = new_workshop(services, TODAY + timedelta(days=5), capacity=2)
    a, b, c, d = new_people(services, 4)
    results = [services.workshops.enrol(workshop.id, p) for p in (a, b, c, d)]
    assert [r.waiting for r in results] == [False, False, True, True]
    assert statuses(services, workshop) == {
        a: EnrolmentStatus.ENROLLED,
        b: EnrolmentStatus.ENROLLED,
        c: EnrolmentStatus.WAITING,
        d: EnrolmentStatus.WAITING,
    }
    # The list shows the enrolled first, then the waiting list in queue order.
    order = [e.participant_id for e, _ in services.workshops.enrolments(workshop.id)]
    assert order[2:] == [c, d]

    e = new_people(services, 1, last="رضایی")[0]
    with pytest.raises(StateError) as caught:
        services.workshops.enrol(workshop.id, e, allow_waiting=False)
    assert caught.value.params["capacity"] == 2
    assert e not in statuses(services, workshop)


def test_enrolling_the_same_person_twice_is_refused(services: Services) -> None:
    workshop = new_workshop(services, TODAY + timedelta(days=5), capacity=1)
    a, b = new_people(services, 2)
    services.workshops.enrol(workshop.id, a)
    services.workshops.enrol(workshop.id, b)  # waiting
    with pytest.raises(StateError):
        services.workshops.enrol(workshop.id, a)
    with pytest.raises(StateError):
        services.workshops.enrol(workshop.id, b)
    assert len(services.workshops.enrolments(workshop.id)) == 2


def test_withdraw_promotes_the_first_in_the_queue(services: Services) -> None:
    workshop = new_workshop(services, TODAY + timedelta(days=5), capacity=2)
    a, b, c, d, e = new_people(services, 5)
    enrolments = {p: services.workshops.enrol(workshop.id, p).enrolment for p in (a, b, c, d, e)}

    # A waiting person leaving promotes nobody and keeps the others' order.
    result = services.workshops.withdraw(enrolments[c].id, "  نقل مکان ")
    assert result.promoted is None
    assert result.withdrawn.status == EnrolmentStatus.WITHDRAWN
    assert result.withdrawn.withdraw_reason == "نقل مکان"

    result = services.workshops.withdraw(enrolments[a].id)
    assert result.promoted is not None
    assert result.promoted.participant_id == d
    assert result.promoted.status == EnrolmentStatus.ENROLLED
    assert statuses(services, workshop) == {
        a: EnrolmentStatus.WITHDRAWN,
        b: EnrolmentStatus.ENROLLED,
        c: EnrolmentStatus.WITHDRAWN,
        d: EnrolmentStatus.ENROLLED,
        e: EnrolmentStatus.WAITING,
    }
    with pytest.raises(StateError):
        services.workshops.withdraw(enrolments[a].id)

    # Someone who withdrew may come back, at the end of the queue.
    again = services.workshops.enrol(workshop.id, a)
    assert again.waiting is True
    assert again.enrolment.id == enrolments[a].id
    result = services.workshops.withdraw(enrolments[b].id)
    assert result.promoted is not None and result.promoted.participant_id == e


def test_enrol_many_overflows_to_the_waiting_list_in_order(services: Services) -> None:
    workshop = new_workshop(services, TODAY + timedelta(days=5), capacity=2)
    people = new_people(services, 5)
    results = services.workshops.enrol_many(workshop.id, people)
    assert [r.waiting for r in results] == [False, False, True, True, True]
    assert [r.enrolment.participant_id for r in results] == people
    waiting = [
        e.participant_id
        for e, _ in services.workshops.enrolments(workshop.id)
        if e.status == EnrolmentStatus.WAITING
    ]
    assert waiting == people[2:]
    promoted = services.workshops.withdraw(results[0].enrolment.id).promoted
    assert promoted is not None and promoted.participant_id == people[2]


def test_waiting_list_keeps_enrol_many_order_on_a_coarse_clock(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_base.datetime
    frozen = real.now(store_base.UTC)

    class CoarseClock(real):  # type: ignore[misc, valid-type]
        """The system clock as a coarse-tick platform reports it within one tick."""

        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return frozen if tz is not None else frozen.replace(tzinfo=None)

    workshop = new_workshop(services, TODAY + timedelta(days=5), capacity=1)
    # Names in reverse alphabetical order, so no other tie-breaker can pass by accident.
    rows = [ParticipantInput(name, "کریمی") for name in ("یاسمن", "مریم", "سارا", "بهار")]
    people = services.participants.register_many(rows)
    monkeypatch.setattr(store_base, "datetime", CoarseClock)
    results = services.workshops.enrol_many(workshop.id, people)
    monkeypatch.setattr(store_base, "datetime", real)

    waiting = [
        e.participant_id
        for e, _ in services.workshops.enrolments(workshop.id)
        if e.status == EnrolmentStatus.WAITING
    ]
    assert waiting == people[1:]
    promoted = services.workshops.withdraw(results[0].enrolment.id).promoted
    assert promoted is not None and promoted.participant_id == people[1]


def test_enrol_many_is_all_or_nothing(services: Services) -> None:
    workshop = new_workshop(services, TODAY + timedelta(days=5), capacity=5)
    people = new_people(services, 2)
    with pytest.raises(NotFoundError):
        services.workshops.enrol_many(workshop.id, [people[0], uuid.uuid4(), people[1]])
    assert services.workshops.enrolments(workshop.id) == []


def test_enrol_refused_for_cancelled_finished_or_archived(services: Services) -> None:
    a, b = new_people(services, 2)
    cancelled = new_workshop(services, TODAY + timedelta(days=5))
    services.workshops.cancel(cancelled.id)
    with pytest.raises(StateError):
        services.workshops.enrol(cancelled.id, a)

    finished = new_workshop(services, TODAY - timedelta(days=30))
    schedule(services, finished, TODAY - timedelta(days=30), 3)
    with pytest.raises(StateError):
        services.workshops.enrol(finished.id, a)

    open_workshop = new_workshop(services, TODAY + timedelta(days=5))
    services.participants.set_status(b, ParticipantStatus.ARCHIVED)
    with pytest.raises(StateError) as caught:
        services.workshops.enrol(open_workshop.id, b)
    assert caught.value.params["name"] == "مریم کریمیب"
    for workshop in (cancelled, finished, open_workshop):
        assert services.workshops.enrolments(workshop.id) == []


def test_capacity_cannot_drop_below_enrolled_and_raising_it_promotes(services: Services) -> None:
    start = TODAY + timedelta(days=5)
    workshop = new_workshop(services, start, capacity=3)
    people = new_people(services, 6)
    services.workshops.enrol_many(workshop.id, people)  # 3 enrolled, 3 waiting

    with pytest.raises(ValidationError) as caught:
        services.workshops.update(workshop.id, workshop_input(services, start, capacity=2))
    assert caught.value.field == "capacity"
    assert caught.value.params["count"] == 3
    assert services.workshops.get(workshop.id).capacity == 3

    services.workshops.update(workshop.id, workshop_input(services, start, capacity=5))
    assert services.workshops.get(workshop.id).capacity == 5
    current = statuses(services, workshop)
    assert [current[p] for p in people] == [EnrolmentStatus.ENROLLED] * 5 + [
        EnrolmentStatus.WAITING
    ]


# --- summaries --------------------------------------------------------------------------------


def test_summaries_status_and_counts(services: Services) -> None:
    past_start = TODAY - timedelta(days=60)
    past = new_workshop(services, past_start, capacity=2, title="گذشته")
    running = new_workshop(services, TODAY - timedelta(days=10), capacity=5, title="جاری")
    future = new_workshop(services, TODAY + timedelta(days=20), title="آینده")
    unplanned = new_workshop(services, TODAY + timedelta(days=40), title="بی‌برنامه")
    cancelled = new_workshop(services, TODAY + timedelta(days=30), title="لغوشده")
    services.workshops.cancel(cancelled.id)

    people = new_people(services, 4)
    services.workshops.enrol_many(past.id, people[:3])  # 2 enrolled, 1 waiting
    services.workshops.enrol_many(running.id, people[:4])
    schedule(services, past, past_start, 4)
    running_sessions = schedule(services, running, TODAY - timedelta(days=10), 20)
    schedule(services, future, TODAY + timedelta(days=20), 3)

    summaries = {s.workshop.id: s for s in services.workshops.summaries()}
    assert [s.workshop.title for s in services.workshops.summaries()] == [
        "بی‌برنامه",
        "لغوشده",
        "آینده",
        "جاری",
        "گذشته",
    ]  # newest first
    assert summaries[past.id].status == WorkshopStatus.FINISHED
    assert (summaries[past.id].enrolled, summaries[past.id].waiting) == (2, 1)
    assert (summaries[past.id].sessions, summaries[past.id].sessions_held) == (4, 4)
    today = date.today()  # the services' today, even if the run crossed midnight
    held = sum(1 for s in running_sessions if s.session_date <= today)
    assert summaries[running.id].status == WorkshopStatus.RUNNING
    assert (summaries[running.id].sessions, summaries[running.id].sessions_held) == (20, held)
    assert summaries[running.id].enrolled == 4
    assert summaries[future.id].status == WorkshopStatus.PLANNED
    assert (summaries[future.id].sessions, summaries[future.id].sessions_held) == (3, 0)
    assert summaries[unplanned.id].status == WorkshopStatus.PLANNED
    assert summaries[unplanned.id].sessions == 0
    assert summaries[cancelled.id].status == WorkshopStatus.CANCELLED
    assert summaries[past.id].skill_name_en
    assert summaries[past.id].completed == 0


# --- attendance -------------------------------------------------------------------------------


@pytest.fixture
def running(services: Services) -> tuple[Workshop, list[WorkshopSession], list[uuid.UUID]]:
    """A workshop that started ten days ago with sessions held and to come; capacity 2 with
    three people (the third waits)."""
    start = TODAY - timedelta(days=10)
    workshop = new_workshop(services, start, capacity=2)
    sessions = schedule(services, workshop, start, 20)
    results = services.workshops.enrol_many(workshop.id, new_people(services, 3))
    return workshop, sessions, [r.enrolment.id for r in results]


def test_mark_refused_for_future_session(services: Services, running: tuple) -> None:
    workshop, sessions, enrolments = running
    future = next(s for s in sessions if s.session_date > TODAY)
    with pytest.raises(StateError):
        services.attendance.mark(future.id, enrolments[0], AttendanceMark.PRESENT)
    assert services.attendance.sheet(workshop.id).rows[0].marks == {}


def test_mark_refused_for_cancelled_session(services: Services, running: tuple) -> None:
    _, sessions, enrolments = running
    held = sessions[0]
    services.workshops.cancel_session(held.id)
    with pytest.raises(StateError):
        services.attendance.mark(held.id, enrolments[0], AttendanceMark.PRESENT)


def test_mark_refused_for_waiting_list_and_other_workshop(
    services: Services, running: tuple
) -> None:
    _, sessions, enrolments = running
    with pytest.raises(StateError):
        services.attendance.mark(sessions[0].id, enrolments[2], AttendanceMark.PRESENT)

    other = new_workshop(services, TODAY - timedelta(days=10))
    [someone] = new_people(services, 1, last="رضایی")
    other_enrolment = services.workshops.enrol(other.id, someone).enrolment
    with pytest.raises(StateError):
        services.attendance.mark(sessions[0].id, other_enrolment.id, AttendanceMark.PRESENT)
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_remarking_updates_the_same_row(services: Services, running: tuple) -> None:
    workshop, sessions, enrolments = running
    held = [s for s in sessions if s.session_date <= TODAY]
    first = services.attendance.mark(held[0].id, enrolments[0], AttendanceMark.ABSENT)
    second = services.attendance.mark(held[0].id, enrolments[0], "late")  # type: ignore[arg-type]
    assert second.id == first.id
    assert second.rev > first.rev
    services.attendance.mark(held[0].id, enrolments[1], AttendanceMark.PRESENT)
    services.attendance.mark(held[-1].id, enrolments[0], AttendanceMark.EXCUSED)

    with services.db.read() as session:
        rows = session.execute(select(Attendance.session_id, Attendance.enrolment_id)).all()
    assert len(rows) == len(set(rows)) == 3
    sheet = services.attendance.sheet(workshop.id)
    marks = {row.enrolment.id: row.marks for row in sheet.rows}
    assert marks[enrolments[0]] == {
        held[0].id: AttendanceMark.LATE,
        held[-1].id: AttendanceMark.EXCUSED,
    }
    assert marks[enrolments[1]] == {held[0].id: AttendanceMark.PRESENT}
    assert enrolments[2] not in marks  # the waiting list has no row on the sheet


# --- completion and finishing -----------------------------------------------------------------


@pytest.fixture
def finished(services: Services) -> dict[str, object]:
    """A workshop 60 days ago: four sessions held, rule 75% attendance and level 3."""
    start = TODAY - timedelta(days=60)
    workshop = new_workshop(services, start, capacity=10, share=0.75, min_level=3)
    names = ["a", "b", "c", "d", "e"]
    people = dict(zip(names, new_people(services, 5), strict=True))
    enrolments = {
        name: services.workshops.enrol(workshop.id, pid).enrolment for name, pid in people.items()
    }
    sessions = schedule(services, workshop, start, 4)
    marks = {
        "a": "PPPP",
        "b": "PPLA",  # 3 of 4 attended (late counts): exactly 75%
        "c": "PEEP",  # excused absences do not count: 50%
        "d": "PPPP",
        # "e" is never marked: unmarked sessions count as absences
    }
    code = {
        "P": AttendanceMark.PRESENT,
        "L": AttendanceMark.LATE,
        "E": AttendanceMark.EXCUSED,
        "A": AttendanceMark.ABSENT,
    }
    for name, letters in marks.items():
        for workshop_session, letter in zip(sessions, letters, strict=True):
            services.attendance.mark(workshop_session.id, enrolments[name].id, code[letter])
    skill = carpet_id(services)
    assess = services.skills.assess
    # a: a weak early assessment, then the rubric gives level 4 (the latest wins).
    assess(AssessmentInput(people["a"], skill, start + timedelta(days=1), level=1))
    assess(AssessmentInput(people["a"], skill, start + timedelta(days=5), scores=CARPET_SCORES))
    assess(AssessmentInput(people["b"], skill, start + timedelta(days=5), level=2))
    # d: only an assessment from before the workshop, which does not count.
    assess(AssessmentInput(people["d"], skill, start - timedelta(days=5), level=5))
    # e: a different skill does not count either.
    sewing = services.skills.skill_by_code("SEWING").id
    assess(AssessmentInput(people["e"], sewing, start + timedelta(days=5), level=5))
    return {"workshop": workshop, "people": people, "enrolments": enrolments, "sessions": sessions}


NO_LEVEL = "No final assessment level recorded; {required} is required."
LOW_LEVEL = "Final level {level} is below the required {required}."
LOW_SHARE = "Attendance {share}% is below the required {required}%."


def test_completion_evaluates_attendance_and_level_with_reasons(
    services: Services, finished: dict
) -> None:
    workshop, people = finished["workshop"], finished["people"]
    rows = {row.participant.id: row for row in services.attendance.completion(workshop.id)}
    by_name = {name: rows[pid] for name, pid in people.items()}

    a = by_name["a"]
    assert a.result.completed is True
    assert a.result.reasons == ()
    assert a.final_level == 4
    assert (a.tally.held, a.tally.present) == (4, 4)

    b = by_name["b"]
    assert (b.tally.present, b.tally.late, b.tally.absent) == (2, 1, 1)
    assert b.result.completed is False
    assert b.result.reasons == ((LOW_LEVEL, {"level": 2, "required": 3}),)

    c = by_name["c"]
    assert (c.tally.present, c.tally.excused) == (2, 2)
    assert c.final_level is None
    assert c.result.reasons == (
        (LOW_SHARE, {"share": 50, "required": 75}),
        (NO_LEVEL, {"required": 3}),
    )

    d = by_name["d"]
    assert d.final_level is None
    assert d.result.reasons == ((NO_LEVEL, {"required": 3}),)

    e = by_name["e"]
    assert (e.tally.held, e.tally.absent, e.tally.present) == (4, 4, 0)
    assert e.result.reasons == (
        (LOW_SHARE, {"share": 0, "required": 75}),
        (NO_LEVEL, {"required": 3}),
    )


def test_completion_ignores_cancelled_sessions(services: Services, finished: dict) -> None:
    workshop, people, sessions = finished["workshop"], finished["people"], finished["sessions"]
    # b was absent at session 4; once it is cancelled she attended 3 of 3.
    services.workshops.cancel_session(sessions[3].id)
    rows = {row.participant.id: row for row in services.attendance.completion(workshop.id)}
    b = rows[people["b"]]
    assert b.tally.held == 3
    assert b.tally.absent == 0
    assert [msgid for msgid, _ in b.result.reasons] == [LOW_LEVEL]


def test_finish_workshop_marks_completers_and_plans_follow_ups(
    services: Services, finished: dict
) -> None:
    workshop, people, enrolments = (
        finished["workshop"],
        finished["people"],
        finished["enrolments"],
    )
    services.attendance.finish_workshop(workshop.id)
    end = services.workshops.get(workshop.id).end_date
    assert end is not None

    assert services.attendance.get_enrolment(enrolments["a"].id).status == EnrolmentStatus.COMPLETED
    for name in "bcde":
        status = services.attendance.get_enrolment(enrolments[name].id).status
        assert status == EnrolmentStatus.ENROLLED

    follow_ups = services.outcomes.follow_ups_for(people["a"])
    assert [f.months for f in follow_ups] == [3, 6, 12]
    assert [f.due_on for f in follow_ups] == [add_months(end, m) for m in (3, 6, 12)]
    assert {f.status for f in follow_ups} == {FollowUpStatus.DUE}
    assert {f.workshop_id for f in follow_ups} == {workshop.id}
    for name in "bcde":
        assert services.outcomes.follow_ups_for(people[name]) == []

    # Finishing again does not duplicate anything.
    services.attendance.finish_workshop(workshop.id)
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(FollowUp)) == 3
    [summary] = services.workshops.summaries()
    assert (summary.completed, summary.enrolled) == (1, 5)
    # A completed person cannot withdraw.
    with pytest.raises(StateError):
        services.workshops.withdraw(enrolments["a"].id)


def test_finish_workshop_refused_with_sessions_to_come(services: Services, running: tuple) -> None:
    workshop, _, enrolments = running
    with pytest.raises(StateError):
        services.attendance.finish_workshop(workshop.id)
    assert services.attendance.get_enrolment(enrolments[0]).status == EnrolmentStatus.ENROLLED


# --- dashboard --------------------------------------------------------------------------------


def test_office_overview_counts(services: Services) -> None:
    # Finished long ago: its 3- and 6-month follow-ups are due now, the 12-month one is not.
    old_start = TODAY - timedelta(days=200)
    old = new_workshop(services, old_start, capacity=5, share=0.5)
    completers = new_people(services, 2, last="قدیمی")
    old_enrolments = [services.workshops.enrol(old.id, p).enrolment for p in completers]
    old_sessions = schedule(services, old, old_start, 2)
    for workshop_session in old_sessions:
        for enrolment in old_enrolments:
            services.attendance.mark(workshop_session.id, enrolment.id, AttendanceMark.PRESENT)
    services.attendance.finish_workshop(old.id)

    running_start = TODAY - timedelta(days=3)
    running_workshop = new_workshop(services, running_start)
    schedule(services, running_workshop, running_start, 10)
    cancelled_running = new_workshop(services, running_start)
    schedule(services, cancelled_running, running_start, 10)
    services.workshops.cancel(cancelled_running.id)
    future = new_workshop(services, TODAY + timedelta(days=10))
    schedule(services, future, TODAY + timedelta(days=10), 3)

    archived = new_people(services, 1, last="بایگانی")[0]
    services.participants.set_status(archived, ParticipantStatus.ARCHIVED)

    overview = stats.office_overview(services.db)
    end = old_sessions[-1].session_date
    due_per_person = sum(1 for m in (3, 6, 12) if add_months(end, m) <= TODAY)
    assert due_per_person == 2
    assert overview.office_code == "URM01"
    assert overview.county == "ارومیه"
    assert overview.participants == 3
    assert overview.running_workshops == 1
    assert overview.follow_ups_due == 2 * due_per_person
    assert overview.interviews_this_month == 0
    assert len(services.outcomes.follow_ups_due()) == 2 * due_per_person


# --- what the workshop pages ask --------------------------------------------------------------


def test_summary_of_one_workshop_matches_the_list(services: Services) -> None:
    start = TODAY - timedelta(days=10)
    workshop = new_workshop(services, start, capacity=2)
    other = new_workshop(services, start, title="دیگری")
    services.workshops.enrol_many(workshop.id, new_people(services, 3))
    schedule(services, workshop, start, 20)

    summary = services.workshops.summary(workshop.id)
    listed = {s.workshop.id: s for s in services.workshops.summaries()}[workshop.id]
    assert replace(summary, workshop=listed.workshop) == listed
    assert summary.workshop.id == workshop.id
    assert (summary.enrolled, summary.waiting, summary.sessions) == (2, 1, 20)
    assert summary.status == WorkshopStatus.RUNNING
    assert services.workshops.summary(other.id).enrolled == 0
    with pytest.raises(NotFoundError):
        services.workshops.summary(uuid.uuid4())
    with pytest.raises(NotFoundError):
        services.workshops.summary("not an id")


def test_schedule_problems_lists_every_problem_at_once() -> None:
    from desktop.services.workshops import schedule_problems

    start = next_weekday(TODAY, SATURDAY)
    plan, problems = schedule_problems(
        start, start=start - timedelta(days=7), weekdays=[FRIDAY], count=0, hours=13,
        start_time="9",
    )  # fmt: skip
    assert plan is None
    assert [p.field for p in problems] == ["hours", "start_time", "start", "weekdays"]

    holiday = start + timedelta(days=2)
    plan, problems = schedule_problems(
        start, start=start, weekdays=[SATURDAY, 0], count=4, hours=2.5, start_time="۱۶:۰۰",
        holidays={holiday},
    )  # fmt: skip
    assert problems == []
    assert plan is not None
    assert plan.start_time == "16:00" and plan.hours == 2.5
    assert plan.dates == [start, start + timedelta(days=7), start + timedelta(days=9),
                          start + timedelta(days=14)]  # fmt: skip


def test_session_date_problem_names_the_rule() -> None:
    from desktop.services.workshops import session_date_problem

    start = next_weekday(TODAY, SATURDAY)
    friday = start + timedelta(days=6)
    assert session_date_problem(start + timedelta(days=1), start, ()) is None
    friday_problem = session_date_problem(friday, start, ())
    assert friday_problem is not None and "Friday" in friday_problem.msgid
    early = session_date_problem(start - timedelta(days=2), start, ())
    assert early is not None and "start date" in early.msgid
    holiday = session_date_problem(start + timedelta(days=2), start, {start + timedelta(days=2)})
    assert holiday is not None and "holiday" in holiday.msgid
