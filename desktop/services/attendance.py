"""Attendance (حضور و غیاب) and workshop completion."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from desktop.domain.completion import AttendanceTally, CompletionResult, CompletionRule, evaluate
from desktop.domain.enums import AttendanceMark, EnrolmentStatus, FollowUpStatus, SessionStatus
from desktop.domain.errors import N_, StateError
from desktop.domain.jalali import add_months
from desktop.services.base import Service, get_live
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


class AttendanceService(Service):
    def mark(
        self, session_id: uuid.UUID | str, enrolment_id: uuid.UUID | str, mark: AttendanceMark
    ) -> Attendance:
        """Record one mark; saved at once. Refused for cancelled or future sessions."""
        mark = AttendanceMark(mark)
        with self.write() as session:
            workshop_session = get_live(session, WorkshopSession, session_id, SESSION_NOT_FOUND)
            enrolment = get_live(session, Enrolment, enrolment_id, ENROLMENT_NOT_FOUND)
            if workshop_session.status == SessionStatus.CANCELLED:
                raise StateError(N_("This session was cancelled; no attendance can be taken."))
            if workshop_session.session_date > self.today():
                raise StateError(N_("This session has not taken place yet."))
            if enrolment.workshop_id != workshop_session.workshop_id:
                raise StateError(N_("This person is not enrolled in this workshop."))
            if enrolment.status not in ACTIVE_ENROLMENT:
                raise StateError(N_("Only enrolled people have attendance."))
            row = session.scalar(
                select(Attendance).where(
                    Attendance.session_id == workshop_session.id,
                    Attendance.enrolment_id == enrolment.id,
                )
            )
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
        return row

    def clear(self, session_id: uuid.UUID | str, enrolment_id: uuid.UUID | str) -> None:
        with self.write() as session:
            row = session.scalar(
                select(Attendance).where(
                    Attendance.session_id == uuid.UUID(str(session_id)),
                    Attendance.enrolment_id == uuid.UUID(str(enrolment_id)),
                    Attendance.deleted == false(),
                )
            )
            if row is not None:
                row.deleted = True

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
            if s.status == SessionStatus.SCHEDULED and s.session_date <= today
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
            counts = Counter(row.marks.get(session_id) for session_id in held)
            tally = AttendanceTally(
                held=len(held),
                present=counts[AttendanceMark.PRESENT],
                late=counts[AttendanceMark.LATE],
                excused=counts[AttendanceMark.EXCUSED],
                absent=counts[AttendanceMark.ABSENT] + counts[None],
            )
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
