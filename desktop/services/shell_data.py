"""Plain data and messages the application shell shows, shared by the SQLAlchemy services
(:mod:`~desktop.services.office`, :mod:`~desktop.services.stats`,
:mod:`~desktop.services.users`) and the start-up path that reads with ``sqlite3``
(:mod:`~desktop.services.quickstart`).

It imports no SQLAlchemy, so the start-up path can use it; one definition means one translation
per message and one type whichever path produced the value.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desktop.domain.enums import UserRole
from desktop.domain.errors import N_

WRONG_LOGIN = N_("The user name or password is wrong.")
NOT_SET_UP = N_("This database is not set up yet; run `hamyar init` first.")
USER_NOT_FOUND = N_("The signed-in user no longer exists.")


@dataclass(frozen=True)
class OfficeDetails:
    code: str
    name: str
    county: str
    province: str
    address: str
    phone: str


@dataclass(frozen=True)
class UserDetails:
    id: uuid.UUID
    username: str
    full_name: str
    role: UserRole
    active: bool

    @property
    def is_manager(self) -> bool:
        return self.role == UserRole.MANAGER


@dataclass(frozen=True)
class Overview:
    """The dashboard's figures."""

    office_code: str
    office_name: str
    county: str
    province: str
    participants: int
    interviews_this_month: int
    running_workshops: int
    follow_ups_due: int
