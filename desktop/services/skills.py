"""Skill taxonomy look-ups and skill assessments (ارزیابی مهارت) scored on rubrics."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import false, select

from desktop.domain.errors import N_, ValidationError
from desktop.domain.levels import validate_level, weighted_level
from desktop.domain.text import normalise_input
from desktop.services.base import Service, get_live
from desktop.store.models import Participant, Skill, SkillAssessment, SkillCriterion, Workshop

SKILL_NOT_FOUND = N_("The skill was not found.")
ASSESSMENT_NOT_FOUND = N_("The assessment was not found.")


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
            return list(
                session.scalars(
                    select(SkillCriterion)
                    .where(SkillCriterion.skill_id == skill.id, SkillCriterion.deleted == false())
                    .order_by(SkillCriterion.position)
                )
            )

    def assess(self, data: AssessmentInput) -> SkillAssessment:
        """Record an assessment; the level comes from the rubric when scores are given."""
        if data.assessed_on > self.today():
            raise ValidationError(N_("The assessment date is in the future."), field="date")
        with self.write() as session:
            participant = get_live(
                session, Participant, data.participant_id, N_("The participant was not found.")
            )
            skill = get_live(session, Skill, data.skill_id, SKILL_NOT_FOUND)
            if data.workshop_id is not None:
                get_live(session, Workshop, data.workshop_id, N_("The workshop was not found."))
            scores: dict[str, int] = {}
            if data.scores:
                criteria = session.scalars(
                    select(SkillCriterion).where(
                        SkillCriterion.skill_id == skill.id, SkillCriterion.deleted == false()
                    )
                ).all()
                weights = {criterion.code: criterion.weight for criterion in criteria}
                unknown = sorted(set(data.scores) - set(weights))
                if unknown:
                    raise ValidationError(
                        N_("Criterion {criterion} is not part of this skill's rubric."),
                        field="scores",
                        criterion=unknown[0],
                    )
                scores = dict(data.scores)
                level = weighted_level(scores, weights)
            elif data.level is not None:
                level = validate_level(data.level)
            else:
                raise ValidationError(
                    N_("Give a score for each criterion or an overall level."), field="level"
                )
            row = SkillAssessment(
                id=uuid.uuid4(),
                participant_id=participant.id,
                skill_id=skill.id,
                level=level,
                rubric_scores=scores,
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
            participant = get_live(
                session, Participant, participant_id, N_("The participant was not found.")
            )
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

    def withdraw_assessment(self, assessment_id: uuid.UUID | str) -> None:
        """An assessment recorded by mistake is tombstoned (it stays in the audit log)."""
        with self.write() as session:
            row = get_live(session, SkillAssessment, assessment_id, ASSESSMENT_NOT_FOUND)
            row.deleted = True
