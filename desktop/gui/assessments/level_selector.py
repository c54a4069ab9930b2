"""Choosing a level on the scale: one button per level, number and name on each.

The whole row takes keyboard focus once (Tab does not stop on each button): the digit keys
1…5 in any script choose a level, the arrow keys move along the row in its visual direction,
Delete clears it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QWidget

from desktop.domain.digits import to_ascii_digits
from desktop.domain.levels import LEVEL_MAX, LEVEL_MIN, LEVEL_NAMES
from desktop.gui.style import ACCENT_COLOUR
from desktop.i18n import _, localise_digits

STYLE = f"""
QFrame#levelSelector {{ border: 2px solid transparent; border-radius: 6px; }}
QFrame#levelSelector[focused="true"] {{ border-color: {ACCENT_COLOUR}; }}
QFrame#levelSelector QPushButton {{ padding: 3px 8px; }}
QFrame#levelSelector QPushButton:checked {{
    background: {ACCENT_COLOUR}; color: white; border: 1px solid {ACCENT_COLOUR};
    border-radius: 4px;
}}
"""


class LevelSelector(QFrame):
    """``level()`` is the chosen level or None; ``changed(level)`` after every change."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levelSelector")
        self.setStyleSheet(STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("focused", False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so the choice can be cleared again
        self.buttons: dict[int, QPushButton] = {}
        for level in range(LEVEL_MIN, LEVEL_MAX + 1):
            button = QPushButton(f"{localise_digits(level)} – {_(LEVEL_NAMES[level])}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.setToolTip(_(LEVEL_NAMES[level]))
            self.group.addButton(button, level)
            self.buttons[level] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self._level: int | None = None
        self.group.idClicked.connect(self._clicked)

    def level(self) -> int | None:
        return self._level

    def set_level(self, level: int | None) -> None:
        if level is not None and not LEVEL_MIN <= level <= LEVEL_MAX:
            level = None
        for value, button in self.buttons.items():
            button.setChecked(value == level)
        if level != self._level:
            self._level = level
            self.changed.emit(level)

    def _clicked(self, level: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.set_level(level)

    # --- keyboard ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        text = to_ascii_digits(event.text())
        if len(text) == 1 and text.isdigit() and LEVEL_MIN <= int(text) <= LEVEL_MAX:
            self.set_level(int(text))
            return
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            forward = key == Qt.Key.Key_Right
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
                forward = not forward
            current = self._level
            if current is None:
                self.set_level(LEVEL_MIN if forward else LEVEL_MAX)
            else:
                step = 1 if forward else -1
                self.set_level(min(max(current + step, LEVEL_MIN), LEVEL_MAX))
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_level(None)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        self._show_focus(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        self._show_focus(False)
        super().focusOutEvent(event)

    def _show_focus(self, focused: bool) -> None:
        self.setProperty("focused", focused)
        self.style().unpolish(self)
        self.style().polish(self)


__all__ = ["LevelSelector"]
