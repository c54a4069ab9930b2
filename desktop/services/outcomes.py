"""Outcomes (home-business permit, cooperative, helper group, loan, job) and follow-ups."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import false, select

from desktop.domain.enums import FollowUpStatus, OutcomeKind
from desktop.domain.errors import N_, StateError, ValidationError, ValidationErrors
from desktop.domain.text import normalise_input
from desktop.services.base import Service, get_live
from desktop.store.models import FollowUp, Outcome, Participant, Workshop

PARTICIPANT_NOT_FOUND = N_("The participant was not found.")
FOLLOW_UP_NOT_FOUND = N_("The follow-up was not found.")
MAX_AMOUNT = 100_000_000_000  # tomans; anything larger is a typing mistake


@dataclass(frozen=True)
class OutcomeInput:
    participant_id: uuid.UUID
    kind: OutcomeKind
    achieved_on: date
    organisation: str = ""
    amount: int | None = None
    job_title: str = ""
    monthly_income: int | None = None
    workshop_id: uuid.UUID | None = None
    notes: str = ""


def validate_outcome(data: OutcomeInput, today: date) -> None:
    problems: list[ValidationError] = []
    if data.achieved_on > today:
        problems.append(ValidationError(N_("The date is in the future."), field="achieved_on"))
    if data.kind == OutcomeKind.LOAN and not data.amount:
        problems.append(ValidationError(N_("Enter the loan amount."), field="amount"))
    if data.amount is not None and not 0 <= data.amount <= MAX_AMOUNT:
        problems.append(ValidationError(N_("The amount is not plausible."), field="amount"))
    if data.kind == OutcomeKind.JOB and not normalise_input(data.job_title):
        problems.append(ValidationError(N_("Enter the job title."), field="job_title"))
    if data.monthly_income is not None and not 0 <= data.monthly_income <= MAX_AMOUNT:
        problems.append(ValidationError(N_("The income is not plausible."), field="monthly_income"))
    if problems:
        raise ValidationErrors(problems)


def _outcome_row(
    data: OutcomeInput, participant_id: uuid.UUID, workshop_id: uuid.UUID | None
) -> Outcome:
    return Outcome(
        id=uuid.uuid4(),
        participant_id=participant_id,
        kind=OutcomeKind(data.kind),
        achieved_on=data.achieved_on,
        organisation=normalise_input(data.organisation),
        amount=data.amount,
        job_title=normalise_input(data.job_title),
        monthly_income=data.monthly_income,
        workshop_id=workshop_id,
        notes=normalise_input(data.notes),
    )


class OutcomeService(Service):
    def record(self, data: OutcomeInput) -> Outcome:
        validate_outcome(data, self.today())
        with self.write() as session:
            participant = get_live(session, Participant, data.participant_id, PARTICIPANT_NOT_FOUND)
            if data.workshop_id is not None:
                get_live(session, Workshop, data.workshop_id, N_("The workshop was not found."))
            row = _outcome_row(data, participant.id, data.workshop_id)
            session.add(row)
        return row

    def for_participant(self, participant_id: uuid.UUID | str) -> list[Outcome]:
        with self.db.read() as session:
            participant = get_live(session, Participant, participant_id, PARTICIPANT_NOT_FOUND)
            return list(
                session.scalars(
                    select(Outcome)
                    .where(Outcome.participant_id == participant.id, Outcome.deleted == false())
                    .order_by(Outcome.achieved_on)
                )
            )

    def follow_ups_due(
        self, until: date | None = None, *, limit: int | None = None
    ) -> list[tuple[FollowUp, Participant]]:
        """Follow-ups still open and due on or before ``until`` (today by default), most
        overdue first; at most ``limit`` of them."""
        last_day = until or self.today()
        with self.db.read() as session:
            return list(
                session.execute(
                    select(FollowUp, Participant)
                    .join(Participant, Participant.id == FollowUp.participant_id)
                    .where(
                        FollowUp.status == FollowUpStatus.DUE,
                        FollowUp.due_on <= last_day,
                        FollowUp.deleted == false(),
                    )
                    .order_by(FollowUp.due_on, Participant.sort_key)
                    .limit(limit)
                )
            )

    def follow_ups_for(self, participant_id: uuid.UUID | str) -> list[FollowUp]:
        with self.db.read() as session:
            participant = get_live(session, Participant, participant_id, PARTICIPANT_NOT_FOUND)
            return list(
                session.scalars(
                    select(FollowUp)
                    .where(FollowUp.participant_id == participant.id, FollowUp.deleted == false())
                    .order_by(FollowUp.due_on)
                )
            )

    def close_follow_up(
        self,
        follow_up_id: uuid.UUID | str,
        *,
        status: FollowUpStatus,
        done_on: date,
        notes: str = "",
        outcome: OutcomeInput | None = None,
    ) -> FollowUp:
        """Record a follow-up call or visit, optionally with the outcome it found."""
        if status == FollowUpStatus.DUE:
            raise ValidationError(N_("Choose how the follow-up ended."), field="status")
        if done_on > self.today():
            raise ValidationError(N_("The date is in the future."), field="done_on")
        if outcome is not None:
            validate_outcome(outcome, self.today())
        with self.write() as session:
            row = get_live(session, FollowUp, follow_up_id, FOLLOW_UP_NOT_FOUND)
            if row.status != FollowUpStatus.DUE:
                raise StateError(N_("This follow-up is already closed."))
            if outcome is not None:
                if outcome.participant_id != row.participant_id:
                    raise ValidationError(N_("The outcome belongs to another person."))
                found = _outcome_row(
                    outcome, row.participant_id, outcome.workshop_id or row.workshop_id
                )
                session.add(found)
                session.flush()  # the outcome row must exist before the follow-up points to it
                row.outcome_id = found.id
            row.status = status
            row.done_on = done_on
            row.notes = normalise_input(notes)
        return row
