"""Issue 4's bad-input rules, each against a real office database: the service refuses with a
clear Persian message and nothing is saved.

- a level outside the scale (skill assessments: an overall level or a rubric score);
- an end date before the start (workshops);
- attendance for a session that is cancelled or still in the future;
- enrolment beyond capacity: the person goes to the waiting list (and the result says so), or,
  when the waiting list is not wanted, a refusal.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desktop.domain.enums import AttendanceMark, EnrolmentStatus, SessionStatus
from desktop.domain.errors import DomainError, StateError, ValidationError, ValidationErrors
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.skills import AssessmentInput
from desktop.services.workshops import WorkshopInput, validate_workshop
from desktop.store.base import Base
from desktop.store.models import (
    Attendance,
    Enrolment,
    SkillAssessment,
    Workshop,
    WorkshopSession,
)

TODAY = date.today()
PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")
LATIN_LETTERS = re.compile("[A-Za-z]")
ASCII_DIGITS = re.compile("[0-9]")


def assert_clear_persian(error: DomainError, *fragments: str) -> None:
    """The message a person reads is Persian (no English left, digits Persian) and says what."""
    shown = error.message if not isinstance(error, ValidationErrors) else str(error)
    assert PERSIAN_LETTERS.search(shown), shown
    assert not LATIN_LETTERS.search(shown), shown
    assert not ASCII_DIGITS.search(shown), shown
    for fragment in fragments:
        assert fragment in shown, (fragment, shown)


def count(services: Services, model: type[Base]) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def person(services: Services) -> uuid.UUID:
    return services.participants.register(ParticipantInput("زهرا", "کریمی")).id


def workshop_input(services: Services, **changes: object) -> WorkshopInput:
    values: dict[str, object] = {
        "title": "کارگاه خیاطی",
        "skill_id": services.skills.skill_by_code("SEWING").id,
        "capacity": 10,
        "planned_hours": 30,
        "start_date": TODAY - timedelta(days=14),
    }
    values.update(changes)
    return WorkshopInput(**values)  # type: ignore[arg-type]


# --- a level outside the scale -------------------------------------------------------------


@pytest.mark.parametrize("level", [0, 6, -3, 42])
def test_overall_level_outside_the_scale(services: Services, person: uuid.UUID, level: int) -> None:
    skill = services.skills.skill_by_code("SEWING")
    with pytest.raises(ValidationError) as caught:
        services.skills.assess(AssessmentInput(person, skill.id, TODAY, level=level))
    assert caught.value.field == "level"
    assert_clear_persian(caught.value, "۱", "۵")
    assert count(services, SkillAssessment) == 0


@pytest.mark.parametrize("score", [0, 6])
def test_rubric_score_outside_the_scale(services: Services, person: uuid.UUID, score: int) -> None:
    skill = services.skills.skill_by_code("CARPET_WEAVING")
    criteria = services.skills.criteria(skill.id)
    scores = {criterion.code: 3 for criterion in criteria}
    scores[criteria[1].code] = score
    with pytest.raises(ValidationError) as caught:
        services.skills.assess(AssessmentInput(person, skill.id, TODAY, scores=scores))
    assert caught.value.field == "scores"
    assert caught.value.params["criterion"] == criteria[1].code
    # The criterion is named as people know it, not by its code.
    assert criteria[1].name_fa in caught.value.message
    assert criteria[1].code not in caught.value.message
    assert count(services, SkillAssessment) == 0


def test_the_database_refuses_a_level_outside_the_scale_too(
    services: Services, person: uuid.UUID
) -> None:
    """A second line behind the service: the CHECK constraint on skill_assessments.level."""
    skill = services.skills.skill_by_code("SEWING")
    with pytest.raises(IntegrityError), services.db.write() as session:
        session.add(
            SkillAssessment(
                id=uuid.uuid4(),
                participant_id=person,
                skill_id=skill.id,
                level=6,
                assessed_on=TODAY,
            )
        )
    assert count(services, SkillAssessment) == 0


# --- an end date before the start ----------------------------------------------------------


def test_end_date_before_start_is_refused_by_the_rule(services: Services) -> None:
    data = workshop_input(services, start_date=TODAY, end_date=TODAY - timedelta(days=1))
    with pytest.raises(ValidationErrors) as caught:
        validate_workshop(data)
    [problem] = [p for p in caught.value.errors if p.field == "end_date"]
    assert_clear_persian(problem, "تاریخ پایان")


def test_end_date_before_start_saves_no_workshop(services: Services) -> None:
    data = workshop_input(services, start_date=TODAY, end_date=TODAY - timedelta(days=1))
    with pytest.raises(ValidationErrors) as caught:
        services.workshops.create(data)
    assert_clear_persian(caught.value)
    assert count(services, Workshop) == 0


def test_end_date_before_start_leaves_an_existing_workshop_unchanged(services: Services) -> None:
    workshop = services.workshops.create(workshop_input(services, end_date=TODAY))
    bad = workshop_input(services, end_date=TODAY - timedelta(days=30), title="عنوان تازه")
    with pytest.raises(ValidationErrors):
        services.workshops.update(workshop.id, bad)
    stored = services.workshops.get(workshop.id)
    assert (stored.title, stored.end_date) == ("کارگاه خیاطی", TODAY)


# --- attendance for a cancelled or future session ------------------------------------------


@pytest.fixture
def running(services: Services, person: uuid.UUID) -> tuple[list[WorkshopSession], uuid.UUID]:
    """A workshop that started two weeks ago with sessions every day but Friday, some held and
    some still to come; the person is enrolled."""
    workshop = services.workshops.create(workshop_input(services))
    sessions = services.workshops.generate_schedule(
        workshop.id,
        start=TODAY - timedelta(days=14),
        weekdays=[0, 1, 2, 3, 5, 6],
        count=24,
        hours=2,
    )
    enrolment = services.workshops.enrol(workshop.id, person).enrolment
    return sessions, enrolment.id


def test_attendance_for_a_future_session_is_refused(
    services: Services, running: tuple[list[WorkshopSession], uuid.UUID]
) -> None:
    sessions, enrolment = running
    future = next(s for s in sessions if s.session_date > TODAY)
    with pytest.raises(StateError) as caught:
        services.attendance.mark(future.id, enrolment, AttendanceMark.PRESENT)
    assert_clear_persian(caught.value, "برگزار نشده")
    with pytest.raises(StateError):
        services.attendance.set_mark(future.id, enrolment, AttendanceMark.ABSENT)
    assert count(services, Attendance) == 0
    held = next(s for s in sessions if s.session_date <= TODAY)
    services.attendance.mark(held.id, enrolment, AttendanceMark.PRESENT)  # the control case
    assert count(services, Attendance) == 1


def test_attendance_for_a_cancelled_session_is_refused(
    services: Services, running: tuple[list[WorkshopSession], uuid.UUID]
) -> None:
    sessions, enrolment = running
    held = next(s for s in sessions if s.session_date < TODAY)
    cancelled = services.workshops.cancel_session(held.id, "تعطیلی ناگهانی")
    assert cancelled.status == SessionStatus.CANCELLED
    with pytest.raises(StateError) as caught:
        services.attendance.mark(held.id, enrolment, AttendanceMark.PRESENT)
    assert_clear_persian(caught.value, "لغو")
    with pytest.raises(StateError):
        services.attendance.set_mark(held.id, enrolment, AttendanceMark.LATE)
    assert count(services, Attendance) == 0


def test_a_mark_taken_before_cancelling_cannot_be_changed_afterwards(
    services: Services, running: tuple[list[WorkshopSession], uuid.UUID]
) -> None:
    sessions, enrolment = running
    held = next(s for s in sessions if s.session_date < TODAY)
    services.attendance.mark(held.id, enrolment, AttendanceMark.PRESENT)
    try:
        services.workshops.cancel_session(held.id)
    except DomainError as refused:  # cancelling a session with marks may itself be refused
        assert_clear_persian(refused)
        return
    with pytest.raises(StateError):
        services.attendance.mark(held.id, enrolment, AttendanceMark.ABSENT)
    with services.db.read() as session:
        [mark] = session.scalars(select(Attendance.mark)).all()
    assert mark == AttendanceMark.PRESENT


# --- enrolment beyond capacity -------------------------------------------------------------


def test_enrolment_beyond_capacity_goes_to_the_waiting_list(services: Services) -> None:
    workshop = services.workshops.create(workshop_input(services, capacity=2))
    people = [
        services.participants.register(ParticipantInput(first, "رضایی")).id
        for first in ("مریم", "فاطمه", "سمیه", "لیلا")
    ]
    results = [services.workshops.enrol(workshop.id, pid) for pid in people]
    assert [r.waiting for r in results] == [False, False, True, True]  # the result says so
    assert [r.enrolment.status for r in results] == [
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.WAITING,
        EnrolmentStatus.WAITING,
    ]
    with services.db.read() as session:
        enrolled = session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .where(Enrolment.status == EnrolmentStatus.ENROLLED)
        )
    assert enrolled == 2  # never more than the capacity


def test_enrolment_beyond_capacity_without_a_waiting_list_is_refused(services: Services) -> None:
    workshop = services.workshops.create(workshop_input(services, capacity=1))
    first = services.participants.register(ParticipantInput("مریم", "رضایی")).id
    second = services.participants.register(ParticipantInput("فاطمه", "رضایی")).id
    services.workshops.enrol(workshop.id, first)
    with pytest.raises(StateError) as caught:
        services.workshops.enrol(workshop.id, second, allow_waiting=False)
    assert_clear_persian(caught.value, "۱")
    assert count(services, Enrolment) == 1


def test_capacity_cannot_drop_below_the_enrolled(services: Services) -> None:
    workshop = services.workshops.create(workshop_input(services, capacity=3))
    for first in ("مریم", "فاطمه"):
        pid = services.participants.register(ParticipantInput(first, "رضایی")).id
        services.workshops.enrol(workshop.id, pid)
    with pytest.raises(ValidationError) as caught:
        services.workshops.update(workshop.id, workshop_input(services, capacity=1))
    assert_clear_persian(caught.value, "۲")
    assert services.workshops.get(workshop.id).capacity == 3
