"""One workshop: a header with its status and counts, and tabs for its sessions, enrolments,
attendance and completion.

The header is read with :meth:`WorkshopService.summary`; each tab reads its own data. A change in
one tab (sessions planned, someone enrolled or withdrawn, a mark taken, the workshop finished)
reads the header again and marks the other tabs stale: they read again when next shown.
Ctrl+E edits the workshop; Ctrl+Page Up/Down move between tabs; Esc (on the page) goes back.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import WorkshopStatus
from desktop.gui.context import GuiContext
from desktop.gui.dialogs.participant_editor import leading_edge
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, muted, set_message, title
from desktop.gui.workshops.completion import CompletionTab, rule_text
from desktop.gui.workshops.enrolments import EnrolmentsTab
from desktop.gui.workshops.models import STATUS_COLOURS, fraction
from desktop.gui.workshops.sessions import SessionsTab
from desktop.gui.workshops.widgets import (
    EMPTY,
    enum_text,
    hours_text,
    jalali,
    number,
    skill_label,
)
from desktop.i18n import _
from desktop.services.workshops import WorkshopSummary

log = logging.getLogger(__name__)

SESSIONS, ENROLMENTS, ATTENDANCE, COMPLETION = "sessions", "enrolments", "attendance", "completion"


def attendance_widget(ctx: GuiContext, workshop_id: uuid.UUID, parent: QWidget) -> QWidget:
    """The attendance grid (built by its own module), or a plain note if it cannot be built."""
    try:
        from desktop.gui.workshops.attendance_sheet import AttendanceSheetWidget
    except ImportError:
        log.warning("the attendance sheet is not available")
        note = muted(QLabel(_("The attendance sheet is not available in this version.")))
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return note
    widget: QWidget = AttendanceSheetWidget(ctx, workshop_id, parent)
    return widget


class WorkshopDetail(QWidget):
    """``back()`` to return to the list; ``changed()`` after anything was saved;
    ``open_participant(id)`` to show a person's profile."""

    back = Signal()
    changed = Signal()
    loaded = Signal()
    open_participant = Signal(object)

    def __init__(self, ctx: GuiContext, workshop_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.summary: WorkshopSummary | None = None
        self.dialog: QWidget | None = None
        self._stale: set[str] = set()
        self._build()
        self.reload()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        heading = QHBoxLayout()
        self.back_button = QPushButton(_("Back to the list"))
        self.back_button.setToolTip(_("Esc"))
        self.back_button.clicked.connect(self.back.emit)
        self.title_label = title(QLabel(_("Loading…")), 1.45)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        self.edit_button = QPushButton(_("Edit (Ctrl+E)"))
        self.edit_button.clicked.connect(self.edit)
        self.cancel_button = QPushButton(_("Cancel the workshop…"))
        self.cancel_button.clicked.connect(self.cancel_workshop)
        heading.addWidget(self.back_button)
        heading.addSpacing(12)
        heading.addWidget(self.title_label)
        heading.addWidget(self.status_badge)
        heading.addStretch(1)
        heading.addWidget(self.edit_button)
        heading.addWidget(self.cancel_button)
        layout.addLayout(heading)

        facts = QGridLayout()
        facts.setHorizontalSpacing(12)
        facts.setVerticalSpacing(2)
        self.facts: dict[str, QLabel] = {}
        rows = [
            [("skill", _("Skill")), ("partner", _("Partner")), ("trainer", _("Trainer"))],
            [("place", _("Place")), ("dates", _("Dates")), ("hours", _("Planned hours"))],
        ]
        for row_number, row in enumerate(rows):
            for column, (key, label_text) in enumerate(row):
                label = muted(QLabel(label_text), wrap=False)
                value = QLabel(EMPTY)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setAlignment(leading_edge(value) | Qt.AlignmentFlag.AlignVCenter)
                self.facts[key] = value
                facts.addWidget(label, row_number, column * 2)
                facts.addWidget(value, row_number, column * 2 + 1)
        for column in (1, 3, 5):
            facts.setColumnStretch(column, 1)
        layout.addLayout(facts)
        summary_row = QHBoxLayout()
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setStyleSheet("font-weight: bold;")
        self.rule = muted(QLabel(), wrap=False)
        summary_row.addWidget(self.counts)
        summary_row.addStretch(1)
        summary_row.addWidget(self.rule)
        layout.addLayout(summary_row)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.sessions = SessionsTab(self.ctx, self.workshop_id)
        self.enrolments = EnrolmentsTab(self.ctx, self.workshop_id)
        self.attendance: QWidget = attendance_widget(self.ctx, self.workshop_id, self)
        self.completion = CompletionTab(self.ctx, self.workshop_id)
        self.tab_keys = [SESSIONS, ENROLMENTS, ATTENDANCE, COMPLETION]
        self.tabs.addTab(self.sessions, _("Sessions"))
        self.tabs.addTab(self.enrolments, _("Enrolments"))
        self.tabs.addTab(self.attendance, _("Attendance"))
        self.tabs.addTab(self.completion, _("Completion"))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_shown)

        self.sessions.changed.connect(lambda: self._changed_in(SESSIONS))
        self.enrolments.changed.connect(lambda: self._changed_in(ENROLMENTS))
        self.completion.changed.connect(lambda: self._changed_in(COMPLETION))
        saved = getattr(self.attendance, "saved", None)
        if saved is not None:
            saved.connect(lambda *_args: self._changed_in(ATTENDANCE, header=False))
        for tab in (self.enrolments, self.completion):
            tab.open_participant.connect(self.open_participant.emit)

        for keys, action in (
            ("Ctrl+E", self.edit),
            ("Ctrl+PgDown", lambda: self._step_tab(1)),
            ("Ctrl+PgUp", lambda: self._step_tab(-1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.edit_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the header and every tab again."""
        self.reload_header()
        self.sessions.reload()
        self.enrolments.reload()
        self.completion.reload()
        refresh = getattr(self.attendance, "refresh", None)
        if callable(refresh) and self._stale:
            refresh()
        self._stale.clear()

    def reload_header(self) -> None:
        workshops = self.ctx.services.workshops
        workshop_id = self.workshop_id
        self.ctx.runner.run(
            lambda: workshops.summary(workshop_id),
            alive_callback(self, self._show_summary),
            alive_callback(self, self._failed),
        )

    def _show_summary(self, summary: WorkshopSummary) -> None:
        self.summary = summary
        workshop = summary.workshop
        self.title_label.setText(workshop.title)
        self.status_badge.setText(enum_text(summary.status))
        colour = STATUS_COLOURS[summary.status]
        self.status_badge.setStyleSheet(
            f"QLabel#statusBadge {{ color: white; background: {colour}; border-radius: 8px;"
            " padding: 2px 10px; }"
        )
        values = {
            "skill": skill_label(summary.skill_name_fa, summary.skill_name_en),
            "partner": workshop.partner_org or EMPTY,
            "trainer": workshop.trainer or EMPTY,
            "place": workshop.place or EMPTY,
            "dates": _("{start} to {end}").format(
                start=jalali(workshop.start_date), end=jalali(workshop.end_date)
            ),
            "hours": hours_text(workshop.planned_hours),
        }
        for key, value in values.items():
            self.facts[key].setText(value)
        self.counts.setText(
            "   |   ".join(
                [
                    _("Enrolled {fraction}").format(
                        fraction=fraction(summary.enrolled, workshop.capacity)
                    ),
                    _("Waiting {count}").format(count=number(summary.waiting)),
                    _("Sessions held {fraction}").format(
                        fraction=fraction(summary.sessions_held, summary.sessions)
                    ),
                    _("Completed {count}").format(count=number(summary.completed)),
                ]
            )
        )
        self.rule.setText(rule_text(workshop))
        cancelled = summary.status == WorkshopStatus.CANCELLED
        self.edit_button.setEnabled(not cancelled)
        self.cancel_button.setEnabled(not cancelled and summary.status != WorkshopStatus.FINISHED)
        for tab in (self.sessions, self.enrolments, self.completion):
            tab.set_summary(summary)
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        set_message(self.message, _("The workshop could not be read: {error}").format(error=error))

    def is_loaded(self) -> bool:
        return (
            self.summary is not None
            and self.sessions.data is not None
            and self.enrolments.lists is not None
            and self.completion.rows is not None
        )

    # --- keeping the tabs current ------------------------------------------------------------

    def _changed_in(self, source: str, *, header: bool = True) -> None:
        self._stale |= {key for key in self.tab_keys if key != source}
        if header:
            self.reload_header()
        self.changed.emit()
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        if not 0 <= index < len(self.tab_keys):
            return
        key = self.tab_keys[index]
        if key not in self._stale:
            return
        self._stale.discard(key)
        if key == SESSIONS:
            self.sessions.reload()
        elif key == ENROLMENTS:
            self.enrolments.reload()
        elif key == COMPLETION:
            self.completion.reload()
        else:
            refresh = getattr(self.attendance, "refresh", None)
            if callable(refresh):
                refresh()

    def _step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(self.tab_keys.index(key))

    # --- actions -----------------------------------------------------------------------------

    def edit(self) -> None:
        if self.summary is None or not self.edit_button.isEnabled():
            return
        from desktop.gui.workshops.editor import edit_workshop

        self.dialog = edit_workshop(self.ctx, self.workshop_id, self, self._edited)

    def _edited(self, _workshop_id: Any) -> None:
        self.reload_header()
        self._changed_in("header")

    def cancel_workshop(self) -> None:
        if self.summary is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Cancel the workshop"),
            _(
                "Cancel {title}? Nobody can enrol any more; the people and sessions stay recorded."
            ).format(title=self.summary.workshop.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(self._cancel_confirmed)
        self.dialog = box
        box.open()

    def _cancel_confirmed(self) -> None:
        workshops = self.ctx.services.workshops
        workshop_id = self.workshop_id
        self.ctx.runner.run(
            lambda: workshops.cancel(workshop_id),
            alive_callback(self, lambda _result: self._changed_in("header")),
            alive_callback(self, self._failed),
        )


__all__ = ["WorkshopDetail", "attendance_widget"]
