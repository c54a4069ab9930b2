"""The main window: side bar, shortcuts, real dashboard figures, honest unavailable pages,
settings (language saved for the next start, user management for managers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.config import load_config
from desktop.domain.digits import format_number
from desktop.domain.enums import UserRole
from desktop.domain.jalali import format_jalali
from desktop.gui.app import configure_application
from desktop.gui.context import GuiContext
from desktop.gui.main_window import SECTIONS, ErrorPage, MainWindow
from desktop.gui.pages.dashboard import DashboardPage
from desktop.gui.pages.settings import AddUserDialog, SettingsPage
from desktop.gui.pages.unavailable import UnavailablePage
from desktop.gui.tasks import TaskRunner
from desktop.i18n import _
from desktop.services.app import Services
from desktop.services.demo import generate_demo
from desktop.services.setup import UserInput
from desktop.services.stats import office_overview

from ..conftest import OFFICE

UNAVAILABLE = ("reports",)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.wait()


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
    qtbot.waitUntil(main.isActiveWindow, timeout=2000)
    return main


def type_into(editor: QLineEdit, text: str) -> None:
    editor.setFocus()
    editor.clear()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_window_title_status_bar_and_size(window: MainWindow, ctx: GuiContext) -> None:
    assert OFFICE.name in window.windowTitle()
    assert "زهرا احمدی" in window.user_label.text()
    assert str(ctx.db_path) in window.database_label.text()
    assert (window.width(), window.height()) == (1366, 768)
    assert window.minimumWidth() < 1366 and window.minimumHeight() < 768
    assert window.current_key() == "dashboard"


def test_side_bar_is_on_the_right_in_right_to_left(window: MainWindow) -> None:
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.sidebar.geometry().left() > window.stack.geometry().left()
    labels = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert labels == [_(section.label_msgid) for section in SECTIONS]


def test_every_side_bar_page_opens(qtbot: QtBot, window: MainWindow) -> None:
    for row, section in enumerate(SECTIONS):
        window.sidebar.setCurrentRow(row)
        assert window.current_key() == section.key
        page = window.pages[section.key]
        assert window.stack.currentWidget() is window.holders[section.key]
        assert page.isVisible()
        assert not isinstance(page, ErrorPage)
    from desktop.gui.pages.participants import ParticipantsPage

    assert isinstance(window.pages["participants"], ParticipantsPage)


def test_keyboard_moves_through_the_side_bar(qtbot: QtBot, window: MainWindow) -> None:
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_key() == "participants"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_End)
    assert window.current_key() == "settings"


def test_ctrl_1_to_7_switch_pages(qtbot: QtBot, window: MainWindow) -> None:
    keys = [getattr(Qt.Key, f"Key_{number}") for number in range(1, 8)]
    for key, section in reversed(list(zip(keys, SECTIONS, strict=True))):
        qtbot.keyClick(window, key, CTRL)
        assert window.current_key() == section.key


def test_ctrl_f_opens_participants_and_focuses_the_search(qtbot: QtBot, window: MainWindow) -> None:
    class FakeRegistry(QWidget):
        searched = 0

        def focus_search(self) -> None:
            self.searched += 1

    fake = FakeRegistry()
    window.factories["participants"] = lambda: fake
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.current_key() == "participants"
    assert window.pages["participants"] is fake
    assert fake.searched == 1


def test_ctrl_q_closes_the_window(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible()


def test_a_broken_page_shows_why_instead_of_crashing(window: MainWindow) -> None:
    def broken() -> QWidget:
        raise RuntimeError("kaput")

    window.factories["reports"] = broken
    page = window.open_page("reports")
    assert isinstance(page, ErrorPage)
    assert "kaput" in page.message.text()


def test_unavailable_pages_say_so(window: MainWindow) -> None:
    notice = _("Not yet available in this version.")
    for key in UNAVAILABLE:
        page = window.open_page(key)
        assert isinstance(page, UnavailablePage)
        assert notice in page.text()
        assert page.description.text()  # one sentence of what it will do
        assert page.heading.text() == _(next(s.label_msgid for s in SECTIONS if s.key == key))


def test_dashboard_numbers_match_the_services(
    qtbot: QtBot, services: Services, ctx: GuiContext
) -> None:
    generate_demo(services.db, services.actor, participants=80, seed=3)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.show()
    dashboard = window.pages["dashboard"]
    assert isinstance(dashboard, DashboardPage)
    overview = office_overview(services.db)
    expected = {
        "participants": overview.participants,
        "interviews": overview.interviews_this_month,
        "workshops": overview.running_workshops,
        "follow_ups": overview.follow_ups_due,
    }
    assert dashboard.figures() == {
        key: format_number(value, persian=True) for key, value in expected.items()
    }
    assert dashboard.figures()["participants"] == "۸۰"
    due = services.outcomes.follow_ups_due()
    table = dashboard.table
    assert table.rowCount() == len(due)
    if due:
        follow_up, participant = due[0]
        first_row = [table.item(0, column).text() for column in range(3)]
        assert first_row[0] == f"{participant.first_name} {participant.last_name}"
        assert first_row[2] == format_jalali(follow_up.due_on, persian_digits=True)
        assert not any(char in "0123456789" for char in "".join(first_row))
    else:
        assert dashboard.empty.isVisibleTo(dashboard)


def test_dashboard_refreshes_when_shown_again(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    from desktop.services.participants import ParticipantInput

    dashboard = window.pages["dashboard"]
    assert isinstance(dashboard, DashboardPage)
    assert dashboard.figures()["participants"] == "۰"
    assert dashboard.empty.isVisibleTo(dashboard)
    window.open_page("settings")
    services.participants.register(ParticipantInput(first_name="مریم", last_name="رضایی"))
    with qtbot.waitSignal(dashboard.loaded, timeout=5000):
        window.open_page("dashboard")
    assert dashboard.figures()["participants"] == "۱"


def settings_page(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: page.data is not None, timeout=5000)
    return page


def test_settings_show_the_office_and_the_signed_in_user(qtbot: QtBot, window: MainWindow) -> None:
    page = settings_page(qtbot, window)
    assert page.office_fields["name"].text() == OFFICE.name
    assert page.office_fields["code"].text() == OFFICE.code
    assert page.user_fields["full_name"].text() == "زهرا احمدی"
    assert page.user_fields["role"].text() == _(UserRole.MANAGER.label_msgid)
    assert page.users_box.isVisibleTo(page)
    assert page.users.rowCount() == 1


def test_language_switch_is_saved_for_the_next_start(qtbot: QtBot, window: MainWindow) -> None:
    page = settings_page(qtbot, window)
    assert page.language.currentData() == "fa"
    page.language.setFocus()
    with qtbot.waitSignal(page.language_saved, timeout=5000):
        qtbot.keyClick(page.language, Qt.Key.Key_Down)  # فارسی -> English
    assert page.language.currentData() == "en"
    assert load_config().language == "en"
    assert page.language_note.text()  # "used the next time Hamyar starts"
    with qtbot.waitSignal(page.language_saved, timeout=5000):
        qtbot.keyClick(page.language, Qt.Key.Key_Up)
    assert load_config().language == "fa"


def add_user_dialog(qtbot: QtBot, page: SettingsPage) -> AddUserDialog:
    dialog = page.add_user()
    assert isinstance(dialog, AddUserDialog)
    qtbot.addWidget(dialog)
    return dialog


def test_manager_adds_a_user(qtbot: QtBot, window: MainWindow, services: Services) -> None:
    page = settings_page(qtbot, window)
    dialog = add_user_dialog(qtbot, page)
    type_into(dialog.full_name, "فاطمه کریمی")
    type_into(dialog.username, "fatemeh.karimi")
    type_into(dialog.password, "another-pass")
    type_into(dialog.repeat, "another-pass")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)  # Enter saves
    assert page.users.rowCount() == 2
    names = {page.users.item(row, 1).text() for row in range(2)}
    assert names == {"manager", "fatemeh.karimi"}
    new = next(user for user in services.users.users() if user.username == "fatemeh.karimi")
    assert new.role == UserRole.FACILITATOR
    assert services.users.authenticate("fatemeh.karimi", "another-pass").user_id == new.id


def test_adding_a_taken_user_name_says_so_next_to_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = settings_page(qtbot, window)
    dialog = add_user_dialog(qtbot, page)
    type_into(dialog.full_name, "زهرا دیگری")
    type_into(dialog.username, "manager")
    type_into(dialog.password, "another-pass")
    type_into(dialog.repeat, "another-pass")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors["username"].isVisible(), timeout=5000)
    assert "manager" in dialog.errors["username"].text()
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.username


def test_adding_a_user_checks_the_repeated_password(qtbot: QtBot, window: MainWindow) -> None:
    page = settings_page(qtbot, window)
    dialog = add_user_dialog(qtbot, page)
    type_into(dialog.password, "another-pass")
    type_into(dialog.repeat, "different")
    dialog.save()
    assert dialog.errors["repeat"].text() == _("The passwords do not match.")
    assert not dialog.busy


def test_a_facilitator_does_not_manage_users(
    qtbot: QtBot, services: Services, runner: TaskRunner, db_path: Path, qapp: QApplication
) -> None:
    configure_application(qapp)
    services.users.create(
        UserInput("maryam", "مریم رضایی", "maryam-pass", role=UserRole.FACILITATOR)
    )
    facilitator = services.users.authenticate("maryam", "maryam-pass")
    ctx = GuiContext(Services(services.db, facilitator), runner, db_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.show()
    page = settings_page(qtbot, window)
    assert not page.users_box.isVisibleTo(page)
    assert page.add_user() is None
    assert "مریم رضایی" in window.user_label.text()


def test_ctrl_f_reaches_the_real_participant_search(qtbot: QtBot, window: MainWindow) -> None:
    pytest.importorskip("desktop.gui.pages.participants")
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    page = window.pages["participants"]
    assert not isinstance(page, ErrorPage)
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()), timeout=5000)


def test_answers_left_by_a_power_cut_are_offered_back_on_start(
    qtbot: QtBot, ctx: GuiContext, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog was never reopened by hand: the main window finds its local autosave."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.gui.intake.interview_dialog import InterviewDialog, autosave_key
    from desktop.services.autosave import AutosaveStore
    from desktop.services.participants import ParticipantInput

    person = services.participants.register(ParticipantInput(first_name="مریم", last_name="رضایی"))
    row = services.intake.start(person.id)
    AutosaveStore().save(
        autosave_key(row.id),
        {
            "kind": "intake-interview",
            "version": 1,
            "interview_id": str(row.id),
            "participant_id": str(person.id),
            "form_id": row.form_id,
            "form_version": row.form_version,
            "interview_date": row.interview_date.isoformat(),
            "raw": {"household_size": "۷"},
            "seq": 3,
        },
    )
    monkeypatch.setattr(InterviewDialog, "auto_restore", True)
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.ready, timeout=10000):
        main.show()
    qtbot.waitUntil(
        lambda: main.recovery_prompt is not None and main.recovery_prompt.isVisible(),
        timeout=5000,
    )
    assert main.recovery_prompt is not None
    main.recovery_prompt.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: bool(main.recovery_dialogs), timeout=5000)
    qtbot.waitUntil(
        lambda: services.intake.get(row.id).answers.get("household_size") == 7, timeout=10000
    )
    for dialog in main.recovery_dialogs:
        dialog.close()
    ctx.runner.wait()


def test_no_prompt_without_unsaved_answers(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.runner.wait()
    qtbot.wait(50)
    assert window.recovery_prompt is None


def test_a_due_follow_up_opens_the_persons_record(
    qtbot: QtBot, services: Services, ctx: GuiContext
) -> None:
    from desktop.gui.pages.participants import ParticipantsPage
    from desktop.gui.pages.profile import ParticipantProfile

    generate_demo(services.db, services.actor, participants=400, seed=5)
    due = services.outcomes.follow_ups_due()
    assert due, "the demo data should have follow-ups due"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.show()
    dashboard = window.pages["dashboard"]
    assert isinstance(dashboard, DashboardPage)
    dashboard.table.setFocus()
    dashboard.table.setCurrentCell(0, 0)
    qtbot.keyClick(dashboard.table, Qt.Key.Key_Return)
    assert window.current_key() == "participants"
    registry = window.pages["participants"]
    assert isinstance(registry, ParticipantsPage)
    assert isinstance(registry.profile, ParticipantProfile)
    assert registry.profile.participant_id == due[0][1].id
