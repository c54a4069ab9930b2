"""Attendance (حضور و غیاب) and workshop completion.

Two views of a workshop's attendance:

* :meth:`AttendanceService.sheet` gives ORM rows (workshop, sessions, enrolments and
  participants) for code that needs the records themselves.
* :meth:`AttendanceService.grid` gives plain frozen data read with column queries only: what the
  attendance sheet on screen and the attendance PDFs show. It is several times faster than
  building ORM rows, and safe to hand from a worker thread to the GUI thread.

Every mark goes through :meth:`AttendanceService.set_mark` (``mark``/``clear`` are shorthands):
one transaction that checks the session can take attendance, writes or tombstones the row and
returns the person's new tally and the session's new counts, so a caller that showed the mark
before it was saved can check its own arithmetic against the database's.
"""

from __future__ import annotations

import enum
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, false, func, select
from sqlalchemy.orm import Session

from desktop.domain.completion import AttendanceTally, CompletionResult, CompletionRule, evaluate
from desktop.domain.enums import (
    AttendanceMark,
    EnrolmentStatus,
    FollowUpStatus,
    SessionStatus,
    WorkshopStatus,
)
from desktop.domain.errors import N_, NotFoundError, StateError
from desktop.domain.jalali import add_months
from desktop.services.base import Service, as_uuid, get_live
from desktop.services.workshops import (
    ACTIVE_ENROLMENT,
    ENROLMENT_NOT_FOUND,
    SESSION_NOT_FOUND,
    WORKSHOP_NOT_FOUND,
)
from desktop.store.models import (
    Attendance,
    Enrolment,
    FollowUp,
    Participant,
    SkillAssessment,
    Workshop,
    WorkshopSession,
)

FOLLOW_UP_MONTHS = (3, 6, 12)

SESSION_CANCELLED = N_("This session was cancelled; no attendance can be taken.")
SESSION_NOT_HELD_YET = N_("This session has not taken place yet.")
NOT_IN_WORKSHOP = N_("This person is not enrolled in this workshop.")
NOT_ENROLLED = N_("Only enrolled people have attendance.")


class SessionState(enum.Enum):
    """Whether a session can take attendance today."""

    HELD = "held"  # scheduled, on or before today: attendance can be taken
    UPCOMING = "upcoming"  # scheduled after today
    CANCELLED = "cancelled"

    @property
    def markable(self) -> bool:
        return self is SessionState.HELD


def session_state(status: SessionStatus, session_date: date, today: date) -> SessionState:
    if status == SessionStatus.CANCELLED:
        return SessionState.CANCELLED
    if session_date > today:
        return SessionState.UPCOMING
    return SessionState.HELD


def refusal_msgid(state: SessionState) -> str | None:
    """Why attendance cannot be taken in a session in ``state`` (None when it can)."""
    if state is SessionState.CANCELLED:
        return SESSION_CANCELLED
    if state is SessionState.UPCOMING:
        return SESSION_NOT_HELD_YET
    return None


def tally_marks(
    held: Iterable[uuid.UUID], marks: Mapping[uuid.UUID, AttendanceMark]
) -> AttendanceTally:
    """A person's tally over the ``held`` sessions from their marks by session id. Marks in
    sessions not held (cancelled ones) do not count; held sessions without a mark count as
    absences, as the completion rule says."""
    held = list(held)
    counts = Counter(marks.get(session_id) for session_id in held)
    return AttendanceTally(
        held=len(held),
        present=counts[AttendanceMark.PRESENT],
        late=counts[AttendanceMark.LATE],
        excused=counts[AttendanceMark.EXCUSED],
        absent=counts[AttendanceMark.ABSENT] + counts[None],
    )


@dataclass
class SheetRow:
    enrolment: Enrolment
    participant: Participant
    marks: dict[uuid.UUID, AttendanceMark] = field(default_factory=dict)


@dataclass
class AttendanceSheet:
    workshop: Workshop
    sessions: list[WorkshopSession]
    rows: list[SheetRow]


@dataclass(frozen=True)
class CompletionRow:
    enrolment: Enrolment
    participant: Participant
    tally: AttendanceTally
    final_level: int | None
    result: CompletionResult


# --- the grid: plain data for the sheet on screen and the PDFs ---------------------------------


@dataclass(frozen=True, slots=True)
class GridSession:
    id: uuid.UUID
    number: int
    session_date: date
    start_time: str
    hours: float
    status: SessionStatus
    note: str
    state: SessionState


