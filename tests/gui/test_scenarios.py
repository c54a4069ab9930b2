"""The issues' "Done means" scenarios, end to end through the real main window.

Each test starts the real :class:`MainWindow` on a real temporary SQLite office database (set up
through the services, as the first-run wizard does) and drives the pages and dialogs the way a
facilitator would: typing, key presses, the buttons' own slots. PDFs are read back with
``pdftotext``. Dates are relative to today: the scenario's workshop ran in the last weeks, so its
sessions are held and can be marked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.certificates.payload import Verdict
from desktop.domain.enums import AttendanceMark, EnrolmentStatus
from desktop.domain.jalali import format_jalali
from desktop.gui.app import configure_application
from desktop.gui.certificates.verify_dialog import VerifyDialog
from desktop.gui.context import GuiContext
from desktop.gui.main_window import MainWindow
from desktop.gui.tasks import TaskRunner
from desktop.i18n import _
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from tests.pdf.pdftext import pdf_text

pytest_plugins = ["tests.gui.conftest_registry"]  # make_people
People = Callable[..., list[ParticipantInput]]

TODAY = date.today()
FRIDAY = 4
CTRL = Qt.KeyboardModifier.ControlModifier


# --- the window ---------------------------------------------------------------------------------


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.wait(), "background work still running when the test ended"


@pytest.fixture
def ctx(qapp: QApplication, services: Services, db_path: Path, runner: TaskRunner) -> GuiContext:
    configure_application(qapp)
    return GuiContext(services, runner, db_path)


@pytest.fixture
def window(qtbot: QtBot, ctx: GuiContext) -> MainWindow:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.ready, timeout=10000):
        main.show()
    main.activateWindow()
    return main


def type_into(widget: QWidget, text: str) -> None:
    """Type ``text`` (any script) as key events; QTest.keyClicks only knows ASCII."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def press(widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    QTest.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Give the window the focus back after a dialog closed (offscreen Qt does not)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def verify_dialog(dialog: QWidget) -> VerifyDialog:
    assert isinstance(dialog, VerifyDialog)
    return dialog


def full_name(person: ParticipantInput) -> str:
    return f"{person.first_name} {person.last_name}"


# --- issue 4: assess, plan, enrol, take attendance, print, see who completed ---------------------


