"""Field names of synced rows as people read them (the province's conflict details).

Participants use the registration form's own labels; other tables share a set of common
labels; anything else falls back to the column name, so a new column never breaks the page.
"""

from __future__ import annotations

from desktop.domain.errors import N_, render
from desktop.services.participants import FIELD_LABELS as PARTICIPANT_LABELS

COMMON_LABELS: dict[str, str] = {
    "deleted": N_("Deleted"),
    "notes": N_("Notes"),
    "note": N_("Note"),
    "status": N_("Status"),
    "title": N_("Title"),
    "name": N_("Name"),
    "code": N_("Code"),
    "county": N_("County"),
    "province": N_("Province"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "holiday_date": N_("Date"),
    "username": N_("Username"),
    "full_name": N_("Full name"),
    "role": N_("Role"),
    "active": N_("Active"),
    "participant_id": N_("Participant"),
    "workshop_id": N_("Workshop"),
    "skill_id": N_("Skill"),
    "session_id": N_("Session"),
    "enrolment_id": N_("Enrolment"),
    "outcome_id": N_("Outcome"),
    "interviewer_id": N_("Interviewer"),
    "assessor_id": N_("Assessor"),
    "form_id": N_("Form"),
    "form_version": N_("Form version"),
    "answers": N_("Answers"),
    "interview_date": N_("Interview date"),
    "completed_at": N_("Completed"),
    "partner_org": N_("Partner organisation"),
    "trainer": N_("Trainer"),
    "place": N_("Place"),
    "capacity": N_("Capacity"),
    "planned_hours": N_("Planned hours"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "min_attendance_share": N_("Minimum attendance share"),
    "min_level": N_("Minimum final level"),
    "queue_position": N_("Position on the waiting list"),
    "queued_at": N_("Waiting since"),
    "withdrawn_at": N_("Withdrawn"),
    "withdraw_reason": N_("Reason for withdrawal"),
    "kind": N_("Kind"),
    "achieved_on": N_("Achieved on"),
    "organisation": N_("Organisation"),
    "amount": N_("Amount"),
    "job_title": N_("Job title"),
    "monthly_income": N_("Monthly income"),
    "level": N_("Level"),
    "rubric_scores": N_("Rubric scores"),
    "assessed_on": N_("Assessed on"),
    "number": N_("Number"),
    "session_date": N_("Session date"),
    "start_time": N_("Start time"),
    "hours": N_("Hours"),
    "mark": N_("Mark"),
    "serial": N_("Serial"),
    "issued_on": N_("Issued on"),
    "issued_by": N_("Issued by"),
    "template": N_("Design"),
    "payload": N_("QR code"),
    "revoked_at": N_("Revoked on"),
    "revoke_reason": N_("Reason for revoking"),
    "reprints": N_("Reprints"),
    "months": N_("Months"),
    "due_on": N_("Due on"),
    "done_on": N_("Done on"),
    "name_fa": N_("Persian name"),
    "name_en": N_("English name"),
    "category": N_("Category"),
    "weight": N_("Weight"),
    "position": N_("Position"),
}


def field_label(table: str, name: str) -> str:
    """``name`` of a row of ``table`` in the interface language (the column name if unknown)."""
    if table == "participants" and name in PARTICIPANT_LABELS:
        return render(PARTICIPANT_LABELS[name])
    if name in COMMON_LABELS:
        return render(COMMON_LABELS[name])
    return name
