"""User accounts of the office and signing in."""

from __future__ import annotations

import uuid

from sqlalchemy import false, select

from desktop.domain.collation import sort_key
from desktop.domain.digits import to_ascii_digits
from desktop.domain.enums import UserRole
from desktop.domain.errors import N_, DuplicateError, StateError, ValidationError
from desktop.services.base import Actor, Service
from desktop.services.passwords import hash_password, verify_password
from desktop.services.setup import UserInput, validate_user
from desktop.services.shell_data import WRONG_LOGIN as WRONG_LOGIN
from desktop.store.models import User


class UserService(Service):
    def create(self, data: UserInput) -> User:
        """Add an account. Only an office manager may (the command line acts as the office)."""
        data = validate_user(data)
        with self.write() as session:
            if self.actor.user_id is not None:
                acting = session.get(User, self.actor.user_id)
                if acting is None or acting.role != UserRole.MANAGER or not acting.active:
                    raise StateError(N_("Only the office manager can add user accounts."))
            existing = session.scalar(
                select(User).where(
                    User.username == data.username, User.origin_office == self.actor.office_code
                )
            )
            if existing is not None:
                raise DuplicateError(
                    N_("The user name {username} is taken."),
                    existing_id=str(existing.id),
                    field="username",
                    username=data.username,
                )
            row = User(
                id=uuid.uuid4(),
                username=data.username,
                full_name=data.full_name,
                role=data.role,
                password_hash=hash_password(data.password),
                active=True,
            )
            session.add(row)
        return row

    def users(self) -> list[User]:
        with self.db.read() as session:
            rows = session.scalars(
                select(User).where(
                    User.deleted == false(), User.origin_office == self.actor.office_code
                )
            )
            return sorted(rows, key=lambda user: sort_key(user.full_name))

    def authenticate(self, username: str, password: str) -> Actor:
        """The actor for a correct user name and password; one message for every failure."""
        with self.db.read() as session:
            user = session.scalar(
                select(User).where(
                    User.username == to_ascii_digits(username).strip().lower(),
                    User.origin_office == self.actor.office_code,
                    User.deleted == false(),
                )
            )
        # Hash even for unknown users so timing does not reveal which names exist.
        stored = user.password_hash if user is not None else hash_password("not-a-user")
        if not verify_password(password, stored) or user is None or not user.active:
            raise ValidationError(WRONG_LOGIN, field="password")
        return Actor(office_code=self.actor.office_code, user_id=user.id)
