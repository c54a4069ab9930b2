"""One person's record: a header and tabs for everything the office did with her.

Tabs: identity and household (with Edit and Archive/Reactivate), intake interviews (New / Open
open the interview dialog), skill assessments (latest level per skill, a chart of each skill's
levels over time and its every assessment; "Assess a skill" opens the assessment dialog),
workshops, certificates, outcomes and follow-ups, and the change history from the audit log.
Everything is read in one background job; the header says "Loading…" until it lands.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.digits import format_number
from desktop.domain.enums import (
    ConsentScope,
    Education,
    FollowUpStatus,
    Gender,
    LabelledEnum,
    MaritalStatus,
    OutcomeKind,
    ParticipantStatus,
    SupportingOrg,
)
from desktop.domain.errors import N_
from desktop.domain.jalali import format_jalali
from desktop.gui.context import GuiContext
from desktop.gui.dialogs.participant_editor import edit_participant, leading_edge
from desktop.gui.models.participants import alive_callback
from desktop.gui.models.records import Record, record_model
from desktop.gui.style import error_label, muted, set_message, title
from desktop.i18n import _, is_persian, language, localise_digits
from desktop.services.app import Services
from desktop.services.audit import HistoryEntry
from desktop.services.participant_activity import (
    CertificateSummary,
    EnrolmentSummary,
    certificates,
    enrolments,
)
from desktop.services.participants import FIELD_LABELS
from desktop.store.models import (
    FollowUp,
    IntakeInterview,
    Outcome,
    Participant,
    Skill,
    SkillAssessment,
)

# The audit log's field names, as people read them: the participant fields plus bookkeeping.
HISTORY_LABELS: dict[str, str] = FIELD_LABELS | {
    "deleted": N_("Deleted"),
    "source": N_("Source"),
}
ACTION_LABELS: dict[str, str] = {
    "create": N_("Registered"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
}
ENUM_FIELDS: dict[str, type[LabelledEnum]] = {
    "gender": Gender,
    "marital_status": MaritalStatus,
    "education": Education,
    "supporting_org": SupportingOrg,
    "consent_scope": ConsentScope,
    "status": ParticipantStatus,
}
DATE_FIELDS = frozenset({"birth_date", "consent_date", "registered_on"})
BOOL_FIELDS = frozenset({"head_of_household", "deleted"})
EMPTY = "—"


# --- reading (on the thread pool) ---------------------------------------------------------------


@dataclass(frozen=True)
class ProfileData:
    person: Participant
    interviews: list[IntakeInterview]
    form_titles: dict[tuple[str, int], str]
    assessments: list[SkillAssessment]
    skills: dict[uuid.UUID, Skill]
    users: dict[uuid.UUID, str]
    enrolments: list[EnrolmentSummary]
    certificates: list[CertificateSummary]
    outcomes: list[Outcome]
    follow_ups: list[FollowUp]
    history: list[HistoryEntry]


def load_profile(services: Services, participant_id: uuid.UUID) -> ProfileData:
    person = services.participants.get(participant_id)
    interviews = services.intake.for_participant(participant_id)
    titles: dict[tuple[str, int], str] = {}
    for interview in interviews:
        key = (interview.form_id, interview.form_version)
        if key not in titles:
            try:
                texts = services.intake.form(*key).title
                titles[key] = texts.get(language()) or texts.get("fa") or interview.form_id
            except Exception:  # a form version this installation does not have
                titles[key] = interview.form_id
    return ProfileData(
        person=person,
        interviews=interviews,
        form_titles=titles,
        assessments=services.skills.for_participant(participant_id),
        skills={skill.id: skill for skill in services.skills.skills(include_inactive=True)},
        users={user.id: user.full_name for user in services.users.users()},
        enrolments=enrolments(services.db, person.id),
        certificates=certificates(services.db, person.id),
        outcomes=services.outcomes.for_participant(participant_id),
        follow_ups=services.outcomes.follow_ups_for(participant_id),
        history=services.audit.history(participant_id),
    )


# --- formatting ---------------------------------------------------------------------------------


def jalali(value: date | None) -> str:
    return format_jalali(value, persian_digits=is_persian()) if value else EMPTY


def number(value: int | float | None) -> str:
    return format_number(value, persian=is_persian()) if value is not None else EMPTY


def enum_label(member: LabelledEnum | None) -> str:
    return _(member.label_msgid) if member is not None else EMPTY


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def age_in_years(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def local_time(moment: datetime) -> datetime:
    """Audit times are naive UTC; people read them in the computer's time zone."""
    return moment.replace(tzinfo=UTC).astimezone()


