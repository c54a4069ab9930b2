"""The attendance sheet as a table model: people × sessions, with totals.

Rows are the workshop's people (enrolled or completed, in Persian alphabetical order) and, last,
a totals row. Columns are first the person's totals (the share of held sessions attended, then
present, late, excused and absent) and then the sessions by date. Names live in the vertical
header and the totals come first, so both stay in view when a long workshop scrolls sideways.

Marks are shown *optimistically*: :meth:`AttendanceModel.apply` shows a mark at once and returns
a token; the caller saves it and then calls :meth:`confirm` or :meth:`rollback` with that token.
Unsaved marks are an overlay (a list per cell, newest last) on the marks the database confirmed,
so a rollback returns the cell to whatever is still pending or confirmed, and a reload of the
grid while saves are in flight keeps them on screen. Totals are always computed from what is
shown, with the same tally the completion rule uses (:func:`tally_marks`).

Cancelled sessions and sessions still to come are shown as not markable (hatched or greyed,
with the service's own reason as the tooltip); people whose attendance so far is below the
workshop's minimum share are highlighted, with the completion rule's reason as the tooltip.
"""

from __future__ import annotations

import enum
import itertools
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.completion import AttendanceTally, CompletionRule, evaluate
from desktop.domain.digits import format_number
from desktop.domain.enums import AttendanceMark
from desktop.domain.errors import N_
from desktop.domain.jalali import format_jalali, to_jalali
from desktop.i18n import _, format_message, is_persian, localise_digits
from desktop.services.attendance import (
    AttendanceGrid,
    GridPerson,
    GridSession,
    MarkSaved,
    SessionState,
    refusal_msgid,
    tally_marks,
)

Index = QModelIndex | QPersistentModelIndex
Cell = tuple[uuid.UUID, uuid.UUID]  # (enrolment id, session id)

MARK_ROLE = Qt.ItemDataRole.UserRole  # the AttendanceMark shown (None when empty)
MARKABLE_ROLE = Qt.ItemDataRole.UserRole + 1  # True for a person × held session cell
BELOW_ROLE = Qt.ItemDataRole.UserRole + 2  # True on a person whose share is below the minimum
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 3
ENROLMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 4
PENDING_ROLE = Qt.ItemDataRole.UserRole + 5  # True while the cell's mark is being saved

# One letter per mark in the cells. They are the letters of the mark keys (see the sheet's
# legend), so what a person presses is what she sees; they follow the interface language.
MARK_LETTERS_FA: dict[AttendanceMark, str] = {
    AttendanceMark.PRESENT: "ح",  # حاضر
    AttendanceMark.ABSENT: "غ",  # غایب
    AttendanceMark.EXCUSED: "ع",  # عذر موجه (م is Late: it is the L key on a Persian layout)
    AttendanceMark.LATE: "ت",  # تأخیر
}
MARK_LETTERS_EN: dict[AttendanceMark, str] = {
    AttendanceMark.PRESENT: "P",
    AttendanceMark.ABSENT: "A",
    AttendanceMark.EXCUSED: "E",
    AttendanceMark.LATE: "L",
}
MARK_COLOURS: dict[AttendanceMark, tuple[str, str]] = {  # text, background
    AttendanceMark.PRESENT: ("#1b5e20", "#e3f2e5"),
    AttendanceMark.ABSENT: ("#b3261e", "#fbe4e2"),
    AttendanceMark.EXCUSED: ("#0d47a1", "#e3ecfa"),
    AttendanceMark.LATE: ("#8a4b00", "#fff0d9"),
}
BELOW_BACKGROUND = "#ffd8cc"
UPCOMING_BACKGROUND = "#eceff1"
CANCELLED_BACKGROUND = "#cfd4d8"
TOTALS_BACKGROUND = "#f1f3f4"
MUTED_TEXT = "#80868b"

WEEKDAY_MSGIDS: dict[int, str] = {  # date.weekday() → name
    0: N_("Monday"),
    1: N_("Tuesday"),
    2: N_("Wednesday"),
    3: N_("Thursday"),
    4: N_("Friday"),
    5: N_("Saturday"),
    6: N_("Sunday"),
}


def mark_letter(mark: AttendanceMark) -> str:
    return (MARK_LETTERS_FA if is_persian() else MARK_LETTERS_EN)[mark]


def percent(share: float) -> str:
    """A whole percentage rounded down (as the completion messages do), localised."""
    whole = int(share * 100 + 1e-9)
    return f"{format_number(whole, persian=True)}٪" if is_persian() else f"{whole}%"


