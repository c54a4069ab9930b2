"""Province: open a bundle (verify, decrypt), plan the merge (preview), merge in one transaction.

Order of checks, each refusing the whole bundle with a clear message and no change: the file
is whole (ZIP CRC), its format is known, it is for this province, the office is enrolled, the
signature matches the office's pinned key (or the key being pinned now), the payload matches
its signed digest, the bundle was not imported before, the payload decrypts with the province's
identity and matches its signed content digest.

Then every row is validated and classified against what the province holds, comparing the
office's change counter (``rev``) per record, never timestamps:

- new: the province has no row with that id;
- updated: the incoming rev is higher;
- unchanged: same content, or an older rev (a superseded bundle);
- conflict: same rev, different content (a counter reused): the version with the smaller
  digest is kept and the other is queued for a person, whatever order they arrive in;
- rejected: invalid values, another office's row, a rev outside the bundle's range, a unique
  value another record already has. Rows whose parent record is missing are *parked* with their
  snapshot and tried again at every later import of the office (bundles may arrive in any
  order).

Suspected cross-office duplicates (same national ID; same normalised name, father's name and
birth year) are flagged for review, never merged.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyrage
from sqlalchemy import Table, bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session

from desktop.crypto.signing import b64encode, fingerprint
from desktop.domain.errors import N_, render
from desktop.domain.jalali import format_jalali
from desktop.store.base import utcnow
from desktop.store.migrate import SCHEMA_HEAD
from desktop.store.models import (
    DuplicateFlag,
    ImportedBundle,
    OfficeKey,
    ProvinceInstall,
    ProvinceOffice,
    SyncConflict,
    SyncRejectedRow,
)
from desktop.sync.envelope import BUNDLE, SignedFile, read_file
from desktop.sync.errors import (
    CancelledError,
    DamagedFileError,
    FormatError,
    KeyChangedError,
    KeyNotPinnedError,
    NotEnrolledError,
    ReplayError,
    SignatureError,
    SyncError,
    WrongPeerError,
)
from desktop.sync.keyring import PINNED_BEFORE
from desktop.sync.keys import ProvinceKeys
from desktop.sync.rows import (
    CODECS,
    SYNCED_TABLES,
    TABLES_BY_NAME,
    display_params,
    row_digest,
    sha256_hex,
)
from desktop.sync.sealed import gunzip_capped, plaintext_limit, valid_recipient

Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]
_CHUNK = 500
_DUPLICATE_NAMESPACE = uuid.UUID("9a1f3c52-7d7e-4c55-b1a4-1e0c3f6d2b77")
MISSING_PARENT = N_("refers to a {table} record the province does not have")


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _never() -> bool:
    return False


def compact_fingerprint(text: str) -> str:
    return "".join(text.split()).upper()


def _same_fingerprint(given: str | None, fingerprint: str) -> bool:
    """Whether a fingerprint a person typed or confirmed (None: none given) is ``fingerprint``,
    however it is spaced or cased."""
    return given is not None and compact_fingerprint(given) == compact_fingerprint(fingerprint)


@dataclass(frozen=True)
class RejectedRow:
    table: str
    row_id: str
    rev: int
    msgid: str
    params: dict[str, Any]
    parked: bool = False

    @property
    def message(self) -> str:
        return render(self.msgid, display_params(self.params))


@dataclass(frozen=True)
class SuspectedDuplicate:
    kind: str  # "national_id" or "name"
    participant_id: uuid.UUID
    office_code: str
    other_participant_id: uuid.UUID
    other_office: str
    match_key: str


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    rejected: int = 0


@dataclass
class BundlePreview:
    """What importing a bundle would do; pure data for the Sync page and the CLI."""

    path: Path
    bundle_id: uuid.UUID
    office_code: str
    office_name: str
    sequence: int
    install_id: uuid.UUID
    rev_from: int
    rev_to: int
    created_at: str
    key_fingerprint: str
    key_is_new: bool
    tables: dict[str, TableCounts] = field(default_factory=dict)
    duplicates: list[SuspectedDuplicate] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    retried: int = 0
    # The office signs with a new key (it lost the old one): the pinned key it would replace.
    # A person compares ``key_fingerprint`` with the office before accepting it.
    previous_fingerprint: str | None = None

    @property
    def key_changed(self) -> bool:
        return self.previous_fingerprint is not None

    def total(self, attribute: str) -> int:
        return sum(getattr(counts, attribute) for counts in self.tables.values())

    @property
    def new(self) -> int:
        return self.total("new")

    @property
    def updated(self) -> int:
        return self.total("updated")

    @property
    def unchanged(self) -> int:
        return self.total("unchanged")

    @property
    def conflicts(self) -> int:
        return self.total("conflicts")

    @property
    def row_count(self) -> int:
        return sum(
            c.new + c.updated + c.unchanged + c.conflicts + c.rejected for c in self.tables.values()
        )

    def counts_json(self) -> dict[str, Any]:
        return {
            name: {
                "new": c.new,
                "updated": c.updated,
                "unchanged": c.unchanged,
                "conflicts": c.conflicts,
                "rejected": c.rejected,
            }
            for name, c in sorted(self.tables.items())
        }


@dataclass
class OpenedBundle:
    path: Path
    signed: SignedFile
    bundle_id: uuid.UUID
    office_code: str
    sequence: int
    install_id: uuid.UUID
    parent_install_id: uuid.UUID | None
    epoch_first_rev: int
    rev_from: int
    rev_to: int
    created_at: datetime
    signer_key: bytes
    rows: dict[str, list[Any]]
    # The office's age recipient (format 2): receipts to the office are encrypted to it.
    office_recipient: str | None = None
    # Set when the bundle is signed with a new key of the office (its old one was lost) that
    # the person accepts (or, in a preview, may accept): the pinned key it replaces.
    replaces_key: str | None = None
    replaces_fingerprint: str | None = None


def _manifest_value(manifest: dict[str, Any], key: str, kind: type) -> Any:
    value = manifest.get(key)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise DamagedFileError(N_("The bundle's description is incomplete ({field})."), field=key)
    if kind is str and not isinstance(value, str):
        raise DamagedFileError(N_("The bundle's description is incomplete ({field})."), field=key)
    return value


def _uuid(manifest: dict[str, Any], key: str) -> uuid.UUID:
    try:
        return uuid.UUID(_manifest_value(manifest, key, str))
    except ValueError:
        raise DamagedFileError(
            N_("The bundle's description is incomplete ({field})."), field=key
        ) from None


def open_bundle(
    session: Session,
    keys: ProvinceKeys,
    path: Path,
    *,
    accept_key: str | None = None,
    accept_new_key: str | None = None,
    require_pinned: bool = True,
    lock: bool = False,
) -> tuple[OpenedBundle, ProvinceOffice, bool]:
    """Verify and decrypt. Returns the bundle, the office and whether its key is new.

    A bundle signed with another key than the office's pinned one is refused
    (``KeyChangedError``) unless ``accept_new_key`` is that key's fingerprint (a person
    compared it with the office, which made a new key after losing its old one); a preview
    (``require_pinned=False``) shows it with ``replaces_key`` set. A key the office used before
    and the province retired is never accepted again."""
    signed = read_file(Path(path), BUNDLE)
    manifest = signed.manifest
    office_code = _manifest_value(manifest, "office_code", str)
    province_id = _manifest_value(manifest, "province_id", str)
    if province_id != str(keys.province_id):
        raise WrongPeerError(
            N_(
                "This bundle was made for another province, not {province}. Check that the "
                "office was enrolled with this province."
            ),
            province=keys.name,
        )
    query = select(ProvinceOffice).where(ProvinceOffice.code == office_code)
    if lock:
        query = query.with_for_update()
    office = session.scalar(query)
    if office is None:
        raise NotEnrolledError(
            N_("Office {code} is not enrolled in this province; enrol it first."),
            code=office_code,
        )
    signer = signed.signer_key
    signer_b64 = b64encode(signer)
    signer_fingerprint = fingerprint(signer)
    owner = session.scalar(
        select(ProvinceOffice.code).where(
            ProvinceOffice.signing_key == signer_b64, ProvinceOffice.code != office_code
        )
    ) or session.scalar(
        select(OfficeKey.office_code).where(
            OfficeKey.public_key == signer_b64, OfficeKey.office_code != office_code
        )
    )
    if owner is not None:
        raise SignatureError(
            N_(
                "This bundle says it comes from office {code} but is signed with the key of "
                "office {other}. It was not imported."
            ),
            code=office_code,
            other=owner,
        )
    key_is_new = office.signing_key is None
    key_changed = not key_is_new and office.signing_key != signer_b64
    if key_changed:
        retired = session.scalar(
            select(OfficeKey).where(
                OfficeKey.public_key == signer_b64, OfficeKey.office_code == office_code
            )
        )
        if retired is not None:
            raise SignatureError(
                N_(
                    "This bundle of office {code} is signed with a key the office replaced "
                    "({fingerprint}, retired on {date}). It was not imported; ask the office "
                    "for a new bundle, which carries the same records."
                ),
                code=office_code,
                fingerprint=signer_fingerprint,
                date=format_jalali((retired.retired_at or retired.added_at).date()),
            )
    if not signed.signed_by(signer):
        raise SignatureError(
            N_("The bundle's signature is not valid: the file was altered. It was not imported.")
        )
    accepted_change = _same_fingerprint(accept_new_key, signer_fingerprint)
    if key_changed and require_pinned and not accepted_change:
        raise KeyChangedError(
            N_(
                "This bundle of office {code} is signed with a different key ({fingerprint}) "
                "from the one pinned for it ({pinned}). If the office lost its keys and made a "
                "new one, phone the office, compare this fingerprint with the one on its Sync "
                "page, and only if they match import again accepting the new key. Otherwise "
                "the file may be forged. It was not imported."
            ),
            code=office_code,
            fingerprint=signer_fingerprint,
            pinned=office.fingerprint or "",
        )
    accepted = _same_fingerprint(accept_key, signer_fingerprint)
    if key_is_new and require_pinned and not accepted:
        raise KeyNotPinnedError(
            N_(
                "This is the first bundle of office {code}. Its signing key has the "
                "fingerprint {fingerprint}. Confirm it with the office (by phone or on its "
                "Sync page), then import again accepting this key."
            ),
            code=office_code,
            fingerprint=signer_fingerprint,
        )
    if not signed.payload_intact():
        raise DamagedFileError(
            N_("The bundle's data does not match its signed digest: the file is damaged.")
        )
    schema = _manifest_value(manifest, "schema_version", str)
    if not schema.isdigit() or int(schema) > int(SCHEMA_HEAD):
        raise FormatError(
            N_(
                "This bundle comes from a newer version of Hamyar (database {version}). Update "
                "Hamyar on this computer first."
            ),
            version=schema,
        )
    bundle_id = _uuid(manifest, "bundle_id")
    previous = session.get(ImportedBundle, bundle_id)
    if previous is not None:
        raise ReplayError(
            N_(
                "Bundle {sequence} of office {code} was already imported on {date}; nothing "
                "was changed."
            ),
            sequence=previous.sequence,
            code=office_code,
            date=format_jalali(previous.imported_at.date()),
        )
    try:
        compressed = pyrage.decrypt(signed.payload or b"", [keys.identity])
    except pyrage.DecryptError:
        raise WrongPeerError(
            N_("This bundle cannot be opened with this province's key; it was made for another.")
        ) from None
    try:
        plaintext = gunzip_capped(compressed, plaintext_limit(manifest.get("counts")))
        content = manifest.get("content") or {}
        if content.get("sha256") != sha256_hex(plaintext):
            raise ValueError("content digest")
        document = json.loads(plaintext)
        rows = document["rows"]
        if not isinstance(rows, dict) or not all(isinstance(v, list) for v in rows.values()):
            raise ValueError("rows")
        counts = manifest.get("counts") or {}
        if {k: len(v) for k, v in rows.items() if v} != counts:
            raise ValueError("counts")
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        raise DamagedFileError(
            N_("The bundle's data is damaged (it does not match its description).")
        ) from None
    office_recipient = manifest.get("office_recipient")
    if office_recipient is None and signed.manifest.get("format_version", 1) >= 2:
        raise DamagedFileError(
            N_("The bundle's description is incomplete ({field})."), field="office_recipient"
        )
    if office_recipient is not None and not valid_recipient(office_recipient):
        raise DamagedFileError(
            N_("The bundle's description is incomplete ({field})."), field="office_recipient"
        )
    parent = manifest.get("parent_install_id")
    try:
        created_at = datetime.fromisoformat(
            _manifest_value(manifest, "created_at", str).rstrip("Z")
        )
        parent_id = uuid.UUID(parent) if isinstance(parent, str) else None
    except ValueError:
        raise DamagedFileError(
            N_("The bundle's description is incomplete ({field})."), field="created_at"
        ) from None
    opened = OpenedBundle(
        path=Path(path),
        signed=signed,
        bundle_id=bundle_id,
        office_code=office_code,
        sequence=_manifest_value(manifest, "sequence", int),
        install_id=_uuid(manifest, "install_id"),
        parent_install_id=parent_id,
        epoch_first_rev=_manifest_value(manifest, "epoch_first_rev", int),
        rev_from=_manifest_value(manifest, "rev_from", int),
        rev_to=_manifest_value(manifest, "rev_to", int),
        created_at=created_at,
        signer_key=signer,
        rows=rows,
        office_recipient=office_recipient,
        replaces_key=office.signing_key if key_changed else None,
        replaces_fingerprint=office.fingerprint if key_changed else None,
    )
    return opened, office, key_is_new


# --- planning ---------------------------------------------------------------------------------


@dataclass
class _Incoming:
    row_id: uuid.UUID
    values: dict[str, Any]
    digest: str
    rev: int
    snapshot: dict[str, Any]
    retried: bool = False


@dataclass
class MergePlan:
    inserts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    updates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    parked: list[tuple[RejectedRow, dict[str, Any]]] = field(default_factory=list)
    resolved_parked: list[tuple[str, str, int]] = field(default_factory=list)
    duplicates: list[SuspectedDuplicate] = field(default_factory=list)
    counts: dict[str, TableCounts] = field(default_factory=dict)
    retried: int = 0
    # (table, row id, rev) the province holds after the merge: earlier rejections of those
    # versions are settled (removed), so receipts stop reporting rows the province has.
    held: list[tuple[str, str, int]] = field(default_factory=list)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stored(session: Session, table: Table, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    codec = CODECS[table.name]
    found: dict[uuid.UUID, Any] = {}
    for chunk in _chunks(ids):
        for values in session.execute(select(*codec.columns).where(table.c.id.in_(chunk))):
            encoded = codec.encode(values)
            found[uuid.UUID(encoded["id"])] = encoded
    return found


def _existing_ids(session: Session, table: Table, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    wanted = list(ids)
    found: set[uuid.UUID] = set()
    for chunk in _chunks(wanted):
        found.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return found


def _unique_column_sets(table: Table) -> list[tuple[str, ...]]:
    from sqlalchemy import UniqueConstraint

    sets = [
        tuple(column.key for column in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    sets.extend((column.key,) for column in table.columns if column.unique)
    return sorted(set(sets))


def plan_merge(
    session: Session,
    office_code: str,
    rows: dict[str, list[Any]],
    *,
    rev_from: int,
    rev_to: int,
    parked: Sequence[SyncRejectedRow] = (),
    cancelled: Cancelled = _never,
    progress: Progress = _no_progress,
) -> MergePlan:
    """Validate and classify every row against the province database (reads only)."""
    plan = MergePlan()
    accepted: dict[str, dict[uuid.UUID, _Incoming]] = {}

    def reject(where: str, row_id: str, rev: int, msgid: str, /, **params: Any) -> None:
        plan.rejected.append(RejectedRow(where, row_id, rev, msgid, params))
        plan.counts.setdefault(where, TableCounts()).rejected += 1

    for name, table_rows in rows.items():
        codec = CODECS.get(name)
        counts = plan.counts.setdefault(name, TableCounts())
        for raw in table_rows:
            raw_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
            raw_rev = raw.get("rev", 0) if isinstance(raw, dict) else 0
            rev = raw_rev if isinstance(raw_rev, int) and not isinstance(raw_rev, bool) else 0
            if codec is None:
                reject(name, raw_id, rev, N_("unknown table {table}"), table=name)
                continue
            if not isinstance(raw, dict):
                reject(name, raw_id, rev, N_("the row is not a record"))
                continue
            values, rejection = codec.decode(raw)
            if rejection is not None or values is None:
                assert rejection is not None
                reject(name, raw_id, rev, rejection.msgid, **rejection.params)
                continue
            if values["origin_office"] != office_code:
                reject(
                    name,
                    raw_id,
                    rev,
                    N_("the record belongs to office {other}"),
                    other=values["origin_office"],
                )
                continue
            if not rev_from < values["rev"] <= rev_to:
                reject(name, raw_id, rev, N_("its change counter is outside the bundle's range"))
                continue
            bucket = accepted.setdefault(name, {})
            if values["id"] in bucket:
                reject(name, raw_id, rev, N_("the record appears twice in the bundle"))
                continue
            bucket[values["id"]] = _Incoming(
                values["id"], values, row_digest(raw), values["rev"], raw
            )
    # Parked rows of earlier bundles get another chance (their parent may have arrived).
    for parked_row in parked:
        codec = CODECS.get(parked_row.table_name)
        if codec is None or parked_row.snapshot is None:
            continue
        values, rejection = codec.decode(parked_row.snapshot)
        if values is None:
            continue
        bucket = accepted.setdefault(parked_row.table_name, {})
        current = bucket.get(values["id"])
        if current is None or current.rev < values["rev"]:
            bucket[values["id"]] = _Incoming(
                values["id"],
                values,
                row_digest(parked_row.snapshot),
                values["rev"],
                parked_row.snapshot,
                retried=True,
            )
        plan.resolved_parked.append((parked_row.table_name, parked_row.row_id, parked_row.rev))
    if cancelled():
        raise CancelledError(N_("The import was cancelled; nothing was changed."))

    for index, table in enumerate(SYNCED_TABLES):
        progress("validate", index, len(SYNCED_TABLES))
        table_bucket = accepted.get(table.name)
        if not table_bucket:
            continue
        bucket = table_bucket
        counts = plan.counts.setdefault(table.name, TableCounts())
        _check_parents(session, table, bucket, accepted, plan)
        stored = _stored(session, table, list(bucket))
        _check_unique(session, table, bucket, stored, office_code, plan, counts)
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for row_id, incoming in bucket.items():
            if incoming.retried:
                plan.retried += 1
            current = stored.get(row_id)
            if current is None:
                inserts.append(incoming.values)
                counts.new += 1
                plan.held.append((table.name, str(row_id), incoming.rev))
                continue
            if current["origin_office"] != office_code:
                plan.rejected.append(
                    RejectedRow(
                        table.name,
                        str(row_id),
                        incoming.rev,
                        N_("the record belongs to office {other}"),
                        {"other": current["origin_office"]},
                    )
                )
                counts.rejected += 1
                continue
            stored_digest = row_digest(current)
            if stored_digest == incoming.digest or incoming.rev < current["rev"]:
                counts.unchanged += 1
                plan.held.append((table.name, str(row_id), current["rev"]))
                continue
            plan.held.append((table.name, str(row_id), incoming.rev))
            if incoming.rev > current["rev"]:
                updates.append(incoming.values)
                counts.updated += 1
                continue
            # Same counter, different content: keep the smaller digest, queue the other.
            counts.conflicts += 1
            if incoming.digest < stored_digest:
                updates.append(incoming.values)
                loser, loser_digest = current, stored_digest
            else:
                loser, loser_digest = incoming.snapshot, incoming.digest
            plan.conflicts.append(
                {
                    "table_name": table.name,
                    "row_id": row_id,
                    "rev": incoming.rev,
                    "digest": loser_digest,
                    "snapshot": loser,
                }
            )
        if inserts:
            plan.inserts[table.name] = inserts
        if updates:
            plan.updates[table.name] = updates
    progress("validate", len(SYNCED_TABLES), len(SYNCED_TABLES))
    participants = plan.inserts.get("participants", []) + plan.updates.get("participants", [])
    plan.duplicates = find_duplicates(session, office_code, participants)
    return plan


def _check_parents(
    session: Session,
    table: Table,
    bucket: dict[uuid.UUID, _Incoming],
    accepted: dict[str, dict[uuid.UUID, _Incoming]],
    plan: MergePlan,
) -> None:
    """Drop (park) rows whose parent is neither in the province nor accepted in this bundle."""
    for foreign_key in table.foreign_keys:
        column = foreign_key.parent.key
        target = foreign_key.column.table
        if target.name not in TABLES_BY_NAME:
            continue
        in_bundle = accepted.get(target.name, {})
        wanted = {
            incoming.values[column]
            for incoming in bucket.values()
            if incoming.values.get(column) is not None and incoming.values[column] not in in_bundle
        }
        if not wanted:
            continue
        present = _existing_ids(session, target, wanted)
        missing = wanted - present
        if not missing:
            continue
        for row_id in [r for r, i in bucket.items() if i.values.get(column) in missing]:
            incoming = bucket.pop(row_id)
            rejection = RejectedRow(
                table.name, str(row_id), incoming.rev, MISSING_PARENT, {"table": target.name}, True
            )
            plan.parked.append((rejection, incoming.snapshot))
            plan.rejected.append(rejection)
            plan.counts.setdefault(table.name, TableCounts()).rejected += 1


def _will_write(current: dict[str, Any] | None, incoming: _Incoming, office_code: str) -> bool:
    """Whether classifying ``incoming`` against the province's row writes it (see plan_merge)."""
    if current is None:
        return True
    if current["origin_office"] != office_code:
        return False
    stored_digest = row_digest(current)
    if stored_digest == incoming.digest or incoming.rev < current["rev"]:
        return False
    return incoming.rev > current["rev"] or incoming.digest < stored_digest


