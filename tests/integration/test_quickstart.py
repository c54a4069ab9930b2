"""The start-up reads in plain sqlite3 agree with the SQLAlchemy services they stand in for."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.domain.errors import DomainError, NotFoundError, StateError, ValidationError
from desktop.services import quickstart, stats
from desktop.services.actor import Actor
from desktop.services.app import Services
from desktop.services.deferred import DeferredDatabase
from desktop.services.demo import generate_demo
from desktop.services.office import office_details, user_details
from desktop.services.setup import UserInput
from desktop.services.users import WRONG_LOGIN, UserService
from desktop.store import migrate
from desktop.store.engine import Database
from desktop.store.schema_version import newest_revision

from ..conftest import MANAGER, OFFICE

TODAY = date(2025, 5, 14)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One office with realistic data (workshops running, follow-ups due), built once."""
    from desktop.services.setup import initialise_office

    path = tmp_path_factory.mktemp("quick") / "demo.sqlite3"
    db = Database(path)
    actor = initialise_office(db, OFFICE, MANAGER)
    generate_demo(db, actor, participants=150, seed=3, today=TODAY)
    db.dispose()
    yield path


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    db = Database(demo_path)
    yield db
    db.dispose()


def test_the_newest_revision_is_alembics_head(db: Database) -> None:
    assert newest_revision() == migrate.SCHEMA_HEAD == migrate.head_revision(db)


def test_a_set_up_database_is_ready(actor: Actor, db_path: Path) -> None:
    office = quickstart.ready_office(db_path)
    assert office is not None
    assert (office.code, office.name, office.county) == (OFFICE.code, OFFICE.name, OFFICE.county)


def test_a_missing_database_is_not_ready_and_not_created(db_path: Path) -> None:
    assert quickstart.ready_office(db_path) is None
    assert not db_path.exists()
    with pytest.raises(sqlite3.OperationalError):
        quickstart.office_details(db_path)
    assert not db_path.exists()


def test_a_damaged_or_empty_file_is_not_ready(db_path: Path) -> None:
    db_path.write_bytes(b"not a database at all" * 200)
    assert quickstart.ready_office(db_path) is None
    db_path.unlink()
    sqlite3.connect(db_path).close()  # an empty database: no schema
    assert quickstart.ready_office(db_path) is None


def test_a_database_due_for_a_migration_is_not_ready(actor: Actor, db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    assert quickstart.ready_office(db_path) is None


def test_a_province_database_is_not_ready(actor: Actor, db_path: Path) -> None:
    """A province database has its own start (desktop.gui.app takes the full path for it)."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE installations SET mode = 'province'")
    assert quickstart.ready_office(db_path) is None


def test_a_schema_without_an_office_is_not_ready(db: Database, db_path: Path) -> None:
    migrate.upgrade(db)
    assert quickstart.ready_office(db_path) is None
    with pytest.raises(StateError):
        quickstart.office_details(db_path)


def test_office_and_user_details_match_the_services(services: Services, db_path: Path) -> None:
    manager = services.users.authenticate(MANAGER.username, MANAGER.password)
    assert quickstart.office_details(db_path).__dict__ == office_details(services.db).__dict__
    assert quickstart.user_details(db_path, manager).__dict__ == (
        user_details(services.db, manager).__dict__
    )
    assert quickstart.user_details(db_path, manager).is_manager
    with pytest.raises(NotFoundError):
        quickstart.user_details(db_path, Actor(OFFICE.code))  # the command line: no user
    with pytest.raises(NotFoundError):
        quickstart.user_details(db_path, Actor(OFFICE.code, uuid.uuid4()))


def test_signing_in_matches_the_user_service(services: Services, db_path: Path) -> None:
    office_users = UserService(services.db, Actor(office_code=OFFICE.code))
    quick = quickstart.SignIn(db_path, OFFICE.code)
    expected = office_users.authenticate(MANAGER.username, MANAGER.password)
    assert quick.authenticate(MANAGER.username, MANAGER.password) == expected
    # The same forgiving user name: case, spaces, Persian digits.
    services.users.create(UserInput("maryam7", "مریم رضایی", "maryam-pass"))
    assert quick.authenticate("  MARYAM۷ ", "maryam-pass").user_id is not None
    for username, password in (
        (MANAGER.username, "wrong-password"),
        ("nobody", MANAGER.password),
        (MANAGER.username, ""),
    ):
        with pytest.raises(ValidationError) as refused:
            quick.authenticate(username, password)
        assert refused.value.msgid == WRONG_LOGIN == quickstart.WRONG_LOGIN
        with pytest.raises(ValidationError):
            office_users.authenticate(username, password)


def test_an_inactive_or_deleted_user_cannot_sign_in(services: Services, db_path: Path) -> None:
    quick = quickstart.SignIn(db_path, OFFICE.code)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE users SET active = 0")
    with pytest.raises(ValidationError):
        quick.authenticate(MANAGER.username, MANAGER.password)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE users SET active = 1, deleted = 1")
    with pytest.raises(ValidationError):
        quick.authenticate(MANAGER.username, MANAGER.password)
    other_office = quickstart.SignIn(db_path, "OTHER")
    with pytest.raises(DomainError):
        other_office.authenticate(MANAGER.username, MANAGER.password)


@pytest.mark.parametrize("offset", [-400, -60, 0, 30, 200])
def test_the_dashboard_figures_match_the_services(
    demo_db: Database, demo_path: Path, offset: int
) -> None:
    today = TODAY + timedelta(days=offset)
    expected = stats.office_overview(demo_db, today)
    overview, due = quickstart.dashboard(demo_path, today, limit=50)
    assert overview.__dict__ == expected.__dict__
    assert overview == quickstart.office_overview(demo_path, today)
    services = Services(demo_db, Actor(office_code=OFFICE.code))
    rows = services.outcomes.follow_ups_due(today, limit=50)
    assert [(item.participant_id, item.months, item.due_on) for item in due] == [
        (participant.id, follow_up.months, follow_up.due_on) for follow_up, participant in rows
    ]
    assert [item.name for item in due] == [
        f"{participant.first_name} {participant.last_name}" for _, participant in rows
    ]
    assert len(quickstart.follow_ups_due(demo_path, today, limit=5)) == min(5, len(due))


def test_the_demo_has_figures_worth_comparing(demo_path: Path) -> None:
    overview = quickstart.office_overview(demo_path, TODAY)
    assert overview.participants == 150
    assert overview.running_workshops > 0
    assert overview.follow_ups_due > 0
    assert overview.interviews_this_month > 0


def test_a_deferred_database_opens_once_whichever_thread_asks(actor: Actor, db_path: Path) -> None:
    deferred = DeferredDatabase(db_path)
    services = Services(deferred, actor)
    assert not deferred.is_open
    seen: list[Database] = []
    threads = [threading.Thread(target=lambda: seen.append(services.db)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert deferred.is_open and len({id(db) for db in seen}) == 1
    assert services.participants.search("") == []
    deferred.dispose()
    with pytest.raises(RuntimeError):
        deferred.get()
