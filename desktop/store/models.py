"""The tables. Synced tables use ``SyncMixin``; local bookkeeping tables do not.

Names follow the domain glossary (``shared/domain.md``). Dates a person chose are ``date``
(Gregorian, shown as Jalali); moments are naive UTC ``datetime``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.enums import (
    AttendanceMark,
    ConsentScope,
    Education,
    EnrolmentStatus,
    FollowUpStatus,
    Gender,
    InterviewStatus,
    MaritalStatus,
    OutcomeKind,
    ParticipantStatus,
    SessionStatus,
    SupportingOrg,
    UserRole,
    WorkshopStatus,
)
from desktop.store.base import Base, SyncMixin, str_enum, utcnow

# --- offices, installations, users ---------------------------------------------------------


class Office(SyncMixin, Base):
    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    county: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(32), default="")


class Installation(Base):
    """One copy of the database on one machine. Local: never synced.

    ``last_rev`` is the change counter. A new installation epoch (a restored backup, a copied
    file) continues from the old counter so revisions are never reused; ``first_rev`` and
    ``parent_id`` record where the epoch began.
    """

    __tablename__ = "installations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    office_code: Mapped[str] = mapped_column(String(16))
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    first_rev: Mapped[int] = mapped_column(Integer, default=0)
    last_rev: Mapped[int] = mapped_column(Integer, default=0)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    mode: Mapped[str] = mapped_column(String(16), default="office")


class User(SyncMixin, Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("origin_office", "username"),)

    username: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[UserRole] = mapped_column(str_enum(UserRole, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# --- participants --------------------------------------------------------------------------


class Participant(SyncMixin, Base):
    __tablename__ = "participants"
    __table_args__ = (
        CheckConstraint("household_size IS NULL OR household_size >= 1", name="household_size"),
        CheckConstraint("dependants IS NULL OR dependants >= 0", name="dependants"),
    )

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    father_name: Mapped[str] = mapped_column(String(100), default="")
    national_id: Mapped[str | None] = mapped_column(String(10), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[Gender] = mapped_column(str_enum(Gender, "gender"), default=Gender.FEMALE)
    mobile: Mapped[str | None] = mapped_column(String(11))
    neighbourhood: Mapped[str] = mapped_column(String(100), default="", index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    head_of_household: Mapped[bool] = mapped_column(Boolean, default=False)
    household_size: Mapped[int | None] = mapped_column(Integer)
    dependants: Mapped[int | None] = mapped_column(Integer)
    marital_status: Mapped[MaritalStatus | None] = mapped_column(
        str_enum(MaritalStatus, "marital_status")
    )
    education: Mapped[Education | None] = mapped_column(str_enum(Education, "education"))
    disability: Mapped[str] = mapped_column(String(200), default="")
    supporting_org: Mapped[SupportingOrg | None] = mapped_column(
        str_enum(SupportingOrg, "supporting_org")
    )
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_scope: Mapped[ConsentScope | None] = mapped_column(
        str_enum(ConsentScope, "consent_scope")
    )
    registered_on: Mapped[date] = mapped_column(Date, index=True)
    # No index on status or head_of_household: too few distinct values to help, and an index
    # there tempts the planner away from the search-term and sort indexes.
    status: Mapped[ParticipantStatus] = mapped_column(
        str_enum(ParticipantStatus, "participant_status"), default=ParticipantStatus.ACTIVE
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    # Derived keys, rebuilt on every write by the registry service:
    sort_key: Mapped[str] = mapped_column(String(300), index=True)
    neighbourhood_key: Mapped[str] = mapped_column(String(100), default="", index=True)
    duplicate_key: Mapped[str] = mapped_column(String(300), index=True)


class ParticipantSearchTerm(Base):
    """Normalised search terms of a participant (derived, local). Prefix search on ``term``."""

    __tablename__ = "participant_search_terms"

    __table_args__ = (
        # Probing one person's terms (broad searches walk people in sort order).
        Index("ix_participant_search_terms_participant_term", "participant_id", "term"),
    )

    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )


# --- intake interviews -----------------------------------------------------------------------


class IntakeInterview(SyncMixin, Base):
    __tablename__ = "intake_interviews"

    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    interviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    interview_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[InterviewStatus] = mapped_column(
        str_enum(InterviewStatus, "interview_status"), default=InterviewStatus.DRAFT
    )
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)


# --- skills and assessments ------------------------------------------------------------------


class Skill(SyncMixin, Base):
    """A trade of the skill taxonomy (reference data; ids are derived from the code)."""

    __tablename__ = "skills"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[str] = mapped_column(String(64))
    name_fa: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SkillCriterion(SyncMixin, Base):
    """One rubric criterion of a skill, scored on the level scale, with a weight."""

    __tablename__ = "skill_criteria"
    __table_args__ = (
        UniqueConstraint("skill_id", "code"),
        CheckConstraint("weight > 0", name="weight_positive"),
    )

    skill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skills.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name_fa: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SkillAssessment(SyncMixin, Base):
    __tablename__ = "skill_assessments"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 5", name="level_scale"),)

    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    skill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skills.id"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    rubric_scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    assessor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    assessed_on: Mapped[date] = mapped_column(Date)
    workshop_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workshops.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


# --- workshops, sessions, enrolment, attendance ---------------------------------------------


class Workshop(SyncMixin, Base):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint(
            "min_attendance_share IS NOT NULL OR min_level IS NOT NULL", name="completion_rule"
        ),
    )

    title: Mapped[str] = mapped_column(String(300))
    skill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skills.id"), index=True)
    partner_org: Mapped[str] = mapped_column(String(200), default="")
    trainer: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    planned_hours: Mapped[float] = mapped_column(Float)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    min_attendance_share: Mapped[float | None] = mapped_column(Float)
    min_level: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[WorkshopStatus] = mapped_column(
        str_enum(WorkshopStatus, "workshop_status"), default=WorkshopStatus.PLANNED, index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")


class WorkshopSession(SyncMixin, Base):
    __tablename__ = "workshop_sessions"
    __table_args__ = (CheckConstraint("hours > 0", name="hours_positive"),)

    workshop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workshops.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    session_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[str] = mapped_column(String(5), default="09:00")
    hours: Mapped[float] = mapped_column(Float)
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus, "session_status"), default=SessionStatus.SCHEDULED
    )
    note: Mapped[str] = mapped_column(Text, default="")


class Holiday(SyncMixin, Base):
    """An official holiday entered by the office; schedules skip it."""

    __tablename__ = "holidays"

    holiday_date: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))


class Enrolment(SyncMixin, Base):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("workshop_id", "participant_id"),)

    workshop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workshops.id"), index=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    status: Mapped[EnrolmentStatus] = mapped_column(str_enum(EnrolmentStatus, "enrolment_status"))
    # Queue order: enrolment order for the enrolled, waiting order for the waiting list. An integer
    # (max + 1 per workshop) because clock ticks are too coarse to order a batch.
    queue_position: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdraw_reason: Mapped[str] = mapped_column(Text, default="")


class Attendance(SyncMixin, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "enrolment_id"),)

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workshop_sessions.id"), index=True)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolments.id"), index=True)
    mark: Mapped[AttendanceMark] = mapped_column(str_enum(AttendanceMark, "attendance_mark"))


# --- certificates ----------------------------------------------------------------------------


class Certificate(SyncMixin, Base):
    __tablename__ = "certificates"

    serial: Mapped[str] = mapped_column(String(32), unique=True)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolments.id"), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    template: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[str] = mapped_column(Text, default="")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    reprints: Mapped[int] = mapped_column(Integer, default=0)


class SerialCounter(Base):
    """Last certificate sequence number per Jalali year (local; serials are never reused)."""

    __tablename__ = "serial_counters"

    office_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    jalali_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)


# --- outcomes and follow-ups -----------------------------------------------------------------


class Outcome(SyncMixin, Base):
    __tablename__ = "outcomes"
    __table_args__ = (
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_non_negative"),
        CheckConstraint(
            "monthly_income IS NULL OR monthly_income >= 0", name="income_non_negative"
        ),
    )

    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    kind: Mapped[OutcomeKind] = mapped_column(str_enum(OutcomeKind, "outcome_kind"), index=True)
    achieved_on: Mapped[date] = mapped_column(Date, index=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    # Loan amount in tomans (loans only).
    amount: Mapped[int | None] = mapped_column(Integer)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    # Monthly income in tomans, when known.
    monthly_income: Mapped[int | None] = mapped_column(Integer)
    workshop_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workshops.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


class FollowUp(SyncMixin, Base):
    __tablename__ = "follow_ups"
    __table_args__ = (CheckConstraint("months IN (3, 6, 12)", name="months_scale"),)

    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    workshop_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workshops.id"))
    months: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[FollowUpStatus] = mapped_column(
        str_enum(FollowUpStatus, "follow_up_status"), default=FollowUpStatus.DUE, index=True
    )
    done_on: Mapped[date | None] = mapped_column(Date)
    outcome_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("outcomes.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


# --- audit log -------------------------------------------------------------------------------


class AuditEntry(Base):
    """Who changed what and when. Local to the installation; written in the same transaction."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OfficeKey(Base):
    """An office's public signing key known to this installation (the keyring).

    Its own key (``source="own"``, private half in the data directory) from setup; other
    offices' keys arrive with the province's receipts (``source="province"``). Certificates and
    bundles are verified against these. Local reference data, not a synced table.
    """

    __tablename__ = "office_keys"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    office_code: Mapped[str] = mapped_column(String(16), index=True)
    public_key: Mapped[str] = mapped_column(String(64), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="own")
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Who retired it (an office making a new key, a province officer re-pinning); for people.
    retired_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # The office's name and county as the province knows them (receipts' keyring), so another
    # office's Verify dialog can name the office, not just its code.
    office_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    county: Mapped[str] = mapped_column(String(100), default="", server_default="")


