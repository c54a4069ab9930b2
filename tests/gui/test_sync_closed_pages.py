# ruff: noqa: F811 (pytest fixtures imported from sync_fixtures are parameters here)
"""A Sync page closed while its background work runs: the result lands nowhere, quietly."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from pytestqt.qtbot import QtBot

from desktop.gui.sync import office_page, province_page
from desktop.gui.sync.demo import DemoOffice
from desktop.gui.sync.office_page import OfficeSyncPage
from desktop.gui.sync.province_page import ProvinceSyncPage
from desktop.gui.tasks import TaskRunner

from .sync_fixtures import (  # noqa: F401 (fixtures)
    ProvinceSetup,
    office_context,
    offices,
    province,
    province_context,
    runner,
)


def _held(module: Any, name: str, gate: threading.Event) -> Callable[..., Any]:
    real = getattr(module, name)

    def slow(*args: Any) -> Any:
        gate.wait(10)
        return real(*args)

    return slow


def test_office_page_deleted_while_loading(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    monkeypatch: Any,
) -> None:
    gate = threading.Event()
    monkeypatch.setattr(office_page, "load_overview", _held(office_page, "load_overview", gate))
    page = OfficeSyncPage(office_context(offices(0), runner))
    page.refresh()
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page), timeout=5000)
    gate.set()
    assert runner.wait(10000)
    qtbot.wait(200)  # the queued result is delivered: it must not touch the deleted page


def test_province_page_deleted_while_loading(
    qtbot: QtBot, runner: TaskRunner, province: ProvinceSetup, monkeypatch: Any
) -> None:
    gate = threading.Event()
    monkeypatch.setattr(province_page, "load_province", _held(province_page, "load_province", gate))
    page = ProvinceSyncPage(province_context(province, runner))
    page.refresh()
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page), timeout=5000)
    gate.set()
    assert runner.wait(10000)
    qtbot.wait(200)
