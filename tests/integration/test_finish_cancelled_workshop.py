"""A cancelled workshop cannot be finished (reviewer's finding: the service marked people
completed and planned their follow-ups for a cancelled workshop; only the GUI refused)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.domain.enums import EnrolmentStatus
from desktop.domain.errors import StateError
from desktop.services.app import Services
from desktop.store.models import FollowUp
from tests.certificates.builders import finished_workshop, person


def test_finishing_a_cancelled_workshop_is_refused_and_changes_nothing(services: Services) -> None:
    built = finished_workshop(services, [person("زهرا", "احمدی")])
    services.workshops.cancel(built.id)

    with pytest.raises(StateError) as refused:
        services.attendance.finish_workshop(built.id)

    assert refused.value.message == "این کارگاه لغو شده است."
    enrolment = services.attendance.get_enrolment(built.enrolments[built.people[0]])
    assert enrolment.status == EnrolmentStatus.ENROLLED
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(FollowUp)) == 0
