"""Settings: the interface language, the office, the signed-in user and (for managers) users.

The language is saved to ``settings.json`` and used from the next start (every screen would have
to be rebuilt to switch now; the page says so). Office details are read-only here. Managers see
the office's users and add new ones through ``UserService``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.config import load_config, save_config
from desktop.domain.enums import UserRole
from desktop.domain.errors import DomainError, ValidationErrors
from desktop.gui.context import GuiContext
from desktop.gui.style import error_label, leading, muted, set_message, title
from desktop.i18n import _
from desktop.services.app import Services
from desktop.services.office import OfficeDetails, UserDetails, office_details, user_details
from desktop.services.setup import UserInput

log = logging.getLogger(__name__)

# Language names are written in their own language, whatever the interface language is.
LANGUAGE_CHOICES = (("fa", "فارسی"), ("en", "English"))


@dataclass(frozen=True)
class SettingsData:
    office: OfficeDetails
    user: UserDetails
    users: list[UserDetails]  # empty unless the signed-in user is a manager


def load_settings(services: Services) -> SettingsData:
    """Runs on the thread pool."""
    user = user_details(services.db, services.actor)
    users: list[UserDetails] = []
    if user.is_manager:
        users = [
            UserDetails(
                id=row.id,
                username=row.username,
                full_name=row.full_name,
                role=row.role,
                active=row.active,
            )
            for row in services.users.users()
        ]
    return SettingsData(office=office_details(services.db), user=user, users=users)


def save_language(language: str) -> str:
    """Runs on the thread pool: keep every other setting, change the language."""
    save_config(load_config().with_language(language))
    return language


def role_label(role: UserRole) -> str:
    return _(role.label_msgid)


class AddUserDialog(QDialog):
    """A new user of the office: full name, user name, role and password (typed twice)."""

    FIELDS: ClassVar[dict[str, str]] = {
        "full_name": "full_name",
        "username": "username",
        "password": "password",
    }

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.created: Any = None
        self.setWindowTitle(_("Add a user"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.full_name = QLineEdit()
        self.username = QLineEdit()
        self.username.setPlaceholderText(_("Latin letters, e.g. zahra.ahmadi"))
        self.role = QComboBox()
        for role in (UserRole.FACILITATOR, UserRole.MANAGER):
            self.role.addItem(role_label(role), role)
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for editor in (self.password, self.repeat):
            editor.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors: dict[str, QLabel] = {}
        rows: tuple[tuple[str, str, QWidget], ...] = (
            ("full_name", _("&Full name:"), self.full_name),
            ("username", _("&User name:"), self.username),
            ("role", _("&Role:"), self.role),
            ("password", _("&Password:"), self.password),
            ("repeat", _("&Repeat the password:"), self.repeat),
        )
        for key, label, field in rows:
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, field)
            self.errors[key] = error_label(QLabel())
            form.addRow("", self.errors[key])
        layout.addLayout(form)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.full_name.setFocus()

    def data(self) -> UserInput:
        return UserInput(
            username=self.username.text(),
            full_name=self.full_name.text(),
            password=self.password.text(),
            role=self.role.currentData(),
        )

    def _show_problems(self, problems: dict[str, str]) -> None:
        for key, label in self.errors.items():
            set_message(label, problems.get(key, ""))

    def save(self) -> None:
        if self.busy:
            return
        problems: dict[str, str] = {}
        if self.password.text() != self.repeat.text():
            problems["repeat"] = _("The passwords do not match.")
        self._show_problems(problems)
        set_message(self.message, "")
        if problems:
            self.repeat.setFocus()
            return
        data = self.data()
        users = self.ctx.services.users
        self._set_busy(True)
        self.ctx.runner.run(lambda: users.create(data), self._created, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.setEnabled(not busy)

    def _created(self, user: Any) -> None:
        self._set_busy(False)
        self.created = user
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        found: list[DomainError] = []
        if isinstance(error, ValidationErrors):
            found = list(error.errors)
        elif isinstance(error, DomainError) and error.field in self.FIELDS:
            found = [error]  # e.g. the user name is taken
        problems: dict[str, str] = {}
        for problem in reversed(found):
            problems[self.FIELDS.get(problem.field or "", "full_name")] = problem.message
        self._show_problems(problems)
        if not found:
            message = (
                str(error)
                if isinstance(error, DomainError)
                else _("The user could not be added: {error}").format(error=error)
            )
            set_message(self.message, message)
            return
        editors: dict[str, QWidget] = {
            "full_name": self.full_name,
            "username": self.username,
            "password": self.password,
        }
        first = next(key for key in editors if key in problems)
        editors[first].setFocus()

    def reject(self) -> None:
        if not self.busy:
            super().reject()


class SettingsPage(QWidget):
    loaded = Signal()
    language_saved = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: SettingsData | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(14)
        layout.addWidget(title(QLabel(_("Settings"))))
        self.message = error_label(QLabel())
        layout.addWidget(self.message)

        # Office and signed-in user, side by side; then the language.
        top = QHBoxLayout()
        top.setSpacing(14)
        self.office_box = QGroupBox(_("Office"))
        self.office_form = self._form(self.office_box)
        self.office_fields: dict[str, QLabel] = {}
        for key, label in (
            ("name", _("Office name:")),
            ("code", _("Office code:")),
            ("county", _("County:")),
            ("province", _("Province:")),
            ("database", _("Database file:")),
        ):
            value = leading(QLabel("…"))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.office_fields[key] = value
            self.office_form.addRow(label, value)
        self.office_fields["database"].setText(str(ctx.db_path))
        self.office_fields["database"].setWordWrap(False)  # a path reads badly broken up
        top.addWidget(self.office_box, 3)

        self.user_box = QGroupBox(_("Signed in"))
        user_form = self._form(self.user_box)
        self.user_fields: dict[str, QLabel] = {}
        for key, label in (
            ("full_name", _("Name:")),
            ("username", _("User name:")),
            ("role", _("Role:")),
        ):
            value = leading(QLabel("…"))
            self.user_fields[key] = value
            user_form.addRow(label, value)
        top.addWidget(self.user_box, 2)
        layout.addLayout(top)

        language_box = QGroupBox(_("Language"))
        language_layout = self._form(language_box)
        self.language = QComboBox()
        for code, name in LANGUAGE_CHOICES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.language())))
        self.language.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.language.setMinimumWidth(180)
        caption = QLabel(_("Interface &language:"))
        caption.setBuddy(self.language)
        self.language_note = muted(QLabel(""))
        self.language_note.setObjectName("languageNote")
        row = QHBoxLayout()
        row.addWidget(self.language)
        row.addWidget(self.language_note, 1)
        language_layout.addRow(caption, row)
        self.language.activated.connect(self._language_chosen)
        layout.addWidget(language_box)

        # Users (managers only)
        self.users_box = QGroupBox(_("Users of this office"))
        users_layout = QVBoxLayout(self.users_box)
        self.users_note = muted(QLabel(""))
        users_layout.addWidget(self.users_note)
        self.users = QTableWidget(0, 4)
        self.users.setObjectName("users")
        self.users.setHorizontalHeaderLabels([_("Name"), _("User name"), _("Role"), _("Status")])
        self.users.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users.setTabKeyNavigation(False)
        self.users.verticalHeader().setVisible(False)
        self.users.setMinimumHeight(140)
        header = self.users.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        users_layout.addWidget(self.users)
        buttons = QHBoxLayout()
        self.add_user_button = QPushButton(_("&Add a user…"))
        self.add_user_button.clicked.connect(self.add_user)
        buttons.addWidget(self.add_user_button)
        buttons.addStretch(1)
        users_layout.addLayout(buttons)
        self.users_box.hide()
        layout.addWidget(self.users_box)
        layout.addStretch(1)
        self.refresh()

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        services = self.ctx.services
        self.ctx.runner.run(lambda: load_settings(services), self._show, self._failed)

    def _show(self, data: Any) -> None:
        assert isinstance(data, SettingsData)
        self.data = data
        office = data.office
        for key, text in (
            ("name", office.name),
            ("code", office.code),
            ("county", office.county),
            ("province", office.province),
        ):
            self.office_fields[key].setText(text)
        user = data.user
        self.user_fields["full_name"].setText(user.full_name)
        self.user_fields["username"].setText(user.username)
        self.user_fields["role"].setText(role_label(user.role))
        self.users_box.setVisible(user.is_manager)
        if user.is_manager:
            self._fill_users(data.users)
        set_message(self.message, "")
        self.loaded.emit()

    def _fill_users(self, users: list[UserDetails]) -> None:
        self.users.setRowCount(len(users))
        for row, user in enumerate(users):
            status = _("Active") if user.active else _("Inactive")
            for column, text in enumerate(
                (user.full_name, user.username, role_label(user.role), status)
            ):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
                self.users.setItem(row, column, cell)
        self.users_note.setText(
            _("Each person signs in with their own account. Only office managers add users.")
        )

    def _failed(self, error: Exception) -> None:
        log.error("settings could not be loaded", exc_info=error)
        set_message(self.message, _("The settings could not be read: {error}").format(error=error))
        self.loaded.emit()

    # --- language -----------------------------------------------------------------------------

    def _language_chosen(self, index: int) -> None:
        language = str(self.language.itemData(index))
        self.ctx.runner.run(lambda: save_language(language), self._language_done, self._failed_save)

    def _language_done(self, language: Any) -> None:
        if language == i18n.language():
            self.language_note.setText("")
        else:
            self.language_note.setText(
                _("Saved. Hamyar uses the new language the next time it starts.")
            )
        self.language_saved.emit(str(language))

    def _failed_save(self, error: Exception) -> None:
        set_message(self.message, _("The setting could not be saved: {error}").format(error=error))

    # --- users --------------------------------------------------------------------------------

    def add_user(self) -> AddUserDialog | None:
        """Open the dialog (modal); refresh the list when a user was added."""
        if self.data is None or not self.data.user.is_manager:
            return None
        dialog = AddUserDialog(self.ctx, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog
