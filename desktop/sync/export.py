"""Office → province: write a bundle of every row above the province's acknowledged counter.

The bundle carries full snapshots of the office's own rows (``origin_office`` = this office;
reference data from the province never goes back) whose ``rev`` is above the highest counter a
province receipt acknowledged for this installation or its ancestors. Nothing is marked as safe
here: only a receipt moves the starting point.
"""

from __future__ import annotations

import contextlib
import gzip
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import __version__
from desktop.domain.errors import N_
from desktop.services.office_keys import load_own_key
from desktop.store.base import utcnow
from desktop.store.engine import Database
from desktop.store.migrate import SCHEMA_HEAD
from desktop.store.models import Installation, SyncAck, SyncExport
from desktop.sync import epochs
from desktop.sync.envelope import BUNDLE, pack, unpack, write_atomically
from desktop.sync.errors import CancelledError, NotEnrolledError, SyncError
from desktop.sync.keys import ProvincePublic, ensure_office_identity, province_link
from desktop.sync.rows import CODECS, SYNCED_TABLES, canonical_json, sha256_hex

# (stage, done, total): stages are "read", "encrypt", "write", "verify".
Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]
BUNDLE_SUFFIX = ".hamyar-bundle"


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _never() -> bool:
    return False


@dataclass(frozen=True)
class PendingRows:
    """What the next bundle would carry (for the Sync page, before exporting)."""

    office_code: str
    province_name: str
    installation_id: uuid.UUID
    rev_from: int
    rev_to: int
    counts: dict[str, int]
    last_export_at: str | None
    last_receipt_rev: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: uuid.UUID
    sequence: int
    office_code: str
    rev_from: int
    rev_to: int
    counts: dict[str, int]
    size_bytes: int
    payload_sha256: str
    new_epoch: bool
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def installation_chain(session: Session, installation: Installation) -> list[uuid.UUID]:
    """This installation and its ancestors (restored or copied databases descend from one)."""
    chain = [installation.id]
    parent = installation.parent_id
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = session.scalar(select(Installation.parent_id).where(Installation.id == parent))
    return chain


def acknowledged_rev(session: Session, chain: list[uuid.UUID]) -> int:
    """Counters grow across epochs, so the highest ack of the chain is the safe start.

    An ack counts only up to what this database itself exported for that installation: after a
    restored backup, the province acknowledges the lost copy's bundles too, whose counters the
    edits made here since the restore (before the next export starts a new epoch) reuse.
    """
    # Result objects have keys(), so dict() needs the rows as a list of pairs.
    acks = dict(
        session.execute(
            select(SyncAck.install_id, SyncAck.acked_rev).where(SyncAck.install_id.in_(chain))
        ).all()
    )
    exported = dict(
        session.execute(
            select(SyncExport.install_id, func.max(SyncExport.rev_to))
            .where(SyncExport.install_id.in_(chain))
            .group_by(SyncExport.install_id)
        ).all()
    )
    return max(
        (min(int(rev), int(exported.get(install_id) or 0)) for install_id, rev in acks.items()),
        default=0,
    )


def _current(session: Session) -> Installation:
    installation = epochs.current_installation(session)
    if installation is None:
        raise NotEnrolledError(N_("This database is not set up yet; run `hamyar init` first."))
    if installation.mode == "province":
        raise NotEnrolledError(N_("A province database does not export bundles."))
    return installation


def _link(session: Session) -> ProvincePublic:
    link = province_link(session)
    if link is None:
        raise NotEnrolledError(
            N_(
                "This office is not enrolled with a province yet. Open the enrolment file the "
                "province gave you (hamyar bundle enrol FILE)."
            )
        )
    return link


def pending_rows(db: Database) -> PendingRows:
    """Counts per table of what an export would carry now."""
    with db.read() as session:
        installation = _current(session)
        link = _link(session)
        chain = installation_chain(session, installation)
        baseline = acknowledged_rev(session, chain)
        counts: dict[str, int] = {}
        for table in SYNCED_TABLES:
            count = session.scalar(
                select(func.count())
                .select_from(table)
                .where(table.c.origin_office == installation.office_code, table.c.rev > baseline)
            )
            if count:
                counts[table.name] = int(count)
        last_export = session.scalar(select(func.max(SyncExport.created_at)))
        return PendingRows(
            office_code=installation.office_code,
            province_name=link.name,
            installation_id=installation.id,
            rev_from=baseline,
            rev_to=installation.last_rev,
            counts=counts,
            last_export_at=last_export.isoformat() if last_export else None,
            last_receipt_rev=baseline,
        )


def read_rows(
    session: Session, office_code: str, baseline: int, cancelled: Cancelled, progress: Progress
) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for index, table in enumerate(SYNCED_TABLES):
        if cancelled():
            raise CancelledError(N_("The export was cancelled; nothing was written."))
        codec = CODECS[table.name]
        result = session.execute(
            select(*codec.columns)
            .where(table.c.origin_office == office_code, table.c.rev > baseline)
            .order_by(table.c.id)
        )
        encode = codec.encode
        rows[table.name] = [encode(values) for values in result]
        progress("read", index + 1, len(SYNCED_TABLES))
    return rows


