"""What one person has taken part in: workshop enrolments and certificates (read-only).

Plain functions over the database, returning plain dataclasses, for the participant profile.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, false, func, select

from desktop.domain.enums import AttendanceMark, EnrolmentStatus, SessionStatus, WorkshopStatus
from desktop.services.workshops import workshop_status
from desktop.store.engine import Database
from desktop.store.models import (
    Attendance,
    Certificate,
    Enrolment,
    Skill,
    Workshop,
    WorkshopSession,
)

ATTENDED = (AttendanceMark.PRESENT, AttendanceMark.LATE)


@dataclass(frozen=True)
class EnrolmentSummary:
    enrolment_id: uuid.UUID
    workshop_id: uuid.UUID
    title: str
    skill_name_fa: str
    skill_name_en: str
    partner_org: str
    workshop_status: WorkshopStatus
    enrolment_status: EnrolmentStatus
    start_date: date
    end_date: date | None
    sessions_held: int
    sessions_attended: int


@dataclass(frozen=True)
class CertificateSummary:
    certificate_id: uuid.UUID
    serial: str
    workshop_title: str
    issued_on: date
    revoked: bool
    reprints: int


def enrolments(
    db: Database, participant_id: uuid.UUID, *, today: date | None = None
) -> list[EnrolmentSummary]:
    """The person's enrolments (withdrawn ones too), newest workshop first, with attendance."""
    today = today or date.today()
    with db.read() as session:
        rows = session.execute(
            select(Enrolment, Workshop, Skill.name_fa, Skill.name_en)
            .join(Workshop, Workshop.id == Enrolment.workshop_id)
            .join(Skill, Skill.id == Workshop.skill_id)
            .where(
                Enrolment.participant_id == participant_id,
                Enrolment.deleted == false(),
                Workshop.deleted == false(),
            )
            .order_by(Workshop.start_date.desc(), Workshop.title)
        ).all()
        workshop_ids = [workshop.id for _enrolment, workshop, _fa, _en in rows]
        spans: dict[uuid.UUID, tuple[date | None, date | None, int]] = {}
        if workshop_ids:
            spans = {
                workshop_id: (first, last, int(held or 0))
                for workshop_id, first, last, held in session.execute(
                    select(
                        WorkshopSession.workshop_id,
                        func.min(WorkshopSession.session_date),
                        func.max(WorkshopSession.session_date),
                        func.sum(case((WorkshopSession.session_date <= today, 1), else_=0)),
                    )
                    .where(
                        WorkshopSession.workshop_id.in_(workshop_ids),
                        WorkshopSession.deleted == false(),
                        WorkshopSession.status == SessionStatus.SCHEDULED,
                    )
                    .group_by(WorkshopSession.workshop_id)
                )
            }
        enrolment_ids = [enrolment.id for enrolment, _workshop, _fa, _en in rows]
        attended: dict[uuid.UUID, int] = {}
        if enrolment_ids:
            attended = {
                enrolment_id: int(count)
                for enrolment_id, count in session.execute(
                    select(Attendance.enrolment_id, func.count())
                    .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
                    .where(
                        Attendance.enrolment_id.in_(enrolment_ids),
                        Attendance.deleted == false(),
                        Attendance.mark.in_(ATTENDED),
                        WorkshopSession.deleted == false(),
                        WorkshopSession.status == SessionStatus.SCHEDULED,
                    )
                    .group_by(Attendance.enrolment_id)
                )
            }
    result = []
    for enrolment, workshop, name_fa, name_en in rows:
        first, last, held = spans.get(workshop.id, (None, None, 0))
        result.append(
            EnrolmentSummary(
                enrolment_id=enrolment.id,
                workshop_id=workshop.id,
                title=workshop.title,
                skill_name_fa=name_fa,
                skill_name_en=name_en,
                partner_org=workshop.partner_org,
                workshop_status=workshop_status(workshop, first, last, today),
                enrolment_status=enrolment.status,
                start_date=first or workshop.start_date,
                end_date=last or workshop.end_date,
                sessions_held=held,
                sessions_attended=attended.get(enrolment.id, 0),
            )
        )
    return result


def certificates(db: Database, participant_id: uuid.UUID) -> list[CertificateSummary]:
    """Certificates issued to the person (revoked ones too), newest first."""
    with db.read() as session:
        rows = session.execute(
            select(Certificate, Workshop.title)
            .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
            .join(Workshop, Workshop.id == Enrolment.workshop_id)
            .where(Enrolment.participant_id == participant_id, Certificate.deleted == false())
            .order_by(Certificate.issued_on.desc(), Certificate.serial)
        ).all()
    return [
        CertificateSummary(
            certificate_id=certificate.id,
            serial=certificate.serial,
            workshop_title=title,
            issued_on=certificate.issued_on,
            revoked=certificate.revoked_at is not None,
            reprints=certificate.reprints,
        )
        for certificate, title in rows
    ]


__all__ = ["CertificateSummary", "EnrolmentSummary", "certificates", "enrolments"]
