"""The Workshops section end to end with pytest-qt: the list and its model, the editor's inline
validation, planning sessions, enrolling with a waiting list, withdrawing with promotion, and
the completion screen.

Services use ``date.today()``; dates here are relative to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.domain.enums import AttendanceMark, EnrolmentStatus, SessionStatus, WorkshopStatus
from desktop.domain.jalali import format_jalali
from desktop.gui.context import GuiContext
from desktop.gui.workshops.completion import CompletionTab
from desktop.gui.workshops.detail import WorkshopDetail
from desktop.gui.workshops.editor import WorkshopEditor
from desktop.gui.workshops.enrolments import AddManyDialog, WithdrawDialog
from desktop.gui.workshops.models import (
    CandidateModel,
    Column,
    WorkshopFilter,
    WorkshopTableModel,
    candidate,
    workshop_row,
)
from desktop.gui.workshops.page import WorkshopsPage
from desktop.gui.workshops.sessions import (
    AddHolidayDialog,
    CancelSessionDialog,
    MoveSessionDialog,
    ScheduleDialog,
)
from desktop.gui.workshops.widgets import WARNING_STYLE
from desktop.i18n import _, localise_digits
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.skills import AssessmentInput
from desktop.services.workshops import HOLIDAY_NOT_FOUND, WorkshopInput
from desktop.store.models import Workshop

pytest_plugins = ["tests.gui.conftest_registry"]
People = Callable[..., list[ParticipantInput]]
TypeText = Callable[[QWidget, str], None]
TODAY = date.today()
SATURDAY, MONDAY, WEDNESDAY, FRIDAY = 5, 0, 2, 4


def next_weekday(after: date, weekday: int) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7)


def carpet(services: Services) -> uuid.UUID:
    return services.skills.skill_by_code("CARPET_WEAVING").id


def new_workshop(
    services: Services,
    start: date,
    *,
    title: str = "کارگاه قالیبافی",
    capacity: int = 20,
    share: float | None = 0.75,
    min_level: int | None = None,
) -> Workshop:
    return services.workshops.create(
        WorkshopInput(
            title=title,
            skill_id=carpet(services),
            capacity=capacity,
            planned_hours=36,
            start_date=start,
            partner_org="جهاد دانشگاهی",
            trainer="فاطمه نوری",
            place="سرای محله",
            min_attendance_share=share,
            min_level=min_level,
        )
    )


def workshop_count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Workshop)) or 0)


def open_detail(qtbot: QtBot, ctx: GuiContext, workshop_id: uuid.UUID) -> WorkshopDetail:
    detail = WorkshopDetail(ctx, workshop_id)
    qtbot.addWidget(detail)
    detail.resize(1366, 768)
    detail.show()
    qtbot.waitUntil(detail.is_loaded, timeout=5000)
    return detail


def press(widget: QWidget, key: Qt.Key) -> None:
    QTest.keyClick(widget, key)


# --- the list ----------------------------------------------------------------------------------


def test_workshop_model_filters_and_sorts(
    services: Services, gui_app: QApplication, qtmodeltester: ModelTester
) -> None:
    future = new_workshop(services, TODAY + timedelta(days=20), title="کارگاه قالیبافی مقدماتی")
    running = new_workshop(services, TODAY - timedelta(days=5), title="دوره خیاطی")
    sessions = services.workshops.generate_schedule(
        running.id, start=running.start_date, weekdays=range(7), count=10, hours=2
    )
    held = sum(1 for s in sessions if s.session_date <= TODAY)
    cancelled = new_workshop(services, TODAY + timedelta(days=30), title="کارگاه لغوشده")
    services.workshops.cancel(cancelled.id)
    model = WorkshopTableModel()
    model.set_rows([workshop_row(s) for s in services.workshops.summaries()])
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3

    model.set_filter(WorkshopFilter(text="قاليبافي"))  # Arabic ي finds Persian ی
    assert [model.workshop_id(r) for r in range(model.rowCount())] == [future.id]
    model.set_filter(WorkshopFilter(status=WorkshopStatus.RUNNING))
    assert [model.workshop_id(r) for r in range(model.rowCount())] == [running.id]
    status = model.index(0, Column.STATUS).data()
    assert status == _("Running")
    assert model.index(0, Column.SESSIONS).data() == _("{part} of {whole}").format(
        part=localise_digits(held), whole="۱۰"
    )
    model.set_filter(WorkshopFilter())
    model.sort(int(Column.START), Qt.SortOrder.AscendingOrder)
    assert model.workshop_id(0) == running.id
    qtmodeltester.check(model, force_py=True)


def test_list_page_search_opens_detail_and_esc_returns(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    wanted = new_workshop(services, TODAY + timedelta(days=10), title="کارگاه قالیبافی")
    new_workshop(services, TODAY + timedelta(days=12), title="دوره خیاطی")
    page = WorkshopsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.is_loaded, timeout=5000)
    assert page.model.rowCount() == 2
    assert page.count_label.text() == _("{shown} of {total} workshops").format(shown="۲", total="۲")
    page.focus_search()
    type_text(page.search, "قالی")
    assert page.model.rowCount() == 1
    press(page.search, Qt.Key.Key_Return)  # the only match opens
    assert page.stack.currentWidget() is page.detail_page
    detail = page.detail
    assert isinstance(detail, WorkshopDetail) and detail.workshop_id == wanted.id
    qtbot.waitUntil(detail.is_loaded, timeout=5000)
    assert detail.title_label.text() == "کارگاه قالیبافی"
    assert detail.status_badge.text() == _("Planned")
    press(detail.tabs, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.list_page


# --- the editor --------------------------------------------------------------------------------


def open_editor(
    qtbot: QtBot, ctx: GuiContext, workshop_id: uuid.UUID | None = None
) -> WorkshopEditor:
    editor = WorkshopEditor(ctx, workshop_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.loaded, timeout=5000)
    return editor


def test_editor_end_before_start_is_said_and_nothing_saved(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    editor = open_editor(qtbot, ctx)
    ui = editor.ui
    type_text(ui.title, "کارگاه قالیبافی")
    ui.skill.setCurrentIndex(ui.skill.findData(str(carpet(services))))
    start = TODAY + timedelta(days=10)
    ui.startDate.set_date_value(start)
    end_text = format_jalali(start - timedelta(days=1))
    ui.endDate.line.setFocus()
    type_text(ui.endDate.line, end_text)
    assert ui.endDateError.isVisibleTo(editor)
    assert ui.endDateError.text() == "تاریخ پایان پیش از تاریخ شروع است."
    assert not editor.save_button.isEnabled()
    editor.save()
    qtbot.wait(50)
    assert editor.isVisible() and workshop_count(services) == 0

    ui.endDate.line.clear()
    type_text(ui.endDate.line, format_jalali(start + timedelta(days=40)))
    assert not ui.endDateError.isVisibleTo(editor)
    assert editor.save_button.isEnabled()


def test_editor_needs_a_completion_rule_and_saves_with_enter(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    editor = open_editor(qtbot, ctx)
    ui = editor.ui
    type_text(ui.title, "كارگاه قاليبافي")  # Arabic letters are normalised on save
    ui.skill.setCurrentIndex(ui.skill.findData(str(carpet(services))))
    ui.partner.setEditText(_("Jahad Daneshgahi"))
    ui.capacity.setValue(20)
    ui.useAttendance.setChecked(False)
    assert ui.ruleError.isVisibleTo(editor)
    assert not editor.save_button.isEnabled()
    ui.useLevel.setChecked(True)
    ui.minLevel.setCurrentIndex(ui.minLevel.findData(3))
    assert not ui.ruleError.isVisibleTo(editor)
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.accepted, timeout=5000):
        press(ui.title, Qt.Key.Key_Return)
    saved = services.workshops.get(editor.saved_id or uuid.uuid4())
    assert saved.title == "کارگاه قالیبافی"
    assert (saved.capacity, saved.min_attendance_share, saved.min_level) == (20, None, 3)
    assert saved.partner_org == _("Jahad Daneshgahi")  # جهاد دانشگاهی in Persian

    # Editing: the form opens with the saved values and all messages on.
    editor = open_editor(qtbot, ctx, saved.id)
    assert editor.ui.title.text() == "کارگاه قالیبافی"
    assert editor.ui.useLevel.isChecked() and not editor.ui.useAttendance.isChecked()
    assert not editor.is_dirty()


# --- sessions ----------------------------------------------------------------------------------


def test_plan_move_and_cancel_sessions(qtbot: QtBot, ctx: GuiContext, services: Services) -> None:
    start = next_weekday(TODAY + timedelta(days=7), SATURDAY)
    workshop = new_workshop(services, start)
    holiday = start + timedelta(days=2)  # the first Monday
    services.workshops.add_holiday(holiday, "تعطیل رسمی")
    detail = open_detail(qtbot, ctx, workshop.id)
    tab = detail.sessions
    assert tab.table.currentWidget() is tab.table.empty

    tab.plan()
    dialog = tab.dialog
    assert isinstance(dialog, ScheduleDialog)
    assert dialog.weekdays() == [SATURDAY, MONDAY]
    dialog.weekday_boxes[SATURDAY].setChecked(False)
    dialog.weekday_boxes[MONDAY].setChecked(False)
    assert dialog.error_labels["weekdays"].text() == _(
        "Choose at least one weekday other than Friday."
    )
    assert not dialog.ok_button.isEnabled()
    dialog.weekday_boxes[SATURDAY].setChecked(True)
    dialog.weekday_boxes[WEDNESDAY].setChecked(True)
    dialog.count.setValue(12)
    assert dialog.ok_button.isEnabled()
    assert "۱۲" in dialog.preview.text()
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        dialog.confirm()
    sessions = services.workshops.sessions(workshop.id)
    assert len(sessions) == 12
    assert all(s.session_date.weekday() in (SATURDAY, WEDNESDAY) for s in sessions)
    assert tab.table.model.rowCount() == 12
    assert tab.notice.isVisibleTo(tab)

    # Moving the first session to a Friday is refused inline; to a Sunday works.
    tab.table.view.setCurrentIndex(tab.table.model.index(0, 0))
    tab.move_current()
    move = tab.dialog
    assert isinstance(move, MoveSessionDialog)
    move.new_date.set_date_value(start + timedelta(days=6))
    assert move.error_labels["date"].text() == _("Sessions cannot be held on a Friday.")
    assert not move.ok_button.isEnabled()
    move.new_date.set_date_value(holiday)
    assert not move.ok_button.isEnabled()
    move.new_date.set_date_value(start + timedelta(days=1))
    assert move.ok_button.isEnabled()
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        move.confirm()
    assert services.workshops.sessions(workshop.id)[0].session_date == start + timedelta(days=1)

    tab.table.view.setCurrentIndex(tab.table.model.index(1, 0))
    tab.cancel_current()
    cancel = tab.dialog
    assert isinstance(cancel, CancelSessionDialog)
    cancel.note.setText("بیماری مربی")
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        cancel.confirm()
    second = services.workshops.sessions(workshop.id)[1]
    assert second.status == SessionStatus.CANCELLED and second.note == "بیماری مربی"
    assert tab.table.model.record(1).cells[4] == _("Cancelled")


def test_add_holiday_dialog(qtbot: QtBot, ctx: GuiContext, services: Services) -> None:
    workshop = new_workshop(services, TODAY + timedelta(days=5))
    detail = open_detail(qtbot, ctx, workshop.id)
    detail.sessions.holidays()
    dialog = detail.sessions.dialog
    assert isinstance(dialog, AddHolidayDialog)
    assert not dialog.ok_button.isEnabled()  # no name yet
    dialog.title.setText("عید فطر")
    dialog.day.set_date_value(TODAY + timedelta(days=9))
    with qtbot.waitSignal(detail.sessions.loaded, timeout=5000):
        dialog.confirm()
    assert [h.title for h in services.workshops.holidays()] == ["عید فطر"]
    assert "عید فطر" in detail.sessions.notice.text()


def test_remove_holiday_from_the_dialog_moves_no_session(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    start = next_weekday(TODAY + timedelta(days=7), 5)  # a Saturday
    workshop = new_workshop(services, start)
    eid = services.workshops.add_holiday(start + timedelta(days=2), "عید فطر")
    services.workshops.add_holiday(start + timedelta(days=40), "روز قدس")
    planned = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=[5, 0], count=3, hours=2
    )
    dates = [s.session_date for s in planned]
    assert eid.holiday_date not in dates
    detail = open_detail(qtbot, ctx, workshop.id)
    qtbot.waitUntil(lambda: detail.sessions.data is not None, timeout=5000)
    detail.sessions.holidays()
    dialog = detail.sessions.dialog
    assert isinstance(dialog, AddHolidayDialog)
    assert not dialog.remove_button.isEnabled()  # nothing chosen yet
    dialog.listed.view.setCurrentIndex(dialog.listed.model.index(0, 0))
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(detail.sessions.loaded, timeout=5000):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [h.title for h in services.workshops.holidays()] == ["روز قدس"]
    assert [h.title for h in detail.sessions.data.holidays] == ["روز قدس"]
    assert dialog.isVisible() and dialog.listed.model.rowCount() == 1
    assert "عید فطر" in dialog.remove_notice.text()
    assert "عید فطر" in detail.sessions.notice.text()
    assert [s.session_date for s in services.workshops.sessions(workshop.id)] == dates
    # Someone else removed the last one meanwhile: the service's message, nothing breaks.
    services.workshops.remove_holiday(dialog.holidays[0].id)
    dialog.listed.view.setCurrentIndex(dialog.listed.model.index(0, 0))
    dialog.remove_current()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=5000)
    assert dialog.message.text() == _(HOLIDAY_NOT_FOUND)
    assert dialog.remove_button.isEnabled()


# --- enrolment ---------------------------------------------------------------------------------


def test_enrol_from_search_then_beyond_capacity_goes_to_waiting_list(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People, type_text: TypeText
) -> None:
    people = make_people(3)
    ids = services.participants.register_many(people)
    workshop = new_workshop(services, TODAY + timedelta(days=5), capacity=2)
    detail = open_detail(qtbot, ctx, workshop.id)
    tab = detail.enrolments
    detail.show_tab("enrolments")

    for person in people:
        tab.focus_search()
        with qtbot.waitSignal(tab.searched, timeout=5000):
            type_text(tab.search, f"{person.first_name} {person.last_name}")
        assert len(tab.enabled_results()) == 1
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            press(tab.search, Qt.Key.Key_Return)

    statuses = {e.participant_id: e.status for e, _p in services.workshops.enrolments(workshop.id)}
    assert [statuses[i] for i in ids] == [
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.WAITING,
    ]
    third = f"{people[2].first_name} {people[2].last_name}"
    # Said in words: who, that the workshop is full, and her place in the queue.
    assert third in tab.notice.text() and "۱" in tab.notice.text()
    assert tab.notice.styleSheet() == WARNING_STYLE
    assert tab.enrolled.model.rowCount() == 2 and tab.waiting.model.rowCount() == 1
    assert "پر" in tab.capacity_label.text() or "full" in tab.capacity_label.text()

    # The same person again: the service's message, nothing changes.
    tab.focus_search()
    with qtbot.waitSignal(tab.searched, timeout=5000):
        type_text(tab.search, people[0].first_name + " " + people[0].last_name)
    assert tab.enabled_results() == []  # shown as already on the list, not choosable


def test_add_many_fills_places_then_the_waiting_list_and_withdrawal_promotes(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    """The issue's case: 25 people for 20 places."""
    services.participants.register_many(make_people(30))
    workshop = new_workshop(services, TODAY + timedelta(days=5), capacity=20)
    detail = open_detail(qtbot, ctx, workshop.id)
    tab = detail.enrolments
    tab.add_many()
    dialog = tab.dialog
    assert isinstance(dialog, AddManyDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 30, timeout=5000)
    qtbot.waitUntil(lambda: dialog.neighbourhood.count() > 1, timeout=5000)
    dialog.neighbourhood.setCurrentIndex(dialog.neighbourhood.findData("اسلام‌آباد"))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 10, timeout=5000)
    dialog.neighbourhood.setCurrentIndex(0)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 30, timeout=5000)
    dialog.model.set_all(True)
    for row in range(25, 30):
        dialog.model.toggle(row)
    chosen = dialog.model.checked_ids()
    assert len(chosen) == 25
    assert "۲۰" in dialog.count_label.text() and "۵" in dialog.count_label.text()
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        dialog.enrol()
    assert tab.enrolled.model.rowCount() == 20
    assert tab.waiting.model.rowCount() == 5
    assert "۵" in tab.notice.text()
    summary = services.workshops.summary(workshop.id)
    assert (summary.enrolled, summary.waiting) == (20, 5)
    first_waiting = tab.waiting.model.record(0).cells[1]

    # Withdraw the first enrolled person: the first waiting takes her place, and it is said.
    tab.enrolled.view.setCurrentIndex(tab.enrolled.model.index(0, 1))
    tab._current_table = tab.enrolled
    leaving = tab.enrolled.model.record(0).cells[1]
    tab.withdraw_current()
    withdraw = tab.dialog
    assert isinstance(withdraw, WithdrawDialog)
    withdraw.reason.setText("بیماری فرزند")
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        withdraw.confirm()
    assert leaving in tab.notice.text() and first_waiting in tab.notice.text()
    assert tab.enrolled.model.rowCount() == 20 and tab.waiting.model.rowCount() == 4
    summary = services.workshops.summary(workshop.id)
    assert (summary.enrolled, summary.waiting) == (20, 4)
    qtbot.waitUntil(
        lambda: detail.counts.text() != "" and "۴" in detail.counts.text(), timeout=5000
    )


