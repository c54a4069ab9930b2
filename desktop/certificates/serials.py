"""Certificate serial numbers: office code, Jalali year, per-office sequence.

``URM01-1403-000042``. Office codes are unique in a province (2-10 Latin letters or digits, no
hyphen), so serials never collide between offices without any server. The sequence is counted
per office and Jalali year in ``serial_counters`` and taken in the same write transaction that
inserts the certificate row (SQLite write transactions start with ``BEGIN IMMEDIATE``, so two
issuers on one database queue up instead of taking the same number). A number is never reused:
the counter only grows, and it also never falls below the highest serial already recorded for
that office and year (a counter row lost or edited by hand cannot bring an old number back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.digits import to_ascii_digits
from desktop.domain.jalali import jalali_year
from desktop.store.models import Certificate, SerialCounter

SEQUENCE_DIGITS: Final = 6
_SERIAL: Final = re.compile(r"([A-Z0-9]{2,10})-([0-9]{4})-([0-9]{4,9})")


@dataclass(frozen=True, order=True)
class Serial:
    office_code: str
    jalali_year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.office_code}-{self.jalali_year:04d}-{self.sequence:0{SEQUENCE_DIGITS}d}"


def parse_serial(text: str) -> Serial | None:
    """The parts of a serial typed in any digits and case (None when it is not one)."""
    match = _SERIAL.fullmatch(to_ascii_digits(text).strip().upper())
    if match is None:
        return None
    return Serial(match.group(1), int(match.group(2)), int(match.group(3)))


def allocate_serial(session: Session, office_code: str, issued_on: date) -> Serial:
    """Take the next serial of ``office_code`` for the Jalali year of ``issued_on``.

    Call inside the write transaction that inserts the certificate: if that transaction rolls
    back, the number was never taken.
    """
    year = jalali_year(issued_on)
    counter = session.get(SerialCounter, (office_code, year))
    if counter is None:
        counter = SerialCounter(office_code=office_code, jalali_year=year, last_sequence=0)
        session.add(counter)
    highest = _highest_recorded(session, office_code, year)
    sequence = max(counter.last_sequence, highest) + 1
    counter.last_sequence = sequence
    session.flush()
    return Serial(office_code, year, sequence)


def _highest_recorded(session: Session, office_code: str, year: int) -> int:
    # Sequences are zero-padded to a fixed width, so the largest string is the largest number.
    prefix = f"{office_code}-{year:04d}-"
    top = session.scalar(
        select(func.max(Certificate.serial)).where(
            Certificate.serial.startswith(prefix, autoescape=True)
        )
    )
    parsed = parse_serial(top) if top else None
    return parsed.sequence if parsed is not None else 0
