"""Workshops (کارگاه آموزشی): definition, session schedule, enrolment with a waiting list."""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, false, func, select
from sqlalchemy.orm import Session

from desktop.domain.completion import CompletionRule
from desktop.domain.digits import to_ascii_digits
from desktop.domain.enums import (
    EnrolmentStatus,
    ParticipantStatus,
    SessionStatus,
    WorkshopStatus,
)
from desktop.domain.errors import (
    N_,
    NotFoundError,
    StateError,
    ValidationError,
    ValidationErrors,
)
from desktop.domain.schedule import FRIDAY, plan_session_dates
from desktop.domain.text import normalise_input
from desktop.services.base import Service, as_uuid, get_live
from desktop.store.base import utcnow
from desktop.store.models import (
    Attendance,
    Enrolment,
    Holiday,
    Participant,
    Skill,
    Workshop,
    WorkshopSession,
)

WORKSHOP_NOT_FOUND = N_("The workshop was not found.")
SESSION_NOT_FOUND = N_("The session was not found.")
ENROLMENT_NOT_FOUND = N_("The enrolment was not found.")
HOLIDAY_NOT_FOUND = N_("The holiday was not found; it may have been removed already.")
MAX_CAPACITY = 500
MAX_HOURS = 2000.0
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
ACTIVE_ENROLMENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)
MAX_SESSION_HOURS = 12.0
# The partner organisations most workshops are run with (offered in the editor; any other name
# may be typed). Stored as shown, in the interface's language.
STANDARD_PARTNERS: tuple[str, ...] = (
    N_("Jahad Daneshgahi"),
    N_("Technical and Vocational Training Organisation"),
    N_("Cultural Heritage, Tourism and Handicrafts Office"),
    N_("Welfare Organisation"),
    N_("Imam Khomeini Relief Foundation"),
    N_("Municipality"),
)


@dataclass(frozen=True)
class WorkshopInput:
    title: str
    skill_id: uuid.UUID
    capacity: int
    planned_hours: float
    start_date: date
    end_date: date | None = None
    partner_org: str = ""
    trainer: str = ""
    place: str = ""
    min_attendance_share: float | None = 0.75
    min_level: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class WorkshopSummary:
    workshop: Workshop
    skill_name_fa: str
    skill_name_en: str
    status: WorkshopStatus
    enrolled: int
    waiting: int
    completed: int
    sessions: int
    sessions_held: int


@dataclass(frozen=True)
class EnrolmentResult:
    enrolment: Enrolment
    waiting: bool


@dataclass(frozen=True)
class WithdrawResult:
    withdrawn: Enrolment
    promoted: Enrolment | None


def normalise_time(raw: str) -> str:
    match = _TIME.fullmatch(to_ascii_digits(raw).strip())
    if not match:
        raise ValidationError(N_("Enter a time like 09:30."), field="start_time")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def workshop_status(
    workshop: Workshop, first: date | None, last: date | None, today: date
) -> WorkshopStatus:
    """Planned before the first session, running until the last one, finished after it."""
    if workshop.status == WorkshopStatus.CANCELLED:
        return WorkshopStatus.CANCELLED
    start = first or workshop.start_date
    end = last or workshop.end_date or workshop.start_date
    if today < start:
        return WorkshopStatus.PLANNED
    if today > end:
        return WorkshopStatus.FINISHED
    return WorkshopStatus.RUNNING


def session_date_problem(
    new_date: date, workshop_start: date, holidays: Collection[date]
) -> ValidationError | None:
    """Why a session cannot be held on ``new_date`` (None when it can)."""
    if new_date.weekday() == FRIDAY:
        return ValidationError(N_("Sessions cannot be held on a Friday."), field="date")
    if new_date < workshop_start:
        return ValidationError(
            N_("The session cannot be before the workshop's start date."), field="date"
        )
    if new_date in holidays:
        return ValidationError(N_("That day is an official holiday."), field="date")
    return None


@dataclass(frozen=True)
class SchedulePlan:
    dates: list[date]
    start_time: str
    hours: float


