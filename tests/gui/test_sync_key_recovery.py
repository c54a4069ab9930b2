# ruff: noqa: F811 (pytest fixtures imported from sync_fixtures are parameters here)
"""Lost office keys on the Sync pages: the office's "make a new office key" (shown only when the
key is missing, confirmed first) and the province's dialog with the old and new fingerprints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.gui.sync.demo import DemoOffice
from desktop.gui.sync.office_page import OfficeSyncPage
from desktop.gui.sync.province_page import ProvinceSyncPage
from desktop.gui.tasks import TaskRunner
from desktop.services.office_keys import keys_dir
from desktop.store.models import OfficeKey, ProvinceOffice

from .sync_fixtures import (  # noqa: F401 (fixtures)
    ProvinceSetup,
    office_context,
    offices,
    province,
    province_context,
    runner,
    stick,
)


def lose_keys(code: str) -> None:
    for path in keys_dir().glob(f"office-{code}-*"):
        path.unlink()


def open_office_page(qtbot: QtBot, office: DemoOffice, runner: TaskRunner) -> OfficeSyncPage:
    page = OfficeSyncPage(office_context(office, runner))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    return page


def first_bundle_pinned(province: ProvinceSetup, office: DemoOffice, stick: Path) -> str:
    path = office.sync.export(stick).path
    fingerprint = province.service.preview(path).key_fingerprint
    province.service.import_bundle(path, accept_key=fingerprint)
    return fingerprint


def test_new_key_button_only_when_the_key_is_missing_and_only_after_confirming(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
) -> None:
    office = offices(0)
    old = first_bundle_pinned(province, office, stick)
    page = open_office_page(qtbot, office, runner)
    assert page.new_key_button.isHidden()  # the key works: nothing to offer
    page.add_folder(stick)
    assert page.export_button.isEnabled()

    lose_keys(office.code)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh()
    assert not page.new_key_button.isHidden() and page.new_key_button.isEnabled()
    assert old in page.office_key_text()
    assert not page.export_button.isEnabled()  # it could not sign anyway

    # Cancel (the default, and Esc) changes nothing.
    page.new_key_button.click()
    box = page.new_key_box
    assert box is not None and box.isVisible()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: page.new_key_box is None, timeout=5000)
    assert office.sync.overview().key_missing

    page.new_key_button.click()
    box = page.new_key_box
    assert box is not None
    make = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    )
    with qtbot.waitSignal(page.new_key_made, timeout=10000) as made:
        make.click()
    result = made.args[0]
    assert result.old_fingerprint == old and result.fingerprint != old
    assert result.fingerprint in page.result_text()
    qtbot.waitUntil(lambda: page.new_key_button.isHidden(), timeout=10000)
    assert result.fingerprint in page.office_key_text() and old in page.office_key_text()
    assert page.export_button.isEnabled()
    page.grab().save("/tmp/rekey-office-after.png")


def test_province_shows_old_and_new_fingerprints_and_re_pins_only_when_ticked(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
) -> None:
    office = offices(0)
    old = first_bundle_pinned(province, office, stick)
    lose_keys(office.code)
    made = office.sync.new_office_key()
    bundle = office.sync.export(stick).path

    page = ProvinceSyncPage(province_context(province, runner))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    with qtbot.waitSignal(page.previewed, timeout=20000):
        page.preview([bundle])
    (row,) = page.previews
    assert row.ok and row.preview.key_changed and not row.preview.key_is_new
    page.merge()
    dialog = page.key_dialog
    assert dialog is not None and set(dialog.change_checks) == {"URM01"} and not dialog.checks
    shown_old = dialog.findChild(QLabel, "old-fingerprint-URM01")
    shown_new = dialog.findChild(QLabel, "new-fingerprint-URM01")
    assert shown_old is not None and old in shown_old.text()
    assert shown_new is not None and made.fingerprint in shown_new.text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.resize(700, dialog.sizeHint().height())
    dialog.grab().save("/tmp/rekey-repin-dialog.png")
    dialog.confirm_all()
    assert ok.isEnabled()
    with qtbot.waitSignal(page.merged, timeout=30000) as merged:
        ok.click()
    assert all(outcome.ok for outcome in merged.args[0])
    with province.db.read() as session:
        pinned = session.get(ProvinceOffice, "URM01")
        assert pinned is not None and pinned.fingerprint == made.fingerprint
        retired = session.scalars(select(OfficeKey)).one()
        assert retired.fingerprint == old and retired.retired_at is not None
    assert old in page.result_label.text()