def history_value(field: str, value: object) -> str:
    if value is None or value == "":
        return EMPTY
    if field in ENUM_FIELDS:
        try:
            return enum_label(ENUM_FIELDS[field](str(value)))
        except ValueError:
            return str(value)
    if field in DATE_FIELDS and isinstance(value, str):
        try:
            return jalali(date.fromisoformat(value))
        except ValueError:
            return value
    if field in BOOL_FIELDS or isinstance(value, bool):
        return yes_no(bool(value))
    if field == "source" and value == "import":
        return _("Imported from a file")
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        return localise_digits(value)  # numbers, national IDs, mobiles
    return str(value)


def history_changes(changes: dict[str, Any], action: str) -> str:
    """One line per changed field: "Label: old ← new" (the arrow points the way we read)."""
    arrow = "←" if is_persian() else "→"
    lines = []
    for field, change in changes.items():
        label = _(HISTORY_LABELS[field]) if field in HISTORY_LABELS else field
        if isinstance(change, list | tuple) and len(change) == 2:
            old, new = change
            if action == "create" or old is None:
                lines.append(f"{label}: {history_value(field, new)}")
            else:
                lines.append(
                    f"{label}: {history_value(field, old)} {arrow} {history_value(field, new)}"
                )
        else:
            lines.append(f"{label}: {history_value(field, change)}")
    return "\n".join(lines)


# --- small widgets ------------------------------------------------------------------------------


class RecordTable(QStackedWidget):
    """A read-only table, or a sentence saying there is nothing yet."""

    activated = Signal(object)  # the record's key

    def __init__(
        self,
        headers: Sequence[str],
        empty_text: str,
        parent: QWidget | None = None,
        *,
        stretch: int | None = 0,
        wrap: bool = False,
    ) -> None:
        super().__init__(parent)
        self.model = record_model(headers, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(wrap)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)
        self.wrap = wrap
        self.view.activated.connect(self._activated)
        self.empty = muted(QLabel(empty_text))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(self.view)
        self.addWidget(self.empty)
        self.setCurrentWidget(self.empty)

    def set_records(self, records: Sequence[Record]) -> None:
        self.model.set_records(records)
        if self.wrap:
            self.view.resizeRowsToContents()
        self.setCurrentWidget(self.view if records else self.empty)
        self.setFocusProxy(self.view if records else self.empty)

    def current_key(self) -> object:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(index.row()).key

    def _activated(self, index: Any) -> None:
        if index.isValid():
            self.activated.emit(self.model.record(index.row()).key)


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setAlignment(leading_edge(label) | Qt.AlignmentFlag.AlignTop)
    return label


# --- the profile --------------------------------------------------------------------------------