def schedule_problems(
    workshop_start: date,
    *,
    start: date,
    weekdays: Collection[int],
    count: int,
    hours: float,
    start_time: str,
    holidays: Collection[date] = (),
) -> tuple[SchedulePlan | None, list[ValidationError]]:
    """The sessions a schedule request would plan, or every reason it cannot (pure: the
    schedule dialog shows the same messages inline that :meth:`generate_schedule` raises)."""
    problems: list[ValidationError] = []
    if not 0 < hours <= MAX_SESSION_HOURS:
        problems.append(
            ValidationError(N_("A session lasts more than 0 and at most 12 hours."), field="hours")
        )
    time_text = ""
    try:
        time_text = normalise_time(start_time)
    except ValidationError as error:
        problems.append(error)
    if start < workshop_start:
        problems.append(
            ValidationError(
                N_("The first session cannot be before the workshop's start date."),
                field="start",
            )
        )
    dates: list[date] = []
    try:
        dates = plan_session_dates(start, weekdays, count, holidays)
    except ValidationError as error:
        problems.append(error)
    if problems:
        return None, problems
    return SchedulePlan(dates, time_text, float(hours)), []


def validate_workshop(data: WorkshopInput) -> dict[str, object]:
    problems: list[ValidationError] = []
    title = normalise_input(data.title)
    if not title:
        problems.append(ValidationError(N_("Enter the workshop title."), field="title"))
    elif len(title) > 300:
        problems.append(ValidationError(N_("At most {count} letters."), field="title", count=300))
    if not 1 <= data.capacity <= MAX_CAPACITY:
        problems.append(
            ValidationError(
                N_("The capacity must be between 1 and {max}."), field="capacity", max=MAX_CAPACITY
            )
        )
    if not 0 < data.planned_hours <= MAX_HOURS:
        problems.append(
            ValidationError(
                N_("The planned hours must be more than 0 and at most {max}."),
                field="planned_hours",
                max=int(MAX_HOURS),
            )
        )
    if data.end_date is not None and data.end_date < data.start_date:
        problems.append(
            ValidationError(N_("The end date is before the start date."), field="end_date")
        )
    try:
        CompletionRule(min_attendance_share=data.min_attendance_share, min_level=data.min_level)
    except ValidationError as error:
        problems.append(error)
    if problems:
        raise ValidationErrors(problems)
    return {
        "title": title,
        "skill_id": data.skill_id,
        "capacity": data.capacity,
        "planned_hours": float(data.planned_hours),
        "start_date": data.start_date,
        "end_date": data.end_date,
        "partner_org": normalise_input(data.partner_org),
        "trainer": normalise_input(data.trainer),
        "place": normalise_input(data.place),
        "min_attendance_share": data.min_attendance_share,
        "min_level": data.min_level,
        "notes": normalise_input(data.notes),
    }


