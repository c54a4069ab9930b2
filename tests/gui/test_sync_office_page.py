# ruff: noqa: F811 (pytest fixtures imported from sync_fixtures are parameters here)
"""The office's Sync page: export to a folder (verified before "done"), apply a receipt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.gui.sync.demo import DemoOffice
from desktop.gui.sync.office_page import OfficeSyncPage
from desktop.gui.tasks import TaskRunner
from desktop.services.participants import ParticipantInput
from desktop.sync.envelope import BUNDLE, read_file

from .sync_fixtures import (  # noqa: F401 (fixtures)
    ProvinceSetup,
    office_context,
    offices,
    province,
    runner,
    stick,
)


def open_page(qtbot: QtBot, office: DemoOffice, runner: TaskRunner) -> OfficeSyncPage:
    page = OfficeSyncPage(office_context(office, runner))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    return page


def test_export_to_a_folder_then_apply_the_receipt(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
) -> None:
    office = offices(0)
    page = open_page(qtbot, office, runner)
    assert "URM01" not in page.province_label.text()  # it names the province
    assert page.pending_model.rowCount() >= 1
    pending = office.sync.pending()
    assert dict(page.pending_model.records()) == pending.counts

    page.add_folder(stick)
    assert page.selected_destination() is not None
    assert page.selected_destination().path == stick  # type: ignore[union-attr]
    assert page.export_button.isEnabled()
    with qtbot.waitSignal(page.exported, timeout=20000) as exported:
        page.export_button.click()
    result = exported.args[0]
    assert result.path.parent == stick and result.path.exists()
    assert read_file(result.path, BUNDLE).manifest["row_count"] == pending.total
    assert str(result.path.name) in page.result_text()
    qtbot.waitUntil(lambda: page.export_model.rowCount() == 1, timeout=10000)
    assert not page.export_model.record(0).acknowledged  # no receipt yet: not safe

    preview = province.service.preview(result.path)
    province.service.import_bundle(result.path, accept_key=preview.key_fingerprint)
    receipt = province.service.write_receipt("URM01", stick)
    with qtbot.waitSignal(page.receipt_applied, timeout=20000) as applied:
        page.apply_receipt(receipt.path)
    assert applied.args[0].agrees and applied.args[0].acked_rev == result.rev_to
    qtbot.waitUntil(lambda: page.receipt_model.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: page.export_model.record(0).acknowledged, timeout=10000)
    assert page.pending_model.rowCount() == 0
    assert office.sync.pending().total == 0


def test_a_refused_receipt_shows_the_message_and_changes_nothing(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
) -> None:
    first, second = offices(0), offices(1)
    bundle = second.sync.export(stick)
    preview = province.service.preview(bundle.path)
    province.service.import_bundle(bundle.path, accept_key=preview.key_fingerprint)
    other_office_receipt = province.service.write_receipt("TAB02", stick)
    page = open_page(qtbot, first, runner)
    before = first.sync.pending()
    with qtbot.waitSignal(page.failed, timeout=10000) as failed:
        page.apply_receipt(other_office_receipt.path)
    assert failed.args[0] and page.message.isVisible()
    assert page.message.text() == failed.args[0]
    assert first.sync.pending() == before
    assert first.sync.overview().receipts == []


def test_export_without_enrolment_is_not_offered(
    qtbot: QtBot,
    runner: TaskRunner,
    services,
    db_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from desktop.gui.context import GuiContext

    services.participants.register(ParticipantInput(first_name="مریم", last_name="رضایی"))
    page = OfficeSyncPage(GuiContext(services, runner, db_path))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    assert page.enrol_button.isVisible()
    assert not page.export_button.isEnabled()
    assert not page.receipt_button.isEnabled()
