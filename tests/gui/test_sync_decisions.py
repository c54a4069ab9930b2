# ruff: noqa: F811 (pytest fixtures imported from sync_fixtures are parameters here)
"""Sync pages, finishing touches: the office's own key on its page, cancelling an export, and
deciding a conflict on the province's Review tab."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.gui.sync.demo import DemoOffice
from desktop.gui.sync.office_page import OfficeSyncPage
from desktop.gui.sync.province_page import ProvinceSyncPage
from desktop.gui.tasks import TaskRunner
from desktop.services.sync import OfficeSyncService
from tests.sync.conftest import Office, Province
from tests.sync.test_decisions import make_conflict

from .sync_fixtures import (  # noqa: F401 (fixtures)
    ProvinceSetup,
    office_context,
    offices,
    province,
    province_context,
    runner,
    stick,
)


def open_office_page(qtbot: QtBot, office: DemoOffice, runner: TaskRunner) -> OfficeSyncPage:
    page = OfficeSyncPage(office_context(office, runner))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    return page


def test_the_office_page_shows_its_own_key_as_the_province_pins_it(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
) -> None:
    office = offices(0)
    bundle = office.sync.export(stick)
    page = open_office_page(qtbot, office, runner)
    fingerprint = office.sync.overview().office_fingerprint
    assert fingerprint is not None
    assert page.office_key_label.isVisible()
    assert fingerprint in page.office_key_text()
    # The key-pinning dialog at the province shows the same fingerprint.
    assert province.service.preview(bundle.path).key_fingerprint == fingerprint


def test_cancelling_an_export_writes_nothing_and_says_so(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = offices(0)
    page = open_office_page(qtbot, office, runner)
    page.add_folder(stick)
    before = office.sync.pending()
    # Hold the export on the worker until Cancel has been pressed, so the test does not race
    # a fast export; the real export then sees the cancellation at its first check.
    started, release = threading.Event(), threading.Event()
    real_export = OfficeSyncService.export

    def held_export(self: OfficeSyncService, *args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(10)
        return real_export(self, *args, **kwargs)

    monkeypatch.setattr(OfficeSyncService, "export", held_export)
    page.export_button.click()
    assert page.busy and not page.export_button.isEnabled()
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert page.progress_row.cancel.isEnabled()
    with qtbot.waitSignal(page.failed, timeout=10000) as failed:
        page.progress_row.cancel.click()
        assert not page.progress_row.cancel.isEnabled()  # "cancelling…"
        release.set()
    assert "cancel" in failed.args[0].lower() or "لغو" in failed.args[0]
    assert page.message.isVisible() and not page.result_label.isVisible()
    assert not page.busy and page.export_button.isEnabled()
    assert list(stick.iterdir()) == []  # not even a hidden partial file
    assert office.sync.overview().exports == []
    assert office.sync.pending() == before


def test_a_conflict_is_decided_on_the_review_tab(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    tmp_path: Path,
) -> None:
    demo = offices(0)
    office = Office(demo.code, demo.db, demo.services, OfficeSyncService(demo.db))
    province.folder.mkdir(parents=True, exist_ok=True)
    office, _person = make_conflict(
        Province(province.db, province.service, province.folder), office, tmp_path, ""
    )
    demo.db = office.db  # the fixture disposes the reopened database
    page = ProvinceSyncPage(province_context(province, runner))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    page.tabs.setCurrentIndex(2)
    assert page.conflict_model.rowCount() == 1
    assert page.selected_conflict() is not None
    # Field names as people read them (the participants form's label), not column names.
    from desktop.sync.fields import field_label

    assert field_label("participants", "notes") in page.conflict_detail.text()
    assert "notes" not in page.conflict_detail.text()
    assert page.conflict_model.data(page.conflict_model.index(0, 4)) == field_label(
        "participants", "notes"
    )
    assert page.keep_button.isEnabled() and page.take_button.isEnabled()
    page.conflict_note_edit.setText("با دفتر تماس گرفتم")
    with qtbot.waitSignal(page.decided, timeout=10000):
        page.take_button.click()
    qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 0, timeout=10000)
    assert not page.take_button.isEnabled()
    [decided] = province.service.conflicts("decided")
    assert decided.status == "taken" and decided.note == "با دفتر تماس گرفتم"
    assert decided.decided_at is not None