def test_candidate_model(gui_app: QApplication, services: Services, make_people: People,
                         qtmodeltester: ModelTester) -> None:  # fmt: skip
    ids = services.participants.register_many(make_people(4))
    people = services.participants.search("", limit=10)
    changes: list[int] = []
    model = CandidateModel(on_change=lambda: changes.append(1))
    model.set_candidates([candidate(p, p.id == ids[0]) for p in people])
    qtmodeltester.check(model, force_py=True)
    listed_row = next(r for r in range(4) if model.candidate(r).listed)
    assert not model.flags(model.index(listed_row, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    model.set_all(True)
    assert len(model.checked_ids()) == 3 and ids[0] not in model.checked_ids()
    model.toggle(listed_row)
    assert len(model.checked_ids()) == 3
    model.set_all(False)
    assert model.checked_ids() == [] and changes


def test_enter_on_a_person_asks_for_her_profile(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    [person] = services.participants.register_many(make_people(1))
    workshop = new_workshop(services, TODAY + timedelta(days=5))
    services.workshops.enrol(workshop.id, person)
    detail = open_detail(qtbot, ctx, workshop.id)
    detail.show_tab("enrolments")
    view = detail.enrolments.enrolled.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 1))
    with qtbot.waitSignal(detail.open_participant, timeout=2000) as signal:
        press(view, Qt.Key.Key_Return)
    assert signal.args == [person]


# --- completion --------------------------------------------------------------------------------


def test_completion_says_who_meets_the_rule_and_finishing_marks_them(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    start = TODAY - timedelta(days=30)
    workshop = new_workshop(services, start, capacity=5, share=0.75, min_level=3)
    ids = services.participants.register_many(make_people(3))
    enrolments = [r.enrolment for r in services.workshops.enrol_many(workshop.id, ids)]
    sessions = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=range(7), count=4, hours=3
    )
    for number, enrolment in enumerate(enrolments):
        for session in sessions[: 4 - number]:  # 4, 3 and 2 of 4 sessions
            services.attendance.mark(session.id, enrolment.id, AttendanceMark.PRESENT)
    for person, level in zip(ids, (4, 2, 5), strict=True):
        services.skills.assess(
            AssessmentInput(
                participant_id=person,
                skill_id=carpet(services),
                assessed_on=TODAY - timedelta(days=1),
                level=level,
            )
        )
    detail = open_detail(qtbot, ctx, workshop.id)
    detail.show_tab("completion")
    tab = detail.completion
    assert isinstance(tab, CompletionTab)
    results = {r.cells[0]: r for r in tab.table.model.records()}
    first, second, third = (f"{p.first_name} {p.last_name}" for p in make_people(3))
    assert results[first].cells[4] == _("Meets the rule")
    assert results[second].cells[4] == _("Does not meet the rule")
    assert "۲" in results[second].cells[5]  # level 2 below 3
    assert "۵۰" in results[third].cells[5]  # attendance 50% below 75%
    assert "۱" in tab.totals.text() and "۳" in tab.totals.text()
    assert tab.finish_button.isEnabled()

    tab.show_combo.setCurrentIndex(tab.show_combo.findData("not_met"))
    assert tab.table.model.rowCount() == 2

    tab.finish()
    box = tab.confirm_box
    assert box is not None and "۱" in box.text()
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        box.button(box.StandardButton.Yes).click()
    statuses = {e.participant_id: e.status for e, _p in services.workshops.enrolments(workshop.id)}
    assert statuses[ids[0]] == EnrolmentStatus.COMPLETED
    assert statuses[ids[1]] == EnrolmentStatus.ENROLLED
    assert "۱" in tab.notice.text()
    qtbot.waitUntil(lambda: detail.summary is not None and detail.summary.completed == 1)


def test_finish_is_offered_only_after_the_last_session(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    workshop = new_workshop(services, TODAY - timedelta(days=2))
    services.workshops.generate_schedule(
        workshop.id, start=workshop.start_date, weekdays=range(7), count=8, hours=2
    )
    detail = open_detail(qtbot, ctx, workshop.id)
    assert not detail.completion.finish_button.isEnabled()
    assert detail.completion.finish_hint.isVisibleTo(detail.completion)


# --- the main window ----------------------------------------------------------------------------


def test_main_window_workshops_section_is_the_workshops_page(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    from desktop.gui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.open_page("workshops")
    assert isinstance(page, WorkshopsPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=5000)
    assert page.empty.text() == _("No workshops yet. Press Ctrl+N to plan the first one.")
