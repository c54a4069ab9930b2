"""What every service shares: the database and who is acting."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop.domain.errors import NotFoundError
from desktop.services.actor import Actor as Actor  # re-exported: defined SQLAlchemy-free
from desktop.store.base import SyncMixin
from desktop.store.engine import Database

T = TypeVar("T", bound=SyncMixin)


def as_uuid(value: uuid.UUID | str, not_found_msgid: str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFoundError(not_found_msgid) from None


def get_live(session: Session, model: type[T], row_id: uuid.UUID | str, not_found_msgid: str) -> T:
    """The row with this id; NotFoundError(``not_found_msgid``) if missing or tombstoned."""
    row = session.get(model, as_uuid(row_id, not_found_msgid))
    if row is None or row.deleted:
        raise NotFoundError(not_found_msgid)
    return row


class Service:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    @contextmanager
    def write(self, *, audit: bool = True) -> Iterator[Session]:
        """One unit of work on behalf of the actor: all of it commits, or none of it."""
        with self.db.write(
            user_id=self.actor.user_id, office_code=self.actor.office_code, audit=audit
        ) as session:
            yield session

    @staticmethod
    def today() -> date:
        return date.today()
