"""Table models of the participant registry.

:class:`ParticipantTableModel` shows the result of :meth:`ParticipantService.search` one page of
:data:`PAGE_SIZE` rows at a time: the first page when the query, filters or sort change, the
next page when the view asks (``canFetchMore`` / ``fetchMore``). Every page is read on the
thread pool through the one :class:`~desktop.gui.tasks.TaskRunner`, and its display text is
prepared there too, so the GUI thread only swaps lists.

Search-as-you-type: every change of query, filters or sort starts a new *generation*. At most
one first-page read is in flight; a newer request waits in a single slot (older waiting requests
are simply replaced), and results of any older generation are dropped when they land. The rows
on screen stay until the new first page replaces them, so typing never flashes an empty table.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.domain.enums import ParticipantStatus
from desktop.domain.jalali import format_jalali
from desktop.gui.context import GuiContext
from desktop.i18n import _, is_persian, localise_digits
from desktop.services.participants import Filters
from desktop.store.models import Participant

PAGE_SIZE = 100
SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
READ_ONLY = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


def alive_callback(owner: QObject, function: Callable[[Any], None]) -> Callable[[Any], None]:
    """``function`` unless ``owner`` was deleted by the time a background result lands."""

    def call(value: Any) -> None:
        if shiboken6.isValid(owner):
            function(value)

    return call


class Column(enum.IntEnum):
    NAME = 0
    FATHER = 1
    NATIONAL_ID = 2
    MOBILE = 3
    NEIGHBOURHOOD = 4
    HEAD_OF_HOUSEHOLD = 5
    REGISTERED = 6


def column_titles() -> dict[Column, str]:
    return {
        Column.NAME: _("Name"),
        Column.FATHER: _("Father's name"),
        Column.NATIONAL_ID: _("National ID"),
        Column.MOBILE: _("Mobile"),
        Column.NEIGHBOURHOOD: _("Neighbourhood"),
        Column.HEAD_OF_HOUSEHOLD: _("Head of household"),
        Column.REGISTERED: _("Registered"),
    }


# Columns the service can sort by, with its sort key and the key's usual direction (names A→Z,
# newest registration first): the first click on a header sorts that way, the next reverses it.
SORT_KEYS: dict[Column, tuple[str, Qt.SortOrder]] = {
    Column.NAME: ("name", Qt.SortOrder.AscendingOrder),
    Column.NATIONAL_ID: ("national_id", Qt.SortOrder.AscendingOrder),
    Column.NEIGHBOURHOOD: ("neighbourhood", Qt.SortOrder.AscendingOrder),
    Column.REGISTERED: ("registered", Qt.SortOrder.DescendingOrder),
}


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """One person as the table shows them (prepared off the GUI thread)."""

    id: uuid.UUID
    display: tuple[str, ...]
    raw: tuple[object, ...]
    archived: bool
    full_name: str


def participant_row(person: Participant, *, persian: bool) -> ParticipantRow:
    name = f"{person.first_name} {person.last_name}"
    registered = person.registered_on
    return ParticipantRow(
        id=person.id,
        display=(
            name,
            person.father_name,
            localise_digits(person.national_id or ""),
            localise_digits(person.mobile or ""),
            person.neighbourhood,
            _("Yes") if person.head_of_household else _("No"),
            format_jalali(registered, persian_digits=persian) if registered else "",
        ),
        raw=(
            person.sort_key,
            person.father_name,
            person.national_id or "",
            person.mobile or "",
            person.neighbourhood_key,
            bool(person.head_of_household),
            registered,
        ),
        archived=person.status == ParticipantStatus.ARCHIVED,
        full_name=name,
    )


@dataclass(frozen=True)
class _Request:
    generation: int
    query: str
    filters: Filters
    sort: str
    reverse: bool
    offset: int


class ParticipantTableModel(QAbstractTableModel):
    """Paged, background-loaded search results. See the module docstring."""

    loaded = Signal(int, int)  # generation, row count after the page landed
    failed = Signal(str)  # a message for people

    def __init__(
        self,
        ctx: GuiContext,
        parent: QObject | None = None,
        *,
        query: str = "",
        filters: Filters | None = None,
        page_size: int = PAGE_SIZE,
        autoload: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page_size = page_size
        self._query = query
        self._filters = filters or Filters()
        self._sort_column = Column.NAME
        self._sort_order = SORT_KEYS[Column.NAME][1]
        self._rows: list[ParticipantRow] = []
        self._generation = 0
        self._shown_generation = 0
        self._more = False
        self._first_in_flight = False
        self._waiting: _Request | None = None
        self._fetching_more = False
        self._titles = column_titles()
        if autoload:
            self.refresh()

    # --- what is shown -------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """The newest request; ``loaded`` carries the generation a page belongs to."""
        return self._generation

    @property
    def shown_generation(self) -> int:
        return self._shown_generation

    def is_loading(self) -> bool:
        return self._shown_generation != self._generation or self._fetching_more

    def query(self) -> str:
        return self._query

    def filters(self) -> Filters:
        return self._filters

    def sort_column(self) -> Column:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def has_more(self) -> bool:
        """True if the current results go on beyond the rows loaded so far."""
        return self._more

    def participant_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    def participant_row(self, row: int) -> ParticipantRow:
        return self._rows[row]

    def row_of(self, participant_id: uuid.UUID) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == participant_id:
                return number
        return None

    # --- changing the request ----------------------------------------------------------------

    def set_query(self, text: str) -> None:
        if text == self._query:
            return
        self._query = text
        self.refresh()

    def set_filters(self, filters: Filters) -> None:
        if filters == self._filters:
            return
        self._filters = filters
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column the service can sort by, either way (the service reads the pages
        in that order); other columns leave the order alone."""
        try:
            chosen = Column(column)
        except ValueError:
            return
        order = Qt.SortOrder(order)
        if chosen not in SORT_KEYS or (chosen, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column = chosen
        self._sort_order = order
        self.refresh()

    def refresh(self) -> None:
        """Read the first page again (a new generation), e.g. after a save."""
        self._generation += 1
        self._fetching_more = False  # a page of an older generation is dropped when it lands
        request = self._request(offset=0)
        if self._first_in_flight:
            self._waiting = request
        else:
            self._start_first(request)

    def _request(self, offset: int) -> _Request:
        return _Request(
            self._generation,
            self._query,
            self._filters,
            SORT_KEYS[self._sort_column][0],
            self._sort_order != SORT_KEYS[self._sort_column][1],
            offset,
        )

    # --- background reads --------------------------------------------------------------------

    def _reader(self, request: _Request) -> Callable[[], tuple[_Request, list[ParticipantRow]]]:
        services = self.ctx.services
        limit = self.page_size + 1  # one more tells whether another page exists

        def read() -> tuple[_Request, list[ParticipantRow]]:
            people = services.participants.search(
                request.query,
                filters=request.filters,
                sort=request.sort,
                reverse=request.reverse,
                limit=limit,
                offset=request.offset,
            )
            persian = is_persian()
            return request, [participant_row(person, persian=persian) for person in people]

        return read

    def _start_first(self, request: _Request) -> None:
        self._first_in_flight = True
        self.ctx.runner.run(
            self._reader(request),
            alive_callback(self, self._first_landed),
            alive_callback(self, lambda error: self._first_failed(request, error)),
        )

    def _next_first(self) -> None:
        self._first_in_flight = False
        if self._waiting is not None:
            request, self._waiting = self._waiting, None
            self._start_first(request)

    def _first_landed(self, result: tuple[_Request, list[ParticipantRow]]) -> None:
        request, rows = result
        self._next_first()
        if request.generation != self._generation:
            return  # a newer query was typed meanwhile
        self.beginResetModel()
        self._rows = rows[: self.page_size]
        self._more = len(rows) > self.page_size
        self._shown_generation = request.generation
        self.endResetModel()
        self.loaded.emit(request.generation, len(self._rows))

    def _first_failed(self, request: _Request, error: Exception) -> None:
        self._next_first()
        if request.generation == self._generation:
            self.beginResetModel()
            self._rows = []
            self._more = False
            self._shown_generation = request.generation
            self.endResetModel()
            self.failed.emit(str(error))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return (
            not parent.isValid()
            and self._more
            and not self._fetching_more
            and self._shown_generation == self._generation
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        self._fetching_more = True
        request = self._request(offset=len(self._rows))
        self.ctx.runner.run(
            self._reader(request),
            alive_callback(self, self._more_landed),
            alive_callback(self, lambda error: self._more_failed(request, error)),
        )

    def _more_landed(self, result: tuple[_Request, list[ParticipantRow]]) -> None:
        request, rows = result
        if request.generation != self._generation or request.offset != len(self._rows):
            return
        page = rows[: self.page_size]
        self._more = len(rows) > self.page_size
        if page:
            first = len(self._rows)
            # Still "fetching" while the rows go in: a view (or a model tester) asking for more
            # from the insert signals would otherwise ask for this same page again.
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self._fetching_more = False
        self.loaded.emit(request.generation, len(self._rows))

    def _more_failed(self, request: _Request, error: Exception) -> None:
        if request.generation != self._generation:
            return
        self._fetching_more = False
        self._more = False
        self.failed.emit(str(error))

    # --- QAbstractTableModel -----------------------------------------------------------------

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
            if column == Column.HEAD_OF_HOUSEHOLD:
                return Qt.AlignmentFlag.AlignCenter
            return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and row.archived:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.ToolTipRole and row.archived and column == Column.NAME:
            return _("Archived")
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
            if role == Qt.ItemDataRole.InitialSortOrderRole and Column(section) in SORT_KEYS:
                # The header's first click on a column sorts it the usual way.
                return SORT_KEYS[Column(section)][1].value
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._rows)
        ):
            return localise_digits(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return READ_ONLY
