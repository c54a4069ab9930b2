"""Build a finished workshop with enrolled people and attendance, for certificate tests and the
benchmark. Dates are relative to today: every session lies in the past, so all are held."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.enums import AttendanceMark
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.workshops import WorkshopInput
from desktop.store.models import Attendance, Enrolment, WorkshopSession

CARPET_TITLE = "آموزش قالیبافی (Carpet Weaving)"


@dataclass(frozen=True)
class BuiltWorkshop:
    id: uuid.UUID
    people: tuple[uuid.UUID, ...]  # participant ids, in the order given
    enrolments: dict[uuid.UUID, uuid.UUID]  # participant id -> enrolment id


def finished_workshop(
    services: Services,
    people: Sequence[ParticipantInput],
    *,
    title: str = CARPET_TITLE,
    absent: Sequence[int] = (),
    sessions: int = 4,
    hours: float = 3,
    partner_org: str = "جهاد دانشگاهی",
) -> BuiltWorkshop:
    """A workshop whose ``sessions`` sessions were all held; everyone present except the people
    at the positions in ``absent`` (absent from every session, so not eligible)."""
    start = date.today() - timedelta(days=sessions * 2 + 14)
    skill_id = services.skills.skill_by_code("CARPET_WEAVING").id
    workshop = services.workshops.create(
        WorkshopInput(
            title=title,
            skill_id=skill_id,
            capacity=max(len(people), 1),
            planned_hours=sessions * hours,
            start_date=start,
            partner_org=partner_org,
            trainer="مریم کریمی",
            min_attendance_share=0.75,
        )
    )
    ids = services.participants.register_many(list(people))
    services.workshops.enrol_many(workshop.id, ids)  # before the schedule ends it in the past
    planned = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=range(7), count=sessions, hours=hours
    )
    with services.db.write(office_code=services.actor.office_code) as session:
        enrolments = {
            participant_id: enrolment_id
            for enrolment_id, participant_id in session.query(
                Enrolment.id, Enrolment.participant_id
            ).filter(Enrolment.workshop_id == workshop.id)
        }
        session_ids = [
            s.id
            for s in session.query(WorkshopSession).filter(
                WorkshopSession.workshop_id == workshop.id
            )
        ]
        assert len(session_ids) == len(planned)
        for position, participant_id in enumerate(ids):
            mark = AttendanceMark.ABSENT if position in absent else AttendanceMark.PRESENT
            for session_id in session_ids:
                session.add(
                    Attendance(
                        id=uuid.uuid4(),
                        session_id=session_id,
                        enrolment_id=enrolments[participant_id],
                        mark=mark,
                    )
                )
    return BuiltWorkshop(workshop.id, tuple(ids), enrolments)


def person(first: str, last: str, father: str = "", national_id: str = "") -> ParticipantInput:
    return ParticipantInput(
        first_name=first, last_name=last, father_name=father, national_id=national_id
    )


# Hard names: Arabic Yeh/Kaf (stored as Persian), ZWNJ, a Latin name in brackets, 60 letters.
ARABIC_NAME = person("علي", "كريمي", "يوسف", "0499370899")
ZWNJ_NAME = person("فاطمه‌السادات", "میرحسینی‌نژاد", "محمدعلی")
LATIN_NAME = person("سارا", "جانسون (Sarah Johnson)", "رابرت")
LONG_LAST = "قره‌باغی میرحسینی‌نژاد اصفهانی‌زاده طباطبایی‌فر بنی‌خراسانی"
LONG_NAME = person("عصمت‌السادات", LONG_LAST, "سیدابوالفضل")
LONG_TITLE = (
    "دوره جامع آموزش مهارت‌های قالیبافی سنتی و نقشه‌خوانی فرش دستباف آذربایجان با رویکرد "
    "راه‌اندازی کسب‌وکار خانگی و اتصال به بازار (Hand-knotted Carpet & Market Access)"
)


def letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())