def _check_unique(
    session: Session,
    table: Table,
    bucket: dict[uuid.UUID, _Incoming],
    stored: dict[uuid.UUID, Any],
    office_code: str,
    plan: MergePlan,
    counts: TableCounts,
) -> None:
    # Only versions that will be written can take a unique value; the others (an older
    # version of a row the province has newer) keep the province's values, whatever order
    # the bundles came in.
    writing = {
        row_id
        for row_id, incoming in bucket.items()
        if _will_write(stored.get(row_id), incoming, office_code)
    }
    for columns in _unique_column_sets(table):
        claimed: dict[tuple[Any, ...], uuid.UUID] = {}
        firsts = {bucket[row_id].values[columns[0]] for row_id in writing}
        firsts.discard(None)
        holders = [getattr(table.c, name) for name in columns]
        for chunk in _chunks(sorted(firsts, key=str)):
            for row in session.execute(select(table.c.id, *holders).where(holders[0].in_(chunk))):
                if row[0] not in writing:  # rows updated by this bundle use their new values
                    claimed[tuple(row[1:])] = row[0]
        for row_id in sorted(writing, key=str):
            if row_id not in bucket:
                continue
            incoming = bucket[row_id]
            key = tuple(incoming.values[name] for name in columns)
            if any(part is None for part in key):
                continue
            holder = claimed.get(key)
            if holder is not None and holder != row_id:
                del bucket[row_id]
                plan.rejected.append(
                    RejectedRow(
                        table.name,
                        str(row_id),
                        incoming.rev,
                        N_("another record already has the same {fields}"),
                        {"fields": ", ".join(columns)},
                    )
                )
                counts.rejected += 1
                continue
            claimed[key] = row_id


