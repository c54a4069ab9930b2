"""Pieces every searchable list page shares (participants, workshops, certificates, enrolling):
the read-only table's settings, selecting a row in right-to-left, labelled filter boxes, and the
table that gives way to a sentence when nothing is shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)

from desktop.gui.style import muted


def set_up_list_table(table: QTableView) -> None:
    """One row a line, chosen whole and never edited in place; no row numbers; headers read
    from the leading (right, in Persian) edge."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.setCornerButtonEnabled(False)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)


def select_table_row(table: QTableView, row: int, column: int = 0) -> None:
    """Make ``row`` current and selected.

    Not ``QTableView.selectRow``: in right-to-left it looks up the column at the viewport's
    width, one pixel past the last one, and so clears the current index.
    """
    model = table.model()
    table.selectionModel().setCurrentIndex(
        model.index(row, column),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def add_labelled_filters(
    layout: QBoxLayout,
    filters: Iterable[tuple[str, QComboBox]],
    on_change: Callable[[], None],
    *,
    stretch: int = 0,
    spacing: int = 8,
) -> None:
    """A label (its buddy the box, so Alt+letter reaches it) then the box, for each filter;
    ``on_change`` runs whenever a box's choice changes."""
    for label_text, combo in filters:
        label = QLabel(label_text)
        label.setBuddy(combo)
        layout.addWidget(label)
        layout.addWidget(combo, stretch)
        if spacing:
            layout.addSpacing(spacing)
        combo.currentIndexChanged.connect(lambda _index: on_change())


class ResultsStack(QStackedWidget):
    """A list page's ``table``, or in its place the ``empty`` sentence (why nothing is shown and
    what to do) when no row is."""

    def __init__(self, table: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.empty = muted(QLabel())
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.addWidget(table)
        self.addWidget(self.empty)

    def show_rows(self, shown: int, empty_text: str) -> None:
        """The table if ``shown`` rows are any, else ``empty_text``."""
        if shown:
            self.setCurrentWidget(self.table)
        else:
            self.empty.setText(empty_text)
            self.setCurrentWidget(self.empty)


__all__ = ["ResultsStack", "add_labelled_filters", "select_table_row", "set_up_list_table"]
