"""The province's side of USB sync: set-up, enrolling offices, importing bundles, receipts.

Every method returns plain data and raises ``DomainError`` subclasses with Persian messages, so
the province's Sync page and the command line show the same thing. Long steps (preview, import)
take ``progress(stage, done, total)`` and ``cancelled() -> bool`` callables; they run on a worker
thread in the GUI.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.errors import N_, DomainError, NotFoundError, StateError, ValidationError
from desktop.domain.text import normalise_input
from desktop.services.setup import normalise_office_code
from desktop.services.taxonomy import PROVINCE_ORIGIN, seed_taxonomy
from desktop.store import migrate
from desktop.store.base import utcnow
from desktop.store.engine import Database
from desktop.store.models import (
    DuplicateFlag,
    ImportedBundle,
    Installation,
    OfficeKey,
    ProvinceInstall,
    ProvinceOffice,
    SyncConflict,
    SyncRejectedRow,
)
from desktop.sync.digest import office_digest
from desktop.sync.enrolment import make_enrolment
from desktop.sync.envelope import write_atomically
from desktop.sync.errors import NotEnrolledError, SyncError
from desktop.sync.keys import ProvinceKeys, create_province_keys, load_province_keys
from desktop.sync.merge import BundlePreview, import_bundle, preview_bundle
from desktop.sync.receipts import RECEIPT_SUFFIX, ReceiptSummary, build_receipt
from desktop.sync.rows import CODECS, row_digest

Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]
ENROLMENT_SUFFIX = ".hamyar-enrolment"
DUPLICATE_DECISIONS = ("same_person", "different_people")
# A conflict's decision: the version the province holds is right, or the queued one is.
KEEP_CURRENT = "keep_current"
TAKE_QUEUED = "take_queued"
CONFLICT_DECISIONS = (KEEP_CURRENT, TAKE_QUEUED)
# What a decided conflict's status says (``open`` until then).
CONFLICT_STATUS = {KEEP_CURRENT: "kept", TAKE_QUEUED: "taken"}


@dataclass(frozen=True)
class ProvinceInfo:
    province_id: uuid.UUID
    name: str
    fingerprint: str
    age_recipient: str


@dataclass(frozen=True)
class EnrolmentWritten:
    path: Path
    office_code: str
    office_name: str
    county: str
    province_fingerprint: str


@dataclass(frozen=True)
class OfficeStatus:
    """One office as the province sees it (``province status``)."""

    code: str
    name: str
    county: str
    fingerprint: str | None
    pinned_at: datetime | None
    last_bundle_id: uuid.UUID | None
    last_bundle_at: datetime | None
    bundles: int
    acked: dict[str, int]
    counts: dict[str, int]
    digest: str
    open_conflicts: int
    open_duplicates: int
    rejected_rows: int
    # The office's age recipient (from its newest bundle); None: no receipt can be written yet.
    age_recipient: str | None = None
    # Who confirmed the pinned key's fingerprint ("" when unknown or not pinned yet).
    pinned_by: str = ""
    # Keys the office had before (lost and replaced); kept so what they signed still verifies.
    retired_keys: int = 0

    @property
    def receipt_key_known(self) -> bool:
        """Whether a receipt can be encrypted to the office (its recipient came with a bundle)."""
        return self.age_recipient is not None

    @property
    def acked_rev(self) -> int:
        return max(self.acked.values(), default=0)

    def as_json(self) -> dict[str, Any]:
        return {
            "office_code": self.code,
            "name": self.name,
            "county": self.county,
            "key_fingerprint": self.fingerprint,
            "pinned_at": self.pinned_at.isoformat() if self.pinned_at else None,
            "last_bundle_id": str(self.last_bundle_id) if self.last_bundle_id else None,
            "last_bundle_at": self.last_bundle_at.isoformat() if self.last_bundle_at else None,
            "bundles": self.bundles,
            "acknowledged": self.acked,
            "acknowledged_rev": self.acked_rev,
            "rows": self.counts,
            "digest": self.digest,
            "open_conflicts": self.open_conflicts,
            "open_duplicates": self.open_duplicates,
            "rejected_rows": self.rejected_rows,
            "age_recipient": self.age_recipient,
            "receipt_key_known": self.receipt_key_known,
            "pinned_by": self.pinned_by,
            "retired_keys": self.retired_keys,
        }


@dataclass(frozen=True)
class ImportOutcome:
    """One file of a multi-file import: its preview when merged, or why it was refused."""

    path: Path
    preview: BundlePreview | None
    error: DomainError | None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ConflictItem:
    """A queued version of a row (``snapshot``) beside the version the province holds
    (``current``, None when the province no longer has that row at the same change)."""

    id: int
    office_code: str
    table: str
    row_id: uuid.UUID
    rev: int
    snapshot: dict[str, Any]
    created_at: datetime
    current: dict[str, Any] | None = None
    status: str = "open"
    decided_at: datetime | None = None
    decided_by: str = ""
    note: str = ""

    @property
    def changed_fields(self) -> list[str]:
        """Fields whose values differ between the held and the queued version."""
        if self.current is None:
            return []
        ignored = {"id", "rev", "origin_office", "updated_at"}
        names = sorted((set(self.snapshot) | set(self.current)) - ignored)
        return [n for n in names if self.snapshot.get(n) != self.current.get(n)]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "office_code": self.office_code,
            "table": self.table,
            "row_id": str(self.row_id),
            "rev": self.rev,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "changed_fields": self.changed_fields,
            "held": self.current,
            "queued": self.snapshot,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "decided_by": self.decided_by,
            "note": self.note,
        }


@dataclass(frozen=True)
class DuplicateFlagItem:
    id: uuid.UUID
    kind: str
    participant_a: uuid.UUID
    office_a: str
    participant_b: uuid.UUID
    office_b: str
    match_key: str
    status: str
    note: str
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "kind": self.kind,
            "participant_a": str(self.participant_a),
            "office_a": self.office_a,
            "participant_b": str(self.participant_b),
            "office_b": self.office_b,
            "match_key": self.match_key,
            "status": self.status,
            "note": self.note,
            "created_at": self.created_at.isoformat(),
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "decided_by": self.decided_by,
        }


def init_province(db: Database, name: str) -> ProvinceInfo:
    """Create a province database: schema, installation, taxonomy and the province's keys."""
    clean = normalise_input(name)
    if not clean:
        raise ValidationError(N_("Enter the province."), field="province")
    migrate.upgrade(db)
    with db.write(office_code=PROVINCE_ORIGIN) as session:
        existing = session.scalar(select(Installation).where(Installation.is_current))
        if existing is not None:
            if existing.mode == "province":
                raise StateError(N_("This database is already a province database."))
            raise StateError(
                N_("This database is already set up for office {code}."),
                code=existing.office_code,
            )
        session.add(
            Installation(
                id=uuid.uuid4(), office_code=PROVINCE_ORIGIN, is_current=True, mode="province"
            )
        )
        session.flush()
        seed_taxonomy(session)
        keys = create_province_keys(session, clean)
    return ProvinceInfo(keys.province_id, keys.name, keys.signing.fingerprint, keys.recipient)


