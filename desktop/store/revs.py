"""The change counter and the audit log, written in the same transaction as the change.

Every flush of a write session gives each new or changed synced row the next value of the
installation's counter (one value per transaction), stamps ``origin_office`` on new rows and
``updated_at`` on all of them, and appends an audit entry with the changed fields. Bulk paths
that bypass the ORM unit of work call :func:`next_rev` and :func:`audit_rows` themselves.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from desktop.store.base import SyncMixin, utcnow
from desktop.store.models import AuditEntry

# Fields that are bookkeeping or derived: never worth an audit line.
_NOT_AUDITED = frozenset(
    {
        "id",
        "rev",
        "updated_at",
        "origin_office",
        "sort_key",
        "neighbourhood_key",
        "duplicate_key",
        "password_hash",
    }
)


class NotInitialisedError(RuntimeError):
    """The database has no current installation: run ``hamyar init`` first."""


def next_rev(session: Session) -> tuple[int, str]:
    """The counter value of the current transaction, and the office code (allocated once)."""
    transaction = session.get_transaction()
    cached = session.info.get("rev_for")
    if cached is not None and cached[0] is transaction:
        return cached[1], cached[2]
    row = session.execute(
        text(
            "UPDATE installations SET last_rev = last_rev + 1 WHERE is_current "
            "RETURNING last_rev, office_code"
        )
    ).one_or_none()
    if row is None:
        raise NotInitialisedError("no current installation")
    rev, office_code = int(row[0]), str(row[1])
    session.info["rev_for"] = (transaction, rev, office_code)
    return rev, office_code


def jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _changes(obj: SyncMixin, *, new: bool) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _NOT_AUDITED:
            continue
        history = state.attrs[key].history
        if new:
            value = getattr(obj, key)
            if value not in (None, "", {}):
                changes[key] = [None, jsonable(value)]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            newer = history.added[0] if history.added else None
            if old != newer:
                changes[key] = [jsonable(old), jsonable(newer)]
    return changes


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, SyncMixin):
            raise RuntimeError("synced rows are never hard-deleted; set deleted=True instead")
    new = [obj for obj in session.new if isinstance(obj, SyncMixin)]
    dirty = [
        obj
        for obj in session.dirty
        if isinstance(obj, SyncMixin) and session.is_modified(obj, include_collections=False)
    ]
    if not new and not dirty:
        return
    rev, office_code = next_rev(session)
    now = utcnow()
    audit = session.info.get("audit", True)
    user_id = session.info.get("user_id")
    for obj, is_new in [(o, True) for o in new] + [(o, False) for o in dirty]:
        if is_new:
            if obj.id is None:
                obj.id = uuid.uuid4()
            if not obj.origin_office:
                obj.origin_office = office_code
            if obj.deleted is None:
                obj.deleted = False
        if audit:
            changes = _changes(obj, new=is_new)
            if is_new or changes:
                action = "create" if is_new else ("delete" if "deleted" in changes else "update")
                session.add(
                    AuditEntry(
                        at=now,
                        user_id=user_id,
                        action=action,
                        entity=obj.__tablename__,  # type: ignore[attr-defined]
                        entity_id=obj.id,
                        changes=changes,
                    )
                )
        obj.rev = rev
        obj.updated_at = now


def audit_rows(
    session: Session, entity: str, ids: Iterable[uuid.UUID], action: str, note: dict[str, Any]
) -> None:
    """Audit entries for rows written in bulk (imports, demo data)."""
    ids = list(ids)
    if not ids:
        return
    user_id = session.info.get("user_id")
    now = utcnow()
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": now,
                "user_id": user_id,
                "action": action,
                "entity": entity,
                "entity_id": row_id,
                "changes": note,
            }
            for row_id in ids
        ],
    )


def install_change_tracking(factory: sessionmaker[Session]) -> None:
    from sqlalchemy import event

    event.listen(factory, "before_flush", _before_flush)
