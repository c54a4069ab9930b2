"""Certificate serial numbers: office code, Jalali year, per-office sequence.

``URM01-1403-000042``. Office codes are unique in a province (2-10 Latin letters or digits, no
hyphen), so serials never collide between offices without any server. The sequence is counted
per office and Jalali year in ``serial_counters`` and taken in the same write transaction that
inserts the certificate row (SQLite write transactions start with ``BEGIN IMMEDIATE``, so two
issuers on one database queue up instead of taking the same number). A number is never reused:
the counter only grows, and it also never falls below the highest serial already recorded for
that office and year (a counter row lost or edited by hand cannot bring an old number back).

Certificates leave the office on paper before any bundle does, so a database restored from an
older backup would otherwise hand out numbers already printed. A high-water mark outside the
database (``<data dir>/serials/<office>.json``, per Jalali year) records every number that may
have been handed out: an issuing run reserves its numbers there (written and fsynced once, before
the first is used) and starts above both the database and the mark. A restore, a crash or a
cancelled run leaves a gap in the numbers, never a reuse. (Restoring the data directory together
with the database defeats this, as it would any local record.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.digits import to_ascii_digits
from desktop.domain.jalali import jalali_year
from desktop.fileio import SHARED, write_atomic
from desktop.paths import data_dir
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


@dataclass
class SerialBlock:
    """Numbers one issuing run reserved in the high-water mark, handed out in order.

    ``size`` is how many certificates the run expects; a run that needs more reserves again.
    """

    size: int = 1
    year: int = 0
    next: int = 0
    end: int = -1


def allocate_serial(
    session: Session, office_code: str, issued_on: date, block: SerialBlock | None = None
) -> Serial:
    """Take the next serial of ``office_code`` for the Jalali year of ``issued_on``.

    Call inside the write transaction that inserts the certificate. Pass the same ``block`` for
    every certificate of one run, so the mark outside the database is written once per run.
    """
    year = jalali_year(issued_on)
    block = block if block is not None else SerialBlock()
    counter = session.get(SerialCounter, (office_code, year))
    if counter is None:
        counter = SerialCounter(office_code=office_code, jalali_year=year, last_sequence=0)
        session.add(counter)
    recorded = max(counter.last_sequence, _highest_recorded(session, office_code, year))
    if block.year != year or not recorded < block.next <= block.end:
        marks = _read_marks(office_code)
        start = max(recorded, marks.get(str(year), 0)) + 1
        block.year, block.next, block.end = year, start, start + max(block.size, 1) - 1
        marks[str(year)] = block.end
        _write_marks(office_code, marks)
    sequence = block.next
    block.next += 1
    counter.last_sequence = sequence
    session.flush()
    return Serial(office_code, year, sequence)


def marks_path(office_code: str) -> Path:
    return data_dir() / "serials" / f"{office_code}.json"


def _read_marks(office_code: str) -> dict[str, int]:
    try:
        raw = json.loads(marks_path(office_code).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, int) and not isinstance(v, bool)}


def _write_marks(office_code: str, marks: dict[str, int]) -> None:
    # Atomic and durable, the rename included: a mark that a power cut rolled back could let a
    # restored database hand out numbers already printed.
    write_atomic(marks_path(office_code), json.dumps(marks, sort_keys=True), mode=SHARED)


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