def is_province(db: Database) -> bool:
    if migrate.current_revision(db) is None:
        return False
    with db.read() as session:
        mode = session.scalar(select(Installation.mode).where(Installation.is_current))
    return mode == "province"


class ProvinceService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def open(self) -> ProvinceInfo:
        """Migrate if needed and check this is a province database with its keys."""
        migrate.upgrade(self.db)
        with self.db.read() as session:
            keys = self._keys(session)
        return ProvinceInfo(keys.province_id, keys.name, keys.signing.fingerprint, keys.recipient)

    @staticmethod
    def _keys(session: Session) -> ProvinceKeys:
        mode = session.scalar(select(Installation.mode).where(Installation.is_current))
        if mode != "province":
            raise NotEnrolledError(
                N_("This database is not a province database; run `hamyar province init` first.")
            )
        return load_province_keys(session)

    # --- offices -----------------------------------------------------------------------------

    def enrol_office(self, code: str, name: str, county: str, out: Path) -> EnrolmentWritten:
        """Record the office and write its enrolment file (to ``out``, a file or a folder)."""
        office_code = normalise_office_code(code)
        office_name = normalise_input(name)
        county_name = normalise_input(county)
        if not office_name:
            raise ValidationError(N_("Enter the office name."), field="office_name")
        if not county_name:
            raise ValidationError(N_("Enter the county."), field="county")
        out = Path(out)
        path = out / f"enrolment-{office_code}{ENROLMENT_SUFFIX}" if out.is_dir() else out
        if not path.parent.is_dir():
            raise SyncError(N_("The folder {path} does not exist."), path=str(path.parent))
        with self.db.write() as session:
            keys = self._keys(session)
            office = session.get(ProvinceOffice, office_code)
            if office is None:
                session.add(
                    ProvinceOffice(
                        code=office_code, name=office_name, county=county_name, enrolled_at=utcnow()
                    )
                )
            else:
                office.name, office.county = office_name, county_name
            data = make_enrolment(
                keys, office_code=office_code, office_name=office_name, county=county_name
            )
            try:
                write_atomically(path, data)
            except OSError as error:
                raise SyncError(
                    N_("The file {path} cannot be written: {reason}"),
                    path=str(path),
                    reason=error.strerror or str(error),
                ) from None
        return EnrolmentWritten(
            path, office_code, office_name, county_name, keys.signing.fingerprint
        )

    # --- bundles -----------------------------------------------------------------------------

    def preview(
        self,
        path: Path,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> BundlePreview:
        """What importing ``path`` would do; changes nothing. A first bundle's key is shown
        (``key_is_new``, ``key_fingerprint``) for the person to confirm."""
        with self.db.read() as session:
            keys = self._keys(session)
            return preview_bundle(
                session,
                keys,
                Path(path),
                progress=progress or _no_progress,
                cancelled=cancelled or _never,
            )

    def import_bundle(
        self,
        path: Path,
        *,
        accept_key: str | None = None,
        accept_new_key: str | None = None,
        accepted_by: str = "",
        user_id: uuid.UUID | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> BundlePreview:
        """Verify and merge one bundle in one transaction; refusals change nothing.

        ``accept_key`` pins an office's first key; ``accept_new_key`` re-pins an office that
        lost its key and made a new one (the old key stays in the keyring, retired). Both are
        fingerprints a person compared with the office; who did is recorded
        (``accepted_by``, or the signed-in user ``user_id``)."""
        with self.db.write() as session:
            keys = self._keys(session)
            who = normalise_input(accepted_by) or _user_name(session, user_id)
            return import_bundle(
                session,
                keys,
                Path(path),
                accept_key=accept_key,
                accept_new_key=accept_new_key,
                accepted_by=who,
                progress=progress or _no_progress,
                cancelled=cancelled or _never,
            )

    def import_bundles(
        self,
        paths: Sequence[Path],
        *,
        accept_keys: Mapping[str, str] | Sequence[str] = (),
        accept_new_keys: Mapping[str, str] | Sequence[str] = (),
        accepted_by: str = "",
        user_id: uuid.UUID | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> list[ImportOutcome]:
        """Each file on its own (one transaction each): a refused file does not stop the rest.

        ``accept_keys``: first keys' fingerprints the person confirmed (a list, or office code →
        fingerprint); ``accept_new_keys``: the same for offices that replaced a lost key.
        """
        fingerprints = _fingerprints(accept_keys)
        new_fingerprints = _fingerprints(accept_new_keys)
        outcomes: list[ImportOutcome] = []
        for index, path in enumerate(paths):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress("files", index, len(paths))
            outcome = self._import_one(
                Path(path),
                fingerprints,
                new_fingerprints,
                (accepted_by, user_id),
                progress,
                cancelled,
            )
            outcomes.append(outcome)
        if progress is not None:
            progress("files", len(outcomes), len(paths))
        return outcomes

    def _import_one(
        self,
        path: Path,
        fingerprints: list[str],
        new_fingerprints: list[str],
        who: tuple[str, uuid.UUID | None],
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> ImportOutcome:
        from desktop.sync.errors import KeyChangedError, KeyNotPinnedError
        from desktop.sync.merge import compact_fingerprint

        accept: str | None = None
        accept_new: str | None = None
        accepted_by, user_id = who
        try:
            return ImportOutcome(
                path, self.import_bundle(path, progress=progress, cancelled=cancelled), None
            )
        except KeyNotPinnedError as error:
            wanted = compact_fingerprint(error.fingerprint)
            accept = next((f for f in fingerprints if compact_fingerprint(f) == wanted), None)
            if accept is None:
                return ImportOutcome(path, None, error)
        except KeyChangedError as error:
            wanted = compact_fingerprint(error.fingerprint)
            accept_new = next(
                (f for f in new_fingerprints if compact_fingerprint(f) == wanted), None
            )
            if accept_new is None:
                return ImportOutcome(path, None, error)
        except DomainError as error:
            return ImportOutcome(path, None, error)
        try:
            preview = self.import_bundle(
                path,
                accept_key=accept,
                accept_new_key=accept_new,
                accepted_by=accepted_by,
                user_id=user_id,
                progress=progress,
                cancelled=cancelled,
            )
        except DomainError as error:
            return ImportOutcome(path, None, error)
        return ImportOutcome(path, preview, None)

    # --- status and receipts ----------------------------------------------------------------

    def status(self) -> list[OfficeStatus]:
        with self.db.read() as session:
            self._keys(session)
            result = []
            for office in session.scalars(select(ProvinceOffice).order_by(ProvinceOffice.code)):
                result.append(self._office_status(session, office))
            return result

    def office_status(self, code: str) -> OfficeStatus:
        with self.db.read() as session:
            self._keys(session)
            office = session.get(ProvinceOffice, normalise_office_code(code))
            if office is None:
                raise NotFoundError(
                    N_("Office {code} is not enrolled in this province; enrol it first."), code=code
                )
            return self._office_status(session, office)

    @staticmethod
    def _office_status(session: Session, office: ProvinceOffice) -> OfficeStatus:
        held = office_digest(session, office.code)

        def count(model: Any, *conditions: Any) -> int:
            return int(
                session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
            )

        return OfficeStatus(
            code=office.code,
            name=office.name,
            county=office.county,
            fingerprint=office.fingerprint,
            pinned_at=office.pinned_at,
            last_bundle_id=office.last_bundle_id,
            last_bundle_at=office.last_bundle_at,
            bundles=count(ImportedBundle, ImportedBundle.office_code == office.code),
            acked={
                str(install.id): install.acked_rev
                for install in session.scalars(
                    select(ProvinceInstall)
                    .where(ProvinceInstall.office_code == office.code)
                    .order_by(ProvinceInstall.first_rev)
                )
            },
            counts=held.counts,
            digest=held.digest,
            open_conflicts=count(
                SyncConflict, SyncConflict.office_code == office.code, SyncConflict.status == "open"
            ),
            open_duplicates=count(
                DuplicateFlag,
                DuplicateFlag.status == "open",
                (DuplicateFlag.office_a == office.code) | (DuplicateFlag.office_b == office.code),
            ),
            rejected_rows=count(SyncRejectedRow, SyncRejectedRow.office_code == office.code),
            age_recipient=office.age_recipient,
            pinned_by=office.pinned_by or "",
            retired_keys=count(
                OfficeKey, OfficeKey.office_code == office.code, OfficeKey.retired_at.is_not(None)
            ),
        )

    def write_receipt(self, office_code: str, to_dir: Path) -> ReceiptSummary:
        """Write a signed receipt for the office into ``to_dir`` (atomically), its contents
        encrypted to the office's age recipient (learnt from the office's bundles)."""
        code = normalise_office_code(office_code)
        to_dir = Path(to_dir)
        if not to_dir.is_dir():
            raise SyncError(N_("The folder {path} does not exist."), path=str(to_dir))
        with self.db.write() as session:
            keys = self._keys(session)
            built = build_receipt(session, keys, code)
            stamp = utcnow().strftime("%Y%m%d-%H%M%S")
            path = to_dir / f"hamyar-{code}-receipt-{built.sequence:05d}-{stamp}{RECEIPT_SUFFIX}"
            try:
                write_atomically(path, built.data)
            except OSError as error:
                raise SyncError(
                    N_("The file {path} cannot be written: {reason}"),
                    path=str(path),
                    reason=error.strerror or str(error),
                ) from None
        return ReceiptSummary(
            path=path,
            receipt_id=built.receipt_id,
            office_code=code,
            sequence=built.sequence,
            acks=built.acks,
            digest=built.digest,
            counts=built.counts,
            rejected=built.rejected,
        )

    # --- review queues ------------------------------------------------------------------------

    def conflicts(self, status: str = "open") -> list[ConflictItem]:
        """Queued conflicts, oldest first: ``open`` (default), ``decided``, ``all`` or a status."""
        with self.db.read() as session:
            query = select(SyncConflict).order_by(SyncConflict.id)
            query = _status_filter(query, SyncConflict.status, status)
            items = []
            for c in session.scalars(query):
                current = _held_version(session, c.table_name, c.row_id)
                items.append(
                    ConflictItem(
                        c.id,
                        c.office_code,
                        c.table_name,
                        c.row_id,
                        c.rev,
                        c.snapshot,
                        c.created_at,
                        current=current,
                        status=c.status,
                        decided_at=c.decided_at,
                        decided_by=c.decided_by,
                        note=c.note,
                    )
                )
            return items

    def decide_conflict(
        self,
        conflict_id: int | str,
        decision: str,
        note: str = "",
        *,
        decided_by: str = "",
        user_id: uuid.UUID | None = None,
    ) -> int:
        """Say which version of a conflicting row is right; returns how many queued versions of
        that row (same change) were settled.

        The province's copy is not touched (the office is the row's only writer, and the merge
        stays a pure function of the versions it has seen). The chosen version travels back in
        the office's next receipts; the office re-saves it as a new change if it holds the
        other one, and that change then reaches the province like any other.
        """
        if decision not in CONFLICT_DECISIONS:
            raise ValidationError(
                N_("Choose which version of the record is right."), field="decision"
            )
        try:
            identifier = int(str(conflict_id))
        except ValueError:
            raise NotFoundError(N_("This conflict does not exist.")) from None
        with self.db.write() as session:
            self._keys(session)
            conflict = session.get(SyncConflict, identifier)
            if conflict is None:
                raise NotFoundError(N_("This conflict does not exist."))
            if conflict.status != "open":
                raise StateError(N_("This conflict was already decided."))
            if decision == TAKE_QUEUED:
                chosen = conflict.snapshot
                chosen_digest = conflict.digest
            else:
                # The version held now; if the office changed the row since, that later change
                # already stands and the office will find nothing to redo.
                held = _held_version(session, conflict.table_name, conflict.row_id)
                if held is None:
                    raise StateError(N_("The province does not hold this record."))
                chosen, chosen_digest = held, row_digest(held)
            who = normalise_input(decided_by) or _user_name(session, user_id)
            now = utcnow()
            settled = list(
                session.scalars(
                    select(SyncConflict).where(
                        SyncConflict.table_name == conflict.table_name,
                        SyncConflict.row_id == conflict.row_id,
                        SyncConflict.rev == conflict.rev,
                        SyncConflict.status == "open",
                    )
                )
            )
            for row in settled:
                row.status = CONFLICT_STATUS[decision] if row.id == conflict.id else "settled"
                row.decided_at = now
                row.decided_by = who[:120]
                row.note = normalise_input(note)
                row.chosen_digest = chosen_digest
                row.chosen_snapshot = chosen
            return len(settled)

    def duplicate_flags(self, status: str = "open") -> list[DuplicateFlagItem]:
        """Suspected duplicates: ``open`` (default), ``decided``, ``all`` or one decision."""
        with self.db.read() as session:
            query = select(DuplicateFlag).order_by(DuplicateFlag.created_at, DuplicateFlag.id)
            query = _status_filter(query, DuplicateFlag.status, status)
            return [
                DuplicateFlagItem(
                    f.id,
                    f.kind,
                    f.participant_a,
                    f.office_a,
                    f.participant_b,
                    f.office_b,
                    f.match_key,
                    f.status,
                    f.note,
                    f.created_at,
                    f.decided_at,
                    f.decided_by,
                )
                for f in session.scalars(query)
            ]

    def decide_duplicate(
        self,
        flag_id: uuid.UUID | str,
        decision: str,
        note: str = "",
        *,
        decided_by: str = "",
        user_id: uuid.UUID | None = None,
    ) -> None:
        """Record a person's decision; it travels to both offices with their next receipts."""
        if decision not in DUPLICATE_DECISIONS:
            raise ValidationError(N_("Choose whether they are the same person."), field="decision")
        try:
            identifier = uuid.UUID(str(flag_id))
        except ValueError:
            raise NotFoundError(N_("This duplicate flag does not exist.")) from None
        with self.db.write() as session:
            flag = session.get(DuplicateFlag, identifier)
            if flag is None:
                raise NotFoundError(N_("This duplicate flag does not exist."))
            flag.status = decision
            flag.note = normalise_input(note)
            flag.decided_at = utcnow()
            flag.decided_by = (normalise_input(decided_by) or _user_name(session, user_id))[:120]


def _fingerprints(keys: Mapping[str, str] | Sequence[str]) -> list[str]:
    return list(keys.values()) if isinstance(keys, Mapping) else list(keys)


def _status_filter(query: Any, column: Any, status: str) -> Any:
    if status == "all":
        return query
    if status == "decided":
        return query.where(column != "open")
    return query.where(column == status)  # "open", or one decision ("same_person", "taken")


def _held_version(session: Session, table_name: str, row_id: uuid.UUID) -> dict[str, Any] | None:
    """The province's row as it travels (the same JSON an office's bundle carries)."""
    codec = CODECS.get(table_name)
    if codec is None:
        return None
    values = session.execute(select(*codec.columns).where(codec.table.c.id == row_id)).one_or_none()
    return None if values is None else codec.encode(values)


def _user_name(session: Session, user_id: uuid.UUID | None) -> str:
    if user_id is None:
        return ""
    from desktop.store.models import User

    user = session.get(User, user_id)
    return "" if user is None else (user.full_name or user.username)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _never() -> bool:
    return False
