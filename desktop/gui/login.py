"""Signing in: user name and password, checked on the thread pool (scrypt takes ~50 ms+).

Enter signs in, Esc quits. A wrong user name or password shows the service's message inline and
clears the password field. The form itself is ``ui/login_dialog.ui``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLayout, QWidget

from desktop.domain.errors import DomainError
from desktop.gui.forms.ui_login_dialog import Ui_LoginDialog
from desktop.gui.style import error_label, muted, set_message, title
from desktop.gui.tasks import TaskRunner
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services.actor import Actor


class Authenticator(Protocol):
    """What checks a password: :class:`desktop.services.quickstart.SignIn` (the app, before
    SQLAlchemy has loaded) or :class:`desktop.services.users.UserService`."""

    def authenticate(self, username: str, password: str) -> Actor: ...


def has_non_latin_letters(text: str) -> bool:
    """True when ``text`` holds letters outside ASCII: a Persian keyboard layout was on."""
    return any(char.isalpha() and not char.isascii() for char in text)


class LoginDialog(QDialog):
    """``exec()`` returns Accepted with :attr:`actor` set, or Rejected when the person quits."""

    signed_in = Signal(object)  # the Actor

    def __init__(
        self,
        users: Authenticator,
        runner: TaskRunner,
        office_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.users = users
        self.runner = runner
        self.actor: Actor | None = None
        self.busy = False
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call] # generated code
        title(self.ui.titleLabel)
        muted(self.ui.officeLabel)
        self.ui.officeLabel.setText(office_name)
        self.ui.officeLabel.setVisible(bool(office_name))
        error_label(self.ui.messageLabel)
        self.ui.signInButton.clicked.connect(self.sign_in)
        self.ui.quitButton.clicked.connect(self.reject)
        self.ui.username.textEdited.connect(self._check_keyboard)
        self.ui.username.setFocus()
        layout = self.layout()
        if layout is not None:  # as small as the form, growing when a message appears
            layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.adjustSize()
        self.resize(max(self.width(), 440), self.height())

    def _check_keyboard(self, text: str) -> None:
        if has_non_latin_letters(text):
            set_message(
                self.ui.messageLabel,
                _("User names are written in Latin letters: switch the keyboard to English."),
            )
        elif not self.busy:
            set_message(self.ui.messageLabel, "")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.ui.username, self.ui.password, self.ui.signInButton):
            widget.setEnabled(not busy)

    def sign_in(self) -> None:
        if self.busy:
            return
        username = self.ui.username.text().strip()
        password = self.ui.password.text()
        if not username:
            set_message(self.ui.messageLabel, _("Enter your user name."))
            self.ui.username.setFocus()
            return
        if not password:
            set_message(self.ui.messageLabel, _("Enter your password."))
            self.ui.password.setFocus()
            return
        self._set_busy(True)
        set_message(self.ui.messageLabel, "")
        self.runner.run(
            lambda: self.users.authenticate(username, password), self._signed_in, self._refused
        )

    def _signed_in(self, actor: Any) -> None:
        self._set_busy(False)
        self.actor = actor
        self.ui.password.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self._set_busy(False)
        message = (
            str(error)
            if isinstance(error, DomainError)
            else _("Signing in failed: {error}").format(error=error)
        )
        set_message(self.ui.messageLabel, message)
        self.ui.password.clear()
        self.ui.password.setFocus()

    def reject(self) -> None:
        if self.busy:  # the check finishes in a moment; do not leave it half-way
            return
        super().reject()
