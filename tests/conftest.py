"""Shared fixtures: every test gets its own HAMYAR_HOME and real SQLite files in a temp dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop import i18n
from desktop.services.app import Services
from desktop.services.base import Actor
from desktop.services.setup import OfficeInput, UserInput, initialise_office
from desktop.store.engine import Database

OFFICE = OfficeInput(
    code="URM01",
    name="دفتر تسهیل‌گری محله اسلام‌آباد",
    county="ارومیه",
    province="آذربایجان غربی",
)
MANAGER = UserInput(username="manager", full_name="زهرا احمدی", password="s3cret-pass")


@pytest.fixture(autouse=True)
def hamyar_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("HAMYAR_HOME", str(home))
    monkeypatch.delenv("HAMYAR_DB", raising=False)
    monkeypatch.delenv("HAMYAR_LANG", raising=False)
    i18n.activate("fa")
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "office.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.dispose()


@pytest.fixture
def actor(db: Database) -> Actor:
    return initialise_office(db, OFFICE, MANAGER)


@pytest.fixture
def services(db: Database, actor: Actor) -> Services:
    return Services(db, actor)
