"""Table models of the workshop screens.

:class:`WorkshopTableModel` holds every workshop's summary (an office runs tens or hundreds of
workshops, not hundreds of thousands, so one background read of
:meth:`WorkshopService.summaries` is enough) and shows those that pass the filters: status,
skill and words of the title (matched on the normalised Persian search key). Display text is
prepared off the GUI thread by :func:`workshop_row`.

:class:`CandidateModel` lists participants with a check box each, for enrolling many at once;
people already on the workshop's list are shown greyed and cannot be ticked.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.domain.enums import WorkshopStatus
from desktop.domain.text import search_key
from desktop.gui.models.filtered import FilteredTableModel
from desktop.gui.models.participants import ID_ROLE, READ_ONLY
from desktop.gui.workshops.widgets import EMPTY, enum_text, jalali, number, skill_label
from desktop.i18n import _, localise_digits
from desktop.services.workshops import WorkshopSummary
from desktop.store.models import Participant

Index = QModelIndex | QPersistentModelIndex

STATUS_COLOURS: dict[WorkshopStatus, str] = {
    WorkshopStatus.PLANNED: "#1a5fb4",
    WorkshopStatus.RUNNING: "#00695c",
    WorkshopStatus.FINISHED: "#5f6368",
    WorkshopStatus.CANCELLED: "#b3261e",
}


class Column(enum.IntEnum):
    TITLE = 0
    SKILL = 1
    PARTNER = 2
    START = 3
    END = 4
    STATUS = 5
    ENROLLED = 6
    WAITING = 7
    SESSIONS = 8
    COMPLETED = 9


def column_titles() -> dict[Column, str]:
    return {
        Column.TITLE: _("Workshop"),
        Column.SKILL: _("Skill"),
        Column.PARTNER: _("Partner"),
        Column.START: _("Start"),
        Column.END: _("End"),
        Column.STATUS: _("Status"),
        Column.ENROLLED: _("Enrolled / capacity"),
        Column.WAITING: _("Waiting"),
        Column.SESSIONS: _("Sessions held"),
        Column.COMPLETED: _("Completed"),
    }


def fraction(part: int, whole: int) -> str:
    """ "12 of 25" in words: a slash between two numbers reads either way in right-to-left."""
    return _("{part} of {whole}").format(part=localise_digits(part), whole=localise_digits(whole))


@dataclass(frozen=True, slots=True)
class WorkshopRow:
    id: uuid.UUID
    display: tuple[str, ...]
    raw: tuple[object, ...]
    status: WorkshopStatus
    skill_id: uuid.UUID
    key: str  # the title's normalised search key


def workshop_row(summary: WorkshopSummary) -> WorkshopRow:
    workshop = summary.workshop
    end: date | None = workshop.end_date
    return WorkshopRow(
        id=workshop.id,
        display=(
            workshop.title,
            skill_label(summary.skill_name_fa, summary.skill_name_en),
            workshop.partner_org or EMPTY,
            jalali(workshop.start_date),
            jalali(end),
            enum_text(summary.status),
            fraction(summary.enrolled, workshop.capacity),
            number(summary.waiting) if summary.waiting else EMPTY,
            fraction(summary.sessions_held, summary.sessions) if summary.sessions else EMPTY,
            number(summary.completed) if summary.completed else EMPTY,
        ),
        raw=(
            search_key(workshop.title),
            search_key(summary.skill_name_fa),
            search_key(workshop.partner_org),
            workshop.start_date,
            end or workshop.start_date,
            list(WorkshopStatus).index(summary.status),
            summary.enrolled,
            summary.waiting,
            summary.sessions_held,
            summary.completed,
        ),
        status=summary.status,
        skill_id=workshop.skill_id,
        key=search_key(workshop.title),
    )


@dataclass(frozen=True)
class WorkshopFilter:
    text: str = ""
    status: WorkshopStatus | None = None
    skill_id: uuid.UUID | None = None

    def accepts(self, row: WorkshopRow) -> bool:
        if self.status is not None and row.status != self.status:
            return False
        if self.skill_id is not None and row.skill_id != self.skill_id:
            return False
        words = search_key(self.text).split()
        return all(word in row.key for word in words)


class WorkshopTableModel(FilteredTableModel[WorkshopRow, WorkshopFilter]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(column_titles(), WorkshopFilter(), parent)

    def workshop_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            # Long headings over short numbers wrap onto a second line (the page makes the
            # header two lines high) rather than widening the column or being cut off.
            leading = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag(leading.value | Qt.TextFlag.TextWordWrap.value)
        return super().headerData(section, orientation, role)

    def cell_data(self, row: WorkshopRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column >= Column.ENROLLED:
                return Qt.AlignmentFlag.AlignCenter
            return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and column in (
            Column.TITLE,
            Column.SKILL,
            Column.PARTNER,
        ):
            return row.display[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS:
            return QColor(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ForegroundRole and row.status == WorkshopStatus.CANCELLED:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None


# --- people to enrol --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    id: uuid.UUID
    cells: tuple[str, ...]
    listed: bool  # already enrolled or waiting: cannot be ticked


def candidate(person: Participant, listed: bool) -> Candidate:
    return Candidate(
        id=person.id,
        cells=(
            f"{person.first_name} {person.last_name}",
            person.father_name or EMPTY,
            localise_digits(person.national_id) if person.national_id else EMPTY,
            person.neighbourhood or EMPTY,
            _("Yes") if person.head_of_household else _("No"),
            _("Already on the list") if listed else "",
        ),
        listed=listed,
    )


def candidate_titles() -> list[str]:
    return [
        _("Name"),
        _("Father's name"),
        _("National ID"),
        _("Neighbourhood"),
        _("Head of household"),
        _("Note"),
    ]


class CandidateModel(QAbstractTableModel):
    """Participants with a check box in the first column; ``checked_ids()`` in list order."""

    def __init__(
        self, parent: QObject | None = None, on_change: Callable[[], None] | None = None
    ) -> None:
        super().__init__(parent)
        self._rows: list[Candidate] = []
        self._checked: set[uuid.UUID] = set()
        self._titles = candidate_titles()
        self._on_change = on_change

    def set_candidates(self, rows: Iterable[Candidate]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        visible = {row.id for row in self._rows if not row.listed}
        self._checked &= visible
        self.endResetModel()
        self._changed()

    def candidate(self, row: int) -> Candidate:
        return self._rows[row]

    def checked_ids(self) -> list[uuid.UUID]:
        return [row.id for row in self._rows if row.id in self._checked]

    def set_all(self, checked: bool) -> None:
        self._checked = {row.id for row in self._rows if not row.listed} if checked else set()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self._changed()

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            index = self.index(row, 0)
            checked = self._rows[row].id in self._checked
            self.setData(
                index,
                (Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked).value,
                Qt.ItemDataRole.CheckStateRole,
            )

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()

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
            return row.cells[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            if row.listed:
                return Qt.CheckState.PartiallyChecked
            return Qt.CheckState.Checked if row.id in self._checked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return str(row.id)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and row.listed:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None

    def setData(  # noqa: N802
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if (
            not index.isValid()
            or index.column() != 0
            or role != Qt.ItemDataRole.CheckStateRole
            or index.row() >= len(self._rows)
        ):
            return False
        row = self._rows[index.row()]
        if row.listed:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self._checked.add(row.id)
        else:
            self._checked.discard(row.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self._changed()
        return True

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._titles)
        ):
            return self._titles[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self._rows[index.row()] if index.row() < len(self._rows) else None
        if row is None or row.listed:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        flags = READ_ONLY
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags


__all__ = [
    "Candidate",
    "CandidateModel",
    "Column",
    "WorkshopFilter",
    "WorkshopRow",
    "WorkshopTableModel",
    "candidate",
    "fraction",
    "workshop_row",
]
