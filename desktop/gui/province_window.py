"""The province mode of the app: ``hamyar --db PROVINCE.sqlite3`` on a database made by
``hamyar province init``.

Start: the launcher finds a province database and hands over to :class:`ProvinceStart`. The
province's accounts live in the same ``users`` table as an office's, with the province's own
origin (``PROVINCE``); office accounts that arrive in bundles carry no password hash, so nobody
can sign in to the province with an office's account. The first time the province database is
opened it has no account: :class:`ProvinceAccountDialog` creates the province manager (the same
trust as an office's setup wizard: whoever holds the new database file sets it up); from then on
the usual sign-in dialog is required.

Window: Sync (:class:`ProvinceSyncPage`), Reports (not in this version yet), Settings (the
province, its key fingerprint, the database file, the language).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.domain.errors import N_, DomainError, ValidationError, ValidationErrors
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, leading, ltr, muted, scaled_font, set_message, title
from desktop.gui.tasks import TaskRunner
from desktop.i18n import _
from desktop.services.actor import Actor

log = logging.getLogger(__name__)

PROVINCE_CODE = "PROVINCE"  # the province's origin code (desktop.services.taxonomy)
SECTIONS = (("sync", N_("Sync")), ("reports", N_("Reports")), ("settings", N_("Settings")))


@dataclass(frozen=True)
class ProvinceState:
    name: str
    fingerprint: str
    has_accounts: bool


def read_province_state(db: Any) -> ProvinceState:
    """Runs on the thread pool: the province and whether it has a sign-in account yet."""
    from desktop.services.province import ProvinceService
    from desktop.services.users import UserService

    info = ProvinceService(db).open()
    accounts = UserService(db, Actor(office_code=PROVINCE_CODE)).users()
    return ProvinceState(info.name, info.fingerprint, any(u.password_hash for u in accounts))


def create_province_account(db: Any, username: str, full_name: str, password: str) -> Actor:
    """Runs on the thread pool: the province's first account (a manager), refused if one
    exists already (so this can never replace the manager of a province in use)."""
    from desktop.domain.errors import StateError
    from desktop.services.setup import UserInput
    from desktop.services.users import UserService

    service = UserService(db, Actor(office_code=PROVINCE_CODE))
    if any(u.password_hash for u in service.users()):
        raise StateError(N_("This province already has an account; sign in with it."))
    user = service.create(UserInput(username=username, full_name=full_name, password=password))
    return Actor(office_code=PROVINCE_CODE, user_id=user.id)


class ProvinceAccountDialog(QDialog):
    """The province's first account: full name, user name, password twice."""

    created = Signal(object)  # Actor

    def __init__(
        self, db: Any, runner: TaskRunner, province: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.busy = False
        self.setWindowTitle(_("Hamyar — province {name}").format(name=province))
        layout = QVBoxLayout(self)
        layout.addWidget(title(QLabel(_("Province account")), 1.3))
        intro = muted(
            QLabel(
                _(
                    "This province database has no account yet. Create the account that signs "
                    "in to it; Hamyar will ask for it every time the province database is opened."
                )
            )
        )
        layout.addWidget(intro)
        form = QFormLayout()
        self.full_name = QLineEdit()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for editor in (self.password, self.repeat):
            editor.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Full name:"), self.full_name)
        form.addRow(_("&User name:"), self.username)
        form.addRow(_("&Password:"), self.password)
        form.addRow(_("&Repeat the password:"), self.repeat)
        layout.addLayout(form)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create the account"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 320)

    def problem(self) -> str:
        from desktop.services.setup import UserInput, validate_user

        try:
            validate_user(
                UserInput(
                    username=self.username.text(),
                    full_name=self.full_name.text(),
                    password=self.password.text(),
                )
            )
        except (ValidationError, ValidationErrors) as error:
            problems = error.errors if isinstance(error, ValidationErrors) else [error]
            return problems[0].message
        if self.password.text() != self.repeat.text():
            return _("The passwords do not match.")
        return ""

    def save(self) -> None:
        if self.busy:
            return
        problem = self.problem()
        set_message(self.message, problem)
        if problem:
            return
        db, username = self.db, self.username.text()
        full_name, password = self.full_name.text(), self.password.text()
        self.busy = True
        self.buttons.setEnabled(False)
        self.runner.run(
            lambda: create_province_account(db, username, full_name, password),
            alive_callback(self, self._created),
            alive_callback(self, self._failed),
        )

    def _created(self, actor: Any) -> None:
        self.busy = False
        self.created.emit(actor)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        set_message(self.message, str(error) if isinstance(error, DomainError) else repr(error))

    def reject(self) -> None:
        if not self.busy:
            super().reject()


class ProvinceStart(QObject):
    """Province database found: sign in (or create the first account), then the window."""

    finished = Signal(int)  # the person quit before the window (0) or it failed (1)
    window_shown = Signal(object)  # ProvinceWindow
    dialog_shown = Signal()

    def __init__(
        self,
        db_path: Path,
        db: Any,
        runner: TaskRunner,
        autologin: tuple[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.db = db
        self.runner = runner
        self.autologin = autologin
        self.state: ProvinceState | None = None
        self.dialog: QDialog | None = None
        self.window: ProvinceWindow | None = None

    def start(self) -> None:
        db = self.db
        self.runner.run(
            lambda: read_province_state(db),
            alive_callback(self, self._state_read),
            alive_callback(self, self._failed),
        )

    def _failed(self, error: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox

        log.error("the province database could not be opened", exc_info=error)
        self.dialog_shown.emit()
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            _("Hamyar"),
            _("The province database could not be opened: {error}").format(error=error),
        )
        box.finished.connect(lambda _result: self.finished.emit(1))
        self.error_box = box
        box.open()

    def _state_read(self, state: Any) -> None:
        assert isinstance(state, ProvinceState)
        self.state = state
        if not state.has_accounts:
            dialog = ProvinceAccountDialog(self.db, self.runner, state.name)
            dialog.created.connect(self._show_window)
            dialog.rejected.connect(lambda: self.finished.emit(0))
            self.dialog = dialog
            dialog.show()
            self.dialog_shown.emit()
            return
        if self.autologin is not None:
            from desktop.services.quickstart import SignIn

            username, password = self.autologin
            sign_in = SignIn(self.db_path, PROVINCE_CODE)
            self.runner.run(
                lambda: sign_in.authenticate(username, password),
                alive_callback(self, self._show_window),
                alive_callback(self, lambda _error: self._ask_login()),
            )
            return
        self._ask_login()

    def _ask_login(self) -> None:
        from desktop.gui.login import LoginDialog
        from desktop.services.quickstart import SignIn

        assert self.state is not None
        login = LoginDialog(
            SignIn(self.db_path, PROVINCE_CODE),
            self.runner,
            _("Province {name}").format(name=self.state.name),
        )
        login.signed_in.connect(self._show_window)
        login.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = login
        login.show()
        self.dialog_shown.emit()

    def _show_window(self, actor: Any) -> None:
        from desktop.services.app import Services

        assert self.state is not None
        ctx = GuiContext(Services(self.db, actor), self.runner, self.db_path)
        self.window = ProvinceWindow(ctx, self.state)
        self.window.show()
        self.dialog_shown.emit()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(True)
        self.window_shown.emit(self.window)


class ProvinceSettingsPage(QWidget):
    """The province, the fingerprint offices compare, the database file, the language."""

    def __init__(self, ctx: GuiContext, state: ProvinceState, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(14)
        layout.addWidget(title(QLabel(_("Settings"))))
        box = QGroupBox(_("Province"))
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.fields: dict[str, QLabel] = {}
        for key, label, value in (
            ("name", _("Province:"), state.name),
            ("fingerprint", _("Province key fingerprint:"), ltr(state.fingerprint)),
            ("database", _("Database file:"), ltr(str(ctx.db_path))),
        ):
            shown = leading(QLabel(value))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = shown
            form.addRow(label, shown)
        layout.addWidget(box)
        layout.addWidget(
            muted(
                QLabel(
                    _(
                        "Offices compare this fingerprint with the one their enrolment file "
                        "shows. Keep the province database and the key files in the data folder "
                        "on this computer only, and back them up."
                    )
                )
            )
        )
        language_box = QGroupBox(_("Language"))
        language_form = QFormLayout(language_box)
        from desktop.gui.pages.settings import LANGUAGE_CHOICES

        self.language = QComboBox()
        for code, name in LANGUAGE_CHOICES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.language())))
        self.language.activated.connect(self._language_chosen)
        self.language_note = muted(QLabel(""))
        language_form.addRow(_("Interface &language:"), self.language)
        language_form.addRow("", self.language_note)
        layout.addWidget(language_box)
        layout.addStretch(1)

    def _language_chosen(self, index: int) -> None:
        from desktop.gui.pages.settings import save_language

        code = str(self.language.itemData(index))
        self.ctx.runner.run(
            lambda: save_language(code),
            alive_callback(
                self,
                lambda _saved: self.language_note.setText(
                    _("The language changes the next time Hamyar starts.")
                ),
            ),
            alive_callback(self, lambda error: self.language_note.setText(str(error))),
        )


class ProvinceWindow(QMainWindow):
    """Side bar (Sync, Reports, Settings) and the pages, built when first opened."""

    DEFAULT_SIZE = QSize(1366, 768)

    def __init__(self, ctx: GuiContext, state: ProvinceState, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.state = state
        self.setWindowTitle(_("Hamyar — province {name}").format(name=state.name))
        self.setMinimumSize(QSize(760, 520))
        self.resize(self.DEFAULT_SIZE)
        self.pages: dict[str, QWidget] = {}
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFont(scaled_font(self.sidebar, 1.15))
        self.sidebar.setFixedWidth(200)
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { background: palette(window); border: none;"
            " padding-top: 12px; }"
            " QListWidget#sidebar::item { padding: 10px 16px; }"
            " QListWidget#sidebar::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.stack = QStackedWidget()
        self.holders: dict[str, QWidget] = {}
        for number, (key, label) in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(_(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(_("{section} (Ctrl+{number})").format(section=_(label), number=number))
            self.sidebar.addItem(item)
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.holders[key] = holder
            self.stack.addWidget(holder)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(partial(self.open_page, key))
        QShortcut(QKeySequence("Ctrl+Q"), self).activated.connect(self.close)
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(self.sidebar)
        layout.addWidget(divider)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._row_changed)
        self.statusBar().addWidget(leading(QLabel(_("Province {name}").format(name=state.name))), 1)
        self.statusBar().addPermanentWidget(
            muted(QLabel(_("Database: {path}").format(path=ltr(str(ctx.db_path)))), wrap=False)
        )
        self.open_page("sync")
        self.sidebar.setFocus()

    def _build(self, key: str) -> QWidget:
        if key == "sync":
            from desktop.gui.sync.province_page import ProvinceSyncPage

            return ProvinceSyncPage(self.ctx)
        if key == "reports":
            from desktop.gui.pages.unavailable import UnavailablePage

            return UnavailablePage(
                _("Reports"),
                _(
                    "Provincial reports (all offices by Jalali month, quarter and year) arrive "
                    "in a later version."
                ),
            )
        return ProvinceSettingsPage(self.ctx, self.state)

    def page(self, key: str) -> QWidget:
        if key not in self.pages:
            page = self._build(key)
            page.setObjectName(f"page-{key}")
            self.pages[key] = page
            holder_layout = self.holders[key].layout()
            assert holder_layout is not None
            holder_layout.addWidget(page)
        return self.pages[key]

    def open_page(self, key: str) -> QWidget:
        keys = [k for k, _label in SECTIONS]
        page = self.page(key)
        row = keys.index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)
        else:
            self.stack.setCurrentWidget(self.holders[key])
        return page

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = SECTIONS[row][0]
        self.page(key)
        self.stack.setCurrentWidget(self.holders[key])