class ParticipantProfile(QWidget):
    """``changed(id)`` after an edit or a status change; ``loaded()`` after each load lands."""

    changed = Signal(object)
    loaded = Signal()
    failed = Signal(str)

    def __init__(
        self, ctx: GuiContext, participant_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.participant_id = participant_id
        self.data: ProfileData | None = None
        self.dialogs: list[QWidget] = []
        self.archive_box: QMessageBox | None = None
        self._assessed_skill: uuid.UUID | None = None
        self._build()
        self.reload()

    # --- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)

        self.name_label = title(QLabel(_("Loading…")), 1.5)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        top = QHBoxLayout()
        top.addWidget(self.name_label)
        top.addWidget(self.status_badge)
        top.addStretch(1)
        layout.addLayout(top)
        facts = QHBoxLayout()
        facts.setSpacing(24)
        self.fact_labels: dict[str, QLabel] = {}
        for key in ("father", "national_id", "age", "neighbourhood"):
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = label
            facts.addWidget(label)
        facts.addStretch(1)
        layout.addLayout(facts)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self._build_identity_tab()
        self._build_interviews_tab()
        self._build_assessments_tab()
        self._build_workshops_tab()
        self._build_certificates_tab()
        self._build_outcomes_tab()
        self._build_history_tab()
        self.tab_titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        shortcut = QShortcut(QKeySequence("Ctrl+E"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.edit)

    def _build_identity_tab(self) -> None:
        page = QWidget()
        outer = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(_("Edit (Ctrl+E)"))
        self.edit_button.clicked.connect(self.edit)
        self.status_button = QPushButton(_("Archive"))
        self.status_button.clicked.connect(self.toggle_status)
        for button in (self.edit_button, self.status_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        self.values: dict[str, QLabel] = {}
        groups = [
            (
                _("Identity"),
                [
                    ("first_name", _("First name")),
                    ("last_name", _("Last name")),
                    ("father_name", _("Father's name")),
                    ("national_id", _("National ID")),
                    ("birth_date", _("Birth date")),
                    ("gender", _("Gender")),
                ],
            ),
            (
                _("Household"),
                [
                    ("head_of_household", _("Head of household")),
                    ("household_size", _("Household size")),
                    ("dependants", _("Dependants")),
                    ("marital_status", _("Marital status")),
                    ("education", _("Education")),
                    ("supporting_org", _("Supporting organisation")),
                    ("disability", _("Disability")),
                ],
            ),
            (
                _("Contact"),
                [
                    ("mobile", _("Mobile")),
                    ("neighbourhood", _("Neighbourhood")),
                    ("address", _("Address")),
                ],
            ),
            (
                _("Consent and notes"),
                [
                    ("consent_date", _("Consent date")),
                    ("consent_scope", _("Consent scope")),
                    ("registered_on", _("Registered")),
                    ("notes", _("Notes")),
                ],
            ),
        ]
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        for number_, (heading, rows) in enumerate(groups):
            box = QGroupBox(heading)
            form = QFormLayout(box)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
            for key, label in rows:
                value = _value_label()
                self.values[key] = value
                form.addRow(muted(QLabel(label)), value)
            grid.addWidget(box, number_ // 2, number_ % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        self.tabs.addTab(page, _("Identity and household"))

    def _build_interviews_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.new_interview_button = QPushButton(_("New interview"))
        self.new_interview_button.clicked.connect(lambda: self.open_interview(None))
        self.open_interview_button = QPushButton(_("Open"))
        self.open_interview_button.clicked.connect(self._open_current_interview)
        buttons.addWidget(self.new_interview_button)
        buttons.addWidget(self.open_interview_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.interviews = RecordTable(
            [_("Date"), _("Form"), _("Form version"), _("Status")],
            _("No intake interview yet. Start one with \u201cNew interview\u201d."),
            stretch=1,
        )
        self.interviews.activated.connect(lambda key: self.open_interview(key))
        layout.addWidget(self.interviews, 1)
        self.tabs.addTab(page, _("Intake interviews"))

    def _build_assessments_tab(self) -> None:
        from desktop.gui.assessments.tab import AssessmentsTab

        self.assessments_tab = AssessmentsTab()
        self.assessments_tab.assess_requested.connect(self.assess)
        self.assessments_tab.withdraw_requested.connect(self.withdraw_assessment)
        self.tabs.addTab(self.assessments_tab, _("Skill assessments"))

    def _build_workshops_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.workshops = RecordTable(
            [
                _("Workshop"),
                _("Skill"),
                _("Partner"),
                _("Dates"),
                _("Workshop status"),
                _("Enrolment"),
                _("Attendance"),
            ],
            _("Not enrolled in any workshop yet."),
        )
        layout.addWidget(self.workshops)
        self.tabs.addTab(page, _("Workshops"))

    def _build_certificates_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.certificates = RecordTable(
            [_("Serial number"), _("Workshop"), _("Issued on"), _("Status"), _("Reprints")],
            _("No certificate has been issued to this person yet."),
            stretch=1,
        )
        layout.addWidget(self.certificates)
        self.tabs.addTab(page, _("Certificates"))

    def _build_outcomes_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("Outcomes")))
        self.outcomes = RecordTable(
            [_("Outcome"), _("Date"), _("Organisation"), _("Details")],
            _("No outcome recorded yet."),
            stretch=3,
        )
        layout.addWidget(self.outcomes, 1)
        layout.addWidget(QLabel(_("Follow-ups")))
        self.follow_ups = RecordTable(
            [_("After"), _("Due on"), _("Status"), _("Done on"), _("Notes")],
            _("No follow-up planned."),
            stretch=4,
        )
        layout.addWidget(self.follow_ups, 1)
        self.tabs.addTab(page, _("Outcomes and follow-ups"))

    def _build_history_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history = RecordTable(
            [_("When"), _("Who"), _("What"), _("Changes")],
            _("No changes recorded."),
            stretch=3,
            wrap=True,
        )
        layout.addWidget(self.history)
        self.tabs.addTab(page, _("Change history"))

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        services = self.ctx.services
        participant_id = self.participant_id
        self.ctx.runner.run(
            lambda: load_profile(services, participant_id),
            alive_callback(self, self._show),
            alive_callback(self, self._failed),
        )

    def _failed(self, error: Exception) -> None:
        set_message(self.message, str(error))
        self.failed.emit(str(error))

    def _show(self, data: ProfileData) -> None:
        self.data = data
        set_message(self.message, "")
        self._show_header(data.person)
        self._show_identity(data.person)
        self._show_interviews(data)
        self._show_assessments(data)
        self._show_workshops(data)
        self._show_certificates(data)
        self._show_outcomes(data)
        self._show_history(data)
        counts = [
            None,
            len(data.interviews),
            len(data.assessments),
            len(data.enrolments),
            len(data.certificates),
            len(data.outcomes) + len(data.follow_ups),
            None,
        ]
        for index, count in enumerate(counts):
            text = self.tab_titles[index]
            if count:
                text = f"{text} ({localise_digits(count)})"
            self.tabs.setTabText(index, text)
        self.loaded.emit()

    def _show_header(self, person: Participant) -> None:
        name = f"{person.first_name} {person.last_name}"
        self.name_label.setText(name)
        window = self.window()
        if window is self:
            self.setWindowTitle(name)
        archived = person.status == ParticipantStatus.ARCHIVED
        self.status_badge.setText(enum_label(person.status))
        colour = "#5f6368" if archived else "#00695c"
        self.status_badge.setStyleSheet(
            f"QLabel#statusBadge {{ color: white; background: {colour}; border-radius: 8px;"
            " padding: 2px 10px; }"
        )
        age = age_in_years(person.birth_date, date.today()) if person.birth_date else None
        facts = {
            "father": (_("Father's name"), person.father_name or EMPTY),
            "national_id": (_("National ID"), localise_digits(person.national_id or EMPTY)),
            "age": (
                _("Age"),
                _("{years} years").format(years=localise_digits(age)) if age is not None else EMPTY,
            ),
            "neighbourhood": (_("Neighbourhood"), person.neighbourhood or EMPTY),
        }
        for key, (label, value) in facts.items():
            self.fact_labels[key].setText(f"{label}: {value}")
        self.status_button.setText(_("Reactivate") if archived else _("Archive"))
        self.edit_button.setEnabled(True)
        self.status_button.setEnabled(True)

    def _show_identity(self, person: Participant) -> None:
        values = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "father_name": person.father_name or EMPTY,
            "national_id": localise_digits(person.national_id or EMPTY),
            "birth_date": jalali(person.birth_date),
            "gender": enum_label(person.gender),
            "head_of_household": yes_no(person.head_of_household),
            "household_size": number(person.household_size),
            "dependants": number(person.dependants),
            "marital_status": enum_label(person.marital_status),
            "education": enum_label(person.education),
            "supporting_org": enum_label(person.supporting_org),
            "disability": person.disability or EMPTY,
            "mobile": localise_digits(person.mobile or EMPTY),
            "neighbourhood": person.neighbourhood or EMPTY,
            "address": person.address or EMPTY,
            "consent_date": jalali(person.consent_date),
            "consent_scope": enum_label(person.consent_scope),
            "registered_on": jalali(person.registered_on),
            "notes": person.notes or EMPTY,
        }
        for key, text in values.items():
            self.values[key].setText(text)

    def _show_interviews(self, data: ProfileData) -> None:
        self.interviews.set_records(
            [
                Record(
                    (
                        jalali(interview.interview_date),
                        data.form_titles.get(
                            (interview.form_id, interview.form_version), interview.form_id
                        ),
                        localise_digits(interview.form_version),
                        enum_label(interview.status),
                    ),
                    sort_values=(interview.interview_date,),
                    key=interview.id,
                )
                for interview in data.interviews
            ]
        )
        self.open_interview_button.setEnabled(bool(data.interviews))

    def _show_assessments(self, data: ProfileData) -> None:
        self.assessments_tab.set_data(
            data.assessments,
            data.skills,
            data.users,
            {item.workshop_id: item.title for item in data.enrolments},
        )

    def _show_workshops(self, data: ProfileData) -> None:
        records = []
        for item in data.enrolments:
            dates = jalali(item.start_date)
            if item.end_date and item.end_date != item.start_date:
                dates = _("{start} to {end}").format(start=dates, end=jalali(item.end_date))
            attendance = (
                _("{attended} of {held} sessions").format(
                    attended=localise_digits(item.sessions_attended),
                    held=localise_digits(item.sessions_held),
                )
                if item.sessions_held
                else EMPTY
            )
            records.append(
                Record(
                    (
                        item.title,
                        item.skill_name_fa if is_persian() else item.skill_name_en,
                        item.partner_org or EMPTY,
                        dates,
                        enum_label(item.workshop_status),
                        enum_label(item.enrolment_status),
                        attendance,
                    ),
                    key=item.workshop_id,
                )
            )
        self.workshops.set_records(records)

    def _show_certificates(self, data: ProfileData) -> None:
        self.certificates.set_records(
            [
                Record(
                    (
                        item.serial,
                        item.workshop_title,
                        jalali(item.issued_on),
                        _("Revoked") if item.revoked else _("Valid"),
                        localise_digits(item.reprints),
                    ),
                    key=item.certificate_id,
                )
                for item in data.certificates
            ]
        )

    def _show_outcomes(self, data: ProfileData) -> None:
        outcomes = []
        for outcome in reversed(data.outcomes):  # newest first
            details = []
            if outcome.job_title:
                details.append(outcome.job_title)
            if outcome.amount:
                details.append(_("{amount} tomans").format(amount=number(outcome.amount)))
            if outcome.monthly_income:
                details.append(
                    _("income {amount} tomans a month").format(
                        amount=number(outcome.monthly_income)
                    )
                )
            if outcome.notes:
                details.append(outcome.notes)
            outcomes.append(
                Record(
                    (
                        enum_label(OutcomeKind(outcome.kind)),
                        jalali(outcome.achieved_on),
                        outcome.organisation or EMPTY,
                        "، ".join(details) if is_persian() else ", ".join(details),
                    ),
                    key=outcome.id,
                )
            )
        self.outcomes.set_records(outcomes)
        today = date.today()
        follow_ups = []
        for item in data.follow_ups:
            overdue = item.status == FollowUpStatus.DUE and item.due_on < today
            status = enum_label(item.status)
            if overdue:
                status = _("Overdue")
            follow_ups.append(
                Record(
                    (
                        _("{months} months").format(months=localise_digits(item.months)),
                        jalali(item.due_on),
                        status,
                        jalali(item.done_on),
                        item.notes or EMPTY,
                    ),
                    key=item.id,
                )
            )
        self.follow_ups.set_records(follow_ups)

    def _show_history(self, data: ProfileData) -> None:
        records = []
        for entry in data.history:
            moment = local_time(entry.at)
            when = f"{jalali(moment.date())} {localise_digits(moment.strftime('%H:%M'))}"
            action = (
                _(ACTION_LABELS[entry.action]) if entry.action in ACTION_LABELS else entry.action
            )
            records.append(
                Record(
                    (
                        when,
                        entry.user_name or _("System"),
                        action,
                        history_changes(entry.changes, entry.action),
                    ),
                    sort_values=(entry.at,),
                )
            )
        self.history.set_records(records)

    # --- actions ---------------------------------------------------------------------------

    def edit(self) -> None:
        if self.data is None:
            return
        editor = edit_participant(self.ctx, self.participant_id, self, self._edited)
        self.dialogs.append(editor)

    def _edited(self, _participant_id: uuid.UUID) -> None:
        self.reload()
        self.changed.emit(self.participant_id)

    def toggle_status(self) -> None:
        """Reactivate at once; archiving asks first (a window-modal box, never blocking)."""
        if self.data is None or self.archive_box is not None:
            return
        if self.data.person.status == ParticipantStatus.ARCHIVED:
            self._set_status(ParticipantStatus.ACTIVE)
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Archive"))
        box.setText(
            _(
                "Archive {name}? Archived people are hidden from the list until the "
                "status filter shows them; nothing is deleted."
            ).format(name=self.name_label.text())
        )
        archive = box.addButton(QMessageBox.StandardButton.Yes)
        keep = box.addButton(QMessageBox.StandardButton.No)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._archive_decided(box.clickedButton() is archive))
        self.archive_box = box
        box.open()

    def _archive_decided(self, archive: bool) -> None:
        self.archive_box = None
        if archive:
            self._set_status(ParticipantStatus.ARCHIVED)

    def _set_status(self, status: ParticipantStatus) -> None:
        participants = self.ctx.services.participants
        participant_id = self.participant_id
        self.status_button.setEnabled(False)
        self.ctx.runner.run(
            lambda: participants.set_status(participant_id, status),
            alive_callback(self, lambda _result: self._edited(participant_id)),
            alive_callback(self, self._action_failed),
        )

    def _action_failed(self, error: Exception) -> None:
        self.status_button.setEnabled(True)
        set_message(self.message, str(error))

    def _open_current_interview(self) -> None:
        key = self.interviews.current_key()
        if key is None and self.data is not None and self.data.interviews:
            key = self.data.interviews[0].id
        if key is not None:
            self.open_interview(key)

    def open_interview(self, interview_id: object) -> None:
        """Open an interview (a new one when ``interview_id`` is not a UUID)."""
        from desktop.gui.intake.interview_dialog import InterviewDialog

        dialog = InterviewDialog(
            self.ctx,
            self.participant_id,
            interview_id=interview_id if isinstance(interview_id, uuid.UUID) else None,
            parent=self,
        )
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._interview_closed(dialog))
        dialog.open()

    def _interview_closed(self, dialog: QWidget) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        self.reload()

    def assess(self, skill_id: object = None) -> None:
        """Record a skill assessment (of ``skill_id`` when it is one); reload after saving."""
        from desktop.gui.assessments.dialog import AssessmentDialog

        if self.data is None:
            return
        dialog = AssessmentDialog(
            self.ctx,
            self.participant_id,
            skill_id if isinstance(skill_id, uuid.UUID) else None,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialogs.append(dialog)
        dialog.saved.connect(lambda row: self._assessed(row.skill_id))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _assessed(self, skill_id: uuid.UUID) -> None:
        self.reload()
        self.loaded.connect(self._select_assessed, Qt.ConnectionType.SingleShotConnection)
        self._assessed_skill = skill_id
        self.changed.emit(self.participant_id)

    def withdraw_assessment(self, assessment_id: uuid.UUID) -> None:
        """Withdraw an assessment recorded by mistake (asked first by the tab), then reload:
        the chart and the skill summary follow."""
        skills = self.ctx.services.skills
        skill_id = self.assessments_tab.current_skill()
        self.assessments_tab.withdraw_button.setEnabled(False)

        def done(_result: object) -> None:
            set_message(self.message, "")
            self._assessed_skill = skill_id
            self.loaded.connect(self._select_assessed, Qt.ConnectionType.SingleShotConnection)
            self.reload()
            self.changed.emit(self.participant_id)

        self.ctx.runner.run(
            lambda: skills.withdraw_assessment(assessment_id),
            alive_callback(self, done),
            alive_callback(self, self._withdraw_failed),
        )

    def _withdraw_failed(self, error: Exception) -> None:
        self.assessments_tab.update_withdraw()
        set_message(self.message, str(error))

    def _select_assessed(self) -> None:
        self.tabs.setCurrentWidget(self.assessments_tab)
        if self._assessed_skill is not None:
            self.assessments_tab.select_skill(self._assessed_skill)

    def _dialog_closed(self, dialog: QWidget) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)


def open_profile_window(
    ctx: GuiContext,
    participant_id: uuid.UUID,
    parent: QWidget | None = None,
    on_close: Callable[[], None] | None = None,
) -> ParticipantProfile:
    """The profile in a window of its own (e.g. above the editor, to compare a duplicate).

    A window parented to a modal dialog stays usable while the dialog is open.
    """
    profile = ParticipantProfile(ctx, participant_id, parent)
    profile.setWindowFlag(Qt.WindowType.Window, True)
    profile.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    profile.setWindowTitle(_("Participant"))
    profile.resize(1100, 650)
    close = QShortcut(QKeySequence(Qt.Key.Key_Escape), profile)
    close.activated.connect(profile.close)
    if on_close is not None:
        profile.destroyed.connect(lambda *_args: on_close())
    profile.show()
    return profile


__all__ = ["ParticipantProfile", "ProfileData", "load_profile", "open_profile_window"]
