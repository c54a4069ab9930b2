"""One read-only table model for a list of records held in memory (the Sync pages' lists, the
profile's and the workshop tabs' small tables).

A table is a sequence of records (the services' dataclasses, or ready-made :class:`Record` rows)
and a few :class:`Column` definitions: the header, the raw value (the sort role, so numbers sort
as numbers) and how it is shown. Numbers are shown with the interface's digits and aligned at
the end of the cell unless the column says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import methodcaller
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.domain.digits import format_number
from desktop.gui.models.participants import READ_ONLY, SORT_ROLE
from desktop.i18n import is_persian

T = TypeVar("T")

Index = QModelIndex | QPersistentModelIndex
LEADING = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
TRAILING = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    value: Callable[[T], Any]
    text: Callable[[T], str] | None = None
    tooltip: Callable[[T], str] | None = None
    alignment: Qt.AlignmentFlag | None = None  # None: numbers at the end, the rest leading

    def shown(self, record: T) -> str:
        if self.text is not None:
            return self.text(record)
        raw = self.value(record)
        if isinstance(raw, bool):
            return str(raw)
        if isinstance(raw, int | float):
            return format_number(raw, persian=is_persian())
        return "" if raw is None else str(raw)


class RecordTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._records: list[T] = []

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> T:
        return self._records[row]

    def records(self) -> list[T]:
        return list(self._records)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._records)):
            return None
        if not (0 <= index.column() < len(self.columns)):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.shown(record)
        if role == SORT_ROLE:
            raw = column.value(record)
            return raw if isinstance(raw, int | float | str) else column.shown(record)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.alignment is not None:
                return column.alignment
            raw = column.value(record)
            numeric = isinstance(raw, int | float) and not isinstance(raw, bool)
            return int(TRAILING if numeric else LEADING)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return READ_ONLY


# --- ready-made rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One row: the text of each cell, optional raw values for sorting, and a key (an id)."""

    cells: tuple[str, ...]
    sort_values: tuple[object, ...] = ()
    key: object = None
    tooltip: str = ""

    def cell(self, column: int) -> str:
        return self.cells[column] if column < len(self.cells) else ""

    def sort_value(self, column: int) -> object:
        return self.sort_values[column] if column < len(self.sort_values) else self.cell(column)


def record_columns(headers: Sequence[str]) -> list[Column[Record]]:
    """A column a header over :class:`Record` rows, each cell's text leading."""
    return [
        Column(
            header,
            value=methodcaller("sort_value", position),
            text=methodcaller("cell", position),
            tooltip=lambda record: record.tooltip,
            alignment=LEADING,
        )
        for position, header in enumerate(headers)
    ]


def record_model(headers: Sequence[str], parent: QObject | None = None) -> RecordTableModel[Record]:
    """A read-only table of :class:`Record` rows under ``headers``."""
    return RecordTableModel(record_columns(headers), parent)


__all__ = ["Column", "Record", "RecordTableModel", "record_columns", "record_model"]
