"""Setting up an installation: the office, its first user and the reference data."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.domain.digits import to_ascii_digits
from desktop.domain.enums import UserRole
from desktop.domain.errors import N_, StateError, ValidationError, ValidationErrors
from desktop.domain.text import normalise_input
from desktop.services.base import Actor
from desktop.services.office_keys import create_own_key
from desktop.services.passwords import hash_password
from desktop.services.taxonomy import seed_taxonomy
from desktop.store import migrate
from desktop.store.engine import Database
from desktop.store.models import Installation, Office, User

_OFFICE_CODE = re.compile(r"[A-Z0-9]{2,10}")
_USERNAME = re.compile(r"[a-z0-9_.]{3,32}")
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class OfficeInput:
    code: str
    name: str
    county: str
    province: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class UserInput:
    username: str
    full_name: str
    password: str
    role: UserRole = UserRole.MANAGER


def normalise_office_code(raw: str) -> str:
    code = to_ascii_digits(raw).strip().upper().replace("-", "")
    if not _OFFICE_CODE.fullmatch(code):
        raise ValidationError(
            N_("The office code must be 2 to 10 Latin letters or digits, e.g. URM01."),
            field="office_code",
        )
    return code


def validate_office(data: OfficeInput) -> OfficeInput:
    problems: list[ValidationError] = []
    code = ""
    try:
        code = normalise_office_code(data.code)
    except ValidationError as error:
        problems.append(error)
    texts = {}
    for field, value, msgid in (
        ("office_name", data.name, N_("Enter the office name.")),
        ("county", data.county, N_("Enter the county.")),
        ("province", data.province, N_("Enter the province.")),
    ):
        texts[field] = normalise_input(value)
        if not texts[field]:
            problems.append(ValidationError(msgid, field=field))
    if problems:
        raise ValidationErrors(problems)
    return OfficeInput(
        code=code,
        name=texts["office_name"],
        county=texts["county"],
        province=texts["province"],
        address=normalise_input(data.address),
        phone=to_ascii_digits(data.phone).strip(),
    )


def validate_user(data: UserInput) -> UserInput:
    problems: list[ValidationError] = []
    username = to_ascii_digits(data.username).strip().lower()
    if not _USERNAME.fullmatch(username):
        problems.append(
            ValidationError(
                N_("The user name must be 3 to 32 Latin letters, digits, dots or underscores."),
                field="username",
            )
        )
    full_name = normalise_input(data.full_name)
    if not full_name:
        problems.append(ValidationError(N_("Enter the person's full name."), field="full_name"))
    if len(data.password) < MIN_PASSWORD_LENGTH:
        problems.append(
            ValidationError(
                N_("The password must have at least {count} characters."),
                field="password",
                count=MIN_PASSWORD_LENGTH,
            )
        )
    if problems:
        raise ValidationErrors(problems)
    return UserInput(username=username, full_name=full_name, password=data.password, role=data.role)


def initialise_office(db: Database, office: OfficeInput, manager: UserInput | None = None) -> Actor:
    """Create the schema, the installation, the office (with its signing key), the taxonomy and
    the first user.

    Refuses a database that already belongs to an office. Everything is one transaction.
    """
    office = validate_office(office)
    if manager is not None:
        manager = validate_user(manager)
    migrate.upgrade(db)
    with db.write(office_code=office.code) as session:
        existing = session.scalar(select(Installation).where(Installation.is_current))
        if existing is not None:
            raise StateError(
                N_("This database is already set up for office {code}."), code=existing.office_code
            )
        session.add(Installation(id=uuid.uuid4(), office_code=office.code, is_current=True))
        session.flush()
        session.add(
            Office(
                code=office.code,
                name=office.name,
                county=office.county,
                province=office.province,
                address=office.address,
                phone=office.phone,
            )
        )
        seed_taxonomy(session)
        create_own_key(session, office.code)
        user_id: uuid.UUID | None = None
        if manager is not None:
            user = User(
                id=uuid.uuid4(),
                username=manager.username,
                full_name=manager.full_name,
                role=manager.role,
                password_hash=hash_password(manager.password),
            )
            session.add(user)
            user_id = user.id
    return Actor(office_code=office.code, user_id=user_id)


def is_initialised(db: Database) -> bool:
    if migrate.current_revision(db) is None:
        return False
    with db.read() as session:
        return bool(session.scalar(select(func.count()).where(Installation.is_current)))


def open_database(db: Database) -> Actor:
    """Migrate an existing database (backing it up first) and return the command-line actor."""
    migrate.upgrade(db)
    if db.is_sqlite:
        with db.engine.connect() as connection:
            # Cheap: re-analyses only tables whose statistics are missing or stale.
            connection.exec_driver_sql("PRAGMA optimize")
            connection.commit()
    with db.read() as session:
        code = session.scalar(select(Installation.office_code).where(Installation.is_current))
    if code is None:
        raise StateError(N_("This database is not set up yet; run `hamyar init` first."))
    return Actor(office_code=code)
