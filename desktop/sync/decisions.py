"""Conflict decisions: the province says which version of a conflicting row is right; the office,
the row's only writer, re-saves that version as a new change of its own.

A conflict is two versions of one row with the same change counter (a database copied or
restored where the installation epochs could not tell). The merge keeps the version with the
smaller digest and queues the other, the same in any order. A person at the province then
chooses; the province's copy is left as the merge made it (so the merge stays a pure function
of the versions seen, and the province never edits an office's rows). The choice travels in the
office's receipts (cumulative, so a lost receipt loses nothing); the office compares:

- its row already has the chosen content, and so does the province → nothing to do;
- its row changed after the conflicting change (higher counter) → that later change stands;
- otherwise it writes the chosen content as a new change (new counter, audit entry), which its
  next bundle carries and every province merge takes as an ordinary update;
- it already has the chosen content but the province holds the other version (the receipt says
  which digest it holds) → it saves the row again unchanged under a new counter, so the next
  bundle carries it too.

A chosen version whose parent record this office does not have, or that would break a unique
value here, is left alone and reported as waiting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.store.base import utcnow
from desktop.store.models import SYNCED_MODELS, SyncConflict
from desktop.store.revs import next_rev
from desktop.sync.rows import CODECS, PRIVATE_COLUMNS, TABLES_BY_NAME, row_digest

DECIDED_STATUSES = ("kept", "taken")
# Columns the office's own bookkeeping sets on every change.
_BOOKKEEPING = frozenset({"id", "rev", "updated_at", "origin_office"})


@dataclass(frozen=True)
class ConflictDecision:
    table: str
    row_id: uuid.UUID
    rev: int
    decision: str
    chosen_digest: str
    chosen: dict[str, Any]
    decided_at: datetime
    decided_by: str
    note: str
    held_digest: str | None = None  # what the province held when it wrote the receipt


@dataclass(frozen=True)
class DecisionsApplied:
    """What the office did with the conflict decisions of one receipt."""

    rewritten: int = 0  # re-saved (with the chosen content) as a new change
    already: int = 0  # already held the chosen content
    superseded: int = 0  # changed again since: the later change stands
    waiting: int = 0  # could not be applied here (missing parent, unique value, unknown row)


def decisions_for_office(session: Session, office_code: str) -> list[dict[str, Any]]:
    """Province side: every decided conflict of the office, as the receipt carries it, with the
    digest of the version the province holds now (the office re-sends the chosen version when
    the province still holds the other one)."""
    decided = []
    for conflict in session.scalars(
        select(SyncConflict)
        .where(
            SyncConflict.office_code == office_code,
            SyncConflict.status.in_(DECIDED_STATUSES),
        )
        .order_by(SyncConflict.table_name, SyncConflict.row_id, SyncConflict.rev)
    ):
        if conflict.chosen_snapshot is None or conflict.chosen_digest is None:
            continue
        codec = CODECS.get(conflict.table_name)
        if codec is None:
            continue
        held = session.execute(
            select(*codec.columns).where(codec.table.c.id == conflict.row_id)
        ).one_or_none()
        decided.append(
            {
                "table": conflict.table_name,
                "row_id": str(conflict.row_id),
                "rev": conflict.rev,
                "decision": "take_queued" if conflict.status == "taken" else "keep_current",
                "chosen_digest": conflict.chosen_digest,
                "chosen": conflict.chosen_snapshot,
                "decided_at": (conflict.decided_at or conflict.created_at).isoformat(),
                "decided_by": conflict.decided_by,
                "note": conflict.note,
                "held_digest": None if held is None else row_digest(codec.encode(held)),
            }
        )
    return decided


def parse_decisions(raw: Any, office_code: str) -> list[ConflictDecision]:
    """Office side: check the receipt's list; raises ValueError/KeyError/TypeError if damaged."""
    decisions = []
    for item in raw or []:
        table = str(item["table"])
        chosen = item["chosen"]
        if table not in CODECS or not isinstance(chosen, dict):
            raise ValueError("conflict decision")
        digest = str(item["chosen_digest"])
        if row_digest(chosen) != digest or chosen.get("origin_office") != office_code:
            raise ValueError("conflict decision digest")
        rev = item["rev"]
        if isinstance(rev, bool) or not isinstance(rev, int):
            raise TypeError("rev")
        row_id = uuid.UUID(str(item["row_id"]))
        if str(chosen.get("id")) != str(row_id):
            raise ValueError("conflict decision row")
        decisions.append(
            ConflictDecision(
                table=table,
                row_id=row_id,
                rev=rev,
                decision=str(item["decision"]),
                chosen_digest=digest,
                chosen=chosen,
                decided_at=datetime.fromisoformat(str(item["decided_at"])),
                decided_by=str(item.get("decided_by") or ""),
                note=str(item.get("note") or ""),
                held_digest=str(item["held_digest"]) if item.get("held_digest") else None,
            )
        )
    return decisions


def _parents_present(session: Session, table_name: str, values: dict[str, Any]) -> bool:
    table = TABLES_BY_NAME[table_name]
    for foreign_key in table.foreign_keys:
        value = values.get(foreign_key.parent.key)
        target = foreign_key.column.table
        if value is None or target.name not in TABLES_BY_NAME:
            continue
        if session.scalar(select(target.c.id).where(target.c.id == value)) is None:
            return False
    return True


def apply_decisions(session: Session, decisions: list[ConflictDecision]) -> DecisionsApplied:
    """Office side, inside the receipt's transaction: re-save chosen versions where needed."""
    models = {model.__tablename__: model for model in SYNCED_MODELS}  # type: ignore[attr-defined]
    already = superseded = waiting = rewritten = 0
    to_write: list[tuple[ConflictDecision, dict[str, Any] | None]] = []
    for decision in decisions:
        codec = CODECS[decision.table]
        stored = session.execute(
            select(*codec.columns).where(codec.table.c.id == decision.row_id)
        ).one_or_none()
        if stored is None:
            waiting += 1
            continue
        current = codec.encode(stored)
        if current["rev"] > max(decision.rev, decision.chosen.get("rev", 0)):
            superseded += 1
            continue
        if row_digest(current) == decision.chosen_digest:
            if decision.held_digest in (None, decision.chosen_digest):
                already += 1
            else:
                # This office has the chosen version but the province kept the other one:
                # save it again as a new change so that the next bundle carries it.
                to_write.append((decision, None))
            continue
        values, rejection = codec.decode(decision.chosen)
        if values is None or rejection is not None:
            waiting += 1
            continue
        if not _parents_present(session, decision.table, values):
            waiting += 1
            continue
        to_write.append((decision, values))
    if to_write:
        # Take this transaction's counter now, outside the savepoints below: a savepoint rolled
        # back must not take the counter's increment with it.
        next_rev(session)
    for decision, values in to_write:
        model = models[decision.table]
        mapper = sa_inspect(model)
        codec = CODECS[decision.table]
        private = PRIVATE_COLUMNS.get(decision.table, frozenset())
        row = session.get(model, decision.row_id)
        if row is None:
            waiting += 1
            continue
        try:
            with session.begin_nested():
                if values is None:
                    row.updated_at = utcnow()  # a change with the same content: a new counter
                else:
                    for column in codec.columns:
                        if column.key in _BOOKKEEPING or column.key in private:
                            continue
                        attribute = mapper.get_property_by_column(column).key
                        setattr(row, attribute, values[column.key])
                session.flush()
        except IntegrityError:
            waiting += 1
            continue
        rewritten += 1
    return DecisionsApplied(rewritten, already, superseded, waiting)
