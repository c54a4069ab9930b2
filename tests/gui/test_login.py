"""Signing in: the service's message inline on a wrong password, the actor on a right one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.domain.errors import render
from desktop.gui.app import configure_application
from desktop.gui.login import LoginDialog, has_non_latin_letters
from desktop.gui.tasks import TaskRunner
from desktop.services.app import Services
from desktop.services.base import Actor
from desktop.services.users import WRONG_LOGIN, UserService

from ..conftest import MANAGER, OFFICE


@pytest.fixture
def dialog(qapp: QApplication, qtbot: QtBot, services: Services) -> Iterator[LoginDialog]:
    configure_application(qapp)
    runner = TaskRunner()
    # Before signing in there is no user yet: the office's actor without one.
    users = UserService(services.db, Actor(office_code=OFFICE.code))
    login = LoginDialog(users, runner, OFFICE.name)
    qtbot.addWidget(login)
    login.show()
    qtbot.waitExposed(login)
    yield login
    runner.wait()


def type_into(editor: QLineEdit, text: str) -> None:
    editor.setFocus()
    editor.clear()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_shows_the_office_and_starts_in_the_user_name(dialog: LoginDialog) -> None:
    assert dialog.ui.officeLabel.text() == OFFICE.name
    assert dialog.focusWidget() is dialog.ui.username
    assert dialog.ui.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.ui.signInButton.isDefault()
    assert not dialog.ui.messageLabel.isVisible()


def test_wrong_password_shows_the_service_message_and_clears_the_field(
    qtbot: QtBot, dialog: LoginDialog
) -> None:
    type_into(dialog.ui.username, MANAGER.username)
    type_into(dialog.ui.password, "not-the-password")
    dialog.ui.signInButton.click()
    qtbot.waitUntil(lambda: dialog.ui.messageLabel.isVisible() and not dialog.busy, timeout=5000)
    assert dialog.ui.messageLabel.text() == render(WRONG_LOGIN)
    assert dialog.ui.messageLabel.text() != WRONG_LOGIN  # Persian, not the English msgid
    assert dialog.ui.password.text() == ""
    assert dialog.ui.username.text() == MANAGER.username
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.focusWidget() is dialog.ui.password


def test_unknown_user_gets_the_same_message(qtbot: QtBot, dialog: LoginDialog) -> None:
    type_into(dialog.ui.username, "nobody")
    type_into(dialog.ui.password, "whatever-it-is")
    dialog.sign_in()
    qtbot.waitUntil(lambda: dialog.ui.messageLabel.isVisible() and not dialog.busy, timeout=5000)
    assert dialog.ui.messageLabel.text() == render(WRONG_LOGIN)


def test_enter_signs_in_with_the_right_password(
    qtbot: QtBot, dialog: LoginDialog, actor: Actor
) -> None:
    type_into(dialog.ui.username, "  Manager ")  # spaces and capitals are forgiven
    type_into(dialog.ui.password, MANAGER.password)
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signed_in:
        qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)
    assert signed_in.args[0] == actor
    assert dialog.actor == actor and dialog.actor.user_id is not None
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.ui.password.text() == ""  # not kept in memory longer than needed


def test_empty_fields_are_asked_for_without_a_round_trip(dialog: LoginDialog) -> None:
    dialog.sign_in()
    assert dialog.ui.messageLabel.isVisible() and not dialog.busy
    assert dialog.focusWidget() is dialog.ui.username


def test_escape_quits(qtbot: QtBot, dialog: LoginDialog) -> None:
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_a_persian_keyboard_layout_is_pointed_out(dialog: LoginDialog) -> None:
    type_into(dialog.ui.username, "مدیر")
    assert dialog.ui.messageLabel.isVisible()
    assert has_non_latin_letters("مدیر") and not has_non_latin_letters("zahra.ahmadi_2")