def bundle_file_name(office_code: str, sequence: int, when: Any) -> str:
    return f"hamyar-{office_code}-{sequence:05d}-{when:%Y%m%d-%H%M%S}{BUNDLE_SUFFIX}"


def export_bundle(
    db: Database,
    to_dir: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write, read back and verify a bundle in ``to_dir``; record it only once verified."""
    report = progress or _no_progress
    is_cancelled = cancelled or _never
    started = time.perf_counter()
    timings: dict[str, float] = {}
    to_dir = Path(to_dir)
    if not to_dir.is_dir():
        raise SyncError(N_("The folder {path} does not exist."), path=str(to_dir))

    # 1. A new epoch if this is not the copy that made the last bundle (own transaction).
    with db.write(audit=False) as session:
        installation = _current(session)
        _link(session)
        # Receipts are encrypted to this identity; its recipient travels in the signed manifest.
        office_recipient = str(
            ensure_office_identity(session, installation.office_code).to_public()
        )
        check = epochs.ensure_epoch(session, db)

    # 2. One consistent snapshot of the rows and the counter.
    with db.read() as session:
        installation = _current(session)
        link = _link(session)
        key = load_own_key(session, installation.office_code)
        assert key is not None
        chain = installation_chain(session, installation)
        baseline = acknowledged_rev(session, chain)
        rev_to = installation.last_rev
        sequence = int(session.scalar(select(func.max(SyncExport.sequence))) or 0) + 1
        rows = read_rows(session, installation.office_code, baseline, is_cancelled, report)
    timings["read"] = time.perf_counter() - started

    # 3. Serialise, compress, encrypt, sign.
    mark = time.perf_counter()
    plaintext = canonical_json({"rows": rows})
    counts = {name: len(table_rows) for name, table_rows in rows.items() if table_rows}
    del rows
    compressed = gzip.compress(plaintext, compresslevel=3, mtime=0)
    content_sha256 = sha256_hex(plaintext)
    del plaintext
    if is_cancelled():
        raise CancelledError(N_("The export was cancelled; nothing was written."))
    report("encrypt", 0, 1)
    payload = pyrage.encrypt(compressed, [x25519.Recipient.from_str(link.age_recipient)])
    report("encrypt", 1, 1)
    timings["encrypt"] = time.perf_counter() - mark
    now = utcnow()
    bundle_id = uuid.uuid4()
    manifest: dict[str, Any] = {
        "bundle_id": str(bundle_id),
        "sequence": sequence,
        "office_code": installation.office_code,
        "install_id": str(installation.id),
        "parent_install_id": str(installation.parent_id) if installation.parent_id else None,
        "epoch_first_rev": installation.first_rev,
        "rev_from": baseline,
        "rev_to": rev_to,
        "created_at": now.isoformat() + "Z",
        "schema_version": SCHEMA_HEAD,
        "app_version": __version__,
        "province_id": str(link.province_id),
        "office_recipient": office_recipient,
        "counts": counts,
        "row_count": sum(counts.values()),
        "content": {"encoding": "age(gzip(json))", "sha256": content_sha256},
    }
    data = pack(BUNDLE, manifest, key, payload)
    if is_cancelled():
        raise CancelledError(N_("The export was cancelled; nothing was written."))

    # 4. Atomic write, then read back what is on the medium and verify it.
    mark = time.perf_counter()
    path = to_dir / bundle_file_name(installation.office_code, sequence, now)
    try:
        write_atomically(path, data, on_progress=lambda done, total: report("write", done, total))
    except OSError as error:
        raise SyncError(
            N_(
                "The bundle could not be written to {path} ({reason}). Nothing was marked as "
                "sent; check the USB stick and export again."
            ),
            path=str(to_dir),
            reason=error.strerror or str(error),
        ) from None
    timings["write"] = time.perf_counter() - mark
    mark = time.perf_counter()
    report("verify", 0, 1)
    try:
        written = unpack(path.read_bytes(), BUNDLE)
        ok = (
            written.manifest.get("bundle_id") == str(bundle_id)
            and written.signed_by(key.public_bytes)
            and written.payload_intact()
            and written.payload == payload
        )
    except (OSError, SyncError):
        ok = False
    if not ok:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        raise SyncError(
            N_(
                "The bundle written to {path} did not read back correctly, so it was removed. "
                "The USB stick may be faulty; try another one."
            ),
            path=str(to_dir),
        )
    report("verify", 1, 1)
    timings["verify"] = time.perf_counter() - mark

    # 5. Record it (not as safe: only a receipt says that) and rotate the epoch token.
    with db.write(audit=False) as session:
        session.add(
            SyncExport(
                id=bundle_id,
                sequence=sequence,
                install_id=installation.id,
                rev_from=baseline,
                rev_to=rev_to,
                row_count=sum(counts.values()),
                payload_digest=sha256_hex(payload),
                file_name=path.name,
                created_at=now,
            )
        )
        token = epochs.rotate_token(session)
    epochs.remember_token(db, installation.id, token)
    return ExportResult(
        path=path,
        bundle_id=bundle_id,
        sequence=sequence,
        office_code=installation.office_code,
        rev_from=baseline,
        rev_to=rev_to,
        counts=counts,
        size_bytes=len(data),
        payload_sha256=sha256_hex(payload),
        new_epoch=check.new_epoch,
        seconds=time.perf_counter() - started,
        timings=timings,
    )
