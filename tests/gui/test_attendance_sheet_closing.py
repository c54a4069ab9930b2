"""Marks typed just before the attendance sheet closes are still saved (reviewer's finding:
the save queue lived in the widget's callbacks, so closing the workshop while saves were queued
dropped every mark after the one in flight, though each had been shown as taken)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.gui.context import GuiContext
from desktop.gui.workshops.attendance_sheet import AttendanceSheetWidget
from desktop.services.app import Services
from tests.gui import test_attendance_sheet as sheet_tests
from tests.gui.test_attendance_sheet import Workshop, go_to, stored_marks

if TYPE_CHECKING:
    from tests.gui.conftest_registry import ManualRunner

pytest_plugins = ["tests.gui.conftest_registry"]
workshop = sheet_tests.workshop  # the fixture: four people, sessions held, cancelled, to come


def _type_a_column(qtbot: QtBot, widget: AttendanceSheetWidget, keys: list[Qt.Key]) -> None:
    for key in keys:
        qtbot.keyClick(widget.table, key)


def test_marks_queued_when_the_sheet_closes_are_saved_in_order(
    qtbot: QtBot,
    manual_ctx: GuiContext,
    manual_runner: ManualRunner,
    services: Services,
    workshop: Workshop,
) -> None:
    widget = AttendanceSheetWidget(manual_ctx, workshop.id)
    manual_runner.take().deliver()  # the grid
    session_id = workshop.held[0]
    go_to(widget, 0, session_id)
    _type_a_column(qtbot, widget, [Qt.Key.Key_P, Qt.Key.Key_A, Qt.Key.Key_L])
    qtbot.keyClick(widget.table, Qt.Key.Key_Up)
    qtbot.keyClick(widget.table, Qt.Key.Key_E)  # the third person again: late → excused
    people = [p.enrolment_id for p in widget.model.people]
    assert len(manual_runner.jobs) == 1  # one save in flight, three waiting

    widget.deleteLater()  # Esc back to the list drops the detail page
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    while manual_runner.jobs:
        manual_runner.take().deliver()

    marks = stored_marks(services, workshop)
    assert [marks.get((person, session_id)) for person in people[:3]] == [
        "present",
        "absent",
        "excused",
    ]


def test_marks_queued_when_the_app_quits_are_saved(
    qtbot: QtBot,
    manual_ctx: GuiContext,
    manual_runner: ManualRunner,
    services: Services,
    workshop: Workshop,
) -> None:
    widget = AttendanceSheetWidget(manual_ctx, workshop.id)
    qtbot.addWidget(widget)
    manual_runner.take().deliver()
    session_id = workshop.held[0]
    go_to(widget, 0, session_id)
    _type_a_column(qtbot, widget, [Qt.Key.Key_P, Qt.Key.Key_A])
    people = [p.enrolment_id for p in widget.model.people]
    in_flight = manual_runner.take()
    application = QApplication.instance()
    assert application is not None
    application.aboutToQuit.emit()  # the event loop ends: no result is delivered
    in_flight.function()  # the pool finishes the save under way (runner.wait at exit)
    while manual_runner.jobs:
        manual_runner.jobs.pop(0).function()
    marks = stored_marks(services, workshop)
    assert [marks.get((person, session_id)) for person in people[:2]] == ["present", "absent"]
