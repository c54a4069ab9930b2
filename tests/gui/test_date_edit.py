"""The Jalali date editor: typing in any digits, the calendar, optional dates."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.gui.app import configure_application
from desktop.gui.widgets.dates import JalaliDateEdit


@pytest.fixture
def edit(qtbot: QtBot, qapp: QApplication) -> JalaliDateEdit:
    configure_application(qapp)
    widget = JalaliDateEdit(optional=True)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def type_and_finish(edit: JalaliDateEdit, text: str) -> None:
    edit.line.setText(text)
    edit.line.editingFinished.emit()


@pytest.mark.parametrize(
    "typed",
    ["1403/01/02", "۱۴۰۳/۰۱/۰۲", "١٤٠٣/٠١/٠٢", "1403-1-2", "۲ فروردین ۱۴۰۳"],
)
def test_typed_dates_in_any_digits(edit: JalaliDateEdit, typed: str) -> None:
    type_and_finish(edit, typed)
    assert edit.date_value() == date(2024, 3, 21)
    assert edit.line.text() == "۱۴۰۳/۰۱/۰۲"  # shown back as people write it, Persian digits
    assert edit.is_valid()


def test_invalid_date_reports_why_and_keeps_the_text(edit: JalaliDateEdit) -> None:
    type_and_finish(edit, "1403/13/40")
    assert edit.date_value() is None
    assert not edit.is_valid()
    assert edit.error() is not None and str(edit.error())
    assert edit.line.text() == "1403/13/40"


def test_optional_date_can_be_empty(edit: JalaliDateEdit) -> None:
    edit.set_date_value(date(2024, 3, 20))
    type_and_finish(edit, "")
    assert edit.date_value() is None
    assert edit.is_valid()


def test_required_date_cannot_be_empty(qtbot: QtBot) -> None:
    widget = JalaliDateEdit()
    qtbot.addWidget(widget)
    assert widget.date_value() == date.today()
    type_and_finish(widget, "")
    assert not widget.is_valid()


def test_calendar_is_jalali_with_friday_weekend(edit: JalaliDateEdit) -> None:
    calendar = edit.calendar
    assert calendar.calendar().name() == "Jalali"
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Saturday
    friday = calendar.weekdayTextFormat(Qt.DayOfWeek.Friday).foreground().color()
    saturday = calendar.weekdayTextFormat(Qt.DayOfWeek.Saturday).foreground().color()
    assert friday != saturday


def test_picking_from_the_calendar(edit: JalaliDateEdit, qtbot: QtBot) -> None:
    with qtbot.waitSignal(edit.date_changed) as signal:
        edit.calendar.clicked.emit(QDate(2025, 3, 21))
    assert signal.args == [date(2025, 3, 21)]
    assert edit.line.text() == "۱۴۰۴/۰۱/۰۱"
