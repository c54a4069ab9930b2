"""The small dialogs of the workshop screens share one shape: a form whose fields show the
service's messages inline, an OK button disabled while anything is wrong, the work done on the
thread pool, and the dialog closed only when the service said yes. Enter confirms, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, set_message
from desktop.gui.widgets.errors import show_failure
from desktop.i18n import _


class ActionDialog(QDialog):
    """Subclasses add fields with :meth:`add_row`, implement :meth:`problems` (field → message)
    and :meth:`work` (runs on the pool; its result is kept in ``result``)."""

    def __init__(self, ctx: GuiContext, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self.busy = False
        self.setWindowTitle(title)
        self.setModal(True)
        self.error_labels: dict[str, QLabel] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.layout_.addLayout(self.form)
        self.message = error_label(QLabel())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        """Call once the fields are added: message and buttons go last."""
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)
        self.ok_button.setDefault(True)

    def add_row(self, label_text: str, field: QWidget, name: str | None = None) -> QLabel | None:
        """A labelled field with its own message line under it (when ``name`` is given)."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        message = None
        if name is not None:
            message = error_label(QLabel())
            message.setObjectName(f"error-{name}")
            self.error_labels[name] = message
            column.addWidget(message)
        if label_text:
            label = QLabel(label_text)
            label.setBuddy(field)
            self.form.addRow(label, holder)
        else:
            self.form.addRow(holder)
        return message

    # --- for subclasses ----------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        return {}

    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    # --- validation --------------------------------------------------------------------------

    def revalidate(self) -> None:
        if not shiboken6.isValid(self.ok_button):
            return  # a field's last signal while the dialog is being destroyed
        found = self.problems()
        leftovers = []
        for name, message in found.items():
            if name not in self.error_labels:
                leftovers.append(message)
        for name, label in self.error_labels.items():
            set_message(label, found.get(name, ""))
        if not self.busy:
            set_message(self.message, "\n".join(leftovers))
        self.ok_button.setEnabled(not found and not self.busy)

    def confirm(self) -> None:
        self.revalidate()
        if not self.ok_button.isEnabled():
            return
        self.busy = True
        self.ok_button.setEnabled(False)
        set_message(self.message, "")
        self.ctx.runner.run(
            self.work(), alive_callback(self, self._done), alive_callback(self, self._failed)
        )

    def _done(self, result: Any) -> None:
        self.busy = False
        self.result_value = result
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        show_failure(error, self.error_labels, self.message, _("That did not work: {error}"))

    def reject(self) -> None:
        if not self.busy:
            super().reject()


def open_action(dialog: ActionDialog, on_done: Callable[[Any], None]) -> ActionDialog:
    """Show ``dialog`` window-modal (not blocking); ``on_done(result)`` after success."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: on_done(dialog.result_value))
    dialog.open()
    return dialog


__all__ = ["ActionDialog", "open_action"]
