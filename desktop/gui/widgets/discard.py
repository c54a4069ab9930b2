"""The "close without saving?" question editors ask, without blocking (``open``, not ``exec``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_discard(
    parent: QWidget, title: str, text: str, decided: Callable[[bool], None]
) -> QMessageBox:
    """Open the question window-modally; ``decided(True)`` when the person chose Discard.

    Cancel is both the default and the Esc button: pressing Esc twice never throws typed text
    away. Returns the open box (callers keep it to ignore a second close while it is up).
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    discard = box.addButton(QMessageBox.StandardButton.Discard)
    keep = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.finished.connect(lambda _result: decided(box.clickedButton() is discard))
    box.open()
    return box


__all__ = ["ask_to_discard"]
