"""Figures for the dashboard: real counts from the database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import false, func, select

from desktop.domain.enums import FollowUpStatus, InterviewStatus, SessionStatus, WorkshopStatus
from desktop.domain.jalali import jalali_month_range, to_jalali
from desktop.services.shell_data import Overview as Overview
from desktop.store.engine import Database
from desktop.store.models import (
    FollowUp,
    Installation,
    IntakeInterview,
    Office,
    Participant,
    Workshop,
    WorkshopSession,
)


def office_overview(db: Database, today: date | None = None) -> Overview:
    today = today or date.today()
    year, month, _ = to_jalali(today)
    month_start, month_end = jalali_month_range(year, month)
    with db.read() as session:
        code = session.scalar(select(Installation.office_code).where(Installation.is_current))
        office = session.scalar(select(Office).where(Office.code == code)) if code else None
        participants = session.scalar(
            select(func.count()).select_from(Participant).where(Participant.deleted == false())
        )
        interviews = session.scalar(
            select(func.count())
            .select_from(IntakeInterview)
            .where(
                IntakeInterview.deleted == false(),
                IntakeInterview.status == InterviewStatus.COMPLETE,
                IntakeInterview.interview_date.between(month_start, month_end),
            )
        )
        spans = (
            select(WorkshopSession.workshop_id)
            .where(
                WorkshopSession.deleted == false(),
                WorkshopSession.status == SessionStatus.SCHEDULED,
            )
            .group_by(WorkshopSession.workshop_id)
            .having(
                func.min(WorkshopSession.session_date) <= today,
                func.max(WorkshopSession.session_date) >= today,
            )
        )
        running = session.scalar(
            select(func.count())
            .select_from(Workshop)
            .where(
                Workshop.deleted == false(),
                Workshop.status != WorkshopStatus.CANCELLED,
                Workshop.id.in_(spans),
            )
        )
        due = session.scalar(
            select(func.count())
            .select_from(FollowUp)
            .where(
                FollowUp.deleted == false(),
                FollowUp.status == FollowUpStatus.DUE,
                FollowUp.due_on <= today,
            )
        )
    return Overview(
        office_code=code or "",
        office_name=office.name if office else "",
        county=office.county if office else "",
        province=office.province if office else "",
        participants=int(participants or 0),
        interviews_this_month=int(interviews or 0),
        running_workshops=int(running or 0),
        follow_ups_due=int(due or 0),
    )
