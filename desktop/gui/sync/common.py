"""What both Sync pages say the same way: table names, numbers, dates and times, sizes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from desktop.domain.digits import format_number
from desktop.domain.errors import N_
from desktop.domain.jalali import format_jalali_moment
from desktop.i18n import _, is_persian

# Synced tables as a person calls them (bundles, receipts and previews count rows by table).
TABLE_LABELS = {
    "holidays": N_("Holidays"),
    "offices": N_("Offices"),
    "participants": N_("Participants"),
    "skills": N_("Skills"),
    "users": N_("User accounts"),
    "intake_interviews": N_("Intake interviews"),
    "skill_criteria": N_("Skill criteria"),
    "workshops": N_("Workshops"),
    "enrolments": N_("Workshop enrolments"),
    "outcomes": N_("Outcomes"),
    "skill_assessments": N_("Skill assessments"),
    "workshop_sessions": N_("Workshop sessions"),
    "attendance": N_("Attendance"),
    "certificates": N_("Certificates"),
    "follow_ups": N_("Follow-ups"),
}


def table_label(name: str) -> str:
    msgid = TABLE_LABELS.get(name)
    return _(msgid) if msgid else name


def number(value: int | float) -> str:
    return format_number(value, persian=is_persian())


def local_time(moment: datetime | str | None) -> str:
    """A stored UTC moment as the person's Jalali date and local time; "—" when there is none."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment.rstrip("Z"))
        except ValueError:
            return str(moment)
    return format_jalali_moment(moment, persian_digits=is_persian())


def size_text(size: int) -> str:
    """Bytes as a person reads them (kB, MB, GB), with the interface's digits."""
    value = float(size)
    for unit in (N_("{size} bytes"), N_("{size} kB"), N_("{size} MB"), N_("{size} GB")):
        if value < 1024 or unit == N_("{size} GB"):
            shown = format_number(
                round(value, 1) if value % 1 else int(value), persian=is_persian()
            )
            return _(unit).format(size=shown)
        value /= 1024
    return str(size)  # unreachable


def short_digest(digest: str) -> str:
    """The first 16 hex digits, in groups of four (enough to compare by eye or by phone)."""
    head = digest[:16].upper()
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def join_list(items: Iterable[str]) -> str:
    """Items separated by the Persian comma in Persian, a comma in English."""
    return ("، " if is_persian() else ", ").join(items)
