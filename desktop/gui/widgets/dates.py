"""A Jalali date editor that accepts what people type.

A line edit takes ``۱۴۰۳/۰۱/۰۲``, ``1403-1-2``, Arabic-Indic digits or a Persian month name
(parsed by the domain rule ``parse_jalali``) and shows the date back as ``۱۴۰۳/۰۱/۰۲``; a button
opens a Jalali calendar (Saturday first, Friday painted as the weekend, no week numbers).
QDateEdit was not used: in right-to-left Persian it ignores ASCII and Arabic-Indic digits typed
into its sections, and it cannot be empty.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCalendar, QDate, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from desktop.domain.errors import ValidationError
from desktop.domain.jalali import format_jalali, parse_jalali
from desktop.i18n import _, is_persian


def jalali_calendar() -> QCalendar:
    return QCalendar(QCalendar.System.Jalali)


def style_calendar(widget: QCalendarWidget) -> None:
    """Jalali months, Saturday first, Friday (not Saturday/Sunday) painted as the weekend."""
    widget.setCalendar(jalali_calendar())
    widget.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
    widget.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    plain = QTextCharFormat()
    weekend = QTextCharFormat()
    weekend.setForeground(QColor("#b3261e"))
    for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
        widget.setWeekdayTextFormat(day, plain)
    widget.setWeekdayTextFormat(Qt.DayOfWeek.Friday, weekend)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class JalaliDateEdit(QWidget):
    """``date_value()`` / ``set_date_value()`` speak Python dates (Gregorian, as stored)."""

    date_changed = Signal(object)  # date | None, after a valid edit

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        self._value: date | None = None
        self._error: ValidationError | None = None

        self.line = QLineEdit(self)
        self.line.setPlaceholderText(_("yyyy/mm/dd, e.g. 1403/01/02"))
        self.line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line.editingFinished.connect(self._parse_text)
        self.line.textEdited.connect(self._check_text)

        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(_("Choose from the calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar = QCalendarWidget()
        style_calendar(self.calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = menu

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        if not optional:
            self.set_date_value(date.today())

    # --- value -------------------------------------------------------------------------------

    def date_value(self) -> date | None:
        return self._value

    def set_date_value(self, value: date | None) -> None:
        self._value = value
        self._error = None
        self.line.setText(format_jalali(value, persian_digits=is_persian()) if value else "")
        if value is not None:
            self.calendar.setSelectedDate(to_qdate(value))
        self.date_changed.emit(value)

    def error(self) -> ValidationError | None:
        """Why the typed text is not a date (None when it is, or when empty and optional)."""
        return self._error

    def is_valid(self) -> bool:
        return self._error is None and (self.optional or self._value is not None)

    # --- editing -----------------------------------------------------------------------------

    def _interpret(self, text: str) -> tuple[date | None, ValidationError | None]:
        if not text.strip():
            if self.optional:
                return None, None
            return None, ValidationError(_("Enter a date."), field="date")
        try:
            return parse_jalali(text), None
        except ValidationError as error:
            return None, error

    def _check_text(self, text: str) -> None:
        value, error = self._interpret(text)
        self._error = error
        if error is None:
            self._value = value
            self.date_changed.emit(value)

    def _parse_text(self) -> None:
        value, error = self._interpret(self.line.text())
        self._error = error
        if error is None:
            self.set_date_value(value)

    def _picked(self, picked: QDate) -> None:
        self.menu.hide()
        self.set_date_value(from_qdate(picked))
        self.line.setFocus()
