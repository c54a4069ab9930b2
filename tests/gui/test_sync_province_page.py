# ruff: noqa: F811 (pytest fixtures imported from sync_fixtures are parameters here)
"""The province's Sync page: preview many bundles, pin new office keys, merge, receipts, review;
and the province mode of the launcher (its own first account and sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.gui.sync.demo import DemoOffice
from desktop.gui.sync.province_page import ProvinceSyncPage
from desktop.gui.tasks import TaskRunner
from desktop.store.models import Participant
from desktop.sync.errors import DamagedFileError

from .sync_fixtures import (  # noqa: F401 (fixtures)
    ProvinceSetup,
    offices,
    province,
    province_context,
    runner,
    stick,
)


def open_page(qtbot: QtBot, province: ProvinceSetup, runner: TaskRunner) -> ProvinceSyncPage:
    page = ProvinceSyncPage(province_context(province, runner))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    return page


def participants(province: ProvinceSetup) -> int:
    with province.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Participant)) or 0)


def test_two_offices_previewed_pinned_and_merged(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
) -> None:
    first, second = offices(0), offices(1)
    paths = [first.sync.export(stick).path, second.sync.export(stick).path]
    page = open_page(qtbot, province, runner)
    with qtbot.waitSignal(page.previewed, timeout=20000):
        page.preview(paths)
    assert page.preview_model.rowCount() == 2
    assert all(row.ok and row.preview.key_is_new for row in page.previews)
    assert page.preview_model.record(0).preview.new == first.sync.pending().total
    assert page.table_model.rowCount() >= 1  # the first bundle's tables are shown
    assert participants(province) == 0  # a preview changes nothing

    page.merge()
    dialog = page.key_dialog
    assert dialog is not None and set(dialog.checks) == {"URM01", "TAB02"}
    fingerprints = {row.preview.office_code: row.preview.key_fingerprint for row in page.previews}
    for code, fingerprint in fingerprints.items():
        shown = dialog.findChild(QLabel, f"fingerprint-{code}")
        assert shown is not None and fingerprint in shown.text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # nothing pinned without the person's word
    dialog.confirm_all()
    assert ok.isEnabled()
    with qtbot.waitSignal(page.merged, timeout=30000) as merged:
        ok.click()
    assert all(outcome.ok for outcome in merged.args[0])
    assert participants(province) == 6
    qtbot.waitUntil(lambda: all(o.fingerprint for o in page.office_model.records()), timeout=10000)
    statuses = {o.code: o for o in page.office_model.records()}
    assert statuses["URM01"].fingerprint == fingerprints["URM01"]
    assert statuses["TAB02"].counts["participants"] == 3
    # Same people registered in both offices: flagged for review, not merged.
    assert page.duplicate_model.rowCount() >= 1


def test_a_refused_bundle_shows_the_message_and_changes_nothing(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
) -> None:
    good = offices(0).sync.export(stick).path
    broken = stick / "broken.hamyar-bundle"
    broken.write_bytes(good.read_bytes()[:-64])
    page = open_page(qtbot, province, runner)
    with qtbot.waitSignal(page.previewed, timeout=20000):
        page.preview([broken])
    row = page.preview_model.record(0)
    assert not row.ok
    try:
        province.service.preview(broken)
    except DamagedFileError as error:
        expected = str(error)
    assert row.error == expected  # the service's own (Persian) message
    assert page.message.isVisible()
    assert not page.merge_button.isEnabled()
    page._show_preview_details()
    assert page.problem_model.record(0).text == expected
    assert participants(province) == 0
    assert province.service.status()[0].bundles == 0


def test_receipt_for_an_office_and_a_duplicate_decision(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
    tmp_path: Path,
) -> None:
    first, second = offices(0), offices(1)
    for office in (first, second):
        path = office.sync.export(stick).path
        preview = province.service.preview(path)
        province.service.import_bundle(path, accept_key=preview.key_fingerprint)
    page = open_page(qtbot, province, runner)
    out = tmp_path / "receipts"
    out.mkdir()
    with qtbot.waitSignal(page.receipt_written, timeout=20000) as written:
        page.write_receipt("URM01", out)
    summary = written.args[0]
    assert summary.path.parent == out and summary.path.exists()
    assert first.sync.apply_receipt(summary.path).agrees

    qtbot.waitUntil(lambda: not page.busy and page.duplicate_model.rowCount() >= 1, timeout=10000)
    qtbot.wait(200)  # the refresh after the receipt has landed
    open_flags = page.duplicate_model.rowCount()
    from desktop.gui.sync.widgets import select_row

    select_row(page.duplicate_view, 0)
    assert page.same_button.isEnabled()
    page.note_edit.setText("همان شخص")
    page.same_button.click()
    qtbot.waitUntil(lambda: page.duplicate_model.rowCount() == open_flags - 1, timeout=10000)
    decided = province.service.duplicate_flags("same_person")
    assert len(decided) == 1 and decided[0].note == "همان شخص"


def test_province_database_opens_in_province_mode_with_its_own_account(
    qtbot: QtBot, runner: TaskRunner, province: ProvinceSetup
) -> None:
    from desktop.gui.app import Launcher
    from desktop.gui.login import LoginDialog
    from desktop.gui.province_window import ProvinceAccountDialog, ProvinceWindow

    province.db.dispose()
    launcher = Launcher(province.path, runner)
    launcher.start()
    qtbot.waitUntil(lambda: getattr(launcher, "province_start", None) is not None, timeout=10000)
    start = launcher.province_start
    qtbot.waitUntil(lambda: start.dialog is not None, timeout=10000)
    dialog = start.dialog
    assert isinstance(dialog, ProvinceAccountDialog)  # no account yet: create the first
    dialog.full_name.setText("مریم صادقی")
    dialog.username.setText("officer")
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.save()
    assert dialog.message.isVisible()  # the service's password rule, inline
    dialog.password.setText("province-pass-1")
    dialog.repeat.setText("province-pass-1")
    with qtbot.waitSignal(launcher.main_window_shown, timeout=20000) as shown:
        dialog.save()
    window = shown.args[0]
    qtbot.addWidget(window)
    assert isinstance(window, ProvinceWindow)
    assert isinstance(window.pages["sync"], ProvinceSyncPage)
    reports = window.open_page("reports")
    assert "Not yet available" in reports.text() or reports.text()  # type: ignore[attr-defined]
    window.open_page("settings")
    window.close()
    runner.wait()
    launcher.opened.db.dispose()  # type: ignore[union-attr]

    # Next time: the sign-in dialog, and only the province's account gets in.
    second = Launcher(province.path, runner)
    second.start()
    qtbot.waitUntil(lambda: getattr(second, "province_start", None) is not None, timeout=10000)
    qtbot.waitUntil(lambda: second.province_start.dialog is not None, timeout=10000)
    login = second.province_start.dialog
    assert isinstance(login, LoginDialog)
    login.ui.username.setText("officer")
    login.ui.password.setText("province-pass-1")
    with qtbot.waitSignal(second.main_window_shown, timeout=20000) as shown_again:
        login.sign_in()
    qtbot.addWidget(shown_again.args[0])
    shown_again.args[0].close()
    runner.wait()
    second.opened.db.dispose()  # type: ignore[union-attr]


def test_offices_tab_shows_who_pinned_the_key_retired_keys_and_the_receipt_key(
    qtbot: QtBot,
    runner: TaskRunner,
    province: ProvinceSetup,
    offices: Callable[[int], DemoOffice],
    stick: Path,
) -> None:
    from desktop.domain.digits import to_persian_digits
    from desktop.domain.jalali import format_jalali_moment
    from desktop.gui.style import ltr
    from desktop.i18n import _
    from desktop.store.base import utcnow
    from desktop.store.models import OfficeKey
    from desktop.sync.keyring import PINNED_BEFORE

    sent, silent = offices(0), offices(1)  # the second office never sent a bundle
    path = sent.sync.export(stick).path
    fingerprint = province.service.preview(path).key_fingerprint
    province.service.import_bundle(path, accept_key=fingerprint, accepted_by="مهندس کریمی")
    with province.db.write() as session:  # as a re-pin after a lost key leaves it
        session.add(
            OfficeKey(
                office_code=sent.code,
                public_key="b2xkLWtleS1vZi10aGUtb2ZmaWNl",
                fingerprint="0000 1111 2222 3333 4444 5555 6666 7777",
                source=PINNED_BEFORE,
                retired_at=utcnow(),
                retired_by="مهندس کریمی",
            )
        )
    page = open_page(qtbot, province, runner)
    model = page.office_model
    headers = [column.header for column in model.columns]
    row = {model.record(r).code: r for r in range(model.rowCount())}
    assert set(row) == {sent.code, silent.code}

    def shown(code: str, header: str) -> str:
        return str(model.data(model.index(row[code], headers.index(header))))

    pinned_at = province.service.office_status(sent.code).pinned_at
    assert pinned_at is not None
    when = format_jalali_moment(pinned_at)
    assert when == to_persian_digits(when)  # Jalali, Persian digits
    assert shown(sent.code, _("Key pinned")) == _("{date} by {who}").format(
        date=when, who="مهندس کریمی"
    )
    assert shown(silent.code, _("Key pinned")) == _("Not pinned yet")
    assert shown(sent.code, _("Retired keys")) == "۱"
    assert shown(silent.code, _("Retired keys")) == "۰"
    assert shown(sent.code, _("Receipt key")) == _("Known")
    assert shown(silent.code, _("Receipt key")) == _("Not known yet")
    recipient = province.service.office_status(sent.code).age_recipient
    assert recipient is not None
    column = headers.index(_("Receipt key"))
    tooltip = model.data(model.index(row[sent.code], column), Qt.ItemDataRole.ToolTipRole)
    assert ltr(recipient) in str(tooltip)
