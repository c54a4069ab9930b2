"""The table of issued certificates: serial, holder, workshop, Jalali issue date, status and
reprints, filtered by words (name, serial or workshop, on the normalised Persian search key) and
by workshop, sortable on raw values.

An office issues hundreds or a few thousand certificates, so one background read of
:meth:`CertificateService.certificates` holds them all; display text is prepared off the GUI
thread by :func:`certificate_row`.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.digits import to_ascii_digits
from desktop.domain.text import search_key
from desktop.gui.models.participants import ID_ROLE, READ_ONLY, SORT_ROLE
from desktop.gui.style import ERROR_COLOUR
from desktop.gui.workshops.widgets import EMPTY, jalali, number
from desktop.i18n import _, localise_digits
from desktop.services.certificates import IssuedCertificate

Index = QModelIndex | QPersistentModelIndex
VALID_COLOUR = "#00695c"


class Column(enum.IntEnum):
    SERIAL = 0
    NAME = 1
    WORKSHOP = 2
    ISSUED = 3
    STATUS = 4
    REPRINTS = 5


def column_titles() -> dict[Column, str]:
    return {
        Column.SERIAL: _("Serial"),
        Column.NAME: _("Name"),
        Column.WORKSHOP: _("Workshop"),
        Column.ISSUED: _("Issued on"),
        Column.STATUS: _("Status"),
        Column.REPRINTS: _("Reprints"),
    }


def serial_text(serial: str) -> str:
    """``URM01-۱۴۰۳-۰۰۰۰۴۲``: the office code as written in Latin letters, the year and number in
    Persian digits, kept left to right as a whole."""
    office, dash, rest = serial.partition("-")
    return "\u2066" + office + dash + localise_digits(rest) + "\u2069"


def status_text(certificate: IssuedCertificate) -> str:
    return _("Revoked") if certificate.revoked else _("Valid")


@dataclass(frozen=True, slots=True)
class CertificateRow:
    certificate: IssuedCertificate
    display: tuple[str, ...]
    raw: tuple[Any, ...]
    key: str  # normalised search key of name, serial and workshop

    @property
    def id(self) -> uuid.UUID:
        return self.certificate.id


def certificate_row(certificate: IssuedCertificate) -> CertificateRow:
    return CertificateRow(
        certificate=certificate,
        display=(
            serial_text(certificate.serial),
            certificate.full_name,
            certificate.workshop_title,
            jalali(certificate.issued_on),
            status_text(certificate),
            number(certificate.reprints) if certificate.reprints else EMPTY,
        ),
        raw=(
            certificate.serial,
            search_key(certificate.full_name),
            search_key(certificate.workshop_title),
            certificate.issued_on,
            int(certificate.revoked),
            certificate.reprints,
        ),
        key=" ".join(
            (
                search_key(certificate.full_name),
                certificate.serial.lower(),
                search_key(certificate.workshop_title),
            )
        ),
    )


@dataclass(frozen=True)
class CertificateFilter:
    text: str = ""
    workshop_id: uuid.UUID | None = None

    def accepts(self, row: CertificateRow) -> bool:
        if self.workshop_id is not None and row.certificate.workshop_id != self.workshop_id:
            return False
        words = search_key(to_ascii_digits(self.text)).lower().split()
        return all(word in row.key for word in words)


class CertificateTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[CertificateRow] = []
        self._rows: list[CertificateRow] = []
        self._filter = CertificateFilter()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._titles = column_titles()

    # --- contents ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[CertificateRow]) -> None:
        self._all = list(rows)
        self._apply()

    def set_filter(self, chosen: CertificateFilter) -> None:
        if chosen != self._filter:
            self._filter = chosen
            self._apply()

    def total(self) -> int:
        return len(self._all)

    def certificate(self, row: int) -> IssuedCertificate:
        return self._rows[row].certificate

    def row_of(self, certificate_id: uuid.UUID) -> int | None:
        for position, row in enumerate(self._rows):
            if row.id == certificate_id:
                return position
        return None

    def workshops(self) -> list[tuple[uuid.UUID, str]]:
        """Every workshop with certificates, by title: the filter's choices."""
        seen: dict[uuid.UUID, str] = {}
        for row in self._all:
            seen.setdefault(row.certificate.workshop_id, row.certificate.workshop_title)
        return sorted(seen.items(), key=lambda item: search_key(item[1]))

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
        if not 0 <= column < len(Column):
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
        return 0 if parent.isValid() else len(Column)

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
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (Column.STATUS, Column.REPRINTS):
                return Qt.AlignmentFlag.AlignCenter
            return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS:
            return QColor(ERROR_COLOUR if row.certificate.revoked else VALID_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.certificate.revoked and row.certificate.revoke_reason:
                return _("Revoked: {reason}").format(reason=row.certificate.revoke_reason)
            if column in (Column.NAME, Column.WORKSHOP):
                return row.display[column]
        return None

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._titles[Column(section)]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return READ_ONLY


__all__ = [
    "CertificateFilter",
    "CertificateRow",
    "CertificateTableModel",
    "Column",
    "certificate_row",
    "serial_text",
]
