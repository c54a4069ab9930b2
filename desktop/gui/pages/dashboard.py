"""The dashboard: the office's real figures and the follow-ups that are due.

Everything is read on the thread pool and shown on the GUI thread; it reloads each time the page
is shown. The reads are :mod:`desktop.services.quickstart`'s plain ``sqlite3`` queries, so the
dashboard shows its figures at start-up without waiting for SQLAlchemy to load. Numbers and
dates use Persian digits in Persian.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.digits import format_number
from desktop.domain.jalali import format_jalali
from desktop.gui.context import GuiContext
from desktop.gui.style import (
    ACCENT_COLOUR,
    error_label,
    leading,
    muted,
    scaled_font,
    set_message,
    title,
)
from desktop.i18n import _, is_persian
from desktop.services.quickstart import DueFollowUp, Overview, dashboard

log = logging.getLogger(__name__)

MAX_LISTED = 200  # follow-ups listed on the dashboard; the card shows the full count


@dataclass(frozen=True)
class DashboardData:
    overview: Overview
    due: list[DueFollowUp]
    due_total: int
    today: date


def load_dashboard(db_path: Path, today: date | None = None) -> DashboardData:
    """Runs on the thread pool: figures and the due follow-ups as plain data."""
    today = today or date.today()
    # The overview already counted them; read only the rows the table lists.
    overview, due = dashboard(db_path, today, MAX_LISTED)
    return DashboardData(overview=overview, due=due, due_total=overview.follow_ups_due, today=today)


class FigureCard(QFrame):
    """One big number with its caption."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"card-{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"QFrame#card-{key} {{ background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 8px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.value = QLabel("…")
        self.value.setObjectName("value")
        self.value.setFont(scaled_font(self.value, 2.6, bold=True))
        self.value.setStyleSheet(f"color: {ACCENT_COLOUR};")
        self.caption = QLabel(caption)
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        for label in (self.value, self.caption):
            layout.addWidget(leading(label))

    def set_value(self, value: int) -> None:
        self.value.setText(format_number(value, persian=is_persian()))


class DashboardPage(QWidget):
    loaded = Signal()  # new figures are on screen
    open_participant = Signal(object)  # uuid.UUID: Enter or double-click on a due follow-up
    COLUMNS = 3

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: DashboardData | None = None
        self._loading = False
        self._again = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(14)
        self.heading = title(QLabel(_("Dashboard")))
        self.office = muted(QLabel(""))
        self.office.setObjectName("office")
        self.message = error_label(QLabel())
        layout.addWidget(self.heading)
        layout.addWidget(self.office)
        layout.addWidget(self.message)

        cards = QHBoxLayout()
        cards.setSpacing(14)
        self.cards = {
            "participants": FigureCard("participants", _("Participants")),
            "interviews": FigureCard("interviews", _("Intake interviews this month")),
            "workshops": FigureCard("workshops", _("Running workshops")),
            "follow_ups": FigureCard("follow_ups", _("Follow-ups due")),
        }
        for card in self.cards.values():
            cards.addWidget(card, 1)
        layout.addLayout(cards)

        header = QGridLayout()
        self.due_heading = leading(QLabel(_("Follow-ups due")))
        self.due_heading.setFont(scaled_font(self.due_heading, 1.25, bold=True))
        self.due_note = muted(QLabel(""))
        self.due_note.setObjectName("dueNote")
        header.addWidget(self.due_heading, 0, 0)
        header.addWidget(self.due_note, 0, 1, Qt.AlignmentFlag.AlignTrailing)
        layout.addLayout(header)

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("dueFollowUps")
        self.table.setHorizontalHeaderLabels([_("Participant"), _("Follow-up"), _("Due on")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            horizontal.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        horizontal.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.activated.connect(self._activated)
        self.table.setToolTip(_("Enter or double-click opens the person's record."))
        self._due: list[DueFollowUp] = []
        layout.addWidget(self.table, 1)
        self.empty = muted(QLabel(_("No follow-ups are due.")))
        self.empty.setObjectName("empty")
        self.empty.hide()
        layout.addWidget(self.empty)

    # --- loading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Reload on the thread pool; a request while loading reloads once more afterwards."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        db_path = self.ctx.db_path
        self.ctx.runner.run(lambda: load_dashboard(db_path), self._show, self._failed)

    def _finished(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, data: Any) -> None:
        assert isinstance(data, DashboardData)
        self.data = data
        persian = is_persian()
        overview = data.overview
        self.office.setText(
            _("{office} · {county}, {province} · today {date}").format(
                office=overview.office_name,
                county=overview.county,
                province=overview.province,
                date=format_jalali(data.today, persian_digits=persian, pattern="long"),
            )
        )
        set_message(self.message, "")
        self.cards["participants"].set_value(overview.participants)
        self.cards["interviews"].set_value(overview.interviews_this_month)
        self.cards["workshops"].set_value(overview.running_workshops)
        self.cards["follow_ups"].set_value(overview.follow_ups_due)
        self._fill_table(data, persian)
        self._finished()
        self.loaded.emit()

    def _activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._due):
            self.open_participant.emit(self._due[index.row()].participant_id)

    def _fill_table(self, data: DashboardData, persian: bool) -> None:
        self._due = list(data.due)
        self.table.setUpdatesEnabled(False)
        self.table.clearContents()
        self.table.setRowCount(len(data.due))
        for row, item in enumerate(data.due):
            months = format_number(item.months, persian=persian)
            cells = (
                item.name,
                _("{months}-month follow-up").format(months=months),
                format_jalali(item.due_on, persian_digits=persian),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.table.setUpdatesEnabled(True)
        total = format_number(data.due_total, persian=persian)
        if data.due_total > len(data.due):
            shown = format_number(len(data.due), persian=persian)
            note = _("The {shown} most overdue of {total}").format(shown=shown, total=total)
        else:
            note = ""
        self.due_note.setText(note)
        self.table.setVisible(bool(data.due))
        self.empty.setVisible(not data.due)

    def _failed(self, error: Exception) -> None:
        log.error("dashboard could not be loaded", exc_info=error)
        set_message(self.message, _("The figures could not be read: {error}").format(error=error))
        self._finished()
        self.loaded.emit()

    def figures(self) -> dict[str, str]:
        """What each card shows, for tests."""
        return {key: card.value.text() for key, card in self.cards.items()}
