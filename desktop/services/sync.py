"""The office's side of USB sync: enrolment, bundle export, receipts.

Plain data in and out, ``DomainError`` with Persian messages on refusal; ``export`` takes
``progress(stage, done, total)`` and ``cancelled() -> bool`` and runs on a worker thread in the
GUI. Nothing is marked as safely delivered until a receipt from the province says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.services.base import Actor
from desktop.services.office_keys import (
    own_key_problem,
    own_key_row,
    replace_lost_own_key,
    retired_own_keys,
)
from desktop.services.setup import OfficeInput, UserInput, initialise_office, open_database
from desktop.store.engine import Database
from desktop.store.models import Installation, SyncExport, SyncReceipt, User
from desktop.sync.enrolment import Enrolment, link_to_province, read_enrolment
from desktop.sync.export import ExportResult, PendingRows, export_bundle, pending_rows
from desktop.sync.keys import ProvincePublic, ensure_office_identity, province_link
from desktop.sync.receipts import ReceiptResult, apply_receipt

Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ExportRecord:
    bundle_id: uuid.UUID
    sequence: int
    created_at: datetime
    rev_from: int
    rev_to: int
    row_count: int
    file_name: str
    acknowledged: bool


@dataclass(frozen=True)
class ReceiptRecord:
    receipt_id: uuid.UUID
    sequence: int
    created_at: datetime
    applied_at: datetime
    agrees: bool
    rejected: int


@dataclass(frozen=True)
class SyncOverview:
    """Everything the office's Sync page shows before anything is done."""

    province: ProvincePublic | None
    pending: PendingRows | None
    exports: list[ExportRecord]
    receipts: list[ReceiptRecord]
    # The office's own signing key: the province compares it before pinning the first bundle.
    office_fingerprint: str | None = None
    office_code: str | None = None
    # Why the office cannot sign on this computer (its keys folder is lost or does not match);
    # the Sync page then offers to make a new office key. None: it can sign.
    key_problem: str | None = None
    # The key a lost one was replaced with: the province must compare it before the next bundle.
    replaced_fingerprint: str | None = None
    replaced_at: datetime | None = None

    @property
    def key_missing(self) -> bool:
        return self.key_problem is not None

    @property
    def acked_rev(self) -> int:
        return self.pending.rev_from if self.pending is not None else 0


@dataclass(frozen=True)
class NewOfficeKey:
    """A lost office key replaced: the new fingerprint to read out to the province."""

    office_code: str
    fingerprint: str
    old_fingerprint: str
    retired_at: datetime
    recipient: str


def _user_name(session: Session, user_id: uuid.UUID | None) -> str:
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    return "" if user is None else (user.full_name or user.username)


def read_enrolment_file(path: Path) -> Enrolment:
    """Check an enrolment file and say what it contains (the wizard shows it before set-up)."""
    return read_enrolment(Path(path))


def initialise_from_enrolment(db: Database, path: Path, manager: UserInput | None = None) -> Actor:
    """Set up a new office from the province's enrolment file (office identity and province)."""
    enrolment = read_enrolment(Path(path))
    actor = initialise_office(
        db,
        OfficeInput(
            code=enrolment.office_code,
            name=enrolment.office_name,
            county=enrolment.county,
            province=enrolment.province_name,
        ),
        manager,
    )
    with db.write(office_code=actor.office_code) as session:
        link_to_province(session, enrolment, actor.office_code)
    return actor


class OfficeSyncService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def enrol(self, path: Path) -> Enrolment:
        """Link an office that is already set up to its province (from the enrolment file)."""
        enrolment = read_enrolment(Path(path))
        actor = open_database(self.db)
        with self.db.write(office_code=actor.office_code) as session:
            link_to_province(session, enrolment, actor.office_code)
        return enrolment

    def province(self) -> ProvincePublic | None:
        with self.db.read() as session:
            return province_link(session)

    def pending(self) -> PendingRows:
        """What the next bundle would carry (counts per table, counter range)."""
        return pending_rows(self.db)

    def overview(self) -> SyncOverview:
        province = self.province()
        pending = self.pending() if province is not None else None
        with self.db.read() as session:
            office_code = session.scalar(
                select(Installation.office_code).where(Installation.is_current)
            )
            own = own_key_row(session, office_code) if office_code is not None else None
            problem = (
                own_key_problem(session, office_code)
                if own is not None and office_code is not None
                else None
            )
            retired = retired_own_keys(session, office_code) if office_code is not None else []
            acked_to = pending.rev_from if pending is not None else 0
            exports = [
                ExportRecord(
                    e.id,
                    e.sequence,
                    e.created_at,
                    e.rev_from,
                    e.rev_to,
                    e.row_count,
                    e.file_name,
                    e.rev_to <= acked_to,
                )
                for e in session.scalars(select(SyncExport).order_by(SyncExport.sequence.desc()))
            ]
            receipts = [
                ReceiptRecord(
                    r.id,
                    r.sequence,
                    r.created_at,
                    r.applied_at,
                    r.province_digest == r.office_digest,
                    len(r.rejected),
                )
                for r in session.scalars(select(SyncReceipt).order_by(SyncReceipt.sequence.desc()))
            ]
        return SyncOverview(
            province,
            pending,
            exports,
            receipts,
            office_fingerprint=own.fingerprint if own is not None else None,
            office_code=office_code,
            key_problem=str(problem) if problem is not None else None,
            replaced_fingerprint=retired[0].fingerprint if retired else None,
            replaced_at=retired[0].retired_at if retired else None,
        )

    def export(
        self,
        to_dir: Path,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ExportResult:
        """Write a bundle into ``to_dir`` (e.g. a USB stick), read it back and verify it."""
        open_database(self.db)
        return export_bundle(self.db, Path(to_dir), progress=progress, cancelled=cancelled)

    def new_office_key(self, *, by: str = "", user_id: uuid.UUID | None = None) -> NewOfficeKey:
        """After the keys folder was lost: retire the office's old signing key and make a new
        one (with a new age identity for receipts), in one transaction.

        Certificates issued earlier still verify (the old public key stays in the keyring,
        retired); new certificates and bundles use the new key. The province refuses bundles
        signed with it until a person there compares the new fingerprint with this office's
        and accepts it. Refused while the current key works.
        """
        actor = open_database(self.db)
        with self.db.write(user_id=user_id, office_code=actor.office_code) as session:
            who = by or _user_name(session, user_id)
            replaced = replace_lost_own_key(session, actor.office_code, retired_by=who)
            identity = ensure_office_identity(session, actor.office_code)
        return NewOfficeKey(
            office_code=actor.office_code,
            fingerprint=replaced.key.fingerprint,
            old_fingerprint=replaced.old_fingerprint,
            retired_at=replaced.retired_at,
            recipient=str(identity.to_public()),
        )

    def apply_receipt(self, path: Path) -> ReceiptResult:
        """Verify the province's receipt and apply it all-or-nothing."""
        actor = open_database(self.db)
        with self.db.write(office_code=actor.office_code) as session:
            return apply_receipt(session, Path(path))
