"""Stored UTC moments are shown as the person's local Jalali date and time."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from desktop.domain.jalali import format_jalali_moment


@pytest.fixture
def tehran() -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("time zones cannot be switched on this platform")
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tehran"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_a_late_utc_evening_is_the_next_jalali_day_in_tehran(tehran: None) -> None:
    # 2024-03-20 20:45 UTC is 00:15 on 2024-03-21 in Tehran (+03:30): ۲ فروردین ۱۴۰۳.
    moment = datetime(2024, 3, 20, 20, 45)
    assert format_jalali_moment(moment) == "۱۴۰۳/۰۱/۰۲ ۰۰:۱۵"
    assert format_jalali_moment(moment, persian_digits=False) == "1403/01/02 00:15"
    assert format_jalali_moment(moment.replace(tzinfo=UTC)) == "۱۴۰۳/۰۱/۰۲ ۰۰:۱۵"
