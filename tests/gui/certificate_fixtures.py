"""Shared set-up for the certificate GUI tests: a finished workshop and issued certificates."""

from __future__ import annotations

from pathlib import Path

from desktop.services.app import Services
from desktop.services.certificates import IssuedCertificate
from tests.certificates.builders import BuiltWorkshop, finished_workshop, person

PEOPLE = (
    person("زهرا", "احمدی", "علی", "0499370899"),
    person("مریم", "رضایی", "حسن"),
    person("فاطمه", "کریمی", "رضا"),
)


def workshop_with_people(services: Services, *, absent: tuple[int, ...] = ()) -> BuiltWorkshop:
    return finished_workshop(services, list(PEOPLE), absent=absent)


def issued(services: Services, tmp_path: Path) -> list[IssuedCertificate]:
    """Certificates for everyone in a finished workshop, oldest serial first."""
    built = workshop_with_people(services)
    result = services.certificates.issue(built.id, tmp_path / "issued" / "all.pdf")
    return sorted(result.issued, key=lambda c: c.serial)
