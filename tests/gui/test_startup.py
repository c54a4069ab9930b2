"""Start-up: app-wide direction, font and translators; the launcher's path from opening the
database through the setup wizard or sign-in to the main window."""

from __future__ import annotations

import sqlite3
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
from desktop.gui.pages.dashboard import DashboardPage
from desktop.gui.tasks import TaskRunner
from desktop.i18n import _
from desktop.services.base import Actor
from desktop.services.deferred import DeferredDatabase
from desktop.services.users import WRONG_LOGIN
from desktop.store.engine import Database
from desktop.store.migrate import SCHEMA_HEAD

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


# --- the quick start: no SQLAlchemy before the dashboard ------------------------------------

HEAVY = ("sqlalchemy", "alembic", "openpyxl", "reportlab", "faker", "babel", "desktop.cli")


def heavy_modules_after(statements: str) -> str:
    """The heavy modules a fresh interpreter holds after running ``statements``."""
    import subprocess
    import sys

    script = f"import sys\n{statements}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


def test_the_first_screens_import_nothing_heavy() -> None:
    """What the app needs up to the dashboard loads none of the heavy libraries (SQLAlchemy
    and the models, Alembic, the spreadsheet and PDF libraries, Faker, Babel's parser)."""
    statements = (
        "import desktop.gui.app, desktop.gui.login, desktop.gui.main_window\n"
        "import desktop.gui.pages.dashboard, desktop.services.quickstart\n"
        "import desktop.services.app, desktop.services.deferred, desktop.i18n"
    )
    assert heavy_modules_after(statements) == "[]"


def test_the_hamyar_command_imports_nothing_heavy_before_the_gui() -> None:
    """``hamyar`` / ``python -m desktop`` parse their options before opening the app: the
    sub-commands' libraries load only when a sub-command runs."""
    statements = "import desktop.cli\ndesktop.cli.build_parser()"
    assert heavy_modules_after(statements) == "['desktop.cli']"


def test_a_ready_database_signs_in_before_the_database_layer_opens(
    qtbot: QtBot,
    gui: QApplication,
    actor: Actor,
    db_path: Path,
    runner: TaskRunner,
    launchers: list[Launcher],
) -> None:
    launcher = Launcher(db_path, runner, (MANAGER.username, MANAGER.password))
    launchers.append(launcher)
    seen_at_ready: list[bool] = []

    def shown(window: MainWindow) -> None:
        deferred = launcher.opened.db if launcher.opened else None
        assert isinstance(deferred, DeferredDatabase)
        window.ready.connect(lambda: seen_at_ready.append(deferred.is_open))

    launcher.main_window_shown.connect(shown)
    launcher.start()
    qtbot.waitUntil(lambda: bool(seen_at_ready), timeout=10000)
    assert seen_at_ready == [False]  # the dashboard was ready before the database layer opened
    window = launcher.window
    assert window is not None and window.ctx.services.actor == actor
    dashboard = window.page("dashboard")
    assert isinstance(dashboard, DashboardPage) and dashboard.data is not None
    assert dashboard.data.overview.office_name == OFFICE.name
    assert dashboard.figures()["participants"] == "۰"
    assert "زهرا احمدی" in window.user_label.text()
    # Then the pool opens it (the schema check, PRAGMA optimize) for the other pages.
    opened = launcher.opened.db if launcher.opened else None
    assert isinstance(opened, DeferredDatabase)
    qtbot.waitUntil(lambda: opened.is_open, timeout=10000)
    assert window.ctx.services.participants.search("") == []


def test_a_database_due_for_a_migration_takes_the_full_path(
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    gui: QApplication,
    actor: Actor,
    db_path: Path,
    runner: TaskRunner,
    launchers: list[Launcher],
) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'older'")
    calls: list[Path] = []
    real_open_office = app_module.open_office

    def open_office(path: Path) -> app_module.Opened:
        calls.append(path)
        # Stands in for the migration the full path would run: only the version is "old".
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (SCHEMA_HEAD,))
        return real_open_office(path)

    monkeypatch.setattr(app_module, "open_office", open_office)
    launcher = launch(launchers, db_path, runner, (MANAGER.username, MANAGER.password))
    qtbot.waitUntil(lambda: launcher.window is not None and launcher.window.is_ready, timeout=10000)
    assert calls == [db_path]
    assert launcher.opened is not None and isinstance(launcher.opened.db, Database)
