"""The Sessions tab of a workshop: its schedule, planning it, moving or cancelling a session, and
the office's official holidays (which schedules skip).

The schedule dialog shows the plan as it is typed (first and last session, total hours, which
holidays it steps over) with the same pure rules the service applies
(:func:`schedule_problems`), so a Friday-only week or a start before the workshop's start date
is said before anything is saved.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import SessionStatus
from desktop.domain.errors import ValidationError
from desktop.domain.schedule import FRIDAY, MAX_SESSIONS
from desktop.gui.context import GuiContext
from desktop.gui.dialogs.participant_editor import DigitsLineEdit
from desktop.gui.models.participants import alive_callback
from desktop.gui.models.records import Record
from desktop.gui.pages.profile import RecordTable
from desktop.gui.style import error_label, muted, set_message
from desktop.gui.widgets.dates import JalaliDateEdit
from desktop.gui.workshops.action_dialog import ActionDialog, open_action
from desktop.gui.workshops.widgets import (
    WEEKDAYS,
    DecimalSpinBox,
    IntegerSpinBox,
    enum_text,
    hours_text,
    jalali,
    jalali_with_weekday,
    notice_label,
    time_text,
)
from desktop.i18n import _, localise_digits, ngettext
from desktop.services.workshops import (
    MAX_SESSION_HOURS,
    WorkshopSummary,
    schedule_problems,
    session_date_problem,
)
from desktop.store.models import Holiday, WorkshopSession

DEFAULT_WEEKDAYS = (5, 0)  # Saturday and Monday, a common pattern


def session_titles() -> list[str]:
    return [_("No."), _("Date"), _("Start time"), _("Hours"), _("Status"), _("Note")]


def session_record(row: WorkshopSession) -> Record:
    return Record(
        cells=(
            localise_digits(row.number),
            jalali_with_weekday(row.session_date),
            time_text(row.start_time),
            hours_text(row.hours),
            enum_text(row.status),
            row.note,
        ),
        sort_values=(row.number, row.session_date, row.start_time, row.hours, row.status.value),
        key=row.id,
    )


# --- planning the schedule --------------------------------------------------------------------


class ScheduleDialog(ActionDialog):
    """Start date, weekdays (Saturday…Thursday; Friday is always off), number of sessions,
    hours and start time → :meth:`WorkshopService.generate_schedule`."""

    def __init__(
        self,
        ctx: GuiContext,
        summary: WorkshopSummary,
        holidays: list[Holiday],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Plan the sessions"), _("Plan"), parent)
        self.summary = summary
        workshop = summary.workshop
        self.holidays = {holiday.holiday_date: holiday.title for holiday in holidays}

        self.start = JalaliDateEdit()
        self.start.set_date_value(workshop.start_date)
        self.start.setMaximumWidth(self.fontMetrics().horizontalAdvance("۰") * 14 + 60)
        self.weekday_boxes: dict[int, QCheckBox] = {}
        days = QWidget()
        days_layout = QHBoxLayout(days)
        days_layout.setContentsMargins(0, 0, 0, 0)
        for weekday, name in WEEKDAYS:
            if weekday == FRIDAY:
                continue
            box = QCheckBox(_(name))
            box.setChecked(weekday in DEFAULT_WEEKDAYS)
            self.weekday_boxes[weekday] = box
            days_layout.addWidget(box)
        days_layout.addWidget(muted(QLabel(_("Friday is always off.")), wrap=False))
        days_layout.addStretch(1)
        self.count = IntegerSpinBox()
        self.count.setRange(1, MAX_SESSIONS)
        self.hours = DecimalSpinBox()
        self.hours.setRange(0, MAX_SESSION_HOURS)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(3)
        # As many three-hour sessions as the planned hours need (36 hours → 12 sessions).
        self.count.setValue(max(1, min(MAX_SESSIONS, round(workshop.planned_hours / 3))))
        self.start_time = DigitsLineEdit()
        self.start_time.setText(localise_digits("09:00"))
        self.start_time.setMaxLength(5)
        for narrow in (self.count, self.hours, self.start_time):
            narrow.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10 + 40)

        self.add_row(_("First session on or after:"), self.start, "start")
        self.add_row(_("Weekdays:"), days, "weekdays")
        self.add_row(_("Number of sessions:"), self.count, "sessions")
        self.add_row(_("Hours per session:"), self.hours, "hours")
        self.add_row(_("Start time:"), self.start_time, "start_time")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setObjectName("preview")
        self.layout_.addWidget(self.preview)
        self.replaces = notice_label(warning=True)
        if summary.sessions:
            set_message(
                self.replaces,
                ngettext(
                    "This replaces the {count} session planned now.",
                    "This replaces the {count} sessions planned now.",
                    summary.sessions,
                ).format(count=localise_digits(summary.sessions)),
            )
        self.layout_.addWidget(self.replaces)
        self.finish_layout()

        self.start.date_changed.connect(lambda _value: self.revalidate())
        self.start.line.textEdited.connect(lambda _text: self.revalidate())
        for box in self.weekday_boxes.values():
            box.toggled.connect(lambda _checked: self.revalidate())
        self.count.valueChanged.connect(lambda _value: self.revalidate())
        self.hours.valueChanged.connect(lambda _value: self.revalidate())
        self.start_time.textChanged.connect(lambda _text: self.revalidate())
        self.resize(720, self.sizeHint().height())
        self.revalidate()
        self.start.setFocus()

    def weekdays(self) -> list[int]:
        return [day for day, box in self.weekday_boxes.items() if box.isChecked()]

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        start = self.start.date_value()
        if self.start.error() is not None or start is None:
            error = self.start.error()
            found["start"] = error.message if error is not None else _("Enter a date.")
            self._show_preview(None)
            return found
        plan, problems = schedule_problems(
            self.summary.workshop.start_date,
            start=start,
            weekdays=self.weekdays(),
            count=self.count.value(),
            hours=self.hours.value(),
            start_time=self.start_time.value(),
            holidays=self.holidays,
        )
        for problem in problems:
            found.setdefault(problem.field or "", problem.message)
        self._show_preview(plan.dates if plan is not None else None)
        return found

    def _show_preview(self, dates: list[date] | None) -> None:
        if not dates:
            self.preview.setText("")
            return
        total = len(dates) * self.hours.value()
        lines = [
            _("{count} sessions from {first} to {last}; {hours} hours in all.").format(
                count=localise_digits(len(dates)),
                first=jalali_with_weekday(dates[0]),
                last=jalali_with_weekday(dates[-1]),
                hours=hours_text(total),
            )
        ]
        planned = self.summary.workshop.planned_hours
        if abs(total - planned) > 1e-6:
            lines.append(
                _("The workshop plans {planned} hours.").format(planned=hours_text(planned))
            )
        skipped = [
            f"{jalali(day)} ({title})"
            for day, title in sorted(self.holidays.items())
            if dates[0] <= day <= dates[-1] and day.weekday() in self.weekdays()
        ]
        if skipped:
            lines.append(_("Holidays skipped: {days}").format(days="، ".join(skipped)))
        self.preview.setText("\n".join(lines))

    def work(self) -> Callable[[], Any]:
        workshops = self.ctx.services.workshops
        workshop_id = self.summary.workshop.id
        start = self.start.date_value()
        assert start is not None
        weekdays, count = self.weekdays(), self.count.value()
        hours, start_time = self.hours.value(), self.start_time.value()
        return lambda: workshops.generate_schedule(
            workshop_id,
            start=start,
            weekdays=weekdays,
            count=count,
            hours=hours,
            start_time=start_time,
        )


class MoveSessionDialog(ActionDialog):
    def __init__(
        self,
        ctx: GuiContext,
        session: WorkshopSession,
        workshop_start: date,
        holidays: list[Holiday],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            _("Move session {number}").format(number=localise_digits(session.number)),
            _("Move"),
            parent,
        )
        self.session = session
        self.workshop_start = workshop_start
        self.holidays = {holiday.holiday_date for holiday in holidays}
        current = muted(QLabel(jalali_with_weekday(session.session_date)), wrap=False)
        self.add_row(_("Now:"), current)
        self.new_date = JalaliDateEdit()
        self.new_date.set_date_value(session.session_date)
        self.new_date.setMaximumWidth(self.fontMetrics().horizontalAdvance("۰") * 14 + 60)
        self.start_time = DigitsLineEdit()
        self.start_time.setMaxLength(5)
        self.start_time.setText(localise_digits(session.start_time))
        self.start_time.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10 + 40)
        self.add_row(_("New date:"), self.new_date, "date")
        self.add_row(_("Start time:"), self.start_time, "start_time")
        self.finish_layout()
        self.new_date.date_changed.connect(lambda _value: self.revalidate())
        self.new_date.line.textEdited.connect(lambda _text: self.revalidate())
        self.start_time.textChanged.connect(lambda _text: self.revalidate())
        self.resize(460, self.sizeHint().height())
        self.revalidate()
        self.new_date.setFocus()

    def problems(self) -> dict[str, str]:
        from desktop.services.workshops import normalise_time

        found: dict[str, str] = {}
        chosen = self.new_date.date_value()
        error = self.new_date.error()
        if error is not None or chosen is None:
            found["date"] = error.message if error is not None else _("Enter a date.")
        else:
            problem = session_date_problem(chosen, self.workshop_start, self.holidays)
            if problem is not None:
                found["date"] = problem.message
        try:
            normalise_time(self.start_time.value())
        except ValidationError as invalid:
            found["start_time"] = invalid.message
        return found

    def work(self) -> Callable[[], Any]:
        workshops = self.ctx.services.workshops
        session_id = self.session.id
        chosen = self.new_date.date_value()
        assert chosen is not None
        start_time = self.start_time.value()
        return lambda: workshops.move_session(session_id, chosen, start_time)


class CancelSessionDialog(ActionDialog):
    def __init__(
        self, ctx: GuiContext, session: WorkshopSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx,
            _("Cancel session {number}").format(number=localise_digits(session.number)),
            _("Cancel the session"),
            parent,
        )
        self.session = session
        self.add_row(_("Session:"), muted(QLabel(jalali_with_weekday(session.session_date))))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Why, e.g. the trainer is ill"))
        self.add_row(_("Note:"), self.note, "note")
        hint = muted(
            QLabel(_("No attendance is taken for a cancelled session; it stays in the list."))
        )
        self.layout_.addWidget(hint)
        self.finish_layout()
        self.cancel_button.setText(_("Keep the session"))
        self.resize(480, self.sizeHint().height())
        self.revalidate()
        self.note.setFocus()

    def work(self) -> Callable[[], Any]:
        workshops = self.ctx.services.workshops
        session_id, note = self.session.id, self.note.text()
        return lambda: workshops.cancel_session(session_id, note)


def holiday_record(holiday: Holiday) -> Record:
    return Record(
        cells=(jalali_with_weekday(holiday.holiday_date), holiday.title),
        sort_values=(holiday.holiday_date,),
        key=holiday.id,
    )


class AddHolidayDialog(ActionDialog):
    """The office's holidays: add one (the dialog's OK), or remove the chosen one (the dialog
    stays open; :attr:`removed` tells the tab). Removing never moves a session."""

    removed = Signal(object)  # the Holiday tombstoned

    def __init__(
        self, ctx: GuiContext, holidays: list[Holiday], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Office holidays"), _("Add the holiday"), parent)
        self.holidays = list(holidays)
        self.listed = RecordTable(
            [_("Date"), _("Holiday")], _("No holidays entered yet."), stretch=1
        )
        self.listed.set_records([holiday_record(h) for h in self.holidays])
        self.listed.setMinimumHeight(180)
        self.layout_.insertWidget(0, self.listed)
        self.remove_button = QPushButton(_("Remove the chosen holiday"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_current)
        self.listed.view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._update_remove()
        )
        self.removing = False
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        self.layout_.insertLayout(1, remove_row)
        self.remove_notice = notice_label()
        self.layout_.insertWidget(2, self.remove_notice)
        self.layout_.insertWidget(
            3,
            muted(
                QLabel(
                    _(
                        "Sessions planned from now on skip these days. Sessions already "
                        "planned on a new holiday stay: move them one by one. Removing a "
                        "holiday moves no session either."
                    )
                ),
                wrap=True,
            ),
        )
        self.day = JalaliDateEdit()
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("e.g. Martyrdom of Imam Ali"))
        self.add_row(_("Date:"), self.day, "date")
        self.add_row(_("Name:"), self.title, "title")
        self.finish_layout()
        self.cancel_button.setText(_("Close"))
        self.day.date_changed.connect(lambda _value: self.revalidate())
        self.day.line.textEdited.connect(lambda _text: self.revalidate())
        self.title.textChanged.connect(lambda _text: self.revalidate())
        self.resize(520, self.sizeHint().height())
        self.revalidate()
        self._update_remove()
        self.day.setFocus()

    def _update_remove(self) -> None:
        self.remove_button.setEnabled(
            not self.removing and isinstance(self.listed.current_key(), uuid.UUID)
        )

    def remove_current(self) -> None:
        """Remove the chosen holiday on the pool; the list updates when the service agrees."""
        holiday_id = self.listed.current_key()
        if self.removing or not isinstance(holiday_id, uuid.UUID):
            return
        self.removing = True
        self._update_remove()
        set_message(self.message, "")
        workshops = self.ctx.services.workshops
        self.ctx.runner.run(
            lambda: workshops.remove_holiday(holiday_id),
            alive_callback(self, self._holiday_removed),
            alive_callback(self, self._remove_failed),
        )

    def _holiday_removed(self, holiday: Holiday) -> None:
        self.removing = False
        self.holidays = [h for h in self.holidays if h.id != holiday.id]
        self.listed.set_records([holiday_record(h) for h in self.holidays])
        set_message(
            self.remove_notice,
            _(
                "{date} ({title}) is no longer an office holiday. No session was moved: "
                "plan or move sessions onto that day if you need to."
            ).format(date=jalali(holiday.holiday_date), title=holiday.title),
        )
        self._update_remove()
        self.removed.emit(holiday)

    def _remove_failed(self, error: Exception) -> None:
        self.removing = False
        self._update_remove()
        set_message(self.message, str(error))

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        error = self.day.error()
        if error is not None or self.day.date_value() is None:
            found["date"] = error.message if error is not None else _("Enter a date.")
        if not self.title.text().strip():
            found["title"] = _("Enter the holiday's name.")
        return found

    def work(self) -> Callable[[], Any]:
        workshops = self.ctx.services.workshops
        day = self.day.date_value()
        assert day is not None
        title = self.title.text()
        return lambda: workshops.add_holiday(day, title)


# --- the tab ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionsData:
    sessions: list[WorkshopSession]
    holidays: list[Holiday]


class SessionsTab(QWidget):
    """``changed()`` after the schedule changed (the header and attendance read it again)."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx: GuiContext, workshop_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.summary: WorkshopSummary | None = None
        self.data: SessionsData | None = None
        self.dialog: ActionDialog | None = None

        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.plan_button = QPushButton(_("Plan the sessions… (Ctrl+G)"))
        self.plan_button.clicked.connect(self.plan)
        self.move_button = QPushButton(_("Move…"))
        self.move_button.clicked.connect(self.move_current)
        self.cancel_button = QPushButton(_("Cancel session…"))
        self.cancel_button.clicked.connect(self.cancel_current)
        self.holidays_button = QPushButton(_("Office holidays…"))
        self.holidays_button.clicked.connect(self.holidays)
        for button in (self.plan_button, self.move_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.holidays_button)
        layout.addLayout(buttons)
        self.notice = notice_label()
        layout.addWidget(self.notice)
        self.totals = muted(QLabel())
        layout.addWidget(self.totals)
        self.table = RecordTable(
            session_titles(),
            _("No sessions planned yet. Plan the sessions from a start date and weekdays."),
            stretch=5,
        )
        self.table.activated.connect(lambda _key: self.move_current())
        layout.addWidget(self.table, 1)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        shortcut = QShortcut(QKeySequence("Ctrl+G"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.plan)
        self._update_buttons()

    def set_summary(self, summary: WorkshopSummary) -> None:
        self.summary = summary
        self._update_buttons()

    def reload(self) -> None:
        workshops = self.ctx.services.workshops
        workshop_id = self.workshop_id

        def read() -> SessionsData:
            return SessionsData(workshops.sessions(workshop_id), workshops.holidays())

        self.ctx.runner.run(
            read, alive_callback(self, self._show), alive_callback(self, self._failed)
        )

    def _show(self, data: SessionsData) -> None:
        self.data = data
        current = self.table.current_key()
        self.table.set_records([session_record(row) for row in data.sessions])
        held = [
            row
            for row in data.sessions
            if row.status == SessionStatus.SCHEDULED and row.session_date <= date.today()
        ]
        live = [row for row in data.sessions if row.status == SessionStatus.SCHEDULED]
        cancelled = len(data.sessions) - len(live)
        if data.sessions:
            text = _("{count} sessions, {hours} hours in all; {held} held so far.").format(
                count=localise_digits(len(live)),
                hours=hours_text(sum(row.hours for row in live)),
                held=localise_digits(len(held)),
            )
            if cancelled:
                text += " " + _("{count} cancelled.").format(count=localise_digits(cancelled))
            self.totals.setText(text)
        else:
            self.totals.setText("")
        for number_, row in enumerate(data.sessions):
            if row.id == current:
                self.table.view.selectRow(number_)
        if data.sessions and not self.table.view.currentIndex().isValid():
            self.table.view.setCurrentIndex(self.table.model.index(0, 0))
        self._update_buttons()
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        set_message(self.message, _("The sessions could not be read: {error}").format(error=error))

    def _update_buttons(self) -> None:
        has_rows = bool(self.data and self.data.sessions)
        ready = self.summary is not None and self.data is not None
        self.plan_button.setEnabled(ready)
        self.move_button.setEnabled(ready and has_rows)
        self.cancel_button.setEnabled(ready and has_rows)
        self.holidays_button.setEnabled(self.data is not None)

    def current_session(self) -> WorkshopSession | None:
        key = self.table.current_key()
        if self.data is None:
            return None
        return next((row for row in self.data.sessions if row.id == key), None)

    # --- actions -----------------------------------------------------------------------------

    def plan(self) -> None:
        if self.summary is None or self.data is None:
            return
        self.dialog = open_action(
            ScheduleDialog(self.ctx, self.summary, self.data.holidays, self), self._planned
        )

    def _planned(self, sessions: Any) -> None:
        count = len(sessions) if isinstance(sessions, list) else 0
        set_message(
            self.notice,
            _("{count} sessions planned, from {first} to {last}.").format(
                count=localise_digits(count),
                first=jalali(sessions[0].session_date) if count else "",
                last=jalali(sessions[-1].session_date) if count else "",
            ),
        )
        self._after_change()

    def move_current(self) -> None:
        session = self.current_session()
        if session is None or self.summary is None or self.data is None:
            return
        dialog = MoveSessionDialog(
            self.ctx, session, self.summary.workshop.start_date, self.data.holidays, self
        )
        self.dialog = open_action(dialog, self._moved)

    def _moved(self, session: Any) -> None:
        set_message(
            self.notice,
            _("The session was moved to {date}; the sessions are numbered again.").format(
                date=jalali_with_weekday(session.session_date)
            ),
        )
        self._after_change()

    def cancel_current(self) -> None:
        session = self.current_session()
        if session is None:
            return
        if session.status == SessionStatus.CANCELLED:
            set_message(self.notice, _("This session is already cancelled."))
            return
        self.dialog = open_action(CancelSessionDialog(self.ctx, session, self), self._cancelled)

    def _cancelled(self, session: Any) -> None:
        set_message(
            self.notice,
            _("Session {number} ({date}) was cancelled.").format(
                number=localise_digits(session.number), date=jalali(session.session_date)
            ),
        )
        self._after_change()

    def holidays(self) -> None:
        if self.data is None:
            return
        dialog = AddHolidayDialog(self.ctx, self.data.holidays, self)
        dialog.removed.connect(self._holiday_removed)
        self.dialog = open_action(dialog, self._holiday_added)

    def _holiday_removed(self, holiday: Any) -> None:
        set_message(
            self.notice,
            _("{date} ({title}) is no longer an office holiday; no session was moved.").format(
                date=jalali(holiday.holiday_date), title=holiday.title
            ),
        )
        self.reload()

    def _holiday_added(self, holiday: Any) -> None:
        set_message(
            self.notice,
            _("{date} ({title}) is now an office holiday.").format(
                date=jalali(holiday.holiday_date), title=holiday.title
            ),
        )
        self.reload()

    def _after_change(self) -> None:
        set_message(self.message, "")
        self.reload()
        self.changed.emit()


__all__ = [
    "AddHolidayDialog",
    "CancelSessionDialog",
    "MoveSessionDialog",
    "ScheduleDialog",
    "SessionsTab",
]
