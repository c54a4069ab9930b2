"""Shared set-up for the Sync page tests: a province and offices enrolled with it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.gui.app import configure_application
from desktop.gui.context import GuiContext
from desktop.gui.sync.demo import OFFICES, DemoOffice, make_office, make_province
from desktop.gui.tasks import TaskRunner
from desktop.services.actor import Actor
from desktop.services.app import Services
from desktop.services.province import ProvinceService
from desktop.store.engine import Database


@dataclass
class ProvinceSetup:
    db: Database
    service: ProvinceService
    path: Path
    folder: Path


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    configure_application(qapp)
    tasks = TaskRunner()
    yield tasks
    tasks.wait()


@pytest.fixture
def province(tmp_path: Path) -> Iterator[ProvinceSetup]:
    path = tmp_path / "province.sqlite3"
    db, service = make_province(path)
    yield ProvinceSetup(db, service, path, tmp_path / "offices")
    db.dispose()


@pytest.fixture
def offices(province: ProvinceSetup) -> Iterator[Callable[[int], DemoOffice]]:
    made: list[DemoOffice] = []

    def factory(which: int) -> DemoOffice:
        office = make_office(province.service, province.folder, *OFFICES[which])
        made.append(office)
        return office

    yield factory
    for office in made:
        office.db.dispose()


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def office_context(office: DemoOffice, runner: TaskRunner) -> GuiContext:
    assert office.db.path is not None
    return GuiContext(office.services, runner, office.db.path)


def province_context(province: ProvinceSetup, runner: TaskRunner) -> GuiContext:
    return GuiContext(Services(province.db, Actor(office_code="PROVINCE")), runner, province.path)
