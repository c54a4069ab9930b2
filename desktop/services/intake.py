"""Intake interviews (مصاحبه پذیرش): drafts, completion, form versions.

Forms are data in ``resources/forms/<form_id>/v<version>.json`` (bundled with the app) and in
``received_forms`` (newer versions the province sent with a receipt). A new interview uses the
newest version found in either; answers are stored with the form id and version, so an
interview taken on version 1 still opens after version 2 arrives.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import false, select

from desktop.domain.enums import InterviewStatus
from desktop.domain.errors import N_, StateError, ValidationError, ValidationErrors
from desktop.domain.forms import FormDefinition, clean_answers, load_form_file, validate_answers
from desktop.resources import resources_root
from desktop.services.base import Service, get_live
from desktop.store.base import utcnow
from desktop.store.models import IntakeInterview, Participant, ReceivedForm

if TYPE_CHECKING:
    from desktop.store.engine import Database

DEFAULT_FORM_ID = "intake-default"
INTERVIEW_NOT_FOUND = N_("The interview was not found.")


@cache
def available_forms() -> dict[tuple[str, int], FormDefinition]:
    forms: dict[tuple[str, int], FormDefinition] = {}
    for path in sorted((resources_root() / "forms").glob("*/v*.json")):
        form = load_form_file(path)
        forms[(form.form_id, form.version)] = form
    return forms


@cache
def _parsed_received(form_id: str, version: int, text: str) -> FormDefinition | None:
    import json

    try:
        form = FormDefinition.from_dict(json.loads(text))
    except (ValidationError, ValueError):
        return None  # checked when the receipt was applied; never let a bad one stop intake
    return form if (form.form_id, form.version) == (form_id, version) else None


def received_forms(db: Database, form_id: str) -> dict[tuple[str, int], FormDefinition]:
    """Versions of a form the province sent (``received_forms``), parsed once per content."""
    import json

    found: dict[tuple[str, int], FormDefinition] = {}
    with db.read() as session:
        rows = session.execute(
            select(ReceivedForm.version, ReceivedForm.definition).where(
                ReceivedForm.form_id == form_id
            )
        ).all()
    for version, definition in rows:
        text = json.dumps(definition, sort_keys=True, ensure_ascii=False)
        form = _parsed_received(form_id, int(version), text)
        if form is not None:
            found[(form_id, int(version))] = form
    return found


def get_form(
    form_id: str, version: int | None = None, *, db: Database | None = None
) -> FormDefinition:
    """A form definition: the newest version when ``version`` is None.

    With ``db``, versions received from the province count too; a version both bundled and
    received is taken from the app's own files (the same form, already checked at build time).
    """
    forms = dict(available_forms())
    if db is not None:
        for key, received in received_forms(db, form_id).items():
            forms.setdefault(key, received)
    if version is None:
        versions = [v for (fid, v) in forms if fid == form_id]
        if not versions:
            raise ValidationError(N_("The form {form} is not installed."), form=form_id)
        version = max(versions)
    form = forms.get((form_id, version))
    if form is None:
        raise ValidationError(
            N_("Version {version} of the form {form} is not installed."),
            form=form_id,
            version=version,
        )
    return form


class IntakeService(Service):
    def form(self, form_id: str = DEFAULT_FORM_ID, version: int | None = None) -> FormDefinition:
        """A form as this office has it: bundled with the app or received from the province."""
        return get_form(form_id, version, db=self.db)

    def start(
        self,
        participant_id: uuid.UUID | str,
        *,
        form_id: str = DEFAULT_FORM_ID,
        interview_date: date | None = None,
    ) -> IntakeInterview:
        """Open a new draft interview on the newest version of the form."""
        form = self.form(form_id)
        when = interview_date or self.today()
        self._check_date(when)
        with self.write() as session:
            participant = get_live(
                session, Participant, participant_id, N_("The participant was not found.")
            )
            row = IntakeInterview(
                id=uuid.uuid4(),
                participant_id=participant.id,
                form_id=form.form_id,
                form_version=form.version,
                answers={},
                interviewer_id=self.actor.user_id,
                interview_date=when,
                status=InterviewStatus.DRAFT,
            )
            session.add(row)
        return row

    def save_draft(self, interview_id: uuid.UUID | str, answers: dict[str, Any]) -> IntakeInterview:
        """Keep what was typed so far. Types and bounds are checked; required ones are not."""
        return self._save(interview_id, answers, complete=False)

    def complete(self, interview_id: uuid.UUID | str, answers: dict[str, Any]) -> IntakeInterview:
        """Finish the interview: every required, relevant question must be answered."""
        return self._save(interview_id, answers, complete=True)

    def _save(
        self, interview_id: uuid.UUID | str, answers: dict[str, Any], *, complete: bool
    ) -> IntakeInterview:
        with self.write(audit=complete) as session:
            row = get_live(session, IntakeInterview, interview_id, INTERVIEW_NOT_FOUND)
            if row.status == InterviewStatus.COMPLETE:
                raise StateError(N_("A completed interview cannot be changed."))
            form = self.form(row.form_id, row.form_version)
            problems = validate_answers(form, answers, complete=complete)
            if problems:
                raise ValidationErrors(problems)
            row.answers = clean_answers(form, answers)
            if complete:
                row.status = InterviewStatus.COMPLETE
                row.completed_at = utcnow()
        return row

    def set_date(self, interview_id: uuid.UUID | str, when: date) -> IntakeInterview:
        self._check_date(when)
        with self.write() as session:
            row = get_live(session, IntakeInterview, interview_id, INTERVIEW_NOT_FOUND)
            row.interview_date = when
        return row

    def discard_draft(self, interview_id: uuid.UUID | str) -> None:
        with self.write() as session:
            row = get_live(session, IntakeInterview, interview_id, INTERVIEW_NOT_FOUND)
            if row.status != InterviewStatus.DRAFT:
                raise StateError(N_("Only a draft interview can be discarded."))
            row.deleted = True

    def get(self, interview_id: uuid.UUID | str) -> IntakeInterview:
        with self.db.read() as session:
            return get_live(session, IntakeInterview, interview_id, INTERVIEW_NOT_FOUND)

    def for_participant(self, participant_id: uuid.UUID | str) -> list[IntakeInterview]:
        with self.db.read() as session:
            participant = get_live(
                session, Participant, participant_id, N_("The participant was not found.")
            )
            return list(
                session.scalars(
                    select(IntakeInterview)
                    .where(
                        IntakeInterview.participant_id == participant.id,
                        IntakeInterview.deleted == false(),
                    )
                    .order_by(IntakeInterview.interview_date.desc())
                )
            )

    def _check_date(self, when: date) -> None:
        if when > self.today():
            raise ValidationError(N_("The interview date is in the future."), field="date")
