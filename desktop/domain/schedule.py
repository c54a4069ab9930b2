"""Session schedules for workshops: which dates the sessions fall on.

Iran's weekend is Friday: no session is ever planned on a Friday, nor on an official holiday the
office has entered.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from desktop.domain.errors import N_, ValidationError

FRIDAY = 4  # date.weekday()
MAX_SESSIONS = 200


def plan_session_dates(
    start: date, weekdays: Collection[int], count: int, holidays: Collection[date] = ()
) -> list[date]:
    """The first ``count`` dates from ``start`` on that fall on ``weekdays`` (Monday = 0),
    skipping Fridays and ``holidays``."""
    days = {day for day in weekdays if day != FRIDAY}
    if any(not 0 <= day <= 6 for day in weekdays):
        raise ValidationError(N_("Unknown weekday."), field="weekdays")
    if not days:
        raise ValidationError(
            N_("Choose at least one weekday other than Friday."), field="weekdays"
        )
    if not 1 <= count <= MAX_SESSIONS:
        raise ValidationError(
            N_("The number of sessions must be between 1 and {max}."),
            field="sessions",
            max=MAX_SESSIONS,
        )
    blocked = set(holidays)
    dates: list[date] = []
    current = start
    while len(dates) < count:
        if current.weekday() in days and current not in blocked:
            dates.append(current)
        current += timedelta(days=1)
    return dates
