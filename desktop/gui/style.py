"""Small shared looks: inline error messages, page titles, muted notes.

Colours are few and named here so every screen agrees; fonts come from the application font
(Vazirmatn), only their size and weight change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#b3261e"
MUTED_COLOUR = "#5f6368"
ACCENT_COLOUR = "#00695c"


def ltr(text: str) -> str:
    """Keep a left-to-right piece (a file path, a user name) whole inside right-to-left text.

    Without the isolate a path such as ``/tmp/office.sqlite3`` after Persian words shows its
    leading slash at the wrong end.
    """
    return f"\u2066{text}\u2069"  # LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE


def leading(label: QLabel, vertical: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignVCenter) -> QLabel:
    """Align to the start of the interface's direction (the right in Persian) whatever the text.

    QLabel aligns plain text by the text's own direction, so "URM01", a file path or a number
    would sit on the left of a right-to-left form; an absolute alignment keeps every value at
    the same edge as its neighbours.
    """
    rtl = label.layoutDirection() == Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | vertical)
    return label


def error_label(label: QLabel) -> QLabel:
    """An inline message under a field: red, wrapped, hidden while empty."""
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    leading(label)
    set_message(label, "")
    return label


def set_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def muted(label: QLabel, *, wrap: bool = True) -> QLabel:
    label.setStyleSheet(f"color: {MUTED_COLOUR};")
    label.setWordWrap(wrap)
    return leading(label)


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    font.setBold(bold)
    return font


def title(label: QLabel, factor: float = 1.6) -> QLabel:
    label.setFont(scaled_font(label, factor, bold=True))
    return leading(label)
