"""Skill taxonomy look-ups and skill assessments (ارزیابی مهارت) scored on rubrics.

The taxonomy and its rubrics are reference data (``resources/skills/taxonomy.json`` seeded into
the ``skills`` and ``skill_criteria`` tables; later versions arrive from the province): nothing
here knows a trade by name. :func:`assessment_problems` is the one place the rules of an
assessment live; the service applies it before writing and the assessment dialog applies it on
every edit, so both show the same messages.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Protocol

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from desktop.domain.enums import EnrolmentStatus
from desktop.domain.errors import N_, ValidationError
from desktop.domain.levels import LEVEL_MAX, LEVEL_MIN, validate_level, weighted_level
from desktop.domain.text import normalise_input
from desktop.i18n import is_persian
from desktop.services.base import Service, get_live
from desktop.store.models import (
    Enrolment,
    Participant,
    Skill,
    SkillAssessment,
    SkillCriterion,
    User,
    Workshop,
)

SKILL_NOT_FOUND = N_("The skill was not found.")
ASSESSMENT_NOT_FOUND = N_("The assessment was not found.")
PARTICIPANT_NOT_FOUND = N_("The participant was not found.")
WORKSHOP_NOT_FOUND = N_("The workshop was not found.")
FUTURE_DATE = N_("The assessment date is in the future.")
UNKNOWN_CRITERION = N_("Criterion {criterion} is not part of this skill's rubric.")
SCORE_OFF_SCALE = N_("The score for \u201c{name}\u201d must be between {min} and {max}.")
SCORE_MISSING = N_("Give a score for \u201c{name}\u201d.")
NO_SCORES = N_("Give a score for each criterion or an overall level.")
INACTIVE_SKILL = N_("This skill is no longer in use; it cannot be assessed.")
OTHER_SKILL_WORKSHOP = N_("That workshop teaches another skill.")


class CriterionLike(Protocol):
    """What the rules need of a rubric criterion (an ORM row or plain data)."""

    @property
    def code(self) -> str: ...
    @property
    def name_fa(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def weight(self) -> float: ...


@dataclass(frozen=True)
class AssessmentInput:
    participant_id: uuid.UUID
    skill_id: uuid.UUID
    assessed_on: date
    # Either rubric scores for every criterion of the skill, or an overall level.
    scores: Mapping[str, int] | None = None
    level: int | None = None
    notes: str = ""
    workshop_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Rubric:
    """A skill and its criteria in rubric order."""

    skill: Skill
    criteria: list[SkillCriterion]

    @property
    def weights(self) -> dict[str, float]:
        return {criterion.code: criterion.weight for criterion in self.criteria}


@dataclass(frozen=True)
class SkillHistory:
    """One skill's assessments of one person, oldest first (progress over time)."""

    skill: Skill
    assessments: list[SkillAssessment] = field(default_factory=list)

    @property
    def latest(self) -> SkillAssessment | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def change(self) -> int:
        """Levels gained (negative: lost) from the first assessment to the latest."""
        if len(self.assessments) < 2:
            return 0
        return self.assessments[-1].level - self.assessments[0].level


@dataclass(frozen=True)
class LinkableWorkshop:
    """A workshop the person is (or was) on, which an assessment can be linked to."""

    id: uuid.UUID
    title: str
    skill_id: uuid.UUID
    start_date: date


def criterion_name(criterion: CriterionLike) -> str:
    return criterion.name_fa if is_persian() else (criterion.name_en or criterion.name_fa)