def flag_id(
    kind: str, first: uuid.UUID, second: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    a, b = sorted((first, second), key=str)
    return uuid.uuid5(_DUPLICATE_NAMESPACE, f"{kind}:{a}:{b}"), a, b


def find_duplicates(
    session: Session, office_code: str, participants: list[dict[str, Any]]
) -> list[SuspectedDuplicate]:
    """People of other offices with the same national ID or the same name key."""
    from desktop.store.models import Participant

    table = Participant.__table__
    found: list[SuspectedDuplicate] = []
    live = [p for p in participants if not p["deleted"]]
    for kind, column, keys in (
        (
            "national_id",
            table.c.national_id,
            {p["national_id"]: p for p in live if p["national_id"]},
        ),
        (
            "name",
            table.c.duplicate_key,
            {
                p["duplicate_key"]: p
                for p in live
                if p["duplicate_key"] and not p["duplicate_key"].endswith("|")
            },
        ),
    ):
        by_key: dict[str, list[dict[str, Any]]] = {}
        for person in live:
            value = person["national_id"] if kind == "national_id" else person["duplicate_key"]
            if value in keys:
                by_key.setdefault(value, []).append(person)
        for chunk in _chunks(sorted(keys)):
            for other_id, other_office, value in session.execute(
                select(table.c.id, table.c.origin_office, column).where(
                    column.in_(chunk),
                    table.c.origin_office != office_code,
                    table.c.deleted.is_(False),
                )
            ):
                for person in by_key.get(value, []):
                    found.append(
                        SuspectedDuplicate(
                            kind, person["id"], office_code, other_id, other_office, value
                        )
                    )
    found.sort(key=lambda d: (d.kind, str(d.participant_id), str(d.other_participant_id)))
    return found


# --- writing ------------------------------------------------------------------------------------


def apply_plan(session: Session, office_code: str, bundle_id: uuid.UUID, plan: MergePlan) -> None:
    """Write the plan (inside the caller's transaction)."""
    for table in SYNCED_TABLES:
        updates = plan.updates.get(table.name)
        if updates:
            codec = CODECS[table.name]
            names = [name for name in codec.names if name != "id"]
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values({name: bindparam(f"b_{name}") for name in names})
            )
            session.execute(
                statement,
                [{f"b_{name}": values[name] for name in [*names, "id"]} for values in updates],
            )
        inserts = plan.inserts.get(table.name)
        if inserts:
            session.execute(insert(table), inserts)
    for table_name, row_id, rev in plan.resolved_parked:
        session.execute(
            delete(SyncRejectedRow).where(
                SyncRejectedRow.table_name == table_name,
                SyncRejectedRow.row_id == row_id,
                SyncRejectedRow.rev == rev,
            )
        )
    _settle_rejections(session, office_code, plan.held)
    session.flush()
    for rejection in plan.rejected:
        snapshot = next((s for r, s in plan.parked if r is rejection), None)
        exists = session.scalar(
            select(SyncRejectedRow.id).where(
                SyncRejectedRow.table_name == rejection.table,
                SyncRejectedRow.row_id == rejection.row_id,
                SyncRejectedRow.rev == rejection.rev,
            )
        )
        if exists is None:
            session.add(
                SyncRejectedRow(
                    office_code=office_code,
                    bundle_id=bundle_id,
                    table_name=rejection.table,
                    row_id=rejection.row_id,
                    rev=rejection.rev,
                    reason=rejection.msgid,
                    params=rejection.params,
                    snapshot=snapshot,
                )
            )
            session.flush()
    for conflict in plan.conflicts:
        exists = session.scalar(
            select(SyncConflict.id).where(
                SyncConflict.table_name == conflict["table_name"],
                SyncConflict.row_id == conflict["row_id"],
                SyncConflict.digest == conflict["digest"],
            )
        )
        if exists is None:
            session.add(SyncConflict(office_code=office_code, bundle_id=bundle_id, **conflict))
            session.flush()
    for duplicate in plan.duplicates:
        identifier, a, b = flag_id(
            duplicate.kind, duplicate.participant_id, duplicate.other_participant_id
        )
        if session.get(DuplicateFlag, identifier) is None:
            first_office = (
                duplicate.office_code if a == duplicate.participant_id else duplicate.other_office
            )
            second_office = (
                duplicate.other_office if a == duplicate.participant_id else duplicate.office_code
            )
            session.add(
                DuplicateFlag(
                    id=identifier,
                    kind=duplicate.kind,
                    participant_a=a,
                    participant_b=b,
                    office_a=first_office,
                    office_b=second_office,
                    match_key=duplicate.match_key[:300],
                )
            )
            session.flush()