@dataclass(frozen=True, slots=True)
class GridPerson:
    enrolment_id: uuid.UUID
    participant_id: uuid.UUID
    first_name: str
    last_name: str
    father_name: str
    national_id: str | None
    status: EnrolmentStatus

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class GridWorkshop:
    id: uuid.UUID
    title: str
    trainer: str
    partner_org: str
    place: str
    start_date: date
    end_date: date | None
    status: WorkshopStatus
    min_attendance_share: float | None
    min_level: int | None

    @property
    def rule(self) -> CompletionRule:
        return CompletionRule(self.min_attendance_share, self.min_level)


@dataclass(frozen=True)
class AttendanceGrid:
    """A workshop's people (enrolled and completed, in Persian alphabetical order) × its
    sessions (by date), the marks taken so far, and the day it was read (which sessions are held
    depends on it)."""

    workshop: GridWorkshop
    sessions: tuple[GridSession, ...]
    people: tuple[GridPerson, ...]
    marks: Mapping[tuple[uuid.UUID, uuid.UUID], AttendanceMark]  # (enrolment id, session id)
    today: date

    @property
    def held_ids(self) -> list[uuid.UUID]:
        return [s.id for s in self.sessions if s.state is SessionState.HELD]

    def marks_of(self, enrolment_id: uuid.UUID) -> dict[uuid.UUID, AttendanceMark]:
        return {
            s.id: self.marks[(enrolment_id, s.id)]
            for s in self.sessions
            if (enrolment_id, s.id) in self.marks
        }

    def tally(self, enrolment_id: uuid.UUID) -> AttendanceTally:
        return tally_marks(self.held_ids, self.marks_of(enrolment_id))

    def session_counts(self, session_id: uuid.UUID) -> Counter[AttendanceMark]:
        return Counter(
            mark
            for person in self.people
            if (mark := self.marks.get((person.enrolment_id, session_id))) is not None
        )


@dataclass(frozen=True)
class MarkSaved:
    """What :meth:`AttendanceService.set_mark` wrote (``mark`` None: cleared) and the totals
    after it: the person's tally over held sessions and the session's counts per mark."""

    session_id: uuid.UUID
    enrolment_id: uuid.UUID
    mark: AttendanceMark | None
    rev: int | None
    tally: AttendanceTally
    session_counts: Mapping[AttendanceMark, int]