def test_issue_4_facilitator_runs_a_carpet_weaving_workshop(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path, make_people: People
) -> None:
    from desktop.gui.assessments.dialog import AssessmentDialog
    from desktop.gui.pages.participants import ParticipantsPage
    from desktop.gui.pages.profile import ParticipantProfile
    from desktop.gui.workshops.attendance_sheet import AttendanceSheetWidget
    from desktop.gui.workshops.completion import CompletionTab
    from desktop.gui.workshops.detail import WorkshopDetail
    from desktop.gui.workshops.editor import WorkshopEditor
    from desktop.gui.workshops.enrolments import AddManyDialog, WithdrawDialog
    from desktop.gui.workshops.page import WorkshopsPage
    from desktop.gui.workshops.sessions import ScheduleDialog

    everyone = make_people(25)
    ids = services.participants.register_many(everyone)
    carpet = services.skills.skill_by_code("CARPET_WEAVING")

    # 1. Assess the first person from her profile: skill typed, one digit per criterion, Enter.
    window.show_participant(ids[0])
    registry = window.pages["participants"]
    assert isinstance(registry, ParticipantsPage)
    profile = registry.profile
    assert isinstance(profile, ParticipantProfile)
    qtbot.waitUntil(lambda: profile.data is not None, timeout=5000)
    profile.assess()
    dialog = profile.dialogs[-1]
    assert isinstance(dialog, AssessmentDialog)
    qtbot.waitUntil(lambda: dialog.skill_filter.rowCount() > 0, timeout=5000)
    dialog.skill.setFocus()
    type_into(dialog.skill_line, "قالي")  # Arabic yeh finds قالی‌بافی
    dialog.skill_line.editingFinished.emit()
    rubric = dialog.chosen_rubric()
    assert rubric is not None and rubric.skill.id == carpet.id
    for row in dialog.rows:
        press(row.selector, Qt.Key.Key_4)
    assert dialog.overall_level() == 4
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog.rows[-1].selector, Qt.Key.Key_Return)
    [assessment] = services.skills.for_participant(ids[0])
    assert (assessment.skill_id, assessment.level) == (carpet.id, 4)

    # 2. A new carpet-weaving workshop from the editor: typed, Enter saves and opens it.
    activate(qtbot, window)  # the assessment dialog had the focus
    press(window, Qt.Key.Key_3, CTRL)
    page = window.pages["workshops"]
    assert isinstance(page, WorkshopsPage) and window.current_key() == "workshops"
    qtbot.waitUntil(lambda: page.is_loaded, timeout=5000)
    start = TODAY - timedelta(days=30)
    page.new_workshop()
    editor = page.editor
    assert isinstance(editor, WorkshopEditor)
    qtbot.waitUntil(lambda: editor.loaded, timeout=5000)
    ui = editor.ui
    type_into(ui.title, "كارگاه قاليبافي محله")  # Arabic letters, normalised on save
    ui.skill.setCurrentIndex(ui.skill.findData(str(carpet.id)))
    ui.capacity.setFocus()
    ui.capacity.selectAll()
    type_into(ui.capacity, "۲۰")
    ui.startDate.line.setFocus()
    ui.startDate.line.selectAll()
    type_into(ui.startDate.line, format_jalali(start))
    assert ui.startDate.date_value() == start
    assert editor.save_button.isEnabled(), editor.problems()
    with qtbot.waitSignal(editor.accepted, timeout=5000):
        press(ui.title, Qt.Key.Key_Return)
    detail = page.detail
    assert isinstance(detail, WorkshopDetail)
    qtbot.waitUntil(detail.is_loaded, timeout=5000)
    saved = services.workshops.get(detail.workshop_id)
    assert saved.title == "کارگاه قالیبافی محله"
    assert (saved.capacity, saved.start_date, saved.min_attendance_share) == (20, start, 0.75)

    # 3. Enrol 25 at once: 20 places, 5 on the waiting list in the order chosen.
    detail.show_tab("enrolments")
    tab = detail.enrolments
    qtbot.waitUntil(lambda: tab.lists is not None and tab.summary is not None, timeout=5000)
    activate(qtbot, window)  # the editor had the focus
    tab.search.setFocus()
    press(tab.search, Qt.Key.Key_M, CTRL)
    many = tab.dialog
    assert isinstance(many, AddManyDialog)
    qtbot.waitUntil(lambda: many.model.rowCount() == 25, timeout=5000)
    many.model.set_all(True)
    assert "۲۰" in many.count_label.text() and "۵" in many.count_label.text()
    many.enrol()
    qtbot.waitUntil(lambda: tab.waiting.model.rowCount() == 5, timeout=5000)
    assert tab.enrolled.model.rowCount() == 20 and tab.waiting.model.rowCount() == 5
    assert "۵" in tab.notice.text()
    first_waiting = tab.waiting.model.record(0).cells[1]

    # A person withdraws (Delete): the first on the waiting list takes her place.
    leaving = tab.enrolled.model.record(0).cells[1]
    activate(qtbot, window)
    tab.enrolled.view.setFocus()
    tab.enrolled.view.setCurrentIndex(tab.enrolled.model.index(0, 1))
    press(tab.enrolled.view, Qt.Key.Key_Delete)
    withdraw = tab.dialog
    assert isinstance(withdraw, WithdrawDialog)
    type_into(withdraw.reason, "مراقبت از فرزند")
    press(withdraw.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.waiting.model.rowCount() == 4, timeout=5000)
    assert leaving in tab.notice.text() and first_waiting in tab.notice.text()
    assert tab.enrolled.model.rowCount() == 20 and tab.waiting.model.rowCount() == 4
    summary = services.workshops.summary(saved.id)
    assert (summary.enrolled, summary.waiting) == (20, 4)

    # 4. Plan 12 sessions (Ctrl+G), Saturday to Thursday from the start: all in the past.
    detail.show_tab("sessions")
    sessions_tab = detail.sessions
    activate(qtbot, window)
    sessions_tab.table.view.setFocus()
    press(sessions_tab.table.view, Qt.Key.Key_G, CTRL)
    plan = sessions_tab.dialog
    assert isinstance(plan, ScheduleDialog)
    for weekday, day_box in plan.weekday_boxes.items():
        day_box.setChecked(weekday != FRIDAY)
    plan.count.setFocus()
    plan.count.selectAll()
    type_into(plan.count, "۱۲")
    assert plan.count.value() == 12 and "۱۲" in plan.preview.text()
    press(plan.count, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sessions_tab.table.model.rowCount() == 12, timeout=5000)
    planned = services.workshops.sessions(saved.id)
    assert len(planned) == 12 and planned[-1].session_date < TODAY
    assert all(s.session_date.weekday() != FRIDAY for s in planned)

    # 5. Attendance with the keyboard alone: one key per person, column by column.
    detail.show_tab("attendance")
    sheet = detail.attendance
    assert isinstance(sheet, AttendanceSheetWidget)
    qtbot.waitUntil(lambda: sheet.is_loaded, timeout=5000)
    table = sheet.table
    assert table.hasFocus() or table.isVisible()
    table.setFocus()
    model = sheet.model
    assert len(model.people) == 20
    names = [person.full_name for person in model.people]
    # The cursor starts on the last session held, first person; we go back session by session.
    assert table.currentIndex().row() == 0
    columns_seen = []
    absent_often, late_always = names[18], names[19]
    for step in range(12):
        column = table.currentIndex().column()
        columns_seen.append(column)
        for person_row in range(20):
            assert table.currentIndex().row() == person_row
            name = names[person_row]
            if name == absent_often and step % 2 == 0:
                key = Qt.Key.Key_A  # absent from 6 of 12: 50%, below 75%
            elif name == late_always:
                key = Qt.Key.Key_4  # late counts as attended
            else:
                key = Qt.Key.Key_P
            press(table, key)
        for _row in range(19):
            press(table, Qt.Key.Key_Up)
        if step < 11:
            previous = table.currentIndex().column()
            press(table, Qt.Key.Key_Right)  # right-to-left: the earlier session is on the right
            assert table.currentIndex().column() == previous - 1
    qtbot.waitUntil(sheet.is_idle, timeout=20000)
    assert sorted(columns_seen) == list(range(min(columns_seen), min(columns_seen) + 12))
    assert sheet.message.text() == ""  # nothing refused
    grid = services.attendance.grid(saved.id)
    marks = dict(grid.marks)
    assert len(marks) == 240
    assert sum(1 for mark in marks.values() if mark is AttendanceMark.ABSENT) == 6
    assert sum(1 for mark in marks.values() if mark is AttendanceMark.LATE) == 12
    assert len(grid.people) == 20

    # 6. Print: the sign-in sheet of a session and the attendance report, read back.
    sheet.save_pdf("sign_in")
    sign_in_path = tmp_path / "sign-in.pdf"
    with qtbot.waitSignal(sheet.exported, timeout=10000):
        sheet.file_dialog.fileSelected.emit(str(sign_in_path))
    sign_in = pdf_text(sign_in_path)
    assert "کارگاه قالیبافی محله" in sign_in
    assert all(name in sign_in for name in names)
    sheet.save_pdf("report")
    report_path = tmp_path / "report.pdf"
    with qtbot.waitSignal(sheet.exported, timeout=10000):
        sheet.file_dialog.fileSelected.emit(str(report_path))
    report = pdf_text(report_path)
    assert "کارگاه قالیبافی محله" in report
    assert all(name in report for name in names)
    assert "۵۰" in report or "50" in report  # the one below the minimum, with her share

    # 7. Completion: who meets the rule and why not; finishing marks them completed.
    detail.show_tab("completion")
    completion = detail.completion
    assert isinstance(completion, CompletionTab)
    qtbot.waitUntil(lambda: completion.rows is not None, timeout=5000)
    qtbot.waitUntil(lambda: completion.table.model.rowCount() == 20, timeout=5000)
    results = {r.cells[0]: r for r in completion.table.model.records()}
    assert results[absent_often].cells[4] == _("Does not meet the rule")
    assert "۵۰" in results[absent_often].cells[5]  # why: 50% attended, 75% needed
    assert results[late_always].cells[4] == _("Meets the rule")
    met = [name for name, row in results.items() if row.cells[4] == _("Meets the rule")]
    assert len(met) == 19
    assert "۱۹" in completion.totals.text() and "۲۰" in completion.totals.text()
    assert completion.finish_button.isEnabled()
    completion.finish()
    box = completion.confirm_box
    assert box is not None and "۱۹" in box.text()
    with qtbot.waitSignal(completion.loaded, timeout=5000):
        box.button(QMessageBox.StandardButton.Yes).click()
    statuses = {e.participant_id: e.status for e, _p in services.workshops.enrolments(saved.id)}
    completed = [pid for pid, status in statuses.items() if status == EnrolmentStatus.COMPLETED]
    assert len(completed) == 19
    assert "۱۹" in completion.notice.text()
    assert completion.issue_button.isEnabled()  # ready for certificates (issue 5)