class Setting(Base):
    """Local key/value settings of this installation (language, chosen template...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


SYNCED_MODELS: tuple[type[SyncMixin], ...] = (
    Office,
    User,
    Participant,
    IntakeInterview,
    Skill,
    SkillCriterion,
    SkillAssessment,
    Workshop,
    WorkshopSession,
    Holiday,
    Enrolment,
    Attendance,
    Certificate,
    Outcome,
    FollowUp,
)


# --- USB sync bookkeeping (local, never synced; see desktop/sync and docs/bundle-format.md) ----


class ProvinceIdentity(Base):
    """The province's public keys: on a province its own (``is_self``), on an office the
    province it reports to (from the enrolment file). Private halves live in the data dir."""

    __tablename__ = "province_identity"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    signing_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    age_recipient: Mapped[str] = mapped_column(String(100))
    is_self: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncExport(Base):
    """A bundle this office wrote (office side). Not "safe" until a receipt acknowledges it."""

    __tablename__ = "sync_exports"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    install_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    rev_from: Mapped[int] = mapped_column(Integer)
    rev_to: Mapped[int] = mapped_column(Integer)
    row_count: Mapped[int] = mapped_column(Integer)
    payload_digest: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncAck(Base):
    """The highest change counter the province acknowledged, per installation (office side)."""

    __tablename__ = "sync_acks"

    install_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    acked_rev: Mapped[int] = mapped_column(Integer)
    receipt_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncReceipt(Base):
    """A province receipt applied on this office."""

    __tablename__ = "sync_receipts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    province_digest: Mapped[str] = mapped_column(String(64))
    office_digest: Mapped[str] = mapped_column(String(64))
    rejected: Mapped[list[Any]] = mapped_column(JSON, default=list)


class ReceivedForm(Base):
    """An intake form definition delivered by a province receipt (reference data)."""

    __tablename__ = "received_forms"

    form_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CertificateRevocation(Base):
    """A revoked certificate serial from the province's revocation list (reference data)."""

    __tablename__ = "certificate_revocations"

    serial: Mapped[str] = mapped_column(String(32), primary_key=True)
    office_code: Mapped[str] = mapped_column(String(16))
    revoked_at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DuplicateDecision(Base):
    """The province's decision on a suspected cross-office duplicate of one of our people."""

    __tablename__ = "duplicate_decisions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    other_participant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    other_office: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class ProvinceOffice(Base):
    """An enrolled office as the province knows it, with its pinned signing key."""

    __tablename__ = "province_offices"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    county: Mapped[str] = mapped_column(String(100))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    signing_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    pinned_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_bundle_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    last_bundle_at: Mapped[datetime | None] = mapped_column(DateTime)
    receipts_written: Mapped[int] = mapped_column(Integer, default=0)
    # The office's age recipient (receipts are encrypted to it), from its newest bundle (highest
    # rev_to); only bundles signed with the pinned key are accepted, so it is bound to that key.
    age_recipient: Mapped[str | None] = mapped_column(String(100))
    age_recipient_rev: Mapped[int | None] = mapped_column(Integer)
    # Who confirmed the pinned key's fingerprint (first pin or a re-pin after a lost key).
    pinned_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class ProvinceInstall(Base):
    """One installation epoch of an office and the counter the province acknowledges for it."""

    __tablename__ = "province_installs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    office_code: Mapped[str] = mapped_column(String(16), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    first_rev: Mapped[int] = mapped_column(Integer, default=0)
    acked_rev: Mapped[int] = mapped_column(Integer, default=0)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ImportedBundle(Base):
    """A bundle merged into the province database (replays are refused by its id)."""

    __tablename__ = "imported_bundles"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    office_code: Mapped[str] = mapped_column(String(16), index=True)
    install_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    sequence: Mapped[int] = mapped_column(Integer)
    rev_from: Mapped[int] = mapped_column(Integer)
    rev_to: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    payload_digest: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SyncRejectedRow(Base):
    """A row of a bundle the province could not accept, with the reason (goes in the receipt)."""

    __tablename__ = "sync_rejected_rows"
    __table_args__ = (UniqueConstraint("table_name", "row_id", "rev"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_code: Mapped[str] = mapped_column(String(16), index=True)
    bundle_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    rev: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Rows waiting for a parent record that may arrive in another bundle keep their snapshot
    # and are tried again at every later import of the office.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SyncConflict(Base):
    """A version of a row that was not applied because it competes with the stored one."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (UniqueConstraint("table_name", "row_id", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_code: Mapped[str] = mapped_column(String(16), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    rev: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    bundle_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # A person's decision (status "kept" or "taken"): who, when, why, and the version chosen,
    # which travels back to the office in its receipts (the province never edits the row).
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    chosen_digest: Mapped[str | None] = mapped_column(String(64))
    chosen_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DuplicateFlag(Base):
    """Two people from different offices who may be the same person (for review, never merged
    automatically). The id derives from (kind, pair) so any import order gives the same flag."""

    __tablename__ = "duplicate_flags"
    __table_args__ = (UniqueConstraint("kind", "participant_a", "participant_b"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    participant_a: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    participant_b: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    office_a: Mapped[str] = mapped_column(String(16))
    office_b: Mapped[str] = mapped_column(String(16))
    match_key: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="open")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