def _settle_rejections(
    session: Session, office_code: str, held: Sequence[tuple[str, str, int]]
) -> None:
    """Remove rejections of versions no newer than what the province now holds."""
    if not held:
        return
    held_revs = {(table_name, row_id): rev for table_name, row_id, rev in held}
    settled = [
        identifier
        for identifier, table_name, row_id, rev in session.execute(
            select(
                SyncRejectedRow.id,
                SyncRejectedRow.table_name,
                SyncRejectedRow.row_id,
                SyncRejectedRow.rev,
            ).where(SyncRejectedRow.office_code == office_code)
        )
        if rev <= held_revs.get((table_name, row_id), -1)
    ]
    for chunk in _chunks(settled):
        session.execute(delete(SyncRejectedRow).where(SyncRejectedRow.id.in_(chunk)))


def record_bundle(
    session: Session,
    opened: OpenedBundle,
    office: ProvinceOffice,
    preview: BundlePreview,
    accepted_by: str = "",
) -> None:
    now = utcnow()
    repinned = opened.replaces_key is not None
    if repinned:
        # The office lost its key and a person compared the new one: the old key stays in the
        # keyring as retired (certificates it signed keep verifying, and receipts deliver it
        # to every office), and is never accepted for a bundle again.
        session.add(
            OfficeKey(
                office_code=office.code,
                public_key=opened.replaces_key,
                fingerprint=opened.replaces_fingerprint or "",
                source=PINNED_BEFORE,
                added_at=office.pinned_at or now,
                retired_at=now,
                retired_by=accepted_by[:120],
                office_name=office.name,
                county=office.county,
            )
        )
        office.signing_key = None  # the unique key column: retire before pinning the new one
        session.flush()
    if office.signing_key is None:
        office.signing_key = b64encode(opened.signer_key)
        office.fingerprint = fingerprint(opened.signer_key)
        office.pinned_at = now
        office.pinned_by = accepted_by[:120]
    # The recipient is covered by the signature of the pinned key (checked in open_bundle), so
    # a bundle can only change it with that key. The newest state (highest counter) wins, so a
    # late-arriving older bundle does not bring back a recipient the office replaced. A new key
    # always brings a new recipient (the old identity was lost with the old key).
    if opened.office_recipient is not None and (
        repinned or office.age_recipient_rev is None or opened.rev_to >= office.age_recipient_rev
    ):
        office.age_recipient = opened.office_recipient
        office.age_recipient_rev = opened.rev_to
    if office.last_bundle_at is None or opened.created_at >= office.last_bundle_at:
        office.last_bundle_at = opened.created_at
        office.last_bundle_id = opened.bundle_id
    install = session.get(ProvinceInstall, opened.install_id)
    if install is None:
        session.add(
            ProvinceInstall(
                id=opened.install_id,
                office_code=opened.office_code,
                parent_id=opened.parent_install_id,
                first_rev=opened.epoch_first_rev,
                acked_rev=opened.rev_to,
                last_sequence=opened.sequence,
                first_seen_at=now,
            )
        )
    else:
        install.acked_rev = max(install.acked_rev, opened.rev_to)
        install.last_sequence = max(install.last_sequence, opened.sequence)
    session.add(
        ImportedBundle(
            id=opened.bundle_id,
            office_code=opened.office_code,
            install_id=opened.install_id,
            sequence=opened.sequence,
            rev_from=opened.rev_from,
            rev_to=opened.rev_to,
            created_at=opened.created_at,
            imported_at=now,
            payload_digest=sha256_hex(opened.signed.payload or b""),
            counts=preview.counts_json(),
        )
    )
    session.flush()


