"""Intake interviews, skill assessments, outcomes with follow-ups, and user accounts against a
real office database."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.domain.enums import (
    AttendanceMark,
    FollowUpStatus,
    InterviewStatus,
    OutcomeKind,
    UserRole,
)
from desktop.domain.errors import (
    DuplicateError,
    NotFoundError,
    StateError,
    ValidationError,
    ValidationErrors,
)
from desktop.domain.forms import MSG_REQUIRED, FormDefinition, relevant_question_ids
from desktop.services import stats
from desktop.services.app import Services
from desktop.services.base import Actor
from desktop.services.intake import get_form
from desktop.services.outcomes import OutcomeInput
from desktop.services.participants import ParticipantInput
from desktop.services.setup import UserInput
from desktop.services.skills import AssessmentInput
from desktop.services.users import WRONG_LOGIN
from desktop.services.workshops import WorkshopInput
from desktop.store.models import Outcome, SkillAssessment, User

TODAY = date.today()
ARABIC_YEH = "\u064a"
ARABIC_KAF = "\u0643"
# CARPET_WEAVING rubric weights: KNOTTING 3, PATTERN_READING 3, LOOM_SETUP 1, FINISHING 2,
# PRODUCTIVITY 2. Weighted mean 39/11 = 3.55 -> level 4; the plain mean would be 3.
CARPET_SCORES = {
    "KNOTTING": 5,
    "PATTERN_READING": 5,
    "LOOM_SETUP": 1,
    "FINISHING": 2,
    "PRODUCTIVITY": 2,
}


@pytest.fixture
def participant(services: Services) -> uuid.UUID:
    return services.participants.register(ParticipantInput("زهرا", "کریمی")).id


@pytest.fixture
def form() -> FormDefinition:
    return get_form("intake-default")


def full_answers(form: FormDefinition) -> dict[str, Any]:
    """A valid answer for every question of the form, built from its definition."""
    answers: dict[str, Any] = {}
    for question in form.questions():
        kind = question.type
        if kind == "yes_no":
            value: Any = True
        elif kind == "single_choice":
            value = question.choices[0].value
        elif kind == "multiple_choice":
            value = [next(c.value for c in question.choices if not c.exclusive)]
        elif kind == "number":
            value = question.min_value if question.min_value is not None else 1
            if value == 0:
                value = 1 if question.max_value is None or question.max_value >= 1 else 0
        elif kind == "date":
            value = TODAY.isoformat()
        else:
            assert question.pattern is None, f"extend the builder for {question.id}'s pattern"
            value = "توضیح" if kind == "long_text" else "متن"
        answers[question.id] = value
    return answers


def required_relevant(form: FormDefinition, answers: dict[str, Any]) -> list[str]:
    relevant = relevant_question_ids(form, answers)
    return [q.id for q in form.questions() if q.required and q.id in relevant]


# --- intake -----------------------------------------------------------------------------------


def test_intake_draft_then_complete(
    services: Services, participant: uuid.UUID, form: FormDefinition
) -> None:
    intake = services.intake
    draft = intake.start(participant)
    assert draft.status == InterviewStatus.DRAFT
    assert (draft.form_id, draft.form_version) == (form.form_id, form.version)
    assert draft.answers == {}
    assert draft.interview_date == TODAY
    assert draft.interviewer_id == services.actor.user_id

    # A draft keeps partial answers, normalised (Persian digits become a number).
    partial = {"head_of_household": True, "household_size": "۴", "education": ""}
    intake.save_draft(draft.id, partial)
    saved = intake.get(draft.id)
    assert saved.answers == {"head_of_household": True, "household_size": 4}
    assert saved.status == InterviewStatus.DRAFT

    # Completing without one required answer names it and changes nothing.
    answers = full_answers(form)
    missing = dict(answers)
    missing.pop("education")
    with pytest.raises(ValidationErrors) as caught:
        intake.complete(draft.id, missing)
    assert [(e.field, e.msgid) for e in caught.value.errors] == [("education", MSG_REQUIRED)]
    unchanged = intake.get(draft.id)
    assert unchanged.status == InterviewStatus.DRAFT
    assert unchanged.answers == {"head_of_household": True, "household_size": 4}
    assert unchanged.completed_at is None
    assert unchanged.rev == saved.rev

    # The full set, with some messy input, completes the interview.
    answers["previous_loan_source"] = f"{ARABIC_KAF}م{ARABIC_YEH}ته امداد"
    answers["monthly_household_income"] = "۱۲٬۵۰۰٬۰۰۰"
    answers["housing_status"] = "owned"
    answers["monthly_rent"] = 5_000_000  # not relevant for an owned home: dropped
    done = intake.complete(draft.id, answers)
    assert done.status == InterviewStatus.COMPLETE
    stored = intake.get(draft.id)
    assert stored.status == InterviewStatus.COMPLETE
    assert stored.completed_at is not None
    assert (stored.form_id, stored.form_version) == ("intake-default", form.version)
    assert stored.answers["previous_loan_source"] == "کمیته امداد"
    assert stored.answers["monthly_household_income"] == 12_500_000
    assert "monthly_rent" not in stored.answers
    assert set(required_relevant(form, answers)) <= set(stored.answers)
    assert [row.id for row in intake.for_participant(participant)] == [draft.id]
    # Completion is audited (drafts are not).
    assert [e.action for e in services.audit.history(draft.id)] == ["update", "create"]


def test_every_missing_required_answer_is_listed(
    services: Services, participant: uuid.UUID, form: FormDefinition
) -> None:
    draft = services.intake.start(participant)
    with pytest.raises(ValidationErrors) as caught:
        services.intake.complete(draft.id, {"head_of_household": False})
    fields = [e.field for e in caught.value.errors]
    expected = [
        q for q in required_relevant(form, {"head_of_household": False}) if q != "head_of_household"
    ]
    assert fields == expected
    assert "head_of_household_reason" not in fields  # not relevant when the answer is no
    assert services.intake.get(draft.id).answers == {}


def test_draft_refuses_bad_values_and_unknown_questions(
    services: Services, participant: uuid.UUID
) -> None:
    draft = services.intake.start(participant)
    services.intake.save_draft(draft.id, {"household_size": 3})
    with pytest.raises(ValidationErrors) as caught:
        services.intake.save_draft(
            draft.id, {"household_size": 99, "education": "phd", "no_such_question": "x"}
        )
    assert {e.field for e in caught.value.errors} == {
        "household_size",
        "education",
        "no_such_question",
    }
    assert services.intake.get(draft.id).answers == {"household_size": 3}


def test_completed_interview_cannot_go_back_to_draft(
    services: Services, participant: uuid.UUID, form: FormDefinition
) -> None:
    interview = services.intake.start(participant)
    services.intake.complete(interview.id, full_answers(form))
    with pytest.raises(StateError):
        services.intake.save_draft(interview.id, {"household_size": 2})
    with pytest.raises(StateError):
        services.intake.discard_draft(interview.id)
    stored = services.intake.get(interview.id)
    assert stored.status == InterviewStatus.COMPLETE
    assert stored.answers["household_size"] == 1


def test_interview_date_cannot_be_in_the_future(services: Services, participant: uuid.UUID) -> None:
    with pytest.raises(ValidationError) as caught:
        services.intake.start(participant, interview_date=TODAY + timedelta(days=1))
    assert caught.value.field == "date"
    assert services.intake.for_participant(participant) == []

    interview = services.intake.start(participant, interview_date=TODAY - timedelta(days=3))
    with pytest.raises(ValidationError):
        services.intake.set_date(interview.id, TODAY + timedelta(days=2))
    assert services.intake.get(interview.id).interview_date == TODAY - timedelta(days=3)
    services.intake.set_date(interview.id, TODAY - timedelta(days=1))
    assert services.intake.get(interview.id).interview_date == TODAY - timedelta(days=1)


def test_discarded_draft_disappears_and_unknown_ids_are_not_found(
    services: Services, participant: uuid.UUID
) -> None:
    older = services.intake.start(participant, interview_date=TODAY - timedelta(days=10))
    newer = services.intake.start(participant)
    assert [i.id for i in services.intake.for_participant(participant)] == [newer.id, older.id]
    services.intake.discard_draft(older.id)
    assert [i.id for i in services.intake.for_participant(participant)] == [newer.id]
    with pytest.raises(NotFoundError):
        services.intake.get(older.id)
    with pytest.raises(NotFoundError):
        services.intake.start(uuid.uuid4())


def test_interviews_this_month_counts_completed_only(
    services: Services, participant: uuid.UUID, form: FormDefinition
) -> None:
    services.intake.start(participant)  # a draft does not count
    done = services.intake.start(participant)
    services.intake.complete(done.id, full_answers(form))
    overview = stats.office_overview(services.db)
    assert overview.interviews_this_month == 1
    assert overview.participants == 1


# --- skill assessments ------------------------------------------------------------------------


def assessment_count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(SkillAssessment)) or 0)


def test_rubric_scores_give_a_weighted_level(services: Services, participant: uuid.UUID) -> None:
    skill = services.skills.skill_by_code(" carpet_weaving ")
    criteria = services.skills.criteria(skill.id)
    assert [c.code for c in criteria] == list(CARPET_SCORES)
    assert [c.position for c in criteria] == list(range(len(criteria)))

    row = services.skills.assess(
        AssessmentInput(participant, skill.id, TODAY, scores=CARPET_SCORES, notes=" خوب ")
    )
    stored = services.skills.for_participant(participant)[0]
    assert stored.id == row.id
    assert stored.level == 4
    assert stored.rubric_scores == CARPET_SCORES
    assert stored.assessor_id == services.actor.user_id
    assert stored.notes == "خوب"


@pytest.mark.parametrize(
    ("scores", "field", "criterion"),
    [
        ({**CARPET_SCORES, "SPEED": 3}, "scores", "SPEED"),
        ({k: v for k, v in CARPET_SCORES.items() if k != "FINISHING"}, "scores", "FINISHING"),
        ({**CARPET_SCORES, "KNOTTING": 6}, "scores", "KNOTTING"),
        ({**CARPET_SCORES, "KNOTTING": 0}, "scores", "KNOTTING"),
    ],
)
def test_bad_rubric_scores_are_refused(
    services: Services,
    participant: uuid.UUID,
    scores: dict[str, int],
    field: str,
    criterion: str,
) -> None:
    skill = services.skills.skill_by_code("CARPET_WEAVING")
    with pytest.raises(ValidationError) as caught:
        services.skills.assess(AssessmentInput(participant, skill.id, TODAY, scores=scores))
    assert caught.value.field == field
    assert caught.value.params["criterion"] == criterion
    assert assessment_count(services) == 0


@pytest.mark.parametrize("level", [0, 6, -1, True])
def test_level_off_the_scale_is_refused(
    services: Services, participant: uuid.UUID, level: int
) -> None:
    skill = services.skills.skill_by_code("SEWING")
    with pytest.raises(ValidationError) as caught:
        services.skills.assess(AssessmentInput(participant, skill.id, TODAY, level=level))
    assert caught.value.field == "level"
    assert caught.value.params == {"min": 1, "max": 5}
    assert assessment_count(services) == 0


def test_assessment_needs_scores_or_level_and_a_past_date(
    services: Services, participant: uuid.UUID
) -> None:
    skill = services.skills.skill_by_code("SEWING")
    with pytest.raises(ValidationError) as caught:
        services.skills.assess(AssessmentInput(participant, skill.id, TODAY))
    assert caught.value.field == "level"
    with pytest.raises(ValidationError) as caught:
        services.skills.assess(
            AssessmentInput(participant, skill.id, TODAY + timedelta(days=1), level=3)
        )
    assert caught.value.field == "date"
    with pytest.raises(NotFoundError):
        services.skills.assess(AssessmentInput(uuid.uuid4(), skill.id, TODAY, level=3))
    with pytest.raises(NotFoundError):
        services.skills.assess(AssessmentInput(participant, uuid.uuid4(), TODAY, level=3))
    with pytest.raises(NotFoundError):
        services.skills.assess(
            AssessmentInput(participant, skill.id, TODAY, level=3, workshop_id=uuid.uuid4())
        )
    assert assessment_count(services) == 0


def test_assessments_for_participant_oldest_first(
    services: Services, participant: uuid.UUID
) -> None:
    sewing = services.skills.skill_by_code("SEWING").id
    carpet = services.skills.skill_by_code("CARPET_WEAVING").id
    services.skills.assess(AssessmentInput(participant, sewing, TODAY - timedelta(days=5), level=3))
    services.skills.assess(
        AssessmentInput(participant, carpet, TODAY - timedelta(days=30), level=1)
    )
    services.skills.assess(
        AssessmentInput(participant, sewing, TODAY - timedelta(days=10), level=2)
    )
    other = services.participants.register(ParticipantInput("مریم", "احمدی")).id
    services.skills.assess(AssessmentInput(other, sewing, TODAY, level=5))

    rows = services.skills.for_participant(participant)
    assert [(r.assessed_on, r.level) for r in rows] == [
        (TODAY - timedelta(days=30), 1),
        (TODAY - timedelta(days=10), 2),
        (TODAY - timedelta(days=5), 3),
    ]
    services.skills.withdraw_assessment(rows[1].id)
    assert [r.level for r in services.skills.for_participant(participant)] == [1, 3]


# --- outcomes and follow-ups ------------------------------------------------------------------


def outcome_count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Outcome)) or 0)


def test_loan_needs_amount_and_job_needs_title(services: Services, participant: uuid.UUID) -> None:
    with pytest.raises(ValidationErrors) as caught:
        services.outcomes.record(OutcomeInput(participant, OutcomeKind.LOAN, TODAY))
    assert [e.field for e in caught.value.errors] == ["amount"]
    with pytest.raises(ValidationErrors) as caught:
        services.outcomes.record(OutcomeInput(participant, OutcomeKind.JOB, TODAY, job_title=" "))
    assert [e.field for e in caught.value.errors] == ["job_title"]
    with pytest.raises(ValidationErrors) as caught:
        services.outcomes.record(
            OutcomeInput(
                participant,
                OutcomeKind.LOAN,
                TODAY + timedelta(days=1),
                amount=-5,
                monthly_income=-1,
            )
        )
    assert {e.field for e in caught.value.errors} == {"achieved_on", "amount", "monthly_income"}
    assert outcome_count(services) == 0


def test_record_outcomes(services: Services, participant: uuid.UUID) -> None:
    services.outcomes.record(
        OutcomeInput(
            participant,
            OutcomeKind.JOB,
            TODAY - timedelta(days=2),
            job_title=f"خياط{ARABIC_YEH}",
            monthly_income=8_000_000,
        )
    )
    services.outcomes.record(
        OutcomeInput(
            participant,
            OutcomeKind.LOAN,
            TODAY - timedelta(days=20),
            amount=50_000_000,
            organisation="صندوق امید",
        )
    )
    rows = services.outcomes.for_participant(participant)
    assert [r.kind for r in rows] == [OutcomeKind.LOAN, OutcomeKind.JOB]  # oldest first
    assert rows[0].amount == 50_000_000
    assert rows[0].organisation == "صندوق امید"
    assert rows[1].job_title == "خیاطی"
    assert rows[1].monthly_income == 8_000_000
    assert {r.origin_office for r in rows} == {"URM01"}
    with pytest.raises(NotFoundError):
        services.outcomes.record(OutcomeInput(uuid.uuid4(), OutcomeKind.COOPERATIVE, TODAY))


@pytest.fixture
def follow_ups(services: Services) -> tuple[uuid.UUID, uuid.UUID, list[Any]]:
    """A workshop finished ~200 days ago with one completer: follow-ups at 3, 6, 12 months."""
    start = TODAY - timedelta(days=200)
    carpet = services.skills.skill_by_code("CARPET_WEAVING").id
    workshop = services.workshops.create(
        WorkshopInput("قالیبافی", carpet, 5, 20, start, min_attendance_share=0.5)
    )
    person = services.participants.register(ParticipantInput("فاطمه", "محمدی")).id
    enrolment = services.workshops.enrol(workshop.id, person).enrolment
    sessions = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=[5, 0, 2], count=2, hours=3
    )
    for workshop_session in sessions:
        services.attendance.mark(workshop_session.id, enrolment.id, AttendanceMark.PRESENT)
    services.attendance.finish_workshop(workshop.id)
    return person, workshop.id, services.outcomes.follow_ups_for(person)


def test_follow_ups_due(services: Services, follow_ups: tuple) -> None:
    person, _, planned = follow_ups
    assert [f.months for f in planned] == [3, 6, 12]
    due = services.outcomes.follow_ups_due()
    expected = [f.id for f in planned if f.due_on <= TODAY]
    assert len(expected) == 2
    assert [f.id for f, _ in due] == expected
    assert {p.id for _, p in due} == {person}
    until = services.outcomes.follow_ups_due(until=TODAY + timedelta(days=400))
    assert [f.id for f, _ in until] == [f.id for f in planned]


def test_close_follow_up_with_an_outcome_links_it(services: Services, follow_ups: tuple) -> None:
    person, workshop_id, planned = follow_ups
    first = planned[0]
    closed = services.outcomes.close_follow_up(
        first.id,
        status=FollowUpStatus.DONE,
        done_on=TODAY - timedelta(days=1),
        notes=" تماس تلفنی ",
        outcome=OutcomeInput(person, OutcomeKind.HOME_BUSINESS_PERMIT, TODAY - timedelta(days=1)),
    )
    assert closed.status == FollowUpStatus.DONE
    assert closed.done_on == TODAY - timedelta(days=1)
    assert closed.notes == "تماس تلفنی"
    [outcome] = services.outcomes.for_participant(person)
    assert closed.outcome_id == outcome.id
    assert outcome.kind == OutcomeKind.HOME_BUSINESS_PERMIT
    assert outcome.workshop_id == workshop_id  # taken from the follow-up
    assert [f.id for f, _ in services.outcomes.follow_ups_due()] == [planned[1].id]

    with pytest.raises(StateError):
        services.outcomes.close_follow_up(
            first.id, status=FollowUpStatus.UNREACHABLE, done_on=TODAY
        )
    assert outcome_count(services) == 1


def test_closing_a_follow_up_twice_is_refused(services: Services, follow_ups: tuple) -> None:
    person, _, planned = follow_ups
    first = planned[0]
    closed = services.outcomes.close_follow_up(
        first.id, status=FollowUpStatus.DONE, done_on=TODAY, notes="تماس  تلفنی"
    )
    assert (closed.status, closed.done_on, closed.notes) == (
        FollowUpStatus.DONE,
        TODAY,
        "تماس تلفنی",
    )
    assert closed.outcome_id is None
    rev = closed.rev
    with pytest.raises(StateError):
        services.outcomes.close_follow_up(
            first.id, status=FollowUpStatus.UNREACHABLE, done_on=TODAY
        )
    again = {f.id: f for f in services.outcomes.follow_ups_for(person)}[first.id]
    assert (again.status, again.rev) == (FollowUpStatus.DONE, rev)
    assert [f.id for f, _ in services.outcomes.follow_ups_due()] == [planned[1].id]


def test_close_follow_up_refusals_change_nothing(services: Services, follow_ups: tuple) -> None:
    person, _, planned = follow_ups
    target = planned[1]
    with pytest.raises(ValidationError) as caught:
        services.outcomes.close_follow_up(target.id, status=FollowUpStatus.DUE, done_on=TODAY)
    assert caught.value.field == "status"
    with pytest.raises(ValidationError) as caught:
        services.outcomes.close_follow_up(
            target.id, status=FollowUpStatus.DONE, done_on=TODAY + timedelta(days=1)
        )
    assert caught.value.field == "done_on"
    with pytest.raises(ValidationErrors):
        services.outcomes.close_follow_up(
            target.id,
            status=FollowUpStatus.DONE,
            done_on=TODAY,
            outcome=OutcomeInput(person, OutcomeKind.LOAN, TODAY),  # no amount
        )
    other = services.participants.register(ParticipantInput("مریم", "احمدی")).id
    with pytest.raises(ValidationError):
        services.outcomes.close_follow_up(
            target.id,
            status=FollowUpStatus.DONE,
            done_on=TODAY,
            outcome=OutcomeInput(other, OutcomeKind.COOPERATIVE, TODAY),
        )
    assert outcome_count(services) == 0
    still = {f.id: f for f in services.outcomes.follow_ups_for(person)}[target.id]
    assert still.status == FollowUpStatus.DUE
    assert still.outcome_id is None
    # Unreachable without an outcome is a valid way to close it.
    services.outcomes.close_follow_up(target.id, status=FollowUpStatus.UNREACHABLE, done_on=TODAY)
    assert len(services.outcomes.follow_ups_due()) == 1


# --- users ------------------------------------------------------------------------------------


def test_create_user_and_sign_in(services: Services) -> None:
    user = services.users.create(
        UserInput(" Sara.R ", "سارا  رضايي", "long-enough-1", role=UserRole.FACILITATOR)
    )
    assert user.username == "sara.r"
    assert user.full_name == "سارا رضایی"
    assert user.role == UserRole.FACILITATOR
    assert user.origin_office == "URM01"
    assert "long-enough-1" not in user.password_hash
    assert user.password_hash.startswith("scrypt$")
    assert [u.username for u in services.users.users()] == ["manager", "sara.r"]

    actor = services.users.authenticate(" SARA.R", "long-enough-1")
    assert actor.user_id == user.id
    assert actor.office_code == "URM01"
    manager = services.users.authenticate("manager", "s3cret-pass")
    assert manager.user_id == services.actor.user_id

    # The audit log never keeps the password hash.
    [created] = services.audit.history(user.id)
    assert created.action == "create"
    assert "password_hash" not in created.changes
    assert created.changes["username"] == [None, "sara.r"]


def test_wrong_password_and_unknown_user_get_the_same_error(services: Services) -> None:
    errors = []
    for username, password in [("manager", "wrong-pass"), ("nobody", "s3cret-pass"), ("", "")]:
        with pytest.raises(ValidationError) as caught:
            services.users.authenticate(username, password)
        errors.append((type(caught.value), caught.value.msgid, caught.value.field))
    assert errors == [(ValidationError, WRONG_LOGIN, "password")] * 3


def test_deactivated_user_cannot_sign_in(services: Services) -> None:
    user = services.users.create(UserInput("sara", "سارا رضایی", "long-enough-1"))
    with services.db.write(office_code="URM01") as session:
        session.get(User, user.id).active = False
    with pytest.raises(ValidationError) as caught:
        services.users.authenticate("sara", "long-enough-1")
    assert (caught.value.msgid, caught.value.field) == (WRONG_LOGIN, "password")


def test_duplicate_username_is_refused(services: Services) -> None:
    with services.db.read() as session:
        before = session.scalar(select(func.count()).select_from(User))
    with pytest.raises(DuplicateError) as caught:
        services.users.create(UserInput("MANAGER", "کسی دیگر", "another-pass"))
    assert caught.value.field == "username"
    assert caught.value.existing_id == str(services.actor.user_id)
    assert caught.value.params["username"] == "manager"
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(User)) == before
    # The first account still signs in with its own password.
    assert services.users.authenticate("manager", "s3cret-pass").user_id == services.actor.user_id


def test_user_validation_lists_every_problem(services: Services) -> None:
    with pytest.raises(ValidationErrors) as caught:
        services.users.create(UserInput("زهرا", " ", "short"))
    assert {e.field for e in caught.value.errors} == {"username", "full_name", "password"}
    assert [u.username for u in services.users.users()] == ["manager"]


def test_user_list_is_in_persian_alphabetical_order(services: Services) -> None:
    services.users.create(UserInput("parvin", "پروین صادقی", "long-enough-1"))
    services.users.create(UserInput("jamileh", "جمیله نوری", "long-enough-1"))
    names = [u.full_name for u in services.users.users()]
    assert names == ["پروین صادقی", "جمیله نوری", "زهرا احمدی"]


def test_only_a_manager_can_add_users(services: Services) -> None:
    from desktop.domain.enums import UserRole
    from desktop.domain.errors import StateError
    from desktop.services.setup import UserInput
    from desktop.services.users import UserService

    facilitator = services.users.create(
        UserInput("maryam", "مریم رضایی", "long-password-1", UserRole.FACILITATOR)
    )
    as_facilitator = UserService(
        services.db, Actor(office_code=services.actor.office_code, user_id=facilitator.id)
    )
    before = len(services.users.users())
    with pytest.raises(StateError):
        as_facilitator.create(UserInput("sara", "سارا محمدی", "long-password-2"))
    assert len(services.users.users()) == before


def test_a_completed_interview_cannot_be_completed_again(
    services: Services, form: FormDefinition
) -> None:
    from desktop.domain.errors import StateError
    from desktop.services.participants import ParticipantInput

    person = services.participants.register(ParticipantInput(first_name="مریم", last_name="رضایی"))
    row = services.intake.start(person.id)
    answers = full_answers(form)
    services.intake.complete(row.id, answers)
    stored = services.intake.get(row.id)
    with pytest.raises(StateError):
        services.intake.complete(row.id, {**answers, "household_size": 9})
    again = services.intake.get(row.id)
    assert again.answers == stored.answers
    assert again.completed_at == stored.completed_at


def test_sign_in_accepts_persian_digits_in_the_user_name(services: Services) -> None:
    from desktop.services.setup import UserInput

    services.users.create(UserInput("zahra1", "زهرا احمدی", "long-password-1"))
    assert services.users.authenticate("zahra۱", "long-password-1").user_id is not None