# --- issue 5: certificates from the completion tab, verify, revoke, reprint ---------------------


def test_issue_5_certificates_issued_verified_revoked_and_reprinted(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_people: People,
) -> None:
    from desktop.gui.certificates import page as certificates_module
    from desktop.gui.certificates.issue_dialog import IssueDialog
    from desktop.gui.certificates.page import CertificatesPage
    from desktop.gui.certificates.revoke_dialog import RevokeDialog
    from desktop.gui.workshops.page import WorkshopsPage
    from tests.certificates.builders import CARPET_TITLE, finished_workshop

    group = make_people(4)
    built = finished_workshop(services, group, absent=(3,))  # the fourth person falls short
    opened: list[Path] = []

    def open_path(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(certificates_module, "open_path", open_path)

    # The Certificates page is open before anything is issued: it must catch up when shown.
    press(window, Qt.Key.Key_4, CTRL)
    certificates = window.pages["certificates"]
    assert isinstance(certificates, CertificatesPage)
    qtbot.waitUntil(lambda: certificates.is_loaded, timeout=5000)
    assert certificates.model.rowCount() == 0

    press(window, Qt.Key.Key_3, CTRL)
    workshops = window.pages["workshops"]
    assert isinstance(workshops, WorkshopsPage)
    qtbot.waitUntil(lambda: workshops.is_loaded, timeout=5000)
    detail = workshops.show_workshop(built.id)
    qtbot.waitUntil(detail.is_loaded, timeout=5000)
    detail.show_tab("completion")
    completion = detail.completion
    qtbot.waitUntil(lambda: completion.rows is not None and completion.issue_button.isEnabled(),
                    timeout=5000)  # fmt: skip
    assert "۳" in completion.issue_hint.text()
    dialog = completion.issue_certificates()
    assert isinstance(dialog, IssueDialog)
    names = [full_name(person) for person in group]
    assert all(name in dialog.who.text() for name in names[:3])
    assert names[3] not in dialog.who.text()
    dialog.folder.setText(str(tmp_path / "certificates"))
    with qtbot.waitSignal(dialog.issued, timeout=30000) as issued:
        dialog.start()
    result = issued.args[0]
    assert len(result.issued) == 3 and not result.cancelled
    assert result.merged_pdf is not None and result.merged_pdf.is_file()
    merged = pdf_text(result.merged_pdf)
    assert all(name in merged for name in names[:3]) and names[3] not in merged
    qtbot.waitUntil(lambda: not completion.issue_button.isEnabled(), timeout=5000)
    assert completion.issue_hint.text() == _("Everyone who meets the rule has a valid certificate.")
    dialog.close()
    first, second, third = sorted(result.issued, key=lambda c: c.serial)

    # Back on the Certificates page: the three are listed.
    activate(qtbot, window)
    with qtbot.waitSignal(certificates.loaded, timeout=5000):
        press(window, Qt.Key.Key_4, CTRL)
    assert certificates.model.rowCount() == 3

    # Verify the first one's QR payload: valid, with its name.
    verify = verify_dialog(certificates.open_verify())
    verify.name.setText(first.full_name)
    verify.code.setFocus()
    verify.code.setText(first.payload)
    press(verify.code, Qt.Key.Key_Return)  # scanners end with Enter: it checks, not closes
    qtbot.waitUntil(lambda: verify.result_value is not None, timeout=5000)
    assert verify.isVisible()
    assert verify.result_value is not None and verify.result_value.verdict is Verdict.VALID
    assert _("Valid certificate") in verify.details_text()
    assert first.full_name in verify.details_text()
    verify.close()

    # Revoke the second with a reason; the Verify dialog then says it is revoked.
    assert certificates.select_serial(second.serial)
    certificates.revoke()
    revoke = certificates.dialogs[-1]
    assert isinstance(revoke, RevokeDialog)
    revoke.reason.setFocus()
    type_into(revoke.reason, "نام پدر اشتباه ثبت شده بود")
    assert revoke.ok_button.isEnabled()
    with qtbot.waitSignal(certificates.loaded, timeout=5000):
        revoke.ok_button.click()
    stored = services.certificates.get(second.serial)
    assert stored.revoked and stored.revoke_reason == "نام پدر اشتباه ثبت شده بود"
    current = certificates.current()
    assert current is not None and current.serial == second.serial and current.revoked
    verify = verify_dialog(certificates.open_verify())
    verify.code.setText(second.payload)
    verify.check()
    qtbot.waitUntil(lambda: verify.result_value is not None, timeout=5000)
    assert verify.result_value is not None and verify.result_value.verdict is Verdict.REVOKED
    assert "نام پدر اشتباه ثبت شده بود" in verify.details_text()
    verify.close()

    # Reprint the third: same serial, marked «المثنی».
    assert certificates.select_serial(third.serial)
    certificates.reprint()
    box = certificates.confirm_box
    assert box is not None and "المثنی" in box.text()
    save_choice = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole
    )
    save_choice.click()
    picker = certificates.save_picker
    assert picker is not None
    copy = tmp_path / "copy.pdf"
    with qtbot.waitSignal(certificates.loaded, timeout=10000):
        picker.fileSelected.emit(str(copy))
    assert opened == [copy]
    text = pdf_text(copy)  # NFKC-normalised
    assert "المثنی" in text and third.full_name in text
    again = services.certificates.get(third.serial)
    assert again.reprints == 1 and again.payload == third.payload
    assert CARPET_TITLE.split(" (")[0] in text


