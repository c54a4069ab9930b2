"""The start window shows real figures from the database, read off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.gui.app import configure_application
from desktop.gui.overview import OverviewWindow
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput


def test_application_is_right_to_left_with_vazirmatn(qapp: QApplication) -> None:
    configure_application(qapp)
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert "Vazirmatn" in qapp.font().family()


def test_overview_shows_the_office_and_participant_count(
    qtbot: QtBot, services: Services, db_path: Path
) -> None:
    for first in ("مریم", "فاطمه", "زهرا"):
        services.participants.register(ParticipantInput(first_name=first, last_name="رضایی"))
    window = OverviewWindow(db_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "URM01" in window.status.text(), timeout=5000)
    figures = [label.text() for label in window.findChildren(QLabel)]
    assert "۳" in figures  # three participants, Persian digits
    assert "دفتر تسهیل‌گری محله اسلام‌آباد" in window.status.text()


def test_overview_on_a_missing_database_says_how_to_set_up(qtbot: QtBot, tmp_path: Path) -> None:
    window = OverviewWindow(tmp_path / "none.sqlite3")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "hamyar init" in window.status.text(), timeout=5000)
