"""The profile's skill assessments tab: one row per assessed skill (latest level, change since
the first assessment), and for the chosen skill a chart of its levels over time and every
assessment of it (date, level, assessor, workshop, evidence notes).

"Assess a skill" opens the assessment dialog; Enter on a skill assesses that skill again.
"Withdraw this assessment…" (or the history's context menu, or Delete) takes back an assessment
recorded by mistake, after a window-modal confirmation that never blocks. The tab only shows
what the profile loaded and asks the profile to change it (no database work of its own).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.jalali import format_jalali
from desktop.domain.levels import LEVEL_NAMES
from desktop.gui.assessments.chart import LevelChart, LevelPoint
from desktop.gui.models.records import Record
from desktop.gui.style import muted, scaled_font
from desktop.i18n import _, is_persian, localise_digits
from desktop.services.skills import SkillHistory, group_by_skill
from desktop.store.models import Skill, SkillAssessment

EMPTY = "—"


def level_text(level: int) -> str:
    name = LEVEL_NAMES.get(level)
    shown = localise_digits(level)
    return f"{shown} — {_(name)}" if name else shown


def change_text(change: int) -> str:
    if not change:
        return ""
    sign = "+" if change > 0 else "−"
    # An isolate keeps the sign before the number in right-to-left text (+۲, not ۲+).
    return f"\u2066{sign}{localise_digits(abs(change))}\u2069"


def skill_title(skill: Skill) -> str:
    return skill.name_fa if is_persian() else (skill.name_en or skill.name_fa)


class AssessmentsTab(QWidget):
    """``assess_requested(skill_id | None)`` when the person asks to record an assessment;
    ``withdraw_requested(assessment_id)`` once withdrawing one was confirmed."""

    assess_requested = Signal(object)
    withdraw_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.gui.pages.profile import RecordTable  # the profile's table (no cycle)

        self.histories: list[SkillHistory] = []
        self.users: Mapping[uuid.UUID, str] = {}
        self.workshops: Mapping[uuid.UUID, str] = {}
        self.confirm_box: QMessageBox | None = None

        self.assess_button = QPushButton(_("Assess a skill"))
        self.assess_button.setEnabled(False)
        self.assess_button.clicked.connect(lambda: self.assess_requested.emit(None))
        self.again_button = QPushButton(_("Assess this skill again"))
        self.again_button.setEnabled(False)
        self.again_button.clicked.connect(self._assess_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assess_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)

        self.skills = RecordTable(
            [_("Skill"), _("Latest level"), _("Change"), _("Assessments"), _("Last assessed")],
            _("No skill has been assessed yet. Record one with \u201cAssess a skill\u201d."),
        )
        self.skills.activated.connect(lambda key: self.assess_requested.emit(key))
        self.skills.view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._show_current()
        )

        self.chart_title = QLabel()
        self.chart_title.setFont(scaled_font(self.chart_title, 1.1, bold=True))
        self.chart = LevelChart()
        self.history = RecordTable(
            [_("Date"), _("Level"), _("Assessor"), _("Workshop"), _("Evidence notes")],
            _("Choose a skill to see its assessments."),
            stretch=4,
            wrap=True,
        )

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.chart_title)
        detail_layout.addWidget(self.chart, 3)
        detail_layout.addWidget(muted(QLabel(_("Every assessment of this skill, newest first"))))
        detail_layout.addWidget(self.history, 2)
        self.withdraw_button = QPushButton(_("Withdraw this assessment…"))
        self.withdraw_button.setToolTip(
            _("Take back the chosen assessment, recorded by mistake (it stays in the history log).")
        )
        self.withdraw_button.setEnabled(False)
        self.withdraw_button.clicked.connect(self.withdraw_current)
        withdraw_row = QHBoxLayout()
        withdraw_row.addStretch(1)
        withdraw_row.addWidget(self.withdraw_button)
        detail_layout.addLayout(withdraw_row)
        self.history.view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self.update_withdraw()
        )
        self.history.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.history.view.customContextMenuRequested.connect(self._history_menu)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.history.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.withdraw_current)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.skills)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

    # --- data ------------------------------------------------------------------------------

    def set_data(
        self,
        assessments: Sequence[SkillAssessment],
        skills: Mapping[uuid.UUID, Skill],
        users: Mapping[uuid.UUID, str],
        workshops: Mapping[uuid.UUID, str],
    ) -> None:
        """Show a person's assessments; the chosen skill stays chosen across reloads."""
        keep = self.current_skill()
        self.histories = group_by_skill(assessments, skills)
        self.users = users
        self.workshops = workshops
        records = []
        for history in self.histories:
            latest = history.latest
            assert latest is not None  # a history has at least one assessment
            records.append(
                Record(
                    (
                        skill_title(history.skill),
                        level_text(latest.level),
                        change_text(history.change),
                        localise_digits(len(history.assessments)),
                        format_jalali(latest.assessed_on, persian_digits=is_persian()),
                    ),
                    sort_values=(history.skill.name_fa,),
                    key=history.skill.id,
                )
            )
        self.skills.set_records(records)
        self.assess_button.setEnabled(True)
        if records:
            keys = [record.key for record in records]
            row = keys.index(keep) if keep in keys else self._most_recent_row()
            self.skills.view.setCurrentIndex(self.skills.model.index(row, 0))
        self._show_current()

    def _most_recent_row(self) -> int:
        dates = [
            (history.latest.assessed_on if history.latest else None, -number)
            for number, history in enumerate(self.histories)
        ]
        best = max(range(len(dates)), key=lambda number: (dates[number][0], dates[number][1]))
        return best

    def current_skill(self) -> uuid.UUID | None:
        key = self.skills.current_key()
        return key if isinstance(key, uuid.UUID) else None

    def current_history(self) -> SkillHistory | None:
        key = self.current_skill()
        return next((h for h in self.histories if h.skill.id == key), None)

    def select_skill(self, skill_id: uuid.UUID) -> None:
        for row, record in enumerate(self.skills.model.records()):
            if record.key == skill_id:
                self.skills.view.setCurrentIndex(self.skills.model.index(row, 0))
                return

    def _assess_current(self) -> None:
        self.assess_requested.emit(self.current_skill())

    # --- withdrawing ------------------------------------------------------------------------

    def current_assessment(self) -> SkillAssessment | None:
        """The assessment chosen in the history table."""
        history = self.current_history()
        key = self.history.current_key()
        if history is None or not isinstance(key, uuid.UUID):
            return None
        return next((a for a in history.assessments if a.id == key), None)

    def update_withdraw(self) -> None:
        self.withdraw_button.setEnabled(
            self.confirm_box is None and self.current_assessment() is not None
        )

    def _history_menu(self, position: QPoint) -> None:
        index = self.history.view.indexAt(position)
        if not index.isValid():
            return
        self.history.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(_("Withdraw this assessment…"), self.withdraw_current)
        menu.popup(self.history.view.viewport().mapToGlobal(position))

    def withdraw_current(self) -> None:
        """Ask (window-modal, never blocking) before withdrawing the chosen assessment."""
        assessment = self.current_assessment()
        history = self.current_history()
        if assessment is None or history is None or self.confirm_box is not None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Withdraw the assessment"))
        box.setText(
            _(
                "Withdraw the assessment of {skill} on {date} (level {level})? Do this only "
                "for an assessment recorded by mistake: it leaves the chart and the list, and "
                "the history log keeps a note of it."
            ).format(
                skill=skill_title(history.skill),
                date=format_jalali(assessment.assessed_on, persian_digits=is_persian()),
                level=level_text(assessment.level),
            )
        )
        withdraw = box.addButton(
            _("Withdraw the assessment"), QMessageBox.ButtonRole.DestructiveRole
        )
        keep = box.addButton(_("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        assessment_id = assessment.id
        box.finished.connect(
            lambda _result: self._withdraw_decided(assessment_id, box.clickedButton() is withdraw)
        )
        self.confirm_box = box
        self.update_withdraw()
        box.open()

    def _withdraw_decided(self, assessment_id: uuid.UUID, confirmed: bool) -> None:
        box, self.confirm_box = self.confirm_box, None
        if box is not None:
            box.deleteLater()
        self.update_withdraw()
        if confirmed:
            self.withdraw_requested.emit(assessment_id)

    def _show_current(self) -> None:
        history = self.current_history()
        self.again_button.setEnabled(history is not None)
        if history is None:
            self.chart_title.setText("")
            self.chart.set_points([])
            self.history.set_records([])
            self.update_withdraw()
            return
        self.chart_title.setText(
            _("{skill}: levels over time").format(skill=skill_title(history.skill))
        )
        self.chart.set_points([LevelPoint(a.assessed_on, a.level) for a in history.assessments])
        self.history.set_records(
            [
                Record(
                    (
                        format_jalali(row.assessed_on, persian_digits=is_persian()),
                        level_text(row.level),
                        self.users.get(row.assessor_id, EMPTY) if row.assessor_id else EMPTY,
                        self.workshops.get(row.workshop_id, EMPTY) if row.workshop_id else EMPTY,
                        row.notes or EMPTY,
                    ),
                    sort_values=(row.assessed_on,),
                    key=row.id,
                )
                for row in reversed(history.assessments)  # newest first
            ]
        )
        self.history.view.setCurrentIndex(self.history.model.index(0, 0))
        self.update_withdraw()


__all__ = ["AssessmentsTab", "change_text", "level_text"]
