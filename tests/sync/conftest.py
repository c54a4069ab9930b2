"""Fixtures for USB sync: a province, offices enrolled with it, and helpers to compare states."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, make_url, select, text

from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.province import ProvinceService, init_province
from desktop.services.setup import UserInput
from desktop.services.sync import OfficeSyncService, initialise_from_enrolment
from desktop.store.base import Base
from desktop.store.engine import Database
from desktop.sync.digest import office_digest

PROVINCE_NAME = "آذربایجان غربی"


@dataclass
class Office:
    code: str
    db: Database
    services: Services
    sync: OfficeSyncService

    def register(self, first: str, last: str, national_id: str = "", **extra: Any) -> uuid.UUID:
        person = self.services.participants.register(
            ParticipantInput(first_name=first, last_name=last, national_id=national_id, **extra)
        )
        return person.id

    def digest(self) -> str:
        with self.db.read() as session:
            return office_digest(session, self.code).digest


@dataclass
class Province:
    db: Database
    service: ProvinceService
    folder: Path

    def enrol(self, code: str, name: str = "دفتر تسهیل‌گری", county: str = "ارومیه") -> Path:
        return self.service.enrol_office(code, name, county, self.folder).path

    def digest(self, code: str) -> str:
        with self.db.read() as session:
            return office_digest(session, code).digest

    def state(self) -> dict[str, Any]:
        """Row counts of every table plus the bundle bookkeeping: equal states = unchanged."""
        return database_state(self.db)


def database_state(db: Database) -> dict[str, Any]:
    with db.read() as session:
        counts: dict[str, Any] = {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }
        counts["max_rev"] = {
            table.name: session.scalar(select(func.max(table.c.rev)))
            for table in Base.metadata.sorted_tables
            if "rev" in table.c
        }
    return counts


def make_office(province: Province, code: str, tmp_path: Path) -> Office:
    enrolment = province.enrol(code)
    db = Database(tmp_path / f"office-{code}.sqlite3")
    actor = initialise_from_enrolment(
        db, enrolment, UserInput(username="manager", full_name="زهرا احمدی", password="s3cret-pass")
    )
    return Office(code, db, Services(db, actor), OfficeSyncService(db))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def province(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Province]:
    """The province database: SQLite, and PostgreSQL when HAMYAR_TEST_PG_URL is set."""
    if request.param == "postgresql":
        yield from _pg_province(tmp_path)
        return
    db = Database(tmp_path / "province.sqlite3")
    init_province(db, PROVINCE_NAME)
    folder = tmp_path / "province-files"
    folder.mkdir(exist_ok=True)
    yield Province(db, ProvinceService(db), folder)
    db.dispose()


@pytest.fixture
def sqlite_province(tmp_path: Path) -> Iterator[Province]:
    """For tests that copy or kill the database file itself."""
    db = Database(tmp_path / "province.sqlite3")
    init_province(db, PROVINCE_NAME)
    folder = tmp_path / "province-files"
    folder.mkdir(exist_ok=True)
    yield Province(db, ProvinceService(db), folder)
    db.dispose()


@pytest.fixture
def office_factory(province: Province, tmp_path: Path) -> Iterator[Callable[[str], Office]]:
    made: list[Office] = []

    def factory(code: str) -> Office:
        office = make_office(province, code, tmp_path)
        made.append(office)
        return office

    yield factory
    for office in made:
        office.db.dispose()


@pytest.fixture
def office(office_factory: Callable[[str], Office]) -> Office:
    return office_factory("URM01")


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir(exist_ok=True)
    return folder


def import_accepting(province: Province, path: Path) -> Any:
    """Import a bundle, pinning a new office key (as a person would after comparing it)."""
    preview = province.service.preview(path)
    return province.service.import_bundle(path, accept_key=preview.key_fingerprint)


# --- PostgreSQL ----------------------------------------------------------------------------------

PG_URL = os.environ.get("HAMYAR_TEST_PG_URL")


@pytest.fixture
def pg_province(tmp_path: Path) -> Iterator[Province]:
    yield from _pg_province(tmp_path)


def _pg_province(tmp_path: Path) -> Iterator[Province]:
    """A province database in a fresh PostgreSQL database (dropped afterwards)."""
    if not PG_URL:
        pytest.skip("HAMYAR_TEST_PG_URL is not set (CI sets it; see .ci/run)")
    from sqlalchemy import create_engine

    name = f"hamyar_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    try:
        init_province(db, PROVINCE_NAME)
        folder = tmp_path / "province-files"
        folder.mkdir(exist_ok=True)
        yield Province(db, ProvinceService(db), folder)
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
