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
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.digits import to_ascii_digits
from desktop.domain.text import search_key
from desktop.gui.models.filtered import FilteredTableModel
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


class CertificateTableModel(FilteredTableModel[CertificateRow, CertificateFilter]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(column_titles(), CertificateFilter(), parent)

    def certificate(self, row: int) -> IssuedCertificate:
        return self._rows[row].certificate

    def workshops(self) -> list[tuple[uuid.UUID, str]]:
        """Every workshop with certificates, by title: the filter's choices."""
        seen: dict[uuid.UUID, str] = {}
        for row in self._all:
            seen.setdefault(row.certificate.workshop_id, row.certificate.workshop_title)
        return sorted(seen.items(), key=lambda item: search_key(item[1]))

    def cell_data(self, row: CertificateRow, column: int, role: int) -> Any:
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


__all__ = [
    "CertificateFilter",
    "CertificateRow",
    "CertificateTableModel",
    "Column",
    "certificate_row",
    "serial_text",
]