def assessment_problems(
    criteria: Sequence[CriterionLike],
    *,
    scores: Mapping[str, int] | None,
    level: int | None,
    assessed_on: date | None,
    today: date,
) -> tuple[int | None, list[ValidationError]]:
    """The overall level and every problem with an assessment (pure; no database).

    Scores, when given, must cover every criterion of the rubric, each on the level scale; the
    level is then their weighted mean (:func:`weighted_level`, rounded half up) and ``level`` is
    ignored. Without scores ``level`` itself must be on the scale. Problems about one criterion
    have ``field="scores"`` and ``params["criterion"]`` = its code.
    """
    problems: list[ValidationError] = []
    if assessed_on is not None and assessed_on > today:
        problems.append(ValidationError(FUTURE_DATE, field="date"))
    if scores:
        known = {criterion.code: criterion for criterion in criteria}
        for code in sorted(set(scores) - set(known)):
            problems.append(ValidationError(UNKNOWN_CRITERION, field="scores", criterion=code))
        for criterion in criteria:
            score = scores.get(criterion.code)
            if score is None:
                problems.append(
                    ValidationError(
                        SCORE_MISSING,
                        field="scores",
                        criterion=criterion.code,
                        name=criterion_name(criterion),
                    )
                )
            else:
                try:
                    validate_level(score)
                except ValidationError:
                    problems.append(
                        ValidationError(
                            SCORE_OFF_SCALE,
                            field="scores",
                            criterion=criterion.code,
                            name=criterion_name(criterion),
                            min=LEVEL_MIN,
                            max=LEVEL_MAX,
                        )
                    )
        if any(problem.field == "scores" for problem in problems):
            return None, problems
        try:
            overall = weighted_level(
                {code: scores[code] for code in known},
                {code: criterion.weight for code, criterion in known.items()},
            )
        except ValidationError as error:  # a rubric without (positive) weights: bad data
            problems.append(error)
            return None, problems
        return overall, problems
    if level is not None:
        try:
            return validate_level(level), problems
        except ValidationError as error:
            problems.append(error)
            return None, problems
    problems.append(ValidationError(NO_SCORES, field="level"))
    return None, problems


def group_by_skill(
    assessments: Sequence[SkillAssessment], skills: Mapping[uuid.UUID, Skill]
) -> list[SkillHistory]:
    """Assessments (oldest first) grouped by skill, skills by name; unknown skills left out."""
    grouped: dict[uuid.UUID, list[SkillAssessment]] = {}
    for row in sorted(assessments, key=lambda row: row.assessed_on):  # stable: keeps ties
        if row.skill_id in skills:
            grouped.setdefault(row.skill_id, []).append(row)
    persian = is_persian()
    result = [SkillHistory(skills[skill_id], items) for skill_id, items in grouped.items()]
    result.sort(key=lambda item: item.skill.name_fa if persian else item.skill.name_en)
    return result


@cache
def _taxonomy_categories() -> dict[str, tuple[str, str]]:
    from desktop.services.taxonomy import load_taxonomy

    return {
        item["code"]: (item["name_fa"], item["name_en"])
        for item in load_taxonomy().get("categories", [])
    }


def category_name(code: str) -> str:
    """A category's name from the taxonomy data; its code when the data does not name it
    (a category added by the province that this version has not seen)."""
    names = _taxonomy_categories().get(code)
    if names is None:
        return code
    return names[0] if is_persian() else (names[1] or names[0])


