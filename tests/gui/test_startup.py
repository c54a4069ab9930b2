"""Start-up: app-wide direction, font and translators; the launcher's path from opening the
database through the setup wizard or sign-in to the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.config import Config, load_config, save_config
from desktop.domain.errors import render
from desktop.gui import app as app_module
from desktop.gui.app import Launcher, choose_language, configure_application
from desktop.gui.main_window import MainWindow
from desktop.gui.tasks import TaskRunner
from desktop.i18n import _
from desktop.services.base import Actor
from desktop.services.users import WRONG_LOGIN

from ..conftest import MANAGER, OFFICE


@pytest.fixture
def gui(qapp: QApplication) -> Iterator[QApplication]:
    configure_application(qapp)
    yield qapp
    qapp.setQuitOnLastWindowClosed(True)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.wait()


@pytest.fixture
def launchers(runner: TaskRunner) -> Iterator[list[Launcher]]:
    made: list[Launcher] = []
    yield made
    runner.wait()
    for launcher in made:
        for widget in (launcher.window, launcher.login, launcher.wizard, launcher.opening):
            if widget is not None:
                widget.close()
        if launcher.opened is not None and launcher.opened.db is not None:
            launcher.opened.db.dispose()


def launch(
    launchers: list[Launcher],
    db_path: Path,
    runner: TaskRunner,
    autologin: tuple[str, str] | None = None,
) -> Launcher:
    launcher = Launcher(db_path, runner, autologin)
    launchers.append(launcher)
    launcher.start()
    return launcher


def test_application_is_right_to_left_with_vazirmatn(gui: QApplication) -> None:
    assert gui.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert "Vazirmatn" in gui.font().family()


def test_compiled_forms_are_translated_from_our_catalog(gui: QApplication) -> None:
    translated = QCoreApplication.translate("AnyForm", "Participants")
    assert translated == _("Participants") != "Participants"
    # A string the catalog lacks falls through to the source text (never a blank label).
    assert QCoreApplication.translate("AnyForm", "No such msgid here") == "No such msgid here"
    # Qt's own Persian strings are installed too.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"


def test_configuring_again_replaces_the_translators(gui: QApplication) -> None:
    configure_application(gui)
    configure_application(gui)
    assert len(app_module._installed) == 2  # qtbase_fa and ours, not stacked copies


def test_language_comes_from_the_option_then_environment_then_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_config(Config(language="en"))
    assert choose_language() == "en"
    monkeypatch.setenv("HAMYAR_LANG", "fa")
    assert choose_language() == "fa"
    assert choose_language("en") == "en"
    i18n.activate("fa")


def test_no_database_opens_the_setup_wizard(
    qtbot: QtBot, gui: QApplication, db_path: Path, runner: TaskRunner, launchers: list[Launcher]
) -> None:
    launcher = launch(launchers, db_path, runner)
    assert launcher.opening is not None and launcher.opening.isVisible()
    qtbot.waitUntil(
        lambda: launcher.wizard is not None and launcher.wizard.isVisible(), timeout=10000
    )
    assert launcher.opening is None
    assert launcher.login is None and launcher.window is None
    assert not db_path.exists()  # nothing is created before the wizard finishes
    with qtbot.waitSignal(launcher.finished, timeout=2000) as finished:
        assert launcher.wizard is not None
        launcher.wizard.reject()
    assert finished.args == [0]


def test_after_setting_up_the_manager_goes_straight_in(
    qtbot: QtBot, gui: QApplication, db_path: Path, runner: TaskRunner, launchers: list[Launcher]
) -> None:
    launcher = launch(launchers, db_path, runner)
    qtbot.waitUntil(lambda: launcher.wizard is not None, timeout=10000)
    wizard = launcher.wizard
    assert wizard is not None
    ui = wizard.ui
    for editor, text in (
        (ui.province, OFFICE.province),
        (ui.county, OFFICE.county),
        (ui.officeCode, OFFICE.code),
        (ui.officeName, OFFICE.name),
        (ui.fullName, MANAGER.full_name),
        (ui.username, MANAGER.username),
        (ui.password, MANAGER.password),
        (ui.repeat, MANAGER.password),
    ):
        editor.setText(text)
    for _page in range(3):
        wizard.next()
    with qtbot.waitSignal(launcher.main_window_shown, timeout=10000):
        wizard.accept()
    assert isinstance(launcher.window, MainWindow) and launcher.window.isVisible()
    assert launcher.login is None
    assert launcher.window.ctx.services.actor.user_id is not None


def test_sign_in_then_main_window(
    qtbot: QtBot,
    gui: QApplication,
    actor: Actor,
    db_path: Path,
    runner: TaskRunner,
    launchers: list[Launcher],
) -> None:
    launcher = launch(launchers, db_path, runner)
    qtbot.waitUntil(
        lambda: launcher.login is not None and launcher.login.isVisible(), timeout=10000
    )
    login = launcher.login
    assert login is not None
    assert login.ui.officeLabel.text() == OFFICE.name
    login.ui.username.setText(MANAGER.username)
    login.ui.password.setText(MANAGER.password)
    with qtbot.waitSignal(launcher.main_window_shown, timeout=10000):
        login.sign_in()
    window = launcher.window
    assert isinstance(window, MainWindow) and window.isVisible()
    assert window.ctx.services.actor == actor
    assert OFFICE.name in window.windowTitle()
    qtbot.waitUntil(lambda: load_config().last_database == str(db_path), timeout=5000)
    assert gui.quitOnLastWindowClosed()


def test_autologin_skips_the_dialog(
    qtbot: QtBot,
    gui: QApplication,
    actor: Actor,
    db_path: Path,
    runner: TaskRunner,
    launchers: list[Launcher],
) -> None:
    launcher = launch(launchers, db_path, runner, (MANAGER.username, MANAGER.password))
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=10000)
    assert launcher.login is None
    assert launcher.window is not None
    qtbot.waitUntil(lambda: launcher.window is not None and launcher.window.is_ready, timeout=10000)


def test_a_wrong_autologin_falls_back_to_the_dialog(
    qtbot: QtBot,
    gui: QApplication,
    actor: Actor,
    db_path: Path,
    runner: TaskRunner,
    launchers: list[Launcher],
) -> None:
    launcher = launch(launchers, db_path, runner, (MANAGER.username, "wrong-password"))
    qtbot.waitUntil(
        lambda: launcher.login is not None and launcher.login.isVisible(), timeout=10000
    )
    assert launcher.window is None
    assert launcher.login is not None
    assert launcher.login.ui.messageLabel.text() == render(WRONG_LOGIN)


def test_autologin_needs_both_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HAMYAR_AUTOLOGIN_PASSWORD", raising=False)
    monkeypatch.setenv("HAMYAR_AUTOLOGIN", "manager")
    assert Launcher.autologin_from_environment() is None
    monkeypatch.setenv("HAMYAR_AUTOLOGIN_PASSWORD", "secret")
    assert Launcher.autologin_from_environment() == ("manager", "secret")


def test_a_damaged_database_is_reported_not_hidden(
    qtbot: QtBot, gui: QApplication, db_path: Path, runner: TaskRunner, launchers: list[Launcher]
) -> None:
    db_path.write_bytes(b"this is not an SQLite database, it is a shopping list" * 100)
    launcher = launch(launchers, db_path, runner)
    qtbot.waitUntil(lambda: launcher.error is not None, timeout=10000)
    assert launcher.wizard is None and launcher.login is None and launcher.window is None
    with qtbot.waitSignal(launcher.finished, timeout=2000) as finished:
        launcher._error_box.done(0)
    assert finished.args == [1]
    assert db_path.read_bytes().startswith(b"this is not")  # left as it was
