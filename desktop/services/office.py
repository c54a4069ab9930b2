"""What the application shell shows about the office and the signed-in user.

Plain frozen data, read in one short transaction each; no counting (the dashboard figures live
in :mod:`desktop.services.stats`).
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.domain.errors import NotFoundError, StateError
from desktop.services.base import Actor
from desktop.services.shell_data import NOT_SET_UP as NOT_SET_UP
from desktop.services.shell_data import USER_NOT_FOUND as USER_NOT_FOUND
from desktop.services.shell_data import OfficeDetails as OfficeDetails
from desktop.services.shell_data import UserDetails as UserDetails
from desktop.store.engine import Database
from desktop.store.models import Installation, Office, User


def office_details(db: Database) -> OfficeDetails:
    """The office this installation belongs to; StateError when the database is not set up."""
    with db.read() as session:
        code = session.scalar(select(Installation.office_code).where(Installation.is_current))
        office = session.scalar(select(Office).where(Office.code == code)) if code else None
        if office is None:
            raise StateError(NOT_SET_UP)
        return OfficeDetails(
            code=office.code,
            name=office.name,
            county=office.county,
            province=office.province,
            address=office.address or "",
            phone=office.phone or "",
        )


def user_details(db: Database, actor: Actor) -> UserDetails:
    """The signed-in user of ``actor``; NotFoundError for scripts (no user) or a deleted one."""
    if actor.user_id is None:
        raise NotFoundError(USER_NOT_FOUND)
    with db.read() as session:
        user = session.get(User, actor.user_id)
        if user is None or user.deleted:
            raise NotFoundError(USER_NOT_FOUND)
        return UserDetails(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=user.role,
            active=user.active,
        )
