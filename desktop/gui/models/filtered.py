"""A read-only table of rows held in memory, filtered and sorted in place (workshops, issued
certificates): lists small enough to read whole, unlike the paged participants table.

A row has an ``id``, the ``display`` text of each cell and the ``raw`` value each cell sorts by;
a filter is an immutable value with ``accepts(row)``. Subclasses add the roles that differ
(alignment, colours, tool tips) in :meth:`FilteredTableModel.cell_data`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.gui.models.participants import ID_ROLE, READ_ONLY, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex


class TableRow(Protocol):
    @property
    def id(self) -> uuid.UUID: ...

    @property
    def display(self) -> tuple[str, ...]: ...

    @property
    def raw(self) -> tuple[Any, ...]: ...


class RowFilter(Protocol):
    def accepts(self, row: Any) -> bool: ...


RowT = TypeVar("RowT", bound=TableRow)
FilterT = TypeVar("FilterT", bound=RowFilter)


class FilteredTableModel(QAbstractTableModel, Generic[RowT, FilterT]):
    """``set_rows`` replaces everything, ``set_filter`` narrows what is shown, ``sort`` keeps
    selections (persistent indexes) on the same rows. ``SORT_ROLE`` gives the raw value and
    ``ID_ROLE`` the row's id as text."""

    def __init__(
        self, titles: Mapping[Any, str], no_filter: FilterT, parent: QObject | None = None
    ) -> None:
        """``titles``: each column's header by column number (an ``IntEnum`` works)."""
        super().__init__(parent)
        self._titles: dict[int, str] = {int(column): title for column, title in titles.items()}
        self._all: list[RowT] = []
        self._rows: list[RowT] = []
        self._filter = no_filter
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- contents ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self._all = list(rows)
        self._apply()

    def set_filter(self, chosen: FilterT) -> None:
        if chosen != self._filter:
            self._filter = chosen
            self._apply()

    def filter(self) -> FilterT:
        return self._filter

    def total(self) -> int:
        """Rows before filtering."""
        return len(self._all)

    def row_of(self, row_id: uuid.UUID) -> int | None:
        for position, row in enumerate(self._rows):
            if row.id == row_id:
                return position
        return None

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = [row for row in self._all if self._filter.accepts(row)]
        if self._sort is not None:
            self._sorted(*self._sort)
        self.endResetModel()

    def _sorted(self, column: int, order: Qt.SortOrder) -> None:
        self._rows.sort(
            key=lambda row: row.raw[column], reverse=order == Qt.SortOrder.DescendingOrder
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._titles):
            return
        self.layoutAboutToBeChanged.emit()
        before = [row.id for row in self._rows]
        self._sort = (column, order)
        self._sorted(column, order)
        after = {row.id: position for position, row in enumerate(self._rows)}
        moved_from = self.persistentIndexList()
        moved_to = [self.index(after[before[index.row()]], index.column()) for index in moved_from]
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._titles)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display[column]
        if role == SORT_ROLE:
            return row.raw[column]
        if role == ID_ROLE:
            return str(row.id)
        return self.cell_data(row, column, role)

    def cell_data(self, row: RowT, column: int, role: int) -> Any:
        """Every other role of a cell; by default text aligned to the reading direction."""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and section in self._titles:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._titles[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return READ_ONLY


__all__ = ["FilteredTableModel", "RowFilter", "TableRow"]
