"""Closed sets of values used by the records, with translatable labels."""

from __future__ import annotations

import enum

from desktop.domain.errors import N_


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry an English msgid for their label."""

    label_msgid: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label_msgid = label
        return member


class Gender(LabelledEnum):
    FEMALE = "female", N_("Female")
    MALE = "male", N_("Male")


class MaritalStatus(LabelledEnum):
    SINGLE = "single", N_("Single")
    MARRIED = "married", N_("Married")
    WIDOWED = "widowed", N_("Widowed")
    DIVORCED = "divorced", N_("Divorced")
    SPOUSE_ABSENT = "spouse_absent", N_("Spouse absent or disabled")


class Education(LabelledEnum):
    ILLITERATE = "illiterate", N_("Cannot read or write")
    LITERACY_MOVEMENT = "literacy", N_("Literacy course")
    PRIMARY = "primary", N_("Primary school")
    LOWER_SECONDARY = "lower_secondary", N_("Lower secondary")
    DIPLOMA = "diploma", N_("High-school diploma")
    ASSOCIATE = "associate", N_("Associate degree")
    BACHELOR = "bachelor", N_("Bachelor's degree")
    POSTGRADUATE = "postgraduate", N_("Master's degree or higher")


class SupportingOrg(LabelledEnum):
    NONE = "none", N_("None")
    WELFARE = "welfare", N_("Welfare Organisation")
    RELIEF_FOUNDATION = "relief", N_("Imam Khomeini Relief Foundation")
    MUNICIPALITY = "municipality", N_("Municipality")
    CHARITY = "charity", N_("Charity or NGO")
    OTHER = "other", N_("Other")


class ConsentScope(LabelledEnum):
    OFFICE = "office", N_("Office use only")
    PROVINCE = "province", N_("Office and provincial office")
    PARTNERS = "partners", N_("Office, province and partner organisations")


class ParticipantStatus(LabelledEnum):
    ACTIVE = "active", N_("Active")
    ARCHIVED = "archived", N_("Archived")


class UserRole(LabelledEnum):
    FACILITATOR = "facilitator", N_("Facilitator")
    MANAGER = "manager", N_("Office manager")


class InterviewStatus(LabelledEnum):
    DRAFT = "draft", N_("Draft")
    COMPLETE = "complete", N_("Complete")


class WorkshopStatus(LabelledEnum):
    PLANNED = "planned", N_("Planned")
    RUNNING = "running", N_("Running")
    FINISHED = "finished", N_("Finished")
    CANCELLED = "cancelled", N_("Cancelled")


class SessionStatus(LabelledEnum):
    SCHEDULED = "scheduled", N_("Scheduled")
    CANCELLED = "cancelled", N_("Cancelled")


class EnrolmentStatus(LabelledEnum):
    ENROLLED = "enrolled", N_("Enrolled")
    WAITING = "waiting", N_("Waiting list")
    WITHDRAWN = "withdrawn", N_("Withdrawn")
    COMPLETED = "completed", N_("Completed")


class AttendanceMark(LabelledEnum):
    PRESENT = "present", N_("Present")
    ABSENT = "absent", N_("Absent")
    EXCUSED = "excused", N_("Excused")
    LATE = "late", N_("Late")


class OutcomeKind(LabelledEnum):
    HOME_BUSINESS_PERMIT = "home_business_permit", N_("Home-business permit")
    COOPERATIVE = "cooperative", N_("Cooperative membership")
    HELPER_GROUP = "helper_group", N_("Helper group")
    LOAN = "loan", N_("Interest-free loan")
    JOB = "job", N_("Job")
    SELF_EMPLOYMENT = "self_employment", N_("Self-employment income")


class FollowUpStatus(LabelledEnum):
    DUE = "due", N_("Due")
    DONE = "done", N_("Done")
    UNREACHABLE = "unreachable", N_("Could not be reached")
