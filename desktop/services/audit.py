"""Change history from the audit log (who changed what and when)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from desktop.services.base import Service
from desktop.store.models import AuditEntry, User


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    user_name: str
    action: str
    entity: str
    changes: dict[str, Any]


class AuditService(Service):
    def history(self, entity_id: uuid.UUID | str, *, limit: int = 500) -> list[HistoryEntry]:
        key = entity_id if isinstance(entity_id, uuid.UUID) else uuid.UUID(str(entity_id))
        with self.db.read() as session:
            rows = session.execute(
                select(AuditEntry, User.full_name)
                .outerjoin(User, User.id == AuditEntry.user_id)
                .where(AuditEntry.entity_id == key)
                .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                .limit(limit)
            )
            return [
                HistoryEntry(entry.at, name or "", entry.action, entry.entity, entry.changes)
                for entry, name in rows
            ]