class SkillService(Service):
    def skills(self, *, include_inactive: bool = False) -> list[Skill]:
        with self.db.read() as session:
            statement = select(Skill).where(Skill.deleted == false())
            if not include_inactive:
                statement = statement.where(Skill.active)
            return list(session.scalars(statement.order_by(Skill.category, Skill.code)))

    def skill_by_code(self, code: str) -> Skill:
        with self.db.read() as session:
            skill = session.scalar(select(Skill).where(Skill.code == code.strip().upper()))
            if skill is None or skill.deleted:
                raise ValidationError(SKILL_NOT_FOUND, field="skill")
            return skill

    def criteria(self, skill_id: uuid.UUID | str) -> list[SkillCriterion]:
        with self.db.read() as session:
            skill = get_live(session, Skill, skill_id, SKILL_NOT_FOUND)
            return self._criteria(session, skill.id)

    @staticmethod
    def _criteria(session: Session, skill_id: uuid.UUID) -> list[SkillCriterion]:
        return list(
            session.scalars(
                select(SkillCriterion)
                .where(SkillCriterion.skill_id == skill_id, SkillCriterion.deleted == false())
                .order_by(SkillCriterion.position)
            )
        )

    def rubric(self, skill_id: uuid.UUID | str) -> Rubric:
        with self.db.read() as session:
            skill = get_live(session, Skill, skill_id, SKILL_NOT_FOUND)
            return Rubric(skill, self._criteria(session, skill.id))

    def rubrics(self) -> list[Rubric]:
        """Every active skill with its rubric (two queries), grouped by category."""
        with self.db.read() as session:
            skills = list(
                session.scalars(
                    select(Skill)
                    .where(Skill.deleted == false(), Skill.active)
                    .order_by(Skill.category, Skill.code)
                )
            )
            by_skill: dict[uuid.UUID, list[SkillCriterion]] = {}
            for criterion in session.scalars(
                select(SkillCriterion)
                .where(SkillCriterion.deleted == false())
                .order_by(SkillCriterion.position)
            ):
                by_skill.setdefault(criterion.skill_id, []).append(criterion)
        order = list(_taxonomy_categories())
        persian = is_persian()

        def place(skill: Skill) -> tuple[int, str, str]:
            # Categories in the taxonomy's own order (unknown ones last), names alphabetical.
            position = order.index(skill.category) if skill.category in order else len(order)
            return position, skill.category, skill.name_fa if persian else skill.name_en

        skills.sort(key=place)
        return [Rubric(skill, by_skill.get(skill.id, [])) for skill in skills]

    def assess(self, data: AssessmentInput) -> SkillAssessment:
        """Record an assessment; the level comes from the rubric when scores are given."""
        if data.assessed_on > self.today():
            raise ValidationError(FUTURE_DATE, field="date")
        with self.write() as session:
            participant = get_live(session, Participant, data.participant_id, PARTICIPANT_NOT_FOUND)
            skill = get_live(session, Skill, data.skill_id, SKILL_NOT_FOUND)
            if not skill.active:
                raise ValidationError(INACTIVE_SKILL, field="skill")
            if data.workshop_id is not None:
                workshop = get_live(session, Workshop, data.workshop_id, WORKSHOP_NOT_FOUND)
                if workshop.skill_id != skill.id:
                    raise ValidationError(OTHER_SKILL_WORKSHOP, field="workshop")
            criteria = self._criteria(session, skill.id) if data.scores else []
            level, problems = assessment_problems(
                criteria,
                scores=data.scores,
                level=data.level,
                assessed_on=data.assessed_on,
                today=self.today(),
            )
            if problems or level is None:
                raise problems[0]
            row = SkillAssessment(
                id=uuid.uuid4(),
                participant_id=participant.id,
                skill_id=skill.id,
                level=level,
                rubric_scores=dict(data.scores) if data.scores else {},
                assessor_id=self.actor.user_id,
                assessed_on=data.assessed_on,
                workshop_id=data.workshop_id,
                notes=normalise_input(data.notes),
            )
            session.add(row)
        return row

    def for_participant(self, participant_id: uuid.UUID | str) -> list[SkillAssessment]:
        """Every assessment of a person, oldest first (for progress over time)."""
        with self.db.read() as session:
            participant = get_live(session, Participant, participant_id, PARTICIPANT_NOT_FOUND)
            return list(
                session.scalars(
                    select(SkillAssessment)
                    .where(
                        SkillAssessment.participant_id == participant.id,
                        SkillAssessment.deleted == false(),
                    )
                    .order_by(SkillAssessment.assessed_on, SkillAssessment.updated_at)
                )
            )

    def history(self, participant_id: uuid.UUID | str) -> list[SkillHistory]:
        """A person's assessments grouped by skill (each oldest first), skills by name."""
        rows = self.for_participant(participant_id)
        if not rows:
            return []
        skill_ids = {row.skill_id for row in rows}
        with self.db.read() as session:
            skills = {
                skill.id: skill
                for skill in session.scalars(select(Skill).where(Skill.id.in_(skill_ids)))
            }
        return group_by_skill(rows, skills)

    def linkable_workshops(self, participant_id: uuid.UUID | str) -> list[LinkableWorkshop]:
        """Workshops the person is enrolled in, waiting for or completed, newest first."""
        with self.db.read() as session:
            participant = get_live(session, Participant, participant_id, PARTICIPANT_NOT_FOUND)
            rows = session.execute(
                select(Workshop.id, Workshop.title, Workshop.skill_id, Workshop.start_date)
                .join(Enrolment, Enrolment.workshop_id == Workshop.id)
                .where(
                    Enrolment.participant_id == participant.id,
                    Enrolment.deleted == false(),
                    Enrolment.status != EnrolmentStatus.WITHDRAWN,
                    Workshop.deleted == false(),
                )
                .order_by(Workshop.start_date.desc(), Workshop.title)
            ).all()
        return [LinkableWorkshop(*row) for row in rows]

    def assessor_name(self) -> str:
        """The signed-in user's full name (empty for scripts without a user)."""
        if self.actor.user_id is None:
            return ""
        with self.db.read() as session:
            user = session.get(User, self.actor.user_id)
            return user.full_name if user is not None else ""

    def withdraw_assessment(self, assessment_id: uuid.UUID | str) -> None:
        """An assessment recorded by mistake is tombstoned (it stays in the audit log)."""
        with self.write() as session:
            row = get_live(session, SkillAssessment, assessment_id, ASSESSMENT_NOT_FOUND)
            row.deleted = True