# --- issue 6: USB bundle to the province and the receipt back ------------------------------------


def test_issue_6_bundle_to_the_province_and_receipt_back(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    runner: TaskRunner,
    tmp_path: Path,
    make_people: People,
) -> None:
    from sqlalchemy import func, select

    from desktop.gui.sync.demo import make_province
    from desktop.gui.sync.office_page import OfficeSyncPage
    from desktop.gui.sync.province_page import ProvinceSyncPage
    from desktop.services.actor import Actor
    from desktop.store.models import Certificate, Participant
    from tests.certificates.builders import finished_workshop

    from ..conftest import OFFICE

    # The office has done some work: a finished workshop, certificates, one revoked.
    built = finished_workshop(services, make_people(5))
    issued = services.certificates.issue(built.id, tmp_path / "issued.pdf").issued
    services.certificates.revoke(issued[0].serial, "اشتباه در نام")
    province_path = tmp_path / "province.sqlite3"
    province_db, province = make_province(province_path)
    try:
        enrolment = province.enrol_office(OFFICE.code, OFFICE.name, OFFICE.county, tmp_path).path
        stick = tmp_path / "USB"
        stick.mkdir()

        # The office joins the province from its Sync page, then exports to the stick.
        press(window, Qt.Key.Key_5, CTRL)
        page = window.pages["sync"]
        assert isinstance(page, OfficeSyncPage)
        qtbot.waitUntil(lambda: page.overview is not None, timeout=10000)
        assert not page.export_button.isEnabled()  # no province yet
        with qtbot.waitSignal(page.loaded, timeout=10000):
            page.enrol(enrolment)
        assert "آذربایجان غربی" in page.result_text()
        page.add_folder(stick)
        assert page.export_button.isEnabled()
        pending = services_pending(page)
        with qtbot.waitSignal(page.exported, timeout=20000) as exported:
            page.export_button.click()
        bundle = exported.args[0]
        assert bundle.path.parent == stick and bundle.path.is_file()
        assert bundle.path.name in page.result_text()
        qtbot.waitUntil(lambda: page.export_model.rowCount() == 1, timeout=10000)
        assert not page.export_model.record(0).acknowledged

        # The province previews it, pins the office key after seeing it, merges, writes a receipt.
        from desktop.services.app import Services as AppServices

        province_ctx = GuiContext(
            AppServices(province_db, Actor(office_code="PROVINCE")), runner, province_path
        )
        province_page = ProvinceSyncPage(province_ctx)
        qtbot.addWidget(province_page)
        with qtbot.waitSignal(province_page.loaded, timeout=10000):
            province_page.show()
        with qtbot.waitSignal(province_page.previewed, timeout=20000):
            province_page.preview([bundle.path])
        [row] = province_page.previews
        assert row.ok and row.preview.key_is_new and row.preview.new == pending
        province_page.merge()
        keys = province_page.key_dialog
        assert keys is not None and set(keys.checks) == {OFFICE.code}
        ok = keys.buttons.button(keys.buttons.StandardButton.Ok)
        assert not ok.isEnabled()
        keys.confirm_all()
        with qtbot.waitSignal(province_page.merged, timeout=30000) as merged:
            ok.click()
        assert all(outcome.ok for outcome in merged.args[0])
        with province_db.read() as session:
            assert session.scalar(select(func.count()).select_from(Participant)) == 5
            certificates = session.scalars(select(Certificate)).all()
            assert len(certificates) == 5
            revoked = [c for c in certificates if c.revoked_at is not None]
            assert [(c.serial, c.revoke_reason) for c in revoked] == [
                (issued[0].serial, "اشتباه در نام")
            ]
        with qtbot.waitSignal(province_page.receipt_written, timeout=20000) as written:
            province_page.write_receipt(OFFICE.code, stick)
        receipt = written.args[0]

        # Back at the office: the receipt applied, the bundle shows acknowledged.
        activate(qtbot, window)
        with qtbot.waitSignal(page.receipt_applied, timeout=20000) as applied:
            page.apply_receipt(receipt.path)
        assert applied.args[0].agrees and applied.args[0].acked_rev == bundle.rev_to
        qtbot.waitUntil(lambda: page.export_model.record(0).acknowledged, timeout=10000)
        qtbot.waitUntil(lambda: page.receipt_model.rowCount() == 1, timeout=10000)
        assert page.pending_model.rowCount() == 0
    finally:
        runner.wait()
        province_db.dispose()


def services_pending(page: QWidget) -> int:
    overview = page.overview  # type: ignore[attr-defined]
    return int(overview.pending.total)
