"""Demo data: consistent with the rules, reproducible, and refused on a database in use."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop.domain.enums import (
    EnrolmentStatus,
    FollowUpStatus,
    Gender,
    InterviewStatus,
    OutcomeKind,
    SessionStatus,
    WorkshopStatus,
)
from desktop.domain.errors import StateError, ValidationError
from desktop.domain.forms import load_form_file, validate_answers
from desktop.domain.jalali import add_months, from_jalali, jalali_year
from desktop.domain.levels import weighted_level
from desktop.domain.national_id import is_valid_national_id
from desktop.domain.text import search_key
from desktop.resources import resource_path
from desktop.services.base import Actor
from desktop.services.demo import DemoSummary, generate_demo
from desktop.services.participants import Filters, ParticipantService
from desktop.services.setup import OfficeInput, initialise_office
from desktop.store.engine import Database
from desktop.store.models import (
    Attendance,
    AuditEntry,
    Enrolment,
    FollowUp,
    Holiday,
    IntakeInterview,
    Outcome,
    Participant,
    SkillAssessment,
    SkillCriterion,
    Workshop,
    WorkshopSession,
)

OFFICE = OfficeInput(
    code="URM07",
    name="دفتر تسهیل‌گری محله طرزیلو",
    county="ارومیه",
    province="آذربایجان غربی",
)
PEOPLE = 2_000
TODAY = date.today()
FRIDAY = 4
PARTNERS = {
    "جهاد دانشگاهی",
    "سازمان آموزش فنی و حرفه‌ای",
    "اداره کل میراث فرهنگی و صنایع دستی",
    "سازمان بهزیستی",
}


@dataclass
class Demo:
    db: Database
    actor: Actor
    summary: DemoSummary
    progress: list[tuple[int, int]]


def _new_office(path: Path, office: OfficeInput = OFFICE) -> tuple[Database, Actor]:
    db = Database(path)
    return db, initialise_office(db, office)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    tmp_path = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("HAMYAR_HOME", str(tmp_path))
        db, actor = _new_office(tmp_path / "d.sqlite3")
        calls: list[tuple[int, int]] = []
        summary = generate_demo(
            db,
            actor,
            participants=PEOPLE,
            seed=7,
            today=TODAY,
            progress=lambda done, total: calls.append((done, total)),
        )
        yield Demo(db, actor, summary, calls)
        db.dispose()


def _holidays(db: Database) -> set[date]:
    with db.read() as session:
        return set(session.scalars(select(Holiday.holiday_date)))


def _count(db: Database, model: type[object]) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_summary_matches_the_tables(demo: Demo) -> None:
    summary = demo.summary
    assert summary.participants == PEOPLE
    assert summary.workshops == max(3, round(PEOPLE / 400))
    expected = {
        Participant: summary.participants,
        IntakeInterview: summary.interviews,
        SkillAssessment: summary.assessments,
        Workshop: summary.workshops,
        WorkshopSession: summary.sessions,
        Enrolment: summary.enrolments,
        Attendance: summary.attendance,
        Outcome: summary.outcomes,
        FollowUp: summary.follow_ups,
    }
    for model, count in expected.items():
        assert _count(demo.db, model) == count, model.__name__
    assert summary.attendance > 0 and summary.follow_ups > 0 and summary.outcomes > 0
    assert summary.seconds > 0


def test_progress_runs_to_the_end(demo: Demo) -> None:
    dones = [done for done, _ in demo.progress]
    assert dones == sorted(dones)
    assert demo.progress[-1][0] == demo.progress[-1][1]


def test_foreign_keys_hold(demo: Demo) -> None:
    with demo.db.read() as session:
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
        # Belt and braces: every enrolment's workshop and participant exist.
        orphans = session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .outerjoin(Workshop, Workshop.id == Enrolment.workshop_id)
            .outerjoin(Participant, Participant.id == Enrolment.participant_id)
            .where((Workshop.id.is_(None)) | (Participant.id.is_(None)))
        )
        assert orphans == 0


def test_participants_look_like_the_office(demo: Demo) -> None:
    demo_holidays = _holidays(demo.db)
    with demo.db.read() as session:
        rows = session.execute(
            select(
                Participant.national_id,
                Participant.gender,
                Participant.head_of_household,
                Participant.mobile,
                Participant.first_name,
                Participant.last_name,
                Participant.household_size,
                Participant.dependants,
                Participant.birth_date,
                Participant.registered_on,
                Participant.consent_date,
                Participant.consent_scope,
            )
        ).all()
    ids = [row.national_id for row in rows if row.national_id]
    assert len(ids) == len(set(ids))
    assert all(is_valid_national_id(code) for code in ids)
    assert 0.7 < len(ids) / len(rows) < 0.9
    assert 0.78 < sum(row.gender == Gender.FEMALE for row in rows) / len(rows) < 0.92
    assert 0.5 < sum(row.head_of_household for row in rows) / len(rows) < 0.7
    mobiles = [row.mobile for row in rows if row.mobile]
    assert 0.6 < len(mobiles) / len(rows) < 0.8
    assert all(len(m) == 11 and m.startswith("09") and m.isdigit() for m in mobiles)
    first_day = from_jalali(jalali_year(TODAY) - 2, 1, 1)
    for row in rows:
        # Stored names are normalised: no Arabic Yeh or Kaf survive.
        assert not set("يكى") & set(row.first_name + row.last_name)
        assert first_day <= row.registered_on <= TODAY
        assert row.registered_on.weekday() != FRIDAY
        assert row.registered_on not in demo_holidays
        if row.household_size is not None:
            assert 1 <= row.household_size <= 8
            assert row.dependants is None or row.dependants < row.household_size
        if row.birth_date is not None:
            age = (TODAY - row.birth_date).days / 365.25
            assert 18 <= age <= 66
            assert (row.registered_on - row.birth_date).days >= 18 * 365
        assert (row.consent_date is None) == (row.consent_scope is None)


def test_interviews_validate_against_the_form(demo: Demo) -> None:
    form = load_form_file(resource_path("forms", "intake-default", "v1.json"))
    with demo.db.read() as session:
        interviews = list(session.scalars(select(IntakeInterview)))
        registered = dict(session.execute(select(Participant.id, Participant.registered_on)).all())
    statuses = Counter(row.status for row in interviews)
    assert 0.55 < statuses[InterviewStatus.COMPLETE] / PEOPLE < 0.65
    assert 0.02 < statuses[InterviewStatus.DRAFT] / PEOPLE < 0.08
    for row in interviews:
        assert (row.form_id, row.form_version) == ("intake-default", 1)
        complete = row.status == InterviewStatus.COMPLETE
        assert validate_answers(form, row.answers, complete=complete, today=TODAY) == []
        assert registered[row.participant_id] <= row.interview_date <= TODAY
        if complete:
            assert row.completed_at is not None
            assert row.answers["interview_date"] == row.interview_date.isoformat()


def test_assessments_follow_the_rubrics(demo: Demo) -> None:
    with demo.db.read() as session:
        rubric: dict[object, dict[str, float]] = {}
        for skill_id, code, weight in session.execute(
            select(SkillCriterion.skill_id, SkillCriterion.code, SkillCriterion.weight)
        ):
            rubric.setdefault(skill_id, {})[code] = weight
        assessments = list(session.scalars(select(SkillAssessment)))
        assessed = len({row.participant_id for row in assessments if row.workshop_id is None})
    assert 0.33 < assessed / PEOPLE < 0.47
    for row in assessments:
        assert 1 <= row.level <= 5
        assert set(row.rubric_scores) == set(rubric[row.skill_id])
        assert row.level == weighted_level(row.rubric_scores, rubric[row.skill_id])
        assert row.assessed_on <= TODAY


def test_workshops_sessions_and_capacity(demo: Demo) -> None:
    holidays = _holidays(demo.db)
    assert from_jalali(jalali_year(TODAY), 1, 1) in holidays  # Nowruz
    with demo.db.read() as session:
        workshops = list(session.scalars(select(Workshop)))
        sessions = list(session.scalars(select(WorkshopSession)))
        enrolments = list(session.scalars(select(Enrolment)))
    by_workshop: dict[object, list[WorkshopSession]] = {}
    for row in sessions:
        by_workshop.setdefault(row.workshop_id, []).append(row)
    statuses = set()
    for workshop in workshops:
        statuses.add(workshop.status)
        own = sorted(by_workshop[workshop.id], key=lambda s: s.number)
        held = [s for s in own if s.status == SessionStatus.SCHEDULED]
        assert 8 <= len(held) <= 24
        assert len({s.session_date.weekday() for s in own}) <= 2
        assert all(s.session_date.weekday() != FRIDAY for s in own)
        assert not {s.session_date for s in own} & holidays
        assert all(2 <= s.hours <= 4 for s in own)
        assert [s.number for s in own] == list(range(1, len(own) + 1))
        assert workshop.start_date == own[0].session_date
        assert workshop.end_date == own[-1].session_date
        assert workshop.planned_hours == sum(s.hours for s in held)
        assert all(s.session_date <= TODAY for s in own if s.status == SessionStatus.CANCELLED)
        assert 15 <= workshop.capacity <= 30
        assert workshop.partner_org in PARTNERS
        assert workshop.trainer and workshop.place and workshop.title
        assert workshop.min_attendance_share == 0.75 or workshop.min_level == 3
        assert workshop.end_date is not None
        if workshop.start_date > TODAY:
            assert workshop.status == WorkshopStatus.PLANNED
        elif workshop.end_date < TODAY:
            assert workshop.status == WorkshopStatus.FINISHED
        else:
            assert workshop.status == WorkshopStatus.RUNNING
        seats = Counter(e.status for e in enrolments if e.workshop_id == workshop.id)
        active = seats[EnrolmentStatus.ENROLLED] + seats[EnrolmentStatus.COMPLETED]
        assert active <= workshop.capacity
        if seats[EnrolmentStatus.WAITING]:
            assert active == workshop.capacity  # nobody waits for a free seat
        if workshop.status != WorkshopStatus.FINISHED:
            assert seats[EnrolmentStatus.COMPLETED] == 0
    assert statuses == {WorkshopStatus.PLANNED, WorkshopStatus.RUNNING, WorkshopStatus.FINISHED}
    for enrolment in enrolments:
        assert enrolment.queued_at.date() <= TODAY
        assert (enrolment.status == EnrolmentStatus.WITHDRAWN) == (
            enrolment.withdrawn_at is not None
        )
    assert any(e.status == EnrolmentStatus.COMPLETED for e in enrolments)


def test_attendance_only_for_sessions_held(demo: Demo) -> None:
    with demo.db.read() as session:
        rows = session.execute(
            select(
                WorkshopSession.status,
                WorkshopSession.session_date,
                WorkshopSession.workshop_id,
                Enrolment.workshop_id,
                Enrolment.status,
                Attendance.mark,
            )
            .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
            .join(Enrolment, Enrolment.id == Attendance.enrolment_id)
        ).all()
    assert rows
    for status, day, session_workshop, enrolment_workshop, enrolment_status, _mark in rows:
        assert status == SessionStatus.SCHEDULED
        assert day <= TODAY
        assert session_workshop == enrolment_workshop
        assert enrolment_status != EnrolmentStatus.WAITING
    marks = Counter(row.mark for row in rows)
    assert marks.most_common(1)[0][0] == "present"
    assert len(marks) == 4


def test_outcomes_and_follow_ups(demo: Demo) -> None:
    with demo.db.read() as session:
        outcomes = list(session.scalars(select(Outcome)))
        follow_ups = list(session.scalars(select(FollowUp)))
        workshops = {w.id: w for w in session.scalars(select(Workshop))}
        completed = {
            (participant_id, workshop_id)
            for participant_id, workshop_id in session.execute(
                select(Enrolment.participant_id, Enrolment.workshop_id).where(
                    Enrolment.status == EnrolmentStatus.COMPLETED
                )
            )
        }
    for outcome in outcomes:
        assert outcome.achieved_on <= TODAY
        assert (outcome.participant_id, outcome.workshop_id) in completed
        if outcome.kind == OutcomeKind.LOAN:
            assert outcome.amount is not None and 50_000_000 <= outcome.amount <= 300_000_000
        else:
            assert outcome.amount is None
        if outcome.kind == OutcomeKind.JOB:
            assert outcome.job_title and outcome.monthly_income
    outcome_ids = {o.id for o in outcomes}
    per_completion = Counter((f.participant_id, f.workshop_id) for f in follow_ups)
    assert set(per_completion) == completed
    assert set(per_completion.values()) == {3}
    for follow_up in follow_ups:
        assert follow_up.workshop_id is not None
        end = workshops[follow_up.workshop_id].end_date
        assert end is not None
        assert follow_up.due_on == add_months(end, follow_up.months)
        if follow_up.due_on > TODAY:
            assert follow_up.status == FollowUpStatus.DUE
        if follow_up.status == FollowUpStatus.DUE:
            assert follow_up.done_on is None and follow_up.outcome_id is None
        else:
            assert follow_up.done_on is not None and follow_up.done_on <= TODAY
        if follow_up.outcome_id is not None:
            assert follow_up.outcome_id in outcome_ids
    past = [f for f in follow_ups if f.due_on <= TODAY]
    done = sum(f.status == FollowUpStatus.DONE for f in past)
    assert past and done / len(past) > 0.7


def test_search_finds_generated_people(demo: Demo) -> None:
    service = ParticipantService(demo.db, demo.actor)
    with demo.db.read() as session:
        last_names = Counter(session.scalars(select(Participant.last_name)))
        first_names = list(session.scalars(select(Participant.first_name)))
    name, people = last_names.most_common(1)[0]
    found = service.search(name, filters=Filters(status=None), limit=10_000)
    assert len(found) >= people
    assert sum(search_key(p.last_name) == search_key(name) for p in found) == people
    # Typed with Arabic letters, a name finds the same people.
    with_yeh = next(n for n in first_names if "ی" in n)
    assert service.count(with_yeh.replace("ی", "ي")) == service.count(with_yeh) > 0


def test_one_audit_entry_summarises_the_demo(demo: Demo) -> None:
    with demo.db.read() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "demo")))
    assert len(entries) == 1
    assert entries[0].changes["demo_data"]["participants"] == PEOPLE


def test_refuses_a_database_with_participants(demo: Demo) -> None:
    with pytest.raises(StateError):
        generate_demo(demo.db, demo.actor, participants=10)
    assert _count(demo.db, Participant) == PEOPLE


def test_refuses_a_silly_size(tmp_path: Path) -> None:
    db, actor = _new_office(tmp_path / "d.sqlite3")
    with pytest.raises(ValidationError):
        generate_demo(db, actor, participants=0)
    db.dispose()


def test_same_seed_same_data(tmp_path: Path) -> None:
    def run(
        name: str, seed: int, office: OfficeInput = OFFICE
    ) -> tuple[list[tuple[object, ...]], list[uuid.UUID]]:
        db, actor = _new_office(tmp_path / name, office)
        generate_demo(db, actor, participants=300, seed=seed, today=date(2025, 6, 1))
        with db.read() as session:
            people = [
                tuple(row)
                for row in session.execute(
                    select(
                        Participant.first_name,
                        Participant.last_name,
                        Participant.father_name,
                        Participant.national_id,
                        Participant.birth_date,
                        Participant.registered_on,
                    )
                )
            ]
            workshops = list(session.scalars(select(Workshop.id).order_by(Workshop.id)))
        db.dispose()
        return sorted(people, key=repr), workshops

    first = run("a.sqlite3", 3)
    assert run("b.sqlite3", 3) == first
    assert run("c.sqlite3", 4)[0] != first[0]
    # Another office gets the same people but its own row ids (bundles never collide).
    other = run("d.sqlite3", 3, OfficeInput("URM08", "دفتر حیدرآباد", "ارومیه", "آذربایجان غربی"))
    assert other[0] == first[0]
    assert not set(other[1]) & set(first[1])