def make_preview(
    opened: OpenedBundle, office: ProvinceOffice, key_is_new: bool, plan: MergePlan
) -> BundlePreview:
    return BundlePreview(
        path=opened.path,
        bundle_id=opened.bundle_id,
        office_code=opened.office_code,
        office_name=office.name,
        sequence=opened.sequence,
        install_id=opened.install_id,
        rev_from=opened.rev_from,
        rev_to=opened.rev_to,
        created_at=opened.created_at.isoformat(),
        key_fingerprint=fingerprint(opened.signer_key),
        key_is_new=key_is_new,
        tables={name: counts for name, counts in sorted(plan.counts.items()) if _any(counts)},
        duplicates=plan.duplicates,
        rejected=plan.rejected,
        retried=plan.retried,
        previous_fingerprint=opened.replaces_fingerprint,
    )


def _any(counts: TableCounts) -> bool:
    return bool(
        counts.new or counts.updated or counts.unchanged or counts.conflicts or counts.rejected
    )


def parked_rows(session: Session, office_code: str) -> list[SyncRejectedRow]:
    return list(
        session.scalars(
            select(SyncRejectedRow).where(
                SyncRejectedRow.office_code == office_code,
                SyncRejectedRow.snapshot.is_not(None),
            )
        )
    )


def preview_bundle(
    session: Session,
    keys: ProvinceKeys,
    path: Path,
    *,
    progress: Progress = _no_progress,
    cancelled: Cancelled = _never,
) -> BundlePreview:
    """Everything an import would do, without changing anything (a new key is allowed)."""
    opened, office, key_is_new = open_bundle(session, keys, path, require_pinned=False)
    plan = plan_merge(
        session,
        opened.office_code,
        opened.rows,
        rev_from=opened.rev_from,
        rev_to=opened.rev_to,
        parked=parked_rows(session, opened.office_code),
        cancelled=cancelled,
        progress=progress,
    )
    return make_preview(opened, office, key_is_new, plan)