class AttendanceService(Service):
    # --- marking ---------------------------------------------------------------------------

    def mark(
        self, session_id: uuid.UUID | str, enrolment_id: uuid.UUID | str, mark: AttendanceMark
    ) -> Attendance:
        """Record one mark; saved at once. Refused for cancelled or future sessions."""
        mark = AttendanceMark(mark)
        with self.write() as session:
            row, _, _ = self._write_mark(session, session_id, enrolment_id, mark)
            assert row is not None  # a mark always leaves a live row
            return row

    def clear(self, session_id: uuid.UUID | str, enrolment_id: uuid.UUID | str) -> None:
        """Remove a mark (a tombstone). Refused, like marking, for cancelled or future sessions."""
        with self.write() as session:
            self._write_mark(session, session_id, enrolment_id, None)

    def set_mark(
        self,
        session_id: uuid.UUID | str,
        enrolment_id: uuid.UUID | str,
        mark: AttendanceMark | None,
    ) -> MarkSaved:
        """Record (or with None clear) one mark in one transaction and return the new totals."""
        mark = AttendanceMark(mark) if mark is not None else None
        with self.write() as session:
            row, workshop_session, enrolment = self._write_mark(
                session, session_id, enrolment_id, mark
            )
            session.flush()
            tally = self._tally(session, workshop_session.workshop_id, enrolment.id)
            counts = {
                AttendanceMark(value): int(count)
                for value, count in session.execute(
                    select(Attendance.mark, func.count())
                    .join(Enrolment, Enrolment.id == Attendance.enrolment_id)
                    .where(
                        Attendance.session_id == workshop_session.id,
                        Attendance.deleted == false(),
                        Enrolment.status.in_(list(ACTIVE_ENROLMENT)),
                        Enrolment.deleted == false(),
                    )
                    .group_by(Attendance.mark)
                )
            }
            return MarkSaved(
                session_id=workshop_session.id,
                enrolment_id=enrolment.id,
                mark=mark,
                rev=row.rev if row is not None else None,
                tally=tally,
                session_counts=counts,
            )

    def _write_mark(
        self,
        session: Session,
        session_id: uuid.UUID | str,
        enrolment_id: uuid.UUID | str,
        mark: AttendanceMark | None,
    ) -> tuple[Attendance | None, WorkshopSession, Enrolment]:
        workshop_session = get_live(session, WorkshopSession, session_id, SESSION_NOT_FOUND)
        enrolment = get_live(session, Enrolment, enrolment_id, ENROLMENT_NOT_FOUND)
        state = session_state(workshop_session.status, workshop_session.session_date, self.today())
        refusal = refusal_msgid(state)
        if refusal is not None:
            raise StateError(refusal)
        if enrolment.workshop_id != workshop_session.workshop_id:
            raise StateError(NOT_IN_WORKSHOP)
        if enrolment.status not in ACTIVE_ENROLMENT:
            raise StateError(NOT_ENROLLED)
        row = session.scalar(
            select(Attendance).where(
                Attendance.session_id == workshop_session.id,
                Attendance.enrolment_id == enrolment.id,
            )
        )
        if mark is None:
            if row is not None and not row.deleted:
                row.deleted = True
            return row, workshop_session, enrolment
        if row is None:
            row = Attendance(
                id=uuid.uuid4(),
                session_id=workshop_session.id,
                enrolment_id=enrolment.id,
                mark=mark,
            )
            session.add(row)
        else:
            row.mark = mark
            row.deleted = False
        return row, workshop_session, enrolment

    def _tally(
        self, session: Session, workshop_id: uuid.UUID, enrolment_id: uuid.UUID
    ) -> AttendanceTally:
        held: list[uuid.UUID] = []
        marks: dict[uuid.UUID, AttendanceMark] = {}
        for session_id, mark in session.execute(
            select(WorkshopSession.id, Attendance.mark)
            .outerjoin(
                Attendance,
                and_(
                    Attendance.session_id == WorkshopSession.id,
                    Attendance.enrolment_id == enrolment_id,
                    Attendance.deleted == false(),
                ),
            )
            .where(
                WorkshopSession.workshop_id == workshop_id,
                WorkshopSession.deleted == false(),
                WorkshopSession.status == SessionStatus.SCHEDULED,
                WorkshopSession.session_date <= self.today(),
            )
        ):
            held.append(session_id)
            if mark is not None:
                marks[session_id] = AttendanceMark(mark)
        return tally_marks(held, marks)

    # --- reading ---------------------------------------------------------------------------

    def grid(self, workshop_id: uuid.UUID | str) -> AttendanceGrid:
        """The attendance sheet as plain data (see :class:`AttendanceGrid`): four column
        queries, no ORM rows."""
        today = self.today()
        with self.db.read() as session:
            wid = as_uuid(workshop_id, WORKSHOP_NOT_FOUND)
            head = session.execute(
                select(
                    Workshop.id,
                    Workshop.title,
                    Workshop.trainer,
                    Workshop.partner_org,
                    Workshop.place,
                    Workshop.start_date,
                    Workshop.end_date,
                    Workshop.status,
                    Workshop.min_attendance_share,
                    Workshop.min_level,
                ).where(Workshop.id == wid, Workshop.deleted == false())
            ).one_or_none()
            if head is None:
                raise NotFoundError(WORKSHOP_NOT_FOUND)
            sessions = tuple(
                GridSession(
                    id=row.id,
                    number=row.number,
                    session_date=row.session_date,
                    start_time=row.start_time,
                    hours=row.hours,
                    status=row.status,
                    note=row.note,
                    state=session_state(row.status, row.session_date, today),
                )
                for row in session.execute(
                    select(
                        WorkshopSession.id,
                        WorkshopSession.number,
                        WorkshopSession.session_date,
                        WorkshopSession.start_time,
                        WorkshopSession.hours,
                        WorkshopSession.status,
                        WorkshopSession.note,
                    )
                    .where(WorkshopSession.workshop_id == wid, WorkshopSession.deleted == false())
                    .order_by(WorkshopSession.session_date, WorkshopSession.number)
                )
            )
            people = tuple(
                GridPerson(
                    enrolment_id=row.id,
                    participant_id=row.participant_id,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    father_name=row.father_name,
                    national_id=row.national_id,
                    status=row.status,
                )
                for row in session.execute(
                    select(
                        Enrolment.id,
                        Enrolment.participant_id,
                        Enrolment.status,
                        Participant.first_name,
                        Participant.last_name,
                        Participant.father_name,
                        Participant.national_id,
                    )
                    .join(Participant, Participant.id == Enrolment.participant_id)
                    .where(
                        Enrolment.workshop_id == wid,
                        Enrolment.status.in_(list(ACTIVE_ENROLMENT)),
                        Enrolment.deleted == false(),
                    )
                    .order_by(Participant.sort_key, Enrolment.queue_position)
                )
            )
            enrolled = {person.enrolment_id for person in people}
            marks: dict[tuple[uuid.UUID, uuid.UUID], AttendanceMark] = {}
            if people and sessions:
                for enrolment_id, session_id, mark in session.execute(
                    select(Attendance.enrolment_id, Attendance.session_id, Attendance.mark)
                    .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
                    .where(
                        WorkshopSession.workshop_id == wid,
                        WorkshopSession.deleted == false(),
                        Attendance.deleted == false(),
                    )
                ):
                    if enrolment_id in enrolled:
                        marks[(enrolment_id, session_id)] = AttendanceMark(mark)
        workshop = GridWorkshop(
            id=head.id,
            title=head.title,
            trainer=head.trainer,
            partner_org=head.partner_org,
            place=head.place,
            start_date=head.start_date,
            end_date=head.end_date,
            status=head.status,
            min_attendance_share=head.min_attendance_share,
            min_level=head.min_level,
        )
        return AttendanceGrid(workshop, sessions, people, marks, today)

    def sheet(self, workshop_id: uuid.UUID | str) -> AttendanceSheet:
        """Participants × sessions with the marks taken so far (one query per table)."""
        with self.db.read() as session:
            workshop = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            return self._sheet(session, workshop)

    @staticmethod
    def _sheet(session: Session, workshop: Workshop) -> AttendanceSheet:
        sessions = list(
            session.scalars(
                select(WorkshopSession)
                .where(
                    WorkshopSession.workshop_id == workshop.id,
                    WorkshopSession.deleted == false(),
                )
                .order_by(WorkshopSession.session_date, WorkshopSession.number)
            )
        )
        pairs = session.execute(
            select(Enrolment, Participant)
            .join(Participant, Participant.id == Enrolment.participant_id)
            .where(
                Enrolment.workshop_id == workshop.id,
                Enrolment.status.in_(list(ACTIVE_ENROLMENT)),
                Enrolment.deleted == false(),
            )
            .order_by(Participant.sort_key)
        )
        rows = {enrolment.id: SheetRow(enrolment, participant) for enrolment, participant in pairs}
        if rows and sessions:
            for enrolment_id, session_id, mark in session.execute(
                select(Attendance.enrolment_id, Attendance.session_id, Attendance.mark)
                .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
                .where(WorkshopSession.workshop_id == workshop.id, Attendance.deleted == false())
            ):
                if enrolment_id in rows:
                    rows[enrolment_id].marks[session_id] = mark
        return AttendanceSheet(workshop, sessions, list(rows.values()))

    # --- completion ------------------------------------------------------------------------

    def completion(self, workshop_id: uuid.UUID | str) -> list[CompletionRow]:
        """Who meets the workshop's completion rule, and why not for the others."""
        with self.db.read() as session:
            workshop = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            return self._completion(session, workshop, self.today())

    @staticmethod
    def _completion(session: Session, workshop: Workshop, today: date) -> list[CompletionRow]:
        sheet = AttendanceService._sheet(session, workshop)
        held = [
            s.id
            for s in sheet.sessions
            if session_state(s.status, s.session_date, today) is SessionState.HELD
        ]
        rule = CompletionRule(workshop.min_attendance_share, workshop.min_level)
        levels: dict[uuid.UUID, int] = {}
        for participant_id, level in session.execute(
            select(SkillAssessment.participant_id, SkillAssessment.level)
            .where(
                SkillAssessment.skill_id == workshop.skill_id,
                SkillAssessment.assessed_on >= workshop.start_date,
                SkillAssessment.deleted == false(),
            )
            .order_by(SkillAssessment.assessed_on, SkillAssessment.updated_at)
        ):
            levels[participant_id] = level  # the latest assessment wins
        result = []
        for row in sheet.rows:
            tally = tally_marks(held, row.marks)
            final = levels.get(row.participant.id)
            result.append(
                CompletionRow(
                    row.enrolment, row.participant, tally, final, evaluate(rule, tally, final)
                )
            )
        return result

    def finish_workshop(self, workshop_id: uuid.UUID | str) -> list[CompletionRow]:
        """After the last session: mark who completed and schedule their follow-ups."""
        today = self.today()
        with self.write() as session:
            workshop = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            if workshop.status == WorkshopStatus.CANCELLED:
                raise StateError(N_("The workshop is cancelled."))
            if workshop.end_date is None or workshop.end_date > today:
                raise StateError(N_("The workshop has sessions still to come."))
            rows = self._completion(session, workshop, today)
            for row in rows:
                if not row.result.completed or row.enrolment.status == EnrolmentStatus.COMPLETED:
                    continue
                enrolment = session.merge(row.enrolment)
                enrolment.status = EnrolmentStatus.COMPLETED
                for months in FOLLOW_UP_MONTHS:
                    session.add(
                        FollowUp(
                            id=uuid.uuid4(),
                            participant_id=row.participant.id,
                            workshop_id=workshop.id,
                            months=months,
                            due_on=add_months(workshop.end_date, months),
                            status=FollowUpStatus.DUE,
                        )
                    )
        return rows

    def get_enrolment(self, enrolment_id: uuid.UUID | str) -> Enrolment:
        with self.db.read() as session:
            return get_live(session, Enrolment, enrolment_id, ENROLMENT_NOT_FOUND)