class WorkshopService(Service):
    # --- workshops -------------------------------------------------------------------------

    def create(self, data: WorkshopInput) -> Workshop:
        values = validate_workshop(data)
        with self.write() as session:
            get_live(session, Skill, data.skill_id, N_("The skill was not found."))
            row = Workshop(id=uuid.uuid4(), status=WorkshopStatus.PLANNED, **values)
            session.add(row)
        return row

    def update(self, workshop_id: uuid.UUID | str, data: WorkshopInput) -> Workshop:
        values = validate_workshop(data)
        with self.write() as session:
            row = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            get_live(session, Skill, data.skill_id, N_("The skill was not found."))
            enrolled = self._count(session, row.id, ACTIVE_ENROLMENT)
            if data.capacity < enrolled:
                raise ValidationError(
                    N_("{count} people are already enrolled; the capacity cannot be lower."),
                    field="capacity",
                    count=enrolled,
                )
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            self._promote(session, row)
        return row

    def cancel(self, workshop_id: uuid.UUID | str) -> None:
        with self.write() as session:
            row = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            row.status = WorkshopStatus.CANCELLED

    def get(self, workshop_id: uuid.UUID | str) -> Workshop:
        with self.db.read() as session:
            return get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)

    def summaries(self) -> list[WorkshopSummary]:
        """Every workshop with its status and counts, newest first."""
        return self._summaries(None)

    def summary(self, workshop_id: uuid.UUID | str) -> WorkshopSummary:
        """One workshop with its status and counts (the detail page's header)."""
        found = self._summaries(as_uuid(workshop_id, WORKSHOP_NOT_FOUND))
        if not found:
            raise NotFoundError(WORKSHOP_NOT_FOUND)
        return found[0]

    def _summaries(self, only: uuid.UUID | None) -> list[WorkshopSummary]:
        today = self.today()
        with self.db.read() as session:
            statement = (
                select(Workshop, Skill.name_fa, Skill.name_en)
                .join(Skill, Skill.id == Workshop.skill_id)
                .where(Workshop.deleted == false())
                .order_by(Workshop.start_date.desc(), Workshop.title)
            )
            enrolment_counts = (
                select(Enrolment.workshop_id, Enrolment.status, func.count())
                .where(Enrolment.deleted == false())
                .group_by(Enrolment.workshop_id, Enrolment.status)
            )
            session_spans = (
                select(
                    WorkshopSession.workshop_id,
                    func.min(WorkshopSession.session_date),
                    func.max(WorkshopSession.session_date),
                    func.count(),
                    func.sum(case((WorkshopSession.session_date <= today, 1), else_=0)),
                )
                .where(
                    WorkshopSession.deleted == false(),
                    WorkshopSession.status == SessionStatus.SCHEDULED,
                )
                .group_by(WorkshopSession.workshop_id)
            )
            if only is not None:
                statement = statement.where(Workshop.id == only)
                enrolment_counts = enrolment_counts.where(Enrolment.workshop_id == only)
                session_spans = session_spans.where(WorkshopSession.workshop_id == only)
            workshops = session.execute(statement).all()
            counts: dict[tuple[uuid.UUID, EnrolmentStatus], int] = {
                (workshop_id, status): count
                for workshop_id, status, count in session.execute(enrolment_counts)
            }
            spans = {
                workshop_id: (first, last, total, held)
                for workshop_id, first, last, total, held in session.execute(session_spans)
            }
        result = []
        for workshop, name_fa, name_en in workshops:
            first, last, total, held = spans.get(workshop.id, (None, None, 0, 0))
            result.append(
                WorkshopSummary(
                    workshop=workshop,
                    skill_name_fa=name_fa,
                    skill_name_en=name_en,
                    status=workshop_status(workshop, first, last, today),
                    enrolled=counts.get((workshop.id, EnrolmentStatus.ENROLLED), 0)
                    + counts.get((workshop.id, EnrolmentStatus.COMPLETED), 0),
                    waiting=counts.get((workshop.id, EnrolmentStatus.WAITING), 0),
                    completed=counts.get((workshop.id, EnrolmentStatus.COMPLETED), 0),
                    sessions=int(total or 0),
                    sessions_held=int(held or 0),
                )
            )
        return result

    # --- schedule --------------------------------------------------------------------------

    def add_holiday(self, when: date, title: str) -> Holiday:
        text = normalise_input(title)
        if not text:
            raise ValidationError(N_("Enter the holiday's name."), field="title")
        with self.write() as session:
            row = Holiday(id=uuid.uuid4(), holiday_date=when, title=text)
            session.add(row)
        return row

    def remove_holiday(self, holiday_id: uuid.UUID | str) -> Holiday:
        """Take a holiday off the office's list (a tombstone, so the removal syncs). Sessions
        are never moved: plans made from now on may use the day again; sessions already
        planned around it stay where they are."""
        with self.write() as session:
            row = get_live(session, Holiday, holiday_id, HOLIDAY_NOT_FOUND)
            row.deleted = True
        return row

    def holidays(self) -> list[Holiday]:
        with self.db.read() as session:
            return list(
                session.scalars(
                    select(Holiday).where(Holiday.deleted == false()).order_by(Holiday.holiday_date)
                )
            )

    def generate_schedule(
        self,
        workshop_id: uuid.UUID | str,
        *,
        start: date,
        weekdays: Collection[int],
        count: int,
        hours: float,
        start_time: str = "09:00",
    ) -> list[WorkshopSession]:
        """(Re)plan the sessions. Refused once attendance has been taken."""
        with self.write() as session:
            workshop = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            holidays = set(
                session.scalars(select(Holiday.holiday_date).where(Holiday.deleted == false()))
            )
            plan, problems = schedule_problems(
                workshop.start_date,
                start=start,
                weekdays=weekdays,
                count=count,
                hours=hours,
                start_time=start_time,
                holidays=holidays,
            )
            if plan is None:
                raise problems[0]
            existing = session.scalars(
                select(WorkshopSession).where(
                    WorkshopSession.workshop_id == workshop.id, WorkshopSession.deleted == false()
                )
            ).all()
            if existing and session.scalar(
                select(func.count())
                .select_from(Attendance)
                .where(
                    Attendance.session_id.in_([s.id for s in existing]),
                    Attendance.deleted == false(),
                )
            ):
                raise StateError(
                    N_("Attendance has been taken; move or cancel single sessions instead.")
                )
            dates = plan.dates
            for old in existing:
                old.deleted = True
            sessions = [
                WorkshopSession(
                    id=uuid.uuid4(),
                    workshop_id=workshop.id,
                    number=number,
                    session_date=day,
                    start_time=plan.start_time,
                    hours=plan.hours,
                    status=SessionStatus.SCHEDULED,
                )
                for number, day in enumerate(dates, start=1)
            ]
            session.add_all(sessions)
            workshop.end_date = dates[-1]
        return sessions

    def sessions(self, workshop_id: uuid.UUID | str) -> list[WorkshopSession]:
        with self.db.read() as session:
            workshop = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            return list(
                session.scalars(
                    select(WorkshopSession)
                    .where(
                        WorkshopSession.workshop_id == workshop.id,
                        WorkshopSession.deleted == false(),
                    )
                    .order_by(WorkshopSession.session_date, WorkshopSession.number)
                )
            )

    def move_session(
        self, session_id: uuid.UUID | str, new_date: date, start_time: str | None = None
    ) -> WorkshopSession:
        with self.write() as session:
            row = get_live(session, WorkshopSession, session_id, SESSION_NOT_FOUND)
            workshop = get_live(session, Workshop, row.workshop_id, WORKSHOP_NOT_FOUND)
            holidays = set(
                session.scalars(
                    select(Holiday.holiday_date).where(
                        Holiday.holiday_date == new_date, Holiday.deleted == false()
                    )
                )
            )
            problem = session_date_problem(new_date, workshop.start_date, holidays)
            if problem is not None:
                raise problem
            row.session_date = new_date
            if start_time is not None:
                row.start_time = normalise_time(start_time)
            session.flush()
            self._renumber(session, workshop)
        return row

    def cancel_session(self, session_id: uuid.UUID | str, note: str = "") -> WorkshopSession:
        with self.write() as session:
            row = get_live(session, WorkshopSession, session_id, SESSION_NOT_FOUND)
            row.status = SessionStatus.CANCELLED
            row.note = normalise_input(note)
        return row

    @staticmethod
    def _renumber(session: Session, workshop: Workshop) -> None:
        rows = session.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.workshop_id == workshop.id, WorkshopSession.deleted == false())
            .order_by(WorkshopSession.session_date, WorkshopSession.start_time)
        ).all()
        for number, row in enumerate(rows, start=1):
            if row.number != number:
                row.number = number
        if rows:
            workshop.end_date = max(row.session_date for row in rows)

    # --- enrolment -------------------------------------------------------------------------

    @staticmethod
    def _count(
        session: Session, workshop_id: uuid.UUID, statuses: Collection[EnrolmentStatus]
    ) -> int:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Enrolment)
                .where(
                    Enrolment.workshop_id == workshop_id,
                    Enrolment.status.in_(list(statuses)),
                    Enrolment.deleted == false(),
                )
            )
            or 0
        )

    def enrol(
        self,
        workshop_id: uuid.UUID | str,
        participant_id: uuid.UUID | str,
        *,
        allow_waiting: bool = True,
    ) -> EnrolmentResult:
        """Enrol, or put on the waiting list when the workshop is full."""
        with self.write() as session:
            return self._enrol(session, workshop_id, participant_id, allow_waiting)

    def enrol_many(
        self, workshop_id: uuid.UUID | str, participant_ids: Collection[uuid.UUID]
    ) -> list[EnrolmentResult]:
        """Enrol several people at once (in order); the overflow goes to the waiting list."""
        with self.write() as session:
            return [
                self._enrol(session, workshop_id, participant_id, True)
                for participant_id in participant_ids
            ]

    def _enrol(
        self,
        session: Session,
        workshop_id: uuid.UUID | str,
        participant_id: uuid.UUID | str,
        allow_waiting: bool,
    ) -> EnrolmentResult:
        workshop = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
        participant = get_live(
            session, Participant, participant_id, N_("The participant was not found.")
        )
        if workshop.status == WorkshopStatus.CANCELLED:
            raise StateError(N_("The workshop is cancelled."))
        if workshop.end_date is not None and workshop.end_date < self.today():
            raise StateError(N_("The workshop has finished; nobody can enrol any more."))
        if participant.status != ParticipantStatus.ACTIVE:
            raise StateError(
                N_("{name} is archived; reactivate her record first."),
                name=f"{participant.first_name} {participant.last_name}",
            )
        existing = session.scalar(
            select(Enrolment).where(
                Enrolment.workshop_id == workshop.id, Enrolment.participant_id == participant.id
            )
        )
        if (
            existing is not None
            and not existing.deleted
            and existing.status != EnrolmentStatus.WITHDRAWN
        ):
            raise StateError(
                N_("{name} is already on this workshop's list."),
                name=f"{participant.first_name} {participant.last_name}",
            )
        full = self._count(session, workshop.id, ACTIVE_ENROLMENT) >= workshop.capacity
        if full and not allow_waiting:
            raise StateError(
                N_("The workshop is full ({capacity} places)."), capacity=workshop.capacity
            )
        status = EnrolmentStatus.WAITING if full else EnrolmentStatus.ENROLLED
        if existing is None:
            existing = Enrolment(
                id=uuid.uuid4(),
                workshop_id=workshop.id,
                participant_id=participant.id,
                status=status,
            )
            session.add(existing)
        else:
            existing.status = status
            existing.deleted = False
            existing.withdrawn_at = None
            existing.withdraw_reason = ""
        existing.queued_at = utcnow()
        existing.queue_position = (
            session.scalar(
                select(func.max(Enrolment.queue_position)).where(
                    Enrolment.workshop_id == workshop.id
                )
            )
            or 0
        ) + 1
        session.flush()
        return EnrolmentResult(existing, waiting=full)

    def withdraw(self, enrolment_id: uuid.UUID | str, reason: str = "") -> WithdrawResult:
        """Withdraw someone; if she held a place, the first on the waiting list takes it."""
        with self.write() as session:
            row = get_live(session, Enrolment, enrolment_id, ENROLMENT_NOT_FOUND)
            if row.status in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.COMPLETED):
                raise StateError(N_("Only an enrolled or waiting person can withdraw."))
            held_place = row.status == EnrolmentStatus.ENROLLED
            row.status = EnrolmentStatus.WITHDRAWN
            row.withdrawn_at = utcnow()
            row.withdraw_reason = normalise_input(reason)
            session.flush()
            workshop = get_live(session, Workshop, row.workshop_id, WORKSHOP_NOT_FOUND)
            promoted = self._promote(session, workshop) if held_place else []
        return WithdrawResult(withdrawn=row, promoted=promoted[0] if promoted else None)

    def _promote(self, session: Session, workshop: Workshop) -> list[Enrolment]:
        free = workshop.capacity - self._count(session, workshop.id, ACTIVE_ENROLMENT)
        if free <= 0:
            return []
        waiting = session.scalars(
            select(Enrolment)
            .where(
                Enrolment.workshop_id == workshop.id,
                Enrolment.status == EnrolmentStatus.WAITING,
                Enrolment.deleted == false(),
            )
            .order_by(Enrolment.queue_position, Enrolment.queued_at)
            .limit(free)
        ).all()
        for row in waiting:
            row.status = EnrolmentStatus.ENROLLED
        session.flush()
        return list(waiting)

    def enrolments(self, workshop_id: uuid.UUID | str) -> list[tuple[Enrolment, Participant]]:
        """Everyone on the workshop's list: enrolled first, then the waiting list in order."""
        order = {
            EnrolmentStatus.ENROLLED: 0,
            EnrolmentStatus.COMPLETED: 0,
            EnrolmentStatus.WAITING: 1,
            EnrolmentStatus.WITHDRAWN: 2,
        }
        with self.db.read() as session:
            workshop = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            rows = session.execute(
                select(Enrolment, Participant)
                .join(Participant, Participant.id == Enrolment.participant_id)
                .where(Enrolment.workshop_id == workshop.id, Enrolment.deleted == false())
            ).all()
        return sorted(
            rows,
            key=lambda pair: (
                order[pair[0].status],
                pair[0].queue_position if pair[0].status == EnrolmentStatus.WAITING else 0,
                pair[1].sort_key,
            ),
        )
