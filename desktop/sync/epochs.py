"""Installation epochs: a restored backup or a copied database must never reuse counters.

Counters only matter once they leave the computer in a bundle. So each export rotates an
*epoch token*, stored both in the database (``settings``) and in a marker file in this
computer's data directory (``sync/installations.json``, keyed by installation id). At the next
export the two must agree:

- the database's token is older than the marker's: a backup was restored;
- the marker does not know a token the database has: the file was copied from elsewhere;
- the marker names another database location: the file was copied or moved.

Any of these starts a new installation (``parent_id`` = the old one) whose counter continues
``EPOCH_GAP`` above the old one, so its revisions are above anything the lost copy can have
sent. A false alarm costs only a larger next bundle (the province has the rows already).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.fileio import write_atomic
from desktop.paths import data_dir
from desktop.store.engine import Database
from desktop.store.models import Installation, Setting

EPOCH_GAP = 1_000_000
TOKEN_SETTING = "sync.epoch_token"


def marker_path() -> Path:
    return data_dir() / "sync" / "installations.json"


def database_identity(db: Database) -> str:
    if db.path is not None:
        return str(db.path.resolve())
    from sqlalchemy.engine import make_url

    return make_url(db.url).render_as_string(hide_password=True)


def _read_marker() -> dict[str, Any]:
    path = marker_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def current_installation(session: Session) -> Installation | None:
    return session.scalar(select(Installation).where(Installation.is_current))


@dataclass(frozen=True)
class EpochCheck:
    installation_id: uuid.UUID
    new_epoch: bool
    reason: str = ""


def ensure_epoch(session: Session, db: Database) -> EpochCheck:
    """Start a new epoch when this database is not the copy that made the last bundle.

    Call inside the export's write transaction, before reading anything to export.
    """
    installation = current_installation(session)
    assert installation is not None
    token = session.get(Setting, TOKEN_SETTING)
    entry = _read_marker().get(str(installation.id))
    reason = ""
    if entry is None:
        if token is not None and token.value:
            reason = "copied"
    elif not isinstance(entry, dict) or entry.get("db") != database_identity(db):
        reason = "moved"
    elif token is None or entry.get("token") != token.value:
        reason = "restored"
    if not reason:
        return EpochCheck(installation.id, False)
    successor = Installation(
        id=uuid.uuid4(),
        office_code=installation.office_code,
        is_current=True,
        first_rev=installation.last_rev + EPOCH_GAP,
        last_rev=installation.last_rev + EPOCH_GAP,
        parent_id=installation.id,
        mode=installation.mode,
    )
    installation.is_current = False
    session.flush()
    session.add(successor)
    session.flush()
    return EpochCheck(successor.id, True, reason)


def rotate_token(session: Session) -> str:
    """A fresh token in the database (same transaction as the export's record)."""
    token = uuid.uuid4().hex
    row = session.get(Setting, TOKEN_SETTING)
    if row is None:
        session.add(Setting(key=TOKEN_SETTING, value=token))
    else:
        row.value = token
    return token


def remember_token(db: Database, installation_id: uuid.UUID, token: str) -> None:
    """After the export committed: this computer's marker agrees with the database again."""
    marker = _read_marker()
    marker[str(installation_id)] = {"db": database_identity(db), "token": token}
    path = marker_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(marker, sort_keys=True, indent=1).encode("utf-8")
    write_atomic(path, data)  # owner-only from the start