# Any constant: the key of the PostgreSQL advisory lock that serialises imports.
_IMPORT_LOCK = 0x48616D_79_6172


def one_province_writer_at_a_time(session: Session) -> None:
    """Serialise imports and receipts on PostgreSQL, as SQLite's write lock does.

    Under READ COMMITTED, two imports running at once (two officers, one database) would each
    plan without seeing the other's rows: duplicates across their offices would go unflagged
    and unique values unchecked; two receipts for one office could take the same sequence
    number. The lock is held until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _IMPORT_LOCK})


def import_bundle(
    session: Session,
    keys: ProvinceKeys,
    path: Path,
    *,
    accept_key: str | None = None,
    accept_new_key: str | None = None,
    accepted_by: str = "",
    progress: Progress = _no_progress,
    cancelled: Cancelled = _never,
) -> BundlePreview:
    """Verify, plan and merge one bundle inside the caller's (single) transaction.

    ``accept_key``: the fingerprint of an office's first key, confirmed by a person;
    ``accept_new_key``: the fingerprint of an office's replacement key (its old one was lost),
    confirmed the same way; ``accepted_by``: who confirmed (kept with the pinned key)."""
    progress("verify", 0, 1)
    one_province_writer_at_a_time(session)
    opened, office, key_is_new = open_bundle(
        session,
        keys,
        path,
        accept_key=accept_key,
        accept_new_key=accept_new_key,
        require_pinned=True,
        lock=True,
    )
    progress("verify", 1, 1)
    plan = plan_merge(
        session,
        opened.office_code,
        opened.rows,
        rev_from=opened.rev_from,
        rev_to=opened.rev_to,
        parked=parked_rows(session, opened.office_code),
        cancelled=cancelled,
        progress=progress,
    )
    preview = make_preview(opened, office, key_is_new, plan)
    if cancelled():
        raise CancelledError(N_("The import was cancelled; nothing was changed."))
    progress("merge", 0, 1)
    try:
        apply_plan(session, opened.office_code, opened.bundle_id, plan)
        record_bundle(session, opened, office, preview, accepted_by)
    except Exception as error:  # an integrity error the checks did not foresee
        from sqlalchemy.exc import DBAPIError

        if isinstance(error, DBAPIError):
            raise SyncError(
                N_("The province database refused the bundle ({reason}); nothing was changed."),
                reason=str(error.orig),
            ) from error
        raise
    progress("merge", 1, 1)
    return preview