class Total(enum.IntEnum):
    """The per-person total columns, first (next to the names) so they stay in view."""

    SHARE = 0
    PRESENT = 1
    LATE = 2
    EXCUSED = 3
    ABSENT = 4


FIRST_SESSION = len(Total)  # the column of the first session

# The count columns are headed by the mark's letter in its colour (as in the cells and the
# legend); the full word is the tooltip.
TOTAL_MARKS: dict[Total, AttendanceMark] = {
    Total.PRESENT: AttendanceMark.PRESENT,
    Total.LATE: AttendanceMark.LATE,
    Total.EXCUSED: AttendanceMark.EXCUSED,
    Total.ABSENT: AttendanceMark.ABSENT,
}


@dataclass(frozen=True)
class _Pending:
    token: int
    mark: AttendanceMark | None


class AttendanceModel(QAbstractTableModel):
    """See the module docstring. Empty until :meth:`set_grid`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._grid: AttendanceGrid | None = None
        self._people: tuple[GridPerson, ...] = ()
        self._sessions: tuple[GridSession, ...] = ()
        self._held: list[uuid.UUID] = []
        self._rule: CompletionRule | None = None
        self._confirmed: dict[Cell, AttendanceMark] = {}
        self._pending: dict[Cell, list[_Pending]] = {}
        self._tallies: list[AttendanceTally] = []
        self._counts: list[Counter[AttendanceMark]] = []
        self._below: list[str | None] = []  # per person: why below the minimum, or None
        self._tokens = itertools.count(1)
        self._token_cells: dict[int, Cell] = {}

    # --- loading -----------------------------------------------------------------------------

    def set_grid(self, grid: AttendanceGrid) -> None:
        """Show ``grid``; marks still being saved stay on top of it."""
        self.beginResetModel()
        self._grid = grid
        self._people = grid.people
        self._sessions = grid.sessions
        self._held = grid.held_ids
        share = grid.workshop.min_attendance_share
        self._rule = CompletionRule(share, None) if share is not None else None
        self._confirmed = dict(grid.marks)
        self._tallies = [self._compute_tally(p.enrolment_id) for p in self._people]
        self._counts = [self._compute_counts(s.id) for s in self._sessions]
        self._below = [self._compute_below(row) for row in range(len(self._people))]
        self.endResetModel()

    @property
    def grid(self) -> AttendanceGrid | None:
        return self._grid

    @property
    def people(self) -> tuple[GridPerson, ...]:
        return self._people

    @property
    def sessions(self) -> tuple[GridSession, ...]:
        return self._sessions

    # --- shape -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or not self._people:
            return 0
        return len(self._people) + 1  # the totals row

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or not self._people:
            return 0
        return len(self._sessions) + len(Total)

    @property
    def totals_row(self) -> int:
        return len(self._people)

    def session_at(self, column: int) -> GridSession | None:
        position = column - FIRST_SESSION
        return self._sessions[position] if 0 <= position < len(self._sessions) else None

    def total_at(self, column: int) -> Total | None:
        return Total(column) if 0 <= column < FIRST_SESSION else None

    def person_at(self, row: int) -> GridPerson | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def column_of(self, session_id: uuid.UUID) -> int | None:
        for position, item in enumerate(self._sessions):
            if item.id == session_id:
                return FIRST_SESSION + position
        return None

    def row_of(self, enrolment_id: uuid.UUID) -> int | None:
        for row, person in enumerate(self._people):
            if person.enrolment_id == enrolment_id:
                return row
        return None

    def is_mark_cell(self, index: Index) -> bool:
        """A person × session cell (markable or not)."""
        return (
            index.isValid()
            and self.person_at(index.row()) is not None
            and self.session_at(index.column()) is not None
        )

    def default_column(self) -> int:
        """Where the cursor starts: today's session, else the last one held, else the first."""
        held = [c for c, s in enumerate(self._sessions) if s.state is SessionState.HELD]
        return FIRST_SESSION + (held[-1] if held else 0)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # --- marks -------------------------------------------------------------------------------

    def mark_of(self, enrolment_id: uuid.UUID, session_id: uuid.UUID) -> AttendanceMark | None:
        """The mark shown: the newest one being saved, else the confirmed one."""
        pending = self._pending.get((enrolment_id, session_id))
        if pending:
            return pending[-1].mark
        return self._confirmed.get((enrolment_id, session_id))

    def tally(self, row: int) -> AttendanceTally:
        return self._tallies[row]

    def session_counts(self, column: int) -> Counter[AttendanceMark]:
        return self._counts[column - FIRST_SESSION]

    def is_pending(self, enrolment_id: uuid.UUID, session_id: uuid.UUID) -> bool:
        return bool(self._pending.get((enrolment_id, session_id)))

    def apply(self, row: int, column: int, mark: AttendanceMark | None) -> int:
        """Show ``mark`` (None: clear) in a person × session cell before it is saved; returns
        the token to :meth:`confirm` or :meth:`rollback` it with."""
        person, item = self.person_at(row), self.session_at(column)
        if person is None or item is None:
            raise IndexError(f"not a mark cell: {row}, {column}")
        token = next(self._tokens)
        cell = (person.enrolment_id, item.id)
        self._pending.setdefault(cell, []).append(_Pending(token, mark))
        self._token_cells[token] = cell
        self._changed(row, column)
        return token

    def confirm(self, token: int) -> None:
        """The database has the mark of ``token``: it becomes the confirmed value."""
        taken = self._take(token)
        if taken is None:
            return
        cell, mark = taken
        if mark is None:
            self._confirmed.pop(cell, None)
        else:
            self._confirmed[cell] = mark
        self._refresh_cell(cell)

    def rollback(self, token: int) -> None:
        """The mark of ``token`` was not saved: show what is still pending or confirmed."""
        taken = self._take(token)
        if taken is not None:
            self._refresh_cell(taken[0])

    def agrees_with(self, saved: MarkSaved) -> bool:
        """Whether the totals on screen match what the database said after a save (they differ
        when someone else changed this workshop's attendance meanwhile). Only meaningful while
        nothing else of that person or session is pending."""
        row = self.row_of(saved.enrolment_id)
        column = self.column_of(saved.session_id)
        if row is None or column is None:
            return False
        busy = any(
            cell[0] == saved.enrolment_id or cell[1] == saved.session_id
            for cell in self._token_cells.values()
        )
        if busy:
            return True
        counts = {mark: n for mark, n in self._counts[column - FIRST_SESSION].items() if n}
        return self._tallies[row] == saved.tally and counts == dict(saved.session_counts)

    def _take(self, token: int) -> tuple[Cell, AttendanceMark | None] | None:
        """Remove the pending entry of ``token``: its cell and the mark it carried."""
        cell = self._token_cells.pop(token, None)
        if cell is None:
            return None
        entries = self._pending.get(cell, [])
        mark: AttendanceMark | None = None
        for position, entry in enumerate(entries):
            if entry.token == token:
                mark = entry.mark
                del entries[position]
                break
        if not entries:
            self._pending.pop(cell, None)
        return cell, mark

    def _refresh_cell(self, cell: Cell) -> None:
        row, column = self.row_of(cell[0]), self.column_of(cell[1])
        if row is not None and column is not None:
            self._changed(row, column)

    def _changed(self, row: int, column: int) -> None:
        """Recompute the totals a cell feeds and tell the views."""
        person, item = self._people[row], self._sessions[column - FIRST_SESSION]
        self._tallies[row] = self._compute_tally(person.enrolment_id)
        self._counts[column - FIRST_SESSION] = self._compute_counts(item.id)
        was_below = self._below[row] is not None
        self._below[row] = self._compute_below(row)
        # One signal per cell: views repaint a single cell's rectangle but, for a range, may
        # repaint the whole viewport (a full repaint per key press is visible on old PCs).
        changed = [(row, column), (self.totals_row, column)]
        changed += [(r, total) for r in (row, self.totals_row) for total in range(FIRST_SESSION)]
        for r, c in changed:
            index = self.index(r, c)
            self.dataChanged.emit(index, index)
        if was_below != (self._below[row] is not None):
            self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)

    def _compute_tally(self, enrolment_id: uuid.UUID) -> AttendanceTally:
        marks: dict[uuid.UUID, AttendanceMark] = {}
        for session_id in self._held:
            mark = self.mark_of(enrolment_id, session_id)
            if mark is not None:
                marks[session_id] = mark
        return tally_marks(self._held, marks)

    def _compute_counts(self, session_id: uuid.UUID) -> Counter[AttendanceMark]:
        return Counter(
            mark
            for person in self._people
            if (mark := self.mark_of(person.enrolment_id, session_id)) is not None
        )

    # --- the completion threshold ------------------------------------------------------------

    def below_reason(self, row: int) -> str | None:
        """Why this person's attendance so far is below the minimum (None when it is not, or
        when the workshop has no attendance minimum or no session has been held)."""
        return self._below[row] if 0 <= row < len(self._below) else None

    def _compute_below(self, row: int) -> str | None:
        if self._rule is None:
            return None
        tally = self._tallies[row]
        if tally.held == 0:
            return None
        result = evaluate(self._rule, tally, None)
        if result.completed:
            return None
        msgid, params = result.reasons[0]
        return format_message(msgid, params)

    def below_count(self) -> int:
        return sum(1 for row in range(len(self._people)) if self.below_reason(row) is not None)

    # --- data --------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or row > len(self._people) or column >= self.columnCount():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        item = self.session_at(column)
        person = self.person_at(row)
        if item is not None and person is not None:
            return self._mark_data(person, item, role)
        if item is not None:
            return self._session_total_data(column, item, role)
        total = self.total_at(column)
        assert total is not None
        if person is not None:
            return self._person_total_data(row, total, role)
        return self._grand_total_data(total, role)

    def _mark_data(self, person: GridPerson, item: GridSession, role: int) -> Any:
        mark = self.mark_of(person.enrolment_id, item.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return mark_letter(mark) if mark is not None else ""
        if role == MARK_ROLE:
            return mark
        if role == MARKABLE_ROLE:
            return item.state.markable
        if role == SESSION_ID_ROLE:
            return item.id
        if role == ENROLMENT_ID_ROLE:
            return person.enrolment_id
        if role == PENDING_ROLE:
            return self.is_pending(person.enrolment_id, item.id)
        if role == Qt.ItemDataRole.ForegroundRole:
            if mark is None:
                return None
            colour = MARK_COLOURS[mark][0] if item.state.markable else MUTED_TEXT
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.BackgroundRole:
            if item.state is SessionState.CANCELLED:
                return QBrush(QColor(CANCELLED_BACKGROUND), Qt.BrushStyle.BDiagPattern)
            if item.state is SessionState.UPCOMING:
                return QBrush(QColor(UPCOMING_BACKGROUND))
            return QBrush(QColor(MARK_COLOURS[mark][1])) if mark is not None else None
        if role == Qt.ItemDataRole.FontRole and self.is_pending(person.enrolment_id, item.id):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [f"{person.full_name} — {session_title(item)}"]
            if mark is not None:
                parts.append(_(mark.label_msgid))
            refusal = refusal_msgid(item.state)
            if refusal is not None:
                parts.append(_(refusal))
            return "\n".join(parts)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _(mark.label_msgid) if mark is not None else _("Not marked")
        return None

    def _session_total_data(self, column: int, item: GridSession, role: int) -> Any:
        counts = self._counts[column - FIRST_SESSION]
        held = item.state is SessionState.HELD
        if role == Qt.ItemDataRole.DisplayRole:
            if not held:
                return ""
            return localise_digits(counts[AttendanceMark.PRESENT] + counts[AttendanceMark.LATE])
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(TOTALS_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if not held:
                refusal = refusal_msgid(item.state)
                return f"{session_title(item)}\n{_(refusal)}" if refusal else session_title(item)
            unmarked = len(self._people) - sum(counts.values())
            return format_message(
                N_(
                    "{session}\nAttended {attended} of {people}: present {present}, late "
                    "{late}; excused {excused}, absent {absent}, not marked {unmarked}."
                ),
                {
                    "session": session_title(item),
                    "attended": counts[AttendanceMark.PRESENT] + counts[AttendanceMark.LATE],
                    "people": len(self._people),
                    "present": counts[AttendanceMark.PRESENT],
                    "late": counts[AttendanceMark.LATE],
                    "excused": counts[AttendanceMark.EXCUSED],
                    "absent": counts[AttendanceMark.ABSENT],
                    "unmarked": unmarked,
                },
            )
        return None

    def _person_total_data(self, row: int, total: Total, role: int) -> Any:
        tally = self._tallies[row]
        reason = self.below_reason(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._total_text(total, tally)
        if role == BELOW_ROLE:
            return reason is not None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(BELOW_BACKGROUND)) if reason is not None else None
        if role == Qt.ItemDataRole.FontRole and total is Total.SHARE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._person_tooltip(row)
        return None

    def _total_text(self, total: Total, tally: AttendanceTally) -> str:
        if total is Total.SHARE:
            return percent(tally.share) if tally.held else "—"
        value = {
            Total.PRESENT: tally.present,
            Total.LATE: tally.late,
            Total.EXCUSED: tally.excused,
            Total.ABSENT: tally.absent,
        }[total]
        return localise_digits(value)

    def _person_tooltip(self, row: int) -> str:
        tally = self._tallies[row]
        lines = [self._people[row].full_name]
        lines.append(
            format_message(
                N_("Attended {attended} of {held} sessions held ({unmarked} not marked)."),
                {
                    "attended": tally.attended,
                    "held": tally.held,
                    "unmarked": tally.held - self._marked_held(row),
                },
            )
        )
        reason = self.below_reason(row)
        if reason is not None:
            lines.append(reason)
        return "\n".join(lines)

    def _marked_held(self, row: int) -> int:
        person = self._people[row]
        return sum(1 for sid in self._held if self.mark_of(person.enrolment_id, sid) is not None)

    def _grand_total_data(self, total: Total, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(TOTALS_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if total is Total.SHARE:
            shares = [t.share for t in self._tallies if t.held]
            if role == Qt.ItemDataRole.DisplayRole:
                return percent(sum(shares) / len(shares)) if shares else "—"
            if role == Qt.ItemDataRole.ToolTipRole:
                text = _("Average attendance of everyone on the sheet.")
                if self._rule is not None and self._rule.min_attendance_share is not None:
                    text += "\n" + format_message(
                        N_("{count} of {people} below the required {required}."),
                        {
                            "count": self.below_count(),
                            "people": len(self._people),
                            "required": percent(self._rule.min_attendance_share),
                        },
                    )
                return text
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = sum(
                {
                    Total.PRESENT: t.present,
                    Total.LATE: t.late,
                    Total.EXCUSED: t.excused,
                    Total.ABSENT: t.absent,
                }[total]
                for t in self._tallies
            )
            return localise_digits(value)
        return None

    # --- headers -----------------------------------------------------------------------------

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role)
        return self._column_header(section, role)

    def _row_header(self, row: int, role: int) -> Any:
        person = self.person_at(row)
        if person is None:
            if row == self.totals_row and self._people and role == Qt.ItemDataRole.DisplayRole:
                return _("Total")
            if row == self.totals_row and self._people and role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{localise_digits(row + 1)}. {person.full_name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [person.full_name]
            if person.father_name:
                father = _("Father's name")
                lines.append(f"{father}: {person.father_name}")
            if person.national_id:
                national_id = _("National ID")
                lines.append(f"{national_id}: {localise_digits(person.national_id)}")
            reason = self.below_reason(row)
            if reason is not None:
                lines.append(reason)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.BackgroundRole and self.below_reason(row) is not None:
            return QBrush(QColor(BELOW_BACKGROUND))
        if role == BELOW_ROLE:
            return self.below_reason(row) is not None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _column_header(self, column: int, role: int) -> Any:
        item = self.session_at(column)
        if item is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                _year, month, day = to_jalali(item.session_date)
                return (
                    f"{localise_digits(item.number)}\n{localise_digits(f'{month:02d}/{day:02d}')}"
                )
            if role == Qt.ItemDataRole.ToolTipRole:
                refusal = refusal_msgid(item.state)
                title = session_title(item, weekday=True)
                return f"{title}\n{_(refusal)}" if refusal else title
            if role == Qt.ItemDataRole.ForegroundRole and not item.state.markable:
                return QBrush(QColor(MUTED_TEXT))
            if role == Qt.ItemDataRole.FontRole and item.state is SessionState.CANCELLED:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if role == MARKABLE_ROLE:
                return item.state.markable
            if role == SESSION_ID_ROLE:
                return item.id
            return None
        total = self.total_at(column)
        if total is None:
            return None
        mark = TOTAL_MARKS.get(total)
        if role == Qt.ItemDataRole.DisplayRole:
            return mark_letter(mark) if mark is not None else _("Attended")
        if role == Qt.ItemDataRole.ToolTipRole:
            if mark is None:
                return self.share_rule_text()
            text = format_message(N_("Sessions marked “{mark}”"), {"mark": _(mark.label_msgid)})
            if mark is AttendanceMark.ABSENT:
                text += "\n" + _("Held sessions not marked count as absences.")
            return text
        if role == Qt.ItemDataRole.ForegroundRole and mark is not None:
            return QBrush(QColor(MARK_COLOURS[mark][0]))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def share_rule_text(self) -> str:
        text = _("Share of the sessions held so far attended (present or late).")
        if self._rule is not None and self._rule.min_attendance_share is not None:
            text += "\n" + format_message(
                N_("The workshop requires {required}."),
                {"required": percent(self._rule.min_attendance_share)},
            )
        return text


def session_title(item: GridSession, *, weekday: bool = False) -> str:
    when = format_jalali(item.session_date, persian_digits=is_persian())
    if weekday:
        when = f"{_(WEEKDAY_MSGIDS[item.session_date.weekday()])} {when}"
    return format_message(N_("Session {number}, {date}"), {"number": item.number, "date": when})
