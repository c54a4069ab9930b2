"""The Completion tab: who meets the workshop's completion rule and, for the others, why not
(attendance share, final assessment level), ready for certificates; "Finish the workshop"
records who completed and plans their 3, 6 and 12-month follow-ups; "Issue certificates" makes
the certificates of everyone eligible without a valid one (merged PDF and one file per person,
see :mod:`desktop.gui.certificates.issue_dialog`)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import EnrolmentStatus, WorkshopStatus
from desktop.gui.certificates.model import serial_text
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.models.records import Record
from desktop.gui.pages.profile import RecordTable
from desktop.gui.style import error_label, muted, set_message
from desktop.gui.workshops.models import fraction
from desktop.gui.workshops.widgets import EMPTY, level_text, notice_label, percent
from desktop.i18n import _, format_message, localise_digits, ngettext
from desktop.services.attendance import CompletionRow
from desktop.services.certificates import EligibleRow
from desktop.services.workshops import WorkshopSummary
from desktop.store.models import Workshop

SHOW_ALL, SHOW_MET, SHOW_NOT_MET = "all", "met", "not_met"


def rule_text(workshop: Workshop) -> str:
    parts = []
    if workshop.min_attendance_share is not None:
        parts.append(
            _("attendance at least {share} of the sessions held").format(
                share=percent(workshop.min_attendance_share)
            )
        )
    if workshop.min_level is not None:
        parts.append(
            _("a final assessment level of at least {level}").format(
                level=level_text(workshop.min_level)
            )
        )
    return _("Completion rule: {parts}.").format(parts=_(" and ").join(parts))


def completion_titles() -> list[str]:
    return [
        _("Name"),
        _("Attended"),
        _("Share"),
        _("Final level"),
        _("Result"),
        _("Why not"),
        _("Certificate"),
    ]


def certificate_cell(row: EligibleRow | None) -> str:
    if row is None or row.certificate is None:
        return ""
    serial = serial_text(row.certificate.serial)
    if row.certificate.revoked:
        return _("{serial} (revoked)").format(serial=serial)
    return serial


def completion_record(row: CompletionRow, eligible: EligibleRow | None = None) -> Record:
    tally = row.tally
    attended = fraction(tally.attended, tally.held)
    if row.enrolment.status == EnrolmentStatus.COMPLETED:
        result = _("Completed")
    elif row.result.completed:
        result = _("Meets the rule")
    else:
        result = _("Does not meet the rule")
    reasons = "؛ ".join(format_message(msgid, params) for msgid, params in row.result.reasons)
    person = row.participant
    return Record(
        cells=(
            f"{person.first_name} {person.last_name}",
            attended,
            percent(tally.share) if tally.held else EMPTY,
            level_text(row.final_level),
            result,
            reasons,
            certificate_cell(eligible),
        ),
        key=person.id,
        tooltip=reasons,
    )


class CompletionTab(QWidget):
    changed = Signal()  # the workshop was finished
    certificates_issued = Signal(object)  # IssueResult
    loaded = Signal()
    open_participant = Signal(object)

    def __init__(self, ctx: GuiContext, workshop_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.summary: WorkshopSummary | None = None
        self.rows: list[CompletionRow] | None = None
        self.eligible: dict[object, EligibleRow] = {}  # by enrolment id
        self.issue_dialog: QWidget | None = None
        self.confirm_box: QMessageBox | None = None
        self._finishing = False

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.show_combo = QComboBox()
        for text, value in (
            (_("Everyone"), SHOW_ALL),
            (_("Who meets the rule"), SHOW_MET),
            (_("Who does not"), SHOW_NOT_MET),
        ):
            self.show_combo.addItem(text, value)
        self.show_combo.currentIndexChanged.connect(lambda _index: self._show())
        show_label = QLabel(_("Show:"))
        show_label.setBuddy(self.show_combo)
        self.finish_button = QPushButton(_("Finish the workshop…"))
        self.finish_button.clicked.connect(self.finish)
        top.addWidget(self.totals, 1)
        top.addWidget(show_label)
        top.addWidget(self.show_combo)
        top.addWidget(self.finish_button)
        self.issue_button = QPushButton(_("Issue certificates…"))
        self.issue_button.setObjectName("issueCertificates")
        self.issue_button.clicked.connect(self.issue_certificates)
        top.addWidget(self.issue_button)
        layout.addLayout(top)
        self.finish_hint = muted(QLabel())
        layout.addWidget(self.finish_hint)
        self.issue_hint = muted(QLabel())
        layout.addWidget(self.issue_hint)
        self.notice = notice_label()
        layout.addWidget(self.notice)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        self.table = RecordTable(
            completion_titles(), _("Nobody is enrolled in this workshop."), stretch=5
        )
        self.table.activated.connect(lambda key: self.open_participant.emit(key))
        layout.addWidget(self.table, 1)
        self._update_finish()

    def set_summary(self, summary: WorkshopSummary) -> None:
        self.summary = summary
        self._update_finish()
        self._update_issue()

    def reload(self) -> None:
        attendance = self.ctx.services.attendance
        certificates = self.ctx.services.certificates
        workshop_id = self.workshop_id

        def read() -> tuple[list[CompletionRow], list[EligibleRow]]:
            return attendance.completion(workshop_id), certificates.eligible(workshop_id)

        self.ctx.runner.run(
            read,
            alive_callback(self, self._loaded),
            alive_callback(self, self._failed),
        )

    def _loaded(self, result: tuple[list[CompletionRow], list[EligibleRow]]) -> None:
        rows, eligible = result
        self.rows = rows
        self.eligible = {row.enrolment_id: row for row in eligible}
        self._show()
        self._update_finish()
        self._update_issue()
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        set_message(self.message, str(error))

    def _show(self) -> None:
        if self.rows is None:
            return
        chosen = self.show_combo.currentData()
        shown = [
            row
            for row in self.rows
            if chosen == SHOW_ALL or (row.result.completed == (chosen == SHOW_MET))
        ]
        self.table.set_records(
            [completion_record(row, self.eligible.get(row.enrolment.id)) for row in shown]
        )
        met = sum(1 for row in self.rows if row.result.completed)
        held = self.rows[0].tally.held if self.rows else 0
        text = _("{met} of {total} meet the rule; {not_met} do not.").format(
            met=localise_digits(met),
            total=localise_digits(len(self.rows)),
            not_met=localise_digits(len(self.rows) - met),
        )
        text += " " + ngettext(
            "{held} session held so far.", "{held} sessions held so far.", held
        ).format(held=localise_digits(held))
        completed = sum(1 for row in self.rows if row.enrolment.status == EnrolmentStatus.COMPLETED)
        if completed:
            text += " " + _("{count} marked as completed: ready for certificates.").format(
                count=localise_digits(completed)
            )
        self.totals.setText(text)

    def _update_finish(self) -> None:
        summary = self.summary
        today = date.today()
        if summary is None or self.rows is None:
            self.finish_button.setEnabled(False)
            set_message(self.finish_hint, "")
            return
        end = summary.workshop.end_date
        if summary.status == WorkshopStatus.CANCELLED:
            hint = _("The workshop is cancelled.")
        elif end is None or end > today:
            hint = _("The workshop can be finished after its last session.")
        elif not any(
            row.result.completed and row.enrolment.status != EnrolmentStatus.COMPLETED
            for row in self.rows
        ):
            hint = _("Everyone who meets the rule is marked as completed.")
        else:
            hint = ""
        self.finish_button.setEnabled(not hint and not self._finishing and bool(self.rows))
        set_message(self.finish_hint, hint)

    def finish(self) -> None:
        if self.rows is None or not self.finish_button.isEnabled():
            return
        met = sum(
            1
            for row in self.rows
            if row.result.completed and row.enrolment.status != EnrolmentStatus.COMPLETED
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Finish the workshop"),
            ngettext(
                "{count} person meets the rule and will be marked as completed, with "
                "follow-ups planned at 3, 6 and 12 months. Finish the workshop?",
                "{count} people meet the rule and will be marked as completed, with "
                "follow-ups planned at 3, 6 and 12 months. Finish the workshop?",
                met,
            ).format(count=localise_digits(met)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.accepted.connect(self._finish_confirmed)
        self.confirm_box = box
        box.open()

    def _finish_confirmed(self) -> None:
        attendance = self.ctx.services.attendance
        workshop_id = self.workshop_id
        before = {
            row.enrolment.id
            for row in self.rows or []
            if row.enrolment.status == EnrolmentStatus.COMPLETED
        }
        self._finishing = True
        self._update_finish()

        def done(rows: Any) -> None:
            self._finishing = False
            newly = [row for row in rows if row.result.completed and row.enrolment.id not in before]
            set_message(
                self.notice,
                ngettext(
                    "{count} person marked as completed; follow-ups at 3, 6 and 12 months are "
                    "planned. The list is ready for certificates.",
                    "{count} people marked as completed; follow-ups at 3, 6 and 12 months are "
                    "planned. The list is ready for certificates.",
                    len(newly),
                ).format(count=localise_digits(len(newly))),
            )
            self.reload()
            self.changed.emit()

        def failed(error: Exception) -> None:
            self._finishing = False
            self._update_finish()
            set_message(self.message, str(error))

        self.ctx.runner.run(
            lambda: attendance.finish_workshop(workshop_id),
            alive_callback(self, done),
            alive_callback(self, failed),
        )

    # --- certificates ------------------------------------------------------------------------

    def to_issue(self) -> list[EligibleRow]:
        """Who gets a certificate from "Issue certificates": eligible, without a valid one, in
        the list's order."""
        order = {row.enrolment.id: number for number, row in enumerate(self.rows or [])}
        waiting = [row for row in self.eligible.values() if row.can_issue]
        return sorted(waiting, key=lambda row: order.get(row.enrolment_id, len(order)))

    def _update_issue(self) -> None:
        summary = self.summary
        if summary is None or self.rows is None:
            self.issue_button.setEnabled(False)
            set_message(self.issue_hint, "")
            return
        waiting = self.to_issue()
        end = summary.workshop.end_date
        if summary.status == WorkshopStatus.CANCELLED:
            hint = ""  # the finish hint already says so
        elif end is None or end > date.today():
            hint = _("Certificates can be issued after the last session.")
        elif not any(row.completed for row in self.eligible.values()):
            hint = ""
        elif not waiting:
            hint = _("Everyone who meets the rule has a valid certificate.")
        else:
            hint = ngettext(
                "{count} person can get a certificate now.",
                "{count} people can get a certificate now.",
                len(waiting),
            ).format(count=localise_digits(len(waiting)))
            self.issue_button.setEnabled(True)
            set_message(self.issue_hint, hint)
            return
        self.issue_button.setEnabled(False)
        set_message(self.issue_hint, hint)

    def issue_certificates(self) -> QWidget | None:
        """Open the issue dialog for everyone eligible (window-modal, not blocking)."""
        from desktop.gui.certificates.issue_dialog import IssueDialog, IssueRequest

        waiting = self.to_issue()
        if not waiting or self.summary is None or not self.issue_button.isEnabled():
            return None
        request = IssueRequest(
            workshop_id=self.workshop_id,
            workshop_title=self.summary.workshop.title,
            names=tuple(row.full_name for row in waiting),
        )
        dialog = IssueDialog(self.ctx, request, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.issued.connect(self._issued)
        self.issue_dialog = dialog
        dialog.open()
        return dialog

    def _issued(self, result: Any) -> None:
        self.reload()
        self.certificates_issued.emit(result)


__all__ = ["CompletionTab", "rule_text"]
